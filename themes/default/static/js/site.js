/* Metodika page enhancements. Everything here is optional: the page works
   without it. Classic script at the end of <body>. */
(function () {
  "use strict";

  // Wide screens show the navigation as a sidebar. CSS alone shows it where
  // ::details-content is supported, but its links only count as reachable (for
  // keyboards and assistive technology) in an open disclosure, so open it here.
  var nav = document.querySelector("[data-nav-disclosure]");
  var wide = window.matchMedia && window.matchMedia("(min-width: 64em)");
  function syncNav() {
    if (!nav || !wide) return;
    if (wide.matches) {
      nav.open = true;
      nav.classList.add("is-static");
    } else if (nav.classList.contains("is-static")) {
      nav.open = false;
      nav.classList.remove("is-static");
    }
  }
  syncNav();
  if (wide && wide.addEventListener) wide.addEventListener("change", syncNav);

  // A table or code block wider than the column scrolls sideways; make such a
  // region reachable from the keyboard so it can be scrolled without a mouse.
  function markScrollable() {
    var regions = document.querySelectorAll(".content table, .content pre");
    for (var i = 0; i < regions.length; i++) {
      var el = regions[i];
      if (el.scrollWidth > el.clientWidth + 1) {
        if (!el.hasAttribute("tabindex")) {
          el.setAttribute("tabindex", "0");
          el.setAttribute("data-scroll-region", "");
        }
      } else if (el.hasAttribute("data-scroll-region")) {
        el.removeAttribute("tabindex");
        el.removeAttribute("data-scroll-region");
      }
    }
  }

  markScrollable();
  var timer;
  window.addEventListener("resize", function () {
    clearTimeout(timer);
    timer = setTimeout(markScrollable, 150);
  });
})();

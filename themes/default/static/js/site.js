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

  // Quiz progress (kept by js/kinds/quiz.js in localStorage): a mark beside each page in the
  // navigation whose quizzes were taken, "passed" when every one of them was passed.
  function markQuizzes() {
    var body = document.body;
    var passedLabel = body.getAttribute("data-quiz-passed");
    if (passedLabel === null) return;
    var prefix = "metodika:" + (body.getAttribute("data-site") || "") + ":quiz:";
    var pages = {};
    try {
      var store = window.localStorage;
      for (var i = 0; i < store.length; i++) {
        var key = store.key(i);
        if (!key || key.indexOf(prefix) !== 0) continue;
        var saved = JSON.parse(store.getItem(key));
        if (!saved || typeof saved.best !== "number") continue;
        var page = key.slice(prefix.length).split("#")[0];
        pages[page] = (pages[page] === undefined ? true : pages[page]) && saved.passed === true;
      }
    } catch (e) {
      return; // storage refused: no marks
    }
    var root = new URL(body.getAttribute("data-root") || "./", location.href).href;
    var links = document.querySelectorAll(".site-nav a[href]");
    for (var j = 0; j < links.length; j++) {
      var url = new URL(links[j].getAttribute("href"), location.href);
      url.hash = "";
      url.search = "";
      if (url.href.indexOf(root) !== 0) continue;
      var path = decodeURIComponent(url.href.slice(root.length));
      if (!Object.prototype.hasOwnProperty.call(pages, path)) continue;
      var mark = document.createElement("span");
      mark.className = "nav-quiz-mark " + (pages[path] ? "is-passed" : "is-done");
      mark.setAttribute("data-quiz-mark", pages[path] ? "passed" : "done");
      mark.textContent = pages[path] ? " ✓" : " ○";
      var text = document.createElement("span");
      text.className = "visually-hidden";
      text.textContent = " (" + (pages[path] ? passedLabel : body.getAttribute("data-quiz-done")) + ")";
      mark.appendChild(text);
      links[j].appendChild(mark);
    }
  }
  markQuizzes();

  markScrollable();
  var timer;
  window.addEventListener("resize", function () {
    clearTimeout(timer);
    timer = setTimeout(markScrollable, 150);
  });
})();

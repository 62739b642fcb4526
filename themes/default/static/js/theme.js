/* Metodika colour theme: "system" (follow prefers-color-scheme), "light" or "dark".
   Loaded in <head> without defer so the stored choice is applied before the first
   paint. The switch (data-metodika="theme-switch") is hidden in the HTML and shown
   here, so without JavaScript there is no button that does nothing. Classic script,
   no modules: modules do not load from file://. */
(function () {
  "use strict";

  var KEY = "metodika.v1.theme";
  var html = document.documentElement;

  // Storage can be refused (privacy settings, some file:// setups); that must never break the page.
  function load() {
    try {
      var value = window.localStorage.getItem(KEY);
      return value === "light" || value === "dark" ? value : "system";
    } catch (e) {
      return "system";
    }
  }

  function save(value) {
    try {
      window.localStorage.setItem(KEY, value);
    } catch (e) {
      /* the choice then lasts for this page only */
    }
  }

  function apply(value) {
    if (value === "light" || value === "dark") {
      html.setAttribute("data-theme", value);
    } else {
      html.removeAttribute("data-theme");
    }
  }

  function systemIsDark() {
    return !!(window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches);
  }

  // Each press changes what is on screen: from "system" go to the opposite of the
  // system's scheme first, then to the other one, then back to "system".
  function nextChoice(current) {
    var first = systemIsDark() ? "light" : "dark";
    var second = first === "dark" ? "light" : "dark";
    if (current === "system") return first;
    if (current === first) return second;
    return "system";
  }

  function show(value) {
    var buttons = document.querySelectorAll('[data-metodika="theme-switch"] button');
    for (var i = 0; i < buttons.length; i++) {
      var label = buttons[i].getAttribute("data-label-" + value) || value;
      var slot = buttons[i].querySelector("[data-theme-value]");
      if (slot) slot.textContent = label;
    }
  }

  var current = load();
  apply(current);

  function init() {
    var roots = document.querySelectorAll('[data-metodika="theme-switch"]');
    for (var i = 0; i < roots.length; i++) {
      var button = roots[i].querySelector("button");
      if (!button) continue;
      button.addEventListener("click", function () {
        current = nextChoice(current);
        apply(current);
        save(current);
        show(current);
      });
      roots[i].hidden = false;
    }
    show(current);
  }

  // Keep several open pages of the site in step.
  window.addEventListener("storage", function (event) {
    if (event.key === KEY) {
      current = load();
      apply(current);
      show(current);
    }
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();

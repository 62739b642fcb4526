/* Metodika live reload (added by `metodika serve` only; built sites never contain it).
   Reloads the page after each rebuild and shows build errors in an overlay. */
(function () {
  "use strict";
  var script = document.currentScript;
  var version = script && /[?&]v=(\d+)/.exec(script.src);
  version = version ? version[1] : null;
  var port = script && /[?&]events=(\d+)/.exec(script.src);
  var overlay = null;

  function hideOverlay() {
    if (overlay) { overlay.remove(); overlay = null; }
  }

  function showOverlay(errors) {
    hideOverlay();
    overlay = document.createElement("div");
    overlay.setAttribute("role", "alertdialog");
    overlay.setAttribute("aria-label", "Metodika: build errors");
    overlay.setAttribute("data-metodika", "error-overlay");
    var s = overlay.style;
    s.position = "fixed"; s.inset = "0"; s.zIndex = "2147483647"; s.overflow = "auto";
    s.background = "rgba(20, 20, 20, 0.94)"; s.color = "#fff"; s.padding = "2rem";
    s.font = "14px/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace";
    var title = document.createElement("h2");
    title.textContent = "Metodika: " + errors.length + (errors.length === 1 ? " error" : " errors") +
      " (the page reloads by itself when fixed)";
    title.style.color = "#ff8a80"; title.style.font = "bold 18px/1.4 system-ui, sans-serif";
    overlay.appendChild(title);
    errors.forEach(function (e) {
      var pre = document.createElement("pre");
      pre.textContent = e.text;
      pre.style.whiteSpace = "pre-wrap"; pre.style.borderLeft = "4px solid #ff8a80";
      pre.style.paddingLeft = "1rem"; pre.style.margin = "1rem 0";
      overlay.appendChild(pre);
    });
    document.body.appendChild(overlay);
  }

  if (!window.EventSource) return;
  // The event stream has a port of its own, on the same host as the page.
  var events = new EventSource(port ? location.protocol + "//" + location.hostname + ":" + port[1] +
    "/__metodika/events" : "/__metodika/events");
  events.addEventListener("reload", function () { location.reload(); });
  events.addEventListener("errors", function (e) { showOverlay(JSON.parse(e.data)); });
  events.addEventListener("hello", function (e) {
    // A tab that missed rebuilds (server restarted, laptop asleep) catches up.
    if (overlay || (version !== null && e.data !== version)) location.reload();
  });
})();

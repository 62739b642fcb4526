/* Quiz progress in the navigation (content kind `quiz`), on every page of a site that has a
   quiz: a mark beside each page whose quizzes were taken, "passed" when every one of them
   was passed. It reads what js/kinds/quiz.js saved, under the one key prefix defined here.
   The labels come from <body data-quiz-passed data-quiz-done>, which the kind declares. */
(function () {
  "use strict";
  var Metodika = window.Metodika;
  /* Where quiz.js keeps each quiz's progress: per site, so two offline copies opened from
     file:// keep theirs apart. */
  Metodika.quizStorePrefix = "metodika:" + (document.body.getAttribute("data-site") || "") + ":quiz:";

  function markQuizzes() {
    var body = document.body;
    var passedLabel = body.getAttribute("data-quiz-passed");
    var prefix = Metodika.quizStorePrefix;
    var pages = {};
    Metodika.store.keys(prefix).forEach(function (key) {
      var saved;
      try {
        saved = JSON.parse(Metodika.store.get(key));
      } catch (e) {
        return;
      }
      if (!saved || typeof saved.best !== "number") return;
      var page = key.slice(prefix.length).split("#")[0];
      pages[page] = (pages[page] === undefined ? true : pages[page]) && saved.passed === true;
    });
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
  Metodika.store.ready(markQuizzes);

})();

/* Glossary filter (content kind `glossary`). Progressive enhancement: without
   JavaScript the whole list shows. Matching ignores case and diacritics, so
   "barintiesa" finds "Bāriņtiesa"; it looks at the term, abbreviation,
   synonyms and definition of each entry. */
(function () {
  "use strict";

  // Case and diacritics folded as search folds them (js/search-normalize.js, linked before).
  var fold = window.Metodika.normalize.fold;

  function setUp(root) {
    var box = root.querySelector(".glossary-filter");
    var input = root.querySelector(".glossary-filter-input");
    var status = root.querySelector(".glossary-filter-status");
    var hint = root.querySelector(".glossary-filter-hint");
    var entries = root.querySelectorAll(".glossary-entry");
    if (!box || !input || !status) return;
    if (hint) {
      if (!hint.id) hint.id = "glossary-hint-" + Math.random().toString(36).slice(2);
      input.setAttribute("aria-describedby", hint.id);
    }
    var texts = [];
    for (var i = 0; i < entries.length; i++) {
      texts.push(fold((entries[i].getAttribute("data-keywords") || "") + " " + entries[i].textContent));
    }
    function apply() {
      var words = fold(input.value).split(/\s+/).filter(Boolean);
      var shown = 0;
      for (var i = 0; i < entries.length; i++) {
        var match = words.every(function (w) { return texts[i].indexOf(w) !== -1; });
        entries[i].hidden = !match;
        if (match) shown++;
      }
      if (!words.length) {
        status.textContent = "";
      } else if (!shown) {
        status.textContent = root.getAttribute("data-label-none") || "";
      } else {
        status.textContent = (root.getAttribute("data-label-shown") || "")
          .replace("{shown}", shown).replace("{total}", entries.length);
      }
    }
    input.addEventListener("input", apply);
    box.hidden = false;
  }

  var roots = document.querySelectorAll('[data-metodika="glossary"]');
  for (var i = 0; i < roots.length; i++) setUp(roots[i]);
})();

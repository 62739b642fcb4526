/* Text to search terms in the browser, exactly as src/search/normalize.rs does it for the
   index: words (letters and digits), folded (lower case, no diacritics), and light Latvian
   stemming. One algorithm in two implementations; tests/search_normalize.rs runs both over
   a long word list and fails on any difference. Keep them in step. */
(function (root) {
  "use strict";

  // [suffix, vowels in it, whether a softened consonant may need undoing]; first match wins.
  var SUFFIXES = [
    ["ajiem", 3, false], ["ajai", 3, false], ["ajam", 2, false], ["ajos", 2, false],
    ["ajas", 2, false], ["iem", 2, true], ["aja", 2, false], ["ais", 2, false],
    ["ai", 2, false], ["ei", 2, false], ["am", 1, false], ["em", 1, false],
    ["im", 1, false], ["um", 1, false], ["us", 1, true], ["as", 1, false],
    ["es", 1, false], ["os", 1, true], ["ij", 1, false], ["is", 1, false],
    ["ie", 1, false], ["u", 1, true], ["a", 1, true], ["i", 1, true],
    ["e", 1, false], ["o", 1, false], ["s", 0, false]
  ];

  function isVowel(c) {
    return c === "a" || c === "e" || c === "i" || c === "o" || c === "u";
  }

  function fold(text) {
    return String(text).toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  function words(text) {
    return String(text).match(/[\p{Alphabetic}\p{N}]+/gu) || [];
  }

  function undoSoftening(stem, genitivePlural) {
    var n = stem.length;
    if (genitivePlural && n >= 2 && stem[n - 2] === "k" && stem[n - 1] === "s") {
      return stem.concat(["t"]);
    }
    if (n >= 2 && stem[n - 1] === "j" && "pbmv".indexOf(stem[n - 2]) >= 0) {
      return stem.slice(0, n - 1);
    }
    return stem;
  }

  function stemLv(word) {
    var chars = Array.from(word);
    var vowels = chars.filter(isVowel).length;
    for (var i = 0; i < SUFFIXES.length; i++) {
      var suffix = SUFFIXES[i][0];
      var n = Array.from(suffix).length;
      if (vowels > SUFFIXES[i][1] && chars.length >= n + 3 && word.slice(-suffix.length) === suffix) {
        var stem = chars.slice(0, chars.length - n);
        if (SUFFIXES[i][2]) stem = undoSoftening(stem, suffix === "u");
        return stem.join("");
      }
    }
    return word;
  }

  function terms(text) {
    return words(text).map(function (w) {
      return stemLv(fold(w));
    });
  }

  var api = { fold: fold, words: words, stemLv: stemLv, terms: terms };
  root.Metodika = root.Metodika || {};
  root.Metodika.normalize = api;
  if (typeof module !== "undefined" && module.exports) module.exports = api;
})(typeof window !== "undefined" ? window : globalThis);

/* Text to search terms in the browser, exactly as crates/search/src/normalize.rs does it for the
   index: words (letters and digits), folded (lower case, no diacritics), and light Latvian
   stemming (or Porter's English stemmer on English sites). One algorithm in two implementations; tests/search_normalize.rs runs both over
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

  /* The English (Porter) stem of a folded word: step for step as stem_en in normalize.rs. */
  function stemEn(word) {
    var b = Array.from(word);
    if (b.length <= 2) return word;
    var k = b.length - 1;
    var j = 0;
    function cons(i) {
      var c = b[i];
      if (c === "a" || c === "e" || c === "i" || c === "o" || c === "u") return false;
      if (c === "y") return i === 0 || !cons(i - 1);
      return true;
    }
    // The number of vowel-consonant sequences in b[0..j]: the consonants after a vowel.
    function m() {
      var n = 0;
      for (var i = 1; i <= j; i++) if (cons(i) && !cons(i - 1)) n++;
      return n;
    }
    function vowelInStem() {
      for (var i = 0; i <= j; i++) if (!cons(i)) return true;
      return false;
    }
    function doubleC(i) {
      return i >= 1 && b[i] === b[i - 1] && cons(i);
    }
    function cvc(i) {
      if (i < 2 || !cons(i) || cons(i - 1) || !cons(i - 2)) return false;
      return b[i] !== "w" && b[i] !== "x" && b[i] !== "y";
    }
    function ends(s) {
      var t = Array.from(s);
      if (t.length > k) return false;
      for (var i = 0; i < t.length; i++) if (b[k + 1 - t.length + i] !== t[i]) return false;
      j = k - t.length;
      return true;
    }
    function setTo(s) {
      var t = Array.from(s);
      b = b.slice(0, j + 1).concat(t);
      k = j + t.length;
    }
    function r(s) {
      if (m() > 0) setTo(s);
    }
    function rules(list) {
      for (var i = 0; i < list.length; i += 2) {
        if (ends(list[i])) {
          r(list[i + 1]);
          return;
        }
      }
    }
    // Step 1ab
    if (b[k] === "s") {
      if (ends("sses")) k -= 2;
      else if (ends("ies")) setTo("i");
      else if (b[k - 1] !== "s") k -= 1;
    }
    if (ends("eed")) {
      if (m() > 0) k -= 1;
    } else if ((ends("ed") || ends("ing")) && vowelInStem()) {
      k = j;
      b = b.slice(0, k + 1);
      if (ends("at")) setTo("ate");
      else if (ends("bl")) setTo("ble");
      else if (ends("iz")) setTo("ize");
      else if (doubleC(k)) {
        if (b[k] !== "l" && b[k] !== "s" && b[k] !== "z") k -= 1;
      } else {
        j = k;
        if (m() === 1 && cvc(k)) setTo("e");
      }
    }
    b = b.slice(0, k + 1);
    if (k > 0) {
      // Step 1c
      if (ends("y") && vowelInStem()) b[k] = "i";
      // Step 2
      rules(["ational", "ate", "tional", "tion", "enci", "ence", "anci", "ance", "izer", "ize",
        "bli", "ble", "alli", "al", "entli", "ent", "eli", "e", "ousli", "ous", "ization", "ize",
        "ation", "ate", "ator", "ate", "alism", "al", "iveness", "ive", "fulness", "ful",
        "ousness", "ous", "aliti", "al", "iviti", "ive", "biliti", "ble", "logi", "log"]);
      // Step 3
      rules(["icate", "ic", "ative", "", "alize", "al", "iciti", "ic", "ical", "ic", "ful", "",
        "ness", ""]);
      // Step 4
      var endings = ["al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment",
        "ent", "ion", "ou", "ism", "ate", "iti", "ous", "ive", "ize"];
      var found = false;
      var stop = false;
      for (var e = 0; e < endings.length; e++) {
        if (ends(endings[e])) {
          if (endings[e] === "ion" && b[j] !== "s" && b[j] !== "t") stop = true;
          else found = true;
          break;
        }
      }
      if (!stop && found && m() > 1) {
        k = j;
        b = b.slice(0, k + 1);
      }
      // Step 5
      j = k;
      if (b[k] === "e") {
        var a = m();
        if (a > 1 || (a === 1 && !cvc(k - 1))) k -= 1;
      }
      if (b[k] === "l" && doubleC(k) && m() > 1) k -= 1;
      b = b.slice(0, k + 1);
    }
    return b.slice(0, k + 1).join("");
  }

  function termsEn(text) {
    return words(text).map(function (w) {
      return stemEn(fold(w));
    });
  }

  function terms(text) {
    return words(text).map(function (w) {
      return stemLv(fold(w));
    });
  }

  /* A heading's id from its text, as slugify in crates/markdown/src/slug.rs makes it: letters and
     digits lower-cased, a run of whitespace, "-" and "_" one "-", everything else dropped.
     The index leaves a heading's id out only when its text is within U+0000–U+017F
     (portable_slug in normalize.rs), where both languages' Unicode tables agree. */
  function slug(text) {
    var out = "";
    Array.from(String(text)).forEach(function (c) {
      if (/[\p{Alphabetic}\p{N}]/u.test(c)) out += c.toLowerCase();
      else if (/[\t\n\v\f\r \u0085\u00a0_-]/.test(c) && out && out.slice(-1) !== "-") out += "-";
    });
    return out.replace(/-+$/, "");
  }

  var api = { fold: fold, words: words, stemLv: stemLv, stemEn: stemEn, terms: terms, termsEn: termsEn, slug: slug };
  root.Metodika = root.Metodika || {};
  root.Metodika.normalize = api;
  if (typeof module !== "undefined" && module.exports) module.exports = api;
})(typeof window !== "undefined" ? window : globalThis);

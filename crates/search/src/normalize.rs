//! Text to search terms, the same way at build time (here, for the index) and in the browser
//! (`themes/default/static/js/search-normalize.js`, for queries): one algorithm in two
//! implementations, compared word for word by `tests/search_normalize.rs`.
//!
//! 1. **Words**: runs of letters and digits (Unicode `Alphabetic` and `Numeric`).
//! 2. **Folding**: lower case, then every letter without its diacritics (NFD, marks
//!    dropped): `Bāriņtiesa` → `barintiesa`, so queries typed without diacritics match.
//! 3. **Light Latvian stemming** (after K. Krēsliņš, as in Lucene's LatvianStemmer), run on
//!    the folded word with the folded suffix list: one ending is removed, the first that
//!    matches of those below, if the word keeps a vowel and at least three letters; after
//!    `iem`, `us`, `os`, `u`, `a` or `i` a consonant change is undone (`-ks` of a genitive
//!    plural in `-ku` back to `-kst`, and `j` dropped after `p`, `b`, `m`, `v`).
//!    `vardarbība`, `vardarbības`, `vardarbību`, `vardarbībā` → `vardarbib`.
//! 4. **English stemming** for English sites: M. F. Porter's algorithm (1980), as in his own
//!    reference implementation, on the folded word: `connections`, `connected`,
//!    `connecting` → `connect`.

use unicode_normalization::UnicodeNormalization;

/// A folded suffix, how many vowels it holds, and whether removing it may leave a softened
/// consonant to undo. In order: the first that matches is removed.
const SUFFIXES: &[(&str, usize, bool)] = &[
    ("ajiem", 3, false),
    ("ajai", 3, false),
    ("ajam", 2, false),
    ("ajos", 2, false),
    ("ajas", 2, false),
    ("iem", 2, true),
    ("aja", 2, false),
    ("ais", 2, false),
    ("ai", 2, false),
    ("ei", 2, false),
    ("am", 1, false),
    ("em", 1, false),
    ("im", 1, false),
    ("um", 1, false),
    ("us", 1, true),
    ("as", 1, false),
    ("es", 1, false),
    ("os", 1, true),
    ("ij", 1, false),
    ("is", 1, false),
    ("ie", 1, false),
    ("u", 1, true),
    ("a", 1, true),
    ("i", 1, true),
    ("e", 1, false),
    ("o", 1, false),
    ("s", 0, false),
];

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u')
}

/// Lower case without diacritics.
pub fn fold(text: &str) -> String {
    // Most words are ASCII and Latin letters with diacritics: those fold letter by letter
    // through a table made by the full rule below, so both paths give the same result.
    let table = latin_table();
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
            c if (LATIN_FROM..LATIN_TO).contains(&u32::from(c)) => {
                out.push_str(&table[(u32::from(c) - LATIN_FROM) as usize]);
            }
            _ => return fold_fully(text),
        }
    }
    out
}

/// The Latin-1 letters and Latin Extended-A (all of Latvian's letters).
const LATIN_FROM: u32 = 0xC0;
const LATIN_TO: u32 = 0x180;

fn latin_table() -> &'static [String] {
    static TABLE: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        (LATIN_FROM..LATIN_TO)
            .map(|u| char::from_u32(u).map_or_else(String::new, |c| fold_fully(&c.to_string())))
            .collect()
    })
}

/// Lower case, canonical decomposition, combining marks dropped.
fn fold_fully(text: &str) -> String {
    text.to_lowercase()
        .nfd()
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .collect()
}

/// The words of a text, as written.
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    // The runs of `char::is_alphanumeric`, with ASCII read byte by byte (most of any text).
    let bytes = text.as_bytes();
    let mut i = 0;
    let is_word = move |i: usize| -> (bool, usize) {
        let b = bytes[i];
        if b < 0x80 {
            (b.is_ascii_alphanumeric(), 1)
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            // Latin letters with diacritics (all of Latvian's) without the Unicode tables.
            let latin = ('\u{100}'..='\u{17f}').contains(&c);
            (latin || c.is_alphanumeric(), c.len_utf8())
        }
    };
    std::iter::from_fn(move || {
        while i < bytes.len() {
            let (word, len) = is_word(i);
            if word {
                break;
            }
            i += len;
        }
        if i >= bytes.len() {
            return None;
        }
        let start = i;
        while i < bytes.len() {
            let (word, len) = is_word(i);
            if !word {
                break;
            }
            i += len;
        }
        Some(&text[start..i])
    })
}

/// The light Latvian stem of a folded word.
pub fn stem_lv(word: &str) -> String {
    let chars: Vec<char> = word.chars().collect();
    let vowels = chars.iter().filter(|c| is_vowel(**c)).count();
    for &(suffix, suffix_vowels, softens) in SUFFIXES {
        let n = suffix.chars().count();
        if vowels > suffix_vowels && chars.len() >= n + 3 && word.ends_with(suffix) {
            let mut stem: Vec<char> = chars[..chars.len() - n].to_vec();
            if softens {
                undo_softening(&mut stem, suffix == "u");
            }
            return stem.into_iter().collect();
        }
    }
    word.to_string()
}

/// After folding, only two of the stemmer's consonant rules still change anything.
fn undo_softening(stem: &mut Vec<char>, genitive_plural: bool) {
    let len = stem.len();
    if genitive_plural && len >= 2 && stem[len - 2] == 'k' && stem[len - 1] == 's' {
        stem.push('t');
        return;
    }
    if len >= 2 && stem[len - 1] == 'j' && matches!(stem[len - 2], 'p' | 'b' | 'm' | 'v') {
        stem.pop();
    }
}

/// The English (Porter) stem of a folded word.
pub fn stem_en(word: &str) -> String {
    let mut p = Porter {
        b: word.chars().collect(),
        k: 0,
        j: 0,
    };
    if p.b.len() <= 2 {
        return word.to_string();
    }
    p.k = p.b.len() - 1;
    p.step1ab();
    if p.k > 0 {
        p.step1c();
        p.step2();
        p.step3();
        p.step4();
        p.step5();
    }
    p.b[..=p.k].iter().collect()
}

/// Porter's stemmer over `b[0..=k]`; `j` marks where a matched ending starts (minus one).
struct Porter {
    b: Vec<char>,
    k: usize,
    j: usize,
}

impl Porter {
    fn cons(&self, i: usize) -> bool {
        match self.b[i] {
            'a' | 'e' | 'i' | 'o' | 'u' => false,
            'y' => i == 0 || !self.cons(i - 1),
            _ => true,
        }
    }

    /// The number of vowel-consonant sequences in b[0..=j]: the consonants that follow a
    /// vowel.
    fn m(&self) -> usize {
        (1..=self.j)
            .filter(|&i| self.cons(i) && !self.cons(i - 1))
            .count()
    }

    fn vowel_in_stem(&self) -> bool {
        (0..=self.j).any(|i| !self.cons(i))
    }

    fn double_c(&self, j: usize) -> bool {
        j >= 1 && self.b[j] == self.b[j - 1] && self.cons(j)
    }

    fn cvc(&self, i: usize) -> bool {
        if i < 2 || !self.cons(i) || self.cons(i - 1) || !self.cons(i - 2) {
            return false;
        }
        !matches!(self.b[i], 'w' | 'x' | 'y')
    }

    /// Whether b[0..=k] ends with `s` (and a stem of at least one letter stays); sets j.
    fn ends(&mut self, s: &str) -> bool {
        let s: Vec<char> = s.chars().collect();
        if s.len() > self.k {
            return false;
        }
        if self.b[self.k + 1 - s.len()..=self.k] != s[..] {
            return false;
        }
        self.j = self.k - s.len();
        true
    }

    fn set_to(&mut self, s: &str) {
        let s: Vec<char> = s.chars().collect();
        self.b.truncate(self.j + 1);
        self.b.extend(&s);
        self.k = self.j + s.len();
    }

    fn r(&mut self, s: &str) {
        if self.m() > 0 {
            self.set_to(s);
        }
    }

    fn step1ab(&mut self) {
        if self.b[self.k] == 's' {
            if self.ends("sses") {
                self.k -= 2;
            } else if self.ends("ies") {
                self.set_to("i");
            } else if self.b[self.k - 1] != 's' {
                self.k -= 1;
            }
        }
        if self.ends("eed") {
            if self.m() > 0 {
                self.k -= 1;
            }
        } else if (self.ends("ed") || self.ends("ing")) && self.vowel_in_stem() {
            self.k = self.j;
            self.b.truncate(self.k + 1);
            if self.ends("at") {
                self.set_to("ate");
            } else if self.ends("bl") {
                self.set_to("ble");
            } else if self.ends("iz") {
                self.set_to("ize");
            } else if self.double_c(self.k) {
                if !matches!(self.b[self.k], 'l' | 's' | 'z') {
                    self.k -= 1;
                }
            } else {
                self.j = self.k;
                if self.m() == 1 && self.cvc(self.k) {
                    self.set_to("e");
                }
            }
        }
        self.b.truncate(self.k + 1);
    }

    fn step1c(&mut self) {
        if self.ends("y") && self.vowel_in_stem() {
            self.b[self.k] = 'i';
        }
    }

    fn step2(&mut self) {
        const RULES: &[(&str, &str)] = &[
            ("ational", "ate"),
            ("tional", "tion"),
            ("enci", "ence"),
            ("anci", "ance"),
            ("izer", "ize"),
            ("bli", "ble"),
            ("alli", "al"),
            ("entli", "ent"),
            ("eli", "e"),
            ("ousli", "ous"),
            ("ization", "ize"),
            ("ation", "ate"),
            ("ator", "ate"),
            ("alism", "al"),
            ("iveness", "ive"),
            ("fulness", "ful"),
            ("ousness", "ous"),
            ("aliti", "al"),
            ("iviti", "ive"),
            ("biliti", "ble"),
            ("logi", "log"),
        ];
        self.rules(RULES);
    }

    fn step3(&mut self) {
        const RULES: &[(&str, &str)] = &[
            ("icate", "ic"),
            ("ative", ""),
            ("alize", "al"),
            ("iciti", "ic"),
            ("ical", "ic"),
            ("ful", ""),
            ("ness", ""),
        ];
        self.rules(RULES);
    }

    /// The first rule whose ending the word has is the only one tried.
    fn rules(&mut self, rules: &[(&str, &str)]) {
        for (ending, to) in rules {
            if self.ends(ending) {
                self.r(to);
                return;
            }
        }
    }

    fn step4(&mut self) {
        const ENDINGS: &[&str] = &[
            "al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ion",
            "ou", "ism", "ate", "iti", "ous", "ive", "ize",
        ];
        let mut found = false;
        for e in ENDINGS {
            if self.ends(e) {
                if *e == "ion" && !matches!(self.b[self.j], 's' | 't') {
                    // "ion" only after s or t; no other ending is tried then.
                    return;
                }
                found = true;
                break;
            }
        }
        if found && self.m() > 1 {
            self.k = self.j;
            self.b.truncate(self.k + 1);
        }
    }

    fn step5(&mut self) {
        self.j = self.k;
        if self.b[self.k] == 'e' {
            let a = self.m();
            if a > 1 || (a == 1 && !self.cvc(self.k - 1)) {
                self.k -= 1;
            }
        }
        // As in Porter's own code, this measures up to the original end (j).
        if self.b[self.k] == 'l' && self.double_c(self.k) && self.m() > 1 {
            self.k -= 1;
        }
        self.b.truncate(self.k + 1);
    }
}

/// The English search terms of a text: each word folded and Porter-stemmed.
pub fn terms_en(text: &str) -> Vec<String> {
    words(text).map(|w| stem_en(&fold(w))).collect()
}

/// The search terms of a text: each word folded and stemmed.
pub fn terms(text: &str) -> Vec<String> {
    words(text).map(|w| stem_lv(&fold(w))).collect()
}

/// A heading's id made from its text ([`metodika_markdown::slugify`]), when the browser's
/// twin (`slug` in search-normalize.js) surely makes the same: the text is within
/// U+0000–U+017F (Latin, Latvian included), where JavaScript's and Rust's Unicode tables
/// agree on letters, digits, whitespace and lower case. The index then leaves the id out.
pub fn portable_slug(text: &str) -> Option<String> {
    text.chars()
        .all(|c| u32::from(c) <= 0x17F)
        .then(|| metodika_markdown::slugify(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fast_fold_is_the_full_fold() {
        for u in 0..0x2000u32 {
            let Some(c) = char::from_u32(u) else { continue };
            for text in [format!("{c}"), format!("a{c}b"), format!("{c}{c}ς")] {
                assert_eq!(fold(&text), fold_fully(&text), "U+{u:04X}");
            }
        }
    }

    #[test]
    fn folding_drops_case_and_diacritics() {
        assert_eq!(fold("Bāriņtiesa"), "barintiesa");
        assert_eq!(fold("ĀČĒĢĪĶĻŅŠŪŽ āčēģīķļņšūž"), "acegiklnsuz acegiklnsuz");
        assert_eq!(fold("VBTAI"), "vbtai");
    }

    #[test]
    fn words_are_letters_and_digits() {
        let w: Vec<&str> =
            words("Krīzes dzīvoklis (no 01.07.2023.) — „VP”, starp-institūciju").collect();
        assert_eq!(
            w,
            [
                "Krīzes",
                "dzīvoklis",
                "no",
                "01",
                "07",
                "2023",
                "VP",
                "starp",
                "institūciju"
            ]
        );
    }

    #[test]
    fn inflected_nouns_share_a_stem() {
        let stems: Vec<String> = [
            "vardarbība",
            "vardarbības",
            "vardarbību",
            "vardarbībā",
            "vardarbībai",
        ]
        .iter()
        .map(|w| stem_lv(&fold(w)))
        .collect();
        assert!(stems.iter().all(|s| s == "vardarbib"), "{stems:?}");
        let courts: Vec<String> = [
            "bāriņtiesa",
            "bāriņtiesas",
            "bāriņtiesai",
            "bāriņtiesu",
            "bāriņtiesām",
        ]
        .iter()
        .map(|w| stem_lv(&fold(w)))
        .collect();
        assert!(courts.iter().all(|s| s == "barinties"), "{courts:?}");
        assert_eq!(stem_lv(&fold("dzīvoklis")), stem_lv(&fold("dzīvokļa")));
    }

    #[test]
    fn short_words_and_consonant_changes() {
        // Too short to lose an ending: at least three letters stay.
        assert_eq!(stem_lv("vai"), "vai");
        assert_eq!(stem_lv("ar"), "ar");
        // A stem with no vowel left keeps its ending.
        assert_eq!(stem_lv("sss"), "sss");
        // Genitive plural in -ku after a folded š: kš → kst.
        assert_eq!(stem_lv("tiksu"), "tikst");
        // j after a labial is the softening of the stem, not part of it.
        assert_eq!(stem_lv("zivju"), "ziv");
        assert_eq!(terms("Valsts policija"), ["valst", "policij"]);
    }

    #[test]
    fn english_words_share_porter_stems() {
        for (word, stem) in [
            ("caresses", "caress"),
            ("ponies", "poni"),
            ("cats", "cat"),
            ("feed", "feed"),
            ("agreed", "agre"),
            ("plastered", "plaster"),
            ("motoring", "motor"),
            ("sing", "sing"),
            ("conflated", "conflat"),
            ("hopping", "hop"),
            ("falling", "fall"),
            ("filing", "file"),
            ("happy", "happi"),
            ("relational", "relat"),
            ("conditional", "condit"),
            ("digitizer", "digit"),
            ("hopefulness", "hope"),
            ("electrical", "electr"),
            ("adjustment", "adjust"),
            ("adoption", "adopt"),
            ("controll", "control"),
            ("generalizations", "gener"),
            ("oscillators", "oscil"),
            ("is", "is"),
        ] {
            assert_eq!(stem_en(word), stem, "{word}");
        }
        let forms = [
            "connect",
            "connected",
            "connecting",
            "connection",
            "connections",
        ];
        assert!(forms.iter().all(|w| stem_en(w) == "connect"));
        assert_eq!(terms_en("Reporting Violence"), ["report", "violenc"]);
    }
}

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
    text.to_lowercase()
        .nfd()
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .collect()
}

/// The words of a text, as written.
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
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

/// The search terms of a text: each word folded and stemmed.
pub fn terms(text: &str) -> Vec<String> {
    words(text).map(|w| stem_lv(&fold(w))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

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
}

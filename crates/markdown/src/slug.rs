//! Heading ids and file-name slugs.

use unicode_normalization::UnicodeNormalization;

/// Heading id: lower-case letters and digits of any script (Latvian diacritics kept, so
/// `## Kritēriji` -> `kritēriji`), whitespace and `-`/`_` become `-`, everything else is dropped.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if (c.is_whitespace() || c == '-' || c == '_')
            && !out.is_empty()
            && !out.ends_with('-')
        {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// File-name slug in plain ASCII (`Krīzes dzīvoklis` -> `krizes-dzivoklis`): safe on every file
/// system and in zip files, which offline copies travel in.
pub fn ascii_slug(text: &str) -> String {
    let folded: String = text.nfd().filter(|c| c.is_ascii()).collect();
    slugify(&folded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slug_keeps_latvian_letters_and_drops_punctuation() {
        assert_eq!(slugify("Kritēriji pirms lēmuma!"), "kritēriji-pirms-lēmuma");
        assert_eq!(slugify("  A – B: C  "), "a-b-c");
        assert_eq!(slugify("ŽŅĢ"), "žņģ");
        assert_eq!(slugify("?!"), "");
    }

    #[test]
    fn ascii_slug_folds_diacritics() {
        assert_eq!(ascii_slug("Krīzes dzīvoklis"), "krizes-dzivoklis");
        assert_eq!(
            ascii_slug("Bāriņtiesa, ģimene, ķēde, ļoti, šis, žurnāls, čeks"),
            "barintiesa-gimene-kede-loti-sis-zurnals-ceks"
        );
    }
}

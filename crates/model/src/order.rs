//! Sibling order: weight first, then title by the language's collation rules (CLDR).

use std::cmp::Ordering;

use icu_collator::options::CollatorOptions;
use icu_collator::{Collator, CollatorBorrowed};
use icu_locale_core::locale;

use metodika_core::config::Language;

/// Compares titles the way readers of the site's language expect: in Latvian each of
/// ā č ē ģ ī ķ ļ ņ š ū ž is a letter of its own right after its base letter.
pub struct TitleOrder {
    collator: CollatorBorrowed<'static>,
}

impl TitleOrder {
    pub fn new(language: Language) -> TitleOrder {
        let locale = match language {
            Language::Lv => locale!("lv"),
            Language::En => locale!("en"),
        };
        let collator = Collator::try_new(locale.into(), CollatorOptions::default())
            .or_else(|_| Collator::try_new(Default::default(), CollatorOptions::default()))
            .expect("the root collation is compiled into icu_collator");
        TitleOrder { collator }
    }

    pub fn titles(&self, a: &str, b: &str) -> Ordering {
        self.collator.compare(a, b).then_with(|| a.cmp(b))
    }

    /// Weight (absent weights last), then title, then source path so the order is total.
    pub fn siblings(&self, a: (Option<i64>, &str, &str), b: (Option<i64>, &str, &str)) -> Ordering {
        let wa = a.0.unwrap_or(i64::MAX);
        let wb = b.0.unwrap_or(i64::MAX);
        wa.cmp(&wb)
            .then_with(|| self.titles(a.1, b.1))
            .then_with(|| a.2.cmp(b.2))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(language: Language, words: &[&str]) -> Vec<String> {
        let order = TitleOrder::new(language);
        let mut v: Vec<String> = words.iter().map(|s| s.to_string()).collect();
        v.sort_by(|a, b| order.titles(a, b));
        v
    }

    #[test]
    fn latvian_letters_follow_their_base_letter() {
        assert_eq!(
            sorted(
                Language::Lv,
                &[
                    "Žurnāls",
                    "Čeks",
                    "Ābele",
                    "Zvans",
                    "Cilvēks",
                    "Auto",
                    "Dators"
                ]
            ),
            [
                "Auto",
                "Ābele",
                "Cilvēks",
                "Čeks",
                "Dators",
                "Zvans",
                "Žurnāls"
            ]
        );
        assert_eq!(
            sorted(Language::Lv, &["ņaudēt", "nulle", "ģimene", "gads"]),
            ["gads", "ģimene", "nulle", "ņaudēt"]
        );
    }

    #[test]
    fn english_treats_diacritics_as_secondary() {
        assert_eq!(
            sorted(Language::En, &["Zvans", "Žurnāls", "Cilvēks", "Čeks"]),
            ["Čeks", "Cilvēks", "Žurnāls", "Zvans"]
        );
    }

    #[test]
    fn weight_comes_before_title_and_unweighted_go_last() {
        let order = TitleOrder::new(Language::Lv);
        assert_eq!(
            order.siblings((Some(2), "A", "a"), (Some(1), "B", "b")),
            Ordering::Greater
        );
        assert_eq!(
            order.siblings((None, "A", "a"), (Some(9), "B", "b")),
            Ordering::Greater
        );
        assert_eq!(
            order.siblings((Some(1), "Ābele", "x"), (Some(1), "Auto", "y")),
            Ordering::Greater
        );
    }
}

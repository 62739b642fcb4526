//! What a word of the site is, for the index: the lemmas a dictionary knows it by, or, for a
//! word no dictionary knows (names, new terms, abbreviations), its light stem.
//!
//! Latvian sites use the Hunspell dictionary built into Metodika unless `site.yaml` names
//! another (`search_dictionary: path/to/xx_XX.aff`, the `.dic` beside it) or turns it off
//! (`search_dictionary: none`).

use std::path::Path;
use std::sync::{Arc, OnceLock};

use super::hunspell::{Dictionary, DictionaryError};
use super::normalize::{fold, stem_en, stem_lv};
use metodika_core::config::{Language, SiteConfig, CONFIG_FILE};
use metodika_core::diagnostics::Diagnostic;

/// The key of an index entry for a lemma (`@` + the folded lemma) and for a word no
/// dictionary knows (`~` + its folded light stem). The browser builds the second itself.
pub(crate) const LEMMA: char = '@';
pub(crate) const STEM: char = '~';

/// The folded endings of a noun in `-šana`, longest first.
const VERBAL_NOUN_ENDINGS: &[&str] = &["sanas", "sanai", "sanam", "sanos", "sana", "sanu"];

/// The key a folded form of a lemma (folded) is filed under: see [`Lexicon::key_of`].
fn filed_under(lemma: &str, folded: &str) -> String {
    if lemma.ends_with('t') || lemma.ends_with("ties") {
        for ending in VERBAL_NOUN_ENDINGS {
            if let Some(stem) = folded.strip_suffix(ending) {
                if !stem.is_empty() {
                    return format!("{LEMMA}{stem}sana");
                }
            }
        }
    }
    format!("{LEMMA}{lemma}")
}

#[derive(Clone)]
pub struct Lexicon {
    pub language: Language,
    dictionary: Option<Arc<Dictionary>>,
    /// Where the dictionary came from, for the notice in the index.
    pub source: String,
}

fn built_in() -> Arc<Dictionary> {
    static LATVIAN: OnceLock<Arc<Dictionary>> = OnceLock::new();
    Arc::clone(LATVIAN.get_or_init(|| Arc::new(Dictionary::latvian())))
}

impl Lexicon {
    /// No dictionary: every word is its light stem.
    pub fn plain(language: Language) -> Lexicon {
        Lexicon {
            language,
            dictionary: None,
            source: String::new(),
        }
    }

    pub fn load(root: &Path, config: &SiteConfig) -> Result<Lexicon, Vec<Diagnostic>> {
        let setting = config.search_dictionary.as_deref().map(str::trim);
        match (setting, config.language) {
            (Some("none"), language) | (None, language @ Language::En) => {
                Ok(Lexicon::plain(language))
            }
            (None, Language::Lv) => Ok(Lexicon {
                language: Language::Lv,
                dictionary: Some(built_in()),
                source: "the Latvian Hunspell dictionary lv_LV 1.4.0 (C) 2002-2020 Janis Eisaks, LGPL-2.1+".into(),
            }),
            (Some(path), language) => {
                let at = |message: String, hint: &str| {
                    let text = std::fs::read_to_string(root.join(CONFIG_FILE)).unwrap_or_default();
                    let (line, column) = metodika_core::config::key_position(&text, "search_dictionary");
                    vec![Diagnostic::error("config/search-dictionary", CONFIG_FILE, message)
                        .at(&text, line, column)
                        .with_hint(hint.to_string())]
                };
                let aff_path = root.join(path);
                let aff_path = if aff_path.extension().is_some_and(|e| e == "aff") {
                    aff_path
                } else {
                    aff_path.with_extension("aff")
                };
                let dic_path = aff_path.with_extension("dic");
                let read = |p: &Path| {
                    std::fs::read_to_string(p).map_err(|e| {
                        at(
                            format!("cannot read the search dictionary {}: {e}", p.display()),
                            "search_dictionary names a Hunspell .aff file (UTF-8) with its .dic beside it, relative to the site folder; or write `none`",
                        )
                    })
                };
                let (aff, dic) = (read(&aff_path)?, read(&dic_path)?);
                let dictionary = Dictionary::parse(&aff, &dic).map_err(|e: DictionaryError| {
                    let file = if e.file == "aff" { &aff_path } else { &dic_path };
                    let text = if e.file == "aff" { &aff } else { &dic };
                    vec![Diagnostic::error(
                        "search/dictionary",
                        file.strip_prefix(root).unwrap_or(file),
                        e.message,
                    )
                    .at(text, e.line, 1)
                    .with_hint("Metodika reads Hunspell dictionaries in UTF-8 with one-character flags")]
                })?;
                Ok(Lexicon {
                    language,
                    dictionary: Some(Arc::new(dictionary)),
                    source: path.to_string(),
                })
            }
        }
    }

    /// Identifies the dictionary, so that what was worked out with another is not reused.
    pub fn identity(&self) -> usize {
        // A dictionary's address (aligned, so its low bit is free) and the language.
        let language = usize::from(self.language == Language::En);
        self.dictionary
            .as_ref()
            .map_or(0, |d| Arc::as_ptr(d) as usize)
            | language
    }

    /// The fallback for a word no dictionary knows; the browser's `Metodika.normalize.stem`
    /// does the same.
    pub fn stem(&self, folded: &str) -> String {
        match self.language {
            Language::Lv => stem_lv(folded),
            Language::En => stem_en(folded),
        }
    }

    /// The index entries a word (in lower case) belongs to, with the dictionary entries of
    /// its lemmas (empty for a stem).
    pub fn keys(&self, word: &str) -> (Vec<String>, Vec<u32>) {
        if let Some(d) = &self.dictionary {
            let ids = d.lemmas(word);
            if !ids.is_empty() {
                let folded = fold(word);
                let mut keys: Vec<String> = ids.iter().map(|&i| self.key_of(i, &folded)).collect();
                keys.sort();
                keys.dedup();
                return (keys, ids);
            }
        }
        (
            vec![format!("{STEM}{}", self.stem(&fold(word)))],
            Vec::new(),
        )
    }

    /// The dictionary's prefixes, folded (`ne`, `ja`, `vis`): a query word not found as it is
    /// is looked up again without one.
    pub fn prefixes(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .dictionary
            .as_ref()
            .map(|d| d.prefix_texts().iter().map(|p| fold(p)).collect())
            .unwrap_or_default();
        out.dedup();
        out
    }

    /// The entry a folded form of dictionary entry `id` is filed under: its lemma, except
    /// that a verb's nouns in `-šana` (which the dictionary makes from the verb: `meklēt` →
    /// `meklēšana`) are lemmas of their own, as Latvian dictionaries list them: a search for
    /// `meklēšana` is not a search for `meklē`.
    pub(crate) fn key_of(&self, id: u32, folded: &str) -> String {
        match &self.dictionary {
            Some(d) => filed_under(&fold(&d.entries[id as usize].word), folded),
            None => String::new(),
        }
    }

    /// [`Lexicon::key_of`] for every form of `id` (folded), with the lemma folded once.
    pub(crate) fn keys_of_forms<'f>(&self, id: u32, forms: &'f [String]) -> Vec<(&'f str, String)> {
        let Some(d) = &self.dictionary else {
            return Vec::new();
        };
        let lemma = fold(&d.entries[id as usize].word);
        forms
            .iter()
            .map(|f| (f.as_str(), filed_under(&lemma, f)))
            .collect()
    }

    /// Every form of a dictionary entry without a prefix, folded. (The browser takes a
    /// prefix off a word it does not find: see [`Lexicon::prefixes`].)
    pub fn forms(&self, id: u32) -> Vec<String> {
        let Some(d) = &self.dictionary else {
            return Vec::new();
        };
        let mut out: Vec<String> = d
            .forms_with(id as usize, false)
            .iter()
            .map(|f| fold(f))
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }
}

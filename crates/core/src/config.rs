//! `site.yaml` -> [`SiteConfig`], validated.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diagnostics::Diagnostic;
use crate::yaml::{self, Fields, Node, Source};

/// The languages the generator (collation, callout labels, theme strings) supports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    #[default]
    Lv,
    En,
}

impl Language {
    pub fn code(self) -> &'static str {
        match self {
            Language::Lv => "lv",
            Language::En => "en",
        }
    }
}

/// Site-wide settings from `site.yaml`.
#[derive(Debug, Clone, Hash, Serialize, Deserialize)]
pub struct SiteConfig {
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub language: Language,
    #[serde(default = "default_theme")]
    pub theme: String,
    /// Absolute URL where the site is published; only used for `sitemap.xml`.
    /// Page links stay relative so offline copies keep working.
    #[serde(default)]
    pub base_url: Option<String>,
    #[serde(default)]
    pub author: Option<String>,
    #[serde(default)]
    pub organisation: Option<String>,
    /// The Hunspell dictionary search maps words to lemmas with: a path (relative to the site
    /// folder) to an `.aff` file with its `.dic` beside it, or `none`. Latvian sites use the
    /// built-in Latvian dictionary when it is not set.
    #[serde(default)]
    pub search_dictionary: Option<String>,
}

fn default_theme() -> String {
    "default".to_string()
}

pub const CONFIG_FILE: &str = "site.yaml";
const KEYS: &[&str] = &[
    "title",
    "description",
    "language",
    "theme",
    "base_url",
    "author",
    "organisation",
    "search_dictionary",
];

impl SiteConfig {
    /// Reads and validates `site.yaml` in `root`; every problem becomes a diagnostic.
    pub fn load(root: &Path) -> Result<SiteConfig, Vec<Diagnostic>> {
        let path = root.join(CONFIG_FILE);
        let source = match std::fs::read_to_string(&path) {
            Ok(s) => s,
            Err(e) => {
                return Err(vec![Diagnostic::error(
                    "config/unreadable",
                    CONFIG_FILE,
                    format!("cannot read the site settings: {e}"),
                )
                .with_hint(format!(
                    "run the command in a site folder (one with {CONFIG_FILE}) or pass --root DIR"
                ))]);
            }
        };
        Self::parse(&source)
    }

    pub fn parse(text: &str) -> Result<SiteConfig, Vec<Diagnostic>> {
        let file = Path::new(CONFIG_FILE);
        let source = Source::whole(file, text);
        let root = yaml::parse(text, &source)?;
        let Some(root) = root.filter(Node::is_map) else {
            return Err(vec![Diagnostic::error(
                "config/not-a-map",
                file,
                "site.yaml must be a map of settings",
            )
            .at(text, 1, 1)
            .with_hint("start with a line like `title: My site`")]);
        };
        let mut fields = Fields::new(&root, KEYS, "site settings", &source);
        let title = fields.required_text("title", "Metodika");
        let mut text = |key: &str| fields.text(key).map(|(value, _)| value);
        let description = text("description");
        let theme = text("theme");
        let author = text("author");
        let organisation = text("organisation");
        let search_dictionary = text("search_dictionary");
        let mut language = Language::default();
        if let Some((code, node)) = fields.text("language") {
            match code.as_str() {
                "lv" => language = Language::Lv,
                "en" => language = Language::En,
                _ => fields.problems.push(
                    source
                        .error(
                            "config/language",
                            node.pos,
                            format!("unknown language `{code}`"),
                        )
                        .with_hint("language must be `lv` or `en`"),
                ),
            }
        }
        let base_url = fields.text("base_url");
        if let Some((url, node)) = &base_url {
            if !(url.starts_with("http://") || url.starts_with("https://")) {
                fields.problems.push(
                    source
                        .error(
                            "config/base-url",
                            node.pos,
                            format!("base_url `{url}` is not an absolute http(s) URL"),
                        )
                        .with_hint("write it like `base_url: https://example.lv/metodika/`"),
                );
            }
        }
        let problems = fields.finish();
        let Some((title, _)) = title.filter(|_| problems.is_empty()) else {
            return Err(problems);
        };
        // The values come from the same tree the checks read: one parse of the text.
        Ok(SiteConfig {
            title,
            description,
            language,
            theme: theme.unwrap_or_else(default_theme),
            base_url: base_url.map(|(url, _)| url),
            author,
            organisation,
            search_dictionary,
        })
    }
}

/// Line and column of a top-level `key` in a YAML text, from the parser; `(1, 1)` when absent.
pub fn key_position(text: &str, key: &str) -> (usize, usize) {
    let source = Source::whole(Path::new(CONFIG_FILE), text);
    match yaml::parse(text, &source) {
        Ok(Some(root)) => root
            .entries()
            .find(|(k, _)| k.as_str() == Some(key))
            .map_or((1, 1), |(k, _)| (k.pos.line, k.pos.column)),
        _ => (1, 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_come_from_the_one_parse_that_checks_them() {
        let c = SiteConfig::parse(
            "title: 2026\ndescription: ~\nlanguage: en\nauthor: 'Anna Bērziņa'\nbase_url: https://example.lv/\n",
        )
        .unwrap();
        assert_eq!(c.title, "2026");
        assert_eq!(c.description, None);
        assert_eq!(c.language, Language::En);
        assert_eq!(c.author.as_deref(), Some("Anna Bērziņa"));
        assert_eq!(c.base_url.as_deref(), Some("https://example.lv/"));
        assert_eq!(c.theme, "default");
    }

    #[test]
    fn minimal_config_gets_defaults() {
        let c = SiteConfig::parse("title: Test\n").unwrap();
        assert_eq!(c.language, Language::Lv);
        assert_eq!(c.theme, "default");
    }

    #[test]
    fn unknown_key_and_bad_language_are_both_reported() {
        let errs = SiteConfig::parse("title: T\nlanguag: lv\nlanguage: de\n").unwrap_err();
        assert_eq!(errs.len(), 2, "{errs:?}");
        assert!(errs[0].message.contains("languag"));
        assert_eq!(errs[0].line, 2);
        assert_eq!(errs[0].hint.as_deref(), Some("did you mean `language`?"));
        assert!(errs[1].hint.as_deref().unwrap().contains("`lv` or `en`"));
    }

    #[test]
    fn relative_base_url_is_refused() {
        let errs = SiteConfig::parse("title: T\nbase_url: /x/\n").unwrap_err();
        assert_eq!(errs[0].code, "config/base-url");
        assert_eq!(errs[0].line, 2);
    }
}

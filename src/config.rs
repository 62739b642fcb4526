//! `site.yaml` -> [`SiteConfig`], validated.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diagnostics::Diagnostic;
use crate::yaml::{check_keys, yaml_error};

/// The languages the generator (collation, callout labels, theme strings) supports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
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
#[derive(Debug, Clone, Serialize, Deserialize)]
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

    pub fn parse(source: &str) -> Result<SiteConfig, Vec<Diagnostic>> {
        let file = Path::new(CONFIG_FILE);
        let value: serde_yaml::Value = match serde_yaml::from_str(source) {
            Ok(v) => v,
            Err(e) => return Err(vec![yaml_error(file, source, 1, &e)]),
        };
        let mut problems = check_keys(file, source, 1, &value, KEYS, "site settings");
        if !value.is_mapping() {
            problems.push(
                Diagnostic::error(
                    "config/not-a-map",
                    file,
                    "site.yaml must be a map of settings",
                )
                .with_hint("start with a line like `title: My site`"),
            );
            return Err(problems);
        }
        let config: Option<SiteConfig> = match serde_yaml::from_str(source) {
            Ok(c) => Some(c),
            Err(e) => {
                let d = yaml_error(file, source, 1, &e);
                let d = if e.to_string().contains("unknown variant") {
                    d.with_hint("language must be `lv` or `en`")
                } else if e.to_string().contains("missing field `title`") {
                    d.with_hint("add a line such as `title: Metodika` to site.yaml")
                } else {
                    d
                };
                problems.push(d);
                None
            }
        };
        if let Some(config) = &config {
            if config.title.trim().is_empty() {
                problems.push(
                    Diagnostic::error("config/empty-title", file, "the site title is empty")
                        .at(source, find_key_line(source, "title"), 1)
                        .with_hint("give the site a title, e.g. `title: Metodika`"),
                );
            }
            if let Some(url) = &config.base_url {
                if !(url.starts_with("http://") || url.starts_with("https://")) {
                    problems.push(
                        Diagnostic::error(
                            "config/base-url",
                            file,
                            format!("base_url `{url}` is not an absolute http(s) URL"),
                        )
                        .at(source, find_key_line(source, "base_url"), 1)
                        .with_hint("write it like `base_url: https://example.lv/metodika/`"),
                    );
                }
            }
        }
        match config {
            Some(c) if problems.is_empty() => Ok(c),
            _ => Err(problems),
        }
    }
}

/// Line (1-based) of a top-level `key:` in a YAML source, or 0 when absent.
pub fn find_key_line(source: &str, key: &str) -> usize {
    source
        .lines()
        .position(|l| {
            l.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        })
        .map_or(0, |i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

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

//! Page and section front matter: the typed model and its validation.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diagnostics::Diagnostic;
use crate::load::Split;
use crate::yaml::{check_keys, yaml_error};

/// The keys a page or section may have in its front matter.
pub const KEYS: &[&str] = &[
    "title",
    "description",
    "weight",
    "draft",
    "tags",
    "audience",
    "updated",
    "extra",
];

/// Front matter of a page or a section's `_index.md`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct FrontMatter {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    /// Orders siblings: lower first; pages without a weight come after weighted ones.
    #[serde(default)]
    pub weight: Option<i64>,
    #[serde(default)]
    pub draft: bool,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub tags: Vec<String>,
    /// Roles the page is written for (e.g. `policija`, `sociālais dienests`, `bāriņtiesa`).
    #[serde(default, deserialize_with = "null_as_empty")]
    pub audience: Vec<String>,
    /// Date of the last substantive change, `YYYY-MM-DD`.
    #[serde(default)]
    pub updated: Option<String>,
    /// Free-form data for themes.
    #[serde(default)]
    pub extra: serde_json::Value,
}

/// `tags:` with nothing after it is an empty list, not an error.
fn null_as_empty<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    Ok(Option::<Vec<String>>::deserialize(d)?.unwrap_or_default())
}

/// Parses and validates front matter; returns every problem found.
pub fn parse_front_matter(
    file: &Path,
    text: &str,
    split: &Split,
) -> Result<FrontMatter, Vec<Diagnostic>> {
    let first = split.yaml_first_line;
    if split.yaml.trim().is_empty() {
        return Err(vec![missing_title(file, text)]);
    }
    let value: serde_yaml::Value = match serde_yaml::from_str(split.yaml) {
        Ok(v) => v,
        Err(e) => return Err(vec![yaml_error(file, split.yaml, first, &e)]),
    };
    if !value.is_mapping() {
        return Err(vec![Diagnostic::error(
            "front-matter/not-a-map",
            file,
            "the front matter must be `key: value` lines",
        )
        .at(text, first, 1)
        .with_hint("write it like `title: Krīzes dzīvoklis`")]);
    }
    let mut problems = check_keys(file, split.yaml, first, &value, KEYS, "front matter");
    let fm = match serde_yaml::from_str::<FrontMatter>(split.yaml) {
        Ok(fm) => fm,
        Err(typed_error) => {
            let before = problems.len();
            // Convert key by key so every wrongly typed value is reported, not just the first.
            for (key, value) in value.as_mapping().into_iter().flatten() {
                let Some(key) = key.as_str().filter(|k| KEYS.contains(k)) else {
                    continue;
                };
                if let Err(e) = check_type(key, value) {
                    let line = crate::config::find_key_line(split.yaml, key).max(1);
                    let column = value_column(split.yaml, line, key);
                    problems.push(
                        Diagnostic::error("front-matter/type", file, format!("`{key}`: {e}"))
                            .at(split.yaml, line, column)
                            .shift_lines(first - 1)
                            .with_hint(type_hint(key)),
                    );
                }
            }
            if problems.len() == before {
                // Nothing found key by key: report what the whole parse said.
                problems.push(yaml_error(file, split.yaml, first, &typed_error));
            }
            return Err(problems);
        }
    };
    if fm.title.trim().is_empty() {
        problems.push(missing_title(file, text));
    }
    if let Some(updated) = &fm.updated {
        if !is_valid_date(updated) {
            let line = crate::config::find_key_line(split.yaml, "updated");
            problems.push(
                Diagnostic::error(
                    "front-matter/date",
                    file,
                    format!("`updated: {updated}` is not a valid date"),
                )
                .at(split.yaml, line.max(1), 1)
                .shift_lines(first - 1)
                .with_hint("write the date as YYYY-MM-DD, e.g. `updated: 2026-11-26`"),
            );
        }
    }
    if !fm.extra.is_null() && !fm.extra.is_object() {
        let line = crate::config::find_key_line(split.yaml, "extra");
        problems.push(
            Diagnostic::error(
                "front-matter/extra",
                file,
                "`extra` must be a map of keys to values",
            )
            .at(split.yaml, line.max(1), 1)
            .shift_lines(first - 1)
            .with_hint("indent the keys under it:\n  extra:\n    key: value"),
        );
    }
    if problems.is_empty() {
        Ok(fm)
    } else {
        Err(problems)
    }
}

fn missing_title(file: &Path, text: &str) -> Diagnostic {
    Diagnostic::error(
        "front-matter/title",
        file,
        "the front matter has no `title`",
    )
    .at(text, 1, 1)
    .with_hint("add a line such as `title: Krīzes dzīvoklis` between the `---` lines")
}

/// Whether `value` has the type `key` needs; the error says what was found instead.
fn check_type(key: &str, value: &serde_yaml::Value) -> Result<(), serde_yaml::Error> {
    // Through text, so plain scalars are read as leniently as in the whole-map parse
    // (`title: 2024` is the text "2024").
    let text = serde_yaml::to_string(value)?;
    match key {
        "title" => serde_yaml::from_str::<String>(&text).map(drop),
        "description" | "updated" => serde_yaml::from_str::<Option<String>>(&text).map(drop),
        "weight" => serde_yaml::from_str::<Option<i64>>(&text).map(drop),
        "draft" => serde_yaml::from_str::<bool>(&text).map(drop),
        "tags" | "audience" => serde_yaml::from_str::<Option<Vec<String>>>(&text).map(drop),
        _ => serde_yaml::from_str::<serde_json::Value>(&text).map(drop),
    }
}

/// Column (1-based, in characters) where the value of `key:` on `line` starts.
fn value_column(yaml: &str, line: usize, key: &str) -> usize {
    let text = yaml.lines().nth(line - 1).unwrap_or_default();
    let after_colon = text.find(':').map_or(key.len(), |i| i + 1);
    let spaces = text[after_colon..]
        .chars()
        .take_while(|c| *c == ' ')
        .count();
    text[..after_colon].chars().count() + spaces + 1
}

/// How to write a value of `key`.
fn type_hint(key: &str) -> &'static str {
    match key {
        "weight" => "`weight` is a whole number, e.g. `weight: 10`",
        "draft" => "`draft` is `true` or `false`",
        "tags" | "audience" => "write a list: `tags: [policija, bāriņtiesa]`",
        "title" | "description" => {
            "write plain text; quote it if it contains `: ` or starts with a special character"
        }
        "updated" => "write the date as YYYY-MM-DD, e.g. `updated: 2026-11-26`",
        _ => "`extra` holds a map of keys to values",
    }
}

/// `YYYY-MM-DD` with a real month and day.
pub fn is_valid_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return false;
    };
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return false;
    }
    let (Ok(y), Ok(m), Ok(d)) = (y.parse::<u32>(), m.parse::<u32>(), d.parse::<u32>()) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::split_front_matter;

    fn parse(text: &str) -> Result<FrontMatter, Vec<Diagnostic>> {
        let split = split_front_matter(Path::new("a.md"), text).unwrap();
        parse_front_matter(Path::new("a.md"), text, &split)
    }

    #[test]
    fn full_front_matter_parses() {
        let fm = parse(
            "---\ntitle: Krīzes dzīvoklis\ndescription: Apraksts\nweight: 2\ntags: [a, b]\naudience:\n  - bāriņtiesa\nupdated: 2026-11-26\nextra:\n  icon: home\n---\nBody",
        )
        .unwrap();
        assert_eq!(fm.title, "Krīzes dzīvoklis");
        assert_eq!(fm.weight, Some(2));
        assert_eq!(fm.tags, ["a", "b"]);
        assert_eq!(fm.audience, ["bāriņtiesa"]);
        assert_eq!(fm.updated.as_deref(), Some("2026-11-26"));
        assert_eq!(fm.extra["icon"], "home");
    }

    #[test]
    fn unknown_key_names_file_line_and_suggestion() {
        let errs = parse("---\ntitle: A\ndescripton: x\n---\n").unwrap_err();
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].line, 3);
        assert!(errs[0].message.contains("`descripton`"));
        assert_eq!(errs[0].hint.as_deref(), Some("did you mean `description`?"));
    }

    #[test]
    fn missing_title_is_an_error() {
        let errs = parse("---\ndescription: x\n---\n").unwrap_err();
        assert_eq!(errs[0].code, "front-matter/title");
        let errs = parse("---\n---\n").unwrap_err();
        assert_eq!(errs[0].code, "front-matter/title");
    }

    #[test]
    fn malformed_yaml_points_into_the_file() {
        let errs = parse("---\ntitle: A\ntags: [a, b\n---\n").unwrap_err();
        assert_eq!(errs[0].code, "yaml/invalid");
        assert!(errs[0].line >= 3, "{:?}", errs[0]);
    }

    #[test]
    fn wrong_types_get_hints() {
        let errs = parse("---\ntitle: A\nweight: smags\n---\n").unwrap_err();
        assert_eq!((errs[0].line, errs[0].column), (3, 9));
        assert!(errs[0].hint.as_deref().unwrap().contains("whole number"));
        let errs = parse("---\ntitle: A\ntags: policija\n---\n").unwrap_err();
        assert!(errs[0].hint.as_deref().unwrap().contains("list"));
    }

    #[test]
    fn every_wrongly_typed_key_is_reported() {
        let errs =
            parse("---\ntitle: {a: b}\ntags: 5\ndraft: maybe\nweight: 1\n---\n").unwrap_err();
        let lines: Vec<usize> = errs.iter().map(|e| e.line).collect();
        assert_eq!(lines, [2, 3, 4], "{errs:?}");
        assert!(errs[2].message.starts_with("`draft`"));
    }

    #[test]
    fn empty_lists_are_fine_and_nothing_fails_silently() {
        let fm = parse("---\ntitle: A\ntags: ~\naudience:\n---\n").unwrap();
        assert!(fm.tags.is_empty() && fm.audience.is_empty());
        let errs = parse("---\ntitle: A\nweight:    smags\n---\n").unwrap_err();
        assert_eq!((errs[0].line, errs[0].column), (3, 12));
        let fm = parse("---\ntitle: 2024\n---\n").unwrap();
        assert_eq!(fm.title, "2024");
    }

    #[test]
    fn a_duplicate_key_points_at_its_second_line() {
        let errs = parse("---\ntitle: C\ntags: [a]\ntitle: D\n---\n").unwrap_err();
        assert_eq!((errs[0].code, errs[0].line), ("yaml/duplicate-key", 4));
    }

    #[test]
    fn dates_are_checked() {
        assert!(is_valid_date("2024-02-29"));
        assert!(!is_valid_date("2023-02-29"));
        assert!(!is_valid_date("26.11.2026"));
        let errs = parse("---\ntitle: A\nupdated: 2026-13-01\n---\n").unwrap_err();
        assert_eq!(errs[0].line, 3);
    }
}

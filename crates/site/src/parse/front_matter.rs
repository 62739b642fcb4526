//! Page and section front matter: read from its YAML and checked, each problem at its key
//! or value.

use std::path::Path;

use crate::load::Split;
use metodika_core::diagnostics::Diagnostic;
use metodika_core::yaml::{self, Expect, Node, Source, Value};
use metodika_model::front_matter::KEYS;
use metodika_model::FrontMatter;

/// Front matter as read: the common keys, and the YAML tree a content kind reads its own keys
/// from (`kind: glossary` pages).
#[derive(Debug, Clone)]
pub(crate) struct ParsedFrontMatter {
    pub meta: FrontMatter,
    pub root: Node,
}

/// Parses and validates front matter; returns every problem found, each at its key or value.
pub(crate) fn parse_front_matter(
    file: &Path,
    text: &str,
    split: &Split,
) -> Result<ParsedFrontMatter, Vec<Diagnostic>> {
    let source = Source {
        file,
        text,
        first_line: split.yaml_first_line,
    };
    let root = match yaml::parse(split.yaml, &source)? {
        Some(root) => root,
        None => return Err(vec![missing_title(file, text)]),
    };
    if !root.is_map() {
        return Err(vec![source
            .error(
                "front-matter/not-a-map",
                root.pos,
                "the front matter must be `key: value` lines",
            )
            .with_hint("write it like `title: Krīzes dzīvoklis`")]);
    }
    let mut problems = Vec::new();
    let kind = content_kind(&root, &source, &mut problems);
    let mut allowed: Vec<&str> = KEYS.to_vec();
    if let Some(kind) = kind {
        allowed.extend(kind.info().keys);
    }
    problems.extend(yaml::check_keys(&root, &allowed, "front matter", &source));
    check_types(&root, &source, &mut problems);
    if !problems.is_empty() {
        return Err(problems);
    }
    // The values come from the same tree as the positions: the text is parsed once.
    let fm = front_matter_values(&root);
    check_values(&fm, &root, &source, &mut problems);
    if problems.is_empty() {
        Ok(ParsedFrontMatter { meta: fm, root })
    } else {
        Err(problems)
    }
}

/// The common keys' values, read from the tree whose types `check_types` has checked. A
/// text key takes a scalar as written (`title: 2024` is the text `2024`).
pub fn front_matter_values(root: &Node) -> FrontMatter {
    let text = |key: &str| root.get(key).and_then(Node::as_str).map(str::to_string);
    let texts = |key: &str| -> Vec<String> {
        match root.get(key).map(|n| &n.value) {
            Some(Value::Seq(items)) => items
                .iter()
                .filter_map(|i| i.as_str().map(str::to_string))
                .collect(),
            _ => Vec::new(),
        }
    };
    FrontMatter {
        title: text("title").unwrap_or_default(),
        description: text("description"),
        weight: text("weight").and_then(|w| yaml::parse_int(&w)),
        draft: text("draft").and_then(|d| yaml::parse_bool(&d)) == Some(true),
        tags: texts("tags"),
        audience: texts("audience"),
        updated: text("updated"),
        extra: root
            .get("extra")
            .map_or(serde_json::Value::Null, yaml::to_json),
        kind: text("kind"),
    }
}

/// The content kind `kind:` names, if any; an unknown name is a problem with a hint.
fn content_kind(
    root: &Node,
    source: &Source,
    problems: &mut Vec<Diagnostic>,
) -> Option<&'static dyn metodika_model::kind::Kind> {
    let node = root.get("kind").filter(|n| !n.is_null())?;
    let kind = metodika_kinds::for_front_matter(node.as_str().unwrap_or_default());
    if kind.is_none() {
        let names = metodika_kinds::front_matter_names();
        let written = node.key_text();
        let hint = match metodika_core::diagnostics::did_you_mean(&written, &names) {
            Some(s) => format!("did you mean `kind: {s}`?"),
            None => format!("the kinds are: {}", names.join(", ")),
        };
        problems.push(
            source
                .error(
                    "front-matter/kind",
                    node.pos,
                    format!("there is no content kind `{written}`"),
                )
                .with_hint(hint),
        );
    }
    kind
}

/// Each common key's value is of its type (a list for `tags`, a number for `weight`, ...).
fn check_types(root: &Node, source: &Source, problems: &mut Vec<Diagnostic>) {
    for (key, value) in root.entries() {
        let Some(key) = key.as_str() else { continue };
        let Some(expect) = expected_type(key) else {
            continue;
        };
        if !expect.accepts(value) {
            problems.push(
                source
                    .error_node(
                        "front-matter/type",
                        value,
                        format!(
                            "`{key}` must be {}, not {}",
                            expect.name(),
                            value.describe()
                        ),
                    )
                    .with_hint(type_hint(key)),
            );
        }
    }
}

/// What the types alone do not say: a title is not empty, a date is a date.
fn check_values(fm: &FrontMatter, root: &Node, source: &Source, problems: &mut Vec<Diagnostic>) {
    if fm.title.trim().is_empty() {
        let pos = root.get("title").map(|n| n.pos);
        problems.push(match pos {
            Some(pos) => source
                .error("front-matter/title", pos, "the `title` is empty")
                .with_hint("write the page title after `title: `"),
            None => missing_title(source.file, source.text),
        });
    }
    if let (Some(updated), Some(node)) = (&fm.updated, root.get("updated")) {
        if !metodika_core::date::is_valid(updated) {
            problems.push(
                source
                    .error(
                        "front-matter/date",
                        node.pos,
                        format!("`updated: {updated}` is not a valid date"),
                    )
                    .with_hint("write the date as YYYY-MM-DD, e.g. `updated: 2026-11-26`"),
            );
        }
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

/// The type each common key needs.
fn expected_type(key: &str) -> Option<Expect> {
    Some(match key {
        "title" | "description" | "updated" | "kind" => Expect::Text,
        "weight" => Expect::WholeNumber,
        "draft" => Expect::TrueFalse,
        "tags" | "audience" => Expect::TextList,
        "extra" => Expect::Map,
        _ => return None,
    })
}

/// How to write a value of `key`.
fn type_hint(key: &str) -> &'static str {
    match key {
        "weight" => "`weight` is a whole number, e.g. `weight: 10`",
        "draft" => "`draft` is `true` or `false`",
        "tags" | "audience" => "write a list: `tags: [policija, bāriņtiesa]`",
        "title" | "description" | "kind" => {
            "write plain text; quote it if it contains `: ` or starts with a special character"
        }
        "updated" => "write the date as YYYY-MM-DD, e.g. `updated: 2026-11-26`",
        _ => "`extra` holds a map of keys to values, indented under it:\n  extra:\n    key: value",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::split_front_matter;

    fn parse(text: &str) -> Result<FrontMatter, Vec<Diagnostic>> {
        let split = split_front_matter(Path::new("a.md"), text).unwrap();
        parse_front_matter(Path::new("a.md"), text, &split).map(|p| p.meta)
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
    fn text_values_are_taken_as_written_numbers_too() {
        // serde_yaml refused these (a number is not text); one parse of the tree takes them.
        let fm = parse("---\ntitle: 2024\ndescription: 2023.\ntags: [2023, a]\nextra:\n  n: 0x10\n  z: '012'\n---\n").unwrap();
        assert_eq!(fm.title, "2024");
        assert_eq!(fm.description.as_deref(), Some("2023."));
        assert_eq!(fm.tags, ["2023", "a"]);
        assert_eq!(fm.extra["n"], 16);
        assert_eq!(fm.extra["z"], "012");
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
    fn inputs_that_used_to_panic_are_reported_at_their_value() {
        let errs = parse("---\n#\n\"weight\": smags\ntitle: A\n---\n").unwrap_err();
        assert_eq!(
            (errs[0].code, errs[0].line, errs[0].column),
            ("front-matter/type", 3, 11)
        );
        let errs = parse("---\n#āā\n\"tags\": 5\ntitle: A\n---\n").unwrap_err();
        assert_eq!((errs[0].line, errs[0].column), (3, 9));
    }

    #[test]
    fn an_unknown_kind_suggests_the_closest() {
        let errs = parse("---\ntitle: A\nkind: glosary\n---\n").unwrap_err();
        assert_eq!(errs[0].code, "front-matter/kind");
        assert_eq!(
            errs[0].hint.as_deref(),
            Some("did you mean `kind: glossary`?")
        );
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
        let errs = parse("---\ntitle: A\nupdated: 2026-13-01\n---\n").unwrap_err();
        assert_eq!(errs[0].line, 3);
    }
}

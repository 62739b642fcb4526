//! One YAML text, one meaning. The product reads every front matter and kind block once, into
//! the positioned tree (yaml-rust2), and takes both positions and values from it; serde_yaml,
//! the parser the client named, still reads `site.yaml` and the theme's strings. These
//! properties compare the two on random texts built from YAML's tricky pieces: whenever both
//! accept a text, they must agree on what it says, as data and as a page's front matter.

use metodika_core::yaml;
use metodika_markdown::MarkdownLabels;
use metodika_model::FrontMatter;
use metodika_site::load::MarkdownFile;
use metodika_site::parse::parse_file;
use proptest::prelude::*;
use std::path::Path;

fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(400);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Scalars whose meaning depends on the YAML schema: nulls, booleans of YAML 1.1 and 1.2,
/// numbers in every base, leading zeros, floats, dates, Latvian ordinals, quoted texts.
const SCALARS: &[&str] = &[
    "true",
    "True",
    "TRUE",
    "false",
    "yes",
    "no",
    "on",
    "off",
    "y",
    "~",
    "null",
    "Null",
    "NULL",
    "0",
    "00",
    "012",
    "-007",
    "-7",
    "+7",
    "0x1F",
    "0X1F",
    "0o17",
    "0b101",
    "0x",
    "1_000",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775808",
    "1e3",
    "1E3",
    "-2.5e-3",
    "1.5",
    ".5",
    "5.",
    "+.5",
    "-.inf",
    ".inf",
    ".Inf",
    ".nan",
    ".NaN",
    "inf",
    "nan",
    "2026-12-03",
    "2026-02-30",
    "2023.",
    "1. jūlijā",
    "3. dienā",
    "'vienpēdiņas'",
    "\"divpēdiņas\"",
    "\"\\u0101\\t\"",
    "'it''s'",
    "a b",
    "Krīzes dzīvoklis",
    "VBTAI",
    "12:30",
    "1:2",
    "-",
    "+",
    ".",
    "0.0",
    "-0",
    "+0.0",
    "1e",
    "e5",
    "0x1g",
];

fn scalar() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => prop::sample::select(SCALARS).prop_map(str::to_string),
        1 => "[a-zā0-9 .+-]{0,8}",
    ]
}

/// A random value: a scalar, a flow list or map, or (at the top) block structure.
fn value(depth: u32) -> BoxedStrategy<String> {
    if depth == 0 {
        return scalar().boxed();
    }
    prop_oneof![
        4 => scalar(),
        1 => prop::collection::vec(scalar(), 0..4).prop_map(|v| format!("[{}]", v.join(", "))),
        1 => prop::collection::vec((key(), scalar()), 0..3).prop_map(|v| {
            let items: Vec<String> = v.into_iter().map(|(k, s)| format!("{k}: {s}")).collect();
            format!("{{{}}}", items.join(", "))
        }),
        1 => value(depth - 1).prop_map(|v| format!("\n  - {v}\n  - x")),
        1 => scalar().prop_map(|s| format!("|\n  {s}\n  otrā rinda")),
        1 => scalar().prop_map(|s| format!(">\n  {s}\n  turpinās")),
    ]
    .boxed()
}

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-z_]{1,8}",
        1 => prop::sample::select(&["true", "1", "~", "\"q\"", "ā"][..]).prop_map(str::to_string),
    ]
}

/// A YAML map of random keys and values, one `key: value` per line.
fn document() -> impl Strategy<Value = String> {
    prop::collection::vec((key(), value(2)), 0..6).prop_map(|entries| {
        entries
            .into_iter()
            .map(|(k, v)| format!("{k}: {v}\n"))
            .collect()
    })
}

/// Front matter with the common keys and random values.
fn front_matter() -> impl Strategy<Value = String> {
    let keys = &[
        "title",
        "description",
        "weight",
        "draft",
        "tags",
        "audience",
        "updated",
        "extra",
    ][..];
    (
        scalar(),
        prop::collection::vec((prop::sample::select(keys), value(1)), 0..5),
    )
        .prop_map(|(title, rest)| {
            let mut text = format!("title: {title}\n");
            let mut seen = std::collections::HashSet::new();
            for (k, v) in rest {
                if seen.insert(k) {
                    text.push_str(&format!("{k}: {v}\n"));
                }
            }
            text
        })
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn the_tree_and_serde_yaml_agree_on_every_value(text in document()) {
        let source = yaml::Source::whole(Path::new("t.yaml"), &text);
        let tree = yaml::parse(&text, &source);
        let values = serde_yaml::from_str::<serde_json::Value>(&text);
        if let (Ok(tree), Ok(values)) = (tree, values) {
            let ours = tree.as_ref().map_or(serde_json::Value::Null, yaml::to_json);
            prop_assert_eq!(ours, values, "{}", text);
        }
    }

    #[test]
    fn a_front_matter_the_build_accepts_means_what_serde_yaml_reads(text in front_matter()) {
        let file = MarkdownFile {
            rel: "t.md".into(),
            display: "content/t.md".into(),
            text: format!("---\n{text}---\nTeksts.\n"),
        };
        let built = parse_file(file, &MarkdownLabels::default());
        let values = serde_yaml::from_str::<FrontMatter>(&text);
        if let (Ok(built), Ok(values)) = (built, values) {
            prop_assert_eq!(&built.meta, &values, "{}", text);
        }
    }
}

#[test]
fn the_generators_reach_texts_both_accept() {
    // Guards the properties above against testing nothing: most generated texts must be
    // accepted by both parsers (and by the build, for front matter), so that they compare.
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let (mut documents, mut pages) = (0, 0);
    for _ in 0..300 {
        let text = document().new_tree(&mut runner).unwrap().current();
        let source = yaml::Source::whole(Path::new("t.yaml"), &text);
        if yaml::parse(&text, &source).is_ok()
            && serde_yaml::from_str::<serde_json::Value>(&text).is_ok()
        {
            documents += 1;
        }
        let text = front_matter().new_tree(&mut runner).unwrap().current();
        let file = MarkdownFile {
            rel: "t.md".into(),
            display: "content/t.md".into(),
            text: format!("---\n{text}---\nTeksts.\n"),
        };
        if parse_file(file, &MarkdownLabels::default()).is_ok()
            && serde_yaml::from_str::<FrontMatter>(&text).is_ok()
        {
            pages += 1;
        }
    }
    eprintln!("compared: {documents} of 300 documents, {pages} of 300 front matters");
    assert!(
        documents > 150,
        "only {documents} of 300 documents compared"
    );
    assert!(pages > 60, "only {pages} of 300 front matters compared");
    // And a fixed text, with the values both read.
    let text = "a: 0x1F\nb: 012\nc: [True, ~, .inf]\nd: '1. jūlijā'\ne: |\n  x\n~: 1\n";
    let source = yaml::Source::whole(Path::new("t.yaml"), text);
    let tree = yaml::parse(text, &source).unwrap().unwrap();
    let values: serde_json::Value = serde_yaml::from_str(text).unwrap();
    assert_eq!(yaml::to_json(&tree), values);
    assert_eq!(values["a"], 31);
    assert_eq!(values["b"], "012");
    assert_eq!(values["~"], 1);
}

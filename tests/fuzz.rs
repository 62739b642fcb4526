//! Fuzz tests: no input makes a parser panic. Each property runs a bounded number of cases in
//! `cargo test` (PROPTEST_CASES overrides it); `benches/fuzz.sh` runs the same properties for
//! ten minutes. Inputs mix random text with the pieces our formats are made of, so the
//! generator reaches deep into the parsers instead of failing at the first character.

use std::path::{Path, PathBuf};

use metodika_core::config::SiteConfig;
use metodika_markdown::MarkdownLabels;
use metodika_site::load::MarkdownFile;
use metodika_site::parse::parse_file;
use proptest::prelude::*;

fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(200);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Text built from format pieces and random characters.
fn pieces(parts: &'static [&'static str], max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            4 => prop::sample::select(parts).prop_map(str::to_string),
            1 => "\\PC{0,6}",
            1 => prop::sample::select(&["ā", "ž", "\u{feff}", "\r\n", "\r", "\t", "\0", "#āā", "🙂"][..]).prop_map(str::to_string),
        ],
        0..max,
    )
    .prop_map(|v| v.concat())
}

/// Pieces of Hunspell affix files: headers, rules with strips, adds, flags and conditions.
const AFF: &[&str] = &[
    "\n",
    "SET UTF-8\n",
    "SET ISO8859-13\n",
    "FLAG long\n",
    "FULLSTRIP\n",
    "NEEDAFFIX {\n",
    "CIRCUMFIX |\n",
    "SFX A Y 2\n",
    "SFX A N 1\n",
    "SFX A Y x\n",
    "PFX - Y 1\n",
    "PFX ] Y 1\n",
    "SFX A a as [^k]a\n",
    "SFX A 0 u .\n",
    "SFX A t 0/]| [āē]t\n",
    "SFX A 0 s/B .\n",
    "SFX B Y 1\n",
    "SFX B s š s\n",
    "PFX - 0 ne .\n",
    "PFX ] 0 jā/| .\n",
    "SFX A ā [\n",
    "SFX A 0 0 .\n",
    "SFX A abc x ]\n",
    "SFX\n",
    "PFX\n",
    "SFX A\n",
    "SFX A Y 99999999999999999999\n",
    "SFX A Y 4000000000\n",
];

/// Pieces of Hunspell dictionary files.
const DIC: &[&str] = &[
    "\n",
    "3\n",
    "māja/A\n",
    "strādāt/AB-]\n",
    "Rīga/A\n",
    "/A\n",
    "x/\n",
    "ā/{\n",
    "t/A|\n",
    "vārds po:lietv\n",
    "a/A",
    "\r\n",
    "a/ABAB\n",
];

const WORDS: &[&str] = &[
    "māja",
    "mājas",
    "strādā",
    "jāstrādā",
    "nestrādā",
    "rīga",
    "",
    "ne",
    "jā",
    "a",
    "š",
    "ā",
];

const YAML: &[&str] = &[
    "\n",
    "title: ",
    "A",
    "\"title\": ",
    "weight: ",
    "smags",
    "10",
    "-3",
    "tags: ",
    "[a, b",
    "]",
    "- ",
    "  ",
    "    ",
    "audience:",
    "draft: ",
    "true",
    "maybe",
    "updated: ",
    "2026-02-30",
    "extra:",
    "  icon: x",
    "kind: ",
    "glossary",
    "glosary",
    "entries:",
    "  - term: ",
    "VP",
    "    abbr: ",
    "    id: ",
    "    definition: |",
    "      [x](a.md#b) `c`",
    "    synonyms: [",
    "    see_also: [",
    "{",
    "}",
    ":",
    ": ",
    "#",
    "&a ",
    "*a",
    "!!str ",
    "'",
    "\"",
    "|",
    ">",
    "~",
    "null",
    "? ",
    "---",
    "...",
    "%YAML 1.2",
];

/// Pieces of quiz YAML: every key and type, values of the right and wrong shapes.
const QUIZ: &[&str] = &[
    "\n",
    "  ",
    "    ",
    "      ",
    "- ",
    "title: T",
    "id: ",
    "quiz-1",
    "intro: |",
    "pass_mark: ",
    "150",
    "-1",
    "80",
    "shuffle: ",
    "pool: ",
    "0",
    "2",
    "questions:",
    "  - type: ",
    "single",
    "multiple",
    "true_false",
    "matching",
    "ordering",
    "text",
    "scenario",
    "singel",
    "    question: ",
    "Kas?",
    "    hint: ",
    "    explanation: ",
    "[x](a.md#b)",
    "    options:",
    "      - text: A",
    "        correct: true",
    "        feedback: F",
    "      - B",
    "    answer: ",
    "true",
    "    feedback_true: ",
    "    pairs:",
    "      - left: L",
    "        right: R",
    "    steps: [a, b]",
    "    answers: [bāriņtiesa]",
    "    scenario: Anna (35).",
    "    questions:",
    "      - type: true_false",
    "        question: Q",
    "        answer: false",
    "- x\n- y",
    "[",
    "]",
    "{",
    "}",
    ": ",
    "&a ",
    "*a",
    "'",
    "\"",
    "|",
    "~",
    "? ",
];

/// Pieces of the structured kinds' YAML: checklists, services and the algorithm.
const STRUCTURED: &[&str] = &[
    "\n",
    "  ",
    "    ",
    "      ",
    "- ",
    "items:",
    "  - type: ",
    "required",
    "exclusion",
    "note",
    "    text: A",
    "    explanation: [x](a.md#b)",
    "outcomes:",
    "  - when: ",
    "all_required",
    "not_met",
    "otherwise",
    "    title: T",
    "    guidance: G",
    "for: [victims]",
    "ages: [adults, kids]",
    "includes: I",
    "provider: P",
    "available: Visur",
    "available_from: 2023-07-01",
    "available_from: x",
    "eligibility: [a]",
    "apply: A",
    "related: [\"[x](a.md)\"]",
    "actors:",
    "  - id: vp",
    "    name: Valsts policija",
    "start: s1",
    "steps:",
    "  - id: s1",
    "  - id: s2",
    "    actor: vp",
    "    action: Dara",
    "    decision: Vai?",
    "    next: s2",
    "    next: [s1, s2]",
    "    branches:",
    "      - label: Jā",
    "        next: s1",
    "        next: s3",
    "id: ",
    "[",
    "]",
    "{",
    "}",
    ": ",
    "&a ",
    "*a",
    "'",
    "\"",
    "|",
    "~",
];

const MARKDOWN: &[&str] = &[
    "\n",
    "\n\n",
    "# ",
    "## ",
    "### Virsraksts {#id}",
    " {#x}",
    "[saite](",
    "a.md",
    "#b",
    ")",
    "![attēls](",
    "x.png",
    "javascript:alert(1)",
    "data:text/html,x",
    "https://x.lv",
    "> ",
    "> [!WARNING]",
    "> [!NOTE]\n",
    "| a | b |\n|---|:-:|\n| 1 | 2 |\n",
    "- [x] ",
    "- [ ] ",
    "[^1]",
    "[^1]: piezīme",
    "```",
    "```glossary\n",
    "```quiz\n",
    "questions:\n  - type: single\n    question: Q\n    options: [A, B]\n",
    "```yaml\n",
    "~~~",
    "entries:\n",
    "  - term: A\n    definition: B\n",
    "<details>",
    "</details>",
    "<script>",
    "<img src=\"",
    "\" onerror=\"x\">",
    "<iframe src=//x>",
    "<!--",
    "-->",
    "<",
    ">",
    "&amp;",
    "&#x61;",
    "*",
    "_",
    "`",
    "\\",
    "\"",
    "'",
    "...",
    "--",
    "VP",
    " ",
    "    code",
];

fn labels() -> MarkdownLabels {
    MarkdownLabels {
        note: "Piezīme".into(),
        heading_link: "Saite".into(),
        ..MarkdownLabels::default()
    }
}

fn file(text: String) -> MarkdownFile {
    MarkdownFile {
        rel: "a/lapa.md".into(),
        display: PathBuf::from("content/a/lapa.md"),
        text: metodika_site::load::normalize_text(text),
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn front_matter_never_panics(yaml in pieces(YAML, 40), body in pieces(MARKDOWN, 8)) {
        let _ = parse_file(file(format!("---\n{yaml}\n---\n{body}")), &labels());
    }

    #[test]
    fn markdown_with_the_sites_extensions_never_panics(body in pieces(MARKDOWN, 60)) {
        let _ = parse_file(file(format!("---\ntitle: A\n---\n{body}")), &labels());
        let _ = metodika_markdown::render(&body, &labels());
    }

    #[test]
    fn glossary_yaml_never_panics(yaml in pieces(YAML, 60)) {
        let page = format!("---\ntitle: V\nkind: glossary\n{yaml}\n---\nIevads.\n");
        let _ = parse_file(file(page), &labels());
        let fenced = format!("---\ntitle: V\n---\nTeksts\n\n```glossary\n{yaml}\n```\n");
        let _ = parse_file(file(fenced), &labels());
    }

    #[test]
    fn quiz_yaml_never_panics(yaml in pieces(QUIZ, 80)) {
        let page = format!("---\ntitle: T\nkind: quiz\n{yaml}\n---\nIevads.\n");
        let _ = parse_file(file(page), &labels());
        let fenced = format!("---\ntitle: T\n---\nTeksts\n\n```quiz\n{yaml}\n```\n");
        let _ = parse_file(file(fenced), &labels());
    }

    #[test]
    fn structured_kinds_yaml_never_panics(yaml in pieces(STRUCTURED, 80)) {
        for kind in ["checklist", "service", "algorithm"] {
            let page = format!("---\ntitle: T\nkind: {kind}\n{yaml}\n---\nIevads.\n");
            let _ = parse_file(file(page), &labels());
        }
    }

    #[test]
    fn hunspell_dictionaries_never_panic(
        aff in pieces(AFF, 40),
        dic in pieces(DIC, 20),
        words in prop::collection::vec(pieces(WORDS, 4), 0..6),
    ) {
        use metodika_search::hunspell::Dictionary;
        if let Ok(d) = Dictionary::parse(&aff, &dic) {
            for id in 0..d.entries.len() {
                let _ = d.forms(id);
                let _ = d.forms_with(id, false);
            }
            for w in &words {
                let _ = d.lemmas(w);
            }
            let _ = d.prefix_texts();
        }
    }

    #[test]
    fn search_text_normalisation_never_panics(text in "\\PC{0,200}") {
        use metodika_search::normalize::{fold, stem_en, stem_lv, terms, terms_en, words};
        let _ = terms(&text);
        let _ = terms_en(&text);
        for w in words(&text) {
            let _ = (stem_lv(w), stem_en(w), stem_lv(&fold(w)), stem_en(&fold(w)));
        }
    }

    #[test]
    fn site_settings_never_panic(yaml in pieces(YAML, 40)) {
        let _ = SiteConfig::parse(&yaml);
    }

    #[test]
    fn any_bytes_never_panic(text in "\\PC{0,300}") {
        let _ = parse_file(file(text.clone()), &labels());
        let _ = SiteConfig::parse(&text);
        let _ = metodika_markdown::raw_html::check_raw_html(&text);
        let abbreviations = std::collections::BTreeMap::from([("VP".to_string(), "Valsts policija".to_string())]);
        let _ = metodika_site::render::abbr::mark_first_uses(&text, &abbreviations);
    }
}

/// A whole build (validate, plan, render) of a small random site never panics either, and a
/// failed one names a file. Fewer cases: each writes a site to disk.
#[test]
fn whole_builds_of_random_sites_never_panic() {
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig {
        cases: config().cases.div_ceil(8),
        ..config()
    });
    let dir = std::env::temp_dir().join(format!("metodika-fuzz-{}", std::process::id()));
    let strategy = (
        pieces(YAML, 30),
        pieces(MARKDOWN, 30),
        pieces(QUIZ, 40),
        pieces(STRUCTURED, 40),
    );
    runner
        .run(&strategy, |(yaml, body, quiz, structured)| {
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(dir.join("content/a")).unwrap();
            std::fs::write(dir.join("site.yaml"), "title: Fuzz\n").unwrap();
            std::fs::write(dir.join("content/_index.md"), "---\ntitle: Sākums\n---\n[x](a/lapa.md)\n").unwrap();
            std::fs::write(dir.join("content/a/lapa.md"), format!("---\n{yaml}\n---\n{body}")).unwrap();
            std::fs::write(
                dir.join("content/a/vardnica.md"),
                format!("---\ntitle: V\nkind: glossary\nentries:\n  - term: Valsts policija\n    abbr: VP\n    definition: x\n---\n{body}"),
            )
            .unwrap();
            std::fs::write(
                dir.join("content/a/tests.md"),
                format!("---\ntitle: T\nkind: quiz\n{quiz}\n---\n{body}"),
            )
            .unwrap();
            for kind in ["checklist", "service", "algorithm"] {
                std::fs::write(
                    dir.join(format!("content/a/{kind}.md")),
                    format!("---\ntitle: {kind}\nkind: {kind}\n{structured}\n---\n{body}"),
                )
                .unwrap();
            }
            let mut options = metodika_site::pipeline::BuildOptions::new(&dir);
            options.write = false;
            let report = metodika_site::pipeline::build(&options);
            for d in &report.diagnostics {
                prop_assert!(d.file != Path::new(""), "{d:?}");
            }
            Ok(())
        })
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
}

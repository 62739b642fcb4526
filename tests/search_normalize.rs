//! The browser's query side (`themes/default/static/js/search-normalize.js`, run in Node)
//! and the index side (`crates/search/src/normalize.rs`) must turn every text into the same terms.
//! Both run over a long list: every line of the sample site and the README, and every
//! Latvian ending on a set of stems, in lower and upper case, with and without diacritics,
//! plus Unicode that trips case mapping and word splitting. With `CI=true` a missing Node
//! is a failure, never a silent skip.

mod common;

use std::process::Command;

use metodika_search::normalize::{portable_slug, terms, terms_en};

const STEMS: &[&str] = &[
    "vardarbīb",
    "bāriņties",
    "dzīvokl",
    "dzīvokļ",
    "polici",
    "sadarb",
    "strādāj",
    "ziņojum",
    "krīz",
    "pakalpojum",
    "cietuš",
    "veikuš",
    "sanāksm",
    "kst",
    "tiks",
    "zivj",
    "pj",
    "ļaud",
];

const ENDINGS: &[&str] = &[
    "", "a", "as", "ai", "u", "ā", "ām", "ās", "am", "us", "os", "iem", "ajiem", "ajai", "ajam",
    "ajām", "ajos", "ajās", "ajā", "ais", "ei", "ēm", "īm", "im", "um", "es", "ij", "īs", "ēs",
    "is", "ie", "i", "e", "ē", "ī", "ū", "o", "s", "š", "ju", "šu", "ošs", "dams", "ts", "tu",
];

/// English stems and endings for Porter's steps (the README gives running English text).
const EN_STEMS: &[&str] = &[
    "connect", "report", "hop", "fall", "file", "happ", "relat", "condit", "digit", "hope",
    "electr", "adjust", "adopt", "control", "general", "oscill", "agre", "ski", "y", "sky",
    "caress", "pon", "ti", "moto", "plaster", "sing", "conflat", "troubl", "siz", "fil",
];
const EN_ENDINGS: &[&str] = &[
    "", "s", "es", "ies", "sses", "ed", "eed", "ing", "ly", "y", "ational", "tional", "enci",
    "anci", "izer", "bli", "alli", "entli", "eli", "ousli", "ization", "ation", "ator", "alism",
    "iveness", "fulness", "ousness", "aliti", "iviti", "biliti", "logi", "icate", "ative", "alize",
    "iciti", "ical", "ful", "ness", "al", "ance", "ence", "er", "ic", "able", "ible", "ant",
    "ement", "ment", "ent", "sion", "tion", "ion", "ou", "ism", "ate", "iti", "ous", "ive", "ize",
    "e", "le", "ll",
];

fn word_list() -> Vec<String> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut lines: Vec<String> = Vec::new();
    for entry in walkdir::WalkDir::new(root.join("content")) {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|x| x == "md") {
            let text = std::fs::read_to_string(entry.path()).unwrap();
            lines.extend(text.lines().map(str::to_string));
        }
    }
    lines.extend(
        common::read(root.join("README.md"))
            .lines()
            .map(str::to_string),
    );
    for stem in STEMS {
        for ending in ENDINGS {
            let word = format!("{stem}{ending}");
            lines.push(word.to_uppercase());
            lines.push(format!("jā{word} ne{word}"));
            lines.push(word);
        }
    }
    for stem in EN_STEMS {
        let line: Vec<String> = EN_ENDINGS.iter().map(|e| format!("{stem}{e}")).collect();
        lines.push(line.join(" "));
    }
    lines.extend(
        [
            "İstanbul straße ΟΔΟΣ ΣΊΣΥΦΟΣ ǅemal ﬁnal",
            "e\u{301}cole a\u{304}bols ā a\u{0308}\u{0301}",
            "٣٤ ½ Ⅻ x² 10³ ①",
            "emoji 🙂 stays out, dash—and „quotes” «here»",
            // Heading ids: whitespace of Latin-1 (NBSP, NEL), runs of - and _, ª º ² ½ µ İ.
            "Kritēriji pirms lēmuma! -- A_B  &  C\u{a0}D\u{85}E\u{b}F _x_ ",
            "ªº ²³¹ ¼½¾ µ ß İĳ ŉ ſ Ÿ ÿ × ÷ ¿¡ § ¶ ·",
            "",
        ]
        .iter()
        .map(|s| s.to_string()),
    );
    lines.retain(|l| !l.contains('\r'));
    lines
}

#[test]
fn the_browser_and_the_index_make_the_same_terms_of_every_text() {
    let node_ok = Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !node_ok {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!(
                "Node.js is missing: CI must compare the browser's normalisation with the index's"
            );
        }
        eprintln!("SKIPPED: node not found");
        return;
    }
    let lines = word_list();
    assert!(lines.len() > 2000, "{} lines", lines.len());
    let dir = common::TempDir::new("normalize");
    let input = dir.path().join("lines.json");
    std::fs::write(&input, serde_json::to_string(&lines).unwrap()).unwrap();
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/themes/default/static/js/search-normalize.js"
    );
    let out = Command::new("node")
        .arg("-e")
        .arg(
            "const n = require(process.argv[1]); const lines = JSON.parse(require('fs').readFileSync(process.argv[2], 'utf8')); \
             process.stdout.write(JSON.stringify(lines.map(l => [n.terms(l), n.termsEn(l), n.slug(l)])));",
        )
        .arg(script)
        .arg(&input)
        .output()
        .expect("run node");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let browser: Vec<(Vec<String>, Vec<String>, String)> =
        serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(browser.len(), lines.len());
    let mut differences = Vec::new();
    let mut words = 0;
    let mut slugs = 0;
    for (line, (js_lv, js_en, js_slug)) in lines.iter().zip(&browser) {
        // Heading ids: the index leaves out the ones the browser makes the same.
        if let Some(rust) = portable_slug(line) {
            slugs += 1;
            if &rust != js_slug {
                differences.push(format!(
                    "{line:?} (heading id)\n  rust: {rust:?}\n  js:   {js_slug:?}"
                ));
            }
        }
        let rust = terms(line);
        words += rust.len();
        if &rust != js_lv {
            differences.push(format!("{line:?}\n  rust: {rust:?}\n  js:   {js_lv:?}"));
        }
        let rust = terms_en(line);
        if &rust != js_en {
            differences.push(format!(
                "{line:?} (English)\n  rust: {rust:?}\n  js:   {js_en:?}"
            ));
        }
    }
    assert!(words > 20_000, "{words} words compared");
    assert!(slugs > 2_000, "{slugs} heading ids compared");
    assert!(
        differences.is_empty(),
        "{} of {} lines differ:\n{}",
        differences.len(),
        lines.len(),
        differences[..differences.len().min(10)].join("\n")
    );
}

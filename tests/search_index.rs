//! The search index as built for a site: what `assets/search/` holds for Latvian text with
//! the built-in dictionary, with the dictionary turned off, with a site's own dictionary, and
//! for an English site. (The browser side is tested in `search_browser.rs`.)

mod common;

use std::path::Path;

use common::{metodika, read, TempDir};
use serde_json::Value;

fn write(root: &Path, files: &[(&str, &str)]) {
    for (path, text) in files {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}

const PAGE: &str = "---\ntitle: Sadarbība\n---\n\nSociālais darbinieks strādāju ar ģimeni. Policija jāinformē. Reporting violence.\n\n## Meklēšana\n\nVBTAI palīdz.\n";
const GLOSSARY: &str = "---\ntitle: Termini\nkind: glossary\nentries:\n  - term: Valsts bērnu tiesību aizsardzības inspekcija\n    abbr: VBTAI\n    definition: Uzrauga bērnu tiesību ievērošanu.\n---\n";

/// A site with one page and a glossary, built; returns its folder.
fn site(settings: &str, extra: &[(&str, &str)]) -> TempDir {
    let dir = TempDir::new("search-index");
    write(
        dir.path(),
        &[
            ("site.yaml", settings),
            ("content/_index.md", "---\ntitle: Sākums\n---\n"),
            ("content/sadarbiba.md", PAGE),
            ("content/termini.md", GLOSSARY),
        ],
    );
    write(dir.path(), extra);
    dir
}

fn build(dir: &TempDir) -> common::Run {
    metodika(&["build", "--root", dir.path().to_str().unwrap()])
}

/// The JSON argument(s) of an index file's call, e.g. `Metodika.searchData.forms("st", {...});`.
fn arguments(text: &str) -> Vec<Value> {
    let call = text.lines().find(|l| l.starts_with("Metodika.")).unwrap();
    let inside = &call[call.find('(').unwrap() + 1..call.rfind(')').unwrap()];
    let array: Value = serde_json::from_str(&format!("[{inside}]")).unwrap();
    array.as_array().unwrap().clone()
}

fn search_dir(dir: &TempDir) -> std::path::PathBuf {
    dir.path().join("public/assets/search")
}

/// Every (form, entry) of the forms files, expanded from "common|rest|rest".
fn forms_of(dir: &TempDir) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(search_dir(dir)).unwrap() {
        let path = e.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if !name.starts_with("f-") {
            continue;
        }
        let args = arguments(&read(&path));
        for (entry, packed) in args[1].as_object().unwrap() {
            let parts: Vec<&str> = packed.as_str().unwrap().split('|').collect();
            for rest in &parts[1..] {
                out.push((format!("{}{rest}", parts[0]), entry.clone()));
            }
        }
    }
    out.sort();
    out
}

fn entries_of(forms: &[(String, String)], form: &str) -> Vec<String> {
    forms
        .iter()
        .filter(|(f, _)| f == form)
        .map(|(_, e)| e.clone())
        .collect()
}

fn meta(dir: &TempDir) -> Value {
    arguments(&read(search_dir(dir).join("meta.js")))[0].clone()
}

#[test]
fn latvian_words_are_filed_under_their_lemmas_with_every_form_listed() {
    let dir = site("title: T\nlanguage: lv\n", &[]);
    let run = build(&dir);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let forms = forms_of(&dir);
    // A form in the text, and forms it never uses, all lead to the lemma.
    for form in ["stradaju", "stradat", "stradajam", "stradajoss"] {
        assert_eq!(entries_of(&forms, form), ["@stradat"], "{form}");
    }
    // Forms with ne-/jā- are listed where the site uses them; the browser strips the rest.
    assert_eq!(entries_of(&forms, "jainforme"), ["@informet"]);
    assert!(
        entries_of(&forms, "nestradaju").is_empty(),
        "{:?}",
        entries_of(&forms, "nestradaju")
    );
    // A -šana noun is a lemma of its own; an unknown word is filed under its stem.
    assert_eq!(entries_of(&forms, "meklesana"), ["@meklesana"]);
    assert_eq!(entries_of(&forms, "vbtai"), ["~vbta"], "the light stem");
    let meta = meta(&dir);
    assert_eq!(meta["language"], "lv");
    assert_eq!(meta["prefixes"], serde_json::json!(["ja", "ne", "vis"]));
    // The glossary's names for one thing, and its entry's record for "definition first".
    let synonyms = meta["synonyms"].to_string();
    assert!(
        synonyms.contains("\"valsts bernu tiesibu aizsardzibas inspekcija\",\"vbtai\""),
        "{synonyms}"
    );
    assert_eq!(meta["definitions"].as_object().unwrap().len(), 1);
    // Where the forms come from.
    let notice = read(search_dir(&dir).join("meta.js"));
    assert!(notice.starts_with("/* Word forms from the Latvian Hunspell dictionary"));
    // The same input gives the same index, byte for byte.
    let first = common::snapshot(&search_dir(&dir));
    assert_eq!(build(&dir).code, 0);
    assert_eq!(first, common::snapshot(&search_dir(&dir)));
}

#[test]
fn the_dictionary_can_be_turned_off_or_replaced_and_a_bad_one_is_reported() {
    let dir = site("title: T\nsearch_dictionary: none\n", &[]);
    assert_eq!(build(&dir).code, 0);
    let forms = forms_of(&dir);
    assert!(forms.iter().all(|(_, e)| e.starts_with('~')), "{forms:?}");
    assert_eq!(entries_of(&forms, "stradaju"), ["~stradaj"]);

    let aff = "SET UTF-8\nSFX A Y 2\nSFX A 0 u .\nSFX A 0 am .\n";
    let dic = "1\nstrādāj/A\n";
    let dir = site(
        "title: T\nsearch_dictionary: vardnica/mans.aff\n",
        &[("vardnica/mans.aff", aff), ("vardnica/mans.dic", dic)],
    );
    let run = build(&dir);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let forms = forms_of(&dir);
    assert_eq!(entries_of(&forms, "stradajam"), ["@stradaj"]);
    assert!(!read(search_dir(&dir).join("meta.js")).contains("Eisaks"));

    let dir = site(
        "title: T\nsearch_dictionary: vardnica/mans.aff\n",
        &[
            ("vardnica/mans.aff", "SET UTF-8\nSFX A Y 1\nSFX A 0 u [^a\n"),
            ("vardnica/mans.dic", dic),
        ],
    );
    let run = build(&dir);
    assert_ne!(run.code, 0);
    assert!(run.stderr.contains("vardnica/mans.aff"), "{}", run.stderr);
    assert!(run.stderr.contains(":3:"), "the line: {}", run.stderr);
    assert!(run.stderr.contains("condition"), "{}", run.stderr);

    let dir = site("title: T\nsearch_dictionary: nav/tadas.aff\n", &[]);
    let run = build(&dir);
    assert_ne!(run.code, 0);
    assert!(
        run.stderr.contains("site.yaml:2:") && run.stderr.contains("nav/tadas.aff"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_english_site_gets_porter_stems_and_no_search_leaves_the_index_out() {
    let dir = site("title: T\nlanguage: en\n", &[]);
    assert_eq!(build(&dir).code, 0);
    assert_eq!(meta(&dir)["language"], "en");
    let forms = forms_of(&dir);
    assert_eq!(entries_of(&forms, "reporting"), ["~report"]);
    assert_eq!(entries_of(&forms, "violence"), ["~violenc"]);

    let run = metodika(&[
        "build",
        "--root",
        dir.path().to_str().unwrap(),
        "--no-search",
    ]);
    assert_eq!(run.code, 0);
    assert!(!search_dir(&dir).exists());
}

#[test]
fn words_at_line_breaks_are_separate_words_in_the_index_and_in_snippets() {
    // Wrapped as authors wrap: soft breaks, a hard break, a quote and a checklist field.
    let wrapped = "---\ntitle: Pārnesumi\n---\n\nBērni vardarbību\npiedzīvo mājās.  \nTālāk\nteksts.\n\n> Citāts par\n> sadarbību.\n";
    let checklist = "---\ntitle: Saraksts\nkind: checklist\nitems:\n  - type: required\n    text: Novērtējums\n      aizpildīts.\n    explanation: |\n      Skaidrojums\n      rindās.\noutcomes:\n  - when: otherwise\n    title: Vēl\n---\n";
    let dir = site(
        "title: T\nlanguage: lv\n",
        &[
            ("content/parnesumi.md", wrapped),
            ("content/saraksts.md", checklist),
        ],
    );
    let run = build(&dir);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut all = String::new();
    for e in std::fs::read_dir(search_dir(&dir)).unwrap() {
        all.push_str(&read(e.unwrap().path()));
    }
    for glued in [
        "vardarbibupiedzivo",
        "vardarbībupiedzīvo",
        "majastalak",
        "mājāstālāk",
        "talakteksts",
        "parsadarbibu",
        "novertejumsaizpildits",
        "skaidrojumsrindas",
    ] {
        assert!(!all.contains(glued), "glued word {glued} in the index");
    }
    let forms = forms_of(&dir);
    for word in ["piedzivo", "talak", "sadarbibu", "aizpildits", "rindas"] {
        assert!(
            !entries_of(&forms, word).is_empty(),
            "{word} is not indexed"
        );
    }
    assert!(
        all.contains("Bērni vardarbību piedzīvo mājās. Tālāk teksts."),
        "the snippet keeps the words apart"
    );
}

/// The numbers of a posting list as the browser reads them (see `push_number` in the index).
fn numbers(encoded: &str) -> Vec<u32> {
    const DIGITS: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = Vec::new();
    let (mut value, mut shift) = (0u32, 0);
    for c in encoded.chars() {
        let digit = DIGITS.find(c).unwrap() as u32;
        value |= (digit & 31) << shift;
        shift += 5;
        if digit < 32 {
            out.push(value);
            (value, shift) = (0, 0);
        }
    }
    out
}

/// (weight, record) of each posting of a list.
fn postings(encoded: &str) -> Vec<(u32, u32)> {
    let n = numbers(encoded);
    let mut out = Vec::new();
    let mut i = 0;
    while i < n.len() {
        let (weight, count) = (n[i], n[i + 1] as usize);
        let mut record = 0;
        for (k, &gap) in n[i + 2..i + 2 + count].iter().enumerate() {
            record = if k == 0 { gap } else { record + gap };
            out.push((weight, record));
        }
        i += 2 + count;
    }
    out
}

#[test]
fn a_site_of_many_pages_is_indexed_whole_a_stretch_at_a_time() {
    // More pages than the index analyses at a time, and more records than one records file;
    // every other page has a heading (its words are in the page's text too).
    let pages: u32 = 300;
    let dir = TempDir::new("search-many");
    write(
        dir.path(),
        &[
            ("site.yaml", "title: T\nlanguage: lv\n"),
            ("content/_index.md", "---\ntitle: Sākums\n---\n"),
        ],
    );
    for n in 0..pages {
        let heading = if n % 2 == 0 { "\n## Virsraksts\n" } else { "" };
        write(
            dir.path(),
            &[(
                &format!("content/lapa-{n:03}.md"),
                &format!("---\ntitle: Lapa {n:03}\n---\n\nTeksts par dzīvokli.\n{heading}\nCits teksts.\n"),
            )],
        );
    }
    let run = build(&dir);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Every record, in files of 100: the home page, then each page and its heading.
    let meta = meta(&dir);
    let records = 1 + pages + pages / 2;
    assert_eq!(meta["records"], records);
    assert_eq!(meta["pages"].as_str().unwrap().len() as u32, 1 + pages);
    let files = records.div_ceil(100);
    for n in 0..files {
        // A records file spreads its call over lines, one record a line.
        let text = read(search_dir(&dir).join(format!("r-{n}.js")));
        let args = arguments(&text.replace('\n', ""));
        let expected = if n + 1 == files {
            records - 100 * n
        } else {
            100
        };
        assert_eq!(
            args[1].as_array().unwrap().len() as u32,
            expected,
            "r-{n}.js"
        );
    }
    assert!(!search_dir(&dir).join(format!("r-{files}.js")).exists());
    // A word of every page's text is posted to the pages' own records 1..; a heading's word
    // to the own records of the pages with the heading and to the records after all pages.
    let shard =
        |key: &str| arguments(&read(search_dir(&dir).join(format!("t-{key}.js"))))[1].clone();
    let records_of = |entry: &Value, form: &str| -> Vec<u32> {
        let mut r: Vec<u32> = postings(entry["g"][form].as_str().unwrap())
            .iter()
            .map(|p| p.1)
            .collect();
        r.sort_unstable();
        r
    };
    let flat = shard("dz")["@dzivoklis"].clone();
    assert_eq!(
        records_of(&flat, "dzīvokli"),
        (1..=pages).collect::<Vec<_>>()
    );
    let heading = shard("vi")["@virsraksts"].clone();
    let first_after = 1 + pages;
    let expected: Vec<u32> = (0..pages)
        .step_by(2)
        .map(|n| n + 1)
        .chain(first_after..first_after + pages / 2)
        .collect();
    assert_eq!(records_of(&heading, "virsraksts"), expected);
    assert_eq!(heading["n"], pages);
}

#[test]
fn service_fields_are_titled_in_the_site_language_and_their_keys_are_not_indexed() {
    const SERVICE: &str = "---\ntitle: Grupu nodarbības\nkind: service\nfor: [perpetrators]\nages: [adults]\nincludes: Nodarbības grupā.\nprovider: Pakalpojumu sniedzējs\neligibility:\n  - Pilngadīga persona\nexclusions:\n  - Akūta krīze\napply: Sociālajā dienestā.\n---\n";
    for (settings, titles) in [
        (
            "title: T\nlanguage: lv\n",
            ["Sniedzējs", "Kam pakalpojums paredzēts", "Kā pieteikties"],
        ),
        (
            "title: T\nlanguage: en\n",
            ["Provided by", "Who is eligible", "How to apply"],
        ),
    ] {
        let dir = site(settings, &[("content/grupas.md", SERVICE)]);
        let run = build(&dir);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let records = read(search_dir(&dir).join("r-0.js"));
        for title in titles {
            assert!(
                records.contains(&format!("\"{title}\"")),
                "{title}: {records}"
            );
        }
        // The YAML keys are neither a record's title nor a word of the index (these three;
        // English titles have "apply" and "includes" as words of their own).
        for key in ["eligibility", "exclusions", "provider"] {
            assert!(
                !records.contains(&format!(",\"{key}\",")),
                "{key}: {records}"
            );
            for e in std::fs::read_dir(search_dir(&dir)).unwrap() {
                let path = e.unwrap().path();
                if path
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with("t-")
                {
                    let shard = read(&path);
                    let form = format!("\"{key}\":");
                    assert!(
                        !shard.contains(&form),
                        "{key} in {}: {shard}",
                        path.display()
                    );
                }
            }
        }
    }
}

//! Content kinds (the glossary) and the safety rules, as an author meets them: every bad
//! input fails the build with exit 1, names the file, line and column, and leaves the previous
//! output exactly as it was.

mod common;

use std::path::Path;

use common::{build, snapshot, TempDir};

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

const GLOSSARY: &str = "---\ntitle: Vārdnīca\nkind: glossary\nentries:\n  - term: Valsts policija\n    abbr: VP\n    id: vp\n    synonyms: [policija]\n    definition: |\n      Reaģē uz izsaukumiem. Sk. [lapu](lapa.md).\n    see_also: [bāriņtiesa]\n  - term: Bāriņtiesa\n    definition: Aizsargā bērna tiesības.\n---\nIevads.\n";

/// A small valid site: a home page, a page and a glossary.
fn site() -> TempDir {
    let dir = TempDir::new("kinds");
    let root = dir.path();
    write(root, "site.yaml", "title: Tests\n");
    write(
        root,
        "content/_index.md",
        "---\ntitle: Sākums\n---\nVP ieradās. Vēlreiz VP. Sk. [VP](vardnica.md#vp).\n",
    );
    write(root, "content/lapa.md", "---\ntitle: Lapa\n---\n## Virsraksts\n\n<details><summary>Vairāk</summary>\n\n<kbd>Ctrl</kbd> un VP.\n\n</details>\n");
    write(root, "content/vardnica.md", GLOSSARY);
    dir
}

#[test]
fn a_glossary_page_lists_entries_with_anchors_and_pages_mark_the_first_abbreviation() {
    let dir = site();
    let run = build(dir.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let glossary = common::read(dir.path().join("public/vardnica.html"));
    // Alphabetical (Latvian order), each entry with its anchor.
    let b = glossary
        .find("id=\"bāriņtiesa\"")
        .expect("default anchor from the term");
    let v = glossary.find("id=\"vp\"").expect("explicit id");
    assert!(b < v, "Bāriņtiesa before Valsts policija");
    assert!(
        glossary.contains("<dfn>Valsts policija</dfn> (<abbr title=\"Valsts policija\">VP</abbr>)")
    );
    assert!(
        glossary.contains("<a href=\"lapa.html\">lapu</a>"),
        "definition links rewritten"
    );
    assert!(
        glossary.contains("<a href=\"#b%C4%81ri%C5%86tiesa\">Bāriņtiesa</a>")
            || glossary.contains("<a href=\"#bāriņtiesa\">Bāriņtiesa</a>"),
        "see also links to the entry"
    );
    assert!(
        glossary.contains("assets/css/kinds/glossary.css")
            && glossary.contains("assets/js/kinds/glossary.js")
    );
    let home = common::read(dir.path().join("public/index.html"));
    assert_eq!(
        home.matches("<abbr title=\"Valsts policija\">VP</abbr>")
            .count(),
        1,
        "{home}"
    );
    assert!(
        home.contains("VP ieradās")
            || home.contains("<abbr title=\"Valsts policija\">VP</abbr> ieradās")
    );
    assert!(
        !home.contains("glossary.js"),
        "kind assets only on pages that use the kind"
    );
    let page = common::read(dir.path().join("public/lapa.html"));
    assert!(
        page.contains("<kbd>Ctrl</kbd> un <abbr title=\"Valsts policija\">VP</abbr>"),
        "{page}"
    );
    assert!(
        page.contains("<details><summary>Vairāk</summary>"),
        "structural raw HTML stays"
    );
}

#[test]
fn a_fenced_glossary_block_sits_where_it_is_written() {
    let dir = site();
    write(
        dir.path(),
        "content/lapa.md",
        "---\ntitle: Lapa\n---\nPirms.\n\n```glossary\nentries:\n  - term: Krīzes dzīvoklis\n    abbr: KD\n    definition: Droša dzīvesvieta.\n```\n\nPēc. KD\n",
    );
    let run = build(dir.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = common::read(dir.path().join("public/lapa.html"));
    let page = &page[page.find("<div class=\"content\">").unwrap()..];
    let before = page.find("Pirms.").unwrap();
    let entry = page.find("id=\"krīzes-dzīvoklis\"").unwrap();
    let after = page.find("Pēc.").unwrap();
    assert!(before < entry && entry < after);
    // The entry itself explains KD (its <abbr> is the first use), so the later KD stays plain.
    assert!(
        page.contains("(<abbr title=\"Krīzes dzīvoklis\">KD</abbr>)"),
        "{page}"
    );
    assert!(page.contains("<p>Pēc. KD</p>"), "{page}");
}

/// (file, text, code, line, column or 0)
const BAD_INPUTS: &[(&str, &str, &str, usize, usize)] = &[
    ("content/a.md", "---\n#\n\"weight\": smags\ntitle: A\n---\n", "front-matter/type", 3, 11),
    ("content/b.md", "---\n#āā\n\"tags\": 5\ntitle: A\n---\n", "front-matter/type", 3, 9),
    ("content/c.md", "---\ntitle: C\n---\nSk. [šo](javascript:alert(1)).\n", "link/unsafe-url", 4, 0),
    ("content/d.md", "---\ntitle: D\n---\n\n![x](data:image/png;base64,AAAA)\n", "link/unsafe-url", 5, 0),
    ("content/e.md", "---\ntitle: E\n---\n\n<script>alert(1)</script>\n", "html/script", 5, 1),
    ("content/f.md", "---\ntitle: F\n---\nTeksts <img src=\"x.png\" onerror=\"alert(1)\"> beigas.\n", "html/event-handler", 4, 0),
    ("content/g.md", "---\ntitle: G\n---\n\n<iframe src=\"https://example.com\"></iframe>\n", "html/embedded", 5, 1),
    ("content/h.md", "---\ntitle: H\n---\n\n<p style=\"color: red\">x</p>\n", "html/style-attribute", 5, 0),
    ("content/i.md", "---\ntitle: I\n---\n\n<img src=\"https://example.com/a.png\" alt=\"a\">\n", "html/external-resource", 5, 0),
    ("content/j.md", "---\ntitle: J\n---\n\n![a](https://example.com/a.png)\n", "link/external-image", 5, 0),
    ("content/k.md", "---\ntitle: K\n---\nTeksts.\n\n```glossary\nentries:\n  - term: A\n    definiton: x\n```\n", "yaml/unknown-key", 9, 5),
    ("content/l.md", "---\ntitle: L\nkind: glossary\nentries:\n  - term: A\n    definition: x\n    see_also: [Nekas]\n---\n", "glossary/see-also", 7, 16),
    ("content/m.md", "---\ntitle: M\nkind: glosary\n---\n", "front-matter/kind", 3, 7),
    ("content/n.md", "---\ntitle: N\n---\nSk. [nav](vardnica.md#nav-tada).\n", "link/missing-anchor", 4, 0),
];

#[test]
fn every_bad_input_fails_with_file_line_and_column_and_keeps_the_previous_output() {
    let dir = site();
    assert_eq!(build(dir.path()).code, 0);
    let before = snapshot(&dir.path().join("public"));
    for (file, text, code, line, column) in BAD_INPUTS {
        write(dir.path(), file, text);
        let run = build(dir.path());
        std::fs::remove_file(dir.path().join(file)).unwrap();
        assert_eq!(run.code, 1, "{file}: {}", run.stderr);
        let at = if *column > 0 {
            format!("{file}:{line}:{column}: error[{code}]")
        } else {
            format!("{file}:{line}:")
        };
        assert!(
            run.stderr.contains(&at),
            "{file}: expected `{at}` in:\n{}",
            run.stderr
        );
        assert!(
            run.stderr.contains(&format!("error[{code}]")),
            "{file}: expected {code} in:\n{}",
            run.stderr
        );
        assert!(
            run.stderr.contains("= hint:"),
            "{file}: a hint in:\n{}",
            run.stderr
        );
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
        assert_eq!(
            snapshot(&dir.path().join("public")),
            before,
            "{file}: output changed"
        );
    }
}

#[test]
fn a_file_from_a_windows_editor_builds_exactly_like_its_lf_twin() {
    let lf = site();
    let crlf = site();
    for rel in [
        "content/_index.md",
        "content/lapa.md",
        "content/vardnica.md",
    ] {
        let text = std::fs::read_to_string(lf.path().join(rel)).unwrap();
        write(
            crlf.path(),
            rel,
            &format!("\u{feff}{}", text.replace('\n', "\r\n")),
        );
    }
    assert_eq!(build(lf.path()).code, 0);
    let run = build(crlf.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        snapshot(&lf.path().join("public")),
        snapshot(&crlf.path().join("public"))
    );
    // Mistakes are reported at the same line and column too.
    write(
        lf.path(),
        "content/x.md",
        "---\ntitle: X\nweight: smags\n---\n",
    );
    write(
        crlf.path(),
        "content/x.md",
        "\u{feff}---\r\ntitle: X\r\nweight: smags\r\n---\r\n",
    );
    let (a, b) = (build(lf.path()), build(crlf.path()));
    assert!(a.stderr.contains("content/x.md:3:9:"), "{}", a.stderr);
    let first = |s: &str| s.split("Build failed").next().unwrap().to_string();
    assert_eq!(first(&a.stderr), first(&b.stderr));
}

#[test]
fn names_that_differ_only_in_letter_case_are_an_error_naming_both_files() {
    let dir = site();
    write(dir.path(), "content/Lapa.md", "---\ntitle: Otra\n---\n");
    let run = build(dir.path());
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("error[output/case-collision]"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/Lapa.md") && run.stderr.contains("content/lapa.md"),
        "{}",
        run.stderr
    );
}

#[test]
fn yaml_nested_thousands_of_levels_deep_is_refused_not_a_crash() {
    let dir = site();
    let deep = format!(
        "---\ntitle: D\n---\nTeksts.\n\n```glossary\nentries:\n  {}x\n```\n",
        "- ".repeat(20_000)
    );
    write(dir.path(), "content/dzils.md", &deep);
    write(
        dir.path(),
        "content/kvadrati.md",
        &format!("---\ntitle: K\nextra: {}\n---\n", "[".repeat(20_000)),
    );
    let run = build(dir.path());
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("content/dzils.md:8:1: error[yaml/too-deep]"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("content/kvadrati.md:3:1: error[yaml/too-deep]"),
        "{}",
        run.stderr
    );
}

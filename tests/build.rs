//! `metodika build` on fixture sites: what a user sees in the output folder and in error messages.

mod common;

use common::*;

/// The part of a page from `start` (the element's opening text) to the next `end`; fails the
/// test when the element is missing, so that assertions look inside the element they are about.
fn element<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html
        .find(start)
        .unwrap_or_else(|| panic!("no `{start}` in the page"));
    let len = html[from..]
        .find(end)
        .unwrap_or_else(|| panic!("`{start}` is not closed by `{end}`"));
    &html[from..from + len + end.len()]
}

#[test]
fn valid_site_builds_every_page_section_and_index() {
    let site = site_copy("valid");
    let run = build(site.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let public = site.path().join("public");
    for file in [
        "index.html",
        "pakalpojumi/index.html",
        "pakalpojumi/krizes-dzivoklis.html",
        "pakalpojumi/abele.html",
        "vardnica.html",
        "tags/index.html",
        "tags/krizes-dzivoklis.html",
        "tags/cietusie.html",
        "404.html",
        "sitemap.xml",
        "att/shema.svg",
        "assets/css/style.css",
        "assets/js/theme.js",
    ] {
        assert!(public.join(file).is_file(), "missing {file}");
    }
    assert!(
        !public.join("pakalpojumi/melnraksts.html").exists(),
        "drafts are left out"
    );
}

#[test]
fn links_to_sources_become_relative_links_to_output_files() {
    let site = site_copy("valid");
    assert_eq!(build(site.path()).code, 0);
    let home = read(site.path().join("public/index.html"));
    // The navigation links to the section too: look at the text the author wrote.
    let text = element(&home, "<div class=\"content\">", "</div>");
    assert!(
        text.contains("<a href=\"pakalpojumi/index.html\">pakalpojumus</a>"),
        "{text}"
    );
    assert!(
        text.contains(
            "<a href=\"pakalpojumi/krizes-dzivoklis.html#krit%C4%93riji\">krīzes dzīvokli</a>"
        ),
        "{text}"
    );
    let page = read(site.path().join("public/pakalpojumi/krizes-dzivoklis.html"));
    assert!(page.contains("<a href=\"../vardnica.html#termins\">vārdnīcu</a>"));
    assert!(page.contains("<img src=\"../att/shema.svg\" alt=\"Shēma\" />"));
    assert!(page.contains("href=\"../assets/css/style.css\""));
    assert!(page.contains("<h2 id=\"kritēriji\">"));
    // No link may depend on a server: no absolute paths, no bare folder links.
    for html in [&home, &page] {
        assert!(!html.contains("href=\"/"), "absolute link in output");
        assert!(!html.contains("src=\"/"), "absolute source in output");
        assert!(!html.contains("/\""), "a link ends in a folder");
    }
}

#[test]
fn page_shows_breadcrumbs_toc_meta_callout_and_reading_neighbours() {
    let site = site_copy("valid");
    assert_eq!(build(site.path()).code, 0);
    let page = read(site.path().join("public/pakalpojumi/krizes-dzivoklis.html"));
    assert!(page.contains("callout-warning"));
    assert!(
        page.contains("Brīdinājums"),
        "callout label in the site language"
    );
    // Dates as Latvian readers write them, the machine-readable one beside.
    assert!(page.contains("<time datetime=\"2026-11-26\">26.11.2026.</time>"));
    assert!(page.contains("sociālais dienests"));
    // Each heading links to itself too, so look inside the table of contents.
    let toc = element(&page, "<nav class=\"toc\"", "</nav>");
    assert!(
        toc.contains("<a href=\"#kritēriji\">Kritēriji</a>")
            && toc.contains("<a href=\"#saistitie\">Saistītie</a>"),
        "table of contents links to headings: {toc}"
    );
    let meta = element(&page, "<dl class=\"page-meta\"", "</dl>");
    assert!(
        meta.contains(
            "<a class=\"tag\" href=\"../tags/krizes-dzivoklis.html\">krīzes dzīvoklis</a>"
        ),
        "{meta}"
    );
    // Breadcrumbs: home (by its short name), the section, then this page as text.
    let crumbs = element(&page, "<nav class=\"breadcrumbs\"", "</nav>");
    let expected = [
        "<li><a href=\"../index.html\">Sākums</a></li>",
        "<li><a href=\"index.html\">Pakalpojumi</a></li>",
        "<li><span aria-current=\"page\">Krīzes dzīvoklis</span></li>",
    ];
    let mut at = 0;
    for item in expected {
        let found = crumbs[at..]
            .find(item)
            .unwrap_or_else(|| panic!("`{item}` missing or out of order in {crumbs}"));
        at += found + item.len();
    }
    assert_eq!(crumbs.matches("<li>").count(), 3, "{crumbs}");
    // Reading order inside Pakalpojumi: the section, Krīzes dzīvoklis (weight 1), then Auto,
    // Ābele, Cilvēks, Čeks, and on to the next top-level page.
    let neighbours = |page: &str| {
        let html = read(site.path().join("public/pakalpojumi").join(page));
        let nav = element(&html, "<nav class=\"prev-next\"", "</nav>").to_string();
        let link = |rel: &str| {
            let a = element(&nav, &format!("<a class=\"prev-next-link {rel}\""), "</a>");
            let href = a
                .split("href=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap();
            let title = element(a, "<span class=\"prev-next-title\">", "</span>");
            let title =
                &title["<span class=\"prev-next-title\">".len()..title.len() - "</span>".len()];
            assert!(a.contains(&format!("rel=\"{rel}\"")), "{a}");
            (href.to_string(), title.to_string())
        };
        (link("prev"), link("next"))
    };
    let pair = |href: &str, title: &str| (href.to_string(), title.to_string());
    assert_eq!(
        neighbours("krizes-dzivoklis.html"),
        (pair("index.html", "Pakalpojumi"), pair("auto.html", "Auto"))
    );
    assert_eq!(
        neighbours("ceks.html"),
        (
            pair("cilveks.html", "Cilvēks"),
            pair("../vardnica.html", "Vārdnīca")
        )
    );
}

#[test]
fn siblings_are_ordered_by_weight_then_latvian_alphabet() {
    let site = site_copy("valid");
    assert_eq!(build(site.path()).code, 0);
    let section = read(site.path().join("public/pakalpojumi/index.html"));
    // The listing itself: the "next" link and the navigation name these pages too.
    let main = element(&section, "<section class=\"children\">", "</section>");
    let pos = |href: &str| {
        main.find(&format!("href=\"{href}\""))
            .unwrap_or_else(|| panic!("{href} not listed"))
    };
    let order = [
        "krizes-dzivoklis.html",
        "auto.html",
        "abele.html",
        "cilveks.html",
        "ceks.html",
    ];
    for pair in order.windows(2) {
        assert!(
            pos(pair[0]) < pos(pair[1]),
            "{} should come before {}",
            pair[0],
            pair[1]
        );
    }
    assert!(
        main.contains("Teksts bez apraksta"),
        "a page without description is listed with its opening text"
    );
}

#[test]
fn drafts_flag_includes_draft_pages() {
    let site = site_copy("valid");
    let run = metodika(&["build", "--root", site.path().to_str().unwrap(), "--drafts"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(site
        .path()
        .join("public/pakalpojumi/melnraksts.html")
        .is_file());
}

#[test]
fn building_twice_gives_byte_identical_output() {
    let site = site_copy("valid");
    let a = TempDir::new("det-a");
    let b = TempDir::new("det-b");
    let root = site.path().to_str().unwrap();
    let out_a = a.path().join("out");
    let out_b = b.path().join("out");
    assert_eq!(
        metodika(&["build", "--root", root, "--output", out_a.to_str().unwrap()]).code,
        0
    );
    assert_eq!(
        metodika(&["build", "--root", root, "--output", out_b.to_str().unwrap()]).code,
        0
    );
    let (sa, sb) = (snapshot(&out_a), snapshot(&out_b));
    assert!(sa.len() > 10);
    assert!(sa == sb, "two builds differ");
}

#[test]
fn sitemap_lists_absolute_urls_when_base_url_is_set() {
    let site = site_copy("valid");
    assert_eq!(build(site.path()).code, 0);
    let sitemap = read(site.path().join("public/sitemap.xml"));
    assert!(sitemap.contains("<loc>https://example.lv/metodika/</loc>"));
    assert!(sitemap.contains("<loc>https://example.lv/metodika/pakalpojumi/krizes-dzivoklis.html</loc><lastmod>2026-11-26</lastmod>"));
}

#[test]
fn front_matter_errors_are_all_reported_with_file_line_and_hint() {
    let site = site_copy("broken-front-matter");
    let run = build(site.path());
    assert_eq!(run.code, 1);
    let err = &run.stderr;
    assert!(
        err.contains(
            "content/unknown-key.md:3:1: error[yaml/unknown-key]: unknown key `descripton`"
        ),
        "{err}"
    );
    assert!(err.contains("hint: did you mean `description`?"), "{err}");
    assert!(
        err.contains("content/no-title.md:1:1: error[front-matter/title]"),
        "{err}"
    );
    assert!(
        err.contains("content/bad-yaml.md:4:7: error[yaml/invalid]"),
        "{err}"
    );
    assert!(
        err.contains("content/no-front-matter.md:1:1: error[front-matter/missing]"),
        "{err}"
    );
    assert!(err.contains("Build failed: 4 errors"), "{err}");
    assert!(
        !site.path().join("public").exists(),
        "nothing is written on failure"
    );
}

#[test]
fn link_errors_name_the_exact_place_and_suggest_a_fix() {
    let site = site_copy("broken-links");
    let run = build(site.path());
    assert_eq!(run.code, 1);
    let err = &run.stderr;
    let expected = [
        "content/sadala/lapa.md:6:25: error[link/missing-page]",
        "content/sadala/lapa.md:7:31: error[link/missing-anchor]",
        "content/sadala/lapa.md:8:28: error[link/missing-anchor]",
        "content/sadala/lapa.md:9:15: error[link/missing-file]",
        "content/sadala/lapa.md:10:12: error[link/absolute]",
        "content/sadala/lapa.md:10:41: error[link/folder]",
    ];
    for e in expected {
        assert!(err.contains(e), "missing `{e}` in:\n{err}");
    }
    assert!(err.contains("did you mean `#esošs-virsraksts`?"), "{err}");
    assert!(
        err.contains("8 | Saite uz [tuvu virsrakstu](merkis.md#esošs-virsrakts)."),
        "snippet shown:\n{err}"
    );
    assert!(err.contains("Build failed: 6 errors, 1 warning"), "{err}");
}

#[test]
fn template_syntax_error_points_at_the_template_line() {
    let site = site_copy("broken-template");
    let run = build(site.path());
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("themes/custom/templates/page.html:5:24: error[template/error]"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("{{ page.content | safe }"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_failed_build_leaves_the_previous_output_exactly_as_it_was() {
    let site = site_copy("valid");
    assert_eq!(build(site.path()).code, 0);
    let public = site.path().join("public");
    let before = snapshot(&public);
    let page = site.path().join("content/pakalpojumi/abele.md");
    std::fs::write(
        &page,
        "---\ntitle: Ābele\n---\nJauns teksts ar [saiti](nav.md).\n",
    )
    .unwrap();
    let run = build(site.path());
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("content/pakalpojumi/abele.md:4:"),
        "{}",
        run.stderr
    );
    assert!(snapshot(&public) == before, "the old output changed");
    let leftovers: Vec<_> = std::fs::read_dir(site.path())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "temporary folders left: {leftovers:?}"
    );
}

#[test]
fn a_successful_rebuild_replaces_the_output_and_drops_removed_pages() {
    let site = site_copy("valid");
    assert_eq!(build(site.path()).code, 0);
    std::fs::remove_file(site.path().join("content/pakalpojumi/ceks.md")).unwrap();
    assert_eq!(build(site.path()).code, 0);
    assert!(!site.path().join("public/pakalpojumi/ceks.html").exists());
}

#[test]
fn refuses_to_replace_a_folder_it_did_not_make() {
    let site = site_copy("valid");
    let run = metodika(&[
        "build",
        "--root",
        site.path().to_str().unwrap(),
        "--output",
        site.path().join("content").to_str().unwrap(),
    ]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("output/not-ours"), "{}", run.stderr);
    assert!(site.path().join("content/_index.md").is_file());
}

#[test]
fn usage_errors_exit_with_2_and_help_exists_for_every_command() {
    assert_eq!(metodika(&["build", "--no-such-flag"]).code, 2);
    assert_eq!(metodika(&["frobnicate"]).code, 2);
    assert_eq!(metodika(&["build", "--root", "/no/such/dir"]).code, 2);
    let help = metodika(&["build", "--help"]);
    assert_eq!(help.code, 0);
    assert!(help.stdout.contains("--output") && help.stdout.contains("--drafts"));
}

#[test]
fn a_missing_site_yaml_is_explained() {
    let dir = TempDir::new("empty");
    let run = build(dir.path());
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("site.yaml: error[config/unreadable]"),
        "{}",
        run.stderr
    );
}

#[test]
fn english_sites_use_english_labels_and_order() {
    let site = site_copy("valid");
    let config = site.path().join("site.yaml");
    let text = read(&config).replace("language: lv", "language: en");
    std::fs::write(&config, text).unwrap();
    assert_eq!(build(site.path()).code, 0);
    let page = read(site.path().join("public/pakalpojumi/krizes-dzivoklis.html"));
    assert!(page.contains("<html lang=\"en\""));
    assert!(page.contains(">Warning<"), "callout label in English");
    assert!(page.contains("<time datetime=\"2026-11-26\">26 November 2026</time>"));
    let section = read(site.path().join("public/pakalpojumi/index.html"));
    let main = element(&section, "<section class=\"children\">", "</section>");
    // English collation: Ābele sorts with A, before Auto.
    assert!(main.find("abele.html").unwrap() < main.find("auto.html").unwrap());
}

#[test]
fn navigation_holds_all_sections_but_only_the_open_branch_pages() {
    let dir = TempDir::new("nav");
    std::fs::write(dir.path().join("site.yaml"), "title: Nav\n").unwrap();
    let content = dir.path().join("content");
    std::fs::create_dir_all(&content).unwrap();
    std::fs::write(content.join("_index.md"), "---\ntitle: Sākums\n---\n").unwrap();
    for s in 0..5 {
        let sec = content.join(format!("s{s}"));
        std::fs::create_dir_all(&sec).unwrap();
        std::fs::write(
            sec.join("_index.md"),
            format!("---\ntitle: Sadaļa {s}\nweight: {s}\n---\n"),
        )
        .unwrap();
        for p in 0..20 {
            std::fs::write(
                sec.join(format!("p{p}.md")),
                format!("---\ntitle: Lapa {s}-{p}\n---\nTeksts.\n"),
            )
            .unwrap();
        }
    }
    assert_eq!(build(dir.path()).code, 0);
    let page = read(dir.path().join("public/s2/p3.html"));
    let nav_start = page
        .find("<nav class=\"site-nav\"")
        .expect("site navigation");
    let nav = &page[nav_start..nav_start + page[nav_start..].find("</nav>").unwrap()];
    // Links are relative to the page (s2/p3.html).
    for s in [0, 1, 3, 4] {
        assert!(
            nav.contains(&format!("href=\"../s{s}/index.html\"")),
            "section {s} in navigation"
        );
    }
    assert!(
        nav.contains("href=\"index.html\""),
        "own section in navigation"
    );
    assert!(
        nav.contains("href=\"p7.html\""),
        "sibling pages of the open branch are listed"
    );
    assert!(
        !page.contains("s1/p7.html"),
        "pages of closed sections are not listed"
    );
}

#[test]
fn a_site_template_overrides_one_theme_template() {
    let site = site_copy("valid");
    let partials = site.path().join("templates/partials");
    std::fs::create_dir_all(&partials).unwrap();
    std::fs::write(
        partials.join("page_meta.html"),
        "<p class=\"my-meta\">{{ page.title }} — {{ t.updated }}</p>\n",
    )
    .unwrap();
    let run = build(site.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = read(site.path().join("public/pakalpojumi/krizes-dzivoklis.html"));
    assert!(page.contains("<p class=\"my-meta\">Krīzes dzīvoklis — Atjaunināts</p>"));
    assert!(
        page.contains("class=\"site-nav\""),
        "the rest still comes from the theme"
    );
}

#[test]
fn hostile_input_never_panics_and_is_reported() {
    let dir = TempDir::new("hostile");
    std::fs::write(dir.path().join("site.yaml"), "title: Hostile\n").unwrap();
    let content = dir.path().join("content");
    std::fs::create_dir_all(content.join("deep/er")).unwrap();
    let nested = format!(
        "---\ntitle: x\nextra: {}{}\n---\n",
        "[".repeat(200),
        "]".repeat(200)
    );
    let cases: &[(&str, &[u8])] = &[
        ("_index.md", b"---\ntitle: Home\n---\n"),
        ("binary.md", &[0xff, 0xfe, 0x00, 0x2d, 0x2d, 0x2d, 0x0a, 0x80]),
        ("bom.md", "\u{feff}---\ntitle: BOM\n---\n# H\n".as_bytes()),
        ("yaml-list.md", b"---\n- a\n- b\n---\n"),
        ("yaml-tags.md", b"---\ntitle: !!binary aGVsbG8=\nweight: 99999999999999999999999\n---\n"),
        ("yaml-anchor.md", b"---\ntitle: &a [*a]\n---\n"),
        ("yaml-nested.md", nested.as_bytes()),
        ("title-map.md", b"---\ntitle: {a: b}\ntags: 5\naudience: [[x]]\nupdated: 2026-02-30\ndraft: maybe\n---\n"),
        ("links.md", b"---\ntitle: Links\n---\n[a](%) [b](%zz) [c](../../../../etc/passwd) ![d](links.md) [e](<>) [f](#) [g](\\\\srv\\x) [h](C:\\x.md) [\xc4\x81](%C4)\n"),
        ("markdown.md", "---\ntitle: Md\n---\n```\nunclosed\n\n## ???\n\n## ???\n\n> [!NOTE]\n> > [!TIP]\n> > x\n\n| a |\n|---|---|\n\n[^x]\n\n<script>alert(1)</script>\n".as_bytes()),
        ("deep/er/page.md", b"---\ntitle: Deep\n---\n[up](../../_index.md#nope) [self](#)\n"),
        ("empty.md", b""),
        ("only-dashes.md", b"---\n---\n---\n"),
    ];
    for (name, bytes) in cases {
        std::fs::write(content.join(name), bytes).unwrap();
    }
    let run = build(dir.path());
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    for file in [
        "binary.md",
        "yaml-list.md",
        "yaml-tags.md",
        "title-map.md",
        "links.md",
        "deep/er/page.md",
        "empty.md",
        "only-dashes.md",
    ] {
        assert!(
            run.stderr.contains(&format!("content/{file}:")),
            "no diagnostic for {file}:\n{}",
            run.stderr
        );
    }
}

/// A small site from (path, text) pairs.
fn site_from(files: &[(&str, &str)]) -> TempDir {
    let dir = TempDir::new("adhoc");
    for (path, text) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

#[test]
fn two_sources_of_one_output_file_are_an_error() {
    let site = site_from(&[
        ("site.yaml", "title: T\n"),
        ("content/_index.md", "---\ntitle: Sākums\n---\n"),
        ("content/a/_index.md", "---\ntitle: A\n---\n"),
        ("content/a/index.md", "---\ntitle: Otrs A\n---\n"),
        ("content/404.md", "---\ntitle: Mans 404\n---\n"),
        ("content/b.md", "---\ntitle: B\ntags: [Index]\n---\n"),
    ]);
    let run = build(site.path());
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(
            "content/a/index.md: error[output/collision]: `a/index.html` would be written twice"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("content/404.md: error[output/collision]"),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("tags/index.html"),
        "a tag named Index gets another file name: {}",
        run.stderr
    );
}

#[test]
fn links_are_rewritten_exactly_as_they_are_checked() {
    let site = site_from(&[
        ("site.yaml", "title: T\n"),
        (
            "content/_index.md",
            "---\ntitle: Sākums\n---\n[a](a/p.md?v=1#h) [up](a/..) [m](a/my_index.md)\n",
        ),
        ("content/a/_index.md", "---\ntitle: A\n---\n"),
        ("content/a/p.md", "---\ntitle: P\n---\n## H {#h}\n"),
        ("content/a/my_index.md", "---\ntitle: M\n---\n"),
    ]);
    let run = build(site.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let home = read(site.path().join("public/index.html"));
    assert!(home.contains("href=\"a/p.html?v=1#h\""));
    assert!(home.contains("href=\"a/../index.html\""));
    assert!(home.contains("href=\"a/my_index.html\""));
    assert!(site.path().join("public/a/my_index.html").is_file());

    std::fs::write(
        site.path().join("content/a/p.md"),
        "---\ntitle: P\n---\n[x](..%2Fa%2Fp.md) ![i](../a/)\n",
    )
    .unwrap();
    let run = build(site.path());
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("error[link/encoded-slash]"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("the image `../a/` points at a folder"),
        "{}",
        run.stderr
    );
}

#[cfg(unix)]
#[test]
fn symbolic_links_leading_out_of_the_site_are_not_published() {
    let outside = TempDir::new("outside");
    std::fs::write(outside.path().join("secret.txt"), "SECRET").unwrap();
    let site = site_copy("valid");
    std::os::unix::fs::symlink(outside.path(), site.path().join("content/shared")).unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret.txt"),
        site.path().join("content/one.txt"),
    )
    .unwrap();
    let run = build(site.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("warning[load/symlink-outside]"),
        "{}",
        run.stderr
    );
    assert!(!site.path().join("public/shared").exists());
    assert!(!site.path().join("public/one.txt").exists());
}

#[test]
fn check_renders_templates_too() {
    let site = site_copy("valid");
    let partials = site.path().join("templates/partials");
    std::fs::create_dir_all(&partials).unwrap();
    std::fs::write(partials.join("page_meta.html"), "{{ page.updatedd }}\n").unwrap();
    let run = metodika(&["check", "--root", site.path().to_str().unwrap()]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("templates/partials/page_meta.html:1:4: error[template/error]"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("page.updatedd"), "{}", run.stderr);
}

/// Builds the repository's sample site into `out/public`.
fn build_sample(out: &TempDir) -> std::path::PathBuf {
    let public = out.path().join("public");
    let run = metodika(&[
        "build",
        "--root",
        env!("CARGO_MANIFEST_DIR"),
        "--output",
        public.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    public
}

/// The Content-Security-Policy every page of the default theme carries.
const CSP: &str = "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'none'\">";

#[test]
fn every_page_of_the_sample_site_carries_exactly_the_content_security_policy() {
    let out = TempDir::new("csp");
    let public = build_sample(&out);
    let pages: Vec<_> = snapshot(&public)
        .into_iter()
        .filter(|(path, _)| path.extension().is_some_and(|x| x == "html"))
        .collect();
    assert!(pages.len() >= 20, "only {} pages", pages.len());
    assert!(pages.iter().any(|(p, _)| p.ends_with("404.html")));
    for (path, bytes) in pages {
        let html = String::from_utf8(bytes).unwrap();
        let path = path.display();
        // Right after the charset, before anything it must cover.
        assert!(
            html.contains(&format!("<head>\n<meta charset=\"utf-8\">\n{CSP}\n")),
            "{path}: no policy right after the charset"
        );
        assert_eq!(html.matches("Content-Security-Policy").count(), 1, "{path}");
        assert!(
            !html.contains("connect-src"),
            "{path}: serve's addition leaked"
        );
        // What the policy would block: the theme must need none of it.
        assert!(!html.contains("<script>"), "{path}: inline script");
        assert!(!html.contains("<style"), "{path}: inline style element");
        assert!(!html.contains(" style=\""), "{path}: style attribute");
    }
}

/// The stylesheets and scripts a page links, as paths relative to the page.
fn linked_assets(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for open in ["<link rel=\"stylesheet\" href=\"", "<script src=\""] {
        for part in html.split(open).skip(1) {
            out.push(part.split('"').next().unwrap().to_string());
        }
    }
    out
}

#[test]
fn ordinary_pages_stay_within_60_kb_and_load_a_kinds_assets_only_where_it_is_used() {
    let out = TempDir::new("weight");
    let public = build_sample(&out);
    let mut ordinary = 0;
    for (path, bytes) in snapshot(&public) {
        if path.extension().is_none_or(|x| x != "html") {
            continue;
        }
        let html = String::from_utf8(bytes.clone()).unwrap();
        let assets = linked_assets(&html);
        let has_quiz = html.contains("data-metodika=\"quiz\"");
        let loads_quiz = assets.iter().any(|a| a.ends_with("kinds/quiz.js"));
        let is_progress = path.ends_with("progress.html");
        assert_eq!(has_quiz || is_progress, loads_quiz, "{}", path.display());
        assert_eq!(
            has_quiz || is_progress,
            assets.iter().any(|a| a.ends_with("kinds/quiz.css")),
            "{}",
            path.display()
        );
        // A page that shows a content kind is not an ordinary page.
        let kinds = html.matches("data-metodika=\"").count()
            - html.matches("data-metodika=\"theme-switch\"").count()
            - html.matches("data-metodika=\"search\"").count();
        if has_quiz || is_progress || kinds > 0 {
            continue;
        }
        ordinary += 1;
        let dir = public.join(&path).parent().unwrap().to_path_buf();
        let weight: u64 = bytes.len() as u64
            + assets
                .iter()
                .map(|a| std::fs::metadata(dir.join(a)).unwrap().len())
                .sum::<u64>();
        assert!(
            weight <= 60 * 1024,
            "{}: {weight} bytes of HTML, CSS and JS",
            path.display()
        );
    }
    assert!(ordinary >= 15, "{ordinary} ordinary pages");
}

/// The ids the content kinds give their blocks follow the site's language, in the page and in
/// the link checker: a Latvian link `#kontrolsaraksts` is broken on an English site.
#[test]
fn block_ids_follow_the_site_language() {
    let ids = |html: &str| -> Vec<String> {
        html.split(" id=\"")
            .skip(1)
            .map(|p| p.split('"').next().unwrap().to_string())
            .collect()
    };
    let (_lv, public) = common::built_fixture("structured", "Bloki");
    let service = read(public.join("krizes-dzivoklis.html"));
    assert!(ids(&service).contains(&"pakalpojums".to_string()));
    assert!(ids(&service).contains(&"pakalpojums-includes".to_string()));
    assert!(ids(&read(public.join("parbaude.html"))).contains(&"kontrolsaraksts".to_string()));
    assert!(ids(&read(public.join("algoritms.html"))).contains(&"algoritms".to_string()));

    let en = site_copy("structured");
    std::fs::write(en.path().join("site.yaml"), "title: Blocks\nlanguage: en\n").unwrap();
    let run = build(en.path());
    assert_ne!(run.code, 0, "the Latvian anchor is not on an English page");
    assert!(
        run.stderr.contains("error[link/missing-anchor]")
            && run.stderr.contains("#kontrolsaraksts"),
        "{}",
        run.stderr
    );
    let page = en.path().join("content/krizes-dzivoklis.md");
    std::fs::write(&page, read(&page).replace("#kontrolsaraksts", "#checklist")).unwrap();
    let run = build(en.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let public = en.path().join("public");
    let service = read(public.join("krizes-dzivoklis.html"));
    assert!(ids(&service).contains(&"service".to_string()));
    assert!(ids(&service).contains(&"service-eligibility".to_string()));
    assert!(!service.contains("pakalpojums"));
    assert!(ids(&read(public.join("parbaude.html"))).contains(&"checklist".to_string()));
    assert!(ids(&read(public.join("algoritms.html"))).contains(&"algorithm".to_string()));
}

/// A content kind's theme files live together in the theme's `kinds/NAME/` folder (template,
/// CSS, JS, strings); a site still overrides them by their old names, and a string given
/// twice (the kind's and the theme's) is an error naming both files.
#[test]
fn a_kinds_theme_folder_is_overridden_by_name_and_its_strings_stay_unique() {
    let (dir, public) = common::built_fixture("structured", "Tēmas mape");
    let page = read(public.join("krizes-dzivoklis.html"));
    assert!(page.contains("assets/css/kinds/service.css"));
    assert!(public.join("assets/js/kinds/service.js").is_file());
    std::fs::create_dir_all(dir.path().join("templates/kinds")).unwrap();
    std::fs::write(
        dir.path().join("templates/kinds/service.html"),
        "<p class=\"mans-pakalpojums\">{{ data.id }}</p>",
    )
    .unwrap();
    common::rebuild(dir.path());
    assert!(read(public.join("krizes-dzivoklis.html"))
        .contains("<p class=\"mans-pakalpojums\">pakalpojums</p>"));

    let site = TempDir::new("kind-strings");
    let run = metodika(&[
        "new",
        site.path().join("s").to_str().unwrap(),
        "--copy-theme",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let root = site.path().join("s");
    let strings = root.join("themes/default/kinds/glossary/lv.yaml");
    assert!(strings.is_file());
    let text = read(&strings) + "home: \"Sākums\"\n";
    std::fs::write(&strings, text).unwrap();
    let run = build(&root);
    assert_ne!(run.code, 0);
    assert!(
        run.stderr.contains("themes/default/kinds/glossary/lv.yaml")
            && run.stderr.contains("error[theme/duplicate-string]")
            && run.stderr.contains("themes/default/i18n/lv.yaml"),
        "{}",
        run.stderr
    );
}

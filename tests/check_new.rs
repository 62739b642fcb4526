//! `metodika check` and `metodika new`.

mod common;

use common::*;

#[test]
fn check_reports_errors_as_text_and_exits_1_without_writing() {
    let site = site_copy("broken-links");
    let run = metodika(&["check", "--root", site.path().to_str().unwrap()]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("content/sadala/lapa.md:6:25: error[link/missing-page]"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("Checked 4 pages: 6 errors, 4 warnings."),
        "{}",
        run.stderr
    );
    assert!(!site.path().join("public").exists(), "check writes nothing");
}

#[test]
fn check_json_gives_one_object_per_problem() {
    let site = site_copy("broken-front-matter");
    let run = metodika(&[
        "check",
        "--root",
        site.path().to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 1);
    let problems: Vec<serde_json::Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect();
    assert_eq!(problems.len(), 4, "{}", run.stdout);
    let unknown = problems
        .iter()
        .find(|p| p["code"] == "yaml/unknown-key")
        .expect("unknown key reported");
    assert_eq!(unknown["file"], "content/unknown-key.md");
    assert_eq!(unknown["line"], 3);
    assert_eq!(unknown["column"], 1);
    assert_eq!(unknown["severity"], "error");
    assert_eq!(unknown["hint"], "did you mean `description`?");
    assert!(unknown["message"].as_str().unwrap().contains("descripton"));
}

#[test]
fn warnings_fail_check_only_with_deny_warnings() {
    let site = site_copy("valid");
    let root = site.path().to_str().unwrap();
    let run = metodika(&["check", "--root", root]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // abele.md, auto.md ... have no description: warnings.
    assert!(
        run.stderr.contains("warning[lint/no-description]"),
        "{}",
        run.stderr
    );
    assert_eq!(
        metodika(&["check", "--root", root, "--deny-warnings"]).code,
        1
    );
    let external = site.path().join("content/pakalpojumi/auto.md");
    std::fs::write(
        &external,
        "---\ntitle: Auto\ndescription: Apraksts.\n---\nSk. [likumi.lv](https://likumi.lv).\n",
    )
    .unwrap();
    let run = metodika(&["check", "--root", root, "--format", "json"]);
    assert!(
        run.stdout.contains("\"code\":\"lint/external-link\""),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("\"line\":5"), "{}", run.stdout);
}

#[test]
fn new_site_builds_and_passes_check_in_both_languages() {
    for language in ["lv", "en"] {
        let dir = TempDir::new("new");
        let site = dir.path().join("site");
        let run = metodika(&["new", site.to_str().unwrap(), "--language", language]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let check = metodika(&["check", "--root", site.to_str().unwrap(), "--deny-warnings"]);
        assert_eq!(check.code, 0, "{language}: {}", check.stderr);
        assert_eq!(build(&site).code, 0);
        assert!(site.join("public/index.html").is_file());
        assert!(
            site.join("public/progress.html").is_file(),
            "the example quiz brings the progress page"
        );
        assert!(
            site.join("public/services.html").is_file(),
            "the example service brings the catalogue"
        );
        assert!(
            !site.join("themes").exists(),
            "the theme is referenced, not copied"
        );
        let page = std::fs::read_dir(site.join("public")).unwrap().count();
        assert!(page > 3);
    }
}

#[test]
fn new_refuses_a_non_empty_folder_and_can_copy_the_theme() {
    let dir = TempDir::new("new-twice");
    let site = dir.path().join("site");
    let path = site.to_str().unwrap();
    assert_eq!(metodika(&["new", path]).code, 0);
    let before = snapshot(&site);
    let again = metodika(&["new", path]);
    assert_eq!(again.code, 2);
    assert!(again.stderr.contains("not empty"), "{}", again.stderr);
    assert!(snapshot(&site) == before, "nothing was overwritten");

    let copy = dir.path().join("copy");
    assert_eq!(
        metodika(&["new", copy.to_str().unwrap(), "--copy-theme"]).code,
        0
    );
    assert!(copy.join("themes/default/templates/base.html").is_file());
    assert!(copy.join("themes/default/i18n/lv.yaml").is_file());
    assert_eq!(build(&copy).code, 0);
}

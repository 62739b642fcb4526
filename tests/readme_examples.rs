//! The author's guide in README.md is tried as a new author would use it: every page example
//! (a `yaml` block that starts with `---`) and every `markdown` example is put into a small
//! site on its own and must build without a problem.

mod common;

use common::TempDir;

/// (line, info, text) of each top-level fenced block of the author's guide.
fn guide_blocks() -> Vec<(usize, String, String)> {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let start = readme
        .find("## Author's guide")
        .expect("the README has an author's guide");
    let end = readme[start..]
        .find("\n## ")
        .map_or(readme.len(), |e| start + e);
    let first_line = readme[..start].lines().count() + 1;
    let mut blocks = Vec::new();
    let mut open: Option<(usize, String, String, String)> = None;
    for (n, line) in readme[start..end].lines().enumerate() {
        match &mut open {
            None => {
                let fence_len = line.chars().take_while(|&c| c == '`').count();
                if fence_len >= 3 && line.len() > fence_len && !line[fence_len..].contains('`') {
                    open = Some((
                        first_line + n,
                        "`".repeat(fence_len),
                        line[fence_len..].trim().to_string(),
                        String::new(),
                    ));
                } else if fence_len >= 3 && line.len() == fence_len {
                    open = Some((
                        first_line + n,
                        "`".repeat(fence_len),
                        String::new(),
                        String::new(),
                    ));
                }
            }
            Some((at, fence, info, text)) => {
                if line == fence.as_str() {
                    blocks.push((*at, std::mem::take(info), std::mem::take(text)));
                    open = None;
                } else {
                    text.push_str(line);
                    text.push('\n');
                }
            }
        }
    }
    blocks
}

#[test]
fn every_page_and_markdown_example_of_the_authors_guide_builds() {
    let examples: Vec<(usize, String)> = guide_blocks()
        .into_iter()
        .filter_map(|(line, info, text)| match info.as_str() {
            "yaml" if text.starts_with("---\n") => Some((line, text)),
            "markdown" => Some((line, format!("---\ntitle: Piemērs\n---\n\n{text}"))),
            _ => None,
        })
        .collect();
    let quizzes = examples
        .iter()
        .filter(|(_, t)| t.contains("kind: quiz") || t.contains("```quiz"))
        .count();
    assert!(
        quizzes >= 8,
        "the guide shows a quiz page and every question type: {quizzes}"
    );
    let mut failures = Vec::new();
    for (line, page) in &examples {
        let dir = TempDir::new("readme");
        let site = dir.path();
        // What the examples link to, as in the sample site; each example is a page in riciba/.
        for (path, text) in [
            ("site.yaml", "title: Piemēri\n"),
            ("content/_index.md", "---\ntitle: Sākums\n---\n[Piemērs](riciba/piemers.md)\n"),
            ("content/riciba/_index.md", "---\ntitle: Rīcība\n---\n"),
            ("content/riciba/sadarbibas-shema.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n"),
            ("content/pakalpojumi/_index.md", "---\ntitle: Pakalpojumi\n---\n"),
            (
                "content/pakalpojumi/cietusajiem/krizes-dzivoklis.md",
                "---\ntitle: Krīzes dzīvoklis\n---\n## Kritēriji {#kriteriji}\n\nAugsts vardarbības risks.\n",
            ),
            ("content/riciba/piemers.md", page.as_str()),
        ] {
            let file = site.join(path);
            std::fs::create_dir_all(file.parent().unwrap()).unwrap();
            std::fs::write(file, text).unwrap();
        }
        let run = common::build(site);
        if run.code != 0 {
            failures.push(format!("README.md line {line}:\n{}", run.stderr));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

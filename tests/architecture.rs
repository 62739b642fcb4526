//! The architecture, kept by tests: Cargo refuses cycles between the workspace's crates; these
//! tests refuse them between the top-level modules inside each crate, and refuse a content
//! kind's name in code outside the kind's own folders (its Rust folder and its theme folder),
//! so that a kind stays one folder, one theme folder and one registration line.
//!
//! Both read the sources as text: test code (files `tests.rs` and `test_support.rs`, and
//! everything after a file's `#[cfg(test)]`) and comments do not count.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The `src/` folder of every crate: the workspace's and the binary's.
fn crate_sources() -> Vec<PathBuf> {
    let mut out = vec![repo().join("src")];
    let mut crates: Vec<PathBuf> = std::fs::read_dir(repo().join("crates"))
        .unwrap()
        .map(|e| e.unwrap().path().join("src"))
        .filter(|p| p.is_dir())
        .collect();
    crates.sort();
    out.extend(crates);
    out
}

fn files_with(dir: &Path, extensions: &[&str]) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| {
            p.extension()
                .is_some_and(|x| extensions.iter().any(|e| x == *e))
        })
        .collect();
    out.sort();
    out
}

/// The product code of a Rust file: nothing of its tests, and no comments.
fn product_rust(path: &Path) -> String {
    let name = path.file_name().unwrap().to_string_lossy();
    if name == "tests.rs" || name == "test_support.rs" {
        return String::new();
    }
    let text = std::fs::read_to_string(path).unwrap();
    let text = match text.find("#[cfg(test)]") {
        Some(at) => &text[..at],
        None => &text[..],
    };
    strip_comments(text, true)
}

/// Removes `//` line comments (when `line_comments`) and `/* */` block comments, leaving string
/// literals whole (a `//` inside a string is not a comment).
fn strip_comments(text: &str, line_comments: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut in_string = false;
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            if c == '\\' {
                if let Some(n) = chars.next() {
                    out.push(n);
                }
            } else if c == '"' {
                in_string = false;
            }
            continue;
        }
        match (c, chars.peek()) {
            ('"', _) => {
                in_string = true;
                out.push(c);
            }
            ('/', Some('/')) if line_comments => {
                for n in chars.by_ref() {
                    if n == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            ('/', Some('*')) => {
                chars.next();
                let mut last = ' ';
                for n in chars.by_ref() {
                    if n == '\n' {
                        out.push('\n');
                    }
                    if last == '*' && n == '/' {
                        break;
                    }
                    last = n;
                }
            }
            _ => out.push(c),
        }
    }
    out
}

/// The module a file belongs to, as a path from its crate root (`parse/mod.rs` -> `parse`).
fn module_path(src: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src).unwrap();
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let last = parts.pop().unwrap();
    let stem = last.trim_end_matches(".rs");
    if !matches!(stem, "mod" | "lib" | "main") {
        parts.push(stem.to_string());
    }
    parts
}

/// Top-level modules of one crate and the ones each uses (`crate::x`, or `super::x` that
/// reaches the crate root), other than itself.
fn module_graph(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let files = files_with(src, &["rs"]);
    let modules: BTreeSet<String> = files
        .iter()
        .filter_map(|f| module_path(src, f).first().cloned())
        .collect();
    let path_re = |text: &str| -> Vec<(usize, String)> {
        // (number of leading `super::`, first name after them or after `crate::`)
        let mut out = Vec::new();
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < text.len() {
            let rest = &text[i..];
            let boundary =
                i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_');
            if boundary && (rest.starts_with("crate::") || rest.starts_with("super::")) {
                let mut supers = 0;
                let mut j = i;
                let root = text[j..].starts_with("crate::");
                if root {
                    j += "crate::".len();
                } else {
                    while text[j..].starts_with("super::") {
                        supers += 1;
                        j += "super::".len();
                    }
                }
                let name: String = text[j..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                out.push((if root { usize::MAX } else { supers }, name));
                i = j;
            } else {
                i += rest.chars().next().map_or(1, char::len_utf8);
            }
        }
        out
    };
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in &files {
        let here = module_path(src, file);
        let Some(top) = here.first().cloned() else {
            continue;
        };
        let text = product_rust(file);
        let entry = graph.entry(top.clone()).or_default();
        for (supers, name) in path_re(&text) {
            // `crate::x`, or `super::x` from a top-level module's own file (the crate root);
            // a shorter `super::` stays inside the module.
            let target = (supers == usize::MAX || supers == here.len()).then_some(name);
            if let Some(t) = target {
                if t != top && modules.contains(&t) {
                    entry.insert(t);
                }
            }
        }
    }
    graph
}

/// A cycle in `graph`, if any, as the modules along it.
fn find_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        stack: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        state.insert(node.to_string(), 1);
        stack.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            match state.get(next.as_str()) {
                Some(1) => {
                    let from = stack.iter().position(|s| s == next).unwrap();
                    let mut cycle = stack[from..].to_vec();
                    cycle.push(next.clone());
                    return Some(cycle);
                }
                Some(_) => {}
                None => {
                    if let Some(c) = visit(next, graph, state, stack) {
                        return Some(c);
                    }
                }
            }
        }
        stack.pop();
        state.insert(node.to_string(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for node in graph.keys() {
        if !state.contains_key(node) {
            if let Some(c) = visit(node, graph, &mut state, &mut Vec::new()) {
                return Some(c);
            }
        }
    }
    None
}

#[test]
fn no_crate_has_an_import_cycle_between_its_top_level_modules() {
    let mut checked = 0;
    for src in crate_sources() {
        let graph = module_graph(&src);
        checked += graph.len();
        if let Some(cycle) = find_cycle(&graph) {
            panic!(
                "{}: the modules {} import each other in a cycle; move what both need below \
                 them (or into another crate)",
                src.display(),
                cycle.join(" -> ")
            );
        }
    }
    assert!(
        checked > 20,
        "only {checked} modules found: is the layout as expected?"
    );
}

#[test]
fn the_cycle_finder_finds_a_cycle() {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    graph.entry("a".into()).or_default().insert("b".into());
    graph.entry("b".into()).or_default().insert("c".into());
    graph.entry("c".into()).or_default().insert("a".into());
    assert_eq!(
        find_cycle(&graph).unwrap(),
        ["a", "b", "c", "a"].map(String::from)
    );
    graph.get_mut("c").unwrap().clear();
    assert_eq!(find_cycle(&graph), None);
}

/// Words of an identifier or a string (`QuizProgress`, `quiz_progress`, `kinds/quiz.html`
/// -> quiz, progress, ...), lower-cased.
fn words(token: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut prev_lower = false;
    for c in token.chars() {
        if c.is_alphabetic() {
            if c.is_uppercase() && prev_lower && !word.is_empty() {
                out.push(std::mem::take(&mut word).to_lowercase());
            }
            word.push(c);
            prev_lower = c.is_lowercase();
        } else {
            if !word.is_empty() {
                out.push(std::mem::take(&mut word).to_lowercase());
            }
            prev_lower = false;
        }
    }
    if !word.is_empty() {
        out.push(word.to_lowercase());
    }
    out
}

/// Places in `text` where `name` is a word of an identifier or of a string literal.
fn mentions(text: &str, name: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let mut token = String::new();
        let mut in_string = false;
        let mut hit = false;
        for c in line.chars().chain(std::iter::once('\n')) {
            let part_of_token = in_string || c.is_alphanumeric() || c == '_';
            if c == '"' {
                in_string = !in_string;
            }
            if part_of_token && c != '"' {
                token.push(c);
            } else {
                hit |= words(&token).iter().any(|w| w == name);
                token.clear();
            }
        }
        if hit {
            out.push((n + 1, line.trim().to_string()));
        }
    }
    out
}

/// Theme files outside the kinds' folders, without their comments (Tera, HTML, CSS, JS).
fn theme_code(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let is_js = path.extension().is_some_and(|x| x == "js");
    let mut text = strip_comments(&text, is_js);
    for (open, close) in [("{#", "#}"), ("<!--", "-->")] {
        while let Some(at) = text.find(open) {
            let end = text[at..]
                .find(close)
                .map_or(text.len(), |e| at + e + close.len());
            let newlines = text[at..end].matches('\n').count();
            text.replace_range(at..end, &"\n".repeat(newlines));
        }
    }
    text
}

#[test]
fn a_content_kind_is_named_only_in_its_own_folders_and_its_registration() {
    let kinds: Vec<&str> = metodika_kinds::KINDS
        .iter()
        .map(|k| k.info().name)
        .collect();
    assert!(kinds.len() >= 5, "{kinds:?}");
    let registry = repo().join("crates/kinds/src/lib.rs");
    let mut found = Vec::new();
    let mut scanned = 0;
    for src in crate_sources() {
        for file in files_with(&src, &["rs"]) {
            let rel = file
                .strip_prefix(repo())
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let text = product_rust(&file);
            scanned += 1;
            for name in &kinds {
                if rel.starts_with(&format!("crates/kinds/src/{name}/")) {
                    continue;
                }
                for (line, code) in mentions(&text, name) {
                    let registration = file == registry
                        && (code == format!("pub mod {name};")
                            || (code.starts_with(&format!("&{name}::")) && code.ends_with(',')));
                    if !registration {
                        found.push(format!("{rel}:{line}: `{name}` in `{code}`"));
                    }
                }
            }
        }
    }
    let theme = repo().join("themes/default");
    for file in files_with(&theme, &["html", "js", "css"]) {
        let rel = file
            .strip_prefix(repo())
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let text = theme_code(&file);
        scanned += 1;
        for name in &kinds {
            if rel.starts_with(&format!("themes/default/kinds/{name}/")) {
                continue;
            }
            for (line, code) in mentions(&text, name) {
                found.push(format!("{rel}:{line}: `{name}` in `{code}`"));
            }
        }
    }
    assert!(scanned > 60, "only {scanned} files scanned");
    assert!(
        found.is_empty(),
        "a content kind is named outside its folders (move the code into the kind, or declare \
         it in its KindInfo and loop over the kinds):\n{}",
        found.join("\n")
    );
}

#[test]
fn the_kind_name_check_sees_identifiers_and_strings_but_not_comments() {
    let code = strip_comments(
        "let x = QuizProgress; // quiz\nlet y = \"kinds/quiz.html\"; /* quiz */\nlet quizzes = 1;\n",
        true,
    );
    let hits: Vec<usize> = mentions(&code, "quiz")
        .into_iter()
        .map(|(l, _)| l)
        .collect();
    assert_eq!(hits, [1, 2]);
    assert_eq!(words("service_catalogue"), ["service", "catalogue"]);
    assert_eq!(words("ServiceCatalogue"), ["service", "catalogue"]);
}

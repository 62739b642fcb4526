//! What every kind's unit tests need: YAML read as a kind reads it, with the problems found.

use std::path::Path;

use metodika_core::diagnostics::Diagnostic;
use metodika_core::yaml::{Node, Source};
use metodika_markdown::MarkdownLabels;
use metodika_model::kind::ParseContext;

/// Parses `text` as YAML in `content/t.md` and hands it to `parse` as a kind would get it (a
/// fenced block's or a page's); the result when no problem was reported.
#[track_caller]
pub(crate) fn with_yaml<T>(
    text: &str,
    fenced: bool,
    parse: impl FnOnce(Option<&Node>, &mut ParseContext) -> Option<T>,
) -> Result<T, Vec<Diagnostic>> {
    let source = Source {
        file: Path::new("content/t.md"),
        text,
        first_line: 1,
    };
    // The kind whose test this is: the same text means other things to other kinds.
    let caller = std::panic::Location::caller().file();
    let node = metodika_core::yaml::parse(text, &source)?;
    let labels = MarkdownLabels::default();
    let mut cx = ParseContext {
        source,
        labels: &labels,
        fenced,
        problems: Vec::new(),
    };
    match parse(node.as_ref(), &mut cx) {
        Some(parsed) if cx.problems.is_empty() => Ok(parsed),
        _ => {
            golden(caller, text, fenced, &cx.problems);
            Err(cx.problems)
        }
    }
}

/// Every text a kind's test expects problems from is a golden snapshot: the text and the
/// diagnostics exactly as an author sees them, in `tests/golden/` of this crate, one file per
/// text of each kind's tests (named by the FNV-1a hash of both). A change of any message, hint, line or column fails the
/// test until the snapshot is written again with `UPDATE_GOLDEN=1` and the diff reviewed.
fn golden(caller: &str, text: &str, fenced: bool, problems: &[Diagnostic]) {
    // Paths as the compiler spells them differ by platform only in the separator.
    let caller = caller.replace('\\', "/");
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in caller.bytes().chain(text.bytes()).chain([u8::from(fenced)]) {
        hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let path = dir.join(format!("{hash:016x}.txt"));
    let mut now = format!("test: {caller}\nfenced: {fenced}\n--- input\n{text}\n--- diagnostics\n");
    for d in problems {
        now.push_str(&d.render_text());
        now.push('\n');
    }
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(&dir).expect("create the golden folder");
        std::fs::write(&path, now).expect("write a golden snapshot");
        return;
    }
    match std::fs::read_to_string(&path) {
        Ok(before) => assert!(
            before == now,
            "the diagnostics of a kind's test changed ({}); review and run with \
             UPDATE_GOLDEN=1:\n--- before\n{before}\n--- now\n{now}",
            path.display()
        ),
        Err(_) => panic!(
            "no golden snapshot {} for these problems; write it with UPDATE_GOLDEN=1:\n{now}",
            path.display()
        ),
    }
}

/// The (line, code) of every problem of a text that must not parse.
pub fn problems<T>(result: Result<T, Vec<Diagnostic>>) -> Vec<(usize, &'static str)> {
    match result {
        Ok(_) => panic!("expected problems"),
        Err(e) => e.iter().map(|d| (d.line, d.code)).collect(),
    }
}

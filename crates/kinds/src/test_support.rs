//! What every kind's unit tests need: YAML read as a kind reads it, with the problems found.

use std::path::Path;

use metodika_core::diagnostics::Diagnostic;
use metodika_core::yaml::{Node, Source};
use metodika_markdown::MarkdownLabels;
use metodika_model::kind::ParseContext;

/// Parses `text` as YAML in `content/t.md` and hands it to `parse` as a kind would get it (a
/// fenced block's or a page's); the result when no problem was reported.
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
        _ => Err(cx.problems),
    }
}

/// The (line, code) of every problem of a text that must not parse.
pub fn problems<T>(result: Result<T, Vec<Diagnostic>>) -> Vec<(usize, &'static str)> {
    match result {
        Ok(_) => panic!("expected problems"),
        Err(e) => e.iter().map(|d| (d.line, d.code)).collect(),
    }
}

//! One problem report type shared by every pipeline stage.
//!
//! Stages never stop at the first mistake: they push [`Diagnostic`]s into a list and carry on,
//! so an author sees every problem of a build at once. The CLI prints them; later the dev
//! server shows the same data in the browser.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// How serious a problem is. Errors fail the build; warnings never do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// A problem in the author's input, pinned to a place in a file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A stable, short machine name (`front-matter/unknown-key`, `link/missing-file`, ...).
    pub code: &'static str,
    /// Path shown to the user, relative to the site root where possible.
    pub file: PathBuf,
    /// 1-based line; 0 when the problem concerns the file as a whole.
    pub line: usize,
    /// 1-based column in characters (not bytes).
    pub column: usize,
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
    /// The offending source line (or lines, for a span), when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub snippet: Option<String>,
    /// Where the offending text ends (line, column; exclusive), when it is more than a point.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<(usize, usize)>,
}

impl Diagnostic {
    pub fn error(code: &'static str, file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            file: file.into(),
            line: 0,
            column: 0,
            message: message.into(),
            hint: None,
            snippet: None,
            end: None,
        }
    }

    pub fn warning(
        code: &'static str,
        file: impl Into<PathBuf>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, file, message)
        }
    }

    /// Pins the diagnostic to a line and column, taking the snippet from `source`.
    pub fn at(self, source: &str, line: usize, column: usize) -> Self {
        self.at_place(&Place::at(source, line, column))
    }

    /// Pins the diagnostic to a place worked out earlier (see [`Place`]).
    pub fn at_place(mut self, place: &Place) -> Self {
        self.line = place.line;
        self.column = place.column;
        self.snippet = place.snippet.clone();
        self
    }

    /// Pins the diagnostic to a span from `start` to `end` (line, column; `end` exclusive),
    /// which may cover several lines: all of them are shown, the span underlined.
    pub(crate) fn at_span(
        mut self,
        source: &str,
        start: (usize, usize),
        end: (usize, usize),
    ) -> Self {
        self = self.at(source, start.0, start.1);
        if end <= start || start.0 == 0 {
            return self;
        }
        let lines: Vec<&str> = source
            .lines()
            .skip(start.0 - 1)
            .take(end.0 + 1 - start.0)
            .map(|l| l.trim_end_matches('\r'))
            .collect();
        if lines.len() == end.0 + 1 - start.0 {
            self.snippet = Some(lines.join("\n"));
            self.end = Some(end);
        }
        self
    }

    /// Pins the diagnostic to a byte offset in `source`.
    pub fn at_offset(self, source: &str, offset: usize) -> Self {
        self.at_place(&Place::of(source, offset))
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Human-readable form: `file:line:col: error[code]: message`, the line, a caret, the hint.
    pub fn render_text(&self) -> String {
        let mut out = String::new();
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let _ = write!(out, "{}", self.file.display());
        if self.line > 0 {
            let _ = write!(out, ":{}:{}", self.line, self.column.max(1));
        }
        let _ = writeln!(out, ": {label}[{}]: {}", self.code, self.message);
        if let Some(snippet) = &self.snippet {
            out.push_str(&self.render_snippet(snippet));
        }
        if let Some(hint) = &self.hint {
            let _ = writeln!(out, "  = hint: {hint}");
        }
        out
    }
}

impl Diagnostic {
    /// The source lines with the place underlined (annotate-snippets, plain text).
    fn render_snippet(&self, snippet: &str) -> String {
        use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
        // Byte range of the place inside `snippet` (whose first line is `self.line`).
        let offset_of = |line: usize, column: usize| -> usize {
            let mut offset = 0;
            for (i, l) in snippet.split('\n').enumerate() {
                if i + self.line == line {
                    return offset
                        + l.char_indices()
                            .nth(column.saturating_sub(1))
                            .map_or(l.len(), |(b, _)| b);
                }
                offset += l.len() + 1;
            }
            snippet.len()
        };
        let start = offset_of(self.line, self.column.max(1));
        let end = match self.end {
            Some((l, c)) => offset_of(l, c).max(start),
            None => start,
        };
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let report = [Group::with_level(level).element(
            Snippet::source(snippet)
                .line_start(self.line)
                .fold(false)
                .annotation(AnnotationKind::Primary.span(start..end)),
        )];
        let mut text = Renderer::plain().render(&report).to_string();
        text.push('\n');
        text
    }
}

/// A place in a source file with the text of its line: what a diagnostic shows. Worked out
/// while the file's text is at hand, for problems found after it is gone (a broken link is
/// found once every page is parsed, and a parsed page does not keep its source).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Place {
    /// 1-based; 0 for the file as a whole.
    pub line: usize,
    /// 1-based, in characters.
    pub column: usize,
    pub snippet: Option<String>,
}

impl Place {
    /// Line `line`, column `column` of `source`.
    pub fn at(source: &str, line: usize, column: usize) -> Place {
        let snippet = source
            .lines()
            .nth(line.saturating_sub(1))
            .filter(|_| line > 0)
            .map(|l| l.trim_end_matches('\r').to_string());
        Place {
            line,
            column,
            snippet,
        }
    }

    /// The place of byte `offset` in `source`.
    pub fn of(source: &str, offset: usize) -> Place {
        let (line, column) = line_column(source, offset);
        Place::at(source, line, column)
    }
}

/// 1-based line and character column of a byte offset.
pub fn line_column(source: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(source, offset.min(source.len()));
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = source[line_start..offset].chars().count() + 1;
    (line, column)
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Sorts diagnostics into a stable order (by file, then position) and drops exact repeats,
/// e.g. one template error hit by every page.
pub fn normalize(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by(|a, b| {
        (a.severity, &a.file, a.line, a.column, &a.message)
            .cmp(&(b.severity, &b.file, b.line, b.column, &b.message))
    });
    diagnostics.dedup();
}

/// The path to show for `path`: relative to `root` when inside it.
pub fn display_path(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}

/// Closest candidate by edit distance, for "did you mean" hints.
pub fn did_you_mean<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (edit_distance(word, c), *c))
        .filter(|(d, c)| *d <= (c.chars().count() / 3).max(2))
        .min_by_key(|(d, c)| (*d, *c))
        .map(|(_, c)| c)
}

/// Levenshtein distance over characters (not bytes: `ā` is one edit).
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    strsim::levenshtein(a, b)
}

/// Writes diagnostics to stderr as text, one after another, under one lock.
pub fn print_all(diagnostics: &[Diagnostic]) {
    use std::io::Write;
    let stderr = std::io::stderr();
    let mut out = stderr.lock();
    for d in diagnostics {
        let _ = writeln!(out, "{}", d.render_text());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_column_counts_characters_not_bytes() {
        let src = "a\nāč x\n";
        assert_eq!(line_column(src, 0), (1, 1));
        let x = src.find('x').unwrap();
        assert_eq!(line_column(src, x), (2, 4));
    }

    #[test]
    fn text_form_names_file_line_column_and_shows_caret() {
        let d = Diagnostic::error("test", "content/a.md", "bad thing")
            .at("one\ntwo three\n", 2, 5)
            .with_hint("fix it");
        let text = d.render_text();
        assert!(
            text.starts_with("content/a.md:2:5: error[test]: bad thing\n"),
            "{text}"
        );
        assert!(text.contains("2 | two three\n  |     ^\n"), "{text}");
        assert!(text.contains("= hint: fix it"));
    }

    #[test]
    fn a_span_over_several_lines_shows_and_marks_them_all() {
        let src = "a: 1\nextra:\n  - x\n  - y\nb: 2\n";
        let d = Diagnostic::error("t", "f.yaml", "bad").at_span(src, (3, 3), (4, 6));
        assert_eq!((d.line, d.column, d.end), (3, 3, Some((4, 6))));
        let text = d.render_text();
        assert!(text.starts_with("f.yaml:3:3: error[t]: bad\n"), "{text}");
        assert!(
            text.contains("3 | /   - x") && text.contains("4 | |   - y"),
            "{text}"
        );
        assert!(!text.contains("b: 2"), "{text}");
    }

    #[test]
    fn suggestion_picks_the_closest_key() {
        let keys = ["title", "description", "weight", "tags"];
        assert_eq!(did_you_mean("titel", &keys), Some("title"));
        assert_eq!(did_you_mean("desciption", &keys), Some("description"));
        assert_eq!(did_you_mean("zzzzzzzzzz", &keys), None);
        // Ties go to the alphabetically first candidate.
        assert_eq!(did_you_mean("tag", &["tags", "tab"]), Some("tab"));
    }

    #[test]
    fn edit_distance_counts_characters() {
        assert_eq!(edit_distance("ābele", "abele"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}

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
    /// The offending source line, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub snippet: Option<String>,
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
    pub fn at(mut self, source: &str, line: usize, column: usize) -> Self {
        self.line = line;
        self.column = column;
        self.snippet = source
            .lines()
            .nth(line.saturating_sub(1))
            .filter(|_| line > 0)
            .map(|l| l.trim_end_matches('\r').to_string());
        self
    }

    /// Pins the diagnostic to a byte offset in `source`.
    pub fn at_offset(self, source: &str, offset: usize) -> Self {
        let (line, column) = line_column(source, offset);
        self.at(source, line, column)
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
            let number = self.line.to_string();
            let pad = " ".repeat(number.len());
            let _ = writeln!(out, "{pad} |");
            let _ = writeln!(out, "{number} | {snippet}");
            let caret_pad: String = snippet
                .chars()
                .take(self.column.saturating_sub(1))
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            let _ = writeln!(out, "{pad} | {caret_pad}^");
        }
        if let Some(hint) = &self.hint {
            let _ = writeln!(out, "  = hint: {hint}");
        }
        out
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
pub fn edit_distance(a: &str, b: &str) -> usize {
    strsim::levenshtein(a, b)
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

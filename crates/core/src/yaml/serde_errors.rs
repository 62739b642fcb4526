//! serde_yaml's errors as diagnostics, at the position its own parser reports.

use std::path::Path;

use crate::diagnostics::Diagnostic;

/// A serde_yaml error as a diagnostic at the right line and column of the file.
pub fn yaml_error(
    file: &Path,
    yaml: &str,
    first_line: usize,
    error: &serde_yaml::Error,
) -> Diagnostic {
    let message = clean_message(&error.to_string());
    let d = Diagnostic::error("yaml/invalid", file, message);
    match error.location() {
        Some(loc) => {
            let line = loc.line();
            d.at(yaml, line, loc.column()).shift_lines(first_line - 1)
        }
        None => d.at(yaml, 1, 1).shift_lines(first_line - 1),
    }
    .with_hint(
        "check the YAML syntax: `key: value` pairs, lists as `[a, b]` or `- item` lines, \
         quote values that contain `: ` or start with a special character",
    )
}

/// Strips serde_yaml's own " at line X column Y" suffix; the diagnostic carries the position.
fn clean_message(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

impl Diagnostic {
    /// Moves a diagnostic computed on an excerpt to its place in the whole file.
    pub(crate) fn shift_lines(mut self, by: usize) -> Self {
        if self.line > 0 {
            self.line += by;
        }
        self
    }
}

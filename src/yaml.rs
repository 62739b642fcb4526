//! Shared helpers that turn YAML problems into diagnostics with file positions.
//!
//! All functions take the YAML text and the line of the file where it starts, so the same code
//! serves `site.yaml` (starting on line 1) and front matter (starting after the `---` line).

use std::path::Path;

use crate::diagnostics::{did_you_mean, Diagnostic};

/// A serde_yaml error as a diagnostic at the right line and column of the file.
pub fn yaml_error(
    file: &Path,
    yaml: &str,
    first_line: usize,
    error: &serde_yaml::Error,
) -> Diagnostic {
    let message = clean_message(&error.to_string());
    if let Some(key) = message
        .strip_prefix("duplicate entry with key \"")
        .and_then(|k| k.strip_suffix('"'))
    {
        // serde_yaml points at the start of the map; point at the second occurrence instead.
        let mut lines = yaml.lines().enumerate().filter(|(_, l)| {
            l.trim_start()
                .strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        });
        if let Some((line, _)) = lines.nth(1) {
            return Diagnostic::error(
                "yaml/duplicate-key",
                file,
                format!("`{key}` is given twice"),
            )
            .at(yaml, line + 1, 1)
            .shift_lines(first_line - 1)
            .with_hint("keep one of the two lines");
        }
    }
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

/// Reports every top-level key of `value` not in `allowed`, with a "did you mean" hint.
pub fn check_keys(
    file: &Path,
    yaml: &str,
    first_line: usize,
    value: &serde_yaml::Value,
    allowed: &[&str],
    what: &str,
) -> Vec<Diagnostic> {
    let Some(map) = value.as_mapping() else {
        return Vec::new();
    };
    let mut problems = Vec::new();
    for key in map.keys() {
        let name = match key {
            serde_yaml::Value::String(s) => s.clone(),
            other => serde_yaml::to_string(other)
                .unwrap_or_default()
                .trim()
                .to_string(),
        };
        if allowed.contains(&name.as_str()) {
            continue;
        }
        let line = crate::config::find_key_line(yaml, &name).max(1);
        let hint = match did_you_mean(&name, allowed) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!("the {what} allow only: {}", allowed.join(", ")),
        };
        problems.push(
            Diagnostic::error(
                "yaml/unknown-key",
                file,
                format!("unknown key `{name}` in the {what}"),
            )
            .at(yaml, line, 1)
            .shift_lines(first_line - 1)
            .with_hint(hint),
        );
    }
    problems
}

impl Diagnostic {
    /// Moves a diagnostic computed on an excerpt to its place in the whole file.
    pub fn shift_lines(mut self, by: usize) -> Self {
        if self.line > 0 {
            self.line += by;
        }
        self
    }
}

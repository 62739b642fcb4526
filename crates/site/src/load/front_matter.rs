//! Splitting `---` front matter from a Markdown body.

use std::path::Path;

use metodika_core::diagnostics::Diagnostic;

/// A file cut into its YAML front matter and its Markdown body.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Split<'a> {
    pub yaml: &'a str,
    /// File line on which the YAML starts (the line after the opening `---`).
    pub yaml_first_line: usize,
    pub body: &'a str,
    /// Byte offset of the body in the file, so body positions map back to file lines.
    pub body_offset: usize,
}

/// Splits `text` at its `---` fences. A file without front matter is an error: every page
/// needs at least a title.
pub(crate) fn split_front_matter<'a>(file: &Path, text: &'a str) -> Result<Split<'a>, Diagnostic> {
    let start = if text.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    };
    let rest = &text[start..];
    let first_line_end = rest.find('\n').map_or(rest.len(), |i| i + 1);
    if rest[..first_line_end].trim_end() != "---" {
        return Err(Diagnostic::error(
            "front-matter/missing",
            file,
            "the file does not start with front matter",
        )
        .at(text, 1, 1)
        .with_hint("begin the file with a block like:\n  ---\n  title: Page title\n  ---"));
    }
    let yaml_start = start + first_line_end;
    let mut offset = yaml_start;
    for line in text[yaml_start..].split_inclusive('\n') {
        if line.trim_end() == "---" {
            let body_offset = offset + line.len();
            return Ok(Split {
                yaml: &text[yaml_start..offset],
                yaml_first_line: 2,
                body: &text[body_offset..],
                body_offset,
            });
        }
        offset += line.len();
    }
    Err(Diagnostic::error(
        "front-matter/unclosed",
        file,
        "the front matter is never closed",
    )
    .at(text, 1, 1)
    .with_hint("add a line with just `---` after the last front-matter key"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_yaml_and_body_with_positions() {
        let text = "---\ntitle: A\n---\n# Body\n";
        let s = split_front_matter(Path::new("a.md"), text).unwrap();
        assert_eq!(s.yaml, "title: A\n");
        assert_eq!(s.body, "# Body\n");
        assert_eq!(&text[s.body_offset..], "# Body\n");
    }

    #[test]
    fn accepts_bom_and_crlf() {
        let text = "\u{feff}---\r\ntitle: A\r\n---\r\nBody";
        let s = split_front_matter(Path::new("a.md"), text).unwrap();
        assert_eq!(s.yaml, "title: A\r\n");
        assert_eq!(s.body, "Body");
    }

    #[test]
    fn missing_and_unclosed_front_matter_are_errors() {
        let e = split_front_matter(Path::new("a.md"), "# Just markdown\n").unwrap_err();
        assert_eq!(e.code, "front-matter/missing");
        assert_eq!((e.line, e.column), (1, 1));
        let e = split_front_matter(Path::new("a.md"), "---\ntitle: A\n# no end\n").unwrap_err();
        assert_eq!(e.code, "front-matter/unclosed");
    }

    #[test]
    fn empty_body_is_fine() {
        let s = split_front_matter(Path::new("a.md"), "---\ntitle: A\n---").unwrap();
        assert_eq!(s.body, "");
    }
}

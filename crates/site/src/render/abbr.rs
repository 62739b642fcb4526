//! The first use of each declared abbreviation on a page becomes `<abbr title="full name">`,
//! in the HTML itself, so it works with JavaScript off, in print and for screen readers.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashSet};

use metodika_markdown::escape;

/// Elements whose text is never marked: code, already-marked abbreviations, the defining
/// term of a glossary entry, and anything that is not running text.
const SKIP: &[&str] = &[
    "code", "pre", "kbd", "samp", "abbr", "dfn", "script", "style", "textarea", "title", "svg",
    "option", "select", "datalist",
];

/// Wraps the first whole-word use of each abbreviation in `html`'s text in `<abbr>`.
/// Linear in the HTML; attributes, tags and entities are never touched.
pub fn mark_first_uses<'a>(
    html: &'a str,
    abbreviations: &BTreeMap<String, String>,
) -> Cow<'a, str> {
    if abbreviations.is_empty() {
        return Cow::Borrowed(html);
    }
    let mut out = String::new();
    let mut copied = 0;
    let mut used: HashSet<&str> = HashSet::new();
    let mut skip_depth: Vec<String> = Vec::new();
    let bytes = html.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'<' => {
                let end = tag_end(html, i);
                let tag = html[i + 1..end].trim_end_matches('>');
                let closing = tag.starts_with('/');
                let name: String = tag
                    .trim_start_matches('/')
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric())
                    .map(|c| c.to_ascii_lowercase())
                    .collect();
                if SKIP.contains(&name.as_str()) && !tag.ends_with('/') {
                    if closing {
                        if let Some(pos) = skip_depth.iter().rposition(|n| *n == name) {
                            skip_depth.truncate(pos);
                        }
                    } else {
                        skip_depth.push(name);
                    }
                }
                i = end;
            }
            b'&' => {
                // An entity (`&amp;`) is one character, never a word.
                let rest = &html[i..];
                i += rest
                    .find(|c: char| c == ';' || c == '<' || c.is_whitespace())
                    .filter(|&e| rest.as_bytes()[e] == b';')
                    .map_or(1, |e| e + 1);
            }
            _ => {
                let start = i;
                let word_end = html[i..]
                    .find(|c: char| !c.is_alphanumeric())
                    .map_or(html.len(), |e| i + e);
                if word_end == start {
                    // Not a word character: step over one character.
                    i += html[i..].chars().next().map_or(1, char::len_utf8);
                    continue;
                }
                let word = &html[start..word_end];
                if skip_depth.last().is_some_and(|n| n == "abbr") {
                    // Already explained by the author (or a glossary entry): that is its first use.
                    if let Some((abbr, _)) = abbreviations.get_key_value(word) {
                        used.insert(abbr.as_str());
                    }
                } else if skip_depth.is_empty() && !used.contains(word) {
                    if let Some((abbr, full)) = abbreviations.get_key_value(word) {
                        used.insert(abbr.as_str());
                        out.push_str(&html[copied..start]);
                        out.push_str("<abbr title=\"");
                        out.push_str(&escape(full));
                        out.push_str("\">");
                        out.push_str(word);
                        out.push_str("</abbr>");
                        copied = word_end;
                    }
                }
                i = word_end;
            }
        }
    }
    if copied == 0 {
        return Cow::Borrowed(html);
    }
    out.push_str(&html[copied..]);
    Cow::Owned(out)
}

/// Index just past the `>` that ends the tag starting at `start`, quotes respected.
fn tag_end(html: &str, start: usize) -> usize {
    let bytes = html.as_bytes();
    if html[start..].starts_with("<!--") {
        return html[start..]
            .find("-->")
            .map_or(html.len(), |e| start + e + 3);
    }
    let mut quote = None;
    let mut i = start + 1;
    while i < bytes.len() {
        match (quote, bytes[i]) {
            (None, b'"' | b'\'') => quote = Some(bytes[i]),
            (Some(q), b) if b == q => quote = None,
            (None, b'>') => return i + 1,
            _ => {}
        }
        i += 1;
    }
    html.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn abbrs() -> BTreeMap<String, String> {
        BTreeMap::from([
            ("VP".to_string(), "Valsts policija".to_string()),
            ("LM".to_string(), "Labklājības ministrija".to_string()),
        ])
    }

    #[test]
    fn only_the_first_whole_word_use_is_marked() {
        let html = "<p>VPN un VP: VP atkal, LM.</p>";
        assert_eq!(
            mark_first_uses(html, &abbrs()),
            "<p>VPN un <abbr title=\"Valsts policija\">VP</abbr>: VP atkal, <abbr title=\"Labklājības ministrija\">LM</abbr>.</p>"
        );
    }

    #[test]
    fn attributes_code_and_existing_abbr_are_left_alone() {
        let html = "<a href=\"VP.html\" title=\"VP\">x</a><code>VP</code><abbr title=\"x\">LM</abbr><p>ā VP</p>";
        let out = mark_first_uses(html, &abbrs());
        assert!(out.starts_with(
            "<a href=\"VP.html\" title=\"VP\">x</a><code>VP</code><abbr title=\"x\">LM</abbr>"
        ));
        assert!(
            out.ends_with("<p>ā <abbr title=\"Valsts policija\">VP</abbr></p>"),
            "{out}"
        );
    }

    #[test]
    fn nothing_to_mark_borrows() {
        assert!(matches!(
            mark_first_uses("<p>x &amp; y</p>", &abbrs()),
            Cow::Borrowed(_)
        ));
        assert!(matches!(
            mark_first_uses("<p>VP</p>", &BTreeMap::new()),
            Cow::Borrowed(_)
        ));
        // Broken markup never panics.
        for html in ["<", "<p", "&", "&amp", "<a href=\"", "VP<", "<!--", "ā<ā>ā"] {
            let _ = mark_first_uses(html, &abbrs());
        }
    }
}

//! Percent-encoding for the paths in links and in HTTP requests.

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// What [`encode_href_segment`] escapes: what would end the attribute or change the URL.
const HREF_SEGMENT: &AsciiSet = &AsciiSet::EMPTY
    .add(b' ')
    .add(b'"')
    .add(b'\'')
    .add(b'<')
    .add(b'>')
    .add(b'&')
    .add(b'%')
    .add(b'#')
    .add(b'?')
    .add(b'\\');

/// What [`encode_ascii_path`] keeps: unreserved characters and the path separator.
const ASCII_PATH: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'/')
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Decodes `%XX` escapes; `None` when an escape is malformed or the bytes are not UTF-8.
/// For requests, where anything odd is refused.
pub fn percent_decode(s: &str) -> Option<String> {
    // percent-encoding keeps malformed escapes as written; a request with one is refused.
    let bytes = s.as_bytes();
    let well_formed = s.match_indices('%').all(|(i, _)| {
        bytes
            .get(i + 1..i + 3)
            .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit))
    });
    if !well_formed {
        return None;
    }
    percent_decode_str(s)
        .decode_utf8()
        .ok()
        .map(|c| c.into_owned())
}

/// Decodes `%XX` escapes, keeping malformed ones as written (an author's `100%.pdf`).
pub fn percent_decode_lenient(s: &str) -> String {
    percent_decode_str(s).decode_utf8_lossy().into_owned()
}

/// Escapes, in one path segment of an `href`, the characters that would end the attribute
/// or change the URL's meaning; letters of any script stay readable.
pub fn encode_href_segment(segment: &str, out: &mut String) {
    // percent-encoding escapes every non-ASCII byte, so only the ASCII runs go through it.
    let mut rest = segment;
    while !rest.is_empty() {
        let ascii = rest.find(|c: char| !c.is_ascii()).unwrap_or(rest.len());
        out.extend(utf8_percent_encode(&rest[..ascii], HREF_SEGMENT));
        rest = &rest[ascii..];
        let other = rest.find(|c: char| c.is_ascii()).unwrap_or(rest.len());
        out.push_str(&rest[..other]);
        rest = &rest[other..];
    }
}

/// A path as plain ASCII, for HTTP headers such as `Location`.
pub fn encode_ascii_path(path: &str) -> String {
    utf8_percent_encode(path, ASCII_PATH).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decoding_is_strict_or_lenient_as_asked() {
        assert_eq!(
            percent_decode("kr%C4%ABzes%20dz.md").as_deref(),
            Some("krīzes dz.md")
        );
        assert_eq!(percent_decode("100%"), None);
        assert_eq!(percent_decode("%ff"), None);
        assert_eq!(percent_decode_lenient("100%"), "100%");
        assert_eq!(percent_decode_lenient("a%2"), "a%2");
        assert_eq!(percent_decode_lenient("a%zz%C4%81"), "a%zzā");
        assert_eq!(percent_decode_lenient("%ff"), "\u{fffd}");
        assert_eq!(percent_decode("a%2fb").as_deref(), Some("a/b"));
        assert_eq!(percent_decode("%%41"), None);
        assert_eq!(percent_decode("%C4").as_deref(), None);
        assert_eq!(percent_decode("plain").as_deref(), Some("plain"));
    }

    #[test]
    fn encoding_keeps_letters_or_makes_ascii() {
        let mut out = String::new();
        encode_href_segment("krīzes \"1\".html", &mut out);
        assert_eq!(out, "krīzes%20%221%22.html");
        assert_eq!(encode_ascii_path("a/krīzes"), "a/kr%C4%ABzes");
        assert_eq!(encode_ascii_path("a b/~x_y-z.html"), "a%20b/~x_y-z.html");
        let mut out = String::new();
        encode_href_segment("ā<b>&c%#?\\d'ē", &mut out);
        assert_eq!(out, "ā%3Cb%3E%26c%25%23%3F%5Cd%27ē");
    }
}

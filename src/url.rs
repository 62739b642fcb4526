//! Percent-encoding for the paths in links and in HTTP requests.

/// Decodes `%XX` escapes; `None` when an escape is malformed or the bytes are not UTF-8.
/// For requests, where anything odd is refused.
pub fn percent_decode(s: &str) -> Option<String> {
    decode(s, false)
}

/// Decodes `%XX` escapes, keeping malformed ones as written (an author's `100%.pdf`).
pub fn percent_decode_lenient(s: &str) -> String {
    decode(s, true).unwrap_or_else(|| s.to_string())
}

fn decode(s: &str, lenient: bool) -> Option<String> {
    if !s.contains('%') {
        return Some(s.to_string());
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok());
            match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                Some(b) => {
                    out.push(b);
                    i += 3;
                    continue;
                }
                None if !lenient => return None,
                None => {}
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    if lenient {
        Some(String::from_utf8_lossy(&out).into_owned())
    } else {
        String::from_utf8(out).ok()
    }
}

/// Escapes, in one path segment of an `href`, the characters that would end the attribute
/// or change the URL's meaning; letters of any script stay readable.
pub fn encode_href_segment(segment: &str, out: &mut String) {
    for c in segment.chars() {
        match c {
            ' ' | '"' | '\'' | '<' | '>' | '&' | '%' | '#' | '?' | '\\' => {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
            c => out.push(c),
        }
    }
}

/// A path as plain ASCII, for HTTP headers such as `Location`.
pub fn encode_ascii_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
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
    }

    #[test]
    fn encoding_keeps_letters_or_makes_ascii() {
        let mut out = String::new();
        encode_href_segment("krīzes \"1\".html", &mut out);
        assert_eq!(out, "krīzes%20%221%22.html");
        assert_eq!(encode_ascii_path("a/krīzes"), "a/kr%C4%ABzes");
    }
}

//! Paths and URLs: where a source file is written, relative links between pages, and
//! percent-encoding for the paths in links and in HTTP requests.

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

/// Output path of a source file: `a/b.md` -> `a/b.html`, `a/_index.md` -> `a/index.html`.
/// Output paths mirror source paths, so relative links between them stay valid.
pub fn output_path(source: &str) -> String {
    let (dir, name) = match source.rfind('/') {
        Some(i) => (&source[..=i], &source[i + 1..]),
        None => ("", source),
    };
    if name == "_index.md" {
        format!("{dir}index.html")
    } else {
        format!("{dir}{}.html", name.strip_suffix(".md").unwrap_or(name))
    }
}

/// Relative prefix from the folder of `url` to the site root: `a/b.html` -> `../`.
pub fn root_prefix(url: &str) -> String {
    "../".repeat(url.matches('/').count())
}

/// Writes site-root-relative URLs relative to one page's folder.
pub struct Relative {
    dir: Vec<String>,
}

impl Relative {
    /// For the page at `url` (site-root-relative, e.g. `a/b.html`).
    pub fn from_page(url: &str) -> Relative {
        let mut dir: Vec<String> = url.split('/').map(str::to_string).collect();
        dir.pop();
        Relative { dir }
    }

    /// `target` (site-root-relative) as seen from this page.
    pub fn to(&self, target: &str) -> String {
        let parts: Vec<&str> = target.split('/').collect();
        let file_dirs = parts.len() - 1;
        let common = self
            .dir
            .iter()
            .zip(&parts[..file_dirs])
            .take_while(|(a, b)| a == *b)
            .count();
        let mut out = "../".repeat(self.dir.len() - common);
        // `a:b.html` would read as a URL scheme: make it a path.
        if out.is_empty() && parts.get(common).is_some_and(|p| p.contains(':')) {
            out.push_str("./");
        }
        for (i, part) in parts[common..].iter().enumerate() {
            if i > 0 {
                out.push('/');
            }
            encode_href_segment(part, &mut out);
        }
        out
    }
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

    #[test]
    fn urls_are_made_relative_to_the_page() {
        let here = Relative::from_page("a/b/page.html");
        assert_eq!(here.to("a/b/other.html"), "other.html");
        assert_eq!(here.to("a/index.html"), "../index.html");
        assert_eq!(here.to("tags/x.html"), "../../tags/x.html");
        assert_eq!(here.to("a/b/c/index.html"), "c/index.html");
        assert_eq!(Relative::from_page("index.html").to("a/b.html"), "a/b.html");
        assert_eq!(Relative::from_page("a/b.html").to("a/b.html"), "b.html");
        assert_eq!(
            Relative::from_page("a.html").to("javascript:x.html"),
            "./javascript:x.html"
        );
        assert_eq!(
            Relative::from_page("a.html").to("x/my \"page\" #1.html"),
            "x/my%20%22page%22%20%231.html"
        );
    }

    #[test]
    fn output_paths_mirror_sources() {
        assert_eq!(output_path("a/b.md"), "a/b.html");
        assert_eq!(output_path("a/_index.md"), "a/index.html");
        assert_eq!(output_path("_index.md"), "index.html");
        assert_eq!(output_path("a/my_index.md"), "a/my_index.html");
    }
}

//! Checks the raw HTML an author writes in Markdown against what the site's pages allow.
//!
//! Every page is served with `default-src 'self'; script-src 'self'; style-src 'self';
//! img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'none'` and must also
//! work opened from a folder (`file://`). Raw HTML stays allowed for structure (`<details>`,
//! `<figure>`, `<kbd>`, `<abbr>`, `<img src="local.png">`, inline SVG, ...), but whatever that
//! policy would block, and whatever loads from outside the site, is reported, so an author
//! never gets a page that is silently broken.
//!
//! The scanner is a small tokenizer that follows the HTML standard's tokenization of tags,
//! attributes and comments (quoted values may hold `>`, names are case-insensitive, `<` that
//! does not start a tag is text). It builds no tree, so it cannot know whether a `<title>` sits
//! inside `<svg>` (where its content is markup) or not (where it is text): markup inside
//! `<title>`, `<textarea>` and `<noscript>` is therefore reported as ambiguous rather than
//! guessed at. It works on bytes and only splits at ASCII delimiters, so it cannot slice inside
//! a UTF-8 character, and it makes one pass over the input.
//!
//! Hand-written rather than built on an HTML parser crate: the full parsers (html5ever,
//! lol_html) bring a tree builder or a streaming rewriter and several dependencies for what is
//! here about one screen of tokenizer, and the checks need the attribute offsets, which those
//! APIs do not keep.
//!
//! Pass a whole HTML block (the texts of its consecutive `Event::Html`s, one per line, joined)
//! or one `Event::InlineHtml`: a tag split across lines is only understood whole.

use std::borrow::Cow;

use super::MarkdownIssue;

/// A problem in a fragment of raw HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawHtmlIssue {
    /// Byte offset in the fragment of the offending tag (its `<`) or attribute (its name).
    pub offset: usize,
    pub code: &'static str,
    pub message: String,
    pub hint: String,
}

impl RawHtmlIssue {
    /// As a Markdown issue, for a fragment that starts at byte `base` of the body.
    pub fn at(self, base: usize) -> MarkdownIssue {
        MarkdownIssue {
            offset: base + self.offset,
            code: self.code,
            message: self.message,
            hint: self.hint,
        }
    }
}

const CSP_SCRIPT_HINT: &str = "interactive content comes from the theme's scripts or a content kind; raw scripts are blocked by the site's Content-Security-Policy";

/// Checks one fragment of raw HTML; an empty list means it is allowed.
pub fn check_raw_html(fragment: &str) -> Vec<RawHtmlIssue> {
    let mut issues = Vec::new();
    let b = fragment.as_bytes();
    let mut i = 0;
    while let Some(p) = find_byte(b, i, b'<') {
        i = p;
        let next = b.get(i + 1).copied();
        if b[i..].starts_with(b"<!--") {
            match comment_end(b, i + 4) {
                Some(end) => i = end,
                None => {
                    issues.push(issue(
                        i,
                        "html/unclosed-comment",
                        "this HTML comment is never closed".into(),
                        "end it with `-->`; an open comment hides the rest of the page".into(),
                    ));
                    break;
                }
            }
        } else if matches!(next, Some(b'!' | b'?')) {
            // `<!DOCTYPE>`, `<![CDATA[`, `<?xml`: bogus comments up to the first `>`.
            match find_byte(b, i + 2, b'>') {
                Some(gt) => i = gt + 1,
                None => {
                    issues.push(unclosed_tag(i, "<!"));
                    break;
                }
            }
        } else if next == Some(b'/') {
            match b.get(i + 2) {
                Some(c) if c.is_ascii_alphabetic() => {
                    // End tags are tokenized like start tags (a quoted value may hold `>`);
                    // browsers ignore their attributes, so there is nothing to check.
                    let tag = parse_tag(fragment, i, i + 2);
                    if !tag.closed {
                        issues.push(unclosed_tag(i, &format!("</{}", tag.name)));
                        break;
                    }
                    i = tag.end;
                }
                Some(b'>') => i += 3,
                None => break,
                Some(_) => match find_byte(b, i + 2, b'>') {
                    Some(gt) => i = gt + 1,
                    None => {
                        issues.push(unclosed_tag(i, "</"));
                        break;
                    }
                },
            }
        } else if next.is_some_and(|c| c.is_ascii_alphabetic()) {
            let tag = parse_tag(fragment, i, i + 1);
            let forbidden = check_start_tag(&tag, &mut issues);
            if !tag.closed {
                issues.push(unclosed_tag(i, &format!("<{}", tag.name)));
                break;
            }
            i = tag.end;
            if tag.name == "plaintext" {
                break;
            }
            if let Some(ambiguous) = raw_text_kind(&tag.name) {
                let reported = forbidden || !ambiguous;
                match (raw_text_content(b, i, tag.name.as_bytes()), reported) {
                    // Plain text: skip it.
                    (RawText::End(end), _) => i = end,
                    // Already reported: skip the content as browsers read it in HTML.
                    (RawText::Markup(_), true) => i = raw_text_end(b, i, tag.name.as_bytes()),
                    (RawText::Markup(at), false) => {
                        issues.push(issue(
                            at,
                            "html/markup-in-text-element",
                            format!("`<{}>` contains markup", tag.name),
                            format!(
                                "write plain text inside `<{}>` (escape `<` as `&lt;`): browsers read markup there as text in HTML but as tags inside SVG",
                                tag.name
                            ),
                        ));
                        // Go on reading the content as markup: the stricter of the two readings.
                    }
                }
            }
        } else {
            i += 1;
        }
    }
    issues
}

/// `Some("javascript")`, `Some("vbscript")` or `Some("data")` when a URL (a Markdown link or
/// image destination, an attribute value) uses one of those schemes. The URL is read as a
/// browser would: character references decoded (`jav&#x61;script:`), tabs and newlines
/// removed, leading spaces and control characters ignored, the scheme case-insensitive.
pub fn unsafe_scheme(url: &str) -> Option<&'static str> {
    unsafe_scheme_normalized(&normalize_url(&decode_entities(url)))
}

fn unsafe_scheme_normalized(url: &str) -> Option<&'static str> {
    let scheme = scheme(url)?;
    ["javascript", "vbscript", "data"]
        .into_iter()
        .find(|s| s.eq_ignore_ascii_case(scheme))
}

// ---------------------------------------------------------------------------------------------
// Tokenizer

struct Tag<'a> {
    /// Offset of the `<`.
    start: usize,
    /// ASCII-lowercased.
    name: String,
    attrs: Vec<Attr<'a>>,
    /// Offset just after the closing `>` (or the end of the input).
    end: usize,
    /// Whether the closing `>` was found.
    closed: bool,
}

struct Attr<'a> {
    offset: usize,
    /// ASCII-lowercased.
    name: String,
    /// As written, character references not yet decoded; `None` without `=`.
    value: Option<&'a str>,
}

fn is_space(c: u8) -> bool {
    matches!(c, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ')
}

fn find_byte(b: &[u8], from: usize, needle: u8) -> Option<usize> {
    b.get(from..)?
        .iter()
        .position(|&c| c == needle)
        .map(|p| from + p)
}

/// A slice between two offsets that the tokenizer only ever puts at ASCII delimiters or the
/// ends; `get` keeps that a promise rather than a panic.
fn sub(s: &str, from: usize, to: usize) -> &str {
    s.get(from..to).unwrap_or_default()
}

/// Reads a tag from its name (at `name_start`) to its `>`, following the standard's tag,
/// attribute-name and attribute-value states.
fn parse_tag(s: &str, start: usize, name_start: usize) -> Tag<'_> {
    let b = s.as_bytes();
    let len = b.len();
    let mut j = name_start;
    while j < len && !is_space(b[j]) && b[j] != b'/' && b[j] != b'>' {
        j += 1;
    }
    let name = sub(s, name_start, j).to_ascii_lowercase();
    let mut attrs = Vec::new();
    loop {
        while j < len && (is_space(b[j]) || b[j] == b'/') {
            j += 1;
        }
        if j >= len {
            return Tag {
                start,
                name,
                attrs,
                end: len,
                closed: false,
            };
        }
        if b[j] == b'>' {
            return Tag {
                start,
                name,
                attrs,
                end: j + 1,
                closed: true,
            };
        }
        // The first character of a name may be anything, even `=`.
        let name_at = j;
        j += 1;
        while j < len && !is_space(b[j]) && !matches!(b[j], b'/' | b'>' | b'=') {
            j += 1;
        }
        let attr_name = sub(s, name_at, j).to_ascii_lowercase();
        let mut k = j;
        while k < len && is_space(b[k]) {
            k += 1;
        }
        let mut value = None;
        if k < len && b[k] == b'=' {
            k += 1;
            while k < len && is_space(b[k]) {
                k += 1;
            }
            match b.get(k) {
                Some(&q @ (b'"' | b'\'')) => {
                    let end = find_byte(b, k + 1, q);
                    value = Some(sub(s, k + 1, end.unwrap_or(len)));
                    j = end.map_or(len, |e| e + 1);
                }
                Some(b'>') | None => {
                    value = Some("");
                    j = k;
                }
                Some(_) => {
                    let from = k;
                    while k < len && !is_space(b[k]) && b[k] != b'>' {
                        k += 1;
                    }
                    value = Some(sub(s, from, k));
                    j = k;
                }
            }
        }
        attrs.push(Attr {
            offset: name_at,
            name: attr_name,
            value,
        });
    }
}

/// After `<!--` at `p`: the offset after the comment, the earliest place a browser ends it
/// (`<!-->` and `<!--->` end at once; `--!>` ends it too). `None` when it never ends.
fn comment_end(b: &[u8], p: usize) -> Option<usize> {
    match (b.get(p), b.get(p + 1)) {
        (Some(b'>'), _) => return Some(p + 1),
        (Some(b'-'), Some(b'>')) => return Some(p + 2),
        _ => {}
    }
    let mut k = p;
    while k + 2 < b.len() {
        if b[k] == b'-' && b[k + 1] == b'-' {
            if b[k + 2] == b'>' {
                return Some(k + 3);
            }
            if b[k + 2] == b'!' && b.get(k + 3) == Some(&b'>') {
                return Some(k + 4);
            }
        }
        k += 1;
    }
    None
}

/// Elements whose content the HTML tokenizer reads as text up to their end tag. `Some(true)`
/// for those an author may legitimately use and whose content SVG reads as markup instead.
fn raw_text_kind(name: &str) -> Option<bool> {
    match name {
        "title" | "textarea" | "noscript" => Some(true),
        "script" | "style" | "xmp" | "iframe" | "noembed" | "noframes" => Some(false),
        _ => None,
    }
}

/// How a raw-text element's content (from `from`) ends.
enum RawText {
    /// At its end tag (the offset of `</name`), or at the end of the input, with no markup
    /// before.
    End(usize),
    /// At this `<`, which starts a tag, an end tag or a comment before the end tag.
    Markup(usize),
}

fn is_end_tag_of(b: &[u8], p: usize, name: &[u8]) -> bool {
    let n = p + 2;
    b.get(p + 1) == Some(&b'/')
        && b.get(n..n + name.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(name))
        && b.get(n + name.len())
            .is_some_and(|&c| is_space(c) || c == b'/' || c == b'>')
}

/// Looks through a raw-text element's content up to the first `<` that means something; only
/// as far as that, so the caller's scan stays linear.
fn raw_text_content(b: &[u8], from: usize, name: &[u8]) -> RawText {
    let mut k = from;
    while let Some(p) = find_byte(b, k, b'<') {
        if is_end_tag_of(b, p, name) {
            return RawText::End(p);
        }
        if b.get(p + 1)
            .is_some_and(|&c| c.is_ascii_alphabetic() || matches!(c, b'/' | b'!' | b'?'))
        {
            return RawText::Markup(p);
        }
        k = p + 1;
    }
    RawText::End(b.len())
}

/// The offset of the `</name` (followed by a space, `/` or `>`) that ends a raw-text element's
/// content, or the end of the input.
fn raw_text_end(b: &[u8], from: usize, name: &[u8]) -> usize {
    let mut k = from;
    while let Some(p) = find_byte(b, k, b'<') {
        if is_end_tag_of(b, p, name) {
            return p;
        }
        k = p + 1;
    }
    b.len()
}

// ---------------------------------------------------------------------------------------------
// Checks

fn issue(offset: usize, code: &'static str, message: String, hint: String) -> RawHtmlIssue {
    RawHtmlIssue {
        offset,
        code,
        message,
        hint,
    }
}

fn unclosed_tag(offset: usize, what: &str) -> RawHtmlIssue {
    issue(
        offset,
        "html/unclosed-tag",
        format!("`{what}` is not closed with `>`"),
        "close the tag with `>` and every quoted attribute value with its quote; an open tag swallows the rest of the page".into(),
    )
}

/// Checks a start tag; `true` when the element itself is not allowed (then its attributes are
/// not looked at: removing the element fixes them too).
fn check_start_tag(tag: &Tag, issues: &mut Vec<RawHtmlIssue>) -> bool {
    if let Some((code, message, hint)) = forbidden_element(&tag.name) {
        issues.push(issue(tag.start, code, message, hint.into()));
        return true;
    }
    let is_link = matches!(tag.name.as_str(), "a" | "area");
    let is_animation = matches!(
        tag.name.as_str(),
        "animate" | "set" | "animatemotion" | "animatetransform"
    );
    for attr in &tag.attrs {
        let name = attr.name.as_str();
        if name.len() > 2
            && name.starts_with("on")
            && name[2..].bytes().all(|c| c.is_ascii_alphabetic())
        {
            issues.push(issue(
                attr.offset,
                "html/event-handler",
                format!(
                    "the event handler `{name}` on `<{}>` would never run: the site's Content-Security-Policy blocks inline scripts",
                    tag.name
                ),
                CSP_SCRIPT_HINT.into(),
            ));
            continue;
        }
        if name == "style" {
            issues.push(issue(
                attr.offset,
                "html/style-attribute",
                format!(
                    "the `style` attribute on `<{}>` is blocked by the site's Content-Security-Policy",
                    tag.name
                ),
                if is_svg_element(&tag.name) {
                    "use a class from the theme's stylesheet, or save the drawing as an .svg file next to the page and show it with `<img src=\"drawing.svg\" alt=\"...\">` (its own styles then work)"
                } else {
                    "use a class from the theme's stylesheet"
                }
                .into(),
            ));
            continue;
        }
        let Some(raw) = attr.value else { continue };
        let value = decode_entities(raw);
        match name {
            "src" | "lowsrc" | "dynsrc" | "poster" | "background" | "data" => {
                check_resource(tag, attr, &value, issues)
            }
            "href" | "xlink:href" if !is_link => check_resource(tag, attr, &value, issues),
            "href" | "xlink:href" | "action" | "formaction" => {
                check_link(tag, attr, &value, issues)
            }
            "srcset" | "imagesrcset" => {
                for url in srcset_urls(&value) {
                    check_resource(tag, attr, url, issues);
                }
            }
            "ping" => {
                for url in value.split(|c: char| c.is_ascii_whitespace()) {
                    check_resource(tag, attr, url, issues);
                }
            }
            "cite" | "longdesc" | "manifest" | "codebase" | "classid" | "archive" | "profile" => {
                check_unsafe(tag, attr, &value, issues);
            }
            "to" | "from" | "by" | "values" if is_animation => {
                for v in value.split(';') {
                    check_unsafe(tag, attr, v, issues);
                }
            }
            _ => {
                // SVG presentation attributes (`fill="url(...)"`, `filter`, `mask`, ...) can
                // reference other documents.
                for url in css_urls(&value) {
                    check_resource(tag, attr, url, issues);
                }
            }
        }
    }
    false
}

/// Common elements of inline SVG drawings (exported drawings carry `style` attributes).
fn is_svg_element(name: &str) -> bool {
    matches!(
        name,
        "svg"
            | "g"
            | "path"
            | "rect"
            | "circle"
            | "ellipse"
            | "line"
            | "polyline"
            | "polygon"
            | "text"
            | "tspan"
            | "defs"
            | "use"
            | "symbol"
            | "stop"
            | "lineargradient"
            | "radialgradient"
            | "clippath"
            | "mask"
            | "pattern"
            | "marker"
            | "image"
    )
}

fn forbidden_element(name: &str) -> Option<(&'static str, String, &'static str)> {
    let code_hint = match name {
        "script" => ("html/script", CSP_SCRIPT_HINT),
        "style" => (
            "html/style",
            "use classes from the theme's stylesheet; styles in the page are blocked by the site's Content-Security-Policy",
        ),
        "iframe" | "frame" | "frameset" | "portal" | "fencedframe" => (
            "html/embedded",
            "link to the page instead; embedded pages leave the site and are blocked offline",
        ),
        "object" | "embed" | "applet" => (
            "html/embedded",
            "link to the file instead (put it next to the page); embedded objects are blocked by the site's Content-Security-Policy",
        ),
        "base" => (
            "html/head-element",
            "remove it: it would change where every relative link on the page points, and the site's Content-Security-Policy blocks it",
        ),
        "meta" => (
            "html/head-element",
            "remove it: page metadata comes from the front matter and the theme",
        ),
        "link" => (
            "html/head-element",
            "remove it: stylesheets and icons come from the theme; to point at a file, write a Markdown link",
        ),
        "form" => (
            "html/form",
            "a form cannot be submitted here (the site's Content-Security-Policy has form-action 'none' and there is no server); use a task list (`- [ ]`) or a content kind",
        ),
        "xmp" | "listing" | "plaintext" => (
            "html/obsolete",
            "show code in a fenced code block (```) instead",
        ),
        "noembed" | "noframes" => ("html/obsolete", "remove it"),
        _ => return None,
    };
    let message = match code_hint.0 {
        "html/script" => "raw `<script>` elements are not allowed".to_string(),
        "html/style" => "raw `<style>` elements are not allowed".to_string(),
        "html/embedded" => format!("`<{name}>` embeds content that the site cannot show"),
        "html/head-element" => {
            format!("`<{name}>` belongs to the theme's page template, not to content")
        }
        "html/form" => "`<form>` elements are not allowed".to_string(),
        _ => format!("`<{name}>` is obsolete"),
    };
    Some((code_hint.0, message, code_hint.1))
}

/// A URL the browser loads on its own (an image, a video, an SVG `<use>`): it must stay in the
/// site.
fn check_resource(tag: &Tag, attr: &Attr, value: &str, issues: &mut Vec<RawHtmlIssue>) {
    let url = normalize_url(value);
    if url.is_empty() || check_unsafe_normalized(tag, attr, &url, issues) {
        return;
    }
    let two_slashes = url.len() >= 2 && url.bytes().take(2).all(|c| c == b'/' || c == b'\\');
    if scheme(&url).is_some() || two_slashes {
        let hint = match tag.name.as_str() {
            "img" | "picture" | "image" | "feimage" | "input" => {
                "download the image next to the page and link it relatively"
            }
            "video" | "audio" | "source" | "track" => {
                "put the media file next to the page and link it relatively"
            }
            _ => "copy the file into the site and link it relatively; files from outside are blocked by the site's Content-Security-Policy and missing offline",
        };
        issues.push(issue(
            attr.offset,
            "html/external-resource",
            format!(
                "`<{} {}=\"{}\">` loads a file from outside the site",
                tag.name,
                attr.name,
                short(&url)
            ),
            hint.into(),
        ));
    } else if url.starts_with(['/', '\\']) {
        issues.push(absolute_path(tag, attr, &url));
    }
}

/// A URL the reader follows (a link, a form target): any site is fine, scripts and data are not.
fn check_link(tag: &Tag, attr: &Attr, value: &str, issues: &mut Vec<RawHtmlIssue>) {
    let url = normalize_url(value);
    if check_unsafe_normalized(tag, attr, &url, issues) {
        return;
    }
    if url.len() >= 2 && url.bytes().take(2).all(|c| c == b'/' || c == b'\\') {
        issues.push(issue(
            attr.offset,
            "html/absolute-path",
            format!(
                "`{}=\"{}\"` has no scheme: opened from a folder it points at a file share",
                attr.name,
                short(&url)
            ),
            format!("write the full address: https:{}", short(&url)),
        ));
    } else if url.starts_with(['/', '\\']) {
        issues.push(absolute_path(tag, attr, &url));
    }
}

fn absolute_path(tag: &Tag, attr: &Attr, url: &str) -> RawHtmlIssue {
    issue(
        attr.offset,
        "html/absolute-path",
        format!(
            "`<{} {}=\"{}\">` is absolute",
            tag.name,
            attr.name,
            short(url)
        ),
        "write it relative to this page (e.g. `../atteli/shema.png`) so the site also works opened from a folder or a USB stick".into(),
    )
}

fn check_unsafe(tag: &Tag, attr: &Attr, value: &str, issues: &mut Vec<RawHtmlIssue>) {
    check_unsafe_normalized(tag, attr, &normalize_url(value), issues);
}

/// Reports a `javascript:`, `vbscript:` or `data:` URL; `true` when it did.
fn check_unsafe_normalized(
    tag: &Tag,
    attr: &Attr,
    url: &str,
    issues: &mut Vec<RawHtmlIssue>,
) -> bool {
    let Some(scheme) = unsafe_scheme_normalized(url) else {
        return false;
    };
    let hint = if scheme == "data" {
        "save the content as a file next to the page and link it relatively"
    } else {
        "scripts in URLs are blocked by the site's Content-Security-Policy; link to a page or file instead"
    };
    issues.push(issue(
        attr.offset,
        "html/unsafe-url",
        format!("`<{} {}>` uses a `{scheme}:` URL", tag.name, attr.name),
        hint.into(),
    ));
    true
}

/// At most 80 characters of a URL for a message (a `data:` URL can be megabytes).
fn short(url: &str) -> Cow<'_, str> {
    match url.char_indices().nth(80) {
        Some((i, _)) => format!("{}…", &url[..i]).into(),
        None => url.into(),
    }
}

// ---------------------------------------------------------------------------------------------
// URLs

/// The URL standard's clean-up: leading and trailing C0 controls and spaces go, and so do tabs
/// and newlines anywhere.
fn normalize_url(url: &str) -> Cow<'_, str> {
    let trimmed = url.trim_matches(|c: char| c <= ' ');
    if trimmed.contains(['\t', '\n', '\r']) {
        trimmed.replace(['\t', '\n', '\r'], "").into()
    } else {
        trimmed.into()
    }
}

/// The scheme of a normalized URL (`https` of `https://...`), if it has one.
fn scheme(url: &str) -> Option<&str> {
    let colon = url.find(':')?;
    let s = &url[..colon];
    let mut bytes = s.bytes();
    let first = bytes.next()?;
    (first.is_ascii_alphabetic()
        && bytes.all(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'-' | b'.')))
    .then_some(s)
}

/// The URLs of a `srcset`: comma-separated candidates, each a URL and optional descriptors
/// (a URL may itself hold commas, as `data:` URLs do).
fn srcset_urls(value: &str) -> Vec<&str> {
    let b = value.as_bytes();
    let mut urls = Vec::new();
    let mut i = 0;
    loop {
        while i < b.len() && (is_space(b[i]) || b[i] == b',') {
            i += 1;
        }
        if i >= b.len() {
            return urls;
        }
        let start = i;
        while i < b.len() && !is_space(b[i]) {
            i += 1;
        }
        let url = sub(value, start, i);
        if url.ends_with(',') {
            urls.push(url.trim_end_matches(','));
            continue;
        }
        urls.push(url);
        // Descriptors up to the next comma outside parentheses.
        let mut depth = 0usize;
        while i < b.len() {
            match b[i] {
                b'(' => depth += 1,
                b')' => depth = depth.saturating_sub(1),
                b',' if depth == 0 => break,
                _ => {}
            }
            i += 1;
        }
    }
}

/// The targets of CSS `url(...)` references in an attribute value.
fn css_urls(value: &str) -> Vec<&str> {
    let lower = value.to_ascii_lowercase();
    let b = value.as_bytes();
    let mut urls = Vec::new();
    let mut from = 0;
    while let Some(p) = lower.get(from..).and_then(|l| l.find("url(")) {
        let mut i = from + p + 4;
        while i < b.len() && is_space(b[i]) {
            i += 1;
        }
        let (start, end) = match b.get(i) {
            Some(&q @ (b'"' | b'\'')) => {
                let end = find_byte(b, i + 1, q).unwrap_or(b.len());
                (i + 1, end)
            }
            _ => (i, find_byte(b, i, b')').unwrap_or(b.len())),
        };
        urls.push(sub(value, start, end));
        from = end.max(from + p + 4);
    }
    urls
}

/// Decodes character references as a browser does in an attribute value: numeric ones with or
/// without `;`, and the named ones that matter for reading a URL's scheme and path.
fn decode_entities(s: &str) -> Cow<'_, str> {
    if !s.contains('&') {
        return s.into();
    }
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    let mut copied = 0;
    while let Some(amp) = find_byte(b, i, b'&') {
        let (decoded, end) = if b.get(amp + 1) == Some(&b'#') {
            numeric_reference(b, amp + 2)
        } else {
            named_reference(s, amp + 1)
        };
        match decoded {
            Some(c) => {
                out.push_str(sub(s, copied, amp));
                out.push(c);
                copied = end;
                i = end;
            }
            None => i = amp + 1,
        }
    }
    out.push_str(sub(s, copied, s.len()));
    out.into()
}

/// `&#106;`, `&#x6A;`, `&#X6a` from just after the `#`: the character and the offset after the
/// reference.
fn numeric_reference(b: &[u8], from: usize) -> (Option<char>, usize) {
    let hex = matches!(b.get(from), Some(b'x' | b'X'));
    let mut i = if hex { from + 1 } else { from };
    let digits_start = i;
    let mut value: u32 = 0;
    while let Some(&c) = b.get(i) {
        let digit = match (hex, c) {
            (_, b'0'..=b'9') => c - b'0',
            (true, b'a'..=b'f') => c - b'a' + 10,
            (true, b'A'..=b'F') => c - b'A' + 10,
            _ => break,
        };
        value = value
            .saturating_mul(if hex { 16 } else { 10 })
            .saturating_add(u32::from(digit))
            .min(0x11_0000);
        i += 1;
    }
    if i == digits_start {
        return (None, from);
    }
    if b.get(i) == Some(&b';') {
        i += 1;
    }
    let c = match value {
        0 => '\u{FFFD}',
        v => char::from_u32(v).unwrap_or('\u{FFFD}'),
    };
    (Some(c), i)
}

/// Named references whose characters can change how a URL reads.
const NAMED: &[(&str, char)] = &[
    ("Tab", '\t'),
    ("NewLine", '\n'),
    ("colon", ':'),
    ("sol", '/'),
    ("bsol", '\\'),
    ("amp", '&'),
    ("AMP", '&'),
    ("lt", '<'),
    ("LT", '<'),
    ("gt", '>'),
    ("GT", '>'),
    ("quot", '"'),
    ("QUOT", '"'),
    ("apos", '\''),
    ("nbsp", '\u{A0}'),
    ("lpar", '('),
    ("rpar", ')'),
    ("period", '.'),
    ("comma", ','),
    ("semi", ';'),
    ("equals", '='),
    ("num", '#'),
    ("quest", '?'),
    ("excl", '!'),
    ("percnt", '%'),
    ("plus", '+'),
    ("lowbar", '_'),
    ("commat", '@'),
];

fn named_reference(s: &str, from: usize) -> (Option<char>, usize) {
    let b = s.as_bytes();
    let mut i = from;
    while i < b.len() && b[i].is_ascii_alphanumeric() {
        i += 1;
    }
    let name = sub(s, from, i);
    match NAMED.iter().find(|(n, _)| *n == name) {
        Some(&(_, c)) => {
            let end = if b.get(i) == Some(&b';') { i + 1 } else { i };
            (Some(c), end)
        }
        None => (None, from),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(html: &str) -> Vec<&'static str> {
        check_raw_html(html).into_iter().map(|i| i.code).collect()
    }

    fn assert_clean(html: &str) {
        let issues = check_raw_html(html);
        assert!(issues.is_empty(), "{html:?}: {issues:#?}");
    }

    #[test]
    fn structural_html_is_allowed() {
        for html in [
            "<details>\n<summary>Vairāk</summary>\n\nTeksts\n</details>",
            "<figure><img src=\"shema.png\" alt=\"Shēma\"><figcaption>Shēma</figcaption></figure>",
            "<kbd>Ctrl</kbd>+<kbd>C</kbd>",
            "<abbr title=\"Valsts ieņēmumu dienests\">VID</abbr>",
            "<br>",
            "<br/>",
            "x<sup>2</sup>",
            "<table class=\"plain\"><tr><td>1</td></tr></table>",
            "<img src=\"../attēli/logo.svg\" alt=\"\" width=\"20\">",
            "<img srcset=\"a.png 1x, b.png 2x\" src=\"a.png\">",
            "<a href=\"https://likumi.lv/ta/id/57255\">likums</a>",
            "<a href=\"mailto:info@lm.gov.lv\">e-pasts</a>",
            "<a href=\"#kriteriji\">augstāk</a> <a href=\"b.html?x=1#y\">b</a>",
            "<svg viewBox=\"0 0 10 10\"><use href=\"#ikona\"/><rect fill=\"url(#g)\"/></svg>",
            "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" version=\"1.1\" xml:space=\"preserve\"><a href=\"https://x.lv\"><text>x</text></a></svg>",
            "<video src=\"video.mp4\" poster=\"video.jpg\" controls></video>",
            "<p class=\"lead\" data-x=\"1\" hidden>Teksts</p>",
            "<input type=\"checkbox\" disabled checked>",
            "<!-- <script>alert(1)</script> -->",
            "<title>Shēma</title>",
            "<textarea readonly>a < b un c > d</textarea>",
            "1 < 2 un <3 un <ā> un < b",
            "<p title=\"a > b\">x</p>",
            "<P CLASS=x>Y</P>",
            "",
            "<",
            "</>",
        ] {
            assert_clean(html);
        }
    }

    #[test]
    fn scripts_styles_and_handlers_are_reported() {
        assert_eq!(codes("<script>alert(1)</script>"), ["html/script"]);
        assert_eq!(codes("<SCRIPT src=\"app.js\"></SCRIPT>"), ["html/script"]);
        assert_eq!(codes("<svg><script href=\"x.js\"/></svg>"), ["html/script"]);
        assert_eq!(codes("<style>p { color: red }</style>"), ["html/style"]);
        assert_eq!(
            codes("<p style=\"color:red\">x</p>"),
            ["html/style-attribute"]
        );
        assert_eq!(codes("<p STYLE>x</p>"), ["html/style-attribute"]);
        assert_eq!(
            codes("<button onclick=\"go()\">x</button>"),
            ["html/event-handler"]
        );
        assert_eq!(
            codes("<img src=x.png OnError=alert(1)>"),
            ["html/event-handler"]
        );
        assert_eq!(
            codes("<svg onload=alert(1)><a onmouseover='x'></a></svg>"),
            ["html/event-handler", "html/event-handler"]
        );
        let issue = &check_raw_html("<p>\n<span  style='x'>")[0];
        assert_eq!(issue.offset, "<p>\n<span  ".len());
        assert!(issue.hint.contains("class"));
        assert!(check_raw_html("<svg><path style=\"fill:red\"/></svg>")[0]
            .hint
            .contains("<img src="));
        let script = &check_raw_html("text <script>")[0];
        assert_eq!(script.offset, 5);
        assert!(script.hint.contains("Content-Security-Policy"));
    }

    #[test]
    fn script_content_is_not_read_as_markup() {
        assert_eq!(
            codes("<script>if (a<b) x = '<img src=https://x/y.png>';</script><p>ok</p>"),
            ["html/script"]
        );
        assert_eq!(
            codes("<script>x</SCRIPT ><img src=\"http://x/a.png\">"),
            ["html/script", "html/external-resource"]
        );
    }

    #[test]
    fn embedded_and_head_elements_are_reported() {
        for (html, code) in [
            (
                "<iframe src=\"https://youtube.com/embed/x\"></iframe>",
                "html/embedded",
            ),
            ("<object data=\"a.pdf\"></object>", "html/embedded"),
            ("<embed src=\"a.swf\">", "html/embedded"),
            ("<frame src=a.html>", "html/embedded"),
            ("<applet code=A.class></applet>", "html/embedded"),
            ("<base href=\"https://x/\">", "html/head-element"),
            (
                "<meta http-equiv=\"refresh\" content=\"0;url=https://x\">",
                "html/head-element",
            ),
            ("<meta charset=utf-8>", "html/head-element"),
            (
                "<link rel=\"stylesheet\" href=\"https://cdn/x.css\">",
                "html/head-element",
            ),
            ("<link rel=icon href=favicon.ico>", "html/head-element"),
            ("<form action=\"https://x\"><input></form>", "html/form"),
            ("<xmp><b></xmp>", "html/obsolete"),
        ] {
            assert_eq!(codes(html), [code], "{html}");
        }
        assert!(check_raw_html("<iframe src=x>")[0]
            .hint
            .contains("link to the page instead"));
        assert_eq!(codes("<plaintext><script>"), ["html/obsolete"]);
    }

    #[test]
    fn outside_resources_are_reported() {
        for html in [
            "<img src=\"https://example.com/a.png\">",
            "<img src='http://example.com/a.png'>",
            "<img src=//example.com/a.png>",
            "<img src=\"\\\\server\\share\\a.png\">",
            "<img src=\"/\\example.com/a.png\">",
            "<img src=\"  HTTPS://example.com/a.png\">",
            "<img src=\"ht\ttps://example.com/a.png\">",
            "<img src=\"ftp://example.com/a.png\">",
            "<img src=\"file:///C:/a.png\">",
            "<img srcset=\"a.png 1x, https://x/b.png 2x\">",
            "<picture><source srcset=\"https://x/b.webp\"></picture>",
            "<video poster=\"https://x/p.jpg\"></video>",
            "<audio src=\"https://x/a.mp3\"></audio>",
            "<video><track src=\"https://x/a.vtt\"></video>",
            "<table background=\"https://x/bg.png\"></table>",
            "<svg><use href=\"https://x/sprite.svg#i\"/></svg>",
            "<svg><use xlink:href=\"//x/sprite.svg#i\"/></svg>",
            "<svg><image href=\"https://x/a.png\"/></svg>",
            "<svg><rect filter=\"url('https://x/f.svg#f')\"/></svg>",
            "<a href=\"a.html\" ping=\"https://tracker/x\">a</a>",
            "<input type=image src=https://x/b.png>",
        ] {
            assert_eq!(codes(html), ["html/external-resource"], "{html}");
        }
        let issue = &check_raw_html("<p><img alt=x src=\"https://e.lv/a.png\"></p>")[0];
        assert_eq!(issue.offset, "<p><img alt=x ".len());
        assert_eq!(
            issue.hint,
            "download the image next to the page and link it relatively"
        );
        assert!(issue.message.contains("https://e.lv/a.png"));
    }

    #[test]
    fn absolute_paths_are_reported() {
        assert_eq!(codes("<img src=\"/img/a.png\">"), ["html/absolute-path"]);
        assert_eq!(codes("<a href=\"/par/\">x</a>"), ["html/absolute-path"]);
        assert_eq!(
            codes("<a href=\"//lm.gov.lv\">x</a>"),
            ["html/absolute-path"]
        );
    }

    #[test]
    fn unsafe_urls_are_reported_everywhere() {
        for html in [
            "<a href=\"javascript:alert(1)\">x</a>",
            "<a href=\"JavaScript:alert(1)\">x</a>",
            "<a href=\" \u{1}javascript:alert(1)\">x</a>",
            "<a href=\"java\nscript:alert(1)\">x</a>",
            "<a href=\"java&#x09;script:alert(1)\">x</a>",
            "<a href=\"jav&#x61;script:alert(1)\">x</a>",
            "<a href=\"jav&#97script:alert(1)\">x</a>",
            "<a href=\"&#106;&#0000097;vascript&colon;alert(1)\">x</a>",
            "<a href=\"java&Tab;script:alert(1)\">x</a>",
            "<a href=\"javascript&NewLine;:alert(1)\">x</a>",
            "<a href=vbscript:msgbox>x</a>",
            "<a href=\"data:text/html,<script>\">x</a>",
            "<img src=\"data:image/png;base64,iVBOR\">",
            "<img srcset=\"data:image/png;base64,a,b 1x\">",
            "<button formaction=\"javascript:x()\">x</button>",
            "<svg><a xlink:href=\"javascript:x()\"><text>x</text></a></svg>",
            "<svg><set attributeName=\"href\" to=\"javascript:alert(1)\"/></svg>",
            "<blockquote cite=\"javascript:x\">x</blockquote>",
        ] {
            assert_eq!(codes(html), ["html/unsafe-url"], "{html}");
        }
        let data = &check_raw_html("<a href=\"data:,x\">")[0];
        assert!(data.message.contains("`data:`"));
        assert!(data.hint.contains("file next to the page"));
    }

    #[test]
    fn unsafe_scheme_reads_urls_as_browsers_do() {
        assert_eq!(unsafe_scheme("javascript:alert(1)"), Some("javascript"));
        assert_eq!(unsafe_scheme("  JAVASCRIPT:x"), Some("javascript"));
        assert_eq!(unsafe_scheme("\u{0}\u{1f}javascript:x"), Some("javascript"));
        assert_eq!(unsafe_scheme("java\tscr\nipt:x"), Some("javascript"));
        assert_eq!(unsafe_scheme("jav&#x61;script:x"), Some("javascript"));
        assert_eq!(
            unsafe_scheme("jav&#X0061;script&colon;x"),
            Some("javascript")
        );
        assert_eq!(unsafe_scheme("VbScript:x"), Some("vbscript"));
        assert_eq!(unsafe_scheme("data:image/png;base64,AAAA"), Some("data"));
        assert_eq!(unsafe_scheme("DATA:,x"), Some("data"));
        for safe in [
            "",
            "https://x.lv",
            "a/b.md",
            "#javascript:",
            "./javascript:x",
            "dati.md",
            "data.html",
            "data/x:y",
            "mailto:a@b.lv",
            "\u{a0}javascript:x",
            "java script:x",
            "javascript",
            "&#;javascript:x",
            "&#xffffffffffff;",
            "&#0;",
            "&",
            "&amp",
        ] {
            assert_eq!(unsafe_scheme(safe), None, "{safe:?}");
        }
    }

    #[test]
    fn tags_are_tokenized_like_browsers_do() {
        // `>` inside quotes does not end the tag.
        assert_eq!(codes("<p title=\"a>b\" style=x>"), ["html/style-attribute"]);
        assert_eq!(codes("<p title='\"><script>'>"), Vec::<&str>::new());
        // Newlines and odd spacing inside tags.
        assert_eq!(
            codes("<img\n  alt = \"x\"\n  src\n=\n'https://x/a.png'\n/>"),
            ["html/external-resource"]
        );
        // Attributes without values, slashes between attributes, unquoted values.
        assert_eq!(
            codes("<input disabled/checked/onfocus=x>"),
            ["html/event-handler"]
        );
        // An unquoted value ends at a space or `>`; quotes inside it are part of it.
        assert_eq!(
            codes("<a title=x\"y href=javascript:x>"),
            ["html/unsafe-url"]
        );
        // A quoted value followed directly by another attribute.
        assert_eq!(
            codes("<a title=\"x\"href=\"javascript:x\">"),
            ["html/unsafe-url"]
        );
        // `=` may start an attribute name.
        assert_eq!(codes("<p =style=x>"), Vec::<&str>::new());
        // End tags with attributes are read through to their `>`.
        assert_eq!(codes("</p title=\">\"><script>"), ["html/script"]);
        // Not tags: `<` followed by something other than a letter.
        assert_eq!(codes("a <script b"), ["html/script", "html/unclosed-tag"]);
        assert_eq!(codes("a < script>"), Vec::<&str>::new());
        assert_eq!(codes("<3 <-- <ā onclick=x>"), Vec::<&str>::new());
        // `/` separates a tag name from an attribute.
        assert_eq!(
            codes("<img/src=\"https://x/a.png\">"),
            ["html/external-resource"]
        );
        assert_eq!(codes("<script/x>"), ["html/script"]);
        assert_eq!(codes("<svg><style>x</style></svg>"), ["html/style"]);
        // Case-insensitive names.
        assert_eq!(codes("<ScRiPt>"), ["html/script"]);
        assert_eq!(
            codes("<IMG SRC=HTTPS://X/A.PNG>"),
            ["html/external-resource"]
        );
    }

    #[test]
    fn comments_and_declarations_are_skipped_where_browsers_end_them() {
        assert_clean("<!-- <img src=https://x/a.png> -->");
        assert_clean("<!DOCTYPE html><?xml version=\"1.0\"?><![CDATA[ x ]]>");
        // `<!-->` and `<!--->` end at once; `--!>` ends a comment too.
        assert_eq!(codes("<!--><script>"), ["html/script"]);
        assert_eq!(codes("<!---><script>"), ["html/script"]);
        assert_eq!(codes("<!-- x --!><script>"), ["html/script"]);
        assert_eq!(codes("<!-- x -- ><script> -->"), Vec::<&str>::new());
        assert_eq!(codes("<!----><script>"), ["html/script"]);
        assert_eq!(codes("<!-- a --->b<style>"), ["html/style"]);
        // A bogus comment ends at the first `>`, even inside what looks like quotes.
        assert_eq!(codes("<!x \">\"<script>"), ["html/script"]);
        assert_eq!(codes("</3 \"><script>"), ["html/script"]);
    }

    #[test]
    fn unclosed_tags_and_comments_are_reported() {
        assert_eq!(codes("<img src=\"a.png alt=\"x\">"), Vec::<&str>::new());
        assert_eq!(codes("<img src=\"a.png alt=x>"), ["html/unclosed-tag"]);
        assert_eq!(codes("<div class=\"a\"\n"), ["html/unclosed-tag"]);
        assert_eq!(codes("<!-- x"), ["html/unclosed-comment"]);
        assert_eq!(codes("<!-- x ->"), ["html/unclosed-comment"]);
        assert_eq!(codes("</div"), ["html/unclosed-tag"]);
        assert_eq!(codes("<!doctype"), ["html/unclosed-tag"]);
        let i = &check_raw_html("ok <p title='x>")[0];
        assert_eq!(i.offset, 3);
        assert!(i.message.contains("`<p`"));
    }

    #[test]
    fn markup_in_text_elements_is_ambiguous() {
        // In HTML `</noscript>` inside the attribute ends the element and the image loads;
        // inside SVG it would not. Either way the author must write it differently.
        let html = "<noscript><p title=\"</noscript><img src=https://x/a.png>\"></noscript>";
        assert_eq!(codes(html), ["html/markup-in-text-element"]);
        assert_eq!(check_raw_html(html)[0].offset, "<noscript>".len());
        assert_eq!(
            codes("<svg><title><img src=https://x/a.png></title></svg>"),
            ["html/markup-in-text-element", "html/external-resource"]
        );
        assert_clean("<noscript>Vajag JavaScript.</noscript><p>x</p>");
        assert_clean("<TEXTAREA>a <- b</TEXTAREA >");
        // An element whose end tag is in another fragment.
        assert_clean("<title>");
    }

    #[test]
    fn issues_convert_to_markdown_issues_at_the_fragment_offset() {
        let md = check_raw_html("<b style=x>").remove(0).at(100);
        assert_eq!(md.offset, 103);
        assert_eq!(md.code, "html/style-attribute");
    }

    #[test]
    fn long_urls_are_shortened_in_messages() {
        let url = format!("https://x/{}.png", "ā".repeat(500));
        let issue = &check_raw_html(&format!("<img src=\"{url}\">"))[0];
        assert!(issue.message.chars().count() < 150, "{}", issue.message);
    }

    #[test]
    fn helpers_handle_edges() {
        assert_eq!(
            srcset_urls(" a.png 1x ,b.png, c.png 2x"),
            ["a.png", "b.png", "c.png"]
        );
        assert_eq!(
            srcset_urls("data:a,b 1x, x.png (a,b) 2x, y.png"),
            ["data:a,b", "x.png", "y.png"]
        );
        assert_eq!(srcset_urls(""), Vec::<&str>::new());
        assert_eq!(
            css_urls("url(#a) URL( 'b' ) url(\"c\")url(d"),
            ["#a", "b", "c", "d"]
        );
        assert_eq!(
            decode_entities("a&amp;b&lt&#x41;&#66&unknown;&"),
            "a&b<AB&unknown;&"
        );
        assert_eq!(decode_entities("&#xD800;&#1114112;"), "\u{FFFD}\u{FFFD}");
        assert_eq!(scheme("c:\\x"), Some("c"));
        assert_eq!(scheme("1a:x"), None);
        assert_eq!(comment_end(b"<!--", 4), None);
    }

    /// Random and garbled input never panics and stays fast (the scanner is one pass).
    #[test]
    fn garbled_input_never_panics() {
        const PIECES: &[&str] = &[
            "<",
            ">",
            "\"",
            "'",
            "=",
            "/",
            " ",
            "ā",
            "\n",
            "\t",
            "a",
            "s",
            "<!--",
            "-->",
            "-",
            "!",
            "?",
            "&",
            "#",
            "x",
            ";",
            "&#",
            "script",
            "style",
            "title",
            "noscript",
            "textarea",
            "src",
            "href",
            "srcset",
            "on",
            "url(",
            ")",
            ",",
            "javascript:",
            "data:",
            "https://",
            "//",
            "\\",
            "</",
            "é",
            "😀",
            "\u{0}",
            "\r",
            "\u{c}",
            "img",
            "svg",
            "1x",
        ];
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..20_000 {
            let len = (next() % 40) as usize;
            let mut s = String::new();
            for _ in 0..len {
                s.push_str(PIECES[(next() % PIECES.len() as u64) as usize]);
            }
            for issue in check_raw_html(&s) {
                assert!(issue.offset <= s.len(), "{s:?}");
                assert!(s.is_char_boundary(issue.offset), "{s:?}");
            }
            let _ = unsafe_scheme(&s);
        }
        // Raw bytes decoded lossily: every kind of broken UTF-8 sequence becomes U+FFFD.
        for _ in 0..5_000 {
            let bytes: Vec<u8> = (0..(next() % 64))
                .map(|_| {
                    let r = next();
                    match r % 4 {
                        0 => b"<>\"'=/&#;-!"[(r >> 8) as usize % 11],
                        _ => (r >> 16) as u8,
                    }
                })
                .collect();
            let s = String::from_utf8_lossy(&bytes);
            let _ = check_raw_html(&s);
            let _ = unsafe_scheme(&s);
        }
    }

    #[test]
    fn large_inputs_take_linear_time() {
        let started = std::time::Instant::now();
        for piece in [
            "<",
            "<!--",
            "<a ",
            "</",
            "&#",
            "<title>",
            "url(",
            "\"",
            "<noscript><",
        ] {
            let s = piece.repeat(200_000);
            let _ = check_raw_html(&s);
            let _ = check_raw_html(&format!("<p title=\"{s}\">"));
            let _ = check_raw_html(&format!("<img src=\"{s}\" srcset=\"{s}\" fill=\"{s}\">"));
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(20),
            "{:?}",
            started.elapsed()
        );
    }
}

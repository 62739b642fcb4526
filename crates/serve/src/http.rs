//! Answering one HTTP request from the in-memory site.

use std::borrow::Cow;
use std::sync::{Arc, RwLock};

use tiny_http::{Header, Method, Request, Response, StatusCode};

use super::live::{EVENTS_PATH, LIVE_PATH, LIVE_SCRIPT};
use super::state::{Output, Served};
use metodika_core::url::{encode_ascii_path, percent_decode};

/// Where a request path leads.
#[derive(Debug, PartialEq, Eq)]
pub enum Target {
    /// A site file, by its path in the output.
    File(String),
    /// `..`, backslashes, NUL bytes, invalid encoding: never served.
    Refused,
}

/// Decodes and checks a request target. Only plain relative names are accepted, so nothing
/// outside the site can be named, however it is encoded.
pub(crate) fn resolve(url: &str) -> Target {
    // Absolute-form targets (`GET http://host/x`) carry the path after the authority.
    let url = match url.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("/", |i| &rest[i..]),
        None => url,
    };
    let path = url.split(['?', '#']).next().unwrap_or_default();
    let Some(decoded) = percent_decode(path) else {
        return Target::Refused;
    };
    if decoded.contains('\\') || decoded.contains('\0') {
        return Target::Refused;
    }
    let segments: Vec<&str> = decoded.split('/').filter(|s| !s.is_empty()).collect();
    if segments
        .iter()
        .any(|s| *s == ".." || *s == "." || s.contains(':'))
    {
        return Target::Refused;
    }
    let joined = segments.join("/");
    if decoded.ends_with('/') || joined.is_empty() {
        let dir = if joined.is_empty() {
            String::new()
        } else {
            format!("{joined}/")
        };
        return Target::File(format!("{dir}index.html"));
    }
    Target::File(joined)
}

/// `Content-Type` by file extension; text types carry their charset.
pub(crate) fn content_type(path: &str) -> Cow<'static, str> {
    let guessed = mime_guess::from_path(path)
        .first_raw()
        .unwrap_or("application/octet-stream");
    // The names this server has always sent, where the registry has an older or rarer one.
    let mime = match guessed {
        "text/xml" => "application/xml",
        "application/javascript" => "text/javascript",
        "text/markdown" | "text/x-markdown" => "text/plain",
        other => other,
    };
    let textual = mime.starts_with("text/")
        || mime.ends_with("+xml")
        || matches!(mime, "application/json" | "application/xml");
    if textual {
        Cow::Owned(format!("{mime}; charset=utf-8"))
    } else {
        Cow::Borrowed(mime)
    }
}

/// A response header; values that are not valid header text become empty rather than panic.
fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes())
        .or_else(|_| Header::from_bytes(name.as_bytes(), &b""[..]))
        .expect("header names here are constants")
}

/// Sends a response, always closing the connection afterwards: tiny_http gives each open
/// connection a pool thread, and a browser's idle keep-alive connections would otherwise hold
/// threads that a burst of new requests needs. On this computer a new connection is cheap.
fn send<R: std::io::Read>(request: Request, response: Response<R>) {
    let _ = request.respond(response.with_header(header("Connection", "close")));
}

/// Adds the live-reload script to an HTML page (serve only; built files never have it).
pub(crate) fn inject_live_script(html: &[u8], version: u64, events_port: u16) -> Vec<u8> {
    let tag =
        format!("<script src=\"{LIVE_PATH}?v={version}&amp;events={events_port}\"></script>\n");
    let text = String::from_utf8_lossy(html);
    match text.rfind("</body>") {
        Some(i) => {
            let mut out = String::with_capacity(text.len() + tag.len());
            out.push_str(&text[..i]);
            out.push_str(&tag);
            out.push_str(&text[i..]);
            out.into_bytes()
        }
        None => {
            let mut out = html.to_vec();
            out.extend_from_slice(tag.as_bytes());
            out
        }
    }
}

/// The page's Content-Security-Policy, with `source` allowed for connections, so that the
/// live-reload script may open its event stream (another port is another origin). Serve only:
/// built files keep the policy as the theme wrote it. A page without a policy is left alone.
pub(crate) fn allow_live_events(html: Vec<u8>, source: &str) -> Vec<u8> {
    const NAME: &str = "http-equiv=\"content-security-policy\"";
    let text = match String::from_utf8(html) {
        Ok(text) => text,
        Err(e) => return e.into_bytes(),
    };
    let head_end = text.find("</head>").unwrap_or(text.len());
    let lower = text[..head_end].to_ascii_lowercase();
    let Some(at) = lower.find(NAME) else {
        return text.into_bytes();
    };
    let (Some(tag_start), Some(tag_len)) = (lower[..at].rfind("<meta"), lower[at..].find('>'))
    else {
        return text.into_bytes();
    };
    let tag_end = at + tag_len;
    let Some(value_start) = lower[tag_start..tag_end]
        .find("content=\"")
        .map(|i| tag_start + i + "content=\"".len())
    else {
        return text.into_bytes();
    };
    let Some(value_end) = text[value_start..tag_end]
        .find('"')
        .map(|i| value_start + i)
    else {
        return text.into_bytes();
    };
    let policy = &text[value_start..value_end];
    let mut found = false;
    let mut directives: Vec<String> = policy
        .split(';')
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(|d| {
            let name = d.split_ascii_whitespace().next().unwrap_or_default();
            if name.eq_ignore_ascii_case("connect-src") {
                found = true;
                // 'none' cannot stand beside a source.
                let kept: Vec<&str> = d
                    .split_ascii_whitespace()
                    .filter(|s| !s.eq_ignore_ascii_case("'none'"))
                    .collect();
                format!("{} {source}", kept.join(" "))
            } else {
                d.to_string()
            }
        })
        .collect();
    if !found {
        directives.push(format!("connect-src 'self' {source}"));
    }
    let mut out = String::with_capacity(text.len() + source.len() + 24);
    out.push_str(&text[..value_start]);
    out.push_str(&directives.join("; "));
    out.push_str(&text[value_end..]);
    out.into_bytes()
}

/// Where a page's live-reload script finds its event stream, as a CSP source: the host the
/// browser asked for (a name or an IPv4 address) and the events port. Any other spelling of a
/// host (an IPv6 address, which CSP cannot name, or something odd) becomes `*`.
pub(crate) fn live_events_source(host_header: Option<&str>, events_port: u16) -> String {
    let host = host_header
        .map(|h| match h.rsplit_once(':') {
            Some((name, port))
                if !name.contains(':') && port.bytes().all(|b| b.is_ascii_digit()) =>
            {
                name
            }
            _ => h,
        })
        .filter(|h| {
            !h.is_empty()
                && h.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
        })
        .unwrap_or("*");
    format!("http://{host}:{events_port}")
}

fn host_header(request: &Request) -> Option<&str> {
    request
        .headers()
        .iter()
        .find(|h| h.field.equiv("Host"))
        .map(|h| h.value.as_str())
}

/// Responds to a request (not the live-event stream, which has its own thread).
pub(crate) fn respond(request: Request, served: &Arc<RwLock<Served>>, events_port: u16) {
    let method = request.method().clone();
    if method != Method::Get && method != Method::Head {
        let r = Response::from_string("Only GET and HEAD are supported.\n")
            .with_status_code(StatusCode(405))
            .with_header(header("Allow", "GET, HEAD"))
            .with_header(header("Content-Type", "text/plain; charset=utf-8"));
        send(request, r);
        return;
    }
    let url = request.url().to_string();
    if url.split('?').next() == Some(EVENTS_PATH) {
        // The event stream has a listener of its own; point clients of this port there.
        let host = request
            .headers()
            .iter()
            .find(|h| h.field.equiv("Host"))
            .map(|h| {
                h.value
                    .as_str()
                    .rsplit_once(':')
                    .map_or(h.value.as_str(), |(host, _)| host)
                    .to_string()
            })
            .unwrap_or_else(|| "127.0.0.1".into());
        let location = format!("http://{host}:{events_port}{EVENTS_PATH}");
        send(
            request,
            Response::empty(StatusCode(307)).with_header(header("Location", &location)),
        );
        return;
    }
    if url.split('?').next() == Some(LIVE_PATH) {
        let r = Response::from_data(LIVE_SCRIPT.as_bytes())
            .with_header(header("Content-Type", "text/javascript; charset=utf-8"))
            .with_header(header("Cache-Control", "no-store"));
        send(request, r);
        return;
    }
    let (status, path, bytes) = match resolve(&url) {
        Target::Refused => {
            let r = Response::from_string("Forbidden: this path is outside the site.\n")
                .with_status_code(StatusCode(403))
                .with_header(header("Content-Type", "text/plain; charset=utf-8"));
            send(request, r);
            return;
        }
        Target::File(path) => {
            let state = served.read().unwrap_or_else(|e| e.into_inner());
            let version = state.version;
            let found = state.files.get(&path).cloned();
            let folder = format!("{path}/index.html");
            let is_folder = found.is_none() && state.files.contains_key(&folder);
            let not_found = state.files.get("404.html").cloned();
            drop(state);
            if is_folder {
                let location = format!("/{}/", encode_ascii_path(&path));
                send(
                    request,
                    Response::empty(StatusCode(301)).with_header(header("Location", &location)),
                );
                return;
            }
            match found.map(read_output) {
                Some(Some(bytes)) => (200, path, (bytes, version)),
                _ => {
                    let page = not_found.and_then(read_output).unwrap_or_else(|| {
                        b"<!doctype html><meta charset=utf-8><title>404</title><p>Not found.</p></body>".to_vec()
                    });
                    (404, "404.html".to_string(), (page, version))
                }
            }
        }
    };
    let (bytes, version) = bytes;
    let content_type = content_type(&path);
    let body = if content_type.starts_with("text/html") {
        let source = live_events_source(host_header(&request), events_port);
        allow_live_events(inject_live_script(&bytes, version, events_port), &source)
    } else {
        bytes
    };
    let r = Response::from_data(body)
        .with_status_code(StatusCode(status))
        .with_header(header("Content-Type", &content_type))
        .with_header(header("Cache-Control", "no-store"))
        .with_header(header("X-Content-Type-Options", "nosniff"));
    send(request, r);
}

fn read_output(output: Output) -> Option<Vec<u8>> {
    match output {
        Output::Bytes(b) => Some(b.to_vec()),
        Output::File(p) => std::fs::read(p).ok(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_paths_resolve_to_site_files() {
        assert_eq!(resolve("/"), Target::File("index.html".into()));
        assert_eq!(resolve("/a/b.html?x=1#y"), Target::File("a/b.html".into()));
        assert_eq!(resolve("/a/"), Target::File("a/index.html".into()));
        assert_eq!(
            resolve("/krīzes%20dz.html"),
            Target::File("krīzes dz.html".into())
        );
        assert_eq!(
            resolve("http://localhost:1111/a.html"),
            Target::File("a.html".into())
        );
        assert_eq!(resolve("//a//b.html"), Target::File("a/b.html".into()));
    }

    #[test]
    fn traversal_in_any_spelling_is_refused() {
        for attempt in [
            "/../site.yaml",
            "/a/../../site.yaml",
            "/%2e%2e/site.yaml",
            "/%2E%2E%2Fsite.yaml",
            "/..%2fsite.yaml",
            "/..\\site.yaml",
            "/%5c..%5csite.yaml",
            "/a/%00.html",
            "/C:/Windows/win.ini",
            "/%ff.html",
            "/%2",
        ] {
            assert_eq!(resolve(attempt), Target::Refused, "{attempt}");
        }
    }

    #[test]
    fn text_types_carry_a_charset() {
        for p in ["a.html", "a.css", "a.js", "a.svg", "a.json"] {
            assert!(content_type(p).ends_with("charset=utf-8"), "{p}");
        }
        for (p, expected) in [
            ("a/b.htm", "text/html; charset=utf-8"),
            ("x.mjs", "text/javascript; charset=utf-8"),
            ("sitemap.xml", "application/xml; charset=utf-8"),
            ("notes.md", "text/plain; charset=utf-8"),
            ("data.csv", "text/csv; charset=utf-8"),
            ("A.PNG", "image/png"),
            ("photo.JPG", "image/jpeg"),
            ("font.woff2", "font/woff2"),
            ("doc.pdf", "application/pdf"),
            ("no-extension", "application/octet-stream"),
            ("strange.zzzq", "application/octet-stream"),
        ] {
            assert_eq!(content_type(p), expected, "{p}");
        }
    }

    const CSP: &str = "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'none'\">";

    #[test]
    fn served_pages_allow_the_live_event_port_and_nothing_else() {
        let page = format!("<!doctype html><html><head><meta charset=\"utf-8\">\n{CSP}\n<title>x</title></head><body><p>connect-src</p></body></html>");
        let out = allow_live_events(page.clone().into_bytes(), "http://127.0.0.1:4321");
        let expected = page.replace(
            "form-action 'none'\"",
            "form-action 'none'; connect-src 'self' http://127.0.0.1:4321\"",
        );
        assert_eq!(String::from_utf8(out).unwrap(), expected);
    }

    #[test]
    fn an_existing_connect_src_is_extended_and_pages_without_a_policy_are_kept() {
        let page = "<head><META HTTP-EQUIV=\"content-security-policy\" CONTENT=\"default-src 'none'; connect-src 'none'\"></head>";
        let out = allow_live_events(page.as_bytes().to_vec(), "http://localhost:9");
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "<head><META HTTP-EQUIV=\"content-security-policy\" CONTENT=\"default-src 'none'; connect-src http://localhost:9\"></head>"
        );
        let plain = b"<head><title>x</title></head><body>content-security-policy</body>".to_vec();
        assert_eq!(allow_live_events(plain.clone(), "http://x:1"), plain);
    }

    #[test]
    fn the_event_source_names_the_host_the_browser_used() {
        assert_eq!(
            live_events_source(Some("127.0.0.1:8080"), 5),
            "http://127.0.0.1:5"
        );
        assert_eq!(
            live_events_source(Some("localhost"), 5),
            "http://localhost:5"
        );
        assert_eq!(live_events_source(Some("[::1]:8080"), 5), "http://*:5");
        assert_eq!(live_events_source(Some("x\"><script>:1"), 5), "http://*:5");
        assert_eq!(live_events_source(None, 5), "http://*:5");
    }

    #[test]
    fn live_script_goes_before_the_body_end() {
        let out = inject_live_script(b"<html><body><p>x</p></body></html>", 7, 9);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            format!(
                "<html><body><p>x</p><script src=\"{LIVE_PATH}?v=7&amp;events=9\"></script>\n</body></html>"
            )
        );
    }
}

//! `metodika serve`: a real server on a free port against a temporary site, talked to over
//! plain TCP as a browser would.

mod common;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use common::*;

/// A running `metodika serve`, stopped when dropped.
struct Server {
    child: common::Server,
    port: u16,
}

impl Server {
    fn start(root: &Path) -> Server {
        let (child, port) = start_serve(root);
        Server { child, port }
    }

    fn request(&self, method: &str, target: &str) -> Response {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        write!(
            stream,
            "{method} {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).unwrap();
        let split = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("header end");
        let head = String::from_utf8_lossy(&raw[..split]).into_owned();
        let body = raw[split + 4..].to_vec();
        let status = head.split(' ').nth(1).unwrap().parse().unwrap();
        Response { status, head, body }
    }

    fn get(&self, target: &str) -> Response {
        self.request("GET", target)
    }

    /// The port of the live-reload event streams; the page port redirects there.
    fn events_port(&self) -> u16 {
        let redirect = self.get("/__metodika/events");
        assert_eq!(redirect.status, 307);
        let location = redirect.header("Location").unwrap();
        location
            .rsplit(':')
            .next()
            .unwrap()
            .split('/')
            .next()
            .unwrap()
            .parse()
            .unwrap()
    }

    /// Opens the live-reload event stream, as every served page does.
    fn events(&self) -> Events {
        let port = self.events_port();
        let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        let origin = format!("http://127.0.0.1:{}", self.port);
        write!(
            stream,
            "GET /__metodika/events HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: {origin}\r\n\r\n"
        )
        .unwrap();
        Events {
            stream,
            pending: Vec::new(),
            event: String::new(),
            data: String::new(),
        }
    }
}

struct Response {
    status: u16,
    head: String,
    body: Vec<u8>,
}

impl Response {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
        })
    }
}

/// One open event stream, read as a tab reads it. Reads time out so that a test can stop
/// waiting, and whatever a timed-out read leaves (half a line, half an event, even half a
/// UTF-8 character) is kept for the next read: no event is lost or miscounted.
struct Events {
    stream: TcpStream,
    /// Bytes received that do not yet make a whole line.
    pending: Vec<u8>,
    /// The event being received: its name and data so far.
    event: String,
    data: String,
}

impl Events {
    /// The next whole line, or `None` when none is complete by `deadline`.
    fn next_line(&mut self, deadline: Instant) -> Option<String> {
        loop {
            if let Some(end) = self.pending.iter().position(|&b| b == b'\n') {
                let line: Vec<u8> = self.pending.drain(..=end).collect();
                let line = String::from_utf8(line).expect("the event stream is UTF-8");
                return Some(line.trim_end_matches(['\r', '\n']).to_string());
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return None;
            }
            self.stream
                .set_read_timeout(Some(left.min(Duration::from_millis(200))))
                .unwrap();
            let mut chunk = [0u8; 4096];
            match self.stream.read(&mut chunk) {
                Ok(0) => panic!("event stream closed"),
                Ok(n) => self.pending.extend_from_slice(&chunk[..n]),
                Err(e)
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                    ) => {}
                Err(e) => panic!("event stream: {e}"),
            }
        }
    }

    /// The next whole event as (name, data), or `None` when none is complete by `deadline`.
    /// The response head before the events is skipped: its lines name no event.
    fn next_event(&mut self, deadline: Instant) -> Option<(String, String)> {
        while let Some(line) = self.next_line(deadline) {
            if let Some(e) = line.strip_prefix("event: ") {
                self.event = e.to_string();
            } else if let Some(d) = line.strip_prefix("data: ") {
                self.data.push_str(d);
            } else if line.is_empty() && !self.event.is_empty() {
                let data = std::mem::take(&mut self.data);
                return Some((std::mem::take(&mut self.event), data));
            } else if line.is_empty() {
                self.data.clear();
            }
        }
        None
    }

    /// Waits for the next event of the given name and returns its data.
    fn wait_for(&mut self, name: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(15);
        while let Some((event, data)) = self.next_event(deadline) {
            if event == name {
                return data;
            }
        }
        panic!("no `{name}` event within 15 s");
    }

    /// Counts the events of the given name that arrive within `window`.
    fn count(&mut self, name: &str, window: Duration) -> usize {
        let deadline = Instant::now() + window;
        let mut n = 0;
        while let Some((event, _)) = self.next_event(deadline) {
            n += usize::from(event == name);
        }
        n
    }
}

impl Events {
    /// Waits for reloads until `done` holds (at most 10 of them).
    fn reload_until(&mut self, mut done: impl FnMut() -> bool) {
        for _ in 0..10 {
            self.wait_for("reload");
            if done() {
                return;
            }
        }
        panic!("still not done after 10 reloads");
    }
}

/// The page as `metodika build` writes it: the served copy minus the live-reload script and
/// the connection its policy allows for it.
fn without_live_script(html: &str) -> String {
    let html = match html.find("; connect-src 'self' http://") {
        Some(start) => {
            let end = start + html[start..].find('"').unwrap();
            format!("{}{}", &html[..start], &html[end..])
        }
        None => html.to_string(),
    };
    match html.find("<script src=\"/__metodika/live.js") {
        Some(start) => {
            let end = start + html[start..].find("</script>\n").unwrap() + "</script>\n".len();
            format!("{}{}", &html[..start], &html[end..])
        }
        None => html,
    }
}

#[test]
fn serves_pages_with_content_types_head_and_the_site_404() {
    let site = site_copy("valid");
    let server = Server::start(site.path());
    let home = server.get("/");
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("Content-Type").as_deref(),
        Some("text/html; charset=utf-8")
    );
    assert!(
        home.text().contains("<script src=\"/__metodika/live.js?v="),
        "live script injected when serving"
    );
    for (path, kind) in [
        ("/assets/css/style.css", "text/css; charset=utf-8"),
        ("/assets/js/theme.js", "text/javascript; charset=utf-8"),
        ("/att/shema.svg", "image/svg+xml; charset=utf-8"),
        ("/sitemap.xml", "application/xml; charset=utf-8"),
        (
            "/pakalpojumi/krizes-dzivoklis.html",
            "text/html; charset=utf-8",
        ),
    ] {
        let r = server.get(path);
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(r.header("Content-Type").as_deref(), Some(kind), "{path}");
    }
    let head = server.request("HEAD", "/pakalpojumi/krizes-dzivoklis.html");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty(), "HEAD has no body");
    assert!(head.header("Content-Length").is_some_and(|l| l != "0"));
    let missing = server.get("/nav/tadas/lapas.html");
    assert_eq!(missing.status, 404);
    assert!(
        missing.text().contains("Lapa nav atrasta"),
        "the site's own 404 page"
    );
    let folder = server.get("/pakalpojumi");
    assert_eq!(folder.status, 301);
    assert_eq!(folder.header("Location").as_deref(), Some("/pakalpojumi/"));
    assert_eq!(server.get("/pakalpojumi/").status, 200);
    assert_eq!(server.request("POST", "/").status, 405);

    // The served policy lets the page reach the live-reload port, and no more.
    let events_port = server.events_port();
    let served = home.text();
    assert!(
        served.contains(&format!(
            "form-action 'none'; connect-src 'self' http://localhost:{events_port}\">"
        )),
        "{served}"
    );
    assert_eq!(served.matches("Content-Security-Policy").count(), 1);

    // A normal build has no trace of the live-reload script or its connection.
    assert_eq!(build(site.path()).code, 0);
    let built = read(site.path().join("public/index.html"));
    assert!(!built.contains("__metodika"));
    assert!(built.contains("form-action 'none'\">"));
    assert!(!built.contains("connect-src"));
    assert_eq!(
        without_live_script(&served),
        built,
        "served and built pages are the same"
    );
}

#[test]
fn traversal_attempts_are_all_refused() {
    let site = site_copy("valid");
    std::fs::write(site.path().join("secret.txt"), "SECRET-OUTSIDE-CONTENT").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink("/etc/passwd", site.path().join("content/passwd.txt")).unwrap();
    let server = Server::start(site.path());
    for attempt in [
        "/../secret.txt",
        "/../../etc/passwd",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/..%2fsecret.txt",
        "/pakalpojumi/..%2f..%2fsecret.txt",
        "/..\\secret.txt",
        "/%5c..%5csecret.txt",
        "//etc/passwd",
        "/C:/Windows/win.ini",
        "/site.yaml",
        "/content/_index.md",
        "/passwd.txt",
        "/%00",
        "/%ff%fe",
        "http://evil.example/../secret.txt",
    ] {
        let r = server.get(attempt);
        assert!(
            matches!(r.status, 400 | 403 | 404),
            "{attempt}: status {}",
            r.status
        );
        let body = r.text();
        assert!(
            !body.contains("SECRET-OUTSIDE-CONTENT") && !body.contains("root:x:0:0"),
            "{attempt} leaked a file"
        );
        assert!(
            !body.contains("title: Testa vietne"),
            "{attempt} leaked site.yaml"
        );
    }
}

#[test]
fn an_edit_rebuilds_and_reloads_open_tabs_and_errors_show_until_fixed() {
    let site = site_copy("valid");
    let server = Server::start(site.path());
    let mut events = server.events();
    events.wait_for("hello");
    let page = site.path().join("content/pakalpojumi/abele.md");

    std::fs::write(
        &page,
        "---\ntitle: Ābele\n---\nPavisam jauns teksts par ābelēm.\n",
    )
    .unwrap();
    let data = events.wait_for("reload");
    let info: serde_json::Value = serde_json::from_str(&data).unwrap();
    let rendered = info["rendered"].as_u64().unwrap();
    assert!(
        (1..12).contains(&rendered),
        "an edit re-renders part of the site, not all of it: {data}"
    );
    assert!(server
        .get("/pakalpojumi/abele.html")
        .text()
        .contains("Pavisam jauns teksts par ābelēm."));

    std::fs::write(
        &page,
        "---\ntitle: Ābele\ndescripton: x\n---\nSaite uz [nekurieni](nekur.md).\n",
    )
    .unwrap();
    let data = events.wait_for("errors");
    let errors: serde_json::Value = serde_json::from_str(&data).unwrap();
    let errors = errors.as_array().unwrap();
    assert!(
        errors
            .iter()
            .any(|e| e["file"] == "content/pakalpojumi/abele.md"
                && e["line"] == 3
                && e["code"] == "yaml/unknown-key"),
        "{data}"
    );
    assert!(
        errors
            .iter()
            .all(|e| e["text"].as_str().unwrap().contains("abele.md:")),
        "{data}"
    );
    // The last good page stays served; a tab opened now is told about the errors at once.
    assert!(server
        .get("/pakalpojumi/abele.html")
        .text()
        .contains("Pavisam jauns teksts"));
    server.events().wait_for("errors");

    std::fs::write(&page, "---\ntitle: Ābele\n---\nLabots teksts.\n").unwrap();
    events.wait_for("reload");
    assert!(server
        .get("/pakalpojumi/abele.html")
        .text()
        .contains("Labots teksts."));
}

#[test]
fn created_renamed_and_deleted_files_are_handled_and_match_a_full_build() {
    let site = site_copy("valid");
    let server = Server::start(site.path());
    let mut events = server.events();
    events.wait_for("hello");
    let content = site.path().join("content");

    std::fs::create_dir_all(content.join("jauna")).unwrap();
    std::fs::write(
        content.join("jauna/_index.md"),
        "---\ntitle: Jauna sadaļa\nweight: 2\n---\nIevads.\n",
    )
    .unwrap();
    // A new folder and its file may come as two batches, so two reloads: wait for the state.
    events.reload_until(|| server.get("/jauna/index.html").status == 200);

    std::fs::rename(
        content.join("pakalpojumi/ceks.md"),
        content.join("jauna/ceks.md"),
    )
    .unwrap();
    events.reload_until(|| server.get("/pakalpojumi/ceks.html").status == 404);
    assert_eq!(server.get("/jauna/ceks.html").status, 200);

    std::fs::remove_file(content.join("pakalpojumi/auto.md")).unwrap();
    events.reload_until(|| server.get("/pakalpojumi/auto.html").status == 404);

    std::fs::write(
        content.join("pakalpojumi/abele.md"),
        "---\ntitle: Ābele (labota)\nweight: 1\n---\nTeksts.\n",
    )
    .unwrap();
    events.wait_for("reload");

    // Every page served after these incremental rebuilds equals a fresh full build.
    assert_eq!(build(site.path()).code, 0);
    let public = site.path().join("public");
    let files = snapshot(&public);
    assert!(files.len() > 15);
    for (path, bytes) in files {
        let path = path.to_string_lossy().replace('\\', "/");
        if path.starts_with('.') {
            continue;
        }
        let served = server.get(&format!("/{path}"));
        assert_eq!(served.status, 200, "{path}");
        let served = if path.ends_with(".html") {
            without_live_script(&served.text()).into_bytes()
        } else {
            served.body
        };
        assert!(served == bytes, "{path} differs from a full build");
    }
}

#[test]
fn many_concurrent_requests_are_answered() {
    let site = site_copy("valid");
    let server = Server::start(site.path());
    let _tabs: Vec<Events> = (0..8).map(|_| server.events()).collect();
    let port = server.port;
    let threads: Vec<_> = (0..24)
        .map(|i| {
            std::thread::spawn(move || {
                let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
                stream
                    .set_read_timeout(Some(Duration::from_secs(10)))
                    .unwrap();
                let path = if i % 2 == 0 {
                    "/"
                } else {
                    "/assets/css/style.css"
                };
                write!(
                    stream,
                    "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                )
                .unwrap();
                let mut out = String::new();
                stream.read_to_string(&mut out).unwrap();
                out.starts_with("HTTP/1.1 200")
            })
        })
        .collect();
    for t in threads {
        assert!(
            t.join().unwrap(),
            "a request failed while event streams were open"
        );
    }
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_the_server_cleanly() {
    let site = site_copy("valid");
    let mut server = Server::start(site.path());
    let status = Command::new("kill")
        .args(["-INT", &server.child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let started = Instant::now();
    loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            assert!(status.success(), "exit status {status:?}");
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "still running after Ctrl-C"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_busy_port_is_reported() {
    let site = site_copy("valid");
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port().to_string();
    let run = metodika(&[
        "serve",
        "--root",
        site.path().to_str().unwrap(),
        "--port",
        &port,
    ]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("cannot serve on 127.0.0.1"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_settings_change_during_an_error_is_applied_once_the_error_is_fixed() {
    let site = site_copy("valid");
    let server = Server::start(site.path());
    let mut events = server.events();
    events.wait_for("hello");
    let page = site.path().join("content/pakalpojumi/abele.md");
    std::fs::write(&page, "---\ntitle: Ābele\n---\n[x](nekur.md)\n").unwrap();
    events.wait_for("errors");
    let config = site.path().join("site.yaml");
    std::fs::write(
        &config,
        read(&config).replace("title: Testa vietne", "title: Jauns nosaukums"),
    )
    .unwrap();
    events.wait_for("errors");
    std::fs::write(&page, "---\ntitle: Ābele\n---\nLabs.\n").unwrap();
    events.wait_for("reload");
    assert!(
        server.get("/404.html").text().contains("Jauns nosaukums"),
        "pages not touched by the fix show the new settings"
    );
    assert!(server
        .get("/tags/index.html")
        .text()
        .contains("Jauns nosaukums"));

    // A changed image renders no page, but open tabs reload to show it.
    std::fs::write(
        site.path().join("content/att/shema.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><title>Jauna</title></svg>",
    )
    .unwrap();
    events.wait_for("reload");
    assert!(server.get("/att/shema.svg").text().contains("Jauna"));
}

#[test]
fn a_save_all_is_folded_into_few_rebuilds() {
    let site = site_copy("valid");
    let server = Server::start(site.path());
    let mut events = server.events();
    events.wait_for("hello");
    let content = site.path().join("content/pakalpojumi");
    // An editor's "save all": many files written back to back.
    for i in 0..20 {
        std::fs::write(
            content.join(format!("jauna-{i:02}.md")),
            format!("---\ntitle: Jauna {i}\n---\nTeksts {i}.\n"),
        )
        .unwrap();
    }
    events.wait_for("reload");
    let reloads = 1 + events.count("reload", Duration::from_millis(1500));
    eprintln!("20 saved files: {reloads} reloads");
    // Folded: 1 or 2 here (a burst may straddle one of the debouncer's checks). Without
    // folding (1 ms debounce, no draining of queued batches) this machine sees 4 to 6.
    assert!(reloads <= 3, "20 saved files caused {reloads} rebuilds");
    for i in 0..20 {
        let page = format!("/pakalpojumi/jauna-{i:02}.html");
        assert_eq!(server.get(&page).status, 200, "{page}");
    }
}

#[test]
fn a_templates_folder_created_while_serving_is_watched() {
    let site = site_copy("valid");
    assert!(!site.path().join("templates").exists());
    let server = Server::start(site.path());
    let mut events = server.events();
    events.wait_for("hello");
    let partials = site.path().join("templates/partials");
    std::fs::create_dir_all(&partials).unwrap();
    let meta = partials.join("page_meta.html");
    std::fs::write(&meta, "<p class=\"my-meta\">Pirmā versija</p>\n").unwrap();
    events.wait_for("reload");
    let page = "/pakalpojumi/krizes-dzivoklis.html";
    assert!(server.get(page).text().contains("Pirmā versija"));
    // An edit inside the new folder is seen only if the folder itself is watched now.
    std::thread::sleep(Duration::from_millis(200));
    std::fs::write(&meta, "<p class=\"my-meta\">Otrā versija</p>\n").unwrap();
    events.wait_for("reload");
    assert!(server.get(page).text().contains("Otrā versija"));
}

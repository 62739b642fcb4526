//! Browser test harness: one headless Chromium per test binary, pages opened from `file://`
//! as a seminar participant opens them from a USB stick.
//!
//! Every visit records console errors, uncaught exceptions, failed loads and any request that
//! is not to a `file:` URL. Later content kinds add their interactive tests on top of [`Visit`].

#![allow(dead_code)]

use std::collections::HashMap;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use headless_chrome::protocol::cdp::types::Event;
use headless_chrome::protocol::cdp::Network;
use headless_chrome::{Browser, LaunchOptions, Tab};

const CHROMIUM_PATHS: &[&str] = &[
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/usr/bin/google-chrome",
];

/// Tests that type into pages take turns: in one headless browser, key presses sent to tabs
/// in use at the same time can get lost. Hold the guard for the whole test.
pub fn one_at_a_time() -> std::sync::MutexGuard<'static, ()> {
    static TURN: Mutex<()> = Mutex::new(());
    TURN.lock().unwrap_or_else(|e| e.into_inner())
}

/// The shared browser, or `None` (test skipped) when Chromium is missing outside CI.
/// With `CI=true` a missing browser is a failure, never a silent skip.
pub fn browser() -> Option<&'static Browser> {
    static BROWSER: OnceLock<Option<Browser>> = OnceLock::new();
    BROWSER
        .get_or_init(|| {
            let path = std::env::var_os("CHROMIUM")
                .map(PathBuf::from)
                .or_else(|| CHROMIUM_PATHS.iter().map(PathBuf::from).find(|p| p.exists()));
            let Some(path) = path else {
                if std::env::var("CI").is_ok_and(|v| v == "true") {
                    panic!("Chromium is not installed; CI must run the browser tests (apt-get install chromium)");
                }
                eprintln!("SKIPPED: Chromium not found (install Debian's `chromium` to run the browser tests)");
                return None;
            };
            let profile = profile_dir();
            let _ = std::fs::remove_dir_all(&profile);
            let args: Vec<&OsStr> = [
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                // Let pages opened from file:// read each other like a reader's browser does.
                "--allow-file-access-from-files",
            ]
            .iter()
            .map(OsStr::new)
            .collect();
            let options = LaunchOptions::default_builder()
                .path(Some(path))
                .headless(true)
                .sandbox(false)
                .user_data_dir(Some(profile))
                .window_size(Some((1280, 900)))
                .idle_browser_timeout(Duration::from_secs(600))
                .args(args)
                .build()
                .expect("browser options");
            let browser = Browser::new(options).expect("start Chromium");
            if let Some(pid) = browser.get_process_id() {
                CLEANUP.lock().unwrap().browser_pid = Some(pid);
            }
            CLEANUP.lock().unwrap().dirs.push(profile_dir());
            register_cleanup();
            Some(browser)
        })
        .as_ref()
}

/// What to remove when the test binary exits. Statics are never dropped, so without this
/// the shared Chromium would outlive the tests.
#[derive(Default)]
struct Cleanup {
    browser_pid: Option<u32>,
    dirs: Vec<PathBuf>,
}

static CLEANUP: Mutex<Cleanup> = Mutex::new(Cleanup {
    browser_pid: None,
    dirs: Vec::new(),
});

fn profile_dir() -> PathBuf {
    std::env::temp_dir().join(format!("metodika-chromium-{}", std::process::id()))
}

extern "C" {
    fn atexit(callback: extern "C" fn()) -> i32;
    fn kill(pid: i32, signal: i32) -> i32;
}

extern "C" fn cleanup_at_exit() {
    let Ok(cleanup) = CLEANUP.lock() else { return };
    if let Some(pid) = cleanup.browser_pid {
        // SAFETY: plain libc call on a process id we started; SIGKILL = 9.
        unsafe {
            kill(pid as i32, 9);
        }
    }
    for dir in &cleanup.dirs {
        let _ = std::fs::remove_dir_all(dir);
    }
}

fn register_cleanup() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    // SAFETY: registers a C callback that only touches our own statics.
    ONCE.call_once(|| unsafe {
        atexit(cleanup_at_exit);
    });
}

/// The repository's sample site, built once per test binary into a temporary folder.
pub fn sample_site() -> &'static Path {
    static SITE: OnceLock<PathBuf> = OnceLock::new();
    SITE.get_or_init(|| {
        let out =
            std::env::temp_dir().join(format!("metodika-browser-sample-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&out);
        let status = std::process::Command::new(env!("CARGO_BIN_EXE_metodika"))
            .args(["build", "--root", env!("CARGO_MANIFEST_DIR"), "--output"])
            .arg(&out)
            .status()
            .expect("run metodika");
        assert!(status.success(), "the sample site must build");
        CLEANUP.lock().unwrap().dirs.push(out.clone());
        register_cleanup();
        out
    })
}

/// `file://` URL of a path.
pub fn file_url(path: &Path) -> String {
    let mut url = String::from("file://");
    for byte in path.to_string_lossy().bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => {
                url.push(byte as char)
            }
            _ => url.push_str(&format!("%{byte:02X}")),
        }
    }
    url
}

/// A tab that records everything that went wrong while pages were shown in it.
pub struct Visit {
    pub tab: Arc<Tab>,
    problems: Arc<Mutex<Vec<String>>>,
}

impl Visit {
    pub fn new(browser: &Browser) -> Visit {
        let tab = browser.new_tab().expect("open tab");
        tab.set_default_timeout(Duration::from_secs(20));
        let problems: Arc<Mutex<Vec<String>>> = Arc::default();
        tab.enable_log().expect("enable log");
        tab.enable_runtime().expect("enable runtime");
        tab.call_method(Network::Enable {
            max_total_buffer_size: None,
            max_resource_buffer_size: None,
            max_post_data_size: None,
            report_direct_socket_traffic: None,
            enable_durable_messages: None,
        })
        .expect("enable network events");
        let sink = Arc::clone(&problems);
        tab.add_event_listener(Arc::new(move |event: &Event| {
            let problem = match event {
                Event::LogEntryAdded(e) => {
                    let entry = &e.params.entry;
                    format!("{:?}", entry.level)
                        .eq_ignore_ascii_case("error")
                        .then(|| {
                            format!(
                                "console: {} ({})",
                                entry.text,
                                entry.url.clone().unwrap_or_default()
                            )
                        })
                }
                Event::RuntimeConsoleAPICalled(e) => format!("{:?}", e.params.Type)
                    .eq_ignore_ascii_case("error")
                    .then(|| {
                        format!(
                            "console.error: {:?}",
                            e.params
                                .args
                                .iter()
                                .map(|a| a.value.clone())
                                .collect::<Vec<_>>()
                        )
                    }),
                Event::RuntimeExceptionThrown(e) => Some(format!(
                    "uncaught exception: {} {:?}",
                    e.params.exception_details.text,
                    e.params
                        .exception_details
                        .exception
                        .as_ref()
                        .and_then(|x| x.description.clone())
                )),
                Event::NetworkRequestWillBeSent(e) => {
                    let url = &e.params.request.url;
                    (!(url.starts_with("file:")
                        || url.starts_with("data:")
                        || url.starts_with("about:")))
                    .then(|| format!("request leaves the site: {url}"))
                }
                Event::NetworkLoadingFailed(e) => Some(format!(
                    "load failed: {} ({:?})",
                    e.params.error_text, e.params.Type
                )),
                _ => None,
            };
            if let Some(p) = problem {
                sink.lock().unwrap().push(p);
            }
        }))
        .expect("listen to events");
        Visit { tab, problems }
    }

    /// Opens a file and waits for its `load` event (all images, styles and scripts done) and
    /// for saved state (quiz progress, checklist answers) to be shown: the page's store
    /// answers after the load when it lives in a frame. Polling is much faster than waiting
    /// for the network to fall idle.
    pub fn open(&self, path: &Path) {
        // What the page shown now is still saving must reach the store first.
        let started = std::time::Instant::now();
        while self.eval("!!document.body && document.body.hasAttribute('data-store-pending')")
            == serde_json::Value::Bool(true)
        {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "the page never finished saving"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
        let url = file_url(path);
        self.tab.navigate_to(&url).expect("navigate");
        let check = format!(
            "document.readyState === 'complete' && location.href.split('#')[0] === {} && !document.body.hasAttribute('data-store-pending')",
            serde_json::to_string(url.split('#').next().unwrap_or_default()).unwrap()
        );
        let started = std::time::Instant::now();
        while self.eval(&check) != serde_json::Value::Bool(true) {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "{url} did not finish loading"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Evaluates JavaScript and returns its JSON value.
    pub fn eval(&self, js: &str) -> serde_json::Value {
        let result = self
            .tab
            .evaluate(js, false)
            .unwrap_or_else(|e| panic!("evaluate `{js}`: {e}"));
        result.value.unwrap_or(serde_json::Value::Null)
    }

    /// Runs a function body and returns its result (arrays and objects too, through JSON).
    pub fn js(&self, body: &str) -> serde_json::Value {
        let json = self.eval(&format!("JSON.stringify((() => {{ {body} }})())"));
        json.as_str().map_or(serde_json::Value::Null, |s| {
            serde_json::from_str(s).unwrap()
        })
    }

    fn text_of(&self, selector: &str, property: &str) -> String {
        let selector = serde_json::to_string(selector).unwrap();
        self.js(&format!(
            "const e = document.querySelector({selector}); return e ? e.{property}.replace(/\\s+/g, ' ').trim() : null;"
        ))
        .as_str()
        .unwrap_or("<missing>")
        .to_string()
    }

    /// The text of the first element matching `selector`, spaces collapsed.
    pub fn text(&self, selector: &str) -> String {
        self.text_of(selector, "textContent")
    }

    /// The text as shown (`innerText`: blocks apart), spaces collapsed.
    pub fn inner_text(&self, selector: &str) -> String {
        self.text_of(selector, "innerText")
    }

    /// Focuses an element and presses a key on it, as a keyboard user does.
    pub fn press(&self, selector: &str, key: &str) {
        let selector_json = serde_json::to_string(selector).unwrap();
        let focused = self.js(&format!(
            "const e = document.querySelector({selector_json}); if (!e) return false; e.focus(); return document.activeElement === e;"
        ));
        assert_eq!(focused, true, "{selector} can take the focus");
        self.tab.press_key(key).expect("press key");
    }

    /// From now on, pages in this tab run no scripts.
    pub fn disable_scripts(&self) {
        self.tab
            .call_method(
                headless_chrome::protocol::cdp::Emulation::SetScriptExecutionDisabled {
                    value: true,
                },
            )
            .expect("disable scripts");
    }

    /// From now on, pages in this tab are laid out for print.
    pub fn emulate_print(&self) {
        self.tab
            .call_method(
                headless_chrome::protocol::cdp::Emulation::SetEmulatedMedia {
                    media: Some("print".into()),
                    features: None,
                },
            )
            .expect("print media");
    }

    /// Problems seen since the last call.
    pub fn take_problems(&self) -> Vec<String> {
        std::mem::take(&mut *self.problems.lock().unwrap())
    }
}

impl Drop for Visit {
    fn drop(&mut self) {
        let _ = self.tab.close(false);
    }
}

/// Checks the links, images, styles and scripts of the page shown in `visit`: every `file:`
/// target must exist as a file (not a folder a server would have to complete), and every
/// `#fragment` must name an element of the target page. `ids` caches target pages' ids.
pub fn broken_references(visit: &Visit, ids: &mut HashMap<PathBuf, Vec<String>>) -> Vec<String> {
    let refs = visit.eval(
        r#"JSON.stringify({
            links: Array.from(document.querySelectorAll('a[href]'), a => a.href),
            images: Array.from(document.images, i => [i.currentSrc || i.src, i.complete && i.naturalWidth > 0]),
            styles: Array.from(document.querySelectorAll('link[rel=stylesheet]'), l => [l.href, !!l.sheet]),
            scripts: Array.from(document.scripts, s => s.src).filter(Boolean)
        })"#,
    );
    let refs: serde_json::Value = serde_json::from_str(refs.as_str().unwrap_or("{}")).unwrap();
    let mut broken = Vec::new();
    for pair in refs["images"]
        .as_array()
        .into_iter()
        .flatten()
        .chain(refs["styles"].as_array().into_iter().flatten())
    {
        if pair[1] != serde_json::Value::Bool(true) {
            broken.push(format!(
                "not loaded: {}",
                pair[0].as_str().unwrap_or_default()
            ));
        }
    }
    let urls = refs["links"]
        .as_array()
        .into_iter()
        .flatten()
        .chain(refs["scripts"].as_array().into_iter().flatten());
    for url in urls.filter_map(|u| u.as_str()) {
        if !url.starts_with("file://") {
            continue; // external links are allowed; requests to them are caught by the visit
        }
        let (path, fragment) = match url.split_once('#') {
            Some((p, f)) => (p, Some(percent_decode(f))),
            None => (url, None),
        };
        let path = PathBuf::from(percent_decode(&path["file://".len()..]));
        if !path.is_file() {
            broken.push(format!("broken link: {url}"));
            continue;
        }
        if let Some(fragment) = fragment.filter(|f| !f.is_empty()) {
            let known = ids
                .entry(path.clone())
                .or_insert_with(|| element_ids(&path));
            if !known.contains(&fragment) {
                broken.push(format!("missing anchor: {url}"));
            }
        }
    }
    broken
}

fn element_ids(path: &Path) -> Vec<String> {
    let html = std::fs::read_to_string(path).unwrap_or_default();
    html.split(" id=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(html_unescape)
        .collect()
}

fn html_unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Some(b) = std::str::from_utf8(&bytes[i + 1..i + 3])
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok())
            {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// All HTML files of a built site, sorted.
pub fn html_files(site: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(site)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| e.path().to_path_buf())
        .collect();
    files.sort();
    files
}

/// axe-core's source, installed by `.ci/run` (`npm ci --prefix tests/axe`); `None` (test
/// skipped) when missing outside CI.
pub fn axe_source() -> Option<&'static str> {
    static AXE: OnceLock<Option<String>> = OnceLock::new();
    AXE.get_or_init(|| {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/axe/node_modules/axe-core/axe.min.js");
        match std::fs::read_to_string(&path) {
            Ok(source) => Some(source),
            Err(_) if std::env::var("CI").is_ok_and(|v| v == "true") => {
                panic!("axe-core is not installed; run `npm ci --prefix tests/axe`")
            }
            Err(_) => {
                eprintln!("SKIPPED: axe-core not installed (npm ci --prefix tests/axe)");
                None
            }
        }
    })
    .as_deref()
}

impl Visit {
    /// Runs axe-core (WCAG 2.x A and AA rules) on the page shown and returns its violations as
    /// `rule: target (summary)` lines.
    pub fn axe_violations(&self, axe: &str) -> Vec<String> {
        self.tab.evaluate(axe, false).expect("load axe-core");
        let result = self
            .tab
            .evaluate(
                r#"axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }, resultTypes: ['violations'] })
                   .then(r => JSON.stringify(r.violations.flatMap(v => v.nodes.map(n => v.id + ': ' + n.target.join(' ') + ' (' + n.failureSummary.replace(/\s+/g, ' ') + ')'))))"#,
                true,
            )
            .expect("run axe-core");
        let json = result
            .value
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_else(|| "[]".into());
        serde_json::from_str(&json).unwrap_or_default()
    }

    /// Emulates the reader's colour-scheme preference (`light` or `dark`).
    pub fn prefer_color_scheme(&self, scheme: &str) {
        use headless_chrome::protocol::cdp::Emulation;
        self.tab
            .call_method(Emulation::SetEmulatedMedia {
                media: None,
                features: Some(vec![Emulation::MediaFeature {
                    name: "prefers-color-scheme".into(),
                    value: scheme.into(),
                }]),
            })
            .expect("emulate colour scheme");
    }
}

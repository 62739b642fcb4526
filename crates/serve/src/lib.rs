//! `metodika serve`: build once, serve from memory, watch the files, rebuild what changed
//! and reload the open tabs. The build is the same `Engine` as `metodika build`. It returns
//! an outcome; the command-line interface turns it into an exit code.

// Diagnostics are the cold path and are collected, not propagated in hot loops; boxing them
// would only add noise at every call site.
#![allow(clippy::result_large_err)]

mod http;
mod live;
mod state;

use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::mpsc::channel;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode};
use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult};

use live::Hub;
use metodika_core::diagnostics::Diagnostic;
use metodika_site::pipeline::{BuildOptions, ChangeScope, Engine};
use state::{rebuild, Incremental, Rebuild, Served};

/// How long the debouncer holds a file's events to fold them with what follows, so that an
/// editor's "save all" is one rebuild. It also checks this often (not a quarter of it, its
/// default), so that the events of one burst are sent as one batch, not a few.
const QUIET: Duration = Duration::from_millis(15);
const WORKERS: usize = 6;
/// Folders of a site that hold its sources (watched recursively).
const WATCHED_FOLDERS: [&str; 4] = ["content", "themes", "templates", "static"];

#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: IpAddr,
    pub port: u16,
    pub open: bool,
    pub include_drafts: bool,
}

/// Why `serve` could not start (or go on): a sentence for the author, with a hint if any.
#[derive(Debug)]
pub struct CannotServe(pub String);

/// Runs until the process is stopped (the caller handles Ctrl-C), or until file watching
/// ends; an error when it cannot start.
pub fn serve(options: ServeOptions) -> Result<(), CannotServe> {
    let root = options
        .root
        .canonicalize()
        .unwrap_or_else(|_| options.root.clone());
    let mut build_options = BuildOptions::new(&root);
    build_options.write = false;
    build_options.defer_search = true;
    build_options.include_drafts = options.include_drafts;

    // Watch before the first build, so nothing saved from now on is missed.
    let (tx, changes) = channel::<DebounceEventResult>();
    let mut watcher = new_debouncer(QUIET, Some(QUIET), tx)
        .map_err(|e| CannotServe(format!("cannot watch files for changes: {e}")))?;
    for (path, mode) in watch_list(&root) {
        if let Err(e) = watcher.watch(&path, mode) {
            eprintln!("warning: cannot watch {}: {e}", path.display());
        }
    }
    let started = Instant::now();
    let engine = Engine::new(build_options);
    let served = Arc::new(RwLock::new(Served::default()));
    let mut memory = Incremental::default();
    let first = rebuild(&engine, ChangeScope::Everything, &mut memory, &served);
    // The first index is there before the first page is served; later ones follow each save.
    state::publish_search(&mut memory, &served);
    let search = state::SearchPublisher::start(Arc::clone(&served), &mut memory);
    print_errors(&served);
    report("First build:", &first, started.elapsed());

    let (url, hub) = start_server(&options, &served)?;
    eprintln!("Serving {url} (Ctrl-C stops)");
    if options.open {
        open_browser(&url);
    }
    let mut watching = Watching {
        root,
        engine,
        memory,
        served,
        search,
        hub,
    };
    while let Some((paths, saved_at)) = next_change(&changes) {
        // Folders created after the start (a new templates/ for an override) are watched too.
        for path in &paths {
            let top = path.parent() == Some(watching.root.as_path());
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            if top && WATCHED_FOLDERS.contains(&name) && path.is_dir() {
                let _ = watcher.watch(path, RecursiveMode::Recursive);
            }
        }
        watching.changed(&paths, saved_at);
    }
    Ok(())
}

/// Starts the HTTP server, its workers and the live-reload event stream: the site's URL and
/// the hub that tells open tabs to reload.
fn start_server(
    options: &ServeOptions,
    served: &Arc<RwLock<Served>>,
) -> Result<(String, Hub), CannotServe> {
    let server = tiny_http::Server::http((options.bind, options.port)).map_err(|e| {
        CannotServe(format!(
            "cannot serve on {}:{}: {e}\n  = hint: another program may use the port; try --port {}",
            options.bind,
            options.port,
            options.port.wrapping_add(1)
        ))
    })?;
    let server = Arc::new(server);
    let address = match server.server_addr().to_ip() {
        Some(a) => a,
        None => std::net::SocketAddr::new(options.bind, options.port),
    };
    if !options.bind.is_loopback() {
        eprintln!(
            "warning: serving on {} makes the site readable by other computers on the network; \
             leave out --bind to serve on this computer only",
            options.bind
        );
    }
    // Live-reload event streams get a listener of their own (see `live::Hub::listen`).
    let events = std::net::TcpListener::bind((options.bind, 0)).map_err(|e| {
        CannotServe(format!(
            "cannot open the live-reload port on {}: {e}",
            options.bind
        ))
    })?;
    let events_port = events.local_addr().map(|a| a.port()).unwrap_or(0);
    let page_port = address.port();
    let mut origins: Vec<String> = ["127.0.0.1", "localhost", "[::1]"]
        .iter()
        .map(|h| format!("http://{h}:{page_port}"))
        .collect();
    origins.push(format!("http://{}", address));
    if !options.bind.is_loopback() {
        // The site is open to the network anyway; tabs may use any of this computer's names.
        origins.push(format!("*:{page_port}"));
    }
    let hub = Hub::default();
    hub.listen(events, Arc::clone(served), origins);
    for _ in 0..WORKERS {
        let server = Arc::clone(&server);
        let served = Arc::clone(served);
        std::thread::spawn(move || {
            while let Ok(request) = server.recv() {
                http::respond(request, &served, events_port);
            }
        });
    }
    Ok((format!("http://{}/", address), hub))
}

/// The next change: every path the watcher reported (sorted, once each) and when the first
/// of them was saved. `None` when watching has ended.
fn next_change(
    changes: &std::sync::mpsc::Receiver<DebounceEventResult>,
) -> Option<(Vec<PathBuf>, Instant)> {
    loop {
        let first_batch = changes.recv().ok()?;
        let saved_at = Instant::now();
        let mut paths = Vec::new();
        collect(first_batch, &mut paths);
        // Batches the debouncer sent while the last rebuild ran are one change too.
        while let Ok(batch) = changes.try_recv() {
            collect(batch, &mut paths);
        }
        if !paths.is_empty() {
            paths.sort();
            paths.dedup();
            return Some((paths, saved_at));
        }
    }
}

/// What the watch loop keeps between changes.
struct Watching {
    root: PathBuf,
    engine: Engine,
    memory: Incremental,
    served: Arc<RwLock<Served>>,
    search: state::SearchPublisher,
    hub: Hub,
}

impl Watching {
    /// Rebuilds what `paths` affect, tells the open tabs, and reports in the terminal.
    fn changed(&mut self, paths: &[PathBuf], saved_at: Instant) {
        let scope = self.engine.apply_changes(paths);
        if scope == ChangeScope::None {
            return;
        }
        let result = rebuild(&self.engine, scope, &mut self.memory, &self.served);
        // A changed image or other file renders no page, but the tabs show it.
        let file_changed = paths.iter().any(|p| {
            p.starts_with(self.root.join("content"))
                && p.extension().is_some_and(|x| x != "md")
                && p.is_file()
        });
        if !result.changed && !file_changed {
            self.search.publish(&mut self.memory);
            return;
        }
        let what = describe(&self.root, paths);
        if result.errors > 0 {
            print_errors(&self.served);
            let json =
                live::errors_json(&self.served.read().unwrap_or_else(|e| e.into_inner()).errors);
            self.hub.broadcast("errors", &json);
        } else {
            let data = serde_json::json!({
                "version": self.served.read().unwrap_or_else(|e| e.into_inner()).version,
                "rendered": result.rendered,
                "ms": result.elapsed.as_secs_f64() * 1000.0,
            });
            self.hub.broadcast("reload", &data.to_string());
        }
        report(
            &format!("Rebuilt after {what}:"),
            &result,
            saved_at.elapsed(),
        );
        // The page shows first; the search index (the whole site's terms) follows.
        self.search.publish(&mut self.memory);
    }
}

/// What `serve` holds between saves, without the server and the watcher: the same engine,
/// incremental rebuild and served files, driven by hand. Tests check with it that after any
/// sequence of edits every served file equals a fresh full build.
pub struct Session {
    engine: Engine,
    memory: Incremental,
    served: RwLock<Served>,
}

impl Session {
    /// Loads and builds the site at `root` as `serve` does on start.
    pub fn new(root: &Path) -> Session {
        let mut options = BuildOptions::new(root);
        options.write = false;
        options.defer_search = true;
        let engine = Engine::new(options);
        let mut memory = Incremental::default();
        let served = RwLock::new(Served::default());
        rebuild(&engine, ChangeScope::Everything, &mut memory, &served);
        state::publish_search(&mut memory, &served);
        Session {
            engine,
            memory,
            served,
        }
    }

    /// Takes in changed, created or deleted paths, as the watcher reports them, and rebuilds.
    /// Returns the number of pages rendered, or the errors.
    pub fn changed(&mut self, paths: &[PathBuf]) -> Result<usize, Vec<Diagnostic>> {
        let scope = self.engine.apply_changes(paths);
        if scope != ChangeScope::None {
            rebuild(&self.engine, scope, &mut self.memory, &self.served);
            state::publish_search(&mut self.memory, &self.served);
        }
        let served = self.served.read().unwrap_or_else(|e| e.into_inner());
        if served.errors.is_empty() {
            Ok(self.memory.last_rendered())
        } else {
            Err(served.errors.clone())
        }
    }

    /// Every served file and its bytes, by path.
    pub fn files(&self) -> std::collections::BTreeMap<String, Vec<u8>> {
        let served = self.served.read().unwrap_or_else(|e| e.into_inner());
        served
            .files
            .iter()
            .map(|(path, output)| {
                let bytes = match output {
                    state::Output::Bytes(b) => b.to_vec(),
                    state::Output::File(p) => std::fs::read(p).unwrap_or_default(),
                };
                (path.clone(), bytes)
            })
            .collect()
    }
}

/// Folders and files to watch: settings, content, theme and site overrides.
fn watch_list(root: &Path) -> Vec<(PathBuf, RecursiveMode)> {
    let mut list = vec![(root.to_path_buf(), RecursiveMode::NonRecursive)];
    for dir in WATCHED_FOLDERS {
        let path = root.join(dir);
        if path.is_dir() {
            list.push((path, RecursiveMode::Recursive));
        }
    }
    list
}

/// The paths of a debounced batch that may have changed. Reading a file is no change: the
/// rebuild itself reads them all.
fn collect(batch: DebounceEventResult, paths: &mut Vec<PathBuf>) {
    let Ok(events) = batch else {
        return;
    };
    for event in events {
        let relevant = match event.kind {
            EventKind::Create(_)
            | EventKind::Modify(_)
            | EventKind::Remove(_)
            | EventKind::Any
            | EventKind::Other => true,
            EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
            EventKind::Access(_) => false,
        };
        if relevant {
            paths.extend(event.event.paths);
        }
    }
}

fn describe(root: &Path, paths: &[PathBuf]) -> String {
    let first = paths
        .first()
        .map(|p| p.strip_prefix(root).unwrap_or(p).display().to_string())
        .unwrap_or_default();
    match paths.len() {
        1 => first,
        n => format!("{first} and {} more", n - 1),
    }
}

fn report(what: &str, result: &Rebuild, total: Duration) {
    if result.errors > 0 {
        eprintln!(
            "{what} {} error{} (the previous pages stay served; open tabs show the errors) in {:.0} ms",
            result.errors,
            if result.errors == 1 { "" } else { "s" },
            total.as_secs_f64() * 1000.0
        );
    } else {
        eprintln!(
            "{what} {} page{} rendered{} in {:.0} ms{}",
            result.rendered,
            if result.rendered == 1 { "" } else { "s" },
            if result.removed > 0 {
                format!(", {} removed", result.removed)
            } else {
                String::new()
            },
            total.as_secs_f64() * 1000.0,
            if result.warnings > 0 {
                format!(" ({} warnings: see `metodika check`)", result.warnings)
            } else {
                String::new()
            }
        );
    }
}

fn print_errors(served: &RwLock<Served>) {
    let state = served.read().unwrap_or_else(|e| e.into_inner());
    let errors: &[Diagnostic] = &state.errors;
    metodika_core::diagnostics::print_all(errors);
}

fn open_browser(url: &str) {
    let result = if cfg!(target_os = "macos") {
        std::process::Command::new("open").arg(url).spawn()
    } else if cfg!(target_os = "windows") {
        std::process::Command::new("cmd")
            .args(["/C", "start", "", url])
            .spawn()
    } else {
        std::process::Command::new("xdg-open").arg(url).spawn()
    };
    if let Err(e) = result {
        eprintln!("warning: cannot open a browser ({e}); open {url} yourself");
    }
}

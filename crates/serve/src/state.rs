//! The site as `metodika serve` holds it: rendered files in memory, rebuilt incrementally.
//!
//! Nothing is written to disk, so the served files are exactly the ones in this map: a
//! request can never reach a file outside the built site.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use metodika_core::diagnostics::Diagnostic;
use metodika_site::output::manifest::{Manifest, Produce};
use metodika_site::pipeline::{ChangeScope, Engine, Job, Prepared};
use metodika_site::plan::Plan;
use metodika_site::setup::Setup;

/// One served file.
#[derive(Debug, Clone)]
pub enum Output {
    /// Bytes, shared with the manifest (theme assets, the sitemap) or rendered.
    Bytes(Arc<Vec<u8>>),
    /// A content file (image, PDF), read when requested.
    File(PathBuf),
}

/// What the HTTP threads read.
#[derive(Debug, Default)]
pub struct Served {
    pub files: HashMap<String, Output>,
    /// Problems of the last build, shown in every open tab until fixed.
    pub errors: Vec<Diagnostic>,
    /// Goes up with every successful rebuild.
    pub version: u64,
}

/// The result of one (re)build.
#[derive(Debug, Clone)]
pub(crate) struct Rebuild {
    /// Whether open tabs show something else now (pages, files, or errors gone).
    pub changed: bool,
    pub rendered: usize,
    pub removed: usize,
    pub errors: usize,
    pub warnings: usize,
    pub elapsed: Duration,
}

/// What the last successful build published, to find what changed.
#[derive(Default)]
pub(crate) struct Incremental {
    /// Render key of every page.
    keys: HashMap<String, Keys>,
    /// Every path of the last manifest.
    paths: Vec<String>,
    done: bool,
    /// A settings or theme change whose rebuild failed: the next good one renders all.
    pending_everything: bool,
    rendered: usize,
    /// The site of the last good rebuild, until its search index is published.
    search_pending: Option<SearchJob>,
    /// The paths of the search index last published.
    search_paths: Vec<String>,
}

impl Incremental {
    /// Pages rendered by the last successful rebuild.
    pub(crate) fn last_rendered(&self) -> usize {
        self.rendered
    }
}

/// Builds what changed since the last successful build and publishes it to `served`.
/// On errors the previous pages stay served and the errors are published instead. What is
/// served is the build's output manifest, the same list `metodika build` writes.
pub fn rebuild(
    engine: &Engine,
    scope: ChangeScope,
    memory: &mut Incremental,
    served: &std::sync::RwLock<Served>,
) -> Rebuild {
    let started = Instant::now();
    // Kept until a rebuild succeeds, so a failed one after a theme change is made up for.
    memory.pending_everything |= scope == ChangeScope::Everything;
    let (prepared, diagnostics) = engine.prepare();
    let errors: Vec<Diagnostic> = diagnostics
        .iter()
        .filter(|d| d.is_error())
        .cloned()
        .collect();
    let warnings = diagnostics.len() - errors.len();
    // Publishes the errors instead of pages: the last good pages stay served.
    let failed = |errors: Vec<Diagnostic>| {
        let count = errors.len();
        served.write().unwrap_or_else(|e| e.into_inner()).errors = errors;
        Rebuild {
            changed: true,
            rendered: 0,
            removed: 0,
            errors: count,
            warnings,
            elapsed: started.elapsed(),
        }
    };
    let (Some(Prepared { site, plan }), Some(setup), true) =
        (prepared, engine.setup(), errors.is_empty())
    else {
        return failed(errors);
    };
    let everything = memory.pending_everything || !memory.done;
    let (keys, new_pages) = match render_changed(&plan, &site, setup, &memory.keys, everything) {
        Ok(rendered) => rendered,
        Err(template_errors) => return failed(template_errors),
    };
    let paths: Vec<String> = plan
        .manifest
        .entries
        .iter()
        .map(|e| e.path.clone())
        .collect();
    let current: HashSet<&str> = paths.iter().map(String::as_str).collect();
    let removed: Vec<String> = memory
        .paths
        .iter()
        .filter(|p| !current.contains(p.as_str()))
        .cloned()
        .collect();
    let count = new_pages.len();
    let changed = publish(served, &plan.manifest, new_pages, &removed, everything);
    memory.keys = keys;
    memory.paths = paths;
    memory.done = true;
    memory.pending_everything = false;
    memory.rendered = count;
    memory.search_pending = Some((site, setup.lexicon.clone(), setup.theme.strings.clone()));
    Rebuild {
        changed,
        rendered: count,
        removed: removed.len(),
        errors: 0,
        warnings,
        elapsed: started.elapsed(),
    }
}

/// A page's keys: its quick key when it has one (see [`Plan::quick_key`]) and its render key.
type Keys = (Option<u64>, u64);

/// Page path -> its keys, and the pages whose render key changed, rendered.
type Rendered = (HashMap<String, Keys>, Vec<(String, Vec<u8>)>);

/// Renders, in parallel, the pages whose render key differs from last time's (every page
/// when `everything`); template errors instead when a template fails. A page whose quick key
/// is the same as last time keeps its render key without making its inputs.
fn render_changed(
    plan: &Plan,
    site: &metodika_model::Site,
    setup: &Setup,
    last_keys: &HashMap<String, Keys>,
    everything: bool,
) -> Result<Rendered, Vec<Diagnostic>> {
    let pages: Vec<(&str, Job)> = plan.manifest.pages().collect();
    // (path, keys, new HTML when the render key changed)
    type Page = (String, Keys, Option<Vec<u8>>);
    let rendered: Vec<Result<Page, Diagnostic>> = pages
        .par_iter()
        .map(|&(path, job)| {
            let quick = plan.quick_key(site, job);
            let last = last_keys.get(path);
            if let (false, Some(q), Some(&(Some(last_quick), key))) = (everything, quick, last) {
                if q == last_quick {
                    return Ok((path.to_string(), (quick, key), None));
                }
            }
            let inputs = plan.inputs(site, setup, path, job);
            let key = metodika_site::render::page::key(&inputs);
            if !everything && last.is_some_and(|l| l.1 == key) {
                return Ok((path.to_string(), (quick, key), None));
            }
            metodika_site::render::page::render(&setup.renderer, inputs)
                .map(|html| (path.to_string(), (quick, key), Some(html.into_bytes())))
        })
        .collect();
    let mut keys = HashMap::with_capacity(rendered.len());
    let mut new_pages = Vec::new();
    let mut template_errors = Vec::new();
    for r in rendered {
        match r {
            Ok((path, page_keys, html)) => {
                if let Some(html) = html {
                    new_pages.push((path.clone(), html));
                }
                keys.insert(path, page_keys);
            }
            Err(d) => template_errors.push(d),
        }
    }
    if template_errors.is_empty() {
        Ok((keys, new_pages))
    } else {
        metodika_core::diagnostics::normalize(&mut template_errors);
        Err(template_errors)
    }
}

/// Puts a good rebuild's files into what is served and clears the errors shown. Returns
/// whether anything the tabs show changed (then the served version goes up).
fn publish(
    served: &std::sync::RwLock<Served>,
    manifest: &Manifest,
    new_pages: Vec<(String, Vec<u8>)>,
    removed: &[String],
    everything: bool,
) -> bool {
    let mut out = served.write().unwrap_or_else(|e| e.into_inner());
    let count = new_pages.len();
    let mut files_changed = false;
    for path in removed {
        out.files.remove(path);
    }
    for e in &manifest.entries {
        let next = match &e.produce {
            Produce::Page(_) => continue,
            Produce::Bytes(bytes) => Output::Bytes(Arc::clone(bytes)),
            Produce::Copy(from) => Output::File(from.clone()),
        };
        let same = match (out.files.get(&e.path), &next) {
            (Some(Output::Bytes(a)), Output::Bytes(b)) => a == b,
            (Some(Output::File(a)), Output::File(b)) => a == b,
            _ => false,
        };
        if !same {
            files_changed = true;
            out.files.insert(e.path.clone(), next);
        }
    }
    for (path, bytes) in new_pages {
        out.files.insert(path, Output::Bytes(Arc::new(bytes)));
    }
    // An editor's probe file or a save without changes renders nothing: keep the tabs as they are.
    let changed =
        count > 0 || !removed.is_empty() || !out.errors.is_empty() || everything || files_changed;
    out.errors.clear();
    if changed {
        out.version += 1;
    }
    changed
}

/// Publishes the search index of the last good rebuild, after its pages were announced: a
/// save shows at once, and the index (the whole site's terms) follows. Returns whether it
/// changed. `Session` calls it in line; `serve` hands the work to a [`SearchPublisher`].
pub fn publish_search(memory: &mut Incremental, served: &std::sync::RwLock<Served>) -> bool {
    let Some((site, lexicon, labels)) = memory.search_pending.take() else {
        return false;
    };
    apply_search(&site, &lexicon, &labels, served, &mut memory.search_paths)
}

/// Puts the search index of `site` into the served files, dropping files of the previous
/// index (`paths`) that it no longer has.
fn apply_search(
    site: &metodika_model::Site,
    lexicon: &metodika_search::lexicon::Lexicon,
    labels: &metodika_search::index::Labels,
    served: &std::sync::RwLock<Served>,
    paths: &mut Vec<String>,
) -> bool {
    let files = metodika_search::index::build(site, lexicon, labels).files();
    let next: Vec<String> = files.iter().map(|(p, _)| p.clone()).collect();
    let current: HashSet<&str> = next.iter().map(String::as_str).collect();
    let mut out = served.write().unwrap_or_else(|e| e.into_inner());
    let mut changed = false;
    for old in paths.iter() {
        if !current.contains(old.as_str()) {
            out.files.remove(old);
            changed = true;
        }
    }
    for (path, text) in files {
        let same = matches!(out.files.get(&path), Some(Output::Bytes(b)) if b.as_slice() == text.as_bytes());
        if !same {
            out.files
                .insert(path, Output::Bytes(Arc::new(text.into_bytes())));
            changed = true;
        }
    }
    drop(out);
    *paths = next;
    changed
}

/// A site to index, with the lexicon its index is built with.
type SearchJob = (
    metodika_model::Site,
    metodika_search::lexicon::Lexicon,
    metodika_search::index::Labels,
);

/// Builds and publishes search indexes on a thread of its own, so that the next save is not
/// kept waiting behind one; when several are queued, only the newest is built.
pub(crate) struct SearchPublisher {
    jobs: std::sync::mpsc::Sender<SearchJob>,
}

impl SearchPublisher {
    /// Starts from what is published (the index paths in `memory`).
    pub fn start(
        served: Arc<std::sync::RwLock<Served>>,
        memory: &mut Incremental,
    ) -> SearchPublisher {
        let (jobs, queue) = std::sync::mpsc::channel::<SearchJob>();
        let mut paths = std::mem::take(&mut memory.search_paths);
        // One thread of low priority: the index waits while a save's pages are rebuilt on
        // the shared pool, instead of taking half of a two-core machine from them.
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .thread_name(|_| "search-index".into())
            .start_handler(|_| lower_priority())
            .build()
            .ok();
        std::thread::spawn(move || {
            while let Ok(mut job) = queue.recv() {
                while let Ok(newer) = queue.try_recv() {
                    job = newer;
                }
                let mut apply = || apply_search(&job.0, &job.1, &job.2, &served, &mut paths);
                match &pool {
                    Some(pool) => pool.install(apply),
                    None => apply(),
                };
            }
        });
        SearchPublisher { jobs }
    }

    /// Queues the index of the last good rebuild.
    pub fn publish(&self, memory: &mut Incremental) {
        if let Some(job) = memory.search_pending.take() {
            let _ = self.jobs.send(job);
        }
    }
}

/// Lowers the calling thread's scheduling priority (on Linux, `nice` is per thread).
fn lower_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: setpriority only reads its integer arguments; `0` is the calling thread.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, 0, 19);
    }
}

//! The build, stage by stage: config -> theme -> load -> parse -> validate -> plan (the output
//! manifest, from [`GENERATORS`]) -> render -> write.
//!
//! [`Engine`] keeps what the stages produced, so `metodika serve` re-reads and re-parses only
//! the files that changed, and re-renders only the pages whose inputs changed (see
//! [`crate::render::page::key`]). `metodika build` is the same engine run once, written to
//! disk. Each stage lives in its own module: `setup`, `load`, `parse`, `validate`, `plan`,
//! `render`, `search` and `output`; this one only runs them in order.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::load::{self, load_content, CONTENT_DIR};
pub use crate::output::manifest::Job;
use crate::parse::{assemble, parse_file_guarded, parse_files, ParseOptions};
use crate::plan::Plan;
use crate::render::context::NavCache;
use crate::setup::Setup;
use crate::validate::LinkMemo;
use metodika_core::config::SiteConfig;
use metodika_core::diagnostics::{self, Diagnostic};
use metodika_model::AssetFile;
use metodika_model::{ParsedFile, Site};

/// What to build and where.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Defaults to `public/` under the root.
    pub output: Option<PathBuf>,
    pub include_drafts: bool,
    /// `false` runs every check but writes nothing (`metodika check`).
    pub write: bool,
    /// Also report style warnings (external links, pages without a description).
    pub lints: bool,
    /// Leave the search index out of the manifest: `serve` publishes it after the pages, so
    /// that a save shows at once (see `serve::state::publish_search`).
    pub defer_search: bool,
}

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>) -> BuildOptions {
        BuildOptions {
            root: root.into(),
            output: None,
            include_drafts: false,
            write: true,
            lints: false,
            defer_search: false,
        }
    }

    pub fn output_dir(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.root.join("public"))
    }
}

/// The outcome of a build: its problems and a few figures.
#[derive(Debug, Default)]
pub struct BuildReport {
    pub diagnostics: Vec<Diagnostic>,
    pub documents: usize,
    pub files_written: usize,
    pub elapsed: Duration,
}

impl BuildReport {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Runs the whole pipeline once: `metodika build` and `metodika check`.
pub fn build(options: &BuildOptions) -> BuildReport {
    let started = Instant::now();
    let engine = Engine::new(options.clone());
    let (prepared, mut diagnostics) = engine.prepare();
    let mut report = BuildReport {
        documents: prepared.as_ref().map_or(0, |p| p.site.docs.len()),
        ..BuildReport::default()
    };
    if let (Some(Prepared { site, plan }), Some(setup)) = (&prepared, engine.setup()) {
        if !diagnostics.iter().any(Diagnostic::is_error) {
            if options.write {
                let render = |path: &str, job| plan.render_page(site, setup, path, job);
                match crate::output::write_site(&plan.manifest, &options.output_dir(), render) {
                    Ok(n) => report.files_written = n,
                    Err(mut d) => diagnostics.append(&mut d),
                }
            } else {
                // `check`: render every page too (templates can fail on some pages only).
                diagnostics.extend(plan.check_pages(site, setup));
            }
        }
    }
    diagnostics::normalize(&mut diagnostics);
    report.diagnostics = diagnostics;
    report.elapsed = started.elapsed();
    report
}

/// The build's inputs, kept between runs.
pub struct Engine {
    pub options: BuildOptions,
    setup: Option<Setup>,
    setup_errors: Vec<Diagnostic>,
    /// Parsed Markdown by source path (relative to `content/`).
    files: BTreeMap<String, Arc<ParsedFile>>,
    /// Problems of files that did not parse, by source path.
    file_errors: BTreeMap<String, Vec<Diagnostic>>,
    assets: BTreeMap<String, AssetFile>,
    dirs: BTreeSet<String>,
    load_errors: Vec<Diagnostic>,
    /// Link problems of each file, reused by the next build while nothing they depend on
    /// changed.
    link_memo: std::sync::Mutex<LinkMemo>,
    /// The navigation trees of the last build, used again while the tree is the same.
    nav_memo: std::sync::Mutex<Option<Arc<NavCache>>>,
}

/// How much a set of changed paths invalidated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeScope {
    /// Nothing the site is built from.
    None,
    /// Content files: re-parsed one by one.
    Content,
    /// Settings, theme or templates: everything was loaded again.
    Everything,
}

impl Engine {
    /// Loads settings, theme and all content.
    pub fn new(options: BuildOptions) -> Engine {
        let mut engine = Engine {
            options,
            setup: None,
            setup_errors: Vec::new(),
            files: BTreeMap::new(),
            file_errors: BTreeMap::new(),
            assets: BTreeMap::new(),
            dirs: BTreeSet::new(),
            load_errors: Vec::new(),
            link_memo: Default::default(),
            nav_memo: Default::default(),
        };
        engine.reload_all();
        engine
    }

    pub fn setup(&self) -> Option<&Setup> {
        self.setup.as_ref()
    }

    /// Loads everything again, as a first build does.
    pub(crate) fn reload_all(&mut self) {
        let root = &self.options.root;
        self.setup_errors.clear();
        self.setup = match Setup::load(root) {
            Ok(setup) => Some(setup),
            Err(d) => {
                self.setup_errors = d;
                None
            }
        };
        let labels = self
            .setup
            .as_ref()
            .map(|s| s.labels.clone())
            .unwrap_or_default();
        let mut diagnostics = Vec::new();
        let loaded = load_content(root, &mut diagnostics);
        self.dirs = loaded.dirs.into_iter().collect();
        self.assets = loaded
            .assets
            .into_iter()
            .map(|a| (a.rel.clone(), a))
            .collect();
        let (parsed, problems) = parse_files(loaded.markdown, &labels);
        self.files = parsed.into_iter().map(|p| (p.source.clone(), p)).collect();
        self.file_errors = problems;
        self.load_errors = diagnostics;
    }

    /// Takes note of changed, created or deleted paths (absolute or relative to the root).
    pub fn apply_changes(&mut self, paths: &[PathBuf]) -> ChangeScope {
        let root = self.options.root.clone();
        let mut scope = ChangeScope::None;
        for path in paths {
            match load::classify_change(&root, path) {
                load::Change::Settings => {
                    self.reload_all();
                    return ChangeScope::Everything;
                }
                load::Change::Content { rel, abs } => {
                    self.refresh(&rel, &abs);
                    scope = ChangeScope::Content;
                }
                load::Change::Ignored => {}
            }
        }
        scope
    }

    /// Re-reads one path under `content/`: a file, a folder (walked) or something now gone,
    /// through the same walk as a full load, so its problems are reported alike.
    fn refresh(&mut self, rel: &str, abs: &Path) {
        let prefix = format!("{rel}/");
        let under = |k: &String| k == rel || k.starts_with(&prefix);
        self.files.retain(|k, _| !under(k));
        self.file_errors.retain(|k, _| !under(k));
        self.assets.retain(|k, _| !under(k));
        self.dirs.retain(|k| !under(k));
        let shown = Path::new(CONTENT_DIR).join(rel);
        self.load_errors.retain(|d| !d.file.starts_with(&shown));
        if !abs.exists() && !abs.is_symlink() {
            return;
        }
        let loaded = load::walk(&self.options.root, abs, &mut self.load_errors);
        self.dirs.extend(loaded.dirs);
        self.assets
            .extend(loaded.assets.into_iter().map(|a| (a.rel.clone(), a)));
        let labels = self
            .setup
            .as_ref()
            .map(|s| s.labels.clone())
            .unwrap_or_default();
        for file in loaded.markdown {
            let rel = file.rel.clone();
            match parse_file_guarded(file, &labels) {
                Ok(p) => {
                    self.files.insert(rel, Arc::new(p));
                }
                Err(d) => {
                    self.file_errors.insert(rel, d);
                }
            }
        }
    }

    /// Assembles and validates the site from what is loaded. `None` when the settings or the
    /// theme are broken; the diagnostics say why.
    pub fn site(&self) -> (Option<Site>, Vec<Diagnostic>) {
        let mut diagnostics: Vec<Diagnostic> = self.setup_errors.clone();
        diagnostics.extend(self.load_errors.iter().cloned());
        diagnostics.extend(self.file_errors.values().flatten().cloned());
        let config = match &self.setup {
            Some(s) => s.config.clone(),
            None => match SiteConfig::load(&self.options.root) {
                Ok(c) => c,
                Err(_) => return (None, diagnostics),
            },
        };
        let files: Vec<Arc<ParsedFile>> = self.files.values().cloned().collect();
        let options = ParseOptions {
            include_drafts: self.options.include_drafts,
        };
        let assets = self.assets.values().cloned().collect();
        let dirs = self.dirs.iter().cloned().collect();
        let unparsed = self.file_errors.keys().cloned().collect();
        let site = assemble(
            config,
            &files,
            assets,
            dirs,
            unparsed,
            options,
            &mut diagnostics,
        );
        diagnostics.extend(crate::validate::validate_site(
            &site,
            &self.link_memo,
            self.options.lints,
        ));
        diagnostics::normalize(&mut diagnostics);
        (Some(site), diagnostics)
    }
}

/// A site and the plan to render it: what `build`, `check` and `serve` share.
pub struct Prepared {
    pub site: Site,
    pub plan: Plan,
}

impl Engine {
    /// The site, validated, with its output manifest made and checked.
    pub fn prepare(&self) -> (Option<Prepared>, Vec<Diagnostic>) {
        let (site, mut diagnostics) = self.site();
        let (Some(site), Some(setup)) = (site, self.setup()) else {
            return (None, diagnostics);
        };
        let mut nav_memo = self.nav_memo.lock().unwrap_or_else(|e| e.into_inner());
        let plan = Plan::new(&site, setup, !self.options.defer_search, nav_memo.take());
        *nav_memo = Some(Arc::clone(&plan.nav));
        drop(nav_memo);
        diagnostics.extend(plan.manifest.collisions());
        diagnostics::normalize(&mut diagnostics);
        (Some(Prepared { site, plan }), diagnostics)
    }
}

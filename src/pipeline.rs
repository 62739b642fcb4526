//! The build, stage by stage: config -> theme -> load -> parse -> validate -> plan (the output
//! manifest, from [`GENERATORS`]) -> render -> write.
//!
//! [`Engine`] keeps what the stages produced, so `metodika serve` re-reads and re-parses only
//! the files that changed, and re-renders only the pages whose inputs changed (see
//! [`Plan::key`]). `metodika build` is the same engine run once, written to disk.

use std::collections::{BTreeMap, BTreeSet};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::SiteConfig;
use crate::diagnostics::{self, Diagnostic};
use crate::generators::{GenerateContext, GENERATORS};
use crate::kinds::BlockContext;
use crate::load::{self, load_content, AssetFile, CONTENT_DIR};
use crate::markdown::MarkdownLabels;
use crate::model::{DocId, DocKind, ParsedFile, Site, TitleOrder};
pub use crate::output::manifest::Job;
use crate::output::manifest::{Manifest, Produce};
use crate::output::Staging;
use crate::parse::{assemble, collect_tags, parse_file_guarded, parse_files, ParseOptions};
use crate::render::context::{
    document_context, special_context, summary, BodyData, Child, ContentInputs, FooterLink, Html,
    Link, NavCache, PageData, Relative, Strings, TagName, TagSlugs, TagSummary, TemplateContext,
};
use crate::render::Renderer;
use crate::theme::Theme;
use crate::validate::{validate_links_with, LinkMemo};

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
                match write_site(site, plan, setup, &options.output_dir()) {
                    Ok(n) => report.files_written = n,
                    Err(mut d) => diagnostics.append(&mut d),
                }
            } else {
                // `check`: render every page too (templates can fail on some pages only), keep nothing.
                let pages: Vec<(&str, Job)> = plan.manifest.pages().collect();
                diagnostics.extend(
                    pages
                        .par_iter()
                        .filter_map(|&(path, job)| plan.render_page(site, setup, path, job).err())
                        .collect::<Vec<_>>(),
                );
            }
        }
    }
    diagnostics::normalize(&mut diagnostics);
    report.diagnostics = diagnostics;
    report.elapsed = started.elapsed();
    report
}

/// Settings, theme and parsed templates: everything that is not content.
pub struct Setup {
    pub config: SiteConfig,
    pub theme: Theme,
    pub renderer: Renderer,
    pub labels: MarkdownLabels,
    /// How search tells the words of the site apart (dictionary, stemmer).
    pub lexicon: crate::search::lexicon::Lexicon,
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
        };
        engine.reload_all();
        engine
    }

    pub fn setup(&self) -> Option<&Setup> {
        self.setup.as_ref()
    }

    /// Loads everything again, as a first build does.
    pub fn reload_all(&mut self) {
        let root = &self.options.root;
        self.setup_errors.clear();
        self.setup = match SiteConfig::load(root) {
            Err(d) => {
                self.setup_errors = d;
                None
            }
            Ok(config) => match Theme::load(root, &config) {
                Err(d) => {
                    self.setup_errors = d;
                    None
                }
                Ok(theme) => match Renderer::new(&theme) {
                    Err(d) => {
                        self.setup_errors = d;
                        None
                    }
                    Ok(renderer) => match crate::search::lexicon::Lexicon::load(root, &config) {
                        Err(d) => {
                            self.setup_errors = d;
                            None
                        }
                        Ok(lexicon) => {
                            let mut labels = theme.markdown_labels();
                            labels.quotes = config.language.into();
                            Some(Setup {
                                config,
                                theme,
                                renderer,
                                labels,
                                lexicon,
                            })
                        }
                    },
                },
            },
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
        let content = root.join(CONTENT_DIR);
        let mut scope = ChangeScope::None;
        for path in paths {
            let path = if path.is_absolute() {
                path.clone()
            } else {
                root.join(path)
            };
            let Ok(rel) = path.strip_prefix(&root) else {
                continue;
            };
            let first = rel
                .components()
                .next()
                .map(|c| c.as_os_str().to_string_lossy().into_owned());
            match first.as_deref() {
                Some(crate::config::CONFIG_FILE)
                | Some("themes")
                | Some("templates")
                | Some("static") => {
                    self.reload_all();
                    return ChangeScope::Everything;
                }
                Some(CONTENT_DIR) => {}
                _ => continue,
            }
            let Ok(inner) = path.strip_prefix(&content) else {
                continue;
            };
            let Some(rel) = load::rel_string(inner) else {
                continue;
            };
            if rel.is_empty() {
                // content/ itself was replaced or removed.
                self.reload_all();
                return ChangeScope::Everything;
            }
            if !load::is_content_path(&rel) {
                continue;
            }
            self.refresh(&rel, &path);
            scope = ChangeScope::Content;
        }
        scope
    }

    /// Re-reads one path under `content/`: a file, a folder (walked) or something now gone.
    fn refresh(&mut self, rel: &str, abs: &Path) {
        let prefix = format!("{rel}/");
        let under = |k: &String| k == rel || k.starts_with(&prefix);
        self.files.retain(|k, _| !under(k));
        self.file_errors.retain(|k, _| !under(k));
        self.assets.retain(|k, _| !under(k));
        self.dirs.retain(|k| !under(k));
        if abs.is_symlink() && !load::stays_inside(&self.options.root, abs) {
            return;
        }
        if abs.is_dir() {
            let root = self.options.root.clone();
            let entries: Vec<(String, PathBuf, bool)> = walkdir::WalkDir::new(abs)
                .follow_links(true)
                .sort_by_file_name()
                .into_iter()
                .filter_entry(|e| !e.path_is_symlink() || load::stays_inside(&root, e.path()))
                .filter_map(Result::ok)
                .filter_map(|e| {
                    let inner = load::rel_string(e.path().strip_prefix(abs).ok()?)?;
                    let rel = if inner.is_empty() {
                        rel.to_string()
                    } else {
                        format!("{rel}/{inner}")
                    };
                    load::is_content_path(&rel)
                        .then(|| (rel, e.path().to_path_buf(), e.file_type().is_dir()))
                })
                .collect();
            for (rel, path, is_dir) in entries {
                if is_dir {
                    self.dirs.insert(rel);
                } else {
                    self.add_file(rel, &path);
                }
            }
        } else if abs.is_file() {
            self.add_file(rel.to_string(), abs);
        }
    }

    fn add_file(&mut self, rel: String, abs: &Path) {
        if !rel.ends_with(".md") {
            self.assets.insert(
                rel.clone(),
                AssetFile {
                    rel,
                    abs: abs.to_path_buf(),
                },
            );
            return;
        }
        let labels = self
            .setup
            .as_ref()
            .map(|s| s.labels.clone())
            .unwrap_or_default();
        let parsed = load::read_markdown(&self.options.root, rel.clone(), abs)
            .map_err(|d| vec![d])
            .and_then(|file| parse_file_guarded(file, &labels));
        match parsed {
            Ok(p) => {
                self.files.insert(rel, Arc::new(p));
            }
            Err(d) => {
                self.file_errors.insert(rel, d);
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
        let mut memo = self.link_memo.lock().unwrap_or_else(|e| e.into_inner());
        diagnostics.extend(validate_links_with(&site, &mut memo));
        drop(memo);
        diagnostics.extend(crate::validate::validate_blocks(&site));
        if self.options.lints {
            diagnostics.extend(crate::validate::lints(&site));
        }
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
        let plan = Plan::new(&site, setup, !self.options.defer_search);
        diagnostics.extend(plan.manifest.collisions());
        diagnostics::normalize(&mut diagnostics);
        (Some(Prepared { site, plan }), diagnostics)
    }
}

/// Everything needed to render any page of a site.
pub struct Plan {
    /// Every file the build writes.
    pub manifest: Manifest,
    /// (name, file-name slug, pages) of every tag.
    pub tags: Vec<(String, String, Vec<DocId>)>,
    pub nav: NavCache,
    /// Hash of the theme's strings, computed once.
    strings_hash: u64,
    /// The kinds' site pages this site gets (indices into `kinds::site_pages()`).
    site_pages: Vec<usize>,
    /// The kinds some page of the site uses.
    used_kinds: Vec<&'static crate::kinds::KindInfo>,
}

/// Everything one page is rendered from. [`Plan::key`] hashes exactly this, so a page is
/// rendered again in `serve` exactly when something it shows changed: nothing is listed by
/// hand, and a content kind's reads are in its template data.
pub struct PageInputs<'a> {
    pub template: &'static str,
    pub context: TemplateContext<'a>,
    pub content: ContentInputs<'a>,
}

impl Plan {
    /// `search`: whether the search index is part of the manifest.
    pub fn new(site: &Site, setup: &Setup, search: bool) -> Plan {
        let order = TitleOrder::new(site.config.language);
        let tags = collect_tags(site, &order);
        let mut manifest = Manifest::default();
        let cx = GenerateContext {
            site,
            setup,
            tags: &tags,
            search,
        };
        for generator in GENERATORS {
            generator.generate(&cx, &mut manifest);
        }
        let site_pages = manifest
            .entries
            .iter()
            .filter_map(|e| match e.produce {
                Produce::Page(Job::SitePage(i)) => Some(i),
                _ => None,
            })
            .collect();
        Plan {
            site_pages,
            used_kinds: crate::kinds::KINDS
                .iter()
                .map(|k| k.info())
                .filter(|info| crate::kinds::site_uses(site, info))
                .collect(),
            manifest,
            tags,
            nav: NavCache::new(site),
            strings_hash: Strings::new(&setup.theme.strings).hash,
        }
    }

    fn tag_slugs(&self) -> TagSlugs<'_> {
        self.tags
            .iter()
            .map(|(name, slug, _)| (name.as_str(), slug.as_str()))
            .collect()
    }

    /// What the page at `path` is made from.
    pub fn inputs<'a>(
        &'a self,
        site: &'a Site,
        setup: &'a Setup,
        path: &str,
        job: Job,
    ) -> PageInputs<'a> {
        static NO_ABBREVIATIONS: BTreeMap<String, String> = BTreeMap::new();
        let strings = Strings {
            map: &setup.theme.strings,
            hash: self.strings_hash,
        };
        let text = |key: &str, fallback: &'static str| -> &'a str {
            setup
                .theme
                .strings
                .get(key)
                .map_or(fallback, String::as_str)
        };
        let empty = ContentInputs {
            html: "",
            html_hash: 0,
            blocks: Vec::new(),
            abbreviations: &NO_ABBREVIATIONS,
        };
        let tag_title = text("tags", "Tags");
        let mut inputs = match job {
            Job::Document(id) => {
                let doc = &site.docs[id];
                let template = match doc.kind {
                    DocKind::Home => "home.html",
                    DocKind::Section => "section.html",
                    DocKind::Page => "page.html",
                };
                let here = Relative::from_page(&doc.url);
                let cx = BlockContext {
                    site,
                    doc: id,
                    here: &here,
                };
                let blocks = doc
                    .blocks
                    .iter()
                    .map(|b| (b.info().template, b.template_data(&cx)))
                    .collect();
                let tag_slugs = self.tag_slugs();
                PageInputs {
                    template,
                    context: document_context(site, id, strings, &tag_slugs, &self.nav),
                    content: ContentInputs {
                        html: &doc.content.html,
                        html_hash: doc.html_hash,
                        blocks,
                        abbreviations: &site.abbreviations,
                    },
                }
            }
            Job::TagIndex => {
                let mut context = special_context(
                    site,
                    strings,
                    "tags",
                    tag_title,
                    path.to_string(),
                    Vec::new(),
                );
                context.tags = Some(
                    self.tags
                        .iter()
                        .map(|(name, slug, pages)| TagSummary {
                            name,
                            url: format!("{slug}.html"),
                            count: pages.len(),
                        })
                        .collect(),
                );
                PageInputs {
                    template: "tags.html",
                    context,
                    content: empty,
                }
            }
            Job::Tag(i) => {
                let (name, _, pages) = &self.tags[i];
                let children = pages
                    .iter()
                    .map(|&p| {
                        let d = &site.docs[p];
                        Child {
                            title: &d.meta.title,
                            description: summary(d),
                            url: d.url.clone(),
                            is_section: d.is_section(),
                        }
                    })
                    .collect();
                let mut context =
                    special_context(site, strings, "tag", name, path.to_string(), children);
                context.page.breadcrumbs.push(Link {
                    title: tag_title,
                    url: "index.html".into(),
                });
                context.tag = Some(TagName { name });
                PageInputs {
                    template: "tag.html",
                    context,
                    content: empty,
                }
            }
            Job::NotFound => PageInputs {
                template: "404.html",
                context: special_context(
                    site,
                    strings,
                    "404",
                    text("not_found_title", "404"),
                    path.to_string(),
                    Vec::new(),
                ),
                content: empty,
            },
            Job::SitePage(i) => {
                // A page a kind makes of the whole site, with the kind's assets.
                let (info, page) = crate::kinds::site_pages()
                    .nth(i)
                    .expect("a site page of the registry");
                let mut context = special_context(
                    site,
                    strings,
                    page.page_kind(),
                    text(page.title_key(), page.owner()),
                    path.to_string(),
                    Vec::new(),
                );
                let here = Relative::from_page(path);
                context.page_data = PageData(page.data(site, &here));
                (context.page.styles, context.page.scripts) = info.assets(&here);
                PageInputs {
                    template: page.template(),
                    context,
                    content: empty,
                }
            }
        };
        self.add_site_wide(&mut inputs.context, setup, path);
        inputs
    }

    /// What every page shows of the kinds used on the site: its footer links to their site
    /// pages, its `<body>` data and the search labels.
    fn add_site_wide<'a>(&self, context: &mut TemplateContext<'a>, setup: &'a Setup, path: &str) {
        let here = Relative::from_page(path);
        let strings = &setup.theme.strings;
        let text = |key: &'static str| strings.get(key).map_or(key, String::as_str);
        let pages: Vec<_> = crate::kinds::site_pages().collect();
        context.footer_links = self
            .site_pages
            .iter()
            .map(|&i| {
                let page = pages[i].1;
                FooterLink {
                    title: text(page.title_key()),
                    url: here.to(page.path()),
                    current: page.path() == path,
                }
            })
            .collect();
        context.body_data = self
            .used_kinds
            .iter()
            .flat_map(|info| info.body_labels)
            .map(|&(name, key)| BodyData {
                name,
                value: text(key),
            })
            .collect();
        context.search_labels = crate::kinds::KINDS
            .iter()
            .flat_map(|k| k.info().search_labels)
            .map(|&(name, key)| BodyData {
                name,
                value: text(key),
            })
            .collect();
    }

    /// A fingerprint of everything a page is made from: equal keys give equal HTML.
    pub fn key(inputs: &PageInputs) -> u64 {
        use std::hash::BuildHasher;
        let mut h = foldhash::quality::FixedState::with_seed(0).build_hasher();
        inputs.template.hash(&mut h);
        inputs.context.hash(&mut h);
        inputs.content.hash(&mut h);
        h.finish()
    }

    /// Renders a page: its content-kind blocks through their partials, the abbreviations'
    /// first uses, then the page template.
    pub fn render(&self, setup: &Setup, mut inputs: PageInputs) -> Result<String, Diagnostic> {
        let content = &inputs.content;
        let mut html = String::with_capacity(content.html.len() + 1024);
        // Each block's marker, wherever it stands (a page's own block may come first).
        let mut rest = content.html;
        while let Some(at) = rest.find("\0block") {
            html.push_str(&rest[..at]);
            let after = &rest[at + "\0block".len()..];
            let digits = after.find('\0').unwrap_or(after.len());
            rest = after.get(digits + 1..).unwrap_or("");
            let Some((template, data)) = after[..digits]
                .parse::<usize>()
                .ok()
                .and_then(|n| content.blocks.get(n))
            else {
                continue;
            };
            let block = BlockView {
                root: &inputs.context.root,
                site: inputs.context.site,
                t: inputs.context.t.map,
                page_url: &inputs.context.page.url,
                data,
            };
            html.push_str(&setup.renderer.render(template, &block)?);
        }
        html.push_str(rest);
        let html = match crate::render::abbr::mark_first_uses(&html, content.abbreviations) {
            std::borrow::Cow::Borrowed(_) => html,
            std::borrow::Cow::Owned(marked) => marked,
        };
        inputs.context.page.content = Html(html);
        setup.renderer.render(inputs.template, &inputs.context)
    }

    /// Renders the page at `path`.
    pub fn render_page(
        &self,
        site: &Site,
        setup: &Setup,
        path: &str,
        job: Job,
    ) -> Result<String, Diagnostic> {
        self.render(setup, self.inputs(site, setup, path, job))
    }
}

/// What a content kind's partial gets.
#[derive(serde::Serialize)]
struct BlockView<'a> {
    root: &'a str,
    site: &'a SiteConfig,
    t: &'a BTreeMap<String, String>,
    /// The page's URL (site-root-relative).
    page_url: &'a str,
    data: &'a serde_json::Value,
}

/// Renders every page in parallel straight into a staging folder, then swaps it in.
fn write_site(
    site: &Site,
    plan: &Plan,
    setup: &Setup,
    output: &Path,
) -> Result<usize, Vec<Diagnostic>> {
    let staging = Staging::create(output).map_err(|d| vec![d])?;
    let entries = &plan.manifest.entries;
    if let Err(d) = staging.create_dirs(entries.iter().map(|e| e.path.as_str())) {
        staging.discard();
        return Err(vec![d]);
    }
    let problems: Vec<Diagnostic> = entries
        .par_iter()
        .filter_map(|e| match &e.produce {
            Produce::Page(job) => match plan.render_page(site, setup, &e.path, *job) {
                Ok(html) => staging.write(&e.path, html.as_bytes()).err(),
                Err(d) => Some(d),
            },
            Produce::Bytes(bytes) => staging.write(&e.path, bytes).err(),
            Produce::Copy(from) => {
                std::fs::copy(from, staging.dir.join(&e.path))
                    .err()
                    .map(|err| {
                        Diagnostic::error("output/io", &e.source, format!("cannot copy: {err}"))
                    })
            }
        })
        .collect();
    if !problems.is_empty() {
        staging.discard();
        return Err(problems);
    }
    staging.commit().map_err(|d| vec![d])?;
    Ok(entries.len())
}

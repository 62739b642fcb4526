//! The build, stage by stage: config -> theme -> load -> parse -> validate -> render -> write.
//!
//! [`Engine`] keeps what the stages produced, so `metodika serve` re-reads and re-parses only
//! the files that changed, and re-renders only the pages whose inputs changed (see
//! [`Plan::keys`]). `metodika build` is the same engine run once, written to disk.

use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::SiteConfig;
use crate::diagnostics::{self, Diagnostic};
use crate::load::{self, load_content, AssetFile, CONTENT_DIR};
use crate::markdown::MarkdownLabels;
use crate::model::{DocId, DocKind, ParsedFile, Site, TitleOrder, HOME};
use crate::output::Staging;
use crate::parse::{assemble, collect_tags, parse_file, parse_files, ParseOptions};
use crate::render::context::{
    document_context, special_context, summary, tag_url, Child, Link, NavCache, Relative, TagName,
    TagSlugs, TagSummary,
};
use crate::render::Renderer;
use crate::theme::Theme;
use crate::validate::validate_links;

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
}

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>) -> BuildOptions {
        BuildOptions {
            root: root.into(),
            output: None,
            include_drafts: false,
            write: true,
            lints: false,
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
    let (site, mut diagnostics) = engine.site();
    let mut report = BuildReport {
        documents: site.as_ref().map_or(0, |s| s.docs.len()),
        ..BuildReport::default()
    };
    if let (Some(site), Some(setup)) = (&site, engine.setup()) {
        if !diagnostics.iter().any(Diagnostic::is_error) {
            if options.write {
                match write_site(site, setup, &options.output_dir()) {
                    Ok(n) => report.files_written = n,
                    Err(mut d) => diagnostics.append(&mut d),
                }
            } else {
                // `check`: render every page too (templates can fail on some pages only), keep nothing.
                let plan = Plan::new(site);
                diagnostics.extend(
                    plan.jobs
                        .par_iter()
                        .filter_map(|(path, job)| plan.render(site, setup, path, *job).err())
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
                    Ok(renderer) => {
                        let labels = theme.markdown_labels();
                        Some(Setup {
                            config,
                            theme,
                            renderer,
                            labels,
                        })
                    }
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
            .and_then(|file| parse_file(file, &labels));
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
        diagnostics.extend(validate_links(&site));
        diagnostics.extend(output_collisions(&site, self.setup.as_ref()));
        if self.options.lints {
            diagnostics.extend(crate::validate::lints(&site));
        }
        diagnostics::normalize(&mut diagnostics);
        (Some(site), diagnostics)
    }
}

/// Every output file must come from one source: two writers of one path would make the
/// output depend on which finished last. Generated files claim their paths first, so the
/// content file that clashes with one is the one reported.
fn output_collisions(site: &Site, setup: Option<&Setup>) -> Vec<Diagnostic> {
    let mut owners: HashMap<String, String> = HashMap::new();
    let mut problems = Vec::new();
    let mut claim = |path: String, owner: String, file: PathBuf| {
        if let Some(first) = owners.get(&path) {
            problems.push(
                Diagnostic::error(
                    "output/collision",
                    file,
                    format!("`{path}` would be written twice: by {first} and by {owner}"),
                )
                .with_hint("rename or move one of them"),
            );
        } else {
            owners.insert(path, owner);
        }
    };
    let generated = PathBuf::from(CONTENT_DIR);
    claim(
        "404.html".into(),
        "the not-found page".into(),
        generated.clone(),
    );
    if site.config.base_url.is_some() {
        claim(
            "sitemap.xml".into(),
            "the sitemap".into(),
            generated.clone(),
        );
    }
    let tags = collect_tags(site, &TitleOrder::new(site.config.language));
    if !tags.is_empty() {
        claim(
            "tags/index.html".into(),
            "the tag index".into(),
            generated.clone(),
        );
    }
    for (name, slug, _) in &tags {
        claim(
            tag_url(slug),
            format!("the page of the tag \"{name}\""),
            generated.clone(),
        );
    }
    for s in setup
        .map(|s| s.theme.statics.as_slice())
        .unwrap_or_default()
    {
        claim(
            format!("assets/{}", s.rel),
            "the theme's assets".into(),
            generated.clone(),
        );
    }
    for d in &site.docs {
        claim(
            d.url.clone(),
            d.display.display().to_string(),
            d.display.clone(),
        );
    }
    for a in &site.assets {
        let display = crate::parse::content_path(&a.rel);
        claim(a.rel.clone(), display.display().to_string(), display);
    }
    problems
}

/// One output file and how to make it.
#[derive(Debug, Clone, Copy)]
pub enum Job {
    Document(DocId),
    TagIndex,
    /// Index into [`Plan::tags`].
    Tag(usize),
    NotFound,
}

/// Everything needed to render any page of a site.
pub struct Plan {
    /// (output path, job), in a stable order.
    pub jobs: Vec<(String, Job)>,
    /// (name, file-name slug, pages) of every tag.
    pub tags: Vec<(String, String, Vec<DocId>)>,
    pub nav: NavCache,
}

impl Plan {
    pub fn new(site: &Site) -> Plan {
        let order = TitleOrder::new(site.config.language);
        let tags = collect_tags(site, &order);
        let mut jobs: Vec<(String, Job)> = site
            .docs
            .iter()
            .enumerate()
            .map(|(i, d)| (d.url.clone(), Job::Document(i)))
            .collect();
        if !tags.is_empty() {
            jobs.push(("tags/index.html".into(), Job::TagIndex));
            for (i, (_, slug, _)) in tags.iter().enumerate() {
                jobs.push((tag_url(slug), Job::Tag(i)));
            }
        }
        jobs.push(("404.html".into(), Job::NotFound));
        Plan {
            jobs,
            tags,
            nav: NavCache::new(site),
        }
    }

    fn tag_slugs(&self) -> TagSlugs<'_> {
        self.tags
            .iter()
            .map(|(name, slug, _)| (name.as_str(), slug.as_str()))
            .collect()
    }

    /// Renders one job to HTML.
    pub fn render(
        &self,
        site: &Site,
        setup: &Setup,
        path: &str,
        job: Job,
    ) -> Result<String, Diagnostic> {
        let strings: &BTreeMap<String, String> = &setup.theme.strings;
        let text = |key: &str, fallback: &'static str| -> String {
            strings
                .get(key)
                .cloned()
                .unwrap_or_else(|| fallback.to_string())
        };
        let tag_title = text("tags", "Tags");
        let (template, context) = match job {
            Job::Document(id) => {
                let template = match site.docs[id].kind {
                    DocKind::Home => "home.html",
                    DocKind::Section => "section.html",
                    DocKind::Page => "page.html",
                };
                let tag_slugs = self.tag_slugs();
                return setup.renderer.render(
                    template,
                    &document_context(site, id, strings, &tag_slugs, &self.nav),
                );
            }
            Job::TagIndex => {
                let mut ctx = special_context(
                    site,
                    strings,
                    "tags",
                    &tag_title,
                    path.to_string(),
                    Vec::new(),
                );
                ctx.tags = Some(
                    self.tags
                        .iter()
                        .map(|(name, slug, pages)| TagSummary {
                            name,
                            url: format!("{slug}.html"),
                            count: pages.len(),
                        })
                        .collect(),
                );
                ("tags.html", ctx)
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
                let mut ctx =
                    special_context(site, strings, "tag", name, path.to_string(), children);
                ctx.page.breadcrumbs.push(Link {
                    title: &tag_title,
                    url: "index.html".into(),
                });
                ctx.tag = Some(TagName { name });
                ("tag.html", ctx)
            }
            Job::NotFound => {
                let title = text("not_found_title", "404");
                return setup.renderer.render(
                    "404.html",
                    &special_context(site, strings, "404", &title, path.to_string(), Vec::new()),
                );
            }
        };
        setup.renderer.render(template, &context)
    }

    /// A fingerprint of everything each output file is made from, by output path. Two builds
    /// that give a page the same key give it the same HTML, so `serve` re-renders only pages
    /// whose key changed. Parsed files are compared by generation: an unchanged file keeps its
    /// parse between builds. Cost: one pass over documents and their children.
    pub fn keys(&self, site: &Site) -> HashMap<String, u64> {
        let folder_nav: HashMap<DocId, u64> = self
            .nav
            .folders()
            .map(|(id, html)| (id, hash_of(&html)))
            .collect();
        // What a page shows of another page: a link (title, address)...
        let link_key = |id: DocId, h: &mut DefaultHasher| {
            let d = &site.docs[id];
            d.meta.title.hash(h);
            d.url.hash(h);
        };
        // ...or a list entry, which adds the description (or the opening of the text).
        let entry_key = |id: DocId, h: &mut DefaultHasher| {
            link_key(id, h);
            summary(&site.docs[id]).hash(h);
            site.docs[id].is_section().hash(h);
        };
        let slugs = self.tag_slugs();
        let special_nav = hash_of(&NavCache::for_special(
            site,
            &Relative::from_page("index.html"),
        ));
        let mut keys: HashMap<String, u64> = self
            .jobs
            .par_iter()
            .map(|(path, job)| {
                let mut h = DefaultHasher::new();
                path.hash(&mut h);
                match *job {
                    Job::Document(id) => {
                        let d = &site.docs[id];
                        d.file.generation.hash(&mut h);
                        link_key(id, &mut h);
                        let folder = if d.is_section() {
                            id
                        } else {
                            d.parent.unwrap_or(HOME)
                        };
                        folder_nav.get(&folder).hash(&mut h);
                        let mut a = d.parent;
                        while let Some(p) = a {
                            link_key(p, &mut h);
                            a = site.docs[p].parent;
                        }
                        for &c in &d.children {
                            entry_key(c, &mut h);
                        }
                        let pos = site.reading_position[id];
                        if let Some(p) = pos.checked_sub(1) {
                            link_key(site.reading_order[p], &mut h);
                        }
                        if let Some(&n) = site.reading_order.get(pos + 1) {
                            link_key(n, &mut h);
                        }
                        for t in &d.meta.tags {
                            slugs.get(t.as_str()).hash(&mut h);
                        }
                    }
                    Job::TagIndex => {
                        for (name, slug, pages) in &self.tags {
                            (name, slug, pages.len()).hash(&mut h);
                        }
                    }
                    Job::Tag(i) => {
                        self.tags[i].0.hash(&mut h);
                        for &p in &self.tags[i].2 {
                            entry_key(p, &mut h);
                        }
                    }
                    Job::NotFound => {}
                }
                if !matches!(job, Job::Document(_)) {
                    // Pages outside the tree show the top-level navigation and a home link.
                    special_nav.hash(&mut h);
                    link_key(HOME, &mut h);
                }
                (path.clone(), h.finish())
            })
            .collect();
        keys.shrink_to_fit();
        keys
    }
}

fn hash_of<T: Hash + ?Sized>(value: &T) -> u64 {
    let mut h = DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}

/// `sitemap.xml` in reading order, with `lastmod` from `updated`.
pub fn sitemap(site: &Site, base: &str) -> String {
    let base = if base.ends_with('/') {
        base.to_string()
    } else {
        format!("{base}/")
    };
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let root = Relative::from_page("index.html");
    for &id in &site.reading_order {
        let doc = &site.docs[id];
        let url = if id == HOME {
            String::new()
        } else {
            root.to(&doc.url)
        };
        out.push_str("  <url><loc>");
        out.push_str(&crate::markdown::escape(&format!("{base}{url}")));
        out.push_str("</loc>");
        if let Some(updated) = &doc.meta.updated {
            out.push_str("<lastmod>");
            out.push_str(updated);
            out.push_str("</lastmod>");
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

/// Renders every page in parallel straight into a staging folder, then swaps it in.
fn write_site(site: &Site, setup: &Setup, output: &Path) -> Result<usize, Vec<Diagnostic>> {
    let plan = Plan::new(site);
    let staging = Staging::create(output).map_err(|d| vec![d])?;
    let asset_targets: Vec<String> = setup
        .theme
        .statics
        .iter()
        .map(|s| format!("assets/{}", s.rel))
        .collect();
    let files = plan
        .jobs
        .iter()
        .map(|(p, _)| p.as_str())
        .chain(asset_targets.iter().map(String::as_str))
        .chain(site.assets.iter().map(|a| a.rel.as_str()));
    if let Err(d) = staging.create_dirs(files) {
        staging.discard();
        return Err(vec![d]);
    }
    let mut problems: Vec<Diagnostic> = plan
        .jobs
        .par_iter()
        .filter_map(|(path, job)| match plan.render(site, setup, path, *job) {
            Ok(html) => staging.write(path, html.as_bytes()).err(),
            Err(d) => Some(d),
        })
        .collect();
    for (s, target) in setup.theme.statics.iter().zip(&asset_targets) {
        problems.extend(staging.write(target, &s.bytes).err());
    }
    for a in &site.assets {
        if let Err(e) = std::fs::copy(&a.abs, staging.dir.join(&a.rel)) {
            problems.push(Diagnostic::error(
                "output/io",
                crate::parse::content_path(&a.rel),
                format!("cannot copy: {e}"),
            ));
        }
    }
    if let Some(base) = &site.config.base_url {
        problems.extend(
            staging
                .write("sitemap.xml", sitemap(site, base).as_bytes())
                .err(),
        );
    }
    if !problems.is_empty() {
        staging.discard();
        return Err(problems);
    }
    let count = plan.jobs.len()
        + setup.theme.statics.len()
        + site.assets.len()
        + usize::from(site.config.base_url.is_some());
    staging.commit().map_err(|d| vec![d])?;
    Ok(count)
}

//! The build, stage by stage: config -> theme -> load -> parse -> validate -> render -> write.
//! Each stage adds its problems to one list; nothing is written unless the list has no error.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::SiteConfig;
use crate::diagnostics::{self, Diagnostic};
use crate::load::load_content;
use crate::model::{Site, TitleOrder, HOME};
use crate::output::Staging;
use crate::parse::{collect_tags, parse_site, ParseOptions};
use crate::render::context::{
    document_context, special_context, tag_url, Child, NavCache, TagName, TagSlugs, TagSummary,
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
}

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>) -> BuildOptions {
        BuildOptions {
            root: root.into(),
            output: None,
            include_drafts: false,
            write: true,
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

/// Runs the whole pipeline.
pub fn build(options: &BuildOptions) -> BuildReport {
    let started = Instant::now();
    let mut report = run(options);
    diagnostics::normalize(&mut report.diagnostics);
    report.elapsed = started.elapsed();
    report
}

fn run(options: &BuildOptions) -> BuildReport {
    let mut report = BuildReport::default();
    let diagnostics = &mut report.diagnostics;
    let config = match SiteConfig::load(&options.root) {
        Ok(c) => c,
        Err(mut d) => {
            diagnostics.append(&mut d);
            return report;
        }
    };
    let theme = Theme::load(&options.root, &config)
        .map_err(|mut d| diagnostics.append(&mut d))
        .ok();
    let renderer = theme.as_ref().and_then(|t| {
        Renderer::new(t)
            .map_err(|mut d| diagnostics.append(&mut d))
            .ok()
    });
    let labels = theme
        .as_ref()
        .map(Theme::markdown_labels)
        .unwrap_or_default();

    let loaded = load_content(&options.root, diagnostics);
    let site = parse_site(
        config,
        loaded,
        &labels,
        ParseOptions {
            include_drafts: options.include_drafts,
        },
        diagnostics,
    );
    diagnostics.extend(validate_links(&site));
    report.documents = site.docs.len();

    let (Some(theme), Some(renderer)) = (theme, renderer) else {
        return report;
    };
    if report.diagnostics.iter().any(Diagnostic::is_error) || !options.write {
        return report;
    }
    match write_site(&site, &theme, &renderer, &options.output_dir()) {
        Ok(n) => report.files_written = n,
        Err(mut d) => report.diagnostics.append(&mut d),
    }
    report
}

/// One output file: its path and how to make it.
enum Job<'a> {
    Document(usize),
    TagIndex,
    Tag { name: &'a str, pages: &'a [usize] },
    NotFound,
}

/// Renders every page in parallel straight into the staging folder, then swaps it in.
fn write_site(
    site: &Site,
    theme: &Theme,
    renderer: &Renderer,
    output: &std::path::Path,
) -> Result<usize, Vec<Diagnostic>> {
    let order = TitleOrder::new(site.config.language);
    let tags = collect_tags(site, &order);
    let tag_slugs: TagSlugs = tags
        .iter()
        .map(|(name, slug, _)| (name.as_str(), slug.as_str()))
        .collect();
    let strings: &BTreeMap<String, String> = &theme.strings;
    let nav = NavCache::new(site);

    let mut jobs: Vec<(String, Job)> = site
        .docs
        .iter()
        .enumerate()
        .map(|(i, d)| (d.url.clone(), Job::Document(i)))
        .collect();
    if !tags.is_empty() {
        jobs.push(("tags/index.html".into(), Job::TagIndex));
        for (name, slug, pages) in &tags {
            jobs.push((tag_url(slug), Job::Tag { name, pages }));
        }
    }
    jobs.push(("404.html".into(), Job::NotFound));

    let staging = Staging::create(output).map_err(|d| vec![d])?;
    let mut files: Vec<&str> = jobs.iter().map(|(p, _)| p.as_str()).collect();
    let asset_targets: Vec<String> = theme
        .statics
        .iter()
        .map(|s| format!("assets/{}", s.rel))
        .collect();
    files.extend(asset_targets.iter().map(String::as_str));
    files.extend(site.assets.iter().map(|a| a.rel.as_str()));
    if let Err(d) = staging.create_dirs(files.into_iter()) {
        staging.discard();
        return Err(vec![d]);
    }

    let tag_title = strings.get("tags").map(String::as_str).unwrap_or("Tags");
    let not_found_title = strings
        .get("not_found_title")
        .map(String::as_str)
        .unwrap_or("404");
    let mut problems: Vec<Diagnostic> = jobs
        .par_iter()
        .filter_map(|(path, job)| {
            let (template, context) = match job {
                Job::Document(id) => {
                    let template = match site.docs[*id].kind {
                        crate::model::DocKind::Home => "home.html",
                        crate::model::DocKind::Section => "section.html",
                        crate::model::DocKind::Page => "page.html",
                    };
                    (
                        template,
                        document_context(site, *id, strings, &tag_slugs, &nav),
                    )
                }
                Job::TagIndex => {
                    let mut ctx =
                        special_context(site, strings, "tags", tag_title, path.clone(), Vec::new());
                    ctx.tags = Some(
                        tags.iter()
                            .map(|(name, slug, pages)| TagSummary {
                                name,
                                url: format!("{slug}.html"),
                                count: pages.len(),
                            })
                            .collect(),
                    );
                    ("tags.html", ctx)
                }
                Job::Tag { name, pages } => {
                    let children = pages
                        .iter()
                        .map(|&p| {
                            let d = &site.docs[p];
                            Child {
                                title: &d.meta.title,
                                description: crate::render::context::summary(d),
                                url: d.url.clone(),
                                is_section: d.is_section(),
                            }
                        })
                        .collect();
                    let mut ctx =
                        special_context(site, strings, "tag", name, path.clone(), children);
                    ctx.page.breadcrumbs.push(crate::render::context::Link {
                        title: tag_title,
                        url: "index.html".into(),
                    });
                    ctx.tag = Some(TagName { name });
                    ("tag.html", ctx)
                }
                Job::NotFound => (
                    "404.html",
                    special_context(
                        site,
                        strings,
                        "404",
                        not_found_title,
                        path.clone(),
                        Vec::new(),
                    ),
                ),
            };
            match renderer.render(template, &context) {
                Ok(html) => staging.write(path, html.as_bytes()).err(),
                Err(d) => Some(d),
            }
        })
        .collect();

    for (s, target) in theme.statics.iter().zip(&asset_targets) {
        if let Err(d) = staging.write(target, &s.bytes) {
            problems.push(d);
        }
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
        if let Err(d) = staging.write("sitemap.xml", sitemap(site, base).as_bytes()) {
            problems.push(d);
        }
    }
    if !problems.is_empty() {
        staging.discard();
        return Err(problems);
    }
    let count = jobs.len()
        + theme.statics.len()
        + site.assets.len()
        + usize::from(site.config.base_url.is_some());
    staging.commit().map_err(|d| vec![d])?;
    Ok(count)
}

/// `sitemap.xml` in reading order, with `lastmod` from `updated`.
fn sitemap(site: &Site, base: &str) -> String {
    let base = if base.ends_with('/') {
        base.to_string()
    } else {
        format!("{base}/")
    };
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for &id in &site.reading_order {
        let doc = &site.docs[id];
        let url = if id == HOME {
            String::new()
        } else {
            doc.url.clone()
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

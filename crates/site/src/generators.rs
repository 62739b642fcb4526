//! Generators fill the build's one output manifest: each adds the files it makes through
//! [`Generator::generate`]. A new kind of output (search shards, handouts) is a new generator
//! in [`GENERATORS`]; `build`, `check`, `serve` and the collision check need no change.

use std::path::PathBuf;
use std::sync::Arc;

use crate::load::CONTENT_DIR;
use crate::output::manifest::{Job, Manifest, Produce};
use crate::render::context::tag_url;
use crate::setup::Setup;
use metodika_core::url::Relative;
use metodika_model::{Site, HOME};

/// What generators may read.
pub(crate) struct GenerateContext<'a> {
    pub site: &'a Site,
    pub setup: &'a Setup,
    /// (name, file-name slug, pages) of every tag.
    pub tags: &'a [(String, String, Vec<metodika_model::DocId>)],
    /// Whether to add the search index (`serve` publishes it after the pages instead).
    pub search: bool,
}

pub(crate) trait Generator: Sync {
    fn generate(&self, cx: &GenerateContext, out: &mut Manifest);
}

/// In order: a path claimed twice is reported at the later claim, so generated files come
/// before the content files that could clash with them.
pub(crate) static GENERATORS: &[&dyn Generator] = &[
    &NotFound,
    &Sitemap,
    &Tags,
    &SitePages,
    &SearchIndex,
    &ThemeAssets,
    &Documents,
    &ContentFiles,
];

fn generated() -> PathBuf {
    PathBuf::from(CONTENT_DIR)
}

/// `404.html` at the site root.
pub(crate) struct NotFound;

impl Generator for NotFound {
    fn generate(&self, _: &GenerateContext, out: &mut Manifest) {
        out.add(
            "404.html",
            "the not-found page",
            generated(),
            Produce::Page(Job::NotFound),
        );
    }
}

/// Writes the index into the build's manifest.
pub(crate) struct SearchIndex;

impl Generator for SearchIndex {
    fn generate(&self, cx: &GenerateContext, out: &mut Manifest) {
        if !cx.search {
            return;
        }
        let once = metodika_search::index::Reuse::Once;
        let labels = &cx.setup.theme.strings;
        let index = metodika_search::index::build_with(cx.site, &cx.setup.lexicon, labels, once);
        for (path, text) in index.files() {
            out.add(
                path,
                "the search index",
                generated(),
                Produce::Bytes(Arc::new(text.into_bytes())),
            );
        }
    }
}

/// `sitemap.xml`, when the site has a `base_url`.
pub(crate) struct Sitemap;

impl Generator for Sitemap {
    fn generate(&self, cx: &GenerateContext, out: &mut Manifest) {
        if let Some(base) = &cx.site.config.base_url {
            out.add(
                "sitemap.xml",
                "the sitemap",
                generated(),
                Produce::Bytes(Arc::new(sitemap(cx.site, base).into_bytes())),
            );
        }
    }
}

/// The content kinds' pages of the whole site (the service catalogue, the progress page).
pub(crate) struct SitePages;

impl Generator for SitePages {
    fn generate(&self, cx: &GenerateContext, out: &mut Manifest) {
        for (i, (_, page)) in metodika_kinds::site_pages().enumerate() {
            if page.wanted(cx.site) {
                out.add(
                    page.path(),
                    page.owner(),
                    generated(),
                    Produce::Page(Job::SitePage(i)),
                );
            }
        }
    }
}

/// The tag index and a page per tag.
pub(crate) struct Tags;

impl Generator for Tags {
    fn generate(&self, cx: &GenerateContext, out: &mut Manifest) {
        if cx.tags.is_empty() {
            return;
        }
        out.add(
            "tags/index.html",
            "the tag index",
            generated(),
            Produce::Page(Job::TagIndex),
        );
        for (i, (name, slug, _)) in cx.tags.iter().enumerate() {
            out.add(
                tag_url(slug),
                format!("the page of the tag \"{name}\""),
                generated(),
                Produce::Page(Job::Tag(i)),
            );
        }
    }
}

/// The theme's `static/` files under `assets/` (the content kinds' CSS and JS among them).
pub(crate) struct ThemeAssets;

impl Generator for ThemeAssets {
    fn generate(&self, cx: &GenerateContext, out: &mut Manifest) {
        for s in &cx.setup.theme.statics {
            out.add(
                format!("assets/{}", s.rel),
                "the theme's assets",
                generated(),
                Produce::Bytes(Arc::clone(&s.bytes)),
            );
        }
    }
}

/// Every home, section and page.
pub(crate) struct Documents;

impl Generator for Documents {
    fn generate(&self, cx: &GenerateContext, out: &mut Manifest) {
        for (id, d) in cx.site.docs.iter().enumerate() {
            out.add(
                d.url.clone(),
                d.display.display().to_string(),
                d.display.clone(),
                Produce::Page(Job::Document(id)),
            );
        }
    }
}

/// Images and other files under `content/`, copied as they are.
pub(crate) struct ContentFiles;

impl Generator for ContentFiles {
    fn generate(&self, cx: &GenerateContext, out: &mut Manifest) {
        for a in &cx.site.assets {
            let display = crate::parse::content_path(&a.rel);
            out.add(
                a.rel.clone(),
                display.display().to_string(),
                display,
                Produce::Copy(a.abs.clone()),
            );
        }
    }
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
        out.push_str(&metodika_markdown::escape(&format!("{base}{url}")));
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

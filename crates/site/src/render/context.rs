//! The plain data each template gets. Everything a template shows is computed here, in Rust;
//! templates only lay it out. Every link URL is already relative to the page being rendered
//! (`auto.html`, `../tags/x.html`), so templates write `href="{{ item.url }}"` as it is; `root`
//! reaches the site root for theme assets (`{{ root }}assets/css/style.css`).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use rayon::prelude::*;
use serde::{Serialize, Serializer};

use metodika_core::config::SiteConfig;
use metodika_core::url::{root_prefix, Relative};
use metodika_markdown::{escape, TocEntry};
use metodika_model::{DocId, DocKind, Document, Site, HOME};

/// A titled link.
#[derive(Debug, Clone, Serialize, Hash)]
pub struct Link<'a> {
    pub title: &'a str,
    pub url: String,
}

/// An entry in a section's list of children.
#[derive(Debug, Clone, Serialize, Hash)]
pub struct Child<'a> {
    pub title: &'a str,
    pub description: Option<String>,
    pub url: String,
    pub is_section: bool,
}

/// A tag with its page count, for the tag index.
#[derive(Debug, Clone, Serialize, Hash)]
pub struct TagSummary<'a> {
    pub name: &'a str,
    pub url: String,
    pub count: usize,
}

#[derive(Debug, Clone, Serialize, Hash)]
pub struct TagName<'a> {
    pub name: &'a str,
}

/// What `page` holds in every template.
#[derive(Debug, Clone, Serialize, Hash)]
pub struct PageView<'a> {
    pub title: &'a str,
    pub description: Option<String>,
    /// Filled in when the page is rendered, from [`ContentInputs`].
    pub content: Html,
    pub url: String,
    pub toc: &'a [TocEntry],
    pub updated: Option<&'a str>,
    /// `updated` as the site's language writes dates (28.11.2026. / 28 November 2026).
    pub updated_shown: Option<String>,
    pub audience: &'a [String],
    pub tags: Vec<Link<'a>>,
    pub breadcrumbs: Vec<Link<'a>>,
    pub prev: Option<Link<'a>>,
    pub next: Option<Link<'a>>,
    pub children: Vec<Child<'a>>,
    pub extra: Json<'a>,
    /// The page's content kind (`glossary`, ...), when it has one.
    pub content_kind: Option<&'static str>,
    /// Stylesheets and scripts of the content kinds on this page, relative to it.
    pub styles: Vec<String>,
    pub scripts: Vec<String>,
}

/// HTML made at render time; its inputs are what is hashed (see [`ContentInputs`]).
#[derive(Debug, Clone, Default)]
pub struct Html(pub String);

impl Hash for Html {
    fn hash<H: Hasher>(&self, _: &mut H) {}
}

impl Serialize for Html {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

/// The theme's strings, hashed once per build instead of once per page.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Strings<'a> {
    #[serde(flatten)]
    pub map: &'a BTreeMap<String, String>,
    #[serde(skip)]
    pub hash: u64,
}

impl<'a> Strings<'a> {
    pub fn new(map: &'a BTreeMap<String, String>) -> Strings<'a> {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        map.hash(&mut h);
        Strings {
            map,
            hash: h.finish(),
        }
    }
}

impl Hash for Strings<'_> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        self.hash.hash(h);
    }
}

/// JSON data in a context, hashable.
#[derive(Debug, Clone, Copy, Serialize)]
#[serde(transparent)]
pub struct Json<'a>(pub &'a serde_json::Value);

impl Hash for Json<'_> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        hash_json(self.0, h);
    }
}

/// Hashes a JSON value (serde_json's `Value` has no `Hash`).
pub(crate) fn hash_json<H: Hasher>(v: &serde_json::Value, h: &mut H) {
    use serde_json::Value;
    std::mem::discriminant(v).hash(h);
    match v {
        Value::Null => {}
        Value::Bool(b) => b.hash(h),
        Value::Number(n) => n.to_string().hash(h),
        Value::String(s) => s.hash(h),
        Value::Array(items) => {
            items.len().hash(h);
            for i in items {
                hash_json(i, h);
            }
        }
        Value::Object(map) => {
            map.len().hash(h);
            for (k, v) in map {
                k.hash(h);
                hash_json(v, h);
            }
        }
    }
}

/// What a page's content is made from: the body's HTML (by its hash, computed once per
/// parse), each content-kind block's template and data, and the site's abbreviations.
#[derive(Debug, Clone)]
pub struct ContentInputs<'a> {
    pub html: &'a str,
    /// Where in `html` each block goes (covered by `html_hash`).
    pub block_places: &'a [usize],
    pub html_hash: u64,
    pub blocks: Vec<(&'static str, serde_json::Value)>,
    pub abbreviations: &'a BTreeMap<String, String>,
}

impl Hash for ContentInputs<'_> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        self.html_hash.hash(h);
        for (template, data) in &self.blocks {
            template.hash(h);
            hash_json(data, h);
        }
        self.abbreviations.hash(h);
    }
}

/// The whole context of one rendered file.
#[derive(Debug, Clone, Serialize, Hash)]
pub struct TemplateContext<'a> {
    pub root: String,
    pub site: &'a SiteConfig,
    pub t: Strings<'a>,
    pub kind: &'static str,
    pub page: PageView<'a>,
    /// The navigation tree as HTML (see [`NavCache`]): built in Rust because it is the
    /// largest part of every page and Tera would spend most of the build on it.
    pub nav_html: NavHtml<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<TagSummary<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tag: Option<TagName<'a>>,
    /// The content kinds' pages of the whole site, linked from every page's footer.
    pub footer_links: Vec<FooterLink<'a>>,
    /// `data-NAME` attributes of `<body>` that the kinds used on the site ask for.
    pub body_data: Vec<BodyData<'a>>,
    /// How search results of each record kind are labelled.
    pub search_labels: Vec<BodyData<'a>>,
    /// A kind's site page's own data (`services`, `quizzes`), at the top level.
    #[serde(flatten)]
    pub page_data: PageData,
}

/// A link in the footer to a site page.
#[derive(Debug, Clone, Serialize, Hash)]
pub struct FooterLink<'a> {
    pub title: &'a str,
    pub url: String,
    /// Whether it is the page being rendered.
    pub current: bool,
}

/// A name and a text (a `data-` attribute, a search label).
#[derive(Debug, Clone, Serialize, Hash)]
pub struct BodyData<'a> {
    pub name: &'a str,
    pub value: &'a str,
}

/// A site page's own data for its template.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(transparent)]
pub struct PageData(pub serde_json::Map<String, serde_json::Value>);

impl Hash for PageData {
    fn hash<H: Hasher>(&self, h: &mut H) {
        for (k, v) in &self.0 {
            k.hash(h);
            hash_json(v, h);
        }
    }
}

/// URL of a tag's page.
pub(crate) fn tag_url(slug: &str) -> String {
    format!("tags/{slug}.html")
}

/// Index from tag name to its slug, for the tag links on pages.
pub(crate) type TagSlugs<'a> = std::collections::HashMap<&'a str, &'a str>;

/// Context for a content document (home, section or page).
pub(crate) fn document_context<'a>(
    site: &'a Site,
    id: DocId,
    strings: Strings<'a>,
    tag_slugs: &TagSlugs<'a>,
    nav: &'a NavCache,
) -> TemplateContext<'a> {
    let doc = &site.docs[id];
    let kind = match doc.kind {
        DocKind::Home => "home",
        DocKind::Section => "section",
        DocKind::Page => "page",
    };
    let here = Relative::from_page(&doc.url);
    let (prev, next, breadcrumbs) = neighbours(site, id, &here);
    let children = doc
        .children
        .iter()
        .map(|&c| child_link(&site.docs[c], &here))
        .collect();
    let tags = doc
        .meta
        .tags
        .iter()
        .filter_map(|t| {
            tag_slugs.get(t.as_str()).map(|slug| Link {
                title: t,
                url: here.to(&tag_url(slug)),
            })
        })
        .collect();
    TemplateContext {
        root: root_prefix(&doc.url),
        site: &site.config,
        t: strings,
        kind,
        page: PageView {
            title: &doc.meta.title,
            description: summary(doc),
            content: Html::default(),
            url: doc.url.clone(),
            toc: &doc.content.toc,
            updated: doc.meta.updated.as_deref(),
            updated_shown: doc
                .meta
                .updated
                .as_deref()
                .map(|d| metodika_core::date::shown(d, site.config.language)),
            audience: &doc.meta.audience,
            tags,
            breadcrumbs,
            prev,
            next,
            children,
            extra: Json(&doc.meta.extra),
            content_kind: doc
                .meta
                .kind
                .as_deref()
                .and_then(|k| metodika_kinds::for_front_matter(k).map(|k| k.info().name)),
            styles: kind_assets(doc, &here, |k| k.css),
            scripts: kind_assets(doc, &here, |k| k.js),
        },
        nav_html: NavHtml::Document {
            cache: nav,
            site,
            id,
        },
        tags: None,
        tag: None,
        footer_links: Vec::new(),
        body_data: Vec::new(),
        search_labels: Vec::new(),
        page_data: PageData::default(),
    }
}

/// A section's child as its list shows it, linked from the page at `here`.
fn child_link<'a>(child: &'a Document, here: &Relative) -> Child<'a> {
    Child {
        title: &child.meta.title,
        description: summary(child),
        url: here.to(&child.url),
        is_section: child.is_section(),
    }
}

/// The previous and next documents in reading order and the breadcrumbs (the sections
/// above, from the home page down), linked from the page at `here`.
fn neighbours<'a>(
    site: &'a Site,
    id: DocId,
    here: &Relative,
) -> (Option<Link<'a>>, Option<Link<'a>>, Vec<Link<'a>>) {
    let link = |i: DocId| Link {
        title: &site.docs[i].meta.title,
        url: here.to(&site.docs[i].url),
    };
    let pos = site.reading_position[id];
    let prev = pos.checked_sub(1).map(|p| link(site.reading_order[p]));
    let next = site.reading_order.get(pos + 1).map(|&i| link(i));
    let mut breadcrumbs = Vec::new();
    let mut ancestor = site.docs[id].parent;
    while let Some(a) = ancestor {
        breadcrumbs.push(link(a));
        ancestor = site.docs[a].parent;
    }
    breadcrumbs.reverse();
    (prev, next, breadcrumbs)
}

/// Context for a page that is not a content document (tag index, tag page, 404). `children`
/// hold site-root-relative URLs; they are made relative to `url` here.
pub(crate) fn special_context<'a>(
    site: &'a Site,
    strings: Strings<'a>,
    kind: &'static str,
    title: &'a str,
    url: String,
    mut children: Vec<Child<'a>>,
) -> TemplateContext<'a> {
    static NULL: serde_json::Value = serde_json::Value::Null;
    let home = &site.docs[HOME];
    let here = Relative::from_page(&url);
    for c in &mut children {
        c.url = here.to(&c.url);
    }
    TemplateContext {
        root: root_prefix(&url),
        site: &site.config,
        t: strings,
        kind,
        page: PageView {
            title,
            description: None,
            content: Html::default(),
            url,
            toc: &[],
            updated: None,
            updated_shown: None,
            audience: &[],
            tags: Vec::new(),
            breadcrumbs: vec![Link {
                title: &home.meta.title,
                url: here.to(&home.url),
            }],
            prev: None,
            next: None,
            children,
            extra: Json(&NULL),
            content_kind: None,
            styles: Vec::new(),
            scripts: Vec::new(),
        },
        nav_html: NavHtml::Owned(NavCache::for_special(site, &here)),
        tags: None,
        tag: None,
        footer_links: Vec::new(),
        body_data: Vec::new(),
        search_labels: Vec::new(),
        page_data: PageData::default(),
    }
}

/// The assets the content kinds on `doc` need (each once, in registry order), relative to it.
fn kind_assets(
    doc: &Document,
    here: &Relative,
    pick: impl Fn(&metodika_model::kind::KindInfo) -> &'static [&'static str],
) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for kind in metodika_kinds::KINDS {
        if doc
            .blocks
            .iter()
            .any(|b| std::ptr::eq(b.info(), kind.info()))
        {
            for asset in pick(kind.info()) {
                // Kinds may share a script (the text folding of js/search-normalize.js).
                let url = here.to(&format!("assets/{asset}"));
                if !out.contains(&url) {
                    out.push(url);
                }
            }
        }
    }
    out
}

/// The navigation of one page: the folder's tree with the page marked (made when the page is
/// rendered, hashed by the folder tree's hash and the page), or a tree of its own.
pub enum NavHtml<'a> {
    Document {
        cache: &'a NavCache,
        site: &'a Site,
        id: DocId,
    },
    Owned(String),
}

impl std::fmt::Debug for NavHtml<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NavHtml::Document { id, .. } => write!(f, "NavHtml::Document({id})"),
            NavHtml::Owned(html) => write!(f, "NavHtml::Owned({} bytes)", html.len()),
        }
    }
}

impl Clone for NavHtml<'_> {
    fn clone(&self) -> Self {
        match self {
            NavHtml::Document { cache, site, id } => NavHtml::Document {
                cache,
                site,
                id: *id,
            },
            NavHtml::Owned(html) => NavHtml::Owned(html.clone()),
        }
    }
}

impl Hash for NavHtml<'_> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        match self {
            NavHtml::Document { cache, site, id } => {
                cache.hash_for(site, *id).hash(h);
                id.hash(h);
            }
            NavHtml::Owned(html) => html.hash(h),
        }
    }
}

impl Serialize for NavHtml<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            NavHtml::Document { cache, site, id } => {
                s.serialize_str(&cache.for_document(site, *id))
            }
            NavHtml::Owned(html) => s.serialize_str(html),
        }
    }
}

/// The description, or else the opening of the text (so lists and meta tags always say something).
pub fn summary(doc: &Document) -> Option<String> {
    if let Some(d) = &doc.meta.description {
        return Some(d.clone());
    }
    let text = &doc.content.plain_text;
    if text.is_empty() {
        return None;
    }
    const LIMIT: usize = 160;
    // (Not `count()`: this runs for every list entry of every page on each `serve` rebuild.)
    if text.chars().nth(LIMIT).is_none() {
        return Some(text.clone());
    }
    let cut: String = text.chars().take(LIMIT).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > LIMIT / 2 => &cut[..i],
        _ => &cut,
    };
    Some(format!("{}…", cut.trim_end_matches([',', ';', ':', '.'])))
}

/// Navigation trees, rendered once per folder.
///
/// The navigation shows every section, and the pages of the sections on the current page's
/// branch: its size is (sections + pages of the open branch), never all pages, so output stays
/// linear in the site's size. All documents of one folder (a section page and its pages) share
/// the same tree and the same relative URLs, so it is built once per folder; each page then
/// only marks its own entry.
///
/// Markup: nested `ul.nav-list.nav-level-N` > `li` (classes `is-section`, `is-open`,
/// `is-current` where they apply) > `a` (`aria-current="page"` on the current page).
pub struct NavCache {
    folders: HashMap<DocId, FolderNav>,
    /// What the trees are made from (see [`NavCache::fingerprint`]).
    fingerprint: u64,
}

struct FolderNav {
    html: String,
    /// Hash of `html`, for the render keys of the folder's pages.
    hash: u64,
    /// Per document in the tree: where its `li` start tag can take more classes, whether it
    /// already has a class attribute, and where its `a` start tag can take more attributes.
    marks: HashMap<DocId, (usize, bool, usize)>,
}

impl NavCache {
    /// The trees of `site`: `previous` again when it was made from the same titles, URLs and
    /// tree (`serve` after a text edit), else new ones.
    pub fn reusing(site: &Site, previous: Option<Arc<NavCache>>) -> Arc<NavCache> {
        let fingerprint = Self::fingerprint(site);
        match previous {
            Some(nav) if nav.fingerprint == fingerprint => nav,
            _ => Arc::new(Self::new(site, fingerprint)),
        }
    }

    /// Everything the trees show: each document's place in the tree, kind, URL and title.
    fn fingerprint(site: &Site) -> u64 {
        use std::hash::BuildHasher;
        let mut h = foldhash::quality::FixedState::with_seed(0).build_hasher();
        for doc in &site.docs {
            doc.is_section().hash(&mut h);
            doc.url.hash(&mut h);
            doc.meta.title.hash(&mut h);
            doc.children.hash(&mut h);
        }
        h.finish()
    }

    fn new(site: &Site, fingerprint: u64) -> NavCache {
        let folders = site
            .docs
            .par_iter()
            .enumerate()
            .filter(|(_, d)| d.is_section())
            .map(|(id, d)| {
                let mut open = HashSet::new();
                let mut cursor = Some(id);
                while let Some(c) = cursor {
                    open.insert(c);
                    cursor = site.docs[c].parent;
                }
                let mut nav = FolderNav {
                    html: String::with_capacity(16 * 1024),
                    hash: 0,
                    marks: HashMap::new(),
                };
                nav_list(
                    site,
                    HOME,
                    &open,
                    true,
                    &Relative::from_page(&d.url),
                    1,
                    &mut nav,
                );
                let mut h = std::collections::hash_map::DefaultHasher::new();
                nav.html.hash(&mut h);
                nav.hash = h.finish();
                (id, nav)
            })
            .collect();
        NavCache {
            folders,
            fingerprint,
        }
    }

    /// The hash of the tree document `id` shows (see [`crate::plan::Plan::quick_key`]).
    pub(crate) fn hash_for(&self, site: &Site, id: DocId) -> Option<u64> {
        self.folders.get(&Self::folder_of(site, id)).map(|f| f.hash)
    }

    /// The section whose tree a document shows: its own, or its parent's.
    fn folder_of(site: &Site, id: DocId) -> DocId {
        if site.docs[id].is_section() {
            id
        } else {
            site.docs[id].parent.unwrap_or(HOME)
        }
    }

    /// The tree for document `id`, with its entry marked as current.
    pub(crate) fn for_document(&self, site: &Site, id: DocId) -> String {
        let folder = Self::folder_of(site, id);
        let nav = &self.folders[&folder];
        let Some(&(class_end, has_class, link_end)) = nav.marks.get(&id) else {
            return nav.html.clone();
        };
        // A section's own folder tree already marks it open; a page is open as itself.
        let classes = if site.docs[id].is_section() {
            "is-current"
        } else {
            "is-open is-current"
        };
        let mut out = String::with_capacity(nav.html.len() + 40);
        out.push_str(&nav.html[..class_end]);
        if has_class {
            out.push(' ');
            out.push_str(classes);
        } else {
            out.push_str(" class=\"");
            out.push_str(classes);
            out.push('"');
        }
        out.push_str(&nav.html[class_end..link_end]);
        out.push_str(" aria-current=\"page\"");
        out.push_str(&nav.html[link_end..]);
        out
    }

    /// The tree for a page outside the content tree (tags, 404): sections only are open at
    /// the top level.
    pub(crate) fn for_special(site: &Site, here: &Relative) -> String {
        let mut open = HashSet::new();
        open.insert(HOME);
        let mut nav = FolderNav {
            html: String::new(),
            hash: 0,
            marks: HashMap::new(),
        };
        nav_list(site, HOME, &open, true, here, 1, &mut nav);
        nav.html
    }
}

fn nav_list(
    site: &Site,
    parent: DocId,
    open: &HashSet<DocId>,
    pages_too: bool,
    here: &Relative,
    level: usize,
    nav: &mut FolderNav,
) {
    let mut items = site.docs[parent]
        .children
        .iter()
        .copied()
        .filter(|&c| pages_too || site.docs[c].is_section())
        .peekable();
    if items.peek().is_none() {
        return;
    }
    let out = &mut nav.html;
    let _ = write!(out, "<ul class=\"nav-list nav-level-{level}\">");
    for c in items {
        let out = &mut nav.html;
        let doc = &site.docs[c];
        let is_open = open.contains(&c);
        out.push_str("\n<li");
        let has_class = doc.is_section() || is_open;
        if has_class {
            out.push_str(" class=\"");
            out.push_str(match (doc.is_section(), is_open) {
                (true, true) => "is-section is-open",
                (true, false) => "is-section",
                _ => "is-open",
            });
        }
        let class_end = out.len();
        out.push_str(if has_class {
            "\"><a href=\""
        } else {
            "><a href=\""
        });
        out.push_str(&escape(&here.to(&doc.url)));
        out.push('"');
        let link_end = out.len();
        out.push('>');
        out.push_str(&escape(&doc.meta.title));
        out.push_str("</a>");
        nav.marks.insert(c, (class_end, has_class, link_end));
        if doc.is_section() {
            nav_list(site, c, open, is_open, here, level + 1, nav);
        }
        nav.html.push_str("</li>");
    }
    nav.html.push_str("\n</ul>");
}

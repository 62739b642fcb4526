//! The plain data each template gets. Everything a template shows is computed here, in Rust;
//! templates only lay it out. All URLs are site-root-relative; templates prefix them with `root`.

use std::collections::{BTreeMap, HashSet};

use serde::Serialize;

use crate::config::SiteConfig;
use crate::markdown::TocEntry;
use crate::model::{root_prefix, DocId, DocKind, Document, Site, HOME};

/// A titled link.
#[derive(Debug, Clone, Serialize)]
pub struct Link<'a> {
    pub title: &'a str,
    pub url: String,
}

/// An entry in a section's list of children.
#[derive(Debug, Clone, Serialize)]
pub struct Child<'a> {
    pub title: &'a str,
    pub description: Option<String>,
    pub url: String,
    pub is_section: bool,
}

/// One node of the navigation tree.
#[derive(Debug, Clone, Serialize)]
pub struct NavItem<'a> {
    pub title: &'a str,
    pub url: &'a str,
    pub is_section: bool,
    /// This is the page being rendered.
    pub current: bool,
    /// The page being rendered is this item or inside it.
    pub open: bool,
    pub children: Vec<NavItem<'a>>,
}

/// A tag with its page count, for the tag index.
#[derive(Debug, Clone, Serialize)]
pub struct TagSummary<'a> {
    pub name: &'a str,
    pub url: String,
    pub count: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct TagName<'a> {
    pub name: &'a str,
}

/// What `page` holds in every template.
#[derive(Debug, Clone, Serialize)]
pub struct PageView<'a> {
    pub title: &'a str,
    pub description: Option<String>,
    pub content: &'a str,
    pub url: String,
    pub toc: &'a [TocEntry],
    pub updated: Option<&'a str>,
    pub audience: &'a [String],
    pub tags: Vec<Link<'a>>,
    pub breadcrumbs: Vec<Link<'a>>,
    pub prev: Option<Link<'a>>,
    pub next: Option<Link<'a>>,
    pub children: Vec<Child<'a>>,
    pub extra: &'a serde_json::Value,
}

/// The whole context of one rendered file.
#[derive(Debug, Clone, Serialize)]
pub struct TemplateContext<'a> {
    pub root: String,
    pub site: &'a SiteConfig,
    pub t: &'a BTreeMap<String, String>,
    pub kind: &'static str,
    pub page: PageView<'a>,
    pub nav: Vec<NavItem<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<TagSummary<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tag: Option<TagName<'a>>,
}

/// URL of a tag's page.
pub fn tag_url(slug: &str) -> String {
    format!("tags/{slug}.html")
}

/// Index from tag name to its slug, for the tag links on pages.
pub type TagSlugs<'a> = std::collections::HashMap<&'a str, &'a str>;

/// Context for a content document (home, section or page).
pub fn document_context<'a>(
    site: &'a Site,
    id: DocId,
    strings: &'a BTreeMap<String, String>,
    tag_slugs: &TagSlugs<'a>,
) -> TemplateContext<'a> {
    let doc = &site.docs[id];
    let kind = match doc.kind {
        DocKind::Home => "home",
        DocKind::Section => "section",
        DocKind::Page => "page",
    };
    let pos = site.reading_position[id];
    let link = |i: DocId| Link {
        title: &site.docs[i].meta.title,
        url: site.docs[i].url.clone(),
    };
    let prev = pos.checked_sub(1).map(|p| link(site.reading_order[p]));
    let next = site.reading_order.get(pos + 1).map(|&i| link(i));
    let mut breadcrumbs = Vec::new();
    let mut ancestor = doc.parent;
    while let Some(a) = ancestor {
        breadcrumbs.push(link(a));
        ancestor = site.docs[a].parent;
    }
    breadcrumbs.reverse();
    let children = doc
        .children
        .iter()
        .map(|&c| {
            let child = &site.docs[c];
            Child {
                title: &child.meta.title,
                description: summary(child),
                url: child.url.clone(),
                is_section: child.is_section(),
            }
        })
        .collect();
    let tags = doc
        .meta
        .tags
        .iter()
        .filter_map(|t| {
            tag_slugs.get(t.as_str()).map(|slug| Link {
                title: t,
                url: tag_url(slug),
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
            content: &doc.content.html,
            url: doc.url.clone(),
            toc: &doc.content.toc,
            updated: doc.meta.updated.as_deref(),
            audience: &doc.meta.audience,
            tags,
            breadcrumbs,
            prev,
            next,
            children,
            extra: &doc.meta.extra,
        },
        nav: navigation(site, id),
        tags: None,
        tag: None,
    }
}

/// Context for a page that is not a content document (tag index, tag page, 404).
pub fn special_context<'a>(
    site: &'a Site,
    strings: &'a BTreeMap<String, String>,
    kind: &'static str,
    title: &'a str,
    url: String,
    children: Vec<Child<'a>>,
) -> TemplateContext<'a> {
    static NULL: serde_json::Value = serde_json::Value::Null;
    let home = &site.docs[HOME];
    TemplateContext {
        root: root_prefix(&url),
        site: &site.config,
        t: strings,
        kind,
        page: PageView {
            title,
            description: None,
            content: "",
            url,
            toc: &[],
            updated: None,
            audience: &[],
            tags: Vec::new(),
            breadcrumbs: vec![Link {
                title: &home.meta.title,
                url: home.url.clone(),
            }],
            prev: None,
            next: None,
            children,
            extra: &NULL,
        },
        nav: navigation(site, usize::MAX),
        tags: None,
        tag: None,
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
    if text.chars().count() <= LIMIT {
        return Some(text.clone());
    }
    let cut: String = text.chars().take(LIMIT).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > LIMIT / 2 => &cut[..i],
        _ => &cut,
    };
    Some(format!("{}…", cut.trim_end_matches([',', ';', ':', '.'])))
}

/// Navigation for the page `current`: every section, and the pages of the sections on the
/// current page's branch. Its size is (sections + pages in the open branch), never all pages,
/// so output stays linear in the site's size.
pub fn navigation(site: &Site, current: DocId) -> Vec<NavItem<'_>> {
    let mut open: HashSet<DocId> = HashSet::new();
    let mut cursor = (current < site.docs.len()).then_some(current);
    while let Some(id) = cursor {
        open.insert(id);
        cursor = site.docs[id].parent;
    }
    nav_children(site, HOME, current, &open, true)
}

fn nav_children<'a>(
    site: &'a Site,
    parent: DocId,
    current: DocId,
    open: &HashSet<DocId>,
    pages_too: bool,
) -> Vec<NavItem<'a>> {
    site.docs[parent]
        .children
        .iter()
        .filter(|&&c| pages_too || site.docs[c].is_section())
        .map(|&c| {
            let doc = &site.docs[c];
            let is_open = open.contains(&c);
            NavItem {
                title: &doc.meta.title,
                url: &doc.url,
                is_section: doc.is_section(),
                current: c == current,
                open: is_open,
                children: if doc.is_section() {
                    nav_children(site, c, current, open, is_open)
                } else {
                    Vec::new()
                },
            }
        })
        .collect()
}

//! The plain data each template gets. Everything a template shows is computed here, in Rust;
//! templates only lay it out. Every link URL is already relative to the page being rendered
//! (`auto.html`, `../tags/x.html`), so templates write `href="{{ item.url }}"` as it is; `root`
//! reaches the site root for theme assets (`{{ root }}assets/css/style.css`).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;

use rayon::prelude::*;
use serde::Serialize;

use crate::config::SiteConfig;
use crate::markdown::{escape, TocEntry};
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
    /// The navigation tree as HTML (see [`NavCache`]): built in Rust because it is the
    /// largest part of every page and Tera would spend most of the build on it.
    pub nav_html: String,
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
    nav: &NavCache,
) -> TemplateContext<'a> {
    let doc = &site.docs[id];
    let kind = match doc.kind {
        DocKind::Home => "home",
        DocKind::Section => "section",
        DocKind::Page => "page",
    };
    let pos = site.reading_position[id];
    let here = Relative::from_page(&doc.url);
    let link = |i: DocId| Link {
        title: &site.docs[i].meta.title,
        url: here.to(&site.docs[i].url),
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
                url: here.to(&child.url),
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
        nav_html: nav.for_document(site, id),
        tags: None,
        tag: None,
    }
}

/// Context for a page that is not a content document (tag index, tag page, 404). `children`
/// hold site-root-relative URLs; they are made relative to `url` here.
pub fn special_context<'a>(
    site: &'a Site,
    strings: &'a BTreeMap<String, String>,
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
            content: "",
            url,
            toc: &[],
            updated: None,
            audience: &[],
            tags: Vec::new(),
            breadcrumbs: vec![Link {
                title: &home.meta.title,
                url: here.to(&home.url),
            }],
            prev: None,
            next: None,
            children,
            extra: &NULL,
        },
        nav_html: NavCache::for_special(site, &here),
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
}

struct FolderNav {
    html: String,
    /// Per document in the tree: where its `li` start tag can take more classes, whether it
    /// already has a class attribute, and where its `a` start tag can take more attributes.
    marks: HashMap<DocId, (usize, bool, usize)>,
}

impl NavCache {
    pub fn new(site: &Site) -> NavCache {
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
                (id, nav)
            })
            .collect();
        NavCache { folders }
    }

    /// Each folder's tree (by the folder's section), with no entry marked.
    pub fn folders(&self) -> impl Iterator<Item = (DocId, &str)> {
        self.folders
            .iter()
            .map(|(id, nav)| (*id, nav.html.as_str()))
    }

    /// The tree for document `id`, with its entry marked as current.
    pub fn for_document(&self, site: &Site, id: DocId) -> String {
        let folder = if site.docs[id].is_section() {
            id
        } else {
            site.docs[id].parent.unwrap_or(HOME)
        };
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
    pub fn for_special(site: &Site, here: &Relative) -> String {
        let mut open = HashSet::new();
        open.insert(HOME);
        let mut nav = FolderNav {
            html: String::new(),
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

/// Writes site-root-relative URLs relative to one page's folder.
pub struct Relative {
    dir: Vec<String>,
}

impl Relative {
    /// For the page at `url` (site-root-relative, e.g. `a/b.html`).
    pub fn from_page(url: &str) -> Relative {
        let mut dir: Vec<String> = url.split('/').map(str::to_string).collect();
        dir.pop();
        Relative { dir }
    }

    /// `target` (site-root-relative) as seen from this page.
    pub fn to(&self, target: &str) -> String {
        let parts: Vec<&str> = target.split('/').collect();
        let file_dirs = parts.len() - 1;
        let common = self
            .dir
            .iter()
            .zip(&parts[..file_dirs])
            .take_while(|(a, b)| a == *b)
            .count();
        let mut out = "../".repeat(self.dir.len() - common);
        for (i, part) in parts[common..].iter().enumerate() {
            if i > 0 {
                out.push('/');
            }
            crate::url::encode_href_segment(part, &mut out);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::Relative;

    #[test]
    fn urls_are_made_relative_to_the_page() {
        let here = Relative::from_page("a/b/page.html");
        assert_eq!(here.to("a/b/other.html"), "other.html");
        assert_eq!(here.to("a/index.html"), "../index.html");
        assert_eq!(here.to("tags/x.html"), "../../tags/x.html");
        assert_eq!(here.to("a/b/c/index.html"), "c/index.html");
        assert_eq!(Relative::from_page("index.html").to("a/b.html"), "a/b.html");
        assert_eq!(Relative::from_page("a/b.html").to("a/b.html"), "b.html");
        assert_eq!(
            Relative::from_page("a.html").to("x/my \"page\" #1.html"),
            "x/my%20%22page%22%20%231.html"
        );
    }
}

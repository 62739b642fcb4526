//! The plain data each template gets. Everything a template shows is computed here, in Rust;
//! templates only lay it out. Every link URL is already relative to the page being rendered
//! (`auto.html`, `../tags/x.html`), so templates write `href="{{ item.url }}"` as it is; `root`
//! reaches the site root for theme assets (`{{ root }}assets/css/style.css`).

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
    pub url: String,
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
        nav: navigation(site, id, &here),
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
        nav: navigation(site, usize::MAX, &here),
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
pub fn navigation<'a>(site: &'a Site, current: DocId, here: &Relative) -> Vec<NavItem<'a>> {
    let mut open: HashSet<DocId> = HashSet::new();
    let mut cursor = (current < site.docs.len()).then_some(current);
    while let Some(id) = cursor {
        open.insert(id);
        cursor = site.docs[id].parent;
    }
    nav_children(site, HOME, current, &open, true, here)
}

fn nav_children<'a>(
    site: &'a Site,
    parent: DocId,
    current: DocId,
    open: &HashSet<DocId>,
    pages_too: bool,
    here: &Relative,
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
                url: here.to(&doc.url),
                is_section: doc.is_section(),
                current: c == current,
                open: is_open,
                children: if doc.is_section() {
                    nav_children(site, c, current, open, is_open, here)
                } else {
                    Vec::new()
                },
            }
        })
        .collect()
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
            encode_path_segment(part, &mut out);
        }
        out
    }
}

/// Percent-encodes the characters that would break an `href` or change its meaning, so
/// templates can print URLs unescaped. Letters of any script stay readable.
fn encode_path_segment(segment: &str, out: &mut String) {
    for c in segment.chars() {
        match c {
            ' ' | '"' | '\'' | '<' | '>' | '&' | '%' | '#' | '?' | '\\' => {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
            c => out.push(c),
        }
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

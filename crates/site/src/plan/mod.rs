//! Stage 3½, plan: the build's one output manifest (every file, from the generators) and,
//! for each page in it, exactly what it is rendered from ([`PageInputs`]), including what the
//! content kinds add to every page of the site (footer links, body strings, search labels).

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use crate::generators::{GenerateContext, GENERATORS};
use crate::output::manifest::{Job, Manifest, Produce};
use crate::parse::collect_tags;
use crate::render::context::{
    document_context, special_context, summary, BodyData, Child, ContentInputs, FooterLink, Link,
    NavCache, PageData, Strings, TagName, TagSlugs, TagSummary, TemplateContext,
};
pub(crate) use crate::render::page::PageInputs;
use crate::setup::Setup;
use metodika_core::diagnostics::Diagnostic;
use metodika_core::url::Relative;
use metodika_model::kind::BlockContext;
use metodika_model::{DocId, DocKind, Site, TitleOrder};

fn quick_hasher() -> foldhash::quality::FoldHasher<'static> {
    use std::hash::BuildHasher;
    foldhash::quality::FixedState::with_seed(0).build_hasher()
}

/// Everything needed to render any page of a site.
pub struct Plan {
    /// Every file the build writes.
    pub manifest: Manifest,
    /// (name, file-name slug, pages) of every tag.
    pub tags: Vec<(String, String, Vec<DocId>)>,
    pub nav: Arc<NavCache>,
    /// Hash of the theme's strings, computed once.
    strings_hash: u64,
    /// Hash of what every page's inputs share (see [`Plan::quick_key`]).
    site_wide_hash: u64,
    /// The kinds' site pages this site gets (indices into `kinds::site_pages()`).
    site_pages: Vec<usize>,
    /// The kinds some page of the site uses.
    used_kinds: Vec<&'static metodika_model::kind::KindInfo>,
}

impl Plan {
    /// `search`: whether the search index is part of the manifest; `previous_nav`: the
    /// navigation trees of the build before, used again when the tree is the same.
    pub fn new(
        site: &Site,
        setup: &Setup,
        search: bool,
        previous_nav: Option<Arc<NavCache>>,
    ) -> Plan {
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
        let mut plan = Plan {
            site_pages,
            used_kinds: metodika_kinds::KINDS
                .iter()
                .map(|k| k.info())
                .filter(|info| metodika_model::kind::site_uses(site, info))
                .collect(),
            manifest,
            tags,
            nav: NavCache::reusing(site, previous_nav),
            strings_hash: Strings::new(&setup.theme.strings).hash,
            site_wide_hash: 0,
        };
        plan.site_wide_hash = plan.site_wide_hash(site);
        plan
    }

    /// What every page's inputs share: the settings, the theme's strings, the tags, the
    /// abbreviations, and the kinds' site pages and site-wide data.
    fn site_wide_hash(&self, site: &Site) -> u64 {
        let mut h = quick_hasher();
        site.config.hash(&mut h);
        self.strings_hash.hash(&mut h);
        for (name, slug, _) in &self.tags {
            (name, slug).hash(&mut h);
        }
        site.abbreviations.hash(&mut h);
        self.site_pages.hash(&mut h);
        for info in &self.used_kinds {
            info.name.hash(&mut h);
        }
        h.finish()
    }

    /// A cheap stand-in for a document page's render key, for `serve`: the same as last
    /// time means its inputs are the same, so neither they nor the key need making. It
    /// covers what [`document_context`] reads: the document, its neighbours in reading
    /// order, its sections, its children (titles, summaries, URLs), its folder's navigation
    /// and [`Plan::site_wide_hash`]. Each document by its parse (generation) and source
    /// path. `None` for other pages and for documents with content-kind blocks, whose data
    /// may come from anywhere in the site: those take the full key.
    pub fn quick_key(&self, site: &Site, job: Job) -> Option<u64> {
        let Job::Document(id) = job else {
            return None;
        };
        let doc = &site.docs[id];
        if !doc.blocks.is_empty() {
            return None;
        }
        let mut h = quick_hasher();
        self.site_wide_hash.hash(&mut h);
        let mut document = |i: DocId| {
            let d = &site.docs[i];
            d.file.generation.hash(&mut h);
            d.source.hash(&mut h);
            d.is_section().hash(&mut h);
        };
        document(id);
        let pos = site.reading_position[id];
        pos.checked_sub(1)
            .map(|p| site.reading_order[p])
            .into_iter()
            .chain(site.reading_order.get(pos + 1).copied())
            .for_each(&mut document);
        let mut ancestor = doc.parent;
        while let Some(a) = ancestor {
            document(a);
            ancestor = site.docs[a].parent;
        }
        doc.children.iter().copied().for_each(&mut document);
        self.nav.hash_for(site, id).hash(&mut h);
        Some(h.finish())
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
        let mut inputs = match job {
            Job::Document(id) => self.document_inputs(site, id, strings),
            _ => {
                let (template, context) = self.generated_page(site, setup, strings, path, job);
                PageInputs {
                    template,
                    context,
                    content: ContentInputs {
                        html: "",
                        block_places: &[],
                        html_hash: 0,
                        blocks: Vec::new(),
                        abbreviations: &NO_ABBREVIATIONS,
                    },
                }
            }
        };
        self.add_site_wide(&mut inputs.context, setup, path);
        inputs
    }

    /// A home, section or page: its template, context and content with its blocks' data.
    fn document_inputs<'a>(
        &'a self,
        site: &'a Site,
        id: DocId,
        strings: Strings<'a>,
    ) -> PageInputs<'a> {
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
                block_places: &doc.content.block_places,
                html_hash: doc.html_hash,
                blocks,
                abbreviations: &site.abbreviations,
            },
        }
    }

    /// A page made of the whole site (tags, 404, a kind's site page): its template and
    /// context; it has no content of its own.
    fn generated_page<'a>(
        &'a self,
        site: &'a Site,
        setup: &'a Setup,
        strings: Strings<'a>,
        path: &str,
        job: Job,
    ) -> (&'static str, TemplateContext<'a>) {
        let text = |key: &str, fallback: &'static str| -> &'a str {
            setup
                .theme
                .strings
                .get(key)
                .map_or(fallback, String::as_str)
        };
        let tag_title = text("tags", "Tags");
        match job {
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
                ("tags.html", context)
            }
            Job::Tag(i) => self.tag_page(site, strings, path, i, tag_title),
            Job::NotFound => (
                "404.html",
                special_context(
                    site,
                    strings,
                    "404",
                    text("not_found_title", "404"),
                    path.to_string(),
                    Vec::new(),
                ),
            ),
            Job::SitePage(i) => {
                // A page a kind makes of the whole site, with the kind's assets.
                let (info, page) = metodika_kinds::site_pages()
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
                (page.template(), context)
            }
            Job::Document(_) => unreachable!("documents have inputs of their own"),
        }
    }

    /// The page of the tag number `i`: the pages that have it.
    fn tag_page<'a>(
        &'a self,
        site: &'a Site,
        strings: Strings<'a>,
        path: &str,
        i: usize,
        tag_title: &'a str,
    ) -> (&'static str, TemplateContext<'a>) {
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
        let mut context = special_context(site, strings, "tag", name, path.to_string(), children);
        context.page.breadcrumbs.push(Link {
            title: tag_title,
            url: "index.html".into(),
        });
        context.tag = Some(TagName { name });
        ("tag.html", context)
    }

    /// What every page shows of the kinds used on the site: its footer links to their site
    /// pages, its `<body>` data and the search labels.
    fn add_site_wide<'a>(&self, context: &mut TemplateContext<'a>, setup: &'a Setup, path: &str) {
        let here = Relative::from_page(path);
        let strings = &setup.theme.strings;
        let text = |key: &'static str| strings.get(key).map_or(key, String::as_str);
        let pages: Vec<_> = metodika_kinds::site_pages().collect();
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
        // The site-wide scripts come before the page's own, which may use what they define.
        let mut scripts: Vec<String> = self
            .used_kinds
            .iter()
            .flat_map(|info| info.site_js)
            .map(|js| here.to(&format!("assets/{js}")))
            .collect();
        if !scripts.is_empty() {
            scripts.retain(|s| !context.page.scripts.contains(s));
            scripts.append(&mut context.page.scripts);
            context.page.scripts = scripts;
        }
        context.search_labels = metodika_kinds::KINDS
            .iter()
            .flat_map(|k| k.info().search_labels)
            .map(|&(name, key)| BodyData {
                name,
                value: text(key),
            })
            .collect();
    }

    /// Renders every page and keeps nothing but the problems (`metodika check`: a template
    /// can fail on some pages only).
    pub(crate) fn check_pages(&self, site: &Site, setup: &Setup) -> Vec<Diagnostic> {
        use rayon::prelude::*;
        let pages: Vec<(&str, Job)> = self.manifest.pages().collect();
        pages
            .par_iter()
            .filter_map(|&(path, job)| self.render_page(site, setup, path, job).err())
            .collect()
    }

    /// Renders the page at `path`.
    pub fn render_page(
        &self,
        site: &Site,
        setup: &Setup,
        path: &str,
        job: Job,
    ) -> Result<String, Diagnostic> {
        crate::render::page::render(&setup.renderer, self.inputs(site, setup, path, job))
    }
}

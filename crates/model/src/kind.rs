//! The contract between the build and the content kinds: what a kind declares
//! ([`KindInfo`]), how it reads its YAML ([`Kind::parse`]) into a [`Block`], and what a block
//! gives the rest of the build (anchors, links, terms, validation, template data, search
//! records). The kinds themselves and their registry live in the `kinds` crate; nothing here
//! knows any kind by name.
//!
//! A block:
//! - names the ids it puts on the page and the links written inside it, so the site's one link
//!   checker checks them like any link in the body;
//! - validates itself against the whole site ([`Block::validate`]);
//! - gives its partial its data ([`Block::template_data`]). Whatever it shows of other pages
//!   must come through the [`BlockContext`] into that data: `serve` re-renders a page exactly
//!   when the data of its template (this data included) changes, so a kind cannot forget to
//!   declare what it reads;
//! - gives search its text as [`SearchRecord`]s, each with the anchor it points at;
//! - may define [`Term`]s (the glossary): the site's abbreviations and search synonyms.

use std::fmt::Debug;

use serde::Serialize;

use crate::{DocId, Site};
use metodika_core::diagnostics::Diagnostic;
use metodika_core::url::Relative;
use metodika_core::yaml::{Node, Source};
use metodika_markdown::{LinkRef, MarkdownLabels};

/// What a kind is and how it is written.
#[derive(Debug)]
pub struct KindInfo {
    /// `kind: NAME` and/or ```` ```NAME ````.
    pub name: &'static str,
    /// Whether a whole page can be of this kind (`kind: NAME` in its front matter).
    pub front_matter: bool,
    /// Whether a fenced block ```` ```NAME ```` inside any Markdown page holds one.
    pub fence: bool,
    /// Front-matter keys a `kind: NAME` page adds to the common ones; a fenced block holds
    /// the same keys.
    pub keys: &'static [&'static str],
    /// Whether a `kind: NAME` page shows the block before its Markdown body (a service's
    /// facts) rather than after it (a quiz after its introduction).
    pub before_body: bool,
    /// Theme template that renders a block (gets `data`, `t`, `root`, `site`).
    pub template: &'static str,
    /// Theme template for the printed form (handouts).
    pub print_template: &'static str,
    /// Theme assets (paths under `assets/`) linked only from pages that use the kind.
    pub css: &'static [&'static str],
    pub js: &'static [&'static str],
    /// Scripts linked from every page of a site that uses the kind, before the pages' own
    /// (the quizzes' marks in the navigation).
    pub site_js: &'static [&'static str],
    /// The example pages of the kind that `metodika new` writes, in each language.
    pub new_site: &'static [NewSiteFile],
    /// Pages the kind makes of the whole site (the service catalogue, the progress page),
    /// each linked from every page's footer.
    pub site_pages: &'static [&'static dyn SitePage],
    /// How search results of the kind's records are labelled: (record kind, theme string).
    pub search_labels: &'static [(&'static str, &'static str)],
    /// Theme strings every page of a site that uses the kind carries on its `<body>` as
    /// `data-NAME` (for site-wide scripts, such as the quizzes' marks in the navigation):
    /// (NAME, theme string).
    pub body_labels: &'static [(&'static str, &'static str)],
}

/// An example page of a kind in a new site (`metodika new`): it builds as written and its
/// comments teach the format.
#[derive(Debug)]
pub struct NewSiteFile {
    pub language: metodika_core::config::Language,
    /// Where it goes in the new site (`content/vardnica.md`).
    pub path: &'static str,
    pub text: &'static str,
}

/// A kind's two example pages for `metodika new`, Latvian and English: (path, text) each.
pub const fn new_site_examples(
    latvian: (&'static str, &'static str),
    english: (&'static str, &'static str),
) -> [NewSiteFile; 2] {
    [
        NewSiteFile {
            language: metodika_core::config::Language::Lv,
            path: latvian.0,
            text: latvian.1,
        },
        NewSiteFile {
            language: metodika_core::config::Language::En,
            path: english.0,
            text: english.1,
        },
    ]
}

/// A page a content kind makes of the whole site, written when [`SitePage::wanted`] says so
/// and linked from every page's footer. The build gives its template the usual context (the
/// title from `title_key`, `kind` = `page_kind`) plus the keys of [`SitePage::data`], and
/// links the owning kind's CSS and JS.
pub trait SitePage: Sync + Debug {
    /// Where it is written, from the site root (`services.html`).
    fn path(&self) -> &'static str;
    /// Its template (`catalogue.html`).
    fn template(&self) -> &'static str;
    /// What templates see as `kind` (`catalogue`), and `body` gets as a class.
    fn page_kind(&self) -> &'static str;
    /// The theme string of its title, which is also its footer link's text.
    fn title_key(&self) -> &'static str;
    /// What the page is, for messages ("the service catalogue").
    fn owner(&self) -> &'static str;
    /// Whether the site gets the page (as a rule: some page uses the kind).
    fn wanted(&self, site: &Site) -> bool;
    /// The template's own data, with every link relative to the page at `here`.
    fn data(&self, site: &Site, here: &Relative) -> serde_json::Map<String, serde_json::Value>;
}

/// The id a kind gives its block on the page, in the site's language (a Latvian site links
/// to `#pakalpojums`, an English one to `#service`).
pub fn block_id(
    language: metodika_core::config::Language,
    latvian: &'static str,
    english: &'static str,
) -> &'static str {
    match language {
        metodika_core::config::Language::Lv => latvian,
        metodika_core::config::Language::En => english,
    }
}

/// Whether some page of the site holds a block of the kind `info`.
pub fn site_uses(site: &Site, info: &KindInfo) -> bool {
    site.docs
        .iter()
        .any(|d| d.blocks.iter().any(|b| std::ptr::eq(b.info(), info)))
}

impl KindInfo {
    /// The kind's stylesheets and scripts, relative to the page at `here`.
    pub fn assets(&self, here: &Relative) -> (Vec<String>, Vec<String>) {
        let to = |a: &&str| here.to(&format!("assets/{a}"));
        (
            self.css.iter().map(to).collect(),
            self.js.iter().map(to).collect(),
        )
    }
}

/// A content kind: reads its YAML into a [`Block`].
pub trait Kind: Sync {
    fn info(&self) -> &'static KindInfo;

    /// Reads the kind's keys from `node` (a page's front matter, or a fenced block's YAML; `None`
    /// for an empty block). Problems go to `cx.problems`, each at its place in the file; the
    /// block is returned only when there were none.
    fn parse(&self, node: Option<&Node>, cx: &mut ParseContext) -> Option<Box<dyn Block>>;
}

/// What a kind's parser needs besides its YAML.
pub struct ParseContext<'a> {
    pub source: Source<'a>,
    pub labels: &'a MarkdownLabels,
    /// A fenced block checks its own keys; a page's keys were checked with its front matter.
    pub fenced: bool,
    pub problems: Vec<Diagnostic>,
}

impl ParseContext<'_> {
    /// Renders Markdown written in a YAML value, e.g. a definition: its links are checked like
    /// the body's and reported at their line in the file.
    pub fn markdown(&mut self, text: &str, node: &Node) -> metodika_markdown::Rendered {
        let source = self.source;
        let map = |offset: usize| metodika_core::yaml::value_offset(&source, node, text, offset);
        let rendered = metodika_markdown::render_nested(text, self.labels, &map);
        for issue in &rendered.issues {
            self.problems.push(
                Diagnostic::error(issue.code, source.file, issue.message.clone())
                    .at_offset(source.text, issue.offset)
                    .with_hint(issue.hint.clone()),
            );
        }
        rendered
    }
}

/// What a block sees of the site when it validates itself or renders.
pub struct BlockContext<'a> {
    pub site: &'a Site,
    /// The page the block is on.
    pub doc: DocId,
    /// Writes site-root-relative URLs relative to that page.
    pub here: &'a Relative,
}

/// One instance of a kind on a page.
pub trait Block: Send + Sync + Debug {
    fn info(&self) -> &'static KindInfo;

    /// The block as its own type, for what its kind makes across the site (the quiz's
    /// progress page lists every quiz).
    fn as_any(&self) -> &dyn std::any::Any;

    /// Ids the block puts on the page, for `#anchor` links from anywhere, each with the byte
    /// offset in the file where it is written (for a clash with another id on the page).
    fn anchors(&self) -> Vec<(String, usize)>;

    /// Links written inside the block (offsets in the file); checked like body links.
    fn links(&self) -> Vec<LinkRef>;

    /// Terms it defines for the whole site (abbreviations, synonyms).
    fn terms(&self) -> Vec<Term> {
        Vec::new()
    }

    /// Checks that need the whole site (references to other pages, entries, steps).
    fn validate(&self, _cx: &BlockContext) -> Vec<Diagnostic> {
        Vec::new()
    }

    /// The data its template gets as `data`. Everything shown must come from here.
    fn template_data(&self, cx: &BlockContext) -> serde_json::Value;

    /// Its text for the search index.
    fn search_records(&self) -> Vec<SearchRecord>;

    /// Visible text, for the page's summary when it has no description.
    fn plain_text(&self) -> String {
        String::new()
    }
}

/// A term the site defines (a glossary entry): the search issue reads synonyms and
/// abbreviations from here; pages mark the first use of each abbreviation.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Term {
    pub term: String,
    pub abbr: Option<String>,
    pub synonyms: Vec<String>,
    /// Id on the page that defines it.
    pub anchor: String,
}

/// One piece of searchable text, pointing at the place that shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SearchRecord {
    /// Id on the page (without `#`); empty for the page itself.
    pub anchor: String,
    /// What kind of thing this is: `page`, `heading`, or one of a kind's `search_labels`.
    pub kind: &'static str,
    pub title: String,
    /// A theme string that titles it in the site's language instead of `title` (a field of
    /// a structured kind: „Kam pakalpojums paredzēts”, not `eligibility`); `title` stays
    /// for a theme without the string.
    pub title_label: Option<&'static str>,
    pub text: String,
    /// Other words that should find it (synonyms, abbreviations).
    pub keywords: Vec<String>,
    /// The names of what it defines (a glossary entry's term, abbreviation and synonyms): a
    /// query that is one of them finds this record first, as the definition.
    pub names: Vec<String>,
}

/// Everything of a document the search index will hold: the page itself, each heading, and
/// each block's records. One interface for every kind, so search needs no change for a new one.
pub fn search_records(doc: &crate::Document) -> Vec<SearchRecord> {
    let mut records = vec![SearchRecord {
        anchor: String::new(),
        kind: if doc.is_section() { "section" } else { "page" },
        title: doc.meta.title.clone(),
        text: doc.content.plain_text.clone(),
        keywords: doc.meta.tags.clone(),
        title_label: None,
        names: Vec::new(),
    }];
    records.extend(doc.content.toc.iter().map(|h| SearchRecord {
        anchor: h.id.clone(),
        kind: "heading",
        title: h.title.clone(),
        text: String::new(),
        keywords: Vec::new(),
        title_label: None,
        names: Vec::new(),
    }));
    for block in &doc.blocks {
        records.extend(block.search_records());
    }
    records
}

//! The typed site: every section and page as a [`Document`] in one tree, its front matter,
//! and [`kind`], the contract between the build and the content kinds (what a kind declares,
//! what its blocks give the build). It depends on no kind and no build stage.

// Diagnostics are the cold path and are collected, not propagated in hot loops; boxing them
// would only add noise at every call site.
#![allow(clippy::result_large_err)]

pub mod front_matter;
pub mod kind;
mod order;

pub use front_matter::FrontMatter;
pub use order::TitleOrder;

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use crate::kind::{Block, Term};
use metodika_core::config::SiteConfig;
use metodika_core::diagnostics::Place;
use metodika_markdown::Rendered;

/// Index of a document in [`Site::docs`].
/// A non-Markdown file under `content/` (image, PDF, ...), copied as it is.
#[derive(Debug, Clone)]
pub struct AssetFile {
    pub rel: String,
    pub abs: PathBuf,
}

pub type DocId = usize;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocKind {
    /// `content/_index.md`: the home page, root of the tree.
    Home,
    /// A folder under `content/`, described by its `_index.md`.
    Section,
    /// Any other `.md` file.
    Page,
}

/// One Markdown file after parsing, shared (not copied) between successive builds of
/// `metodika serve`, which re-parses only the files that changed.
#[derive(Debug, Clone)]
pub struct ParsedFile {
    /// Unique number of this parse (see [`ParsedFile::next_generation`]): `serve` compares
    /// generations to know whether a file changed between two builds.
    pub generation: u64,
    /// Source path relative to `content/` (`a/_index.md`, `a/b.md`); for a section without an
    /// `_index.md`, the path it would have.
    pub source: String,
    /// Path for diagnostics (`content/a/b.md`).
    pub display: PathBuf,
    /// Where each of `content.links` is (line, column, the line's text), for the link
    /// checks after every file is parsed: the file's text itself is not kept (10,000 pages:
    /// 90 MB).
    pub link_places: Vec<Place>,
    /// The file's first line, for a problem of the whole file; `None` for a section that
    /// has no `_index.md`.
    pub start: Option<Place>,
    pub meta: FrontMatter,
    pub content: Rendered,
    /// Hash of `content.html`, computed once: render keys use it instead of the text.
    pub html_hash: u64,
    /// Content-kind blocks, in the order of their markers in `content.html`.
    pub blocks: Vec<Arc<dyn Block>>,
}

impl ParsedFile {
    /// A number never handed out before in this process.
    pub fn next_generation() -> u64 {
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    }
}

/// A section or page: a parsed file and its place in the tree. Dereferences to its
/// [`ParsedFile`], so `doc.meta`, `doc.content` and `doc.source` read through.
#[derive(Debug, Clone)]
pub struct Document {
    pub kind: DocKind,
    pub file: Arc<ParsedFile>,
    /// Output path relative to the site root (`a/b.html`, `a/index.html`).
    pub url: String,
    pub parent: Option<DocId>,
    /// Sections and pages inside a section, in reading order.
    pub children: Vec<DocId>,
}

impl std::ops::Deref for Document {
    type Target = ParsedFile;
    fn deref(&self) -> &ParsedFile {
        &self.file
    }
}

impl Document {
    pub fn is_section(&self) -> bool {
        self.kind != DocKind::Page
    }
}

/// The whole parsed site.
#[derive(Debug)]
pub struct Site {
    pub config: SiteConfig,
    /// `docs[0]` is the home page.
    pub docs: Vec<Document>,
    pub by_source: HashMap<String, DocId>,
    /// Pre-order walk of the tree: home, then each child before its own children.
    pub reading_order: Vec<DocId>,
    /// Position of each document in `reading_order`.
    pub reading_position: Vec<usize>,
    pub assets: Vec<AssetFile>,
    pub asset_paths: HashSet<String>,
    /// Folders under `content/` (relative), to tell a folder link from a missing file.
    pub dirs: HashSet<String>,
    /// Sources left out because they are drafts (so a link to one gets a precise message).
    pub drafts: HashSet<String>,
    /// Sources that exist but did not parse: their own errors are reported, and links to them
    /// are not reported again as links to missing pages.
    pub unparsed: HashSet<String>,
    /// Terms the site's content kinds define (glossary entries), in reading order.
    pub terms: Vec<SiteTerm>,
    /// Abbreviation -> the term it stands for (the first definition in reading order).
    pub abbreviations: std::collections::BTreeMap<String, String>,
}

/// A term and the page that defines it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SiteTerm {
    pub doc: DocId,
    pub term: Term,
}

pub const HOME: DocId = 0;

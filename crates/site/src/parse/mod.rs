//! Stage 2, parse: front matter and Markdown of every file (in parallel), then the section tree
//! with siblings ordered and the reading order fixed.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::load::{split_front_matter, MarkdownFile};
use metodika_core::config::SiteConfig;
use metodika_core::diagnostics::{line_column, Diagnostic, Place};
use metodika_core::url::output_path;
use metodika_core::yaml::{self, Node, Source};
use metodika_markdown::{self as markdown, MarkdownLabels, Rendered};
use metodika_model::kind::{Block, Kind, ParseContext};
use metodika_model::AssetFile;
use metodika_model::{
    DocId, DocKind, Document, FrontMatter, ParsedFile, Site, SiteTerm, TitleOrder, HOME,
};

pub mod front_matter;

use front_matter::parse_front_matter;

const INDEX: &str = "_index.md";

/// Options that change what a build includes.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct ParseOptions {
    pub include_drafts: bool,
}

/// Parses files in parallel: the parsed ones, and the problems of the others by source path.
pub(crate) fn parse_files(
    files: Vec<MarkdownFile>,
    labels: &MarkdownLabels,
) -> (Vec<Arc<ParsedFile>>, BTreeMap<String, Vec<Diagnostic>>) {
    let results: Vec<(String, Result<ParsedFile, Vec<Diagnostic>>)> = files
        .into_par_iter()
        .map(|file| (file.rel.clone(), parse_file_guarded(file, labels)))
        .collect();
    let mut parsed = Vec::with_capacity(results.len());
    let mut problems = BTreeMap::new();
    for (source, r) in results {
        match r {
            Ok(p) => parsed.push(Arc::new(p)),
            Err(d) => {
                problems.insert(source, d);
            }
        }
    }
    parsed.sort_by(|a, b| a.source.cmp(&b.source));
    (parsed, problems)
}

/// [`parse_file`], with a panic (a bug of ours, never the author's) caught and reported as an
/// internal error naming the file, so one file cannot stop a build or `serve`.
pub(crate) fn parse_file_guarded(
    file: MarkdownFile,
    labels: &MarkdownLabels,
) -> Result<ParsedFile, Vec<Diagnostic>> {
    let display = file.display.clone();
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| parse_file(file, labels)))
        .unwrap_or_else(|panic| {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            Err(vec![Diagnostic::error(
                "internal/panic",
                display,
                format!("Metodika failed while reading this file (an internal error: {what})"),
            )
            .with_hint(
                "please report this with the file attached; the rest of the site was built",
            )])
        })
}

/// Which kind a block is of and where its YAML starts.
struct BlockAt {
    kind: &'static dyn Kind,
    first_line: usize,
    /// A fenced block checks its own keys; a page's keys were checked with its front matter.
    fenced: bool,
}

/// A block's YAML: a fence's text, or the page's front matter already read.
enum Yaml<'a> {
    Text(&'a str),
    Tree(&'a Node),
}

/// Reads one content-kind block; its problems go to `problems`.
fn parse_block(
    file: &MarkdownFile,
    labels: &MarkdownLabels,
    at: BlockAt,
    yaml: Yaml,
    problems: &mut Vec<Diagnostic>,
) -> Option<Arc<dyn Block>> {
    let mut cx = ParseContext {
        source: Source {
            file: &file.display,
            text: &file.text,
            first_line: at.first_line,
        },
        labels,
        fenced: at.fenced,
        problems: Vec::new(),
    };
    let parsed;
    let node = match yaml {
        Yaml::Tree(node) => Some(node),
        Yaml::Text(text) => match yaml::parse(text, &cx.source) {
            Ok(n) => {
                parsed = n;
                parsed.as_ref()
            }
            Err(d) => {
                problems.extend(d);
                return None;
            }
        },
    };
    let block = at.kind.parse(node, &mut cx);
    problems.append(&mut cx.problems);
    block.map(Arc::from)
}

/// The blocks' ids, links and text join the page's: an id used twice on the page is a
/// problem.
fn add_blocks_to_content(
    blocks: &[Arc<dyn Block>],
    content: &mut Rendered,
    file: &MarkdownFile,
    problems: &mut Vec<Diagnostic>,
) {
    for block in blocks {
        for (anchor, offset) in block.anchors() {
            if !content.anchors.insert(anchor.clone()) {
                problems.push(
                    Diagnostic::error(
                        "markdown/duplicate-id",
                        &file.display,
                        format!("the id `{anchor}` is used twice on this page (by a heading, a footnote or another entry)"),
                    )
                    .at_offset(&file.text, offset)
                    .with_hint("give the entry another `id:`, or the heading another `{#id}`"),
                );
            }
        }
        content.links.extend(block.links());
        let text = block.plain_text();
        if !text.is_empty() {
            if !content.plain_text.is_empty() {
                content.plain_text.push(' ');
            }
            content.plain_text.push_str(&text);
        }
    }
}

/// Front matter, Markdown and content-kind blocks of one file.
pub fn parse_file(
    file: MarkdownFile,
    labels: &MarkdownLabels,
) -> Result<ParsedFile, Vec<Diagnostic>> {
    let split = split_front_matter(&file.display, &file.text).map_err(|d| vec![d])?;
    let front = parse_front_matter(&file.display, &file.text, &split)?;
    let body_offset = split.body_offset;
    let mut content = markdown::render_page(split.body, labels, body_offset);
    let mut problems: Vec<Diagnostic> = content
        .issues
        .iter()
        .map(|i| {
            Diagnostic::error(i.code, &file.display, i.message.clone())
                .at_offset(&file.text, i.offset)
                .with_hint(i.hint.clone())
        })
        .collect();
    let mut blocks: Vec<Arc<dyn Block>> = Vec::new();
    let fenced = std::mem::take(&mut content.blocks);
    for f in &fenced {
        let Some(kind) = metodika_kinds::for_fence(&f.kind) else {
            continue;
        };
        let (line, _) = line_column(&file.text, f.offset);
        let at = BlockAt {
            kind,
            first_line: line,
            fenced: true,
        };
        blocks.extend(parse_block(
            &file,
            labels,
            at,
            Yaml::Text(&f.yaml),
            &mut problems,
        ));
    }
    if let Some(kind) = front
        .meta
        .kind
        .as_deref()
        .and_then(metodika_kinds::for_front_matter)
    {
        let place = if kind.info().before_body {
            0
        } else {
            content.html.len()
        };
        content.block_places.push(place);
        let at = BlockAt {
            kind,
            first_line: split.yaml_first_line,
            fenced: false,
        };
        blocks.extend(parse_block(
            &file,
            labels,
            at,
            Yaml::Tree(&front.root),
            &mut problems,
        ));
    }
    add_blocks_to_content(&blocks, &mut content, &file, &mut problems);
    if !problems.is_empty() {
        return Err(problems);
    }
    let link_places = content
        .links
        .iter()
        .map(|l| Place::of(&file.text, l.offset))
        .collect();
    content.html.shrink_to_fit();
    content.plain_text.shrink_to_fit();
    Ok(ParsedFile {
        generation: ParsedFile::next_generation(),
        start: Some(Place::at(&file.text, 1, 1)),
        source: file.rel,
        display: file.display,
        link_places,
        meta: front.meta,
        html_hash: content.html_hash(),
        content,
        blocks,
    })
}

/// Builds the section tree from parsed files (sorted by source): parents, sibling order and
/// reading order. Cheap next to parsing, so `serve` runs it again after every change.
pub(crate) fn assemble(
    config: SiteConfig,
    files: &[Arc<ParsedFile>],
    assets: Vec<AssetFile>,
    dirs: HashSet<String>,
    unparsed: HashSet<String>,
    options: ParseOptions,
    diagnostics: &mut Vec<Diagnostic>,
) -> Site {
    let (parsed, drafts) = without_drafts(files, options);
    let found = Found {
        config: &config,
        drafts: &drafts,
        unparsed: &unparsed,
    };
    let (mut docs, section_ids) = found.documents(parsed, diagnostics);
    link_and_order(&mut docs, &section_ids, config.language);
    let reading_order = reading_order(&docs);
    let mut reading_position = vec![0; docs.len()];
    for (pos, &id) in reading_order.iter().enumerate() {
        reading_position[id] = pos;
    }
    let (terms, abbreviations) = site_terms(&docs, &reading_order);
    let by_source = docs
        .iter()
        .enumerate()
        .map(|(i, d)| (d.source.clone(), i))
        .collect();
    let asset_paths = assets.iter().map(|a| a.rel.clone()).collect();
    Site {
        config,
        docs,
        by_source,
        reading_order,
        reading_position,
        assets,
        asset_paths,
        dirs,
        drafts,
        unparsed,
        terms,
        abbreviations,
    }
}

/// What `assemble` found before making documents.
struct Found<'a> {
    config: &'a SiteConfig,
    drafts: &'a HashSet<String>,
    unparsed: &'a HashSet<String>,
}

impl Found<'_> {
    /// One document per section folder (its `_index.md`, or a stand-in), then one per page;
    /// and each section folder's document.
    fn documents(
        &self,
        parsed: Vec<&Arc<ParsedFile>>,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> (Vec<Document>, HashMap<String, DocId>) {
        let section_dirs = section_dirs(&parsed);
        let mut docs: Vec<Document> = Vec::with_capacity(parsed.len() + section_dirs.len());
        let mut index_files: HashMap<&str, &Arc<ParsedFile>> = HashMap::new();
        let mut pages = Vec::new();
        for p in parsed {
            if p.source.rsplit('/').next() == Some(INDEX) {
                index_files.insert(dir_of(&p.source), p);
            } else {
                pages.push(p);
            }
        }
        let mut section_ids: HashMap<String, DocId> = HashMap::new();
        for dir in &section_dirs {
            let source = if dir.is_empty() {
                INDEX.to_string()
            } else {
                format!("{dir}/{INDEX}")
            };
            let file = match index_files.get(dir.as_str()) {
                Some(p) => Arc::clone(p),
                None => self.stand_in(dir, &source, diagnostics),
            };
            section_ids.insert(dir.clone(), docs.len());
            docs.push(Document {
                kind: if dir.is_empty() {
                    DocKind::Home
                } else {
                    DocKind::Section
                },
                url: output_path(&source),
                file,
                parent: None,
                children: Vec::new(),
            });
        }
        for p in pages {
            docs.push(Document {
                kind: DocKind::Page,
                url: output_path(&p.source),
                file: Arc::clone(p),
                parent: None,
                children: Vec::new(),
            });
        }
        (docs, section_ids)
    }

    /// The section's stand-in: titled from the folder (the site title at the root), with a
    /// warning that says why.
    /// (For a section folder without a published `_index.md`.)
    fn stand_in(
        &self,
        dir: &str,
        source: &str,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Arc<ParsedFile> {
        let title = if dir.is_empty() {
            self.config.title.clone()
        } else {
            title_from_folder(dir)
        };
        if self.drafts.contains(source) {
            diagnostics.push(
                Diagnostic::warning(
                    "section/draft-index",
                    content_path(source),
                    format!("{source} is a draft, so its folder is shown with the title \"{title}\" and no introduction"),
                )
                .with_hint("remove `draft: true` from it, or build with --drafts"),
            );
        } else if !self.unparsed.contains(source) {
            // (An `_index.md` that failed to parse has its own errors.)
            diagnostics.push(
                Diagnostic::warning(
                    "section/no-index",
                    content_path(source),
                    format!("the folder has no {INDEX}; its title is taken from the folder name: \"{title}\""),
                )
                .with_hint(format!("create content/{source} with a `title:` and an introduction")),
            );
        }
        Arc::new(ParsedFile {
            generation: 0,
            display: content_path(source),
            source: source.to_string(),
            link_places: Vec::new(),
            start: None,
            meta: FrontMatter {
                title,
                ..FrontMatter::default()
            },
            content: Rendered::default(),
            html_hash: 0,
            blocks: Vec::new(),
        })
    }
}

/// The files that are published, and the sources of the drafts left out (a draft
/// `_index.md` hides its whole folder). With `--drafts`, every file.
fn without_drafts(
    files: &[Arc<ParsedFile>],
    options: ParseOptions,
) -> (Vec<&Arc<ParsedFile>>, HashSet<String>) {
    let mut drafts = HashSet::new();
    let mut parsed: Vec<&Arc<ParsedFile>> = files.iter().collect();
    if !options.include_drafts {
        let draft_dirs: Vec<String> = parsed
            .iter()
            .filter(|p| p.meta.draft && p.source.ends_with(INDEX))
            .map(|p| format!("{}/", dir_of(&p.source)))
            .filter(|d| d != "/")
            .collect();
        parsed.retain(|p| {
            let hidden =
                p.meta.draft || draft_dirs.iter().any(|d| p.source.starts_with(d.as_str()));
            if hidden {
                drafts.insert(p.source.clone());
            }
            !hidden
        });
    }
    (parsed, drafts)
}

/// The folders that are sections: those whose subtree holds Markdown (other folders only
/// hold files), the root always.
fn section_dirs(parsed: &[&Arc<ParsedFile>]) -> BTreeSet<String> {
    let mut section_dirs: BTreeSet<String> = BTreeSet::new();
    section_dirs.insert(String::new());
    for p in parsed {
        let mut dir = dir_of(&p.source);
        while !dir.is_empty() {
            if !section_dirs.insert(dir.to_string()) {
                break;
            }
            dir = dir_of(dir);
        }
    }
    section_dirs
}

/// Links each document to its section, then orders each section's children (weight, then
/// title in the site language's order, then source).
fn link_and_order(
    docs: &mut [Document],
    section_ids: &HashMap<String, DocId>,
    language: metodika_core::config::Language,
) {
    for id in 0..docs.len() {
        let parent_dir = match docs[id].kind {
            DocKind::Home => continue,
            DocKind::Section => dir_of(dir_of(&docs[id].file.source)),
            DocKind::Page => dir_of(&docs[id].file.source),
        };
        let parent = section_ids[parent_dir];
        docs[id].parent = Some(parent);
        docs[parent].children.push(id);
    }
    let order = TitleOrder::new(language);
    let files_of: Vec<Arc<ParsedFile>> = docs.iter().map(|d| Arc::clone(&d.file)).collect();
    for doc in docs.iter_mut() {
        doc.children.sort_by(|&a, &b| {
            let (fa, fb) = (&files_of[a], &files_of[b]);
            order.siblings(
                (fa.meta.weight, &fa.meta.title, &fa.source),
                (fb.meta.weight, &fb.meta.title, &fb.source),
            )
        });
    }
}

/// Every document, depth first from the home page: the order a reader goes through them.
fn reading_order(docs: &[Document]) -> Vec<DocId> {
    let mut reading_order = Vec::with_capacity(docs.len());
    let mut stack = vec![HOME];
    while let Some(id) = stack.pop() {
        reading_order.push(id);
        stack.extend(docs[id].children.iter().rev());
    }
    reading_order
}

/// The terms the site's blocks define, in reading order, and its abbreviations (the first
/// definition of each wins).
fn site_terms(
    docs: &[Document],
    reading_order: &[DocId],
) -> (Vec<SiteTerm>, BTreeMap<String, String>) {
    let mut terms = Vec::new();
    for &id in reading_order {
        for block in &docs[id].file.blocks {
            terms.extend(
                block
                    .terms()
                    .into_iter()
                    .map(|term| SiteTerm { doc: id, term }),
            );
        }
    }
    let mut abbreviations = BTreeMap::new();
    for t in &terms {
        if let Some(abbr) = &t.term.abbr {
            abbreviations
                .entry(abbr.clone())
                .or_insert_with(|| t.term.term.clone());
        }
    }
    (terms, abbreviations)
}

/// Parent folder of a relative path (`a/b/c.md` -> `a/b`, `c.md` -> ``).
pub(crate) fn dir_of(rel: &str) -> &str {
    rel.rfind('/').map_or("", |i| &rel[..i])
}

fn title_from_folder(dir: &str) -> String {
    let name = dir
        .rsplit('/')
        .next()
        .unwrap_or(dir)
        .replace(['-', '_'], " ");
    let mut chars = name.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => name,
    }
}

/// Tags of the site, each with its file-name slug and pages, sorted by name.
pub(crate) fn collect_tags(site: &Site, order: &TitleOrder) -> Vec<(String, String, Vec<DocId>)> {
    let mut by_name: BTreeMap<&str, Vec<DocId>> = BTreeMap::new();
    for (id, doc) in site.docs.iter().enumerate() {
        for tag in &doc.meta.tags {
            let list = by_name.entry(tag.as_str()).or_default();
            if !list.contains(&id) {
                list.push(id);
            }
        }
    }
    let mut tags: Vec<(String, Vec<DocId>)> = by_name
        .into_iter()
        .map(|(name, mut ids)| {
            ids.sort_by_key(|&i| site.reading_position[i]);
            (name.to_string(), ids)
        })
        .collect();
    tags.sort_by(|a, b| order.titles(&a.0, &b.0));
    // `tags/index.html` is the list of all tags.
    let mut used: HashSet<String> = HashSet::from(["index".to_string()]);
    tags.into_iter()
        .map(|(name, ids)| {
            let base = match markdown::ascii_slug(&name) {
                s if s.is_empty() => "tag".to_string(),
                s => s,
            };
            let mut slug = base.clone();
            let mut n = 2;
            while !used.insert(slug.clone()) {
                slug = format!("{base}-{n}");
                n += 1;
            }
            (name, slug, ids)
        })
        .collect()
}

/// Display path of a content file.
pub(crate) fn content_path(rel: &str) -> PathBuf {
    Path::new("content").join(rel)
}

#[cfg(test)]
mod tests {
    use super::parse_file;
    use metodika_markdown::MarkdownLabels;

    #[test]
    fn a_page_gives_search_records_for_itself_its_headings_and_its_blocks() {
        let file = crate::load::MarkdownFile {
            rel: "v.md".into(),
            display: "content/v.md".into(),
            text: "---\ntitle: Vārdnīca\nkind: glossary\ntags: [termini]\nentries:\n  - term: Valsts policija\n    abbr: VP\n    definition: Reaģē.\n---\n## Ievads\n\nTeksts.\n".into(),
        };
        let labels = MarkdownLabels {
            fences: metodika_kinds::fence_names(),
            ..MarkdownLabels::default()
        };
        let parsed = parse_file(file, &labels).unwrap();
        let doc = metodika_model::Document {
            kind: metodika_model::DocKind::Page,
            file: std::sync::Arc::new(parsed),
            url: "v.html".into(),
            parent: None,
            children: Vec::new(),
        };
        let records = metodika_model::kind::search_records(&doc);
        let kinds: Vec<(&str, &str)> = records
            .iter()
            .map(|r| (r.kind, r.anchor.as_str()))
            .collect();
        assert_eq!(
            kinds,
            [
                ("page", ""),
                ("heading", "ievads"),
                ("glossary-entry", "valsts-policija")
            ]
        );
        assert_eq!(records[0].keywords, ["termini"]);
    }
}

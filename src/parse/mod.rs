//! Stage 2, parse: front matter and Markdown of every file (in parallel), then the section tree
//! with siblings ordered and the reading order fixed.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::SiteConfig;
use crate::diagnostics::Diagnostic;
use crate::load::{split_front_matter, LoadedContent, MarkdownFile};
use crate::markdown::{self, MarkdownLabels, Rendered};
use crate::model::front_matter::parse_front_matter;
use crate::model::{output_path, DocId, DocKind, Document, FrontMatter, Site, TitleOrder, HOME};

const INDEX: &str = "_index.md";

struct Parsed {
    file: MarkdownFile,
    body_offset: usize,
    meta: FrontMatter,
    content: Rendered,
}

/// Options that change what a build includes.
#[derive(Debug, Clone, Copy, Default)]
pub struct ParseOptions {
    pub include_drafts: bool,
}

/// Builds the [`Site`] from loaded files. Problems go to `diagnostics`; the site is still built
/// from what parsed, so later stages can report their problems too.
pub fn parse_site(
    config: SiteConfig,
    loaded: LoadedContent,
    labels: &MarkdownLabels,
    options: ParseOptions,
    diagnostics: &mut Vec<Diagnostic>,
) -> Site {
    let results: Vec<Result<Parsed, Vec<Diagnostic>>> = loaded
        .markdown
        .into_par_iter()
        .map(|file| parse_file(file, labels))
        .collect();
    let mut parsed = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok(p) => parsed.push(p),
            Err(mut d) => diagnostics.append(&mut d),
        }
    }

    // Drafts: a draft `_index.md` hides its whole folder.
    let mut drafts = HashSet::new();
    if !options.include_drafts {
        let draft_dirs: Vec<String> = parsed
            .iter()
            .filter(|p| p.meta.draft && p.file.rel.ends_with(INDEX))
            .map(|p| dir_of(&p.file.rel).to_string())
            .filter(|d| !d.is_empty())
            .collect();
        parsed.retain(|p| {
            let hidden = p.meta.draft
                || draft_dirs
                    .iter()
                    .any(|d| p.file.rel.starts_with(&format!("{d}/")));
            if hidden {
                drafts.insert(p.file.rel.clone());
            }
            !hidden
        });
    }

    // A folder is a section when its subtree holds Markdown; other folders only hold files.
    let mut section_dirs: BTreeSet<String> = BTreeSet::new();
    section_dirs.insert(String::new());
    for p in &parsed {
        let mut dir = dir_of(&p.file.rel);
        while !dir.is_empty() {
            if !section_dirs.insert(dir.to_string()) {
                break;
            }
            dir = dir_of(dir);
        }
    }

    let mut docs: Vec<Document> = Vec::with_capacity(parsed.len() + section_dirs.len());
    let mut index_files: HashMap<String, Parsed> = HashMap::new();
    let mut pages = Vec::new();
    for p in parsed {
        if p.file.rel.rsplit('/').next() == Some(INDEX) {
            index_files.insert(dir_of(&p.file.rel).to_string(), p);
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
        let kind = if dir.is_empty() {
            DocKind::Home
        } else {
            DocKind::Section
        };
        let doc = match index_files.remove(dir) {
            Some(p) => document(kind, p),
            None => {
                let title = if dir.is_empty() {
                    config.title.clone()
                } else {
                    title_from_folder(dir)
                };
                diagnostics.push(
                    Diagnostic::warning(
                        "section/no-index",
                        Path::new("content").join(&source),
                        format!("the folder has no {INDEX}; its title is taken from the folder name: \"{title}\""),
                    )
                    .with_hint(format!("create content/{source} with a `title:` and an introduction")),
                );
                Document {
                    kind,
                    display: Path::new("content").join(&source),
                    url: output_path(&source),
                    source,
                    text: String::new(),
                    body_offset: 0,
                    meta: FrontMatter {
                        title,
                        ..FrontMatter::default()
                    },
                    content: Rendered::default(),
                    parent: None,
                    children: Vec::new(),
                }
            }
        };
        section_ids.insert(dir.clone(), docs.len());
        docs.push(doc);
    }
    for p in pages {
        docs.push(document(DocKind::Page, p));
    }

    // Link children to parents, then order siblings.
    for id in 0..docs.len() {
        let parent_dir = match docs[id].kind {
            DocKind::Home => continue,
            DocKind::Section => dir_of(dir_of(&docs[id].source)),
            DocKind::Page => dir_of(&docs[id].source),
        };
        let parent = section_ids[parent_dir];
        docs[id].parent = Some(parent);
        docs[parent].children.push(id);
    }
    let order = TitleOrder::new(config.language);
    let keys: Vec<(Option<i64>, String, String)> = docs
        .iter()
        .map(|d| (d.meta.weight, d.meta.title.clone(), d.source.clone()))
        .collect();
    for doc in docs.iter_mut() {
        doc.children.sort_by(|&a, &b| {
            let (ka, kb) = (&keys[a], &keys[b]);
            order.siblings((ka.0, &ka.1, &ka.2), (kb.0, &kb.1, &kb.2))
        });
    }

    let mut reading_order = Vec::with_capacity(docs.len());
    let mut stack = vec![HOME];
    while let Some(id) = stack.pop() {
        reading_order.push(id);
        stack.extend(docs[id].children.iter().rev());
    }
    let mut reading_position = vec![0; docs.len()];
    for (pos, &id) in reading_order.iter().enumerate() {
        reading_position[id] = pos;
    }

    let by_source = docs
        .iter()
        .enumerate()
        .map(|(i, d)| (d.source.clone(), i))
        .collect();
    let asset_paths = loaded.assets.iter().map(|a| a.rel.clone()).collect();
    let dirs = loaded.dirs.into_iter().collect();
    Site {
        config,
        docs,
        by_source,
        reading_order,
        reading_position,
        assets: loaded.assets,
        asset_paths,
        dirs,
        drafts,
    }
}

fn parse_file(file: MarkdownFile, labels: &MarkdownLabels) -> Result<Parsed, Vec<Diagnostic>> {
    let split = split_front_matter(&file.display, &file.text).map_err(|d| vec![d])?;
    let meta = parse_front_matter(&file.display, &file.text, &split)?;
    let content = markdown::render(split.body, labels);
    let body_offset = split.body_offset;
    let issues: Vec<Diagnostic> = content
        .issues
        .iter()
        .map(|i| {
            Diagnostic::error(i.code, &file.display, i.message.clone())
                .at_offset(&file.text, body_offset + i.offset)
                .with_hint(i.hint.clone())
        })
        .collect();
    if !issues.is_empty() {
        return Err(issues);
    }
    Ok(Parsed {
        file,
        body_offset,
        meta,
        content,
    })
}

fn document(kind: DocKind, p: Parsed) -> Document {
    Document {
        kind,
        url: output_path(&p.file.rel),
        source: p.file.rel,
        display: p.file.display,
        text: p.file.text,
        body_offset: p.body_offset,
        meta: p.meta,
        content: p.content,
        parent: None,
        children: Vec::new(),
    }
}

/// Parent folder of a relative path (`a/b/c.md` -> `a/b`, `c.md` -> ``).
pub fn dir_of(rel: &str) -> &str {
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
pub fn collect_tags(site: &Site, order: &TitleOrder) -> Vec<(String, String, Vec<DocId>)> {
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
    let mut used: HashSet<String> = HashSet::new();
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
pub fn content_path(rel: &str) -> PathBuf {
    Path::new("content").join(rel)
}

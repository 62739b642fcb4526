//! The search index, built from every document's search records (the page, its headings,
//! and whatever its content kinds give: quiz questions, checklist items, service fields,
//! algorithm steps, glossary entries), so a new kind is indexed without a change here.
//!
//! It is written as JavaScript files under `assets/search/`, which load with script tags
//! from `file://` where fetch is blocked, and it is sharded so that a query loads only what
//! it needs:
//! - `meta.js`: the number of records, the record chunk size, and the shards that exist;
//! - `t-KEY.js`: the terms starting with the two letters KEY, each with the word most often
//!   written for it and its postings (record, weight);
//! - `r-N.js`: records N×CHUNK.., each as [url, title, section, kind, text start].

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;
use std::sync::{Arc, Weak};

use super::normalize::{fold, stem_lv, words};
use crate::generators::{GenerateContext, Generator};
use crate::model::Site;
use crate::output::manifest::{Manifest, Produce};

/// Records per `r-N.js` file.
pub const CHUNK: usize = 200;
/// Characters of a record's text kept for its snippet.
const SNIPPET: usize = 240;
/// How much a word weighs in each field.
const TITLE_WEIGHT: u32 = 6;
const KEYWORD_WEIGHT: u32 = 5;
const TEXT_WEIGHT: u32 = 1;

/// One searchable thing, as the browser shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// Site-root-relative URL, with `#anchor` when it points inside a page.
    pub url: String,
    pub title: String,
    /// The page's place: its section titles and, for a part of a page, the page's title.
    pub section: String,
    pub kind: &'static str,
    /// The start of its text, for the snippet.
    pub text: String,
}

#[derive(Debug, Default)]
pub struct Index {
    pub records: Vec<Record>,
    /// term → (record, weight), records ascending.
    pub postings: BTreeMap<String, Vec<(u32, u32)>>,
    /// term → how it is written (lower case; the most frequent spelling of the first record
    /// that has it), shown in "did you mean".
    pub shown: BTreeMap<String, String>,
}

/// The shard a term lives in: its first two characters, made safe for a file name.
pub fn shard_key(term: &str) -> String {
    term.chars()
        .take(2)
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
}

/// The titles of the sections a document is in (the home page aside), outermost first.
fn section_of(site: &Site, id: crate::model::DocId) -> String {
    let mut trail: Vec<&str> = Vec::new();
    let mut parent = site.docs[id].parent;
    while let Some(p) = parent {
        if p != crate::model::HOME {
            trail.push(&site.docs[p].meta.title);
        }
        parent = site.docs[p].parent;
    }
    trail.reverse();
    trail.join(" › ")
}

/// A record as the browser shows it: where it is and what it is.
fn record(doc: &crate::model::Document, section: &str, r: &Indexed) -> Record {
    let page_part = !r.anchor.is_empty();
    Record {
        url: if page_part {
            format!("{}#{}", doc.url, r.anchor)
        } else {
            doc.url.clone()
        },
        title: if r.title.is_empty() {
            doc.meta.title.clone()
        } else {
            r.title.clone()
        },
        section: match (page_part, section.is_empty()) {
            (true, true) => doc.meta.title.clone(),
            (true, false) => format!("{section} › {}", doc.meta.title),
            (false, _) => section.to_string(),
        },
        kind: r.kind,
        text: r.snippet.clone(),
    }
}

/// A record's terms with their weights, and each term as written most often in it.
type Terms = Vec<(Arc<str>, u32)>;
type Forms = Vec<(Arc<str>, String)>;

/// One record's terms: each distinct word is turned into its term once (through `cache`,
/// which a thread keeps across records), so a site of millions of words costs one fold and
/// stem per distinct word. Returns (term, weight), and (term, how it is written most often
/// in the record).
fn record_terms(
    r: &crate::kinds::SearchRecord,
    cache: &mut HashMap<String, Arc<str>>,
) -> (Terms, Forms) {
    fn add<'r>(by_word: &mut HashMap<&'r str, (u32, u32)>, text: &'r str, weight: u32) {
        for w in words(text) {
            let e = by_word.entry(w).or_insert((0, 0));
            e.0 += weight;
            e.1 += 1;
        }
    }
    let mut by_word: HashMap<&str, (u32, u32)> = HashMap::new();
    add(&mut by_word, &r.title, TITLE_WEIGHT);
    for k in &r.keywords {
        add(&mut by_word, k, KEYWORD_WEIGHT);
    }
    add(&mut by_word, &r.text, TEXT_WEIGHT);
    let mut weights: HashMap<Arc<str>, (u32, u32, &str)> = HashMap::new();
    for (word, (weight, count)) in by_word {
        let term = match cache.get(word) {
            Some(t) => Arc::clone(t),
            None => {
                let t: Arc<str> = stem_lv(&fold(word)).into();
                cache.insert(word.to_string(), Arc::clone(&t));
                t
            }
        };
        let e = weights.entry(term).or_insert((0, 0, word));
        e.0 += weight;
        // The spelling seen most often (on a tie, the first in order).
        if count > e.1 || (count == e.1 && word < e.2) {
            e.1 = count;
            e.2 = word;
        }
    }
    let mut terms: Vec<(Arc<str>, u32)> = Vec::with_capacity(weights.len());
    let mut forms = Vec::with_capacity(weights.len());
    for (term, (weight, _, word)) in weights {
        forms.push((Arc::clone(&term), word.to_lowercase()));
        terms.push((term, weight));
    }
    terms.sort_unstable();
    forms.sort_unstable();
    (terms, forms)
}

/// What one parsed file gives the index: for each of its search records, what the browser
/// shows of it (anchor, kind, title, the start of its text) and its terms. Kept per parsed
/// file: a file `serve` saw unchanged keeps its `Arc`, and so is not split and stemmed again.
struct FileEntry {
    records: Vec<Indexed>,
}

struct Indexed {
    anchor: String,
    kind: &'static str,
    title: String,
    snippet: String,
    terms: Terms,
    forms: Forms,
}

type Cache = HashMap<usize, (Weak<crate::model::ParsedFile>, Arc<FileEntry>)>;

static FILES: std::sync::Mutex<Option<Cache>> = std::sync::Mutex::new(None);

fn file_entry(doc: &crate::model::Document, words: &mut HashMap<String, Arc<str>>) -> FileEntry {
    FileEntry {
        records: crate::kinds::search_records(doc)
            .into_iter()
            .map(|r| {
                let (terms, forms) = record_terms(&r, words);
                Indexed {
                    snippet: r.text.trim().chars().take(SNIPPET).collect(),
                    anchor: r.anchor,
                    kind: r.kind,
                    title: r.title,
                    terms,
                    forms,
                }
            })
            .collect(),
    }
}

pub fn build(site: &Site) -> Index {
    use rayon::prelude::*;
    let cached: Cache = FILES
        .lock()
        .map(|mut c| c.take().unwrap_or_default())
        .unwrap_or_default();
    let entries: Vec<(usize, Arc<FileEntry>)> = site
        .reading_order
        .par_iter()
        .map_init(HashMap::new, |words, &id| {
            let doc = &site.docs[id];
            let key = Arc::as_ptr(&doc.file) as usize;
            let entry = match cached.get(&key) {
                Some((weak, entry))
                    if weak.upgrade().is_some_and(|f| Arc::ptr_eq(&f, &doc.file)) =>
                {
                    Arc::clone(entry)
                }
                _ => Arc::new(file_entry(doc, words)),
            };
            (key, entry)
        })
        .collect();
    let mut records = Vec::new();
    let mut postings: HashMap<Arc<str>, Vec<(u32, u32)>> = HashMap::new();
    let mut shown: HashMap<Arc<str>, String> = HashMap::new();
    let mut next_cache: Cache = HashMap::with_capacity(entries.len());
    for (&id, (key, entry)) in site.reading_order.iter().zip(entries) {
        let doc = &site.docs[id];
        let section = section_of(site, id);
        for r in &entry.records {
            let i = records.len() as u32;
            records.push(record(doc, &section, r));
            for (term, w) in &r.terms {
                // Long texts should not drown a title: a word's weight is capped.
                postings
                    .entry(Arc::clone(term))
                    .or_default()
                    .push((i, (*w).min(40)));
            }
            for (term, form) in &r.forms {
                if !shown.contains_key(term) {
                    shown.insert(Arc::clone(term), form.clone());
                }
            }
        }
        next_cache.insert(key, (Arc::downgrade(&doc.file), entry));
    }
    if let Ok(mut c) = FILES.lock() {
        *c = Some(next_cache);
    }
    Index {
        records,
        postings: postings
            .into_iter()
            .map(|(t, list)| (t.to_string(), list))
            .collect(),
        shown: shown.into_iter().map(|(t, f)| (t.to_string(), f)).collect(),
    }
}

fn js_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

impl Index {
    /// The files of the index: (path under the site, contents).
    pub fn files(&self) -> Vec<(String, String)> {
        let mut shards: BTreeMap<String, String> = BTreeMap::new();
        for (term, list) in &self.postings {
            let body = shards.entry(shard_key(term)).or_default();
            if !body.is_empty() {
                body.push(',');
            }
            // [how it is written, record, weight, record, weight, ...]
            let shown = self.shown.get(term).map_or(term.as_str(), String::as_str);
            let _ = write!(body, "{}:[{}", js_string(term), js_string(shown));
            for (r, w) in list {
                let _ = write!(body, ",{r},{w}");
            }
            body.push(']');
        }
        let mut files = Vec::new();
        let keys: Vec<&String> = shards.keys().collect();
        files.push((
            "assets/search/meta.js".to_string(),
            format!(
                "Metodika.searchData.meta({{\"records\":{},\"chunk\":{CHUNK},\"shards\":{}}});\n",
                self.records.len(),
                serde_json::to_string(&keys).unwrap_or_default()
            ),
        ));
        for (key, body) in &shards {
            files.push((
                format!("assets/search/t-{key}.js"),
                format!(
                    "Metodika.searchData.shard({},{{{body}}});\n",
                    js_string(key)
                ),
            ));
        }
        for (n, chunk) in self.records.chunks(CHUNK).enumerate() {
            let mut body = String::new();
            for (k, r) in chunk.iter().enumerate() {
                let text = &r.text;
                let _ = write!(
                    body,
                    "{}[{},{},{},{},{}]",
                    if k == 0 { "" } else { ",\n" },
                    js_string(&r.url),
                    js_string(&r.title),
                    js_string(&r.section),
                    js_string(r.kind),
                    js_string(text)
                );
            }
            files.push((
                format!("assets/search/r-{n}.js"),
                format!("Metodika.searchData.records({n},[\n{body}]);\n"),
            ));
        }
        files
    }
}

/// Writes the index into the build's manifest.
pub struct SearchIndex;

impl Generator for SearchIndex {
    fn generate(&self, cx: &GenerateContext, out: &mut Manifest) {
        if !cx.search {
            return;
        }
        for (path, text) in build(cx.site).files() {
            out.add(
                path,
                "the search index",
                std::path::PathBuf::from(crate::load::CONTENT_DIR),
                Produce::Bytes(Arc::new(text.into_bytes())),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shard_keys_are_two_safe_characters() {
        assert_eq!(shard_key("vardarbib"), "va");
        assert_eq!(shard_key("x"), "x");
        assert_eq!(shard_key("ßa"), "_a");
        assert_eq!(shard_key("2023"), "20");
    }
}

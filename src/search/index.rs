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

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Arc;

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
    pub text: String,
    /// Other words that find it: synonyms, abbreviations, tags.
    pub keywords: Vec<String>,
}

#[derive(Debug, Default)]
pub struct Index {
    pub records: Vec<Record>,
    /// term → (record, weight), records ascending.
    pub postings: BTreeMap<String, Vec<(u32, u32)>>,
    /// term → the word most often written for it (lower case), shown in "did you mean".
    pub shown: BTreeMap<String, String>,
}

/// The shard a term lives in: its first two characters, made safe for a file name.
pub fn shard_key(term: &str) -> String {
    term.chars()
        .take(2)
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
}

/// Every record of the site, in reading order.
pub fn records(site: &Site) -> Vec<Record> {
    let mut out = Vec::new();
    for &id in &site.reading_order {
        let doc = &site.docs[id];
        let mut trail: Vec<&str> = Vec::new();
        let mut parent = doc.parent;
        while let Some(p) = parent {
            if p != crate::model::HOME {
                trail.push(&site.docs[p].meta.title);
            }
            parent = site.docs[p].parent;
        }
        trail.reverse();
        let section = trail.join(" › ");
        for r in crate::kinds::search_records(doc) {
            let page_part = !r.anchor.is_empty();
            let url = if page_part {
                format!("{}#{}", doc.url, r.anchor)
            } else {
                doc.url.clone()
            };
            let title = if r.title.is_empty() {
                doc.meta.title.clone()
            } else {
                r.title.clone()
            };
            let section = if page_part {
                if section.is_empty() {
                    doc.meta.title.clone()
                } else {
                    format!("{section} › {}", doc.meta.title)
                }
            } else {
                section.clone()
            };
            out.push(Record {
                url,
                title,
                section,
                kind: r.kind,
                text: r.text.trim().to_string(),
                keywords: r.keywords,
            });
        }
    }
    out
}

/// Adds the words of `text` to the record's term weights, counting how each term is written.
fn add_terms(
    weights: &mut BTreeMap<String, u32>,
    forms: &mut BTreeMap<String, BTreeMap<String, u32>>,
    text: &str,
    weight: u32,
) {
    for w in words(text) {
        let term = stem_lv(&fold(w));
        *forms
            .entry(term.clone())
            .or_default()
            .entry(w.to_lowercase())
            .or_insert(0) += 1;
        *weights.entry(term).or_insert(0) += weight;
    }
}

pub fn build(site: &Site) -> Index {
    let records = records(site);
    let mut postings: BTreeMap<String, Vec<(u32, u32)>> = BTreeMap::new();
    let mut forms: BTreeMap<String, BTreeMap<String, u32>> = BTreeMap::new();
    for (i, r) in records.iter().enumerate() {
        let mut weights: BTreeMap<String, u32> = BTreeMap::new();
        add_terms(&mut weights, &mut forms, &r.title, TITLE_WEIGHT);
        for k in &r.keywords {
            add_terms(&mut weights, &mut forms, k, KEYWORD_WEIGHT);
        }
        add_terms(&mut weights, &mut forms, &r.text, TEXT_WEIGHT);
        for (term, w) in weights {
            // Long texts should not drown a title: a word's weight is capped.
            postings
                .entry(term)
                .or_default()
                .push((i as u32, w.min(40)));
        }
    }
    let shown = forms
        .into_iter()
        .map(|(term, counts)| {
            // The most frequent form; on a tie, the first in order (deterministic).
            let best = counts
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                .map(|(f, _)| f.clone())
                .unwrap_or_default();
            (term, best)
        })
        .collect();
    Index {
        records,
        postings,
        shown,
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
                let text: String = r.text.chars().take(SNIPPET).collect();
                let _ = write!(
                    body,
                    "{}[{},{},{},{},{}]",
                    if k == 0 { "" } else { ",\n" },
                    js_string(&r.url),
                    js_string(&r.title),
                    js_string(&r.section),
                    js_string(r.kind),
                    js_string(&text)
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

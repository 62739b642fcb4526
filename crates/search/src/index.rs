//! The search index, built from every document's search records (the page, its headings,
//! and whatever its content kinds give: quiz questions, checklist items, service fields,
//! algorithm steps, glossary entries), so a new kind is indexed without a change here.
//!
//! Each word is filed under its lemmas (from the site's Hunspell dictionary, see
//! [`super::lexicon`]) or, when no dictionary knows it, under its light stem; within an entry
//! the postings are kept per form, so the browser can rank an exact form above another form
//! of the same lemma. The index also lists every form of every lemma in the site (from the
//! dictionary's affix rules), so a query only needs folding and a look-up.
//!
//! It is written as JavaScript files under `assets/search/`, which load with script tags
//! from `file://` where fetch is blocked, and it is sharded so that a query loads only what
//! it needs:
//! - `meta.js`: the number of records, how many records each page has (`pages`, numbers
//!   as in posting lists), the record chunk size, the shards that exist, the language, the
//!   sets of names for one thing (`synonyms`) and each defining record's names
//!   (`definitions`: a glossary entry's term, abbreviation and synonyms);
//! - `t-KEY.js`: the entries whose key starts with the two letters KEY:
//!   `shard(KEY, {entry: {n: records, g: {form: postings}, a: [shared forms]}})`, where
//!   the shared forms are those that are forms of another entry too;
//! - `f-KEY.js`: the folded forms that start with KEY (two letters, or more where a file
//!   would grow too big), by the entry they are forms of: `{entry: "common|rest|rest"}`.
//!   Forms with a prefix of the dictionary (`ne-`, `jā-`) are listed only where the site
//!   uses them; the browser takes a prefix off a word it does not find;
//! - `p-KEY-N-M.js`: page M of a long posting list, loaded only when the best postings
//!   (page 0) do not settle the top results;
//! - `r-N.js`: records N×CHUNK.., each as [url, title, section, kind, text start]; a record
//!   of the same page as the one before it has only `#anchor` for its URL, or `1` when the
//!   anchor is the id the browser makes of its title (see [`super::normalize::portable_slug`]),
//!   and `0` for a section the same as the one before.
//!
//! A posting list is the numbers `weight, count, record, gap, gap, ..., weight, count, ...`,
//! where records are numbered pages first (see [`Index::records_per_page`]): the words of a
//! page's text are posted to the page's own record, and with the pages numbered apart from
//! their headings their gaps are small (10,000 pages: 3.3 → 1.8 MB gzipped). The lists are
//! in weights descending, and within one weight the records ascending as gaps from the one
//! before; written as a string, each number in base 32 with one character a digit (see
//! [`push_number`]), so that most gaps take one character.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write;
use std::sync::{Arc, Weak};

use super::lexicon::Lexicon;
use super::normalize::{fold, words};
use super::FastMap;
use metodika_model::Site;

/// Records per `r-N.js` file.
pub(crate) const CHUNK: usize = 100;
/// Characters of a record's text kept for its snippet.
const SNIPPET: usize = 160;
/// How much a word weighs in each field.
const TITLE_WEIGHT: u32 = 6;
const KEYWORD_WEIGHT: u32 = 5;
const TEXT_WEIGHT: u32 = 1;
/// A word's weight in a record is BM25's term weight (k1 = 1.2, b = 0.75: more occurrences
/// count less and less, and a long record's words count less than a short one's), scaled to
/// whole numbers (1..=9: few weights make long runs of small gaps, so posting lists stay
/// short).
const K1: f64 = 1.2;
const B: f64 = 0.75;
const WEIGHT_SCALE: f64 = 4.0;

fn bm25(raw: u32, norm: f64) -> u32 {
    let raw = f64::from(raw);
    let w = raw * (K1 + 1.0) / (raw + norm);
    (w * WEIGHT_SCALE).round().clamp(1.0, 40.0) as u32
}

/// BM25's length normalisation of a record of `length` words (once per record).
fn bm25_norm(length: u32, average: f64) -> f64 {
    K1 * (1.0 - B + B * f64::from(length.max(1)) / average.max(1.0))
}
/// Postings of a form kept in its shard; longer lists go to pages of `PAGE`.
const INLINE: usize = 400;
const PAGE: usize = 8000;

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
    /// How many records there are: in the order of the site, each page's own record, then
    /// its headings and items.
    pub record_count: usize,
    /// The records as the browser reads them, [`CHUNK`] to an `r-N.js` file: written while
    /// the documents are merged, so the records themselves are not kept.
    record_files: Vec<File>,
    /// How many records each page has (its own first). Postings do not use the records'
    /// places in [`Index::records`] but number them pages first: page `p`'s own record is
    /// `p`, and the others follow all pages' own records, in their order.
    pub records_per_page: Vec<u32>,
    /// entry (lemma or stem) → form (lower case, as written) → (posting number, weight),
    /// numbers ascending.
    pub entries: BTreeMap<String, BTreeMap<String, Vec<(u32, u32)>>>,
    /// folded form → the entries it is a form of.
    pub forms: BTreeMap<String, BTreeSet<String>>,
    /// The glossary's sets of names for one thing (term, abbreviation, synonyms), folded.
    pub synonyms: Vec<Vec<String>>,
    /// Each record that defines something, with the names it defines, so a query can put
    /// a definition first before loading any record.
    pub definitions: Vec<(u32, Vec<String>)>,
    pub language: &'static str,
    /// The dictionary's prefixes, folded: forms with them are not listed.
    pub prefixes: Vec<String>,
    /// The dictionary's notice, when one was used.
    pub dictionary: String,
}

/// The shard a term lives in: its first two characters, made safe for a file name.
pub(crate) fn shard_key(term: &str) -> String {
    prefix_key(term, 2)
}

/// The first `n` characters of a word, made safe for a file name.
fn prefix_key(term: &str, n: usize) -> String {
    term.chars()
        .take(n)
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
}

/// A forms file grows no larger than this (estimated) before it is split by one more letter.
const FORMS_FILE: usize = 48 * 1024;

type FormEntries<'a> = (&'a str, &'a BTreeSet<String>);

/// The forms table split into files: keys of 2 letters, or longer where a file would
/// outgrow [`FORMS_FILE`]. Returns (key, forms) in key order.
fn forms_files<'a>(forms: &[FormEntries<'a>], depth: usize) -> Vec<(String, Vec<FormEntries<'a>>)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < forms.len() {
        let key = prefix_key(forms[i].0, depth);
        let n = forms[i..]
            .iter()
            .take_while(|(f, _)| prefix_key(f, depth) == key)
            .count();
        let group = &forms[i..i + n];
        // A form costs about its length (its suffix, and an entry's key now and then).
        let size: usize = group.iter().map(|(f, _)| f.len() + 1).sum();
        // A key shorter than `depth` (the word itself is short) cannot be split further.
        if size > FORMS_FILE && depth < 6 && key.chars().count() == depth {
            let (short, long): (Vec<_>, Vec<_>) = group
                .iter()
                .cloned()
                .partition(|(f, _)| f.chars().count() <= depth);
            if !short.is_empty() {
                out.push((key.clone(), short));
            }
            out.extend(forms_files(&long, depth + 1));
        } else {
            out.push((key, group.to_vec()));
        }
        i += n;
    }
    out
}

/// A forms file's body: each entry with its forms in the file, written as their common
/// beginning and the rest of each: `"@stradat":"strad|a|aju|ajam"`.
fn forms_body(forms: &[FormEntries]) -> String {
    let mut by_entry: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (form, entries) in forms {
        for e in entries.iter() {
            by_entry.entry(e).or_default().push(form);
        }
    }
    let mut body = String::new();
    for (entry, forms) in by_entry {
        let first = forms[0];
        let mut common = first.len();
        for f in &forms[1..] {
            common = common.min(
                first
                    .char_indices()
                    .zip(f.chars())
                    .find(|((_, a), b)| a != b)
                    .map_or(first.len().min(f.len()), |((i, _), _)| i),
            );
        }
        while !first.is_char_boundary(common) {
            common -= 1;
        }
        let mut text = first[..common].to_string();
        for f in &forms {
            text.push('|');
            text.push_str(&f[common..]);
        }
        if !body.is_empty() {
            body.push(',');
        }
        let _ = write!(body, "{}:{}", js_string(entry), js_string(&text));
    }
    body
}

/// The titles of the sections a document is in (the home page aside), outermost first.
fn section_of(site: &Site, id: metodika_model::DocId) -> String {
    let mut trail: Vec<&str> = Vec::new();
    let mut parent = site.docs[id].parent;
    while let Some(p) = parent {
        if p != metodika_model::HOME {
            trail.push(&site.docs[p].meta.title);
        }
        parent = site.docs[p].parent;
    }
    trail.reverse();
    trail.join(" › ")
}

/// A record as the browser shows it: where it is and what it is.
fn record(doc: &metodika_model::Document, section: &str, r: &Indexed) -> Record {
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

/// (posting number, weight) pairs: records numbered pages first (see
/// [`Index::records_per_page`]), in ascending order once merged.
type Postings = Vec<(u32, u32)>;

/// An entry's postings by form.
type ByForm = BTreeMap<String, Postings>;

/// A file of the index: (path under the site, contents).
type File = (String, String);

/// An entry and one of its forms (as written, lower case): what a posting list is kept for.
#[derive(Debug)]
struct Pair {
    key: Arc<str>,
    form: Arc<str>,
    /// Where the build that saw it last keeps its postings: the build's number in the high
    /// 32 bits, the list's place in the low. A pair lives on in the caches between builds
    /// (`serve`), so the number tells a place of this build from an old one.
    slot: std::sync::atomic::AtomicU64,
}

/// Numbers builds for [`Pair::slot`].
static BUILDS: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);

/// A record's words: (entry and form, weight). A thread makes each pair once, and the
/// merge finds a pair's list through its [`Pair::slot`].
type Terms = Vec<(Arc<Pair>, u32)>;

/// What a distinct word is: its entries with it as their form, and, when the dictionary
/// knows it, its lemmas. A spelling with capitals counts as its lower case: "Krīzes" and
/// "krīzes" in one record are one word, their weights added.
struct Word {
    pairs: Arc<[Arc<Pair>]>,
    lemmas: Arc<[u32]>,
    /// The number of its lower case (its own, when it has no capitals).
    own: u32,
}

/// A thread's words, kept between records and builds: each distinct spelling's number and
/// what it is, and one record's weights by number while the record is read.
#[derive(Default)]
struct Words {
    ids: FastMap<String, u32>,
    info: Vec<Word>,
    /// The record being read: weight by word number (0: not in it), and the numbers seen.
    weights: Vec<u32>,
    seen: Vec<u32>,
    /// The file being read: the lemmas found in it are those whose mark here is `file`.
    lemma_marks: Vec<u32>,
    file: u32,
}

impl Words {
    /// The number of `word` (as written), analysed the first time the thread meets it.
    fn id(&mut self, word: &str, lexicon: &Lexicon) -> u32 {
        if let Some(&id) = self.ids.get(word) {
            return id;
        }
        let id = self.info.len() as u32;
        // Capitals without a lower case (`𝐀`, `ϒ`) stay as they are: such a word is its own
        // lower case, and the lower case of a lower case is itself, so this recursion ends.
        let lower = word
            .chars()
            .any(char::is_uppercase)
            .then(|| word.to_lowercase())
            .filter(|lower| lower != word);
        let info = if let Some(lower) = lower {
            let own = self.id(&lower, lexicon);
            Word {
                pairs: Arc::clone(&self.info[own as usize].pairs),
                lemmas: Arc::clone(&self.info[own as usize].lemmas),
                own,
            }
        } else {
            let (keys, ids) = lexicon.keys(word);
            let form: Arc<str> = word.into();
            Word {
                pairs: keys
                    .into_iter()
                    .map(|key| {
                        Arc::new(Pair {
                            key: key.into(),
                            form: Arc::clone(&form),
                            slot: Default::default(),
                        })
                    })
                    .collect(),
                lemmas: ids.into(),
                own: id,
            }
        };
        // A lower case made just now took a number: this spelling's is the next.
        let id = self.info.len() as u32;
        self.info.push(info);
        self.weights.push(0);
        self.ids.insert(word.to_string(), id);
        id
    }

    /// Adds the words of `text` to the record being read; returns how many there are.
    fn add(&mut self, text: &str, weight: u32, lexicon: &Lexicon) -> u32 {
        let mut n = 0;
        for w in words(text) {
            let id = self.id(w, lexicon);
            let own = self.info[id as usize].own;
            let slot = &mut self.weights[own as usize];
            if *slot == 0 {
                self.seen.push(own);
            }
            *slot += weight;
            n += 1;
        }
        n
    }
}

/// One record's words: each distinct word is analysed once per thread (`words` keeps them
/// across records), so a site of millions of words costs one analysis per distinct word.
/// The lemmas met are added to `lemmas` (each once per file, see [`Words::lemma_marks`]).
fn record_terms(
    r: &metodika_model::kind::SearchRecord,
    lexicon: &Lexicon,
    words: &mut Words,
    lemmas: &mut Vec<u32>,
) -> (Terms, u32) {
    let mut length = words.add(&r.title, TITLE_WEIGHT, lexicon);
    for k in &r.keywords {
        words.add(k, KEYWORD_WEIGHT, lexicon);
    }
    length += words.add(&r.text, TEXT_WEIGHT, lexicon);
    let mut terms: Terms = Vec::with_capacity(words.seen.len() + words.seen.len() / 4);
    let seen = std::mem::take(&mut words.seen);
    for &id in &seen {
        let weight = std::mem::take(&mut words.weights[id as usize]);
        let info = &words.info[id as usize];
        for pair in info.pairs.iter() {
            terms.push((Arc::clone(pair), weight));
        }
        for &l in info.lemmas.iter() {
            let l = l as usize;
            if l >= words.lemma_marks.len() {
                words.lemma_marks.resize(l + 1, 0);
            }
            if words.lemma_marks[l] != words.file {
                words.lemma_marks[l] = words.file;
                lemmas.push(l as u32);
            }
        }
    }
    // The list keeps its room for the next record.
    words.seen = seen;
    words.seen.clear();
    (terms, length)
}

/// What one parsed file gives the index: for each of its search records, what the browser
/// shows of it (anchor, kind, title, the start of its text) and its terms. Kept per parsed
/// file: a file `serve` saw unchanged keeps its `Arc`, and so is not split and stemmed again.
struct FileEntry {
    records: Vec<Indexed>,
    /// The dictionary entries of its words.
    lemmas: Vec<u32>,
}

struct Indexed {
    anchor: String,
    kind: &'static str,
    title: String,
    snippet: String,
    terms: Terms,
    /// How many words it has (title and text).
    length: u32,
    /// Its names (title and keywords), when it is a glossary entry.
    names: Vec<String>,
}

type Cache = HashMap<usize, (Weak<metodika_model::ParsedFile>, Arc<FileEntry>)>;

/// Parsed files' entries, and the dictionary they were worked out with.
static FILES: std::sync::Mutex<Option<(usize, Cache)>> = std::sync::Mutex::new(None);

/// Every form of a dictionary entry, folded, by (dictionary, entry): kept between builds.
type FormCache = HashMap<(usize, u32), Arc<[String]>>;
static FORMS: std::sync::Mutex<Option<FormCache>> = std::sync::Mutex::new(None);

thread_local! {
    /// What each distinct word is, by this thread, for one lexicon (its identity): kept
    /// between builds, so a word is analysed once per thread while `serve` runs.
    static WORDS: std::cell::RefCell<(usize, Words)> =
        std::cell::RefCell::new((usize::MAX, Words::default()));
}

fn file_entry(
    doc: &metodika_model::Document,
    lexicon: &Lexicon,
    labels: &Labels,
    words: &mut Words,
) -> FileEntry {
    // A new mark for this file's lemmas (0 is no file's).
    words.file = words.file.wrapping_add(1).max(1);
    if words.file == 1 {
        words.lemma_marks.iter_mut().for_each(|m| *m = 0);
    }
    let mut lemmas = Vec::new();
    let records = metodika_model::kind::search_records(doc)
        .into_iter()
        .map(|mut r| {
            // A field titled in the site's language: its YAML key is neither shown nor found.
            if let Some(title) = r.title_label.and_then(|key| labels.get(key)) {
                r.title = title.clone();
            }
            let (terms, length) = record_terms(&r, lexicon, words, &mut lemmas);
            let names = r
                .names
                .iter()
                .map(|n| words_of(n).join(" "))
                .filter(|n| !n.is_empty())
                .collect();
            Indexed {
                snippet: r.text.trim().chars().take(SNIPPET).collect(),
                anchor: r.anchor,
                kind: r.kind,
                title: r.title,
                terms,
                length,
                names,
            }
        })
        .collect();
    FileEntry { records, lemmas }
}

/// A text's words, folded.
fn words_of(text: &str) -> Vec<String> {
    words(text).map(fold).collect()
}

/// The index of the whole site. One long function on purpose: it is the build's hottest path
/// at 10,000 pages, and its passes (cached per-file analysis, record numbering, postings by
/// entry, forms) share large maps that splitting would pass around or copy; issue 17 (a
/// search index that fits in memory) rebuilds it by shard.
pub fn build(site: &Site, lexicon: &Lexicon, labels: &Labels) -> Index {
    build_with(site, lexicon, labels, Reuse::KeepForNextBuild)
}

/// The theme's strings in the site's language, by key: what titles a record that asks for
/// one ([`metodika_model::kind::SearchRecord::title_label`]).
pub type Labels = BTreeMap<String, String>;

/// Whether the per-file analysis is kept for the next build of the same process.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reuse {
    /// `serve`: the next save's build takes unchanged files' analysis from here.
    KeepForNextBuild,
    /// `build` and `check`: each file's analysis is dropped as soon as its postings are
    /// made, so the whole site's terms are never held next to the whole index.
    Once,
}

/// [`build`], saying whether to keep the per-file analysis (see [`Reuse`]).
pub fn build_with(site: &Site, lexicon: &Lexicon, labels: &Labels, reuse: Reuse) -> Index {
    use rayon::prelude::*;
    let identity = lexicon.identity();
    let cached: Cache = FILES
        .lock()
        .ok()
        .and_then(|mut c| c.take())
        .filter(|(id, _)| *id == identity)
        .map(|(_, c)| c)
        .unwrap_or_default();
    // One stretch of documents is analysed (in parallel) while the one before is merged:
    // the whole site's words are never held at once, only its postings.
    let analyse = |stretch: &[metodika_model::DocId]| -> Vec<Analysed> {
        stretch
            .par_iter()
            .map(|&id| {
                let doc = &site.docs[id];
                let key = Arc::as_ptr(&doc.file) as usize;
                let entry = match cached.get(&key) {
                    Some((weak, entry))
                        if weak.upgrade().is_some_and(|f| Arc::ptr_eq(&f, &doc.file)) =>
                    {
                        Arc::clone(entry)
                    }
                    _ => Arc::new(WORDS.with(|words| {
                        let mut words = words.borrow_mut();
                        if words.0 != identity {
                            *words = (identity, Words::default());
                        }
                        file_entry(doc, lexicon, labels, &mut words.1)
                    })),
                };
                let section = section_of(site, id);
                let shown = entry
                    .records
                    .iter()
                    .map(|r| record(doc, &section, r))
                    .collect();
                (key, entry, shown)
            })
            .collect()
    };
    let mut merge = Merge::new(reuse, site.reading_order.len());
    let stretches: Vec<&[metodika_model::DocId]> = site.reading_order.chunks(STRETCH).collect();
    let mut analysed = stretches.first().map(|s| analyse(s)).unwrap_or_default();
    for (k, stretch) in stretches.iter().enumerate() {
        let current = std::mem::take(&mut analysed);
        let merging = || {
            for (&id, (key, entry, shown)) in stretch.iter().zip(current) {
                merge.add(&site.docs[id], key, entry, shown);
            }
        };
        let next = || stretches.get(k + 1).map(|s| analyse(s)).unwrap_or_default();
        analysed = rayon::join(merging, next).1;
    }
    drop(cached);
    let (mut index, lemma_bits) = merge.finish(identity, lexicon);
    add_every_form(&mut index, &lemma_bits, identity, lexicon);
    index
}

/// A document's analysis for the index: its key in the cache, its entry, and its records as
/// the browser shows them.
type Analysed = (usize, Arc<FileEntry>, Vec<Record>);

/// Documents analysed at a time (see [`build_with`]).
const STRETCH: usize = 256;

/// The number a posting gives a record that is not a page's own while the pages are still
/// being counted: the bit says "after all pages", the rest is its place among such records.
const AFTER_PAGES: u32 = 1 << 31;

/// The index as the documents are merged into it, in the order of the site.
struct Merge {
    reuse: Reuse,
    /// This build's number, in the high bits of a [`Pair::slot`].
    build_number: u64,
    /// Postings by pair, each pair's list found through its `slot`: (number, raw weight),
    /// numbered with [`AFTER_PAGES`] and weighed (BM25) once every record's length is known.
    slots: Vec<(Arc<Pair>, Postings)>,
    /// Words in each page's own record, and in each other record.
    page_lengths: Vec<u32>,
    other_lengths: Vec<u32>,
    records_per_page: Vec<u32>,
    /// Records merged so far, and those not yet written into an `r-N.js` file.
    record_count: usize,
    unwritten: Vec<Record>,
    record_files: Vec<File>,
    /// The dictionary entries of the site's words, as a set of bits (one per entry).
    lemma_bits: Vec<u64>,
    synonyms: BTreeSet<Vec<String>>,
    definitions: Vec<(u32, Vec<String>)>,
    next_cache: Cache,
}

impl Merge {
    fn new(reuse: Reuse, documents: usize) -> Merge {
        // Numbers start at 1: a new pair's slot is 0, which no build's places start with.
        let build_number = u64::from(
            BUILDS
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed)
                .wrapping_add(1)
                .max(1),
        ) << 32;
        Merge {
            reuse,
            build_number,
            slots: Vec::new(),
            page_lengths: Vec::with_capacity(documents),
            other_lengths: Vec::new(),
            records_per_page: Vec::with_capacity(documents),
            record_count: 0,
            unwritten: Vec::with_capacity(CHUNK),
            record_files: Vec::new(),
            lemma_bits: Vec::new(),
            synonyms: BTreeSet::new(),
            definitions: Vec::new(),
            next_cache: match reuse {
                Reuse::KeepForNextBuild => HashMap::with_capacity(documents),
                Reuse::Once => HashMap::new(),
            },
        }
    }

    /// One document's records and postings. Postings number the records pages first (see
    /// [`Index::records_per_page`]): a word of a page's text is posted to the page's record,
    /// so its list runs over the pages alone and its gaps stay small.
    fn add(
        &mut self,
        doc: &metodika_model::Document,
        key: usize,
        entry: Arc<FileEntry>,
        shown: Vec<Record>,
    ) {
        let first = self.record_count as u32;
        self.record_count += shown.len();
        for r in shown {
            self.unwritten.push(r);
            if self.unwritten.len() == CHUNK {
                self.write_records();
            }
        }
        if !entry.records.is_empty() {
            self.records_per_page.push(entry.records.len() as u32);
        }
        // This document's page number (every document gives its own record first).
        let page = self.records_per_page.len().saturating_sub(1) as u32;
        for (k, r) in entry.records.iter().enumerate() {
            let stored = first + k as u32;
            let number = if k == 0 {
                self.page_lengths.push(r.length);
                page
            } else {
                self.other_lengths.push(r.length);
                AFTER_PAGES | (self.other_lengths.len() as u32 - 1)
            };
            for (pair, w) in &r.terms {
                let slot = self.slot_of(pair);
                self.slots[slot].1.push((number, *w));
            }
            if r.names.len() > 1 {
                self.synonyms.insert(r.names.clone());
            }
            if !r.names.is_empty() {
                self.definitions.push((stored, r.names.clone()));
            }
        }
        for &l in &entry.lemmas {
            let word = l as usize / 64;
            if word >= self.lemma_bits.len() {
                self.lemma_bits.resize(word + 1, 0);
            }
            self.lemma_bits[word] |= 1 << (l % 64);
        }
        if self.reuse == Reuse::KeepForNextBuild {
            self.next_cache
                .insert(key, (Arc::downgrade(&doc.file), entry));
        }
    }

    /// The place of a pair's list in this build, made the first time the build meets it.
    fn slot_of(&mut self, pair: &Arc<Pair>) -> usize {
        let known = pair.slot.load(std::sync::atomic::Ordering::Relaxed);
        if known & !0xFFFF_FFFF == self.build_number {
            return (known & 0xFFFF_FFFF) as usize;
        }
        // Another build (or another thread's build) may set it too: then the pair gets a
        // second list here, joined with the first in `finish`.
        self.slots.push((Arc::clone(pair), Vec::new()));
        let slot = self.slots.len() - 1;
        pair.slot.store(
            self.build_number | slot as u64,
            std::sync::atomic::Ordering::Relaxed,
        );
        slot
    }

    /// The records waiting into the next `r-N.js` file.
    fn write_records(&mut self) {
        let n = self.record_files.len();
        self.record_files.push((
            format!("assets/search/r-{n}.js"),
            records_body(n, &self.unwritten),
        ));
        self.unwritten.clear();
    }

    /// The index, every record's length known: postings numbered and weighed; and the
    /// dictionary entries of the site's words.
    fn finish(mut self, identity: usize, lexicon: &Lexicon) -> (Index, Vec<u64>) {
        if !self.unwritten.is_empty() {
            self.write_records();
        }
        if self.reuse == Reuse::KeepForNextBuild {
            if let Ok(mut c) = FILES.lock() {
                *c = Some((identity, std::mem::take(&mut self.next_cache)));
            }
        }
        let pages = self.records_per_page.len() as u32;
        let lengths = self.page_lengths.iter().chain(&self.other_lengths);
        let (words, count) = lengths.fold((0u64, 0u64), |(w, n), &l| (w + u64::from(l), n + 1));
        let average = words as f64 / count.max(1) as f64;
        let page_norms: Vec<f64> = self
            .page_lengths
            .iter()
            .map(|&l| bm25_norm(l, average))
            .collect();
        let other_norms: Vec<f64> = self
            .other_lengths
            .iter()
            .map(|&l| bm25_norm(l, average))
            .collect();
        let mut index = Index {
            record_count: self.record_count,
            record_files: self.record_files,
            records_per_page: self.records_per_page,
            language: lexicon.language.code(),
            dictionary: lexicon.source.clone(),
            synonyms: self.synonyms.into_iter().collect(),
            definitions: self.definitions,
            prefixes: lexicon.prefixes(),
            ..Index::default()
        };
        for (pair, mut list) in self.slots {
            for p in &mut list {
                let (number, norm) = if p.0 & AFTER_PAGES == 0 {
                    (p.0, page_norms[p.0 as usize])
                } else {
                    let other = p.0 & !AFTER_PAGES;
                    (pages + other, other_norms[other as usize])
                };
                *p = (number, bm25(p.1, norm));
            }
            index
                .forms
                .entry(fold(&pair.form))
                .or_default()
                .insert(pair.key.to_string());
            // The same pair made by several threads: one list, records ascending.
            let lists = index.entries.entry(pair.key.to_string()).or_default();
            ascending(&mut list, pages);
            match lists.get_mut(&*pair.form) {
                Some(l) => {
                    // Two ascending runs: the stable sort finds them and merges them in
                    // one pass, with no comparison sort.
                    l.extend_from_slice(&list);
                    l.sort();
                }
                None => {
                    list.shrink_to_fit();
                    lists.insert(pair.form.to_string(), list);
                }
            }
        }
        (index, self.lemma_bits)
    }
}

/// Every form of every lemma of the site, so a query finds a form the site does not use.
fn add_every_form(index: &mut Index, lemma_bits: &[u64], identity: usize, lexicon: &Lexicon) {
    use rayon::prelude::*;
    let mut form_cache = FORMS
        .lock()
        .ok()
        .and_then(|mut c| c.take())
        .unwrap_or_default();
    let lemmas: Vec<u32> = lemma_bits
        .iter()
        .enumerate()
        .flat_map(|(word, &bits)| {
            (0..64u32)
                .filter(move |b| bits >> b & 1 == 1)
                .map(move |b| word as u32 * 64 + b)
        })
        .collect();
    let missing: Vec<u32> = lemmas
        .iter()
        .copied()
        .filter(|id| !form_cache.contains_key(&(identity, *id)))
        .collect();
    let made: Vec<(u32, Arc<[String]>)> = missing
        .par_iter()
        .map(|&id| (id, lexicon.forms(id).into()))
        .collect();
    for (id, forms) in made {
        form_cache.insert((identity, id), forms);
    }
    for id in lemmas {
        for (form, key) in lexicon.keys_of_forms(id, &form_cache[&(identity, id)]) {
            match index.forms.get_mut(form) {
                Some(keys) => {
                    if !keys.contains(&key) {
                        keys.insert(key);
                    }
                }
                None => {
                    index.forms.insert(form.to_string(), BTreeSet::from([key]));
                }
            }
        }
    }
    if let Ok(mut c) = FORMS.lock() {
        *c = Some(form_cache);
    }
}

/// Puts one slot's postings in ascending order of numbers. They were added in the order of
/// the site, so the pages' own records (numbers below `pages`) are ascending, and so are
/// the others (from `pages` on): taking the first before the second sorts them.
fn ascending(list: &mut Postings, pages: u32) {
    if list.is_sorted() {
        return;
    }
    let (mut own, others): (Postings, Postings) = list.iter().partition(|p| p.0 < pages);
    own.extend(others);
    debug_assert!(own.is_sorted());
    *list = own;
}

/// A list (numbers ascending) in the order it is written: weights descending, and numbers
/// ascending within a weight. Weights are small, so a counting sort.
fn by_weight(list: &[(u32, u32)]) -> Postings {
    let top = list.iter().map(|p| p.1 as usize).max().unwrap_or(0);
    let mut next = vec![0usize; top + 1];
    for p in list {
        next[p.1 as usize] += 1;
    }
    let mut at = 0;
    for slot in next.iter_mut().rev() {
        let count = *slot;
        *slot = at;
        at += count;
    }
    let mut out = vec![(0, 0); list.len()];
    for &p in list {
        out[next[p.1 as usize]] = p;
        next[p.1 as usize] += 1;
    }
    out
}

thread_local! {
    /// A bit per record, all clear between uses: counts an entry's distinct records.
    static RECORD_BITS: std::cell::RefCell<Vec<u64>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// How many distinct records the lists of one entry hold.
fn distinct_records(by_form: &ByForm) -> usize {
    if by_form.len() == 1 {
        return by_form.values().next().map_or(0, Vec::len);
    }
    RECORD_BITS.with(|bits| {
        let mut bits = bits.borrow_mut();
        let mut count = 0;
        for &(r, _) in by_form.values().flatten() {
            let (word, bit) = (r as usize / 64, 1u64 << (r % 64));
            if word >= bits.len() {
                bits.resize(word + 1, 0);
            }
            if bits[word] & bit == 0 {
                bits[word] |= bit;
                count += 1;
            }
        }
        for &(r, _) in by_form.values().flatten() {
            bits[r as usize / 64] = 0;
        }
        count
    })
}

/// A posting list as the browser reads it: `[weight, count, record, gap, ...]`, weights
/// descending.
fn encode(list: &[(u32, u32)], out: &mut String) {
    let mut i = 0;
    while i < list.len() {
        let w = list[i].1;
        let run = list[i..].iter().take_while(|p| p.1 == w).count();
        push_number(out, w);
        push_number(out, run as u32);
        let mut previous = 0;
        for (k, (r, _)) in list[i..i + run].iter().enumerate() {
            push_number(out, if k == 0 { *r } else { r - previous });
            previous = *r;
        }
        i += run;
    }
}

/// The 64 characters numbers are written with: a digit's value is its place here.
const DIGITS: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// A number in base 32, lowest digit first, one character a digit: the first 32 characters
/// end a number, the other 32 say more digits follow (a gap under 32 is one character).
fn push_number(out: &mut String, mut v: u32) {
    loop {
        let low = (v & 31) as usize;
        v >>= 5;
        if v == 0 {
            out.push(DIGITS[low] as char);
            return;
        }
        out.push(DIGITS[32 + low] as char);
    }
}

fn js_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

impl Index {
    /// One entry of a shard into `body`, and the pages of its long lists into `pages`
    /// (numbered in the shard by `n`).
    fn write_entry(
        &self,
        term: &str,
        by_form: &ByForm,
        key: &str,
        n: &mut usize,
        body: &mut String,
        pages: &mut Vec<(String, String)>,
    ) {
        let n_records = distinct_records(by_form);
        let _ = write!(body, "{}:{{\"n\":{},\"g\":{{", js_string(term), n_records);
        for (k, (form, list)) in by_form.iter().enumerate() {
            let list = by_weight(list);
            let _ = write!(
                body,
                "{}{}:",
                if k == 0 { "" } else { "," },
                js_string(form)
            );
            if list.len() <= INLINE {
                body.push('"');
                encode(&list, body);
                body.push('"');
                continue;
            }
            let base = format!("{key}-{n}");
            *n += 1;
            let heads: Vec<String> = list.chunks(PAGE).map(|c| c[0].1.to_string()).collect();
            let _ = write!(
                body,
                "{{\"p\":{},\"h\":[{}],\"c\":{}}}",
                js_string(&base),
                heads.join(","),
                list.len()
            );
            for (m, page) in list.chunks(PAGE).enumerate() {
                let mut text = String::new();
                encode(page, &mut text);
                pages.push((
                    format!("assets/search/p-{base}-{m}.js"),
                    format!("Metodika.searchData.page(\"{base}-{m}\",\"{text}\");\n"),
                ));
            }
        }
        body.push('}');
        // Its forms that are forms of another lemma of the site too ("varu": vara and
        // varēt): a match through them is less certain.
        let shared: Vec<&String> = by_form
            .keys()
            .filter(|f| self.forms.get(&fold(f)).is_some_and(|e| e.len() > 1))
            .collect();
        if !shared.is_empty() {
            let _ = write!(
                body,
                ",\"a\":{}",
                serde_json::to_string(&shared).unwrap_or_default()
            );
        }
        body.push('}');
    }

    /// The files of the index: (path under the site, contents).
    pub fn files(mut self) -> Vec<(String, String)> {
        let record_files = std::mem::take(&mut self.record_files);
        use rayon::prelude::*;
        // Entries by shard; each shard's file (and its entries' pages) made in parallel.
        let mut by_shard: BTreeMap<String, Vec<(&String, &ByForm)>> = BTreeMap::new();
        for (term, by_form) in &self.entries {
            by_shard
                .entry(shard_key(&term[1..]))
                .or_default()
                .push((term, by_form));
        }
        // (shard key, its body, the pages of its long lists)
        let made: Vec<(String, String, Vec<File>)> = by_shard
            .par_iter()
            .map(|(key, entries)| {
                let mut pages = Vec::new();
                let mut shard = String::new();
                let mut n = 0;
                for (term, by_form) in entries {
                    if !shard.is_empty() {
                        shard.push(',');
                    }
                    self.write_entry(term, by_form, key, &mut n, &mut shard, &mut pages);
                }
                (key.clone(), shard, pages)
            })
            .collect();
        let mut files = Vec::new();
        let mut shards: BTreeMap<String, String> = BTreeMap::new();
        for (key, shard, pages) in made {
            shards.insert(key, shard);
            files.extend(pages);
        }
        let forms: Vec<FormEntries> = self
            .forms
            .iter()
            .map(|(form, entries)| (form.as_str(), entries))
            .collect();
        let forms: Vec<(String, String)> = forms_files(&forms, 2)
            .into_par_iter()
            .map(|(key, forms)| (key, forms_body(&forms)))
            .collect();
        let keys: Vec<&String> = shards.keys().collect();
        let form_keys: Vec<&String> = forms.iter().map(|(k, _)| k).collect();
        let notice = if self.dictionary.is_empty() {
            String::new()
        } else {
            format!("/* Word forms from {}. */\n", self.dictionary)
        };
        files.push((
            "assets/search/meta.js".to_string(),
            format!(
                "{notice}Metodika.searchData.meta({{\"records\":{},\"pages\":\"{}\",\"chunk\":{CHUNK},\"language\":{},\"shards\":{},\"forms\":{},\"prefixes\":{},\"synonyms\":{},\"definitions\":{}}});\n",
                self.record_count,
                {
                    let mut counts = String::new();
                    for &n in &self.records_per_page {
                        push_number(&mut counts, n);
                    }
                    counts
                },
                js_string(self.language),
                serde_json::to_string(&keys).unwrap_or_default(),
                serde_json::to_string(&form_keys).unwrap_or_default(),
                serde_json::to_string(&self.prefixes).unwrap_or_default(),
                serde_json::to_string(&self.synonyms).unwrap_or_default(),
                serde_json::to_string(
                    &self
                        .definitions
                        .iter()
                        .map(|(r, names)| (r.to_string(), names))
                        .collect::<BTreeMap<String, &Vec<String>>>()
                )
                .unwrap_or_default()
            ),
        ));
        for (key, entries) in &shards {
            files.push((
                format!("assets/search/t-{key}.js"),
                format!(
                    "Metodika.searchData.shard({},{{{entries}}});\n",
                    js_string(key)
                ),
            ));
        }
        for (key, body) in &forms {
            files.push((
                format!("assets/search/f-{key}.js"),
                format!(
                    "Metodika.searchData.forms({},{{{body}}});\n",
                    js_string(key)
                ),
            ));
        }
        files.extend(record_files);
        files
    }
}

/// The `r-N.js` file of records `n`×CHUNK...
fn records_body(n: usize, chunk: &[Record]) -> String {
    let mut body = format!("Metodika.searchData.records({n},[\n");
    let mut previous: Option<&Record> = None;
    for (k, r) in chunk.iter().enumerate() {
        if k > 0 {
            body.push_str(",\n");
        }
        body.push('[');
        // A record of the same page as the one before says only its anchor, and `0` for a
        // section the same as the one before (headings and blocks of a page).
        let (page, anchor) = r.url.split_once('#').unwrap_or((&r.url, ""));
        let same_page = previous.is_some_and(|p| p.url.split('#').next() == Some(page));
        if !same_page {
            push_js_string(&mut body, &r.url);
        } else if !anchor.is_empty()
            && super::normalize::portable_slug(&r.title).as_deref() == Some(anchor)
        {
            // `1`: the id the browser makes of the title (most headings).
            body.push('1');
        } else {
            body.push_str("\"#");
            push_js_string_inner(&mut body, anchor);
            body.push('"');
        }
        body.push(',');
        push_js_string(&mut body, &r.title);
        body.push(',');
        if same_page && previous.is_some_and(|p| p.section == r.section) {
            body.push('0');
        } else {
            push_js_string(&mut body, &r.section);
        }
        body.push(',');
        push_js_string(&mut body, r.kind);
        body.push(',');
        push_js_string(&mut body, &r.text);
        body.push(']');
        previous = Some(r);
    }
    body.push_str("]);\n");
    body
}

/// `text` as a JSON string (which is a JavaScript string too), quotes included.
fn push_js_string(out: &mut String, text: &str) {
    out.push('"');
    push_js_string_inner(out, text);
    out.push('"');
}

/// `text` escaped for inside a JSON string: `"`, `\\` and control characters, and U+2028 and
/// U+2029, which end a line in older JavaScript.
fn push_js_string_inner(out: &mut String, text: &str) {
    let mut rest = text;
    while let Some(at) =
        rest.find(|c: char| c == '"' || c == '\\' || c < ' ' || c == '\u{2028}' || c == '\u{2029}')
    {
        out.push_str(&rest[..at]);
        let c = rest[at..].chars().next().unwrap_or(' ');
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            _ => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
        }
        rest = &rest[at + c.len_utf8()..];
    }
    out.push_str(rest);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn posting_lists_are_runs_of_gaps_in_base_32() {
        let mut out = String::new();
        push_number(&mut out, 0);
        push_number(&mut out, 31);
        push_number(&mut out, 32);
        push_number(&mut out, 1000);
        // 31 is "f"; 32 = 0 + 1×32: "g" (0, more follows), "B" (1, the end); 1000 = 8 + 31×32.
        assert_eq!(out, "AfgBof");
        let mut out = String::new();
        encode(&[(5, 3), (9, 3), (2, 1)], &mut out);
        // weight 3: two records, 5 then a gap of 4; weight 1: one record, 2.
        assert_eq!(out, "DCFEBBC");
    }

    #[test]
    fn record_texts_are_json_strings_that_read_back_as_written() {
        for text in [
            "",
            "Krīzes \"dzīvoklis\"",
            "a\\b\\\\",
            "line\nbreak\ttab\r\u{0}\u{8}\u{c}\u{1f}\u{7f}",
            "\u{2028}\u{2029} end",
            "🙂 ķēde",
        ] {
            let mut out = String::new();
            push_js_string(&mut out, text);
            assert_eq!(serde_json::from_str::<String>(&out).unwrap(), text, "{out}");
            assert!(!out.contains('\u{2028}') && !out.contains('\n'), "{out}");
        }
    }

    #[test]
    fn capitals_count_as_their_lower_case_and_capitals_without_one_as_themselves() {
        let lexicon = Lexicon::plain(metodika_core::config::Language::Lv);
        let mut words = Words::default();
        let text = "Krīzes krīzes KRĪZES 𝐀𝐁 ϒ Ϋ 𝐀𝐁";
        assert_eq!(words.add(text, 1, &lexicon), 7);
        let counted: Vec<(String, u32)> = words
            .seen
            .iter()
            .map(|&id| {
                let w = &words.info[id as usize];
                (w.pairs[0].form.to_string(), words.weights[id as usize])
            })
            .collect();
        assert_eq!(
            counted,
            [
                ("krīzes".to_string(), 3),
                ("𝐀𝐁".to_string(), 2),
                ("ϒ".to_string(), 1),
                ("ϋ".to_string(), 1)
            ]
        );
    }

    #[test]
    fn lists_are_ordered_without_comparison_sorts() {
        // Pages' own records (below 3) then the others, added in the order of the site.
        let mut list = vec![(0, 1), (3, 2), (1, 5), (4, 1), (2, 2), (7, 5)];
        ascending(&mut list, 3);
        assert_eq!(list, [(0, 1), (1, 5), (2, 2), (3, 2), (4, 1), (7, 5)]);
        assert_eq!(
            by_weight(&list),
            [(1, 5), (7, 5), (2, 2), (3, 2), (0, 1), (4, 1)]
        );
        let by_form: ByForm = [
            ("a".to_string(), vec![(0, 1), (5, 1), (64, 1)]),
            ("b".to_string(), vec![(5, 2), (64, 2), (200, 1)]),
        ]
        .into_iter()
        .collect();
        assert_eq!(distinct_records(&by_form), 4);
        // The bits are clear again for the next entry.
        assert_eq!(distinct_records(&by_form), 4);
    }

    #[test]
    fn shard_keys_are_two_safe_characters() {
        assert_eq!(shard_key("vardarbib"), "va");
        assert_eq!(shard_key("x"), "x");
        assert_eq!(shard_key("ßa"), "_a");
        assert_eq!(shard_key("2023"), "20");
    }
}

//! The glossary: terms with an optional abbreviation, a Markdown definition, synonyms and
//! "see also". Written as a whole page (`kind: glossary` with `entries:`) or as a fenced
//! ```` ```glossary ```` block inside any page. Each entry has a stable anchor (`id:`, or the
//! term's slug); its abbreviation's first use on every page of the site becomes `<abbr>`.

use std::collections::HashMap;

use serde_json::json;

use metodika_core::diagnostics::{did_you_mean, Diagnostic, Place};
use metodika_core::yaml::{Node, Pos, Value};

use crate::schema::{Codes, Field, Need, Record, Said, Schema, Type};
use metodika_markdown::{slugify, LinkRef};
use metodika_model::kind::{Block, BlockContext, Kind, KindInfo, ParseContext, SearchRecord, Term};
use metodika_model::TitleOrder;

pub(crate) struct Glossary;

static INFO: KindInfo = KindInfo {
    name: "glossary",
    front_matter: true,
    fence: true,
    keys: &["entries"],
    before_body: false,
    template: "kinds/glossary.html",
    print_template: "kinds/glossary.html",
    css: &["css/kinds/glossary.css"],
    js: &["js/search-normalize.js", "js/kinds/glossary.js"],
    site_js: &[],
    new_site: &metodika_model::kind::new_site_examples(
        ("content/vardnica.md", include_str!("new-site.lv.md")),
        ("content/glossary.md", include_str!("new-site.en.md")),
    ),
    site_pages: &[],
    search_labels: &[("glossary-entry", "search_kind_glossary")],
    body_labels: &[],
};

/// One entry, as parsed.
#[derive(Debug, Clone)]
struct Entry {
    term: String,
    abbr: Option<String>,
    id: String,
    definition_html: String,
    definition_text: String,
    synonyms: Vec<String>,
    /// Names of other entries, each with its place in the file.
    see_also: Vec<(String, Place)>,
    links: Vec<LinkRef>,
    /// Ids of headings and footnotes inside the definition.
    inner_anchors: Vec<String>,
    /// Byte offset in the file of the entry's id (or term, when the id is made from it).
    id_offset: usize,
    term_place: Place,
    abbr_place: Option<Place>,
}

#[derive(Debug)]
pub(crate) struct GlossaryBlock {
    entries: Vec<Entry>,
}

impl Kind for Glossary {
    fn info(&self) -> &'static KindInfo {
        &INFO
    }

    fn parse(&self, node: Option<&Node>, cx: &mut ParseContext) -> Option<Box<dyn Block>> {
        let source = cx.source;
        let Some(root) = node.filter(|n| n.is_map()) else {
            let pos = node.map_or(Pos { line: 1, column: 1 }, |n| n.pos);
            cx.problems.push(
                source
                    .error("glossary/entries", pos, "a glossary needs `entries:`, a list of terms")
                    .with_hint("write:\n  entries:\n    - term: Krīzes dzīvoklis\n      definition: Īslaicīga, droša dzīvesvieta ..."),
            );
            return None;
        };
        let before = cx.problems.len();
        let mut record = ROOT.read(root, cx, cx.fenced);
        let mut entries = Vec::new();
        let mut ids: HashMap<String, Pos> = HashMap::new();
        for entry in record.maps("entries") {
            if let Some(entry) = read_entry(entry, cx, &mut ids) {
                entries.push(entry);
            }
        }
        if let Some(list) = root
            .get("entries")
            .filter(|n| matches!(&n.value, Value::Seq(i) if i.is_empty()))
        {
            cx.problems.push(
                source
                    .error("glossary/entries", list.pos, "the glossary has no entries")
                    .with_hint("add at least one `- term: ...` with its `definition:`"),
            );
        }
        if cx.problems.len() > before {
            return None;
        }
        Some(Box::new(GlossaryBlock { entries }))
    }
}

/// The top of a glossary: its list of entries.
static ROOT: Schema = Schema {
    what: "glossary block",
    codes: CODES,
    shared: &[],
    fields: &[Field {
        key: "entries",
        ty: Type::Maps {
            schema: &ENTRY,
            hint: "write one `- term: ...` item per entry",
            not_a_map: Said {
                code: "glossary/entry",
                message: "an entry must be a map of keys, not {}",
                hint: "start each entry with `- term: ...` and indent its other keys under it",
            },
        },
        need: Need::RequiredSaying(Said {
            code: "glossary/entries",
            message: "a glossary needs `entries:`, a list of terms",
            hint: "add `entries:` with one `- term: ...` item per term",
        }),
    }],
};

/// One entry of a glossary.
static ENTRY: Schema = Schema {
    what: "glossary entry",
    codes: CODES,
    shared: &[],
    fields: &[
        Field::required("term", Type::Text, "Krīzes dzīvoklis"),
        Field::optional("abbr", Type::Text),
        Field::optional("id", Type::Text),
        Field::required(
            "definition",
            Type::Markdown,
            "Īslaicīga, droša dzīvesvieta ...",
        ),
        Field::optional("synonyms", Type::TextList),
        Field::optional("see_also", Type::TextList),
    ],
};

const CODES: Codes = Codes {
    inline: "glossary/inline",
    value: "glossary/value",
    date: "glossary/date",
};

/// An abbreviation as written (trimmed), with its place; one that is not letters and digits
/// is a problem.
fn checked_abbr(node: &Node, cx: &mut ParseContext) -> Option<(String, Pos)> {
    let written = node.as_str()?;
    let a = written.trim();
    if a.is_empty() || a.chars().any(|c| !c.is_alphanumeric()) {
        cx.problems.push(
            cx.source
                .error(
                    "glossary/abbr",
                    node.pos,
                    format!("the abbreviation `{written}` must be letters and digits only"),
                )
                .with_hint("write it as it appears in the text, e.g. `abbr: VBTAI`"),
        );
    }
    Some((a.to_string(), node.pos))
}

/// An entry's own id, with its place; one that cannot be an anchor is a problem.
fn checked_id(node: &Node, cx: &mut ParseContext) -> Option<(String, Pos)> {
    let i = node.as_str()?;
    if i.is_empty() || !super::text::valid_id(i) {
        cx.problems.push(
            cx.source
                .error(
                    "glossary/id",
                    node.pos,
                    format!("the id `{i}` cannot be an anchor"),
                )
                .with_hint("use letters, digits and `-`, e.g. `id: krizes-dzivoklis`"),
        );
    }
    Some((i.to_string(), node.pos))
}

/// An entry from its record: the checks its schema cannot make (the abbreviation's letters,
/// the id, an id used twice). `None` when its term or definition is missing.
fn read_entry(
    mut record: Record,
    cx: &mut ParseContext,
    ids: &mut HashMap<String, Pos>,
) -> Option<Entry> {
    let source = cx.source;
    let abbr = record.node("abbr").and_then(|node| checked_abbr(node, cx));
    let written_id = record.node("id").and_then(|node| checked_id(node, cx));
    let term_node = record.node("term")?;
    let term = record.text("term")?;
    let definition = record.rich("definition")?;
    let (id, id_pos) = match written_id {
        Some(written) => written,
        None => match slugify(&term) {
            s if s.is_empty() => ("termins".to_string(), term_node.pos),
            s => (s, term_node.pos),
        },
    };
    if let Some(first) = ids.insert(id.clone(), id_pos) {
        cx.problems.push(
            source
                .error(
                    "glossary/duplicate-id",
                    id_pos,
                    format!(
                        "two entries have the anchor `#{id}` (the first on line {})",
                        source.file_pos(first).0
                    ),
                )
                .with_hint("give one of them another `id:`"),
        );
    }
    Some(Entry {
        inner_anchors: record.texts.sorted_anchors(),
        id_offset: source.file_offset(id_pos),
        term,
        abbr: abbr.as_ref().map(|(a, _)| a.clone()),
        abbr_place: abbr.map(|(_, pos)| source.place(pos)),
        id,
        definition_html: definition.html,
        definition_text: definition.text,
        synonyms: record
            .text_list("synonyms")
            .into_iter()
            .map(|(s, _)| s)
            .collect(),
        see_also: record
            .text_list("see_also")
            .into_iter()
            .map(|(s, n)| (s, source.place(n.pos)))
            .collect(),
        links: std::mem::take(&mut record.texts.links),
        term_place: source.place(term_node.pos),
    })
}

impl GlossaryBlock {
    fn error(cx: &BlockContext, code: &'static str, place: &Place, message: String) -> Diagnostic {
        let doc = &cx.site.docs[cx.doc];
        Diagnostic::error(code, &doc.display, message).at_place(place)
    }

    /// The site's entry a "see also" name means: by term, abbreviation or id, any case.
    fn find<'s>(cx: &BlockContext<'s>, name: &str) -> Option<&'s metodika_model::SiteTerm> {
        let name = name.to_lowercase();
        cx.site.terms.iter().find(|t| {
            t.term.term.to_lowercase() == name
                || t.term
                    .abbr
                    .as_ref()
                    .is_some_and(|a| a.to_lowercase() == name)
                || t.term.anchor.to_lowercase() == name
        })
    }
}

impl Block for GlossaryBlock {
    fn info(&self) -> &'static KindInfo {
        &INFO
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }

    fn anchors(&self) -> Vec<(String, usize)> {
        self.entries
            .iter()
            .flat_map(|e| {
                std::iter::once((e.id.clone(), e.id_offset))
                    .chain(e.inner_anchors.iter().map(|a| (a.clone(), e.id_offset)))
            })
            .collect()
    }

    fn links(&self) -> Vec<LinkRef> {
        self.entries
            .iter()
            .flat_map(|e| e.links.iter().cloned())
            .collect()
    }

    fn terms(&self) -> Vec<Term> {
        self.entries
            .iter()
            .map(|e| Term {
                term: e.term.clone(),
                abbr: e.abbr.clone(),
                synonyms: e.synonyms.clone(),
                anchor: e.id.clone(),
            })
            .collect()
    }

    fn validate(&self, cx: &BlockContext) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        let names: Vec<String> = cx
            .site
            .terms
            .iter()
            .flat_map(|t| std::iter::once(t.term.term.clone()).chain(t.term.abbr.clone()))
            .collect();
        let name_refs: Vec<&str> = names.iter().map(String::as_str).collect();
        for e in &self.entries {
            for (name, place) in &e.see_also {
                if Self::find(cx, name).is_none() {
                    let hint = match did_you_mean(name, &name_refs) {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => "name another entry by its term, abbreviation or id".to_string(),
                    };
                    problems.push(
                        Self::error(cx, "glossary/see-also", place, format!("\"see also\" names `{name}`, which no glossary entry of the site defines"))
                            .with_hint(hint),
                    );
                }
            }
            // A term or abbreviation defined twice in the site: the first (in reading order) wins.
            let first_term = cx
                .site
                .terms
                .iter()
                .find(|t| t.term.term.to_lowercase() == e.term.to_lowercase());
            if let Some(t) = first_term {
                if t.doc != cx.doc || t.term.anchor != e.id {
                    problems.push(
                        Self::error(
                            cx,
                            "glossary/duplicate-term",
                            &e.term_place,
                            format!(
                                "the term `{}` is already defined in {}",
                                e.term,
                                cx.site.docs[t.doc].display.display()
                            ),
                        )
                        .with_hint("define each term once; link to the other entry instead"),
                    );
                }
            }
            if let (Some(abbr), Some(place)) = (&e.abbr, &e.abbr_place) {
                let full = cx.site.abbreviations.get(abbr);
                if full.is_some_and(|f| *f != e.term) {
                    problems.push(
                        Self::error(
                            cx,
                            "glossary/duplicate-abbr",
                            place,
                            format!(
                                "the abbreviation `{abbr}` already stands for \"{}\"",
                                full.map_or("", String::as_str)
                            ),
                        )
                        .with_hint("an abbreviation can stand for one term only in a site"),
                    );
                }
            }
        }
        problems
    }

    fn template_data(&self, cx: &BlockContext) -> serde_json::Value {
        let order = TitleOrder::new(cx.site.config.language);
        let mut entries: Vec<&Entry> = self.entries.iter().collect();
        entries.sort_by(|a, b| order.titles(&a.term, &b.term));
        let entries: Vec<serde_json::Value> = entries
            .into_iter()
            .map(|e| {
                let see_also: Vec<serde_json::Value> = e
                    .see_also
                    .iter()
                    .filter_map(|(name, _)| Self::find(cx, name))
                    .map(|t| {
                        let url = if t.doc == cx.doc {
                            let mut url = String::from("#");
                            metodika_core::url::encode_href_segment(&t.term.anchor, &mut url);
                            url
                        } else {
                            let mut url = cx.here.to(&cx.site.docs[t.doc].url);
                            url.push('#');
                            metodika_core::url::encode_href_segment(&t.term.anchor, &mut url);
                            url
                        };
                        json!({ "title": t.term.term, "abbr": t.term.abbr, "url": url })
                    })
                    .collect();
                // Words the browser's filter matches, beside the visible text.
                let mut keywords = vec![e.term.clone()];
                keywords.extend(e.abbr.clone());
                keywords.extend(e.synonyms.iter().cloned());
                json!({
                    "id": e.id,
                    "term": e.term,
                    "abbr": e.abbr,
                    "definition": e.definition_html,
                    "synonyms": e.synonyms,
                    "see_also": see_also,
                    "keywords": keywords.join(" "),
                })
            })
            .collect();
        json!({ "entries": entries })
    }

    fn search_records(&self) -> Vec<SearchRecord> {
        self.entries
            .iter()
            .map(|e| SearchRecord {
                anchor: e.id.clone(),
                kind: "glossary-entry",
                title: match &e.abbr {
                    Some(a) => format!("{} ({a})", e.term),
                    None => e.term.clone(),
                },
                text: e.definition_text.clone(),
                keywords: e.abbr.iter().chain(&e.synonyms).cloned().collect(),
                title_label: None,
                names: std::iter::once(&e.term)
                    .chain(&e.abbr)
                    .chain(&e.synonyms)
                    .cloned()
                    .collect(),
            })
            .collect()
    }

    fn plain_text(&self) -> String {
        self.entries
            .iter()
            .map(|e| format!("{} {}", e.term, e.definition_text))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_schema_declares_exactly_the_keys_of_the_kind() {
        assert_eq!(super::ROOT.keys(), super::INFO.keys);
    }

    use super::*;

    fn parse(text: &str) -> Result<Box<dyn Block>, Vec<Diagnostic>> {
        crate::test_support::with_yaml(text, true, |node, cx| Glossary.parse(node, cx))
    }

    #[test]
    fn entries_give_terms_anchors_links_and_search_records() {
        let b = parse("entries:\n  - term: Valsts policija\n    abbr: VP\n    synonyms: [policija]\n    definition: |\n      Sk. [krīzes dzīvokli](a.md#x).\n  - term: Krīzes dzīvoklis\n    definition: Drošs mājoklis.\n").unwrap();
        let anchors: Vec<String> = b.anchors().into_iter().map(|(a, _)| a).collect();
        assert_eq!(anchors, ["valsts-policija", "krīzes-dzīvoklis"]);
        let links = b.links();
        assert_eq!(links[0].dest, "a.md#x");
        let text = "entries:\n  - term: Valsts policija\n    abbr: VP\n    synonyms: [policija]\n    definition: |\n      Sk. [krīzes dzīvokli](a.md#x).\n";
        assert_eq!(
            metodika_core::diagnostics::line_column(text, links[0].offset).0,
            6
        );
        assert_eq!(b.terms()[0].abbr.as_deref(), Some("VP"));
        let r = b.search_records();
        assert_eq!(
            (r[0].anchor.as_str(), r[0].kind, r[0].title.as_str()),
            ("valsts-policija", "glossary-entry", "Valsts policija (VP)")
        );
        assert_eq!(r[0].keywords, ["VP", "policija"]);
    }

    #[test]
    fn mistakes_are_reported_at_their_line() {
        let e = parse("entries:\n  - term: A\n    definiton: x\n  - definition: y\n  - term: B\n    definition: z\n    abbr: V P\n  - term: C\n    id: b\n    definition: w\n").unwrap_err();
        let at: Vec<(usize, &str)> = e.iter().map(|d| (d.line, d.code)).collect();
        assert!(at.contains(&(3, "yaml/unknown-key")), "{at:?}");
        assert!(at.contains(&(2, "yaml/missing")), "{at:?}");
        assert!(at.contains(&(4, "yaml/missing")), "{at:?}");
        assert!(at.contains(&(7, "glossary/abbr")), "{at:?}");
        assert!(at.contains(&(9, "glossary/duplicate-id")), "{at:?}");
        assert_eq!(parse("").unwrap_err()[0].code, "glossary/entries");
        assert_eq!(
            parse("entries: []\n").unwrap_err()[0].code,
            "glossary/entries"
        );
        assert_eq!(parse("entries: 5\n").unwrap_err()[0].code, "yaml/type");
    }
}

//! Decision checklists: items that must hold (`required`), must not hold (`exclusion`) or
//! only inform (`note`), and outcomes the author words, chosen by fixed rules in the order
//! written (the first that matches wins). Written as a page: `kind: checklist` with `items:`
//! and `outcomes:`. Each answer is yes, no or not known: "not known" never satisfies a
//! required item and never rules out an exclusion. The rules: `exclusion` (an exclusion is
//! answered yes), `not_met` (a required item is answered no and no exclusion holds: the
//! conditions are not met, which is an answer, not an open question), `all_required` (every
//! required item yes, every exclusion no) and `otherwise`; the first three never match the
//! same answers, so only `otherwise` has a place of its own (last). `js/kinds/checklist.js` shows the outcome
//! as the specialist answers and keeps the answers in the browser; printed, it is a paper
//! form with empty boxes and the rules spelled out.

use std::collections::HashMap;

use serde_json::{json, Value as Json};

use super::text::{valid_id, Rich, Texts};
use metodika_core::diagnostics::Diagnostic;
use metodika_core::yaml::{Node, Pos};

use crate::schema::{list_len, Codes, Field, Need, Record, Said, Schema, Type};
use metodika_markdown::LinkRef;
use metodika_model::kind::{Block, BlockContext, Kind, KindInfo, ParseContext, SearchRecord};

pub(crate) struct Checklist;

static INFO: KindInfo = KindInfo {
    name: "checklist",
    front_matter: true,
    fence: false,
    keys: &["items", "outcomes"],
    before_body: false,
    template: "kinds/checklist.html",
    print_template: "kinds/checklist.html",
    css: &["css/kinds/checklist.css"],
    js: &["js/kinds/checklist.js"],
    site_js: &[],
    new_site: &metodika_model::kind::new_site_examples(
        (
            "content/pakalpojumi/pieskirsana.md",
            include_str!("new-site.lv.md"),
        ),
        (
            "content/services/granting.md",
            include_str!("new-site.en.md"),
        ),
    ),
    site_pages: &[],
    search_labels: &[
        ("checklist-item", "search_kind_checklist_item"),
        ("checklist-outcome", "search_kind_checklist_outcome"),
    ],
    body_labels: &[],
};

const ITEM_TYPES: &[&str] = &["required", "exclusion", "note"];
/// The rules an outcome can have, as written in `when:`.
pub const RULES: &[&str] = &["exclusion", "not_met", "all_required", "otherwise"];

#[derive(Debug)]
struct Item {
    id: String,
    offset: usize,
    kind: &'static str,
    text: Rich,
    explanation: Option<Rich>,
}

#[derive(Debug)]
struct Outcome {
    id: String,
    offset: usize,
    when: &'static str,
    title: String,
    guidance: Option<Rich>,
}

#[derive(Debug)]
pub(crate) struct ChecklistBlock {
    items: Vec<Item>,
    outcomes: Vec<Outcome>,
    links: Vec<LinkRef>,
    inner_anchors: Vec<String>,
    offset: usize,
    /// The checklist's id on its page (one checklist per page): `kontrolsaraksts` on a
    /// Latvian site, `checklist` on an English one.
    id: &'static str,
}

/// What the browser keeps a checklist's answers under (`page#checklist`), in every language.
const STORE_KEY: &str = "checklist";

impl Kind for Checklist {
    fn info(&self) -> &'static KindInfo {
        &INFO
    }

    fn parse(&self, node: Option<&Node>, cx: &mut ParseContext) -> Option<Box<dyn Block>> {
        let root = node?;
        let before = cx.problems.len();
        let mut record = ROOT.read(root, cx, cx.fenced);
        let block_id =
            metodika_model::kind::block_id(cx.labels.language, "kontrolsaraksts", "checklist");
        let mut read = Reading {
            ids: HashMap::from([(block_id.to_string(), root.pos)]),
            texts: Texts::default(),
            rules_seen: HashMap::new(),
            problems: Vec::new(),
        };
        let written_items = list_len(root, "items");
        if written_items == 0 {
            read.problems.push(
                cx.source
                    .error("checklist/items", root.key_pos("items"), "the checklist has no items")
                    .with_hint("add `items:` with `- type: required`, `- type: exclusion` or `- type: note` entries, each with its `text:`"),
            );
        }
        let items: Vec<Item> = (record.maps("items").into_iter().enumerate())
            .filter_map(|(n, item)| read.item(n, item, cx))
            .collect();
        let written_outcomes = list_len(root, "outcomes");
        if written_outcomes == 0 {
            read.problems.push(
                cx.source
                    .error("checklist/outcomes", root.key_pos("outcomes"), "the checklist has no outcomes")
                    .with_hint("add `outcomes:` with one `- when: exclusion`, `- when: not_met`, `- when: all_required` and a last `- when: otherwise`, each with its `title:`"),
            );
        }
        let outcomes: Vec<Outcome> = (record.maps("outcomes").into_iter().enumerate())
            .filter_map(|(n, outcome)| read.outcome(n, written_outcomes, outcome, cx))
            .collect();
        let all_items_read = items.len() == written_items;
        read.check_rules(root, &items, all_items_read, written_outcomes > 0, cx);
        cx.problems.append(&mut read.problems);
        cx.problems[before..].sort_by_key(|d| (d.line, d.column));
        if cx.problems.len() > before {
            return None;
        }
        let inner_anchors = read.texts.sorted_anchors();
        Some(Box::new(ChecklistBlock {
            items,
            outcomes,
            links: read.texts.links,
            inner_anchors,
            offset: cx.source.file_offset(root.pos),
            id: block_id,
        }))
    }
}

/// The checklist's two lists.
static ROOT: Schema = Schema {
    what: "checklist",
    codes: CODES,
    shared: &[],
    fields: &[
        Field {
            key: "items",
            ty: Type::Maps {
                schema: &ITEM,
                hint: "write one `- type: required` (or `exclusion`, `note`) item per line of the checklist",
                not_a_map: Said {
                    code: "checklist/item",
                    message: "an item must be a map of keys, not {}",
                    hint: "start each item with `- type: required` and indent its `text:` under it",
                },
            },
            need: Need::Optional,
        },
        Field {
            key: "outcomes",
            ty: Type::Maps {
                schema: &OUTCOME,
                hint: "write one `- when: ...` item per outcome",
                not_a_map: Said {
                    code: "checklist/outcome",
                    message: "an outcome must be a map of keys, not {}",
                    hint: "start each outcome with `- when: ...` and indent its `title:` under it",
                },
            },
            need: Need::Optional,
        },
    ],
};

/// One line of the checklist.
static ITEM: Schema = Schema {
    what: "checklist item",
    codes: CODES,
    shared: &[],
    fields: &[
        Field::optional("id", Type::Text),
        Field {
            key: "type",
            ty: Type::OneOf {
                allowed: ITEM_TYPES,
                said: Said {
                    code: "checklist/type",
                    message: "`{}` is not an item type",
                    hint: "the types are: required (must hold), exclusion (must not hold), note (information)",
                },
            },
            need: Need::Required {
                example: "required",
            },
        },
        Field::required("text", Type::Inline, "Ir izvērtēta iespēja iesniegt pieteikumu pagaidu aizsardzībai"),
        Field::optional("explanation", Type::Markdown),
    ],
};

/// One outcome, with the rule that selects it.
static OUTCOME: Schema = Schema {
    what: "outcome",
    codes: CODES,
    shared: &[],
    fields: &[
        Field::optional("id", Type::Text),
        Field {
            key: "when",
            ty: Type::OneOf {
                allowed: RULES,
                said: Said {
                    code: "checklist/when",
                    message: "`{}` is not an outcome rule",
                    hint: "the rules are: exclusion, not_met, all_required, otherwise",
                },
            },
            need: Need::Required {
                example: "otherwise",
            },
        },
        Field::required("title", Type::Text, "Vēl nav izlemts"),
        Field::optional("guidance", Type::Markdown),
    ],
};

const CODES: Codes = Codes {
    inline: "checklist/inline",
    value: "checklist/value",
    date: "checklist/date",
};

/// What reading a checklist gathers besides its items and outcomes.
struct Reading {
    /// Every id of the checklist, with where it is written.
    ids: HashMap<String, Pos>,
    texts: Texts,
    /// Each rule's first outcome.
    rules_seen: HashMap<&'static str, Pos>,
    problems: Vec<Diagnostic>,
}

impl Reading {
    /// An item's or outcome's id: the one written (checked), or `default`; once per
    /// checklist.
    fn claim(
        &mut self,
        written: Option<&Node>,
        default: String,
        default_pos: Pos,
        cx: &ParseContext,
    ) -> (String, Pos) {
        let source = cx.source;
        let (id, pos) = match written.and_then(|n| n.as_str().map(|i| (i, n))) {
            Some((i, node)) => {
                if !valid_id(i) {
                    self.problems.push(
                        source
                            .error(
                                "checklist/id",
                                node.pos,
                                format!("the id `{i}` cannot be an anchor"),
                            )
                            .with_hint("use letters, digits and `-`, e.g. `id: augsts-risks`"),
                    );
                }
                (i.trim().to_string(), node.pos)
            }
            None => (default, default_pos),
        };
        if let Some(first) = self.ids.get(&id) {
            self.problems.push(
                source
                    .error(
                        "checklist/duplicate-id",
                        pos,
                        format!(
                            "the id `{id}` is used twice in this checklist (first on line {})",
                            source.file_pos(*first).0
                        ),
                    )
                    .with_hint("give every item and outcome its own `id:`"),
            );
        } else {
            self.ids.insert(id.clone(), pos);
        }
        (id, pos)
    }

    fn keep_texts(&mut self, record: &mut Record) {
        self.texts.absorb(&mut record.texts);
    }

    fn item(&mut self, n: usize, mut record: Record, cx: &ParseContext) -> Option<Item> {
        let (id, pos) = self.claim(record.node("id"), format!("item-{}", n + 1), record.pos, cx);
        self.keep_texts(&mut record);
        let (kind, _) = record.word("type")?;
        let text = record.rich("text")?;
        Some(Item {
            id,
            offset: cx.source.file_offset(pos),
            kind,
            text,
            explanation: record.rich("explanation"),
        })
    }

    fn outcome(
        &mut self,
        n: usize,
        written: usize,
        mut record: Record,
        cx: &ParseContext,
    ) -> Option<Outcome> {
        let source = cx.source;
        let when = record.word("when");
        if let Some((rule, pos)) = when {
            if let Some(first) = self.rules_seen.insert(rule, pos) {
                self.problems.push(
                    source
                        .error("checklist/duplicate-rule", pos, format!("two outcomes have `when: {rule}` (the first on line {}); only the first could ever be shown", source.file_pos(first).0))
                        .with_hint("keep one outcome per rule"),
                );
            }
            if rule == "otherwise" && n + 1 != written {
                self.problems.push(
                    source
                        .error("checklist/otherwise-last", pos, "the `otherwise` outcome must come last: the outcomes after it could never be shown")
                        .with_hint("move it to the end of `outcomes:`"),
                );
            }
        }
        let default = format!(
            "outcome-{}",
            when.map_or("x".to_string(), |(w, _)| w.replace('_', "-"))
        );
        let (id, pos) = self.claim(record.node("id"), default, record.pos, cx);
        self.keep_texts(&mut record);
        let (when, _) = when?;
        let title = record.text("title")?;
        Some(Outcome {
            id,
            offset: source.file_offset(pos),
            when,
            title,
            guidance: record.rich("guidance"),
        })
    }

    /// Every rule must be able to fire, and every answer must reach an outcome.
    fn check_rules(
        &mut self,
        root: &Node,
        items: &[Item],
        all_items_read: bool,
        has_outcomes: bool,
        cx: &ParseContext,
    ) {
        let source = cx.source;
        let has = |kind: &str| items.iter().any(|i| i.kind == kind);
        let has_items = list_len(root, "items") > 0;
        let outcomes_pos = root.key_pos("outcomes");
        if has_outcomes && !self.rules_seen.contains_key("otherwise") {
            self.problems.push(
                source
                    .error("checklist/otherwise", outcomes_pos, "no outcome has `when: otherwise`, so some answers would reach no outcome")
                    .with_hint("end `outcomes:` with `- when: otherwise` and a title such as \"Vēl nav izlemts\""),
            );
        }
        if has("exclusion") && has_outcomes && !self.rules_seen.contains_key("exclusion") {
            self.problems.push(
                source
                    .error("checklist/exclusion-outcome", outcomes_pos, "the checklist has exclusion items but no outcome `when: exclusion`")
                    .with_hint("add `- when: exclusion` with what the specialist must do when an exclusion holds"),
            );
        }
        if let Some(pos) = self.rules_seen.get("exclusion").copied() {
            if !has("exclusion") && has_items {
                self.problems.push(
                    source
                        .error("checklist/dead-outcome", pos, "the outcome `when: exclusion` can never be shown: no item has `type: exclusion`")
                        .with_hint("add the exclusion items, or remove this outcome"),
                );
            }
        }
        for rule in ["not_met", "all_required"] {
            if let Some(pos) = self.rules_seen.get(rule).copied() {
                if !has("required") && has_items {
                    self.problems.push(
                        source
                            .error("checklist/dead-outcome", pos, format!("the outcome `when: {rule}` can never be shown: no item has `type: required`"))
                            .with_hint("add the required items, or remove this outcome"),
                    );
                }
            }
        }
        if has_items && all_items_read && !has("required") && !has("exclusion") {
            self.problems.push(
                source
                    .error(
                        "checklist/items",
                        root.key_pos("items"),
                        "every item is a note: there is nothing to decide",
                    )
                    .with_hint(
                        "mark what must hold `type: required` and what must not `type: exclusion`",
                    ),
            );
        }
    }
}

fn rich(r: &Option<Rich>) -> Json {
    r.as_ref()
        .map_or(Json::Null, |r| Json::String(r.html.clone()))
}

impl Block for ChecklistBlock {
    fn info(&self) -> &'static KindInfo {
        &INFO
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }

    fn anchors(&self) -> Vec<(String, usize)> {
        let mut anchors = vec![(self.id.to_string(), self.offset)];
        anchors.extend(self.items.iter().map(|i| (i.id.clone(), i.offset)));
        anchors.extend(self.outcomes.iter().map(|o| (o.id.clone(), o.offset)));
        anchors.extend(self.inner_anchors.iter().map(|a| (a.clone(), self.offset)));
        anchors
    }

    fn links(&self) -> Vec<LinkRef> {
        self.links.clone()
    }

    fn template_data(&self, cx: &BlockContext) -> Json {
        let page = &cx.site.docs[cx.doc];
        json!({
            "id": self.id,
            "key": format!("{}#{STORE_KEY}", page.url),
            "items": self.items.iter().map(|i| json!({
                "id": i.id,
                "type": i.kind,
                "text": i.text.html,
                "explanation": rich(&i.explanation),
            })).collect::<Vec<_>>(),
            "outcomes": self.outcomes.iter().map(|o| json!({
                "id": o.id,
                "when": o.when,
                "title": o.title,
                "guidance": rich(&o.guidance),
            })).collect::<Vec<_>>(),
            "has_exclusions": self.items.iter().any(|i| i.kind == "exclusion"),
            "has_required": self.items.iter().any(|i| i.kind == "required"),
        })
    }

    fn search_records(&self) -> Vec<SearchRecord> {
        let items = self.items.iter().map(|i| SearchRecord {
            anchor: i.id.clone(),
            kind: "checklist-item",
            title: i.text.text.clone(),
            text: i
                .explanation
                .as_ref()
                .map(|e| e.text.clone())
                .unwrap_or_default(),
            keywords: Vec::new(),
            title_label: None,
            names: Vec::new(),
        });
        let outcomes = self.outcomes.iter().map(|o| SearchRecord {
            anchor: o.id.clone(),
            kind: "checklist-outcome",
            title: o.title.clone(),
            text: o
                .guidance
                .as_ref()
                .map(|g| g.text.clone())
                .unwrap_or_default(),
            keywords: Vec::new(),
            title_label: None,
            names: Vec::new(),
        });
        items.chain(outcomes).collect()
    }

    fn plain_text(&self) -> String {
        self.items
            .iter()
            .map(|i| i.text.text.as_str())
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
    use crate::test_support;

    fn parse(text: &str) -> Result<Box<dyn Block>, Vec<Diagnostic>> {
        test_support::with_yaml(text, false, |node, cx| Checklist.parse(node, cx))
    }

    fn problems(text: &str) -> Vec<(usize, &'static str)> {
        test_support::problems(parse(text))
    }

    const GOOD: &str = "title: Lēmums\nitems:\n  - type: exclusion\n    id: pasnavibas-risks\n    text: Mēģinājusi izdarīt pašnāvību\n  - type: required\n    text: Novērtējums rāda **augstu** risku\n    explanation: Sk. [lapu](a.md#x).\n  - type: note\n    text: Piezīme.\noutcomes:\n  - when: exclusion\n    title: Nepiešķir\n    guidance: Meklējiet citu atbalstu.\n  - when: all_required\n    id: var\n    title: Var piešķirt\n  - when: otherwise\n    title: Vēl nav izlemts\n";

    #[test]
    fn items_and_outcomes_parse_with_anchors_links_and_search_records() {
        let b = parse(GOOD).unwrap();
        let anchors: Vec<String> = b.anchors().into_iter().map(|(a, _)| a).collect();
        assert_eq!(
            anchors,
            [
                "kontrolsaraksts",
                "pasnavibas-risks",
                "item-2",
                "item-3",
                "outcome-exclusion",
                "var",
                "outcome-otherwise"
            ]
        );
        assert_eq!(b.links()[0].dest, "a.md#x");
        assert_eq!(
            metodika_core::diagnostics::line_column(GOOD, b.links()[0].offset).0,
            8
        );
        let r = b.search_records();
        assert_eq!(
            (r[1].kind, r[1].anchor.as_str(), r[1].title.as_str()),
            ("checklist-item", "item-2", "Novērtējums rāda augstu risku")
        );
        assert_eq!(
            (r[3].kind, r[3].title.as_str()),
            ("checklist-outcome", "Nepiešķir")
        );
    }

    #[test]
    fn every_rule_is_checked_at_its_line() {
        assert_eq!(
            problems("title: T\n"),
            [(1, "checklist/items"), (1, "checklist/outcomes")]
        );
        let typo = GOOD.replace("type: exclusion", "type: exlusion");
        let e = parse(&typo).unwrap_err();
        assert_eq!((e[0].line, e[0].code), (3, "checklist/type"));
        assert_eq!(e[0].hint.as_deref(), Some("did you mean `exclusion`?"));
        assert_eq!(
            problems(&GOOD.replace("    text: Piezīme.\n", "    txt: Piezīme.\n")),
            [(9, "yaml/missing"), (10, "yaml/unknown-key")]
        );
        assert_eq!(
            problems(&GOOD.replace("  - when: otherwise\n    title: Vēl nav izlemts\n", "")),
            [(11, "checklist/otherwise")]
        );
        let not_last = "title: T\nitems:\n  - type: required\n    text: A\noutcomes:\n  - when: otherwise\n    title: X\n  - when: all_required\n    title: Y\n";
        assert_eq!(problems(not_last), [(6, "checklist/otherwise-last")]);
        let twice = GOOD.replace("  - when: all_required\n", "  - when: exclusion\n");
        assert!(
            problems(&twice).contains(&(15, "checklist/duplicate-rule")),
            "{:?}",
            problems(&twice)
        );
        let no_exclusion_outcome = GOOD.replace(
            "  - when: exclusion\n    title: Nepiešķir\n    guidance: Meklējiet citu atbalstu.\n",
            "",
        );
        assert_eq!(
            problems(&no_exclusion_outcome),
            [(11, "checklist/exclusion-outcome")]
        );
        let dead = GOOD.replace("type: exclusion", "type: note");
        assert_eq!(problems(&dead), [(12, "checklist/dead-outcome")]);
        let duplicate = GOOD.replace("    id: var\n", "    id: pasnavibas-risks\n");
        assert_eq!(problems(&duplicate), [(16, "checklist/duplicate-id")]);
        let notes = "title: T\nitems:\n  - type: note\n    text: A\noutcomes:\n  - when: otherwise\n    title: X\n";
        assert_eq!(problems(notes), [(2, "checklist/items")]);
        assert_eq!(
            problems(&GOOD.replace("when: all_required", "when: all")),
            [(15, "checklist/when")]
        );
        let e = parse(&GOOD.replace("when: all_required", "when: not-met")).unwrap_err();
        assert_eq!(e[0].hint.as_deref(), Some("did you mean `not_met`?"));
    }

    #[test]
    fn a_not_met_outcome_parses_and_needs_a_required_item() {
        let with_not_met = GOOD.replace(
            "  - when: all_required\n",
            "  - when: not_met\n    title: Nosacījumi nav izpildīti\n  - when: all_required\n",
        );
        let b = parse(&with_not_met).unwrap();
        let anchors: Vec<String> = b.anchors().into_iter().map(|(a, _)| a).collect();
        assert!(
            anchors.contains(&"outcome-not-met".to_string()),
            "{anchors:?}"
        );
        // Only the required item could make it fire: without one the outcome is dead.
        let dead = with_not_met.replace("  - type: required\n", "  - type: note\n");
        assert_eq!(
            problems(&dead),
            [
                (15, "checklist/dead-outcome"),
                (17, "checklist/dead-outcome")
            ]
        );
        let twice = with_not_met.replace("when: all_required", "when: not_met");
        assert!(problems(&twice).contains(&(17, "checklist/duplicate-rule")));
    }
}

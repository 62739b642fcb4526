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
use metodika_core::diagnostics::{did_you_mean, Diagnostic};
use metodika_core::yaml::{Fields, Node, Pos};
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

const ITEM_KEYS: &[&str] = &["id", "type", "text", "explanation"];
const ITEM_TYPES: &[&str] = &["required", "exclusion", "note"];
const OUTCOME_KEYS: &[&str] = &["id", "when", "title", "guidance"];
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
        let source = cx.source;
        let root = node?;
        let mut fields = Fields::unchecked(root, &source);
        let items = fields.list(
            "items",
            "write one `- type: required` (or `exclusion`, `note`) item per line of the checklist",
        );
        let outcomes = fields.list("outcomes", "write one `- when: ...` item per outcome");
        let mut problems = fields.finish();
        let mut texts = Texts::default();
        let mut ids: HashMap<String, Pos> = HashMap::new();
        let block_id =
            metodika_model::kind::block_id(cx.labels.language, "kontrolsaraksts", "checklist");
        ids.insert(block_id.to_string(), root.pos);
        // An item's or outcome's id: the one written (checked), or `default`; once per checklist.
        let mut claim = |problems: &mut Vec<Diagnostic>,
                         written: Option<(String, &Node)>,
                         default: String,
                         default_pos: Pos|
         -> (String, Pos) {
            let (id, pos) = match written {
                Some((i, node)) => {
                    if !valid_id(&i) {
                        problems.push(
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
            if let Some(first) = ids.get(&id) {
                problems.push(
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
                ids.insert(id.clone(), pos);
            }
            (id, pos)
        };
        if items.is_empty() {
            problems.push(
                source
                    .error("checklist/items", root.key_pos("items"), "the checklist has no items")
                    .with_hint("add `items:` with `- type: required`, `- type: exclusion` or `- type: note` entries, each with its `text:`"),
            );
        }
        let mut parsed_items = Vec::new();
        for (n, item) in items.iter().enumerate() {
            if !item.is_map() {
                problems.push(
                    source
                        .error("checklist/item", item.pos, format!("an item must be a map of keys, not {}", item.describe()))
                        .with_hint("start each item with `- type: required` and indent its `text:` under it"),
                );
                continue;
            }
            let mut f = Fields::new(item, ITEM_KEYS, "checklist item", &source);
            let kind = f.required_text("type", "required");
            let text = f.required_text(
                "text",
                "Ir izvērtēta iespēja iesniegt pieteikumu pagaidu aizsardzībai",
            );
            let explanation = f.text("explanation");
            let id = f.text("id");
            problems.append(&mut f.finish());
            let kind = match kind {
                Some((k, node)) => match ITEM_TYPES.iter().find(|t| **t == k.trim()) {
                    Some(t) => Some(*t),
                    None => {
                        let hint = match did_you_mean(k.trim(), ITEM_TYPES) {
                            Some(s) => format!("did you mean `{s}`?"),
                            None => "the types are: required (must hold), exclusion (must not hold), note (information)".to_string(),
                        };
                        problems.push(
                            source
                                .error(
                                    "checklist/type",
                                    node.pos,
                                    format!("`{}` is not an item type", k.trim()),
                                )
                                .with_hint(hint),
                        );
                        None
                    }
                },
                None => None,
            };
            let (id, pos) = claim(&mut problems, id, format!("item-{}", n + 1), item.pos);
            let (Some(kind), Some((text, text_node))) = (kind, text) else {
                continue;
            };
            let text = texts.inline(cx, &text, text_node, "text", "checklist/inline");
            let explanation = explanation.map(|(t, n)| texts.block(cx, &t, n));
            parsed_items.push(Item {
                id,
                offset: source.file_offset(pos),
                kind,
                text,
                explanation,
            });
        }

        if outcomes.is_empty() {
            problems.push(
                source
                    .error("checklist/outcomes", root.key_pos("outcomes"), "the checklist has no outcomes")
                    .with_hint("add `outcomes:` with one `- when: exclusion`, `- when: not_met`, `- when: all_required` and a last `- when: otherwise`, each with its `title:`"),
            );
        }
        let mut parsed_outcomes: Vec<Outcome> = Vec::new();
        let mut rules_seen: HashMap<&'static str, Pos> = HashMap::new();
        for (n, item) in outcomes.iter().enumerate() {
            if !item.is_map() {
                problems.push(
                    source
                        .error("checklist/outcome", item.pos, format!("an outcome must be a map of keys, not {}", item.describe()))
                        .with_hint("start each outcome with `- when: ...` and indent its `title:` under it"),
                );
                continue;
            }
            let mut f = Fields::new(item, OUTCOME_KEYS, "outcome", &source);
            let when = f.required_text("when", "otherwise");
            let title = f.required_text("title", "Vēl nav izlemts");
            let guidance = f.text("guidance");
            let id = f.text("id");
            problems.append(&mut f.finish());
            let when = match when {
                Some((w, node)) => match RULES.iter().find(|r| **r == w.trim()) {
                    Some(r) => {
                        if let Some(first) = rules_seen.insert(r, node.pos) {
                            problems.push(
                                source
                                    .error("checklist/duplicate-rule", node.pos, format!("two outcomes have `when: {r}` (the first on line {}); only the first could ever be shown", source.file_pos(first).0))
                                    .with_hint("keep one outcome per rule"),
                            );
                        }
                        if *r == "otherwise" && n + 1 != outcomes.len() {
                            problems.push(
                                source
                                    .error("checklist/otherwise-last", node.pos, "the `otherwise` outcome must come last: the outcomes after it could never be shown")
                                    .with_hint("move it to the end of `outcomes:`"),
                            );
                        }
                        Some((*r, node))
                    }
                    None => {
                        let hint = match did_you_mean(w.trim(), RULES) {
                            Some(s) => format!("did you mean `{s}`?"),
                            None => "the rules are: exclusion, not_met, all_required, otherwise"
                                .to_string(),
                        };
                        problems.push(
                            source
                                .error(
                                    "checklist/when",
                                    node.pos,
                                    format!("`{}` is not an outcome rule", w.trim()),
                                )
                                .with_hint(hint),
                        );
                        None
                    }
                },
                None => None,
            };
            let default = format!(
                "outcome-{}",
                when.map_or("x".to_string(), |(w, _)| w.replace('_', "-"))
            );
            let (id, pos) = claim(&mut problems, id, default, item.pos);
            let (Some((when, _)), Some((title, _))) = (when, title) else {
                continue;
            };
            let guidance = guidance.map(|(t, n)| texts.block(cx, &t, n));
            parsed_outcomes.push(Outcome {
                id,
                offset: source.file_offset(pos),
                when,
                title: title.trim().to_string(),
                guidance,
            });
        }
        // Every rule must be able to fire, and every answer must reach an outcome.
        let has = |kind: &str| parsed_items.iter().any(|i| i.kind == kind);
        if !outcomes.is_empty() && !rules_seen.contains_key("otherwise") {
            problems.push(
                source
                    .error("checklist/otherwise", root.key_pos("outcomes"), "no outcome has `when: otherwise`, so some answers would reach no outcome")
                    .with_hint("end `outcomes:` with `- when: otherwise` and a title such as \"Vēl nav izlemts\""),
            );
        }
        if has("exclusion") && !outcomes.is_empty() && !rules_seen.contains_key("exclusion") {
            problems.push(
                source
                    .error("checklist/exclusion-outcome", root.key_pos("outcomes"), "the checklist has exclusion items but no outcome `when: exclusion`")
                    .with_hint("add `- when: exclusion` with what the specialist must do when an exclusion holds"),
            );
        }
        if let Some(pos) = rules_seen.get("exclusion") {
            if !has("exclusion") && !items.is_empty() {
                problems.push(
                    source
                        .error("checklist/dead-outcome", *pos, "the outcome `when: exclusion` can never be shown: no item has `type: exclusion`")
                        .with_hint("add the exclusion items, or remove this outcome"),
                );
            }
        }
        for rule in ["not_met", "all_required"] {
            if let Some(pos) = rules_seen.get(rule) {
                if !has("required") && !items.is_empty() {
                    problems.push(
                        source
                            .error("checklist/dead-outcome", *pos, format!("the outcome `when: {rule}` can never be shown: no item has `type: required`"))
                            .with_hint("add the required items, or remove this outcome"),
                    );
                }
            }
        }
        if !items.is_empty()
            && parsed_items.len() == items.len()
            && !has("required")
            && !has("exclusion")
        {
            problems.push(
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
        problems.sort_by_key(|d| (d.line, d.column));
        cx.problems.append(&mut problems);
        if !cx.problems.is_empty() {
            return None;
        }
        let inner_anchors = texts.sorted_anchors();
        Some(Box::new(ChecklistBlock {
            items: parsed_items,
            outcomes: parsed_outcomes,
            links: texts.links,
            inner_anchors,
            offset: source.file_offset(root.pos),
            id: block_id,
        }))
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

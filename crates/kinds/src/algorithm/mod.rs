//! The cooperation algorithm: who does what, in which order, with decision branches. Written
//! as a page (`kind: algorithm` with `actors:`, `start:` and `steps:`); the Markdown body is
//! the narrative. Shown three ways from the same data: an SVG flowchart laid out here in Rust
//! ([`layout`]), a step-by-step walkthrough (`js/kinds/algorithm.js`), and a plain ordered
//! text version for screen readers, print and readers without JavaScript.

pub(crate) mod layout;
mod parse;

use serde_json::{json, Value as Json};

use metodika_core::yaml::Node;
use metodika_markdown::LinkRef;
use metodika_model::kind::{Block, BlockContext, Kind, KindInfo, ParseContext, SearchRecord};

pub(crate) use parse::Algorithm;

pub(crate) struct AlgorithmKind;

static INFO: KindInfo = KindInfo {
    name: "algorithm",
    front_matter: true,
    fence: false,
    keys: &["actors", "start", "steps"],
    before_body: false,
    template: "kinds/algorithm.html",
    print_template: "kinds/algorithm.html",
    css: &["css/kinds/algorithm.css"],
    js: &["js/kinds/algorithm.js"],
    site_js: &[],
    new_site: &metodika_model::kind::new_site_examples(
        ("content/algoritms.md", include_str!("new-site.lv.md")),
        ("content/algorithm.md", include_str!("new-site.en.md")),
    ),
    site_pages: &[],
    search_labels: &[
        ("algorithm-step", "search_kind_algorithm_step"),
        ("algorithm-decision", "search_kind_algorithm_decision"),
    ],
    body_labels: &[],
};

#[derive(Debug)]
pub(crate) struct AlgorithmBlock {
    alg: Algorithm,
    /// The flowchart, made once when the page is parsed.
    svg: String,
    order: Vec<usize>,
    links: Vec<LinkRef>,
    inner_anchors: Vec<String>,
    offset: usize,
    title: String,
    /// The block's id: `algoritms` (Latvian sites) or `algorithm`.
    id: &'static str,
}

impl Kind for AlgorithmKind {
    fn info(&self) -> &'static KindInfo {
        &INFO
    }

    fn parse(&self, node: Option<&Node>, cx: &mut ParseContext) -> Option<Box<dyn Block>> {
        let root = node?;
        let title = root
            .get("title")
            .and_then(Node::as_str)
            .unwrap_or_default()
            .to_string();
        let offset = cx.source.file_offset(root.pos);
        let mut alg = parse::parse(root, cx)?;
        let placed = layout::layout(&alg);
        let svg = layout::svg(&alg, &placed, &title);
        let links = std::mem::take(&mut alg.texts.links);
        let inner_anchors = alg.texts.sorted_anchors();
        Some(Box::new(AlgorithmBlock {
            order: placed.order,
            alg,
            svg,
            links,
            inner_anchors,
            offset,
            title,
            id: metodika_model::kind::block_id(cx.labels.language, "algoritms", "algorithm"),
        }))
    }
}

impl Block for AlgorithmBlock {
    fn info(&self) -> &'static KindInfo {
        &INFO
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }

    fn anchors(&self) -> Vec<(String, usize)> {
        let mut anchors = vec![(self.id.to_string(), self.offset)];
        anchors.extend(self.alg.steps.iter().map(|s| (s.id.clone(), s.offset)));
        anchors.extend(self.inner_anchors.iter().map(|a| (a.clone(), self.offset)));
        anchors
    }

    fn links(&self) -> Vec<LinkRef> {
        self.links.clone()
    }

    fn template_data(&self, _cx: &BlockContext) -> Json {
        let alg = &self.alg;
        let steps: Vec<Json> = self
            .order
            .iter()
            .map(|&i| {
                let s = &alg.steps[i];
                json!({
                    "id": s.id,
                    "actor": alg.actors[s.actor].name,
                    "actor_id": alg.actors[s.actor].id,
                    "text": s.text.html,
                    "plain": s.text.text,
                    "decision": s.decision,
                    "end": s.next.is_empty(),
                    "start": i == alg.start,
                    "details": s.details.as_ref().map(|d| d.html.clone()),
                    "deadline": s.deadline,
                    "legal_basis": s.legal_basis.as_ref().map(|l| l.html.clone()),
                    "next": s.next.iter().map(|(label, j)| json!({
                        "label": label,
                        "id": alg.steps[*j].id,
                        "text": alg.steps[*j].text.text,
                    })).collect::<Vec<_>>(),
                })
            })
            .collect();
        json!({
            "id": self.id,
            "title": self.title,
            "svg": self.svg,
            "start": alg.steps[alg.start].id,
            "actors": alg.actors.iter().map(|a| json!({ "id": a.id, "name": a.name })).collect::<Vec<_>>(),
            "steps": steps,
        })
    }

    fn search_records(&self) -> Vec<SearchRecord> {
        self.alg
            .steps
            .iter()
            .map(|s| SearchRecord {
                anchor: s.id.clone(),
                kind: if s.decision {
                    "algorithm-decision"
                } else {
                    "algorithm-step"
                },
                title: s.text.text.clone(),
                text: [
                    self.alg.actors[s.actor].name.as_str(),
                    s.details.as_ref().map_or("", |d| d.text.as_str()),
                    s.deadline.as_deref().unwrap_or(""),
                ]
                .join(" ")
                .trim()
                .to_string(),
                keywords: Vec::new(),
                title_label: None,
                names: Vec::new(),
            })
            .collect()
    }

    fn plain_text(&self) -> String {
        self.alg
            .steps
            .iter()
            .map(|s| s.text.text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

#[cfg(test)]
mod tests;

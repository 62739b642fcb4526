//! Service descriptions: who a service is for, what it includes, who provides and funds it,
//! where it is available, who is eligible or excluded, how to apply, with which documents,
//! on which legal basis, and what else to read. Written as a page (`kind: service`) whose
//! body is the narrative; every service page gets the same layout, and [`Catalogue`] lists
//! them all on `services.html`, filtered in the browser by target group, age and provider.

use serde::Serialize;
use serde_json::{json, Value as Json};

use super::text::{Rich, Texts};
use metodika_core::diagnostics::{did_you_mean, Diagnostic};
use metodika_core::url::Relative;
use metodika_core::yaml::{Fields, Node};
use metodika_markdown::LinkRef;
use metodika_model::kind::{
    Block, BlockContext, Kind, KindInfo, ParseContext, SearchRecord, SitePage,
};
use metodika_model::Site;

pub(crate) struct Service;

pub(crate) static INFO: KindInfo = KindInfo {
    name: "service",
    front_matter: true,
    fence: false,
    keys: &[
        "for",
        "ages",
        "includes",
        "volume",
        "provider",
        "funder",
        "available",
        "available_from",
        "eligibility",
        "exclusions",
        "apply",
        "documents",
        "legal_basis",
        "related",
    ],
    before_body: true,
    template: "kinds/service.html",
    print_template: "kinds/service.html",
    css: &["css/kinds/service.css"],
    js: &["js/kinds/service.js"],
    site_js: &[],
    new_site: &metodika_model::kind::new_site_examples(
        (
            "content/pakalpojumi/konsultacijas.md",
            include_str!("new-site.lv.md"),
        ),
        (
            "content/services/consultations.md",
            include_str!("new-site.en.md"),
        ),
    ),
    site_pages: &[&Catalogue],
    search_labels: &[("service-field", "search_kind_service")],
    body_labels: &[],
};

/// Who a service is for (`for:`), and for which ages (`ages:`), as written.
pub(crate) const TARGETS: &[&str] = &["victims", "perpetrators"];
pub(crate) const AGES: &[&str] = &["adults", "children", "families"];

/// Where the catalogue is written.
pub(crate) const CATALOGUE_URL: &str = "services.html";

#[derive(Debug)]
pub(crate) struct ServiceBlock {
    targets: Vec<&'static str>,
    ages: Vec<&'static str>,
    /// Who provides it, and where it is available; `None` when the author does not say
    /// (shown as the theme's "not stated").
    provider: Option<String>,
    funder: Option<String>,
    available: Option<String>,
    available_from: Option<String>,
    /// (field name, anchor, rendered) in the order shown.
    sections: Vec<(&'static str, Rich)>,
    lists: Vec<(&'static str, Vec<Rich>)>,
    links: Vec<LinkRef>,
    inner_anchors: Vec<String>,
    offset: usize,
    /// The block's id: `pakalpojums` (Latvian sites) or `service`.
    id: &'static str,
}

impl ServiceBlock {
    /// The anchor of a field's section on the page (`pakalpojums-includes`).
    fn anchor(&self, field: &str) -> String {
        format!("{}-{}", self.id, field.replace('_', "-"))
    }
}

/// Reads a list of allowed words (`for`, `ages`): at least one, each known.
fn words(
    fields: &mut Fields,
    key: &str,
    allowed: &'static [&'static str],
    problems: &mut Vec<Diagnostic>,
) -> Vec<&'static str> {
    let source = fields.source;
    let list = fields.text_list(key);
    if list.is_empty() && fields.map.get(key).is_none_or(Node::is_null) {
        problems.push(
            source
                .error(
                    "service/missing",
                    fields.map.key_pos(key),
                    format!("`{key}` is missing: the service must say whom it is for"),
                )
                .with_hint(format!("write e.g. `{key}: [{}]`", allowed[0])),
        );
    }
    let mut out = Vec::new();
    for (word, node) in list {
        match allowed.iter().find(|a| **a == word.trim()) {
            Some(a) if !out.contains(a) => out.push(*a),
            Some(_) => {}
            None => {
                let hint = match did_you_mean(word.trim(), allowed) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("`{key}` allows: {}", allowed.join(", ")),
                };
                problems.push(
                    source
                        .error(
                            "service/value",
                            node.pos,
                            format!("`{}` is not a value of `{key}`", word.trim()),
                        )
                        .with_hint(hint),
                );
            }
        }
    }
    out
}

impl Kind for Service {
    fn info(&self) -> &'static KindInfo {
        &INFO
    }

    fn parse(&self, node: Option<&Node>, cx: &mut ParseContext) -> Option<Box<dyn Block>> {
        let source = cx.source;
        let root = node?;
        let mut fields = Fields::unchecked(root, &source);
        let mut problems = Vec::new();
        let targets = words(&mut fields, "for", TARGETS, &mut problems);
        let ages = words(&mut fields, "ages", AGES, &mut problems);
        let includes = fields.required_text("includes", "Pagaidu droša dzīvesvieta ...");
        let volume = fields.text("volume");
        let provider = fields.text("provider");
        let funder = fields.text("funder");
        let available = fields.text("available");
        let available_from = fields.text("available_from");
        let eligibility = fields.text_list("eligibility");
        let exclusions = fields.text_list("exclusions");
        let apply = fields.required_text("apply", "Sociālajā dienestā ...");
        let documents = fields.text_list("documents");
        let legal_basis = fields.text_list("legal_basis");
        let related = fields.text_list("related");
        if eligibility.is_empty() {
            problems.push(
                source
                    .error(
                        "service/missing",
                        root.key_pos("eligibility"),
                        "`eligibility` is missing: who may receive the service?",
                    )
                    .with_hint("list the conditions, one `- ...` per line"),
            );
        }
        problems.append(&mut fields.finish());
        if let Some((date, node)) = &available_from {
            if !metodika_core::date::is_valid(date) {
                problems.push(
                    source
                        .error(
                            "service/date",
                            node.pos,
                            format!(
                                "`available_from` must be a real date YYYY-MM-DD, not `{date}`"
                            ),
                        )
                        .with_hint("write e.g. `available_from: 2023-07-01`"),
                );
            }
        }
        let mut texts = Texts::default();
        let mut sections = Vec::new();
        for (field, value) in [
            ("includes", &includes),
            ("volume", &volume),
            ("apply", &apply),
        ] {
            if let Some((text, node)) = value {
                sections.push((field, texts.block(cx, text, node)));
            }
        }
        let mut lists = Vec::new();
        for (field, items) in [
            ("eligibility", &eligibility),
            ("exclusions", &exclusions),
            ("documents", &documents),
            ("legal_basis", &legal_basis),
            ("related", &related),
        ] {
            let rendered: Vec<Rich> = items
                .iter()
                .map(|(text, node)| texts.inline(cx, text, node, field, "service/inline"))
                .collect();
            if !rendered.is_empty() {
                lists.push((field, rendered));
            }
        }
        problems.sort_by_key(|d| (d.line, d.column));
        cx.problems.append(&mut problems);
        if !cx.problems.is_empty() {
            return None;
        }
        let inner_anchors = texts.sorted_anchors();
        Some(Box::new(ServiceBlock {
            targets,
            ages,
            provider: provider
                .map(|(p, _)| p.trim().to_string())
                .filter(|p| !p.is_empty()),
            funder: funder.map(|(f, _)| f.trim().to_string()),
            available: available
                .map(|(a, _)| a.trim().to_string())
                .filter(|a| !a.is_empty()),
            available_from: available_from.map(|(d, _)| d),
            sections,
            lists,
            links: texts.links,
            inner_anchors,
            offset: source.file_offset(root.pos),
            id: metodika_model::kind::block_id(cx.labels.language, "pakalpojums", "service"),
        }))
    }
}

impl Block for ServiceBlock {
    fn info(&self) -> &'static KindInfo {
        &INFO
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }

    fn anchors(&self) -> Vec<(String, usize)> {
        let mut anchors = vec![(self.id.to_string(), self.offset)];
        anchors.extend(
            self.sections
                .iter()
                .map(|(f, _)| (self.anchor(f), self.offset))
                .chain(
                    self.lists
                        .iter()
                        .map(|(f, _)| (self.anchor(f), self.offset)),
                ),
        );
        anchors.extend(self.inner_anchors.iter().map(|a| (a.clone(), self.offset)));
        anchors
    }

    fn links(&self) -> Vec<LinkRef> {
        self.links.clone()
    }

    fn template_data(&self, cx: &BlockContext) -> Json {
        let section = |field: &str| {
            self.sections
                .iter()
                .find(|(f, _)| *f == field)
                .map(|(f, r)| json!({ "id": self.anchor(f), "html": r.html }))
        };
        let list = |field: &str| {
            self.lists.iter().find(|(f, _)| *f == field).map(|(f, items)| {
                json!({ "id": self.anchor(f), "items": items.iter().map(|r| r.html.clone()).collect::<Vec<_>>() })
            })
        };
        json!({
            "id": self.id,
            "for": self.targets,
            "ages": self.ages,
            "provider": self.provider,
            "funder": self.funder,
            "available": self.available,
            "available_from": self.available_from,
            // Dates as readers of the site's language write them (lv: 01.07.2023.).
            "available_from_shown": self.available_from.as_ref().map(|d| metodika_core::date::shown(d, cx.site.config.language)),
            "includes": section("includes"),
            "volume": section("volume"),
            "apply": section("apply"),
            "eligibility": list("eligibility"),
            "exclusions": list("exclusions"),
            "documents": list("documents"),
            "legal_basis": list("legal_basis"),
            "related": list("related"),
            "catalogue_url": cx.here.to(CATALOGUE_URL),
        })
    }

    fn search_records(&self) -> Vec<SearchRecord> {
        let mut records = vec![SearchRecord {
            anchor: self.id.into(),
            kind: "service-field",
            title: "provider".into(),
            text: [
                self.provider.as_deref().unwrap_or(""),
                self.funder.as_deref().unwrap_or(""),
                self.available.as_deref().unwrap_or(""),
            ]
            .join(" "),
            keywords: Vec::new(),
            names: Vec::new(),
        }];
        records.extend(self.sections.iter().map(|(f, r)| SearchRecord {
            anchor: self.anchor(f),
            kind: "service-field",
            title: (*f).to_string(),
            text: r.text.clone(),
            keywords: Vec::new(),
            names: Vec::new(),
        }));
        records.extend(self.lists.iter().map(|(f, items)| {
            SearchRecord {
                anchor: self.anchor(f),
                kind: "service-field",
                title: (*f).to_string(),
                text: items
                    .iter()
                    .map(|r| r.text.as_str())
                    .collect::<Vec<_>>()
                    .join(" "),
                keywords: Vec::new(),
                names: Vec::new(),
            }
        }));
        records
    }

    fn plain_text(&self) -> String {
        self.sections
            .iter()
            .map(|(_, r)| r.text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// One service as the catalogue lists it.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct ServiceSummary<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub url: String,
    pub targets: Vec<&'static str>,
    pub ages: Vec<&'static str>,
    pub provider: Option<&'a str>,
    pub available: Option<&'a str>,
}

/// Every service page of the site in reading order, linked from the page at `here`.
pub fn services<'a>(site: &'a Site, here: &Relative) -> Vec<ServiceSummary<'a>> {
    let mut out = Vec::new();
    for &id in &site.reading_order {
        let doc = &site.docs[id];
        for block in &doc.blocks {
            if let Some(s) = block.as_any().downcast_ref::<ServiceBlock>() {
                out.push(ServiceSummary {
                    title: &doc.meta.title,
                    description: doc.meta.description.as_deref(),
                    url: here.to(&doc.url),
                    targets: s.targets.clone(),
                    ages: s.ages.clone(),
                    provider: s.provider.as_deref(),
                    available: s.available.as_deref(),
                });
            }
        }
    }
    out
}

/// The catalogue of every service, written when the site describes one.
#[derive(Debug)]
pub(crate) struct Catalogue;

impl SitePage for Catalogue {
    fn path(&self) -> &'static str {
        CATALOGUE_URL
    }
    fn template(&self) -> &'static str {
        "kinds/catalogue.html"
    }
    fn page_kind(&self) -> &'static str {
        "catalogue"
    }
    fn title_key(&self) -> &'static str {
        "service_catalogue_title"
    }
    fn owner(&self) -> &'static str {
        "the service catalogue"
    }
    fn wanted(&self, site: &Site) -> bool {
        metodika_model::kind::site_uses(site, &INFO)
    }
    fn data(&self, site: &Site, here: &Relative) -> serde_json::Map<String, Json> {
        let mut data = serde_json::Map::new();
        data.insert("services".into(), json!(services(site, here)));
        data
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Box<dyn Block>, Vec<Diagnostic>> {
        crate::test_support::with_yaml(text, false, |node, cx| Service.parse(node, cx))
    }

    const GOOD: &str = "title: Krīzes dzīvoklis\nfor: [victims]\nages: [adults]\nincludes: Droša dzīvesvieta.\nprovider: Valsts\navailable: Visā Latvijā\navailable_from: 2023-07-01\neligibility:\n  - Augsts vardarbības risks\napply: |\n  Sk. [kontrolsarakstu](c.md#checklist).\nrelated:\n  - \"[Algoritms](a.md)\"\n";

    #[test]
    fn a_service_gives_its_sections_anchors_links_and_search_records() {
        let b = parse(GOOD).unwrap();
        let anchors: Vec<String> = b.anchors().into_iter().map(|(a, _)| a).collect();
        assert_eq!(
            anchors,
            [
                "pakalpojums",
                "pakalpojums-includes",
                "pakalpojums-apply",
                "pakalpojums-eligibility",
                "pakalpojums-related"
            ]
        );
        let links: Vec<(String, usize)> = b
            .links()
            .into_iter()
            .map(|l| {
                (
                    l.dest,
                    metodika_core::diagnostics::line_column(GOOD, l.offset).0,
                )
            })
            .collect();
        assert_eq!(
            links,
            [("c.md#checklist".to_string(), 11), ("a.md".to_string(), 13)]
        );
        let r = b.search_records();
        assert_eq!(
            (r[1].kind, r[1].anchor.as_str(), r[1].text.as_str()),
            (
                "service-field",
                "pakalpojums-includes",
                "Droša dzīvesvieta."
            )
        );
    }

    #[test]
    fn provider_and_availability_may_be_left_unstated() {
        let unstated = GOOD
            .replace("provider: Valsts\n", "provider: \"  \"\n")
            .replace("available: Visā Latvijā\n", "");
        let b = parse(&unstated).unwrap();
        let s = b.as_any().downcast_ref::<ServiceBlock>().unwrap();
        assert_eq!(
            (s.provider.as_deref(), s.available.as_deref()),
            (None, None)
        );
    }

    #[test]
    fn required_fields_and_values_are_checked_at_their_line() {
        let at = |text: &str| -> Vec<(usize, &'static str)> {
            parse(text)
                .err()
                .unwrap()
                .iter()
                .map(|d| (d.line, d.code))
                .collect()
        };
        // Everything required is missing: for, ages, eligibility; includes, apply.
        let mut all = at("title: T\n");
        all.sort();
        assert_eq!(
            all,
            [
                (1, "service/missing"),
                (1, "service/missing"),
                (1, "service/missing"),
                (1, "yaml/missing"),
                (1, "yaml/missing")
            ]
        );
        let e = parse(&GOOD.replace("for: [victims]", "for: [victms]")).unwrap_err();
        assert_eq!((e[0].line, e[0].code), (2, "service/value"));
        assert_eq!(e[0].hint.as_deref(), Some("did you mean `victims`?"));
        assert_eq!(
            at(&GOOD.replace("2023-07-01", "01.07.2023")),
            [(7, "service/date")]
        );
        assert_eq!(
            at(&GOOD.replace("2023-07-01", "2023-13-45")),
            [(7, "service/date")]
        );
        assert_eq!(
            at(&GOOD.replace(
                "  - Augsts vardarbības risks\n",
                "  - |\n    - a\n    - b\n"
            )),
            [(10, "service/inline")]
        );
    }
}

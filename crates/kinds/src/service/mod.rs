//! Service descriptions: who a service is for, what it includes, who provides and funds it,
//! where it is available, who is eligible or excluded, how to apply, with which documents,
//! on which legal basis, and what else to read. Written as a page (`kind: service`) whose
//! body is the narrative; every service page gets the same layout, and [`Catalogue`] lists
//! them all on `services.html`, filtered in the browser by target group, age and provider.

use serde::Serialize;
use serde_json::{json, Value as Json};

use super::schema::{Codes, Field, Need, Said, Schema, Type};
use super::text::Rich;
use metodika_core::url::Relative;
use metodika_core::yaml::Node;
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

/// A service's keys: what each must be, and what to say when a required one is missing.
static SCHEMA: Schema = Schema {
    what: "service",
    codes: Codes {
        inline: "service/inline",
        value: "service/value",
        date: "service/date",
    },
    shared: &[],
    fields: &[
        Field {
            key: "for",
            ty: Type::Words(TARGETS),
            need: Need::RequiredSaying(Said {
                code: "service/missing",
                message: "`for` is missing: the service must say whom it is for",
                hint: "write e.g. `for: [victims]`",
            }),
        },
        Field {
            key: "ages",
            ty: Type::Words(AGES),
            need: Need::RequiredSaying(Said {
                code: "service/missing",
                message: "`ages` is missing: the service must say whom it is for",
                hint: "write e.g. `ages: [adults]`",
            }),
        },
        Field::required("includes", Type::Markdown, "Pagaidu droša dzīvesvieta ..."),
        Field::optional("volume", Type::Markdown),
        Field::optional("provider", Type::Text),
        Field::optional("funder", Type::Text),
        Field::optional("available", Type::Text),
        Field::optional("available_from", Type::Date),
        Field {
            key: "eligibility",
            ty: Type::InlineList,
            need: Need::RequiredSaying(Said {
                code: "service/missing",
                message: "`eligibility` is missing: who may receive the service?",
                hint: "list the conditions, one `- ...` per line",
            }),
        },
        Field::optional("exclusions", Type::InlineList),
        Field::required("apply", Type::Markdown, "Sociālajā dienestā ..."),
        Field::optional("documents", Type::InlineList),
        Field::optional("legal_basis", Type::InlineList),
        Field::optional("related", Type::InlineList),
    ],
};

impl Kind for Service {
    fn info(&self) -> &'static KindInfo {
        &INFO
    }

    fn parse(&self, node: Option<&Node>, cx: &mut ParseContext) -> Option<Box<dyn Block>> {
        let root = node?;
        let before = cx.problems.len();
        let mut record = SCHEMA.read(root, cx, cx.fenced);
        if cx.problems.len() > before {
            return None;
        }
        let sections = ["includes", "volume", "apply"]
            .into_iter()
            .filter_map(|field| record.rich(field).map(|rich| (field, rich)))
            .collect();
        let lists = [
            "eligibility",
            "exclusions",
            "documents",
            "legal_basis",
            "related",
        ]
        .into_iter()
        .map(|field| (field, record.rich_list(field)))
        .filter(|(_, items)| !items.is_empty())
        .collect();
        let inner_anchors = record.texts.sorted_anchors();
        Some(Box::new(ServiceBlock {
            targets: record.words("for"),
            ages: record.words("ages"),
            provider: record.text("provider"),
            funder: record.text("funder"),
            available: record.text("available"),
            available_from: record.text("available_from"),
            sections,
            lists,
            links: std::mem::take(&mut record.texts.links),
            inner_anchors,
            offset: cx.source.file_offset(root.pos),
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
            title_label: Some("service_provider"),
            names: Vec::new(),
        }];
        records.extend(self.sections.iter().map(|(f, r)| SearchRecord {
            anchor: self.anchor(f),
            kind: "service-field",
            title: (*f).to_string(),
            text: r.text.clone(),
            keywords: Vec::new(),
            title_label: field_label(f),
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
                title_label: field_label(f),
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

/// The theme string that titles a field (`service_eligibility`: „Kam pakalpojums paredzēts”).
fn field_label(field: &str) -> Option<&'static str> {
    const LABELS: [(&str, &str); 8] = [
        ("includes", "service_includes"),
        ("volume", "service_volume"),
        ("apply", "service_apply"),
        ("eligibility", "service_eligibility"),
        ("exclusions", "service_exclusions"),
        ("documents", "service_documents"),
        ("legal_basis", "service_legal_basis"),
        ("related", "service_related"),
    ];
    LABELS
        .iter()
        .find(|(f, _)| *f == field)
        .map(|(_, label)| *label)
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
    use metodika_core::diagnostics::Diagnostic;
    #[test]
    fn the_schema_declares_exactly_the_keys_of_the_kind() {
        assert_eq!(super::SCHEMA.keys(), super::INFO.keys);
    }

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
        // Titled by the theme's strings in the site's language, not by the YAML keys.
        let labels: Vec<Option<&str>> = r.iter().map(|r| r.title_label).collect();
        assert_eq!(
            labels,
            [
                Some("service_provider"),
                Some("service_includes"),
                Some("service_apply"),
                Some("service_eligibility"),
                Some("service_related")
            ]
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

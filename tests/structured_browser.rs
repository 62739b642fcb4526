//! The structured kinds in headless Chromium from `file://`: the decision checklist reaches
//! each outcome as it is answered by keyboard, says why, and keeps its answers.
//!
//! Each test builds its own copy of `tests/fixtures/structured` under its own site title,
//! since saved answers are kept per site and every file:// page shares one store.

mod common;
mod harness;

use std::path::PathBuf;

use common::TempDir;
use harness::{browser, Visit};

fn site(label: &str) -> (TempDir, PathBuf) {
    common::built_fixture("structured", &format!("Struktūru vietne {label}"))
}

fn js(visit: &Visit, code: &str) -> serde_json::Value {
    visit.js(code)
}

fn text(visit: &Visit, selector: &str) -> String {
    visit.inner_text(selector)
}

/// Answers an item by keyboard: focus its radio for `value` and press Space, and wait until
/// the browser has it checked.
fn answer(visit: &Visit, item: &str, value: &str) {
    let radio = format!("#{item} input[value=\"{value}\"]");
    let focused = js(
        visit,
        &format!("const i = document.querySelector('{radio}'); i.focus(); return document.activeElement === i;"),
    );
    assert_eq!(focused, true, "{item} {value}");
    visit.tab.press_key(" ").unwrap();
    let started = std::time::Instant::now();
    while js(
        visit,
        &format!("return document.querySelector('{radio}').checked"),
    ) != true
    {
        assert!(
            started.elapsed().as_secs() < 10,
            "{item} {value} never got checked"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

fn outcome(visit: &Visit) -> (String, String) {
    (
        js(
            visit,
            "return document.querySelector('[data-metodika=\"checklist\"]').dataset.outcome;",
        )
        .as_str()
        .unwrap_or("")
        .to_string(),
        text(visit, "[data-checklist-outcome]"),
    )
}

#[test]
fn the_checklist_reaches_each_outcome_says_why_and_keeps_the_answers() {
    let Some(browser) = browser() else { return };
    let _turn = harness::one_at_a_time();
    let (_dir, site) = site("saraksts");
    let visit = Visit::new(browser);
    visit.open(&site.join("parbaude.html"));
    let (when, shown) = outcome(&visit);
    assert_eq!(when, "otherwise");
    assert!(
        shown.starts_with("Vēl nav izlemts Vēl jānoskaidro:"),
        "{shown}"
    );
    assert!(
        shown.contains("Persona ir mēģinājusi izdarīt pašnāvību. (nav izslēgts)"),
        "{shown}"
    );
    assert_eq!(
        js(
            &visit,
            "return document.querySelector('[data-checklist-outcome]').getAttribute('role')"
        ),
        "status",
        "the outcome is announced"
    );

    // Every condition met, no exclusion: may be granted.
    answer(&visit, "pasnavibas-meginajums", "no");
    answer(&visit, "paskaitejums", "no");
    answer(&visit, "pagaidu-aizsardziba", "yes");
    let (when, _) = outcome(&visit);
    assert_eq!(when, "otherwise", "one condition is still open");
    assert!(text(&visit, "[data-checklist-outcome]")
        .contains("Novērtējums ir aizpildīts un rāda augstu vardarbības risku."));
    answer(&visit, "augsts-risks", "yes");
    let (when, shown) = outcome(&visit);
    assert_eq!(
        (when.as_str(), shown.as_str()),
        ("all_required", "Krīzes dzīvokli var piešķirt")
    );

    // "Not known" never satisfies a condition.
    answer(&visit, "augsts-risks", "unknown");
    assert_eq!(outcome(&visit).0, "otherwise");

    // A condition answered "no" is an answer: the conditions are not met. The "no" is listed
    // as not met, what is not known as still to clarify.
    answer(&visit, "pagaidu-aizsardziba", "no");
    let (when, shown) = outcome(&visit);
    assert_eq!(when, "not_met");
    assert_eq!(
        shown,
        "Nosacījumi nav izpildīti Nav izpildīts: Ir izvērtēta iespēja iesniegt pieteikumu pagaidu aizsardzībai pret vardarbību. Vēl jānoskaidro: Novērtējums ir aizpildīts un rāda augstu vardarbības risku. Apsveriet citu atbalstu."
    );
    // An exclusion still wins over a condition not met, whatever the order of the answers.
    answer(&visit, "pasnavibas-meginajums", "yes");
    assert_eq!(outcome(&visit).0, "exclusion");
    answer(&visit, "pasnavibas-meginajums", "unknown");
    let (when, shown) = outcome(&visit);
    assert_eq!(
        when, "not_met",
        "an exclusion not known does not hide a \"no\""
    );
    assert!(
        shown.contains("Persona ir mēģinājusi izdarīt pašnāvību. (nav izslēgts)"),
        "{shown}"
    );
    answer(&visit, "pasnavibas-meginajums", "no");
    answer(&visit, "pagaidu-aizsardziba", "yes");
    answer(&visit, "augsts-risks", "yes");
    assert_eq!(outcome(&visit).0, "all_required");

    // Any exclusion: must not be granted, naming the reason and what to do instead.
    answer(&visit, "paskaitejums", "yes");
    let (when, shown) = outcome(&visit);
    assert_eq!(when, "exclusion");
    assert_eq!(
        shown,
        "Krīzes dzīvokli nepiešķir Iemesls: Personai ir vai ir bijusi paškaitnieciska uzvedība. Meklējiet citu atbalstu."
    );

    // The answers survive a reload; "clear" forgets them.
    visit.open(&site.join("parbaude.html"));
    assert_eq!(outcome(&visit).0, "exclusion");
    assert_eq!(js(&visit, "return document.querySelectorAll('[data-metodika=\"checklist\"] input:checked').length"), 4);
    if let Some(axe) = harness::axe_source() {
        let violations = visit.axe_violations(axe);
        assert!(violations.is_empty(), "{violations:#?}");
    }
    let focused = js(&visit, "const b = document.querySelector('[data-checklist-reset]'); b.focus(); return document.activeElement === b;");
    assert_eq!(focused, true);
    visit.tab.press_key("Enter").unwrap();
    assert_eq!(outcome(&visit).0, "otherwise");
    visit.open(&site.join("parbaude.html"));
    assert_eq!(js(&visit, "return document.querySelectorAll('[data-metodika=\"checklist\"] input:checked').length"), 0);
    assert!(
        visit.take_problems().is_empty(),
        "{:?}",
        visit.take_problems()
    );
}

#[test]
fn a_printed_checklist_is_a_paper_form_with_its_rules() {
    let Some(browser) = browser() else { return };
    let _turn = harness::one_at_a_time();
    let (_dir, site) = site("papīrs");
    let visit = Visit::new(browser);
    visit.emulate_print();
    visit.open(&site.join("parbaude.html"));
    let visible = |sel: &str| {
        js(
            &visit,
            &format!("return Array.from(document.querySelectorAll('{sel}')).filter(e => e.getClientRects().length > 0).length"),
        )
    };
    assert_eq!(
        visible(".checklist-answers"),
        0,
        "no screen controls on paper"
    );
    assert_eq!(
        visible(".checklist-fieldset .checklist-paper"),
        4,
        "empty boxes for every item to decide"
    );
    assert_eq!(visible("[data-checklist-outcome]"), 0);
    assert_eq!(visible(".checklist-rule"), 4, "the rules are spelled out");
    let rules = text(&visit, ".checklist-rules");
    assert!(
        rules.contains("Ja konstatēts kaut viens izslēgšanas kritērijs: Krīzes dzīvokli nepiešķir"),
        "{rules}"
    );
    assert!(
        rules.contains("Ja kāds nosacījums nav izpildīts un neviens izslēgšanas kritērijs nav konstatēts: Nosacījumi nav izpildīti"),
        "{rules}"
    );
}

#[test]
fn the_service_catalogue_filters_by_target_group_age_and_provider() {
    let Some(browser) = browser() else { return };
    let _turn = harness::one_at_a_time();
    let (_dir, site) = site("katalogs");
    let visit = Visit::new(browser);
    visit.open(&site.join("services.html"));
    let shown = "return Array.from(document.querySelectorAll('.service-card')).filter(c => !c.hidden).map(c => c.querySelector('a').textContent);";
    assert_eq!(
        js(&visit, shown),
        serde_json::json!(["Krīzes dzīvoklis", "Grupu nodarbības"])
    );
    // By keyboard: the target-group list box, one step down to "victims".
    let focused = js(&visit, "const s = document.querySelector('[data-filter=\"targets\"]'); s.focus(); return document.activeElement === s;");
    assert_eq!(focused, true);
    visit.tab.press_key("ArrowDown").unwrap();
    assert_eq!(js(&visit, shown), serde_json::json!(["Krīzes dzīvoklis"]));
    assert_eq!(
        text(&visit, "[data-service-status]"),
        "Rādīti pakalpojumi: 1 no 2"
    );
    // A service whose provider is not stated has its own choice in the provider list.
    assert_eq!(
        js(&visit, "return Array.from(document.querySelectorAll('[data-filter=\"provider\"] option')).map(o => o.textContent)"),
        serde_json::json!(["visi", "Pakalpojumu sniedzējs", "nav norādīts"])
    );
    js(&visit, "const s = document.querySelector('[data-filter=\"provider\"]'); s.value = '-'; s.dispatchEvent(new Event('change', {bubbles: true})); return true;");
    assert_eq!(js(&visit, shown), serde_json::json!(["Krīzes dzīvoklis"]));
    js(&visit, "const s = document.querySelector('[data-filter=\"provider\"]'); s.value = 'Pakalpojumu sniedzējs'; s.dispatchEvent(new Event('change', {bubbles: true})); return true;");
    assert_eq!(js(&visit, shown), serde_json::json!([]));
    assert_eq!(
        text(&visit, "[data-service-status]"),
        "Neviens pakalpojums neatbilst izvēlētajiem filtriem."
    );
    if let Some(axe) = harness::axe_source() {
        let violations = visit.axe_violations(axe);
        assert!(violations.is_empty(), "{violations:#?}");
    }
    // Without JavaScript the full list shows, and every service page has the same facts first.
    let plain = Visit::new(browser);
    plain.disable_scripts();
    plain.open(&site.join("services.html"));
    assert_eq!(
        js(
            &plain,
            "return document.querySelectorAll('.service-card').length"
        ),
        2
    );
    assert_eq!(
        js(
            &plain,
            "return document.querySelector('[data-service-filters]').getClientRects().length"
        ),
        0
    );
    plain.open(&site.join("krizes-dzivoklis.html"));
    assert_eq!(
        text(&plain, ".content .service-facts"),
        "Mērķgrupa vardarbībā cietušie Vecuma grupa pilngadīgas personas Sniedzējs nav norādīts Finansē Valsts Pieejams Visā Latvijā Pieejams no 01.07.2023."
    );
    assert!(
        visit.take_problems().is_empty(),
        "{:?}",
        visit.take_problems()
    );
}

/// Clicks a walkthrough choice by keyboard: focus the button going to `to`, press Enter.
fn choose_next(visit: &Visit, to: &str) {
    let focused = js(
        visit,
        &format!("const b = document.querySelector('[data-walk-to=\"{to}\"]'); if (!b) return false; b.focus(); return document.activeElement === b;"),
    );
    assert_eq!(focused, true, "a choice leads to {to}");
    visit.tab.press_key("Enter").unwrap();
}

fn current_step(visit: &Visit) -> String {
    js(visit, "const n = document.querySelector('.algorithm-node.is-current'); return n && n.dataset.step;")
        .as_str()
        .unwrap_or("")
        .to_string()
}

#[test]
fn the_algorithm_walkthrough_follows_both_branches_goes_back_and_restarts() {
    let Some(browser) = browser() else { return };
    let _turn = harness::one_at_a_time();
    let (_dir, site) = site("algoritms");
    let visit = Visit::new(browser);
    visit.open(&site.join("algoritms.html"));
    assert_eq!(current_step(&visit), "izsaukums");
    assert!(text(&visit, "[data-walk-card]")
        .starts_with("Solis 1 · Valsts policija Reaģē uz izsaukumu"));
    choose_next(&visit, "zinojums");
    assert_eq!(
        js(
            &visit,
            "return document.activeElement === document.querySelector('[data-walk-card]')"
        ),
        true,
        "the focus follows to the new step"
    );
    assert!(
        text(&visit, "[data-walk-card]").contains("Ziņojumu saņem sociālais dienests"),
        "details show"
    );
    choose_next(&visit, "berni");
    let options = js(&visit, "return Array.from(document.querySelectorAll('[data-walk-choices] button')).map(b => b.textContent);");
    assert_eq!(options, serde_json::json!(["Jā", "Nē"]));
    // "Yes": the orphan's court, then the meeting.
    choose_next(&visit, "barintiesa");
    assert_eq!(current_step(&visit), "barintiesa");
    assert!(text(&visit, "[data-walk-card]").starts_with("Solis 4 · Bāriņtiesa"));
    assert!(text(&visit, "[data-walk-path]")
        .contains("Sociālais dienests: Lēmums: Vai ģimenē ir nepilngadīgi bērni? (izvēle: Jā)"));
    // Back to the decision, and "No": straight to the meeting.
    let focused = js(&visit, "const b = document.querySelector('[data-walk-back]'); b.focus(); return document.activeElement === b;");
    assert_eq!(focused, true);
    visit.tab.press_key("Enter").unwrap();
    assert_eq!(current_step(&visit), "berni");
    choose_next(&visit, "sanaksme");
    assert!(text(&visit, "[data-walk-card]")
        .starts_with("Solis 4 · Sociālais dienests Sasauc starpinstitūciju sanāksmi"));
    choose_next(&visit, "saite");
    assert_eq!(
        text(&visit, "[data-walk-choices]"),
        "Algoritma beigas šajā ceļā."
    );
    assert_eq!(
        js(&visit, "return Array.from(document.querySelectorAll('.algorithm-node.is-visited')).map(n => n.dataset.step);"),
        serde_json::json!(["izsaukums", "zinojums", "berni", "sanaksme"])
    );
    let focused = js(&visit, "const b = document.querySelector('[data-walk-restart]'); b.focus(); return document.activeElement === b;");
    assert_eq!(focused, true);
    visit.tab.press_key("Enter").unwrap();
    assert_eq!(current_step(&visit), "izsaukums");
    assert_eq!(text(&visit, "[data-walk-path]"), "");
    if let Some(axe) = harness::axe_source() {
        let violations = visit.axe_violations(axe);
        assert!(violations.is_empty(), "{violations:#?}");
    }
    // Each box of the chart links to its step in the text version.
    let links = js(&visit, "return Array.from(document.querySelectorAll('.algorithm-svg a')).map(a => a.getAttribute('href'));");
    assert_eq!(links.as_array().unwrap().len(), 6);
    assert!(links.as_array().unwrap().iter().all(|l| {
        let id = l.as_str().unwrap().trim_start_matches('#').to_string();
        js(
            &visit,
            &format!("return document.getElementById('{id}').tagName"),
        ) == "LI"
    }));
    assert!(
        visit.take_problems().is_empty(),
        "{:?}",
        visit.take_problems()
    );

    // Without JavaScript: no walkthrough, the chart and the ordered text version.
    let plain = Visit::new(browser);
    plain.disable_scripts();
    plain.open(&site.join("algoritms.html"));
    assert_eq!(
        js(
            &plain,
            "return document.querySelector('[data-algorithm-walk]').getClientRects().length"
        ),
        0
    );
    assert_eq!(
        js(
            &plain,
            "return document.querySelectorAll('.algorithm-steps > li').length"
        ),
        6
    );
    assert!(text(&plain, "#berni")
        .contains("Ja „Jā”: Izvērtē bērna situāciju Ja „Nē”: Sasauc starpinstitūciju sanāksmi"));
}

/// The sample site's crisis-apartment checklist, built from the repository: each outcome is
/// reached as a specialist would answer it.
#[test]
fn the_sample_crisis_apartment_checklist_reaches_each_outcome() {
    let Some(browser) = browser() else { return };
    let _turn = harness::one_at_a_time();
    let visit = Visit::new(browser);
    visit.open(&harness::sample_site().join("riciba/krizes-dzivokla-pieskirsana.html"));
    js(
        &visit,
        "document.querySelector('[data-checklist-reset]').click(); return true;",
    );
    assert_eq!(outcome(&visit).0, "otherwise");
    for item in [
        "pasnavibas-meginajums",
        "pasnavibas-domas",
        "paskaitnieciska-uzvediba",
    ] {
        answer(&visit, item, "no");
    }
    for item in ["pagaidu-aizsardziba", "novertejums"] {
        answer(&visit, item, "yes");
    }
    let (when, shown) = outcome(&visit);
    assert_eq!(when, "otherwise");
    assert!(shown.contains("Vēl jānoskaidro:"), "{shown}");
    // The assessment shows no high risk: the apartment is for high risk only, so the
    // conditions are not met (an answer, not an open question).
    answer(&visit, "augsts-risks", "no");
    let (when, shown) = outcome(&visit);
    assert_eq!(when, "not_met");
    assert!(
        shown.starts_with("Nosacījumi krīzes dzīvokļa piešķiršanai nav izpildīti Nav izpildīts: Novērtējums rāda, ka pastāv augsts vardarbības risks."),
        "{shown}"
    );
    assert!(!shown.contains("Vēl jānoskaidro"), "{shown}");
    answer(&visit, "augsts-risks", "yes");
    let (when, shown) = outcome(&visit);
    assert_eq!(when, "all_required");
    assert!(shown.starts_with("Krīzes dzīvokli var piešķirt"), "{shown}");
    answer(&visit, "pasnavibas-domas", "yes");
    let (when, shown) = outcome(&visit);
    assert_eq!(when, "exclusion");
    assert!(
        shown.starts_with("Krīzes dzīvokli nepiešķir Iemesls:"),
        "{shown}"
    );
    js(
        &visit,
        "document.querySelector('[data-checklist-reset]').click(); return true;",
    );
    assert!(
        visit.take_problems().is_empty(),
        "{:?}",
        visit.take_problems()
    );
}

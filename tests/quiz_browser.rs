//! Quizzes in headless Chromium from `file://`: every question type answered right and wrong
//! (by keyboard where a reader would use one), feedback, score, pass and fail, progress across
//! reloads and pages, the progress page, pools, "try again", an edited question, refused
//! storage, no JavaScript and print.
//!
//! Each test builds its own copy of `tests/fixtures/quiz` under its own site title: saved
//! progress is kept per site, and every file:// page shares one store in the browser.

mod common;
mod harness;

use std::path::PathBuf;

use common::TempDir;
use harness::{browser, Visit};

/// The quiz fixture, titled `Testu vietne {label}`, built; returns (site folder, output).
fn quiz_site(label: &str) -> (TempDir, PathBuf) {
    common::built_fixture("quiz", &format!("Testu vietne {label}"))
}

fn text(visit: &Visit, selector: &str) -> String {
    visit.text(selector)
}

fn js(visit: &Visit, code: &str) -> serde_json::Value {
    visit.js(code)
}

fn press(visit: &Visit, selector: &str, key: &str) {
    visit.press(selector, key)
}

fn check(visit: &Visit, question: &str) -> String {
    press(visit, &format!("#{question} [data-quiz-check]"), "Enter");
    text(visit, &format!("#{question} [data-quiz-feedback]"))
}

fn choose(visit: &Visit, question: &str, values: &[&str]) {
    js(
        visit,
        &format!(
            "document.querySelectorAll('#{question} input').forEach(i => {{ i.checked = false; }}); return true;"
        ),
    );
    for v in values {
        press(visit, &format!("#{question} input[value=\"{v}\"]"), " ");
    }
}

/// Step positions (0 = first in the right order) as the reader sees them.
fn step_order(visit: &Visit, question: &str) -> Vec<usize> {
    let v = js(
        visit,
        &format!("return Array.from(document.querySelectorAll('#{question} [data-quiz-steps] > li')).map(li => Number(li.dataset.position));"),
    );
    serde_json::from_value(v).unwrap()
}

#[test]
fn every_question_type_is_checked_scored_and_remembered_across_reloads_and_pages() {
    let Some(browser) = browser() else { return };
    let _turn = harness::one_at_a_time();
    let (_dir, site) = quiz_site("visi");
    let visit = Visit::new(browser);
    visit.open(&site.join("tests.html"));
    assert_eq!(
        text(&visit, "[data-quiz-storage]"),
        "Jūsu progress tiek saglabāts tikai šajā pārlūkā."
    );
    assert_eq!(
        js(
            &visit,
            "return document.querySelector('#viens .quiz-answer').getClientRects().length"
        ),
        0,
        "with JavaScript the answers are not shown before checking"
    );

    // Single choice: wrong, then right. The chosen option's feedback shows; the right one is pointed out.
    choose(&visit, "viens", &["1"]);
    let feedback = check(&visit, "viens");
    assert!(feedback.starts_with("Nepareizi."), "{feedback}");
    assert!(
        feedback.contains("Krīzes dzīvoklis ir pieejams no 01.07.2023."),
        "explanation: {feedback}"
    );
    assert_eq!(
        js(
            &visit,
            "return !document.querySelectorAll('#viens [data-quiz-option-feedback]')[1].hidden"
        ),
        true
    );
    assert!(text(&visit, "#viens [data-quiz-option]:nth-child(2)")
        .contains("Nē, tās ir vardarbību veikušajiem."));
    assert!(text(&visit, "#viens .is-missed").contains("Pareizā atbilde"));
    assert_eq!(
        js(
            &visit,
            "return document.querySelector('#viens [data-quiz-feedback]').getAttribute('role')"
        ),
        "status",
        "feedback is announced"
    );
    choose(&visit, "viens", &["0"]);
    assert!(check(&visit, "viens").starts_with("Pareizi!"));

    // Multiple choice: partial credit, a wrong pick cancelling a right one, then all right.
    choose(&visit, "vairaki", &["0"]);
    let feedback = check(&visit, "vairaki");
    assert!(feedback.starts_with("Daļēji pareizi: 50 %."), "{feedback}");
    assert!(text(&visit, "#vairaki .is-missed")
        .contains("Šī ir pareiza atbilde, bet jūs to neatzīmējāt."));
    choose(&visit, "vairaki", &["0", "2"]);
    assert!(check(&visit, "vairaki").starts_with("Nepareizi."));
    assert!(text(&visit, "#vairaki .is-wrong").contains("Krīzes dzīvoklis ir cietušajiem."));
    choose(&visit, "vairaki", &["0", "1"]);
    assert!(check(&visit, "vairaki").starts_with("Pareizi!"));

    // True/false, wrong: the feedback for "false" shows.
    choose(&visit, "patiesi", &["false"]);
    assert!(check(&visit, "patiesi").starts_with("Nepareizi."));
    assert!(text(&visit, "#patiesi .is-wrong").contains("Tomēr tas ir pieejams visā Latvijā."));

    // Matching by keyboard: the first row right, the second right, the third wrong.
    let choices: Vec<String> = serde_json::from_value(js(
        &visit,
        "return Array.from(document.querySelectorAll('#pari-m0 option')).map(o => o.textContent);",
    ))
    .unwrap();
    assert_eq!(choices, ["— izvēlieties —", "Cietušie", "Veikušie"]);
    press(&visit, "#pari-m0", "ArrowDown"); // Cietušie
    press(&visit, "#pari-m1", "ArrowDown");
    visit.tab.press_key("ArrowDown").unwrap(); // Veikušie
    press(&visit, "#pari-m2", "ArrowDown");
    visit.tab.press_key("ArrowDown").unwrap(); // Veikušie: wrong
    assert_eq!(
        js(&visit, "return ['#pari-m0', '#pari-m1', '#pari-m2'].map(s => document.querySelector(s).selectedOptions[0].textContent).join('|')"),
        "Cietušie|Veikušie|Veikušie",
        "arrow keys choose in a closed list box"
    );
    let feedback = check(&visit, "pari");
    assert!(feedback.starts_with("Daļēji pareizi: 67 %."), "{feedback}");
    assert_eq!(
        text(
            &visit,
            "#pari [data-quiz-pair]:nth-child(3) [data-quiz-mark]"
        ),
        "✗ Pareizā atbilde: Cietušie"
    );
    assert_eq!(
        text(
            &visit,
            "#pari [data-quiz-pair]:nth-child(1) [data-quiz-mark]"
        ),
        "✓ pareizi"
    );

    // Ordering by keyboard alone: checked as shuffled (wrong), then moved with the steps'
    // "up" buttons until in order.
    assert_ne!(
        step_order(&visit, "seciba"),
        [0, 1, 2],
        "steps start shuffled"
    );
    let feedback = check(&visit, "seciba");
    assert!(
        feedback.starts_with("Nepareizi.") || feedback.starts_with("Daļēji pareizi: 33 %."),
        "{feedback}"
    );
    assert!(
        feedback.contains("Pareizā secība: Saziņa Sadarbība Informēšana"),
        "{feedback}"
    );
    for target in 0..3 {
        loop {
            let order = step_order(&visit, "seciba");
            let at = order.iter().position(|&p| p == target).unwrap();
            if at == target {
                break;
            }
            press(
                &visit,
                &format!(
                    "#seciba [data-quiz-steps] > li[data-position=\"{target}\"] [data-move=\"up\"]"
                ),
                "Enter",
            );
            let focused = js(&visit, "return document.activeElement.closest('li') && document.activeElement.closest('li').dataset.position");
            assert_eq!(focused, target.to_string(), "the focus moves with the step");
        }
    }
    assert!(
        text(&visit, "#seciba [data-quiz-announce]").contains("vietā no 3"),
        "moves are announced"
    );
    assert!(check(&visit, "seciba").starts_with("Pareizi!"));

    // Short text: wrong shows the accepted answers; case and diacritics do not matter.
    press(&visit, "#teksts-input", "Tab");
    js(
        &visit,
        "document.querySelector('#teksts-input').focus(); return true;",
    );
    visit.tab.type_str("policija").unwrap();
    let feedback = check(&visit, "teksts");
    assert!(feedback.starts_with("Nepareizi."), "{feedback}");
    assert!(feedback.contains("bāriņtiesa · bāriņtiesai"), "{feedback}");
    js(
        &visit,
        "const i = document.querySelector('#teksts-input'); i.value = ''; i.focus(); return true;",
    );
    visit.tab.type_str("  BARINTIESA ").unwrap();
    visit.tab.press_key("Enter").unwrap(); // Enter checks a text answer
    assert!(text(&visit, "#teksts [data-quiz-feedback]").starts_with("Pareizi!"));

    // "Check all" with the scenario unanswered: 4⅔ of 8 points is 58 %, below the pass mark 60.
    press(&visit, "[data-quiz-check-all]", "Enter");
    assert!(text(&visit, "#gadijums-a [data-quiz-feedback]").starts_with("Nav atbildēts."));
    let score = text(&visit, "[data-quiz-score]");
    assert!(score.contains("Rezultāts: 58 %"), "{score}");
    assert!(
        score.contains("Tests nav nokārtots: nepieciešami vismaz 60 %."),
        "{score}"
    );
    assert_eq!(
        js(
            &visit,
            "return document.querySelector('[data-quiz-score]').getAttribute('role')"
        ),
        "status"
    );

    // The scenario's questions, answered: 6⅔ of 8 is 83 %, passed.
    choose(&visit, "gadijums-a", &["true"]);
    assert!(check(&visit, "gadijums-a").starts_with("Pareizi!"));
    choose(&visit, "gadijums-b", &["0"]);
    assert!(check(&visit, "gadijums-b").starts_with("Pareizi!"));
    let score = text(&visit, "[data-quiz-score]");
    assert!(
        score.contains("Rezultāts: 83 % (6,7 no 8 punktiem)."),
        "{score}"
    );
    assert!(
        score.contains("Tests nokārtots (slieksnis 60 %)."),
        "{score}"
    );
    assert!(
        score.contains("Labākais rezultāts šajā pārlūkā: 83 %."),
        "{score}"
    );
    if let Some(axe) = harness::axe_source() {
        let violations = visit.axe_violations(axe);
        assert!(violations.is_empty(), "after checking: {violations:#?}");
    }

    // A reload keeps the answers, the feedback and the score.
    visit.open(&site.join("tests.html"));
    assert_eq!(
        js(
            &visit,
            "return document.querySelector('#teksts-input').value"
        ),
        "  BARINTIESA "
    );
    assert!(text(&visit, "#viens [data-quiz-feedback]").starts_with("Pareizi!"));
    assert_eq!(step_order(&visit, "seciba"), [0, 1, 2]);
    assert!(text(&visit, "[data-quiz-score]").contains("Rezultāts: 83 %"));

    // The progress page lists every quiz with the best score; the navigation marks the page.
    visit.open(&site.join("progress.html"));
    assert_eq!(
        text(
            &visit,
            "tr[data-quiz-key=\"tests.html#quiz\"] [data-quiz-best]"
        ),
        "83 % · nokārtots"
    );
    assert_eq!(
        text(
            &visit,
            "tr[data-quiz-key=\"lapa.html#iss\"] [data-quiz-best]"
        ),
        "Vēl nav pildīts"
    );
    visit.open(&site.join("index.html"));
    assert_eq!(
        js(&visit, "const m = document.querySelector('.site-nav a[href=\"tests.html\"] [data-quiz-mark]'); return m && m.dataset.quizMark;"),
        "passed"
    );
    assert!(text(&visit, ".site-nav a[href=\"tests.html\"]").contains("(nokārtots)"));
    assert_eq!(
        js(
            &visit,
            "return document.querySelector('.site-nav a[href=\"lapa.html\"] [data-quiz-mark]')"
        ),
        serde_json::Value::Null
    );

    // Clearing forgets it all.
    visit.open(&site.join("progress.html"));
    press(&visit, "[data-quiz-clear]", "Enter");
    assert_eq!(text(&visit, "[data-quiz-status]"), "Progress dzēsts.");
    assert_eq!(
        text(
            &visit,
            "tr[data-quiz-key=\"tests.html#quiz\"] [data-quiz-best]"
        ),
        "Vēl nav pildīts"
    );
    visit.open(&site.join("tests.html"));
    assert_eq!(text(&visit, "#viens [data-quiz-feedback]"), "");
    assert!(
        visit.take_problems().is_empty(),
        "{:?}",
        visit.take_problems()
    );
}

#[test]
fn a_pool_draws_questions_try_again_resets_and_an_edit_forgets_only_that_question() {
    let Some(browser) = browser() else { return };
    let _turn = harness::one_at_a_time();
    let (dir, site) = quiz_site("pools");
    let visit = Visit::new(browser);
    visit.open(&site.join("lapa.html"));
    assert_eq!(
        text(&visit, "#iss .quiz-meta"),
        "Katrā mēģinājumā 1 no 2 jautājumiem · Nokārtošanas slieksnis: 80 %"
    );
    let visible = "return Array.from(document.querySelectorAll('#iss [data-quiz-item]')).filter(i => !i.hidden).map(i => i.id);";
    let drawn: Vec<String> = serde_json::from_value(js(&visit, visible)).unwrap();
    assert_eq!(drawn.len(), 1, "one of two questions per attempt");
    let q = &drawn[0];
    assert_eq!(text(&visit, &format!("#{q} [data-quiz-number]")), "1.");
    press(&visit, &format!("#{q} input[data-correct]"), " ");
    assert!(check(&visit, q).starts_with("Pareizi!"));
    let score = text(&visit, "#iss [data-quiz-score]");
    assert!(
        score.contains("Rezultāts: 100 % (1 no 1 punktiem)."),
        "{score}"
    );

    // The draw is kept across a reload.
    visit.open(&site.join("lapa.html"));
    let again: Vec<String> = serde_json::from_value(js(&visit, visible)).unwrap();
    assert_eq!(&again, &drawn);
    assert!(text(&visit, &format!("#{q} [data-quiz-feedback]")).starts_with("Pareizi!"));

    // "Try again" clears the answers and keeps the best score.
    press(&visit, "#iss [data-quiz-retry]", "Enter");
    let now: Vec<String> = serde_json::from_value(js(&visit, visible)).unwrap();
    assert_eq!(now.len(), 1);
    assert_eq!(
        js(
            &visit,
            "return document.querySelectorAll('#iss input:checked').length"
        ),
        0
    );
    assert_eq!(
        text(&visit, &format!("#{} [data-quiz-feedback]", now[0])),
        ""
    );
    assert_eq!(
        text(&visit, "#iss [data-quiz-score]"),
        "Labākais rezultāts šajā pārlūkā: 100 %."
    );
    assert_eq!(
        js(&visit, "return document.activeElement && document.activeElement.closest('[data-quiz-item]') && document.activeElement.closest('[data-quiz-item]').id"),
        now[0].as_str(),
        "the focus goes to the first question"
    );

    // Editing one question of a quiz forgets only that question's saved answer.
    visit.open(&site.join("tests.html"));
    choose(&visit, "viens", &["0"]);
    assert!(check(&visit, "viens").starts_with("Pareizi!"));
    choose(&visit, "patiesi", &["true"]);
    assert!(check(&visit, "patiesi").starts_with("Pareizi!"));
    js(
        &visit,
        "['0', '1', '0'].forEach((v, i) => { document.querySelector('#pari-m' + i).value = v; }); return true;",
    );
    assert!(
        check(&visit, "pari").starts_with("Pareizi!"),
        "matching, all rows right"
    );
    assert_eq!(
        text(
            &visit,
            "#pari [data-quiz-pair]:nth-child(3) [data-quiz-mark]"
        ),
        "✓ pareizi"
    );
    let source = dir.path().join("content/tests.md");
    let text_before = std::fs::read_to_string(&source).unwrap();
    std::fs::write(
        &source,
        text_before.replace(
            "Kurš pakalpojums ir pieejams",
            "Kurš no šiem pakalpojumiem ir pieejams",
        ),
    )
    .unwrap();
    common::rebuild(dir.path());
    visit.open(&site.join("tests.html"));
    assert_eq!(
        text(&visit, "#viens [data-quiz-feedback]"),
        "",
        "the edited question starts empty"
    );
    assert_eq!(
        js(
            &visit,
            "return document.querySelectorAll('#viens input:checked').length"
        ),
        0
    );
    assert!(
        text(&visit, "#patiesi [data-quiz-feedback]").starts_with("Pareizi!"),
        "the others keep theirs"
    );
    assert!(
        visit.take_problems().is_empty(),
        "{:?}",
        visit.take_problems()
    );
}

#[test]
fn quizzes_work_and_say_so_where_the_browser_refuses_storage() {
    let Some(browser) = browser() else { return };
    let _turn = harness::one_at_a_time();
    let (_dir, site) = quiz_site("bez-atmiņas");
    let visit = Visit::new(browser);
    visit
        .tab
        .call_method(headless_chrome::protocol::cdp::Page::AddScriptToEvaluateOnNewDocument {
            source: "Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('refused', 'SecurityError'); } });".into(),
            world_name: None,
            include_command_line_api: None,
            run_immediately: None,
        })
        .expect("refuse storage");
    visit.open(&site.join("tests.html"));
    assert_eq!(
        text(&visit, "[data-quiz-storage]"),
        "Šis pārlūks neļauj saglabāt datus: tests darbojas, bet progress netiks saglabāts."
    );
    choose(&visit, "viens", &["0"]);
    assert!(check(&visit, "viens").starts_with("Pareizi!"));
    visit.open(&site.join("progress.html"));
    assert!(text(&visit, "[data-quiz-status]").contains("neļauj saglabāt datus"));
    assert_eq!(
        js(
            &visit,
            "return document.querySelector('[data-quiz-clear]').closest('[hidden]') !== null"
        ),
        true
    );
    visit.open(&site.join("index.html"));
    assert!(
        visit.take_problems().is_empty(),
        "{:?}",
        visit.take_problems()
    );
}

#[test]
fn without_javascript_and_on_paper_a_quiz_is_a_worksheet_with_its_answers_apart() {
    let Some(browser) = browser() else { return };
    let _turn = harness::one_at_a_time();
    let (_dir, site) = quiz_site("papirs");
    let visit = Visit::new(browser);
    visit.disable_scripts();
    visit.open(&site.join("tests.html"));
    let shown = "return Array.from(document.querySelectorAll('[data-quiz-question]')).filter(q => q.getClientRects().length > 0).length";
    assert_eq!(js(&visit, shown), 8, "every question shows");
    assert_eq!(js(&visit, "return Array.from(document.querySelectorAll('details.quiz-answer')).filter(d => d.getClientRects().length && !d.open).length"), 8,
        "each answer waits in a closed disclosure");
    assert_eq!(
        js(
            &visit,
            "return document.querySelector('[data-quiz-check]').getClientRects().length"
        ),
        0,
        "no buttons that cannot work"
    );
    assert_eq!(
        js(
            &visit,
            "return document.querySelector('.quiz-key').getClientRects().length"
        ),
        0,
        "the printed key is not on screen"
    );
    let lapa = Visit::new(browser);
    lapa.disable_scripts();
    lapa.open(&site.join("lapa.html"));
    assert_eq!(
        js(&lapa, shown),
        2,
        "a pool shows every question without JavaScript"
    );

    let print = Visit::new(browser);
    print.emulate_print();
    print.open(&site.join("tests.html"));
    assert_eq!(js(&print, shown), 8);
    let visible = |sel: &str| {
        js(&print, &format!("return Array.from(document.querySelectorAll('{sel}')).filter(e => e.getClientRects().length > 0).length"))
    };
    assert_eq!(visible(".quiz-answer"), 0, "no answers among the questions");
    assert_eq!(
        visible("[data-quiz-check], .quiz-step-buttons, .quiz-summary"),
        0
    );
    assert_eq!(visible(".quiz-key"), 1, "the answer key comes apart");
    let key = text(&print, ".quiz-key");
    assert!(key.starts_with("Atbildes un skaidrojumi"), "{key}");
    assert!(
        key.contains("Saziņa Sadarbība Informēšana"),
        "right order in the key: {key}"
    );
    assert!(
        key.contains("7.2."),
        "scenario questions keep their numbers: {key}"
    );
    assert_eq!(
        js(
            &print,
            "return getComputedStyle(document.querySelector('.quiz-key')).breakBefore"
        ),
        "page"
    );
}

//! Search in headless Chromium from `file://` on the sample site: through
//! `window.Metodika.search` and through the search box, by keyboard.

mod common;
mod harness;

use harness::{browser, sample_site, Visit};

/// A result of `Metodika.search`: (url, kind, title, title with marks, snippet).
type Found = (String, String, String, String, String);

fn search(visit: &Visit, query: &str) -> Vec<Found> {
    let q = serde_json::to_string(query).unwrap();
    visit.eval(&format!(
        "window.__results = null; Metodika.search({q}, {{limit: 500}}).then(r => {{ window.__results = JSON.stringify(r); }}); true"
    ));
    let started = std::time::Instant::now();
    loop {
        let v = visit.eval("window.__results");
        if let Some(s) = v.as_str() {
            let results: Vec<serde_json::Value> = serde_json::from_str(s).unwrap();
            for r in &results {
                for key in ["url", "title", "section", "kind", "snippet", "score"] {
                    assert!(r.get(key).is_some(), "{key} in {r}");
                }
            }
            return results
                .iter()
                .map(|r| {
                    (
                        r["url"].as_str().unwrap().to_string(),
                        r["kind"].as_str().unwrap().to_string(),
                        r["title"].as_str().unwrap().to_string(),
                        r["titleHtml"].as_str().unwrap_or_default().to_string(),
                        r["snippet"].as_str().unwrap().to_string(),
                    )
                })
                .collect();
        }
        assert!(
            started.elapsed().as_secs() < 20,
            "search for {query} never answered"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// Opens the page shown now again as a search result for `query` leads to it (`?h=`), and
/// waits for the words to be marked.
fn open_marked(visit: &Visit, query: &str) {
    let q = serde_json::to_string(query).unwrap();
    visit.js(&format!(
        "location.href = location.href.split(/[?#]/)[0] + '?h=' + encodeURIComponent({q}); return true;"
    ));
    let started = std::time::Instant::now();
    while visit.js(&format!(
        "return location.search === '?h=' + encodeURIComponent({q}) && document.readyState === 'complete' && document.querySelector('main mark') !== null"
    )) != true
    {
        assert!(started.elapsed().as_secs() < 10, "{query} is not marked");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

fn urls(results: &[Found]) -> Vec<&str> {
    results.iter().map(|r| r.0.as_str()).collect()
}

#[test]
fn latvian_words_are_found_in_any_form_with_or_without_diacritics() {
    let Some(browser) = browser() else { return };
    let _turn = harness::one_at_a_time();
    let visit = Visit::new(browser);
    visit.open(&sample_site().join("riciba/socialais-darbinieks.html"));
    let exact = search(&visit, "bāriņtiesa");
    assert!(!exact.is_empty());
    assert_eq!(
        search(&visit, "barintiesa"),
        exact,
        "diacritics do not matter"
    );
    let places = |query: &str| {
        let mut u: Vec<String> = search(&visit, query).into_iter().map(|r| r.0).collect();
        u.sort();
        u
    };
    assert_eq!(
        places("BĀRIŅTIESĀM"),
        places("bāriņtiesa"),
        "nor case and inflection"
    );
    // Inflected forms of a noun find the same places; the exact form ranks first.
    let forms: Vec<Vec<String>> = ["vardarbība", "vardarbības", "vardarbību", "vardarbībā"]
        .iter()
        .map(|q| places(q))
        .collect();
    assert!(forms.iter().all(|f| f == &forms[0]), "{forms:?}");
    // Verbs too, with the debitive and negation prefixes and participles, and forms the
    // site never uses (strādājām).
    let verbs: Vec<Vec<String>> = [
        "strādāt",
        "strādāju",
        "strādājām",
        "jāstrādā",
        "nestrādā",
        "strādājošs",
    ]
    .iter()
    .map(|q| places(q))
    .collect();
    assert!(!verbs[0].is_empty());
    assert!(verbs.iter().all(|f| f == &verbs[0]), "{verbs:?}");
    let exact = search(&visit, "jāstrādā");
    let first = exact[0].0.split('#').next().unwrap();
    let first = common::read(sample_site().join("riciba").join(first));
    assert!(
        first.contains("jāstrādā"),
        "the exact form first: {exact:?}"
    );
    // An abbreviation from the glossary finds its definition first, and the full name.
    let vbtai = search(&visit, "VBTAI");
    assert_eq!(vbtai[0].1, "glossary-entry", "{vbtai:?}");
    assert!(
        vbtai[1..]
            .iter()
            .any(|r| r.4.contains("<mark>Valsts</mark> <mark>bērnu</mark>")),
        "{vbtai:?}"
    );
    // As the word is typed: a prefix.
    let typed = search(&visit, "krīzes dzīvok");
    assert!(
        urls(&typed).iter().any(|u| u.contains("krizes-dzivoklis")),
        "{typed:?}"
    );
    // One typo in a longer word.
    let typo = search(&visit, "bāriņtiesss");
    assert!(!typo.is_empty(), "a typo is forgiven");
    // Structured content: a quiz question and a checklist item, each at its anchor.
    let kinds: Vec<String> = search(&visit, "pašnāvību")
        .into_iter()
        .map(|r| r.1)
        .collect();
    assert!(kinds.iter().any(|k| k == "checklist-item"), "{kinds:?}");
    let quiz = search(&visit, "atgriezeniskā saite");
    assert!(
        quiz.iter()
            .any(|r| r.1 == "quiz-question" && r.0.contains('#')),
        "{quiz:?}"
    );
    // Every result leads to a place that exists: its page, and on it the id of its anchor
    // (most headings' ids are left out of the index and made again from their titles).
    let mut anchors = 0;
    let mut made_from_titles = 0;
    let queries = [
        "bāriņtiesa",
        "pašnāvību",
        "atgriezeniskā saite",
        "sadarbība",
        "krīzes",
        "personas dati",
        "avots",
    ];
    for query in queries {
        for (url, kind, title, ..) in search(&visit, query) {
            let (path, anchor) = url.split_once('#').unwrap_or((&url, ""));
            let path = path.split('?').next().unwrap();
            let page = sample_site().join("riciba").join(path);
            let html = std::fs::read_to_string(&page)
                .unwrap_or_else(|e| panic!("{query}: {url} ({kind}) leads nowhere: {e}"));
            if !anchor.is_empty() {
                let id = percent_encoding::percent_decode_str(anchor).decode_utf8_lossy();
                assert!(
                    html.contains(&format!("id=\"{id}\"")),
                    "{query}: {url} ({kind}): no element with that id"
                );
                anchors += 1;
                if kind == "heading" && id == metodika_markdown::slugify(&title) {
                    made_from_titles += 1;
                }
            }
        }
    }
    assert!(anchors > 20, "{anchors} anchors checked");
    assert!(
        made_from_titles >= 2,
        "{made_from_titles} ids made from titles"
    );
    // Every word must match.
    assert!(search(&visit, "bāriņtiesa xyzzyq").is_empty());
    assert!(
        visit.take_problems().is_empty(),
        "{:?}",
        visit.take_problems()
    );
}

#[test]
fn the_search_box_works_by_keyboard_and_marks_the_words_on_the_target_page() {
    let Some(browser) = browser() else { return };
    let _turn = harness::one_at_a_time();
    let visit = Visit::new(browser);
    visit.open(&sample_site().join("index.html"));
    visit.js("document.activeElement && document.activeElement.blur(); return true;");
    visit.tab.press_key("/").unwrap();
    assert_eq!(
        visit.js("return document.activeElement.id"),
        "site-search-input",
        "/ jumps to search"
    );
    visit.tab.type_str("barintiesa").unwrap();
    let started = std::time::Instant::now();
    while visit.js("return document.querySelectorAll('#site-search-results [role=option]').length")
        == 0
    {
        assert!(started.elapsed().as_secs() < 10, "no results shown");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert_eq!(
        visit.js(
            "return document.querySelector('#site-search-input').getAttribute('aria-expanded')"
        ),
        "true"
    );
    assert!(visit
        .text("[data-search-status]")
        .starts_with("Atrasti rezultāti:"));
    assert!(
        visit.js("return document.querySelector('#site-search-results mark') !== null") == true,
        "matched words are marked"
    );
    visit.tab.press_key("ArrowDown").unwrap();
    assert_eq!(visit.js("return document.querySelector('#site-search-input').getAttribute('aria-activedescendant')"), "site-search-option-0");
    if let Some(axe) = harness::axe_source() {
        let violations = visit.axe_violations(axe);
        assert!(violations.is_empty(), "{violations:#?}");
    }
    let target = visit.js("return new URL(document.querySelector('#site-search-option-0').dataset.href, location.href).href");
    visit.tab.press_key("Enter").unwrap();
    let started = std::time::Instant::now();
    while visit.js("return location.href") != target {
        assert!(started.elapsed().as_secs() < 10, "Enter opens the result");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    // The target page marks the words once it has loaded its part of the index: wait for
    // it (a loaded machine may take longer than a fixed pause).
    let started = std::time::Instant::now();
    while visit
        .js("return document.querySelectorAll('main mark').length")
        .as_u64()
        .unwrap()
        == 0
    {
        assert!(
            started.elapsed().as_secs() < 10,
            "the words are marked on the page"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }

    // A result that is a whole page opens at the first word it was found by: here far
    // down a long page (the algorithm's last steps).
    visit.open(&sample_site().join("sadarbiba/algoritms.html"));
    open_marked(&visit, "risinājums");
    assert_eq!(
        visit.js("const r = document.querySelector('main mark').getBoundingClientRect(); return [window.scrollY > 0, r.top >= 0 && r.bottom <= innerHeight]"),
        serde_json::json!([true, true]),
        "the page opens at the marked word"
    );
    // Words in the flowchart (SVG, where an HTML <mark> is not drawn) are left as they are.
    open_marked(&visit, "bāriņtiesa");
    assert_eq!(
        visit.js("const svg = document.querySelector('main svg'); return [svg.querySelectorAll('mark').length, svg.textContent.includes('Bāriņtiesa')]"),
        serde_json::json!([0, true]),
        "the flowchart keeps its words unmarked"
    );

    // Nothing found: a message and a close spelling.
    visit.open(&sample_site().join("index.html"));
    visit.press("#site-search-input", "Escape");
    visit.tab.type_str("policixx").unwrap();
    let started = std::time::Instant::now();
    while !visit
        .text("[data-search-status]")
        .starts_with("Nekas nav atrasts.")
    {
        assert!(
            started.elapsed().as_secs() < 10,
            "no message: {}",
            visit.text("[data-search-status]")
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(
        visit
            .text("[data-search-status]")
            .contains("Vai domājāt „policij"),
        "{}",
        visit.text("[data-search-status]")
    );
    // Sighted readers see it too, where the results would be, and the suggestion is a
    // button that searches for it.
    assert_eq!(
        visit.js("const e = document.querySelector('[data-search-empty]'); return [e.hidden, e.offsetHeight > 0, e.textContent.startsWith('Nekas nav atrasts.')]"),
        serde_json::json!([false, true, true])
    );
    let suggestion = visit.js(
        "return document.querySelector('[data-search-empty] button.search-suggestion').textContent",
    );
    let suggestion = suggestion.as_str().unwrap().to_string();
    assert!(suggestion.starts_with("policij"), "{suggestion}");
    visit.js("document.querySelector('[data-search-empty] button').click(); return true;");
    let started = std::time::Instant::now();
    while visit.js("return document.querySelectorAll('#site-search-results [role=option]').length")
        == 0
    {
        assert!(
            started.elapsed().as_secs() < 10,
            "the suggestion finds nothing"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert_eq!(
        visit.js("return [document.querySelector('#site-search-input').value, document.activeElement.id, document.querySelector('[data-search-empty]').hidden]"),
        serde_json::json!([suggestion, "site-search-input", true])
    );
    // A word with no close spelling: the message alone.
    visit.press("#site-search-input", "Escape");
    visit.press("#site-search-input", "Escape");
    visit.tab.type_str("xyzzy").unwrap();
    let started = std::time::Instant::now();
    while visit.js("return document.querySelector('[data-search-empty]').hidden") == true {
        assert!(started.elapsed().as_secs() < 10, "no message for xyzzy");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert_eq!(
        visit.js("const e = document.querySelector('[data-search-empty]'); return [e.textContent, e.querySelector('button') === null]"),
        serde_json::json!(["Nekas nav atrasts.", true])
    );
    if let Some(axe) = harness::axe_source() {
        let violations = visit.axe_violations(axe);
        assert!(violations.is_empty(), "{violations:#?}");
    }
    visit.tab.press_key("Escape").unwrap();
    assert_eq!(
        visit.js("return document.querySelector('#site-search-results').hidden"),
        true
    );
}

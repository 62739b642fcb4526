//! Browser tests: the built sample site opened from `file://` in headless Chromium.

mod common;
mod harness;

use std::collections::HashMap;

use harness::{broken_references, browser, html_files, sample_site, Visit};

#[test]
fn every_sample_page_works_offline_without_errors_broken_links_or_outside_requests() {
    let Some(browser) = browser() else { return };
    let site = sample_site();
    let pages = html_files(site);
    assert!(
        pages.len() >= 20,
        "the sample site has {} pages",
        pages.len()
    );
    let visit = Visit::new(browser);
    let mut ids = HashMap::new();
    let mut failures = Vec::new();
    for page in &pages {
        visit.open(page);
        let mut problems = visit.take_problems();
        problems.extend(broken_references(&visit, &mut ids));
        let rel = page.strip_prefix(site).unwrap().display().to_string();
        failures.extend(problems.into_iter().map(|p| format!("{rel}: {p}")));
    }
    assert!(
        failures.is_empty(),
        "{} problems:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn theme_switch_changes_and_remembers_the_colour_scheme() {
    let Some(browser) = browser() else { return };
    let site = sample_site();
    let visit = Visit::new(browser);
    visit.open(&site.join("index.html"));
    let switch = "document.querySelector('[data-metodika=\"theme-switch\"]')";
    assert_eq!(
        visit.eval(&format!("{switch} !== null && !{switch}.hidden")),
        true,
        "switch visible with JavaScript on"
    );
    let before = visit.eval("document.documentElement.dataset.theme || 'system'");
    let mut seen = vec![before.clone()];
    for _ in 0..2 {
        visit
            .tab
            .find_element(
                "[data-metodika=\"theme-switch\"] button, button[data-metodika=\"theme-switch\"]",
            )
            .expect("switch button")
            .click()
            .expect("click");
        seen.push(visit.eval("document.documentElement.dataset.theme || 'system'"));
    }
    assert!(
        seen.contains(&serde_json::json!("dark")),
        "dark reachable: {seen:?}"
    );
    let chosen = seen.last().unwrap().clone();
    // Another page of the offline copy keeps the choice.
    visit.open(&site.join("vardnica.html"));
    assert_eq!(
        visit.eval("document.documentElement.dataset.theme || 'system'"),
        chosen
    );
    assert!(visit.take_problems().is_empty());
}

#[test]
fn content_and_navigation_are_readable_with_javascript_off() {
    let Some(browser) = browser() else { return };
    let site = sample_site();
    let visit = Visit::new(browser);
    visit.disable_scripts();
    visit.open(&site.join("pakalpojumi/cietusajiem/krizes-dzivoklis.html"));
    let text = visit
        .tab
        .find_element("main")
        .expect("main")
        .get_inner_text()
        .expect("text");
    assert!(text.contains("Krīzes dzīvoklis"), "{text}");
    let nav = visit
        .tab
        .find_element("nav[aria-label]")
        .expect("navigation")
        .get_inner_text()
        .expect("nav text");
    assert!(
        nav.contains("Pakalpojumi") || nav.contains("pakalpojumi"),
        "{nav}"
    );
}

#[test]
fn keyboard_users_reach_the_skip_link_first_and_it_targets_main() {
    let Some(browser) = browser() else { return };
    let site = sample_site();
    let visit = Visit::new(browser);
    visit.open(&site.join("riciba/socialais-darbinieks.html"));
    visit.tab.press_key("Tab").expect("tab");
    let focused = visit.eval("document.activeElement.getAttribute('href')");
    let target = focused
        .as_str()
        .unwrap_or_default()
        .trim_start_matches('#')
        .to_string();
    assert!(
        !target.is_empty(),
        "first Tab focuses the skip link, got {focused}"
    );
    assert_eq!(
        visit.eval(&format!("document.getElementById('{target}').tagName")),
        "MAIN"
    );
}

#[test]
fn print_hides_navigation() {
    let Some(browser) = browser() else { return };
    let site = sample_site();
    let visit = Visit::new(browser);
    visit.emulate_print();
    visit.open(&site.join("riciba/krizes-dzivokla-pieskirsana.html"));
    let nav_visible = visit.eval(
        "Array.from(document.querySelectorAll('nav')).filter(n => n.getClientRects().length > 0 && getComputedStyle(n).display !== 'none' && !n.closest('main')).length",
    );
    assert_eq!(nav_visible, 0, "site navigation is hidden in print");
    assert_eq!(
        visit.eval("document.querySelector('main').getClientRects().length > 0"),
        true
    );
}

#[test]
fn every_sample_page_passes_axe_core_in_light_and_key_pages_in_dark() {
    let Some(browser) = browser() else { return };
    let Some(axe) = harness::axe_source() else {
        return;
    };
    let site = sample_site();
    let visit = Visit::new(browser);
    let mut failures = Vec::new();
    for page in html_files(site) {
        visit.open(&page);
        let rel = page.strip_prefix(site).unwrap().display().to_string();
        failures.extend(
            visit
                .axe_violations(axe)
                .into_iter()
                .map(|v| format!("{rel} (light): {v}")),
        );
    }
    visit.prefer_color_scheme("dark");
    for rel in [
        "index.html",
        "pakalpojumi/index.html",
        "riciba/krizes-dzivokla-pieskirsana.html",
        "tags/index.html",
        "404.html",
    ] {
        visit.open(&site.join(rel));
        failures.extend(
            visit
                .axe_violations(axe)
                .into_iter()
                .map(|v| format!("{rel} (dark): {v}")),
        );
    }
    assert!(
        failures.is_empty(),
        "{} accessibility violations:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn served_pages_show_the_error_overlay_and_reload_when_fixed() {
    let Some(browser) = browser() else { return };
    let site_dir = common::site_copy("valid");
    let site = site_dir.path();
    let (mut server, port) = common::start_serve(site);
    let visit = Visit::new(browser);
    let url = format!("http://127.0.0.1:{port}/pakalpojumi/abele.html");
    visit.tab.navigate_to(&url).unwrap();
    let wait_for = |js: &str| {
        let started = std::time::Instant::now();
        while visit.eval(js) != serde_json::Value::Bool(true) {
            assert!(
                started.elapsed().as_secs() < 15,
                "timed out waiting for {js}"
            );
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    };
    wait_for("document.readyState === 'complete' && !!document.querySelector('main')");
    std::thread::sleep(std::time::Duration::from_millis(300)); // the event stream connects
    let page = site.join("content/pakalpojumi/abele.md");
    std::fs::write(
        &page,
        "---\ntitle: Ābele\n---\nSaite uz [nekurieni](nekur.md).\n",
    )
    .unwrap();
    wait_for("!!document.querySelector('[data-metodika=\"error-overlay\"]')");
    let overlay =
        visit.eval("document.querySelector('[data-metodika=\"error-overlay\"]').textContent");
    assert!(
        overlay
            .as_str()
            .unwrap()
            .contains("content/pakalpojumi/abele.md:4:"),
        "{overlay}"
    );
    std::fs::write(&page, "---\ntitle: Ābele\n---\nIzlabots teksts.\n").unwrap();
    wait_for("document.readyState === 'complete' && document.body.textContent.includes('Izlabots teksts.')");
    assert_eq!(
        visit.eval("!!document.querySelector('[data-metodika=\"error-overlay\"]')"),
        false
    );
    // The served policy allows the event stream; nothing of live reload is refused and no
    // script fails. (Served pages come over HTTP and the browser asks for a favicon, which the
    // harness, made for file:// pages, would also note.)
    let problems: Vec<String> = visit
        .take_problems()
        .into_iter()
        .filter(|p| {
            p.contains("Content Security Policy")
                || p.starts_with("uncaught exception")
                || p.starts_with("console.error")
        })
        .collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let _ = server.kill();
    let _ = server.wait();
}

#[test]
fn the_harness_catches_broken_links_missing_assets_console_errors_and_outside_requests() {
    let Some(browser) = browser() else { return };
    let site = common::site_copy("valid");
    let partials = site.path().join("templates/partials");
    std::fs::create_dir_all(&partials).unwrap();
    // The inline script is refused by the theme's Content-Security-Policy, and that refusal
    // must be reported too; the console error comes from a script file, which the policy allows.
    std::fs::write(
        partials.join("page_meta.html"),
        "<img src=\"nope.png\" alt=\"\"><a href=\"nav-tadas.html\">x</a><a href=\"#nav-virsraksta\">y</a>\
         <link rel=\"stylesheet\" href=\"http://127.0.0.1:9/x.css\"><script>console.log('inline')</script>\
         <script src=\"boom.js\"></script>\n",
    )
    .unwrap();
    std::fs::write(
        site.path().join("content/pakalpojumi/boom.js"),
        "console.error('boom');\n",
    )
    .unwrap();
    let out = site.path().join("out");
    let run = common::metodika(&[
        "build",
        "--root",
        site.path().to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let visit = Visit::new(browser);
    visit.open(&out.join("pakalpojumi/krizes-dzivoklis.html"));
    let mut problems = visit.take_problems();
    problems.extend(broken_references(&visit, &mut HashMap::new()));
    let all = problems.join("\n");
    for expected in [
        "not loaded: file://",
        "broken link: file://",
        "missing anchor: file://",
        "request leaves the site: http://127.0.0.1:9/x.css",
        "boom",
        "Executing inline script violates the following Content Security Policy directive",
    ] {
        assert!(
            all.contains(expected),
            "`{expected}` not reported in:\n{all}"
        );
    }
}

#[test]
fn glossary_filter_finds_terms_without_diacritics_by_keyboard() {
    let Some(browser) = browser() else { return };
    let site = sample_site();
    let visit = Visit::new(browser);
    visit.open(&site.join("vardnica.html"));
    let visible = "Array.from(document.querySelectorAll('.glossary-entry')).filter(e => !e.hidden).map(e => e.id)";
    let all = visit.eval(&format!("{visible}.length"));
    assert!(all.as_u64().unwrap() >= 15, "entries: {all}");
    assert_eq!(
        visit.eval("document.querySelector('.glossary-filter').hidden"),
        false,
        "the filter shows with JavaScript on"
    );
    visit
        .tab
        .find_element(".glossary-filter-input")
        .expect("filter input")
        .click()
        .expect("focus the filter");
    visit.tab.type_str("barintiesa").expect("type");
    let ids = |visit: &Visit| -> Vec<String> {
        let json = visit.eval(&format!("JSON.stringify({visible})"));
        serde_json::from_str(json.as_str().unwrap()).unwrap()
    };
    let shown = ids(&visit);
    let shown: Vec<&str> = shown.iter().map(String::as_str).collect();
    assert!(shown.contains(&"barintiesa"), "{shown:?}");
    assert!(!shown.contains(&"krizes-dzivoklis"), "{shown:?}");
    let status = visit.eval("document.querySelector('.glossary-filter-status').textContent");
    assert!(
        status.as_str().unwrap().contains(&shown.len().to_string()),
        "status says how many: {status}"
    );
    // An abbreviation typed as it is written finds its entry.
    visit
        .eval("(() => { const i = document.querySelector('.glossary-filter-input'); i.value = 'VBTAI'; i.dispatchEvent(new Event('input')); return true; })()");
    let shown = ids(&visit);
    assert!(shown.contains(&"vbtai".to_string()), "{shown:?}");
    assert!(shown.len() < 6, "{shown:?}");
    // The first use of an abbreviation on another page is explained in the HTML itself.
    visit.open(&site.join("sadarbiba/index.html"));
    assert_eq!(
        visit
            .eval("document.querySelector('.content abbr[title=\"Valsts policija\"]').textContent"),
        "VP"
    );
    assert!(visit.take_problems().is_empty());
}

//! Quizzes in headless Firefox from `file://`: saved progress survives a reload and reaches
//! the site's other pages (the progress page, the navigation marks).
//!
//! Firefox is driven over WebDriver BiDi by `tests/firefox/quiz_progress.mjs` with
//! puppeteer-core, installed by `.ci/run` (`npm ci --prefix tests/firefox`). Without Firefox
//! or puppeteer-core the test is skipped, except with `CI=true`, where it fails.

mod common;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const FIREFOX_PATHS: &[&str] = &["/usr/bin/firefox-esr", "/usr/bin/firefox"];
const TIMEOUT: Duration = Duration::from_secs(120);

extern "C" {
    fn kill(pid: i32, signal: i32) -> i32;
}

/// Skips the test outside CI; with `CI=true` a missing tool is a failure.
fn missing(what: &str, install: &str) {
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{what} is not installed; CI must run the Firefox test ({install})");
    }
    eprintln!("SKIPPED: {what} not found ({install})");
}

fn firefox() -> Option<PathBuf> {
    match std::env::var_os("FIREFOX") {
        Some(path) => Some(PathBuf::from(path)).filter(|p| p.exists()),
        None => FIREFOX_PATHS.iter().map(PathBuf::from).find(|p| p.exists()),
    }
}

#[test]
fn quiz_progress_persists_across_pages_and_reloads_in_firefox() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let Some(firefox) = firefox() else {
        return missing("Firefox", "apt-get install firefox-esr, or set FIREFOX");
    };
    if !repo
        .join("tests/firefox/node_modules/puppeteer-core")
        .is_dir()
    {
        return missing(
            "puppeteer-core",
            "npm ci --prefix tests/firefox --no-audit --no-fund",
        );
    }

    // Own site title: saved progress is kept per site.
    let (_dir, public) = common::built_fixture("quiz", "Testu vietne firefox");

    let mut child = Command::new("node")
        .arg(repo.join("tests/firefox/quiz_progress.mjs"))
        .arg(&public)
        .env("FIREFOX", &firefox)
        .current_dir(repo)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run node (Node.js is needed for the Firefox test)");
    // Drain both pipes while waiting, so a chatty script never blocks on a full pipe.
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut text = String::new();
            let _ = pipe.read_to_string(&mut text);
            text
        })
    };
    let stdout = drain(Box::new(child.stdout.take().unwrap()));
    let stderr = drain(Box::new(child.stderr.take().unwrap()));

    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status);
        }
        if started.elapsed() > TIMEOUT {
            // SIGTERM first: puppeteer then closes the Firefox it started, which runs in its
            // own process group and would outlive a plain kill of node.
            // SAFETY: plain libc call on the process id of our own child; SIGTERM = 15.
            unsafe {
                kill(child.id() as i32, 15);
            }
            std::thread::sleep(Duration::from_secs(5));
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let stdout = stdout.join().unwrap();
    let stderr = stderr.join().unwrap();
    print!("{stdout}");
    eprint!("{stderr}");
    let status = status.unwrap_or_else(|| {
        panic!(
            "the Firefox script did not finish within {} s\nstdout:\n{stdout}\nstderr:\n{stderr}",
            TIMEOUT.as_secs()
        )
    });
    assert!(
        status.success(),
        "the Firefox quiz script failed ({status})\nstdout:\n{stdout}\nstderr:\n{stderr}"
    );
}

//! `serve` re-renders only what a change touches. This test makes random edits to a fixture
//! site in random order (text, titles, weights, a glossary term and abbreviation, a quiz, a service, deleted and
//! new pages) and after every step compares every file `serve` holds with a fresh full build:
//! a page left stale by a missed dependency fails it. The seed is printed; set
//! `METODIKA_EDIT_SEED` to replay a run, `METODIKA_EDIT_STEPS` for a longer one.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use metodika_serve::Session;
use metodika_site::pipeline::{build, BuildOptions};

/// A small deterministic generator (xorshift64*), so a failing seed replays exactly.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const WORDS: &[&str] = &[
    "Krīzes",
    "dzīvoklis",
    "VP",
    "policija",
    "Ābele",
    "čeks",
    "bāriņtiesa",
    "LM",
    "sadarbība",
    "VBTAI",
    "ziņojums",
    "Žurnāls",
];

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn page(title: &str, weight: Option<i64>, tags: &[&str], body: &str) -> String {
    let weight = weight.map(|w| format!("weight: {w}\n")).unwrap_or_default();
    format!(
        // Other pages link to `#kritēriji` and `#saistitie`: every version keeps them.
        "---\ntitle: \"{title}\"\n{weight}tags: [{}]\n---\n## Kritēriji\n\n{body}\n\n## Saistītie {{#saistitie}}\n",
        tags.join(", ")
    )
}

fn glossary(term: &str, abbr: &str) -> String {
    format!(
        "---\ntitle: Vārdnīca\nkind: glossary\nweight: 50\nentries:\n  - term: {term}\n    abbr: {abbr}\n    id: vp\n    definition: Reaģē uz izsaukumiem.\n    see_also: [Bāriņtiesa]\n  - term: Bāriņtiesa\n    id: termins\n    definition: Aizsargā bērna tiesības.\n    see_also: [{abbr}]\n---\nIevads ar {abbr}.\n"
    )
}

fn quiz(word: &str, pass_mark: u32) -> String {
    format!(
        "---\ntitle: Tests par {word}\nkind: quiz\npass_mark: {pass_mark}\nquestions:\n  - type: true_false\n    question: VP ir {word}.\n    answer: true\n    explanation: Sk. [vārdnīcu](vardnica.md#vp).\n---\n"
    )
}

/// Every file of a fresh build of `root`, or `None` when the build fails.
fn fresh_build(root: &Path, out: &Path) -> Option<BTreeMap<String, Vec<u8>>> {
    let mut options = BuildOptions::new(root);
    options.output = Some(out.to_path_buf());
    let report = build(&options);
    if report.has_errors() {
        return None;
    }
    let mut files = BTreeMap::new();
    for e in walkdir::WalkDir::new(out) {
        let e = e.unwrap();
        if e.file_type().is_file() {
            let rel = e
                .path()
                .strip_prefix(out)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            if rel != metodika_site::output::MARKER {
                files.insert(rel, std::fs::read(e.path()).unwrap());
            }
        }
    }
    Some(files)
}

#[test]
fn after_any_sequence_of_edits_serve_holds_exactly_a_fresh_build() {
    let seed: u64 = std::env::var("METODIKA_EDIT_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
                | 1
        });
    let steps: usize = std::env::var("METODIKA_EDIT_STEPS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60);
    eprintln!("random edits: METODIKA_EDIT_SEED={seed} METODIKA_EDIT_STEPS={steps}");
    let mut rng = Rng(seed);

    let site = common::site_copy("valid");
    let root = site.path().to_path_buf();
    let content = root.join("content");
    write(
        &content.join("vardnica.md"),
        &glossary("Valsts policija", "VP"),
    );
    let out = common::TempDir::new("incremental-out");
    let output = out.path().join("public");

    let mut session = Session::new(&root);
    let mut pages: Vec<PathBuf> = walkdir::WalkDir::new(&content)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| {
            p.extension().is_some_and(|x| x == "md")
                && !p.ends_with("vardnica.md")
                && !p.ends_with("_index.md")
        })
        .collect();
    pages.sort();
    let mut created = 0;
    let mut compared = 0;

    for step in 0..steps {
        let what;
        let path: PathBuf = match rng.below(9) {
            0 | 1 => {
                let p = rng.pick(&pages).clone();
                let w = (rng.pick(WORDS), rng.pick(WORDS));
                write(
                    &p,
                    &page(
                        "Lapa",
                        None,
                        &[],
                        &format!("Teksts par {} un {}.", w.0, w.1),
                    ),
                );
                what = format!("text of {}", p.display());
                p
            }
            2 => {
                let p = rng.pick(&pages).clone();
                let title = format!("{} {}", rng.pick(WORDS), rng.below(100));
                write(
                    &p,
                    &page(&title, None, &[*rng.pick(&["a", "b", "Ābols"])], "Teksts."),
                );
                what = format!("title of {} to {title}", p.display());
                p
            }
            3 => {
                let p = rng.pick(&pages).clone();
                let weight = rng.below(20) as i64;
                write(&p, &page("Svars", Some(weight), &["a"], "VP teksts."));
                what = format!("weight of {} to {weight}", p.display());
                p
            }
            4 => {
                let p = content.join("vardnica.md");
                let (term, abbr) = *rng.pick(&[
                    ("Valsts policija", "VP"),
                    ("Valsts Policija", "VP"),
                    ("Labklājības ministrija", "LM"),
                ]);
                write(&p, &glossary(term, abbr));
                what = format!("glossary term {term} ({abbr})");
                p
            }
            5 if pages.len() > 3 => {
                // Pages other pages link to stay.
                let i = rng.below(pages.len());
                if pages[i].ends_with("krizes-dzivoklis.md") || pages[i].ends_with("abele.md") {
                    continue;
                }
                let p = pages.remove(i);
                std::fs::remove_file(&p).unwrap();
                what = format!("deleted {}", p.display());
                p
            }
            6 => {
                // A quiz comes and goes: the progress page and every footer follow.
                let p = content.join("tests.md");
                if p.exists() && rng.below(3) == 0 {
                    std::fs::remove_file(&p).unwrap();
                    what = "deleted the quiz".to_string();
                } else {
                    let word = rng.pick(WORDS);
                    let pass_mark = *rng.pick(&[60, 80]);
                    write(&p, &quiz(word, pass_mark));
                    what = format!("quiz about {word}, pass mark {pass_mark}");
                }
                p
            }
            7 => {
                // A service: its provider and title show on the catalogue, its link in every footer.
                let p = content.join("pakalpojums.md");
                if p.exists() && rng.below(3) == 0 {
                    std::fs::remove_file(&p).unwrap();
                    what = "deleted the service".to_string();
                } else {
                    let provider = rng.pick(WORDS);
                    write(
                        &p,
                        &format!("---\ntitle: Pakalpojums {provider}\nkind: service\nfor: [victims]\nages: [adults]\nincludes: Atbalsts.\nprovider: {provider}\navailable: Visur\neligibility: [Pilngadīgas personas]\napply: Sk. [vārdnīcu](vardnica.md#vp).\n---\n"),
                    );
                    what = format!("service by {provider}");
                }
                p
            }
            _ => {
                created += 1;
                let dir = if rng.below(2) == 0 {
                    "pakalpojumi"
                } else {
                    "jauna"
                };
                let p = content.join(dir).join(format!("jauna-{created}.md"));
                write(
                    &p,
                    &page(
                        &format!("Jauna {created}"),
                        Some(rng.below(5) as i64),
                        &["b"],
                        "LM un VP.",
                    ),
                );
                pages.push(p.clone());
                what = format!("created {}", p.display());
                p
            }
        };
        let served = session.changed(&[path]);
        let expected = fresh_build(&root, &output);
        match (served, expected) {
            (Ok(_), Some(expected)) => {
                compared += 1;
                let files = session.files();
                let served_paths: Vec<&String> = files.keys().collect();
                let built_paths: Vec<&String> = expected.keys().collect();
                assert_eq!(
                    served_paths, built_paths,
                    "step {step} ({what}), seed {seed}: other files"
                );
                for (path, bytes) in &expected {
                    assert!(
                        files[path] == *bytes,
                        "step {step} ({what}), seed {seed}: `{path}` served stale:\n{}",
                        String::from_utf8_lossy(&files[path])
                    );
                }
            }
            (Err(errors), None) => {
                eprintln!(
                    "step {step} ({what}): both fail: {}",
                    errors[0].render_text()
                );
            }
            (served, expected) => panic!(
                "step {step} ({what}), seed {seed}: serve {} but a fresh build {}",
                if served.is_ok() {
                    "succeeded"
                } else {
                    "failed"
                },
                if expected.is_some() {
                    "succeeded"
                } else {
                    "failed"
                }
            ),
        }
    }
    // A test that compares nothing proves nothing: most steps must build.
    assert!(
        compared * 4 >= steps * 3,
        "only {compared} of {steps} steps built (seed {seed})"
    );
}

/// `serve` keeps each file's link problems between saves; a save that adds or removes what a
/// link points at (a heading, a page) must still be seen by the links of every other file.
#[test]
fn link_problems_follow_the_pages_and_headings_they_point_at() {
    let site = common::site_copy("valid");
    let root = site.path().to_path_buf();
    let content = root.join("content");
    let from = content.join("no-saites.md");
    let to = content.join("merkis.md");
    let target = |heading: &str| format!("---\ntitle: Mērķis\n---\n## {heading}\n\nTeksts.\n");
    write(&to, &target("Kritēriji"));
    write(
        &from,
        "---\ntitle: No saites\n---\nSk. [kritērijus](merkis.md#kritēriji).\n",
    );
    let mut session = Session::new(&root);
    // Tells serve `path` was saved; the codes of the problems it then shows.
    let mut saved = |path: &Path| -> Vec<String> {
        match session.changed(std::slice::from_ref(&path.to_path_buf())) {
            Ok(_) => Vec::new(),
            Err(errors) => errors.iter().map(|d| d.code.to_string()).collect(),
        }
    };
    assert_eq!(saved(&from), Vec::<String>::new());
    // The heading goes: the unchanged linking page's link is broken now.
    write(&to, &target("Citi kritēriji"));
    assert_eq!(saved(&to), ["link/missing-anchor"]);
    // And back: fixed without touching the linking page.
    write(&to, &target("Kritēriji"));
    assert_eq!(saved(&to), Vec::<String>::new());
    // The page goes, then comes back.
    std::fs::remove_file(&to).unwrap();
    assert_eq!(saved(&to), ["link/missing-page"]);
    write(&to, &target("Kritēriji"));
    assert_eq!(saved(&to), Vec::<String>::new());
    // The linking page itself breaks its link, and mends it.
    write(
        &from,
        "---\ntitle: No saites\n---\nSk. [kritērijus](merkis.md#nav).\n",
    );
    assert_eq!(saved(&from), ["link/missing-anchor"]);
    write(
        &from,
        "---\ntitle: No saites\n---\nSk. [kritērijus](merkis.md#kritēriji).\n",
    );
    assert_eq!(saved(&from), Vec::<String>::new());
}

/// A full load and `serve`'s re-reading of one changed path walk `content/` the same way: a
/// symbolic link leading out of the site, or a file that is not UTF-8, is reported by both
/// (the incremental walk once dropped them silently), and forgotten once it is gone.
#[test]
fn a_changed_path_is_walked_and_reported_as_a_full_load_does() {
    let site = common::site_copy("valid");
    let root = site.path().to_path_buf();
    let outside = common::TempDir::new("outside");
    std::fs::write(outside.path().join("x.md"), "---\ntitle: X\n---\n").unwrap();
    let codes = |engine: &metodika_site::pipeline::Engine| -> Vec<(String, String)> {
        let (_, diagnostics) = engine.prepare();
        let mut out: Vec<(String, String)> = diagnostics
            .iter()
            .filter(|d| d.code.starts_with("load/"))
            .map(|d| (d.code.to_string(), d.file.display().to_string()))
            .collect();
        out.sort();
        out
    };
    let mut engine = metodika_site::pipeline::Engine::new(BuildOptions::new(&root));
    assert_eq!(codes(&engine), []);
    let folder = root.join("content/jauna");
    std::fs::create_dir_all(&folder).unwrap();
    std::os::unix::fs::symlink(outside.path(), folder.join("arpus")).unwrap();
    std::fs::write(folder.join("latin1.md"), b"---\ntitle: Bad \xe9\n---\n").unwrap();
    engine.apply_changes(std::slice::from_ref(&folder));
    let incremental = codes(&engine);
    assert_eq!(
        incremental,
        [
            (
                "load/encoding".to_string(),
                "content/jauna/latin1.md".to_string()
            ),
            (
                "load/symlink-outside".to_string(),
                "content/jauna/arpus".to_string()
            )
        ]
    );
    let fresh = metodika_site::pipeline::Engine::new(BuildOptions::new(&root));
    assert_eq!(codes(&fresh), incremental, "the same as a full load");
    std::fs::remove_dir_all(&folder).unwrap();
    engine.apply_changes(std::slice::from_ref(&folder));
    assert_eq!(codes(&engine), [], "gone with the folder");
}

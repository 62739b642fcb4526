//! Golden snapshots of what authors read: every diagnostic `metodika check` prints for the
//! bad-input fixture sites, exactly, in `tests/golden/`. A change of any message, hint,
//! line or column fails until the snapshot is written again with `UPDATE_GOLDEN=1` and the
//! diff is reviewed. (The kinds' own error tests are snapshotted the same way, in
//! `crates/kinds/tests/golden/`.)

mod common;

use std::path::Path;

fn check_output(fixture: &str) -> String {
    let root = common::fixture(fixture);
    let run = common::metodika(&["check", "--root", &root.to_string_lossy()]);
    // The fixture's absolute path would make the snapshot depend on the machine.
    let text = run.stderr.replace(&*root.to_string_lossy(), "<fixture>");
    format!("exit code: {}\n{text}", run.code)
}

#[test]
fn the_bad_input_fixtures_report_what_the_snapshots_say() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let mut changed = Vec::new();
    for fixture in ["broken-front-matter", "broken-links", "broken-template"] {
        let now = check_output(fixture);
        assert!(now.contains("error"), "{fixture} reports no error:\n{now}");
        let path = dir.join(format!("{fixture}.txt"));
        if std::env::var_os("UPDATE_GOLDEN").is_some() {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, &now).unwrap();
            continue;
        }
        let before = std::fs::read_to_string(&path).unwrap_or_default();
        if before != now {
            changed.push(format!(
                "{}:\n--- before\n{before}\n--- now\n{now}",
                path.display()
            ));
        }
    }
    assert!(
        changed.is_empty(),
        "diagnostics changed; review and run with UPDATE_GOLDEN=1:\n{}",
        changed.join("\n")
    );
}

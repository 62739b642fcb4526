//! Helpers shared by the integration tests: copy a fixture site to a temporary folder and run
//! the real `metodika` binary on it.

#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("fixtures")
        .join(name)
}

/// A fresh, empty temporary folder, removed when dropped.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(label: &str) -> TempDir {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let dir =
            std::env::temp_dir().join(format!("metodika-test-{label}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A copy of a fixture titled `title` (saved browser state is kept per site title, and every
/// file:// page shares one store), built; returns the copy and its output folder.
pub fn built_fixture(name: &str, title: &str) -> (TempDir, PathBuf) {
    let dir = site_copy(name);
    std::fs::write(
        dir.path().join("site.yaml"),
        format!("title: {title}\nlanguage: lv\n"),
    )
    .unwrap();
    rebuild(dir.path());
    let out = dir.path().join("public");
    (dir, out)
}

/// Builds a site that must build.
pub fn rebuild(root: &Path) {
    let run = build(root);
    assert_eq!(run.code, 0, "{} builds:\n{}", root.display(), run.stderr);
}

/// Copies a fixture into a temporary folder so tests never write into the repository.
pub fn site_copy(name: &str) -> TempDir {
    let dir = TempDir::new(name);
    copy_dir(&fixture(name), dir.path());
    dir
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn metodika(args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_metodika"))
        .args(args)
        .output()
        .expect("run metodika");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

pub fn build(root: &Path) -> Run {
    metodika(&["build", "--root", root.to_str().unwrap()])
}

pub fn read(path: impl AsRef<Path>) -> String {
    let path = path.as_ref();
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

/// Every file under `dir` with its bytes, sorted by path.
pub fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<(PathBuf, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

/// A running `metodika serve`, stopped when dropped: a test that fails half-way leaves no
/// server behind.
pub struct Server(pub Child);

impl std::ops::Deref for Server {
    type Target = Child;
    fn deref(&self) -> &Child {
        &self.0
    }
}

impl std::ops::DerefMut for Server {
    fn deref_mut(&mut self) -> &mut Child {
        &mut self.0
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `metodika serve --port 0` (the system picks a free port, so parallel tests never
/// race for one) and reads the port from its "Serving http://..." line.
pub fn start_serve(root: &Path) -> (Server, u16) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_metodika"))
        .args(["serve", "--root", root.to_str().unwrap(), "--port", "0"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start metodika serve");
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let port = loop {
        let line = lines.next().expect("server printed its address").unwrap();
        if let Some(rest) = line.strip_prefix("Serving http://127.0.0.1:") {
            break rest.split('/').next().unwrap().parse().unwrap();
        }
    };
    // Keep draining the server's messages so it never blocks on a full pipe.
    std::thread::spawn(move || {
        for line in lines.map_while(Result::ok) {
            if std::env::var_os("SERVE_LOG").is_some() {
                eprintln!("[serve {port}] {line}");
            }
        }
    });
    (Server(child), port)
}

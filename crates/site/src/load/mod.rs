//! Stage 1, load: walk `content/`, read files, split front matter from the body.
//!
//! Nothing here interprets Markdown or YAML; it only finds out what files there are.

mod front_matter;

pub(crate) use front_matter::{split_front_matter, Split};

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use metodika_core::diagnostics::Diagnostic;
use metodika_model::AssetFile;

pub(crate) const CONTENT_DIR: &str = "content";

/// A Markdown source file, read into memory.
#[derive(Debug, Clone)]
pub struct MarkdownFile {
    /// Path relative to `content/`, with `/` separators (`pakalpojumi/krizes-dzivoklis.md`).
    pub rel: String,
    /// Path to show in diagnostics (`content/pakalpojumi/krizes-dzivoklis.md`).
    pub display: PathBuf,
    pub text: String,
}

/// Everything found under `content/`, in sorted order.
#[derive(Debug, Default)]
pub struct LoadedContent {
    pub markdown: Vec<MarkdownFile>,
    pub assets: Vec<AssetFile>,
    /// Every folder under `content/` (relative, `""` for the root), sorted.
    pub dirs: Vec<String>,
}

/// Walks `root/content` and reads every Markdown file (in parallel).
pub(crate) fn load_content(root: &Path, diagnostics: &mut Vec<Diagnostic>) -> LoadedContent {
    let content = root.join(CONTENT_DIR);
    if !content.is_dir() {
        diagnostics.push(
            Diagnostic::error(
                "load/no-content",
                CONTENT_DIR,
                format!("there is no `{CONTENT_DIR}/` folder in {}", root.display()),
            )
            .with_hint("create content/_index.md for the home page, or pass --root DIR"),
        );
        return LoadedContent::default();
    }
    walk(root, &content, diagnostics)
}

/// Walks `start` (`content/` itself, or a file or folder under it that changed) and reads
/// every Markdown file in it: the one walk of full and incremental builds, so both leave
/// out the same files and report the same problems (unreadable entries, names that are not
/// UTF-8, symbolic links leading out of the site).
pub fn walk(root: &Path, start: &Path, diagnostics: &mut Vec<Diagnostic>) -> LoadedContent {
    let content = root.join(CONTENT_DIR);
    let mut loaded = LoadedContent::default();
    let mut markdown_paths = Vec::new();
    // Links leading out of the site are pruned here, so a linked folder is never entered.
    let outside = std::cell::RefCell::new(Vec::new());
    let walker = WalkDir::new(start)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            if e.depth() > 0 && is_ignored(e.file_name().to_string_lossy().as_ref()) {
                return false;
            }
            if e.path_is_symlink() && !stays_inside(root, e.path()) {
                outside.borrow_mut().push(e.path().to_path_buf());
                return false;
            }
            true
        });
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e
                    .path()
                    .map(|p| display(root, p))
                    .unwrap_or_else(|| CONTENT_DIR.into());
                diagnostics.push(
                    Diagnostic::error("load/walk", path, format!("cannot read: {e}")).with_hint(
                        "check the file permissions, or remove a symbolic link that loops",
                    ),
                );
                continue;
            }
        };
        let Ok(rel) = entry.path().strip_prefix(&content) else {
            continue;
        };
        let Some(rel) = rel_string(rel) else {
            diagnostics.push(
                Diagnostic::error(
                    "load/file-name",
                    display(root, entry.path()),
                    "the file name is not valid UTF-8",
                )
                .with_hint("rename the file using letters, digits and `-`"),
            );
            continue;
        };
        if entry.file_type().is_dir() {
            loaded.dirs.push(rel);
        } else if rel.ends_with(".md") {
            markdown_paths.push((rel, entry.path().to_path_buf()));
        } else {
            loaded.assets.push(AssetFile {
                rel,
                abs: entry.path().to_path_buf(),
            });
        }
    }
    for path in outside.into_inner() {
        diagnostics.push(
            Diagnostic::warning(
                "load/symlink-outside",
                display(root, &path),
                "the symbolic link leads outside the site folder and is left out",
            )
            .with_hint("copy the file into content/ instead of linking to it"),
        );
    }
    loaded.markdown = read_all(root, markdown_paths, diagnostics);
    loaded
}

/// Reads Markdown files (relative to `content/`, and where they are) in parallel, in order.
fn read_all(
    root: &Path,
    paths: Vec<(String, PathBuf)>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<MarkdownFile> {
    let read: Vec<Result<MarkdownFile, Diagnostic>> = paths
        .into_par_iter()
        .map(|(rel, abs)| read_markdown(root, rel, &abs))
        .collect();
    let mut files = Vec::new();
    for r in read {
        match r {
            Ok(f) => files.push(f),
            Err(d) => diagnostics.push(d),
        }
    }
    files
}

/// What a changed path means to a build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Change {
    /// The settings, the theme or the site's own templates or assets: load everything again.
    Settings,
    /// A file or folder under `content/` (relative to it, and where it is).
    Content { rel: String, abs: PathBuf },
    /// Nothing the site is built from (the output, hidden files, editor backups).
    Ignored,
}

/// Sorts a changed path (absolute, or relative to the site root) as [`Change`].
pub(crate) fn classify_change(root: &Path, path: &Path) -> Change {
    let path = if path.is_absolute() {
        path.to_path_buf()
    } else {
        root.join(path)
    };
    let Ok(inside) = path.strip_prefix(root) else {
        return Change::Ignored;
    };
    let first = inside
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy().into_owned());
    match first.as_deref() {
        Some(metodika_core::config::CONFIG_FILE)
        | Some("themes")
        | Some("templates")
        | Some("static") => return Change::Settings,
        Some(CONTENT_DIR) => {}
        _ => return Change::Ignored,
    }
    let Some(rel) = path
        .strip_prefix(root.join(CONTENT_DIR))
        .ok()
        .and_then(rel_string)
    else {
        return Change::Ignored;
    };
    if rel.is_empty() {
        // content/ itself was replaced or removed.
        Change::Settings
    } else if is_content_path(&rel) {
        Change::Content { rel, abs: path }
    } else {
        Change::Ignored
    }
}

/// Reads one Markdown file (`rel` relative to `content/`).
pub(crate) fn read_markdown(
    root: &Path,
    rel: String,
    abs: &Path,
) -> Result<MarkdownFile, Diagnostic> {
    let display = display(root, abs);
    match std::fs::read(abs) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => Ok(MarkdownFile {
                rel,
                display,
                text: normalize_text(text),
            }),
            Err(e) => {
                let offset = e.utf8_error().valid_up_to();
                let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
                Err(Diagnostic::error("load/encoding", display, "the file is not valid UTF-8")
                    .at_offset(&text, offset)
                    .with_hint("save the file with UTF-8 encoding (most editors: \"Save with encoding\")"))
            }
        },
        Err(e) => Err(Diagnostic::error(
            "load/unreadable",
            display,
            format!("cannot read: {e}"),
        )),
    }
}

/// A file saved by a Windows editor (byte-order mark, CRLF line ends) reads exactly like its
/// LF twin, so it builds to the same bytes and its diagnostics name the same lines and columns.
/// NUL (which HTML forbids) becomes U+FFFD, as CommonMark asks.
pub fn normalize_text(text: String) -> String {
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    };
    if !text.contains('\r') && !text.contains('\0') {
        return text;
    }
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .replace('\0', "\u{fffd}")
}

/// Whether `path` (a symbolic link) resolves to somewhere inside `root`: a site never
/// publishes, or serves, files from outside its own folder.
pub(crate) fn stays_inside(root: &Path, path: &Path) -> bool {
    match (root.canonicalize(), path.canonicalize()) {
        (Ok(root), Ok(target)) => target.starts_with(root),
        _ => false,
    }
}

/// Whether a path under `content/` is content at all (not a hidden file or editor backup).
pub(crate) fn is_content_path(rel: &str) -> bool {
    !rel.split('/').any(is_ignored)
}

/// Editor backups, hidden files and OS clutter are not content.
fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.eq_ignore_ascii_case("thumbs.db")
        || name.eq_ignore_ascii_case("desktop.ini")
}

pub(crate) fn rel_string(rel: &Path) -> Option<String> {
    let parts: Option<Vec<&str>> = rel.components().map(|c| c.as_os_str().to_str()).collect();
    Some(parts?.join("/"))
}

fn display(root: &Path, path: &Path) -> PathBuf {
    metodika_core::diagnostics::display_path(root, path)
}

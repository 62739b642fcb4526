//! Link and anchor checking.

use std::collections::HashMap;

use rayon::prelude::*;

use crate::parse::dir_of;
use metodika_core::diagnostics::{did_you_mean, Diagnostic, Place};
use metodika_core::url::percent_decode_lenient;
use metodika_markdown::raw_html::unsafe_scheme;
use metodika_markdown::{is_local, LinkRef, RefKind};
use metodika_model::{Document, Site};

/// What the last check found, kept by `serve` between saves: a file's links are checked
/// again only when the file changed or when what links can point at changed (pages, their
/// headings, files, folders).
#[derive(Debug, Default)]
pub(crate) struct LinkMemo {
    /// Fingerprint of everything a link can point at (see [`targets_fingerprint`]).
    targets: u64,
    /// Problems of each parsed file, by its parse's generation.
    by_file: HashMap<u64, Vec<Diagnostic>>,
}

/// Checks every link of every document, in parallel (each lookup a hash-map probe), reusing
/// what `memo` knows and leaving in it what this check found. A new memo checks them all.
pub(crate) fn validate_links_with(site: &Site, memo: &mut LinkMemo) -> Vec<Diagnostic> {
    let targets = targets_fingerprint(site);
    if targets != memo.targets {
        memo.by_file.clear();
        memo.targets = targets;
    }
    let previous = std::mem::take(&mut memo.by_file);
    let found: Vec<(u64, Vec<Diagnostic>)> = site
        .docs
        .par_iter()
        .map(|doc| {
            let generation = doc.file.generation;
            let problems = match previous.get(&generation) {
                Some(known) => known.clone(),
                None => doc
                    .content
                    .links
                    .iter()
                    .zip(&doc.link_places)
                    .filter_map(|(l, place)| check_link(site, doc, l, place))
                    .collect(),
            };
            (generation, problems)
        })
        .collect();
    let mut all = Vec::new();
    for (generation, problems) in found {
        all.extend(problems.iter().cloned());
        memo.by_file.insert(generation, problems);
    }
    all
}

/// A hash of what links are checked against: every page's source path and headings, and
/// the site's files, folders, drafts and unparsed pages. Order-independent (a sum of item
/// hashes), since the sets are hash sets.
fn targets_fingerprint(site: &Site) -> u64 {
    use std::hash::BuildHasher;
    let state = foldhash::quality::FixedState::with_seed(7);
    let sum = |items: &mut dyn Iterator<Item = u64>| items.fold(0u64, u64::wrapping_add);
    let pages = site
        .docs
        .par_iter()
        .map(|doc| {
            let anchors = sum(&mut doc.content.anchors.iter().map(|a| state.hash_one(a)));
            state.hash_one((&doc.source, anchors))
        })
        .reduce(|| 0, u64::wrapping_add);
    let mut h = state.hash_one(("pages", pages, site.by_source.len()));
    for (name, set) in [
        ("assets", &site.asset_paths),
        ("dirs", &site.dirs),
        ("drafts", &site.drafts),
        ("unparsed", &site.unparsed),
    ] {
        let items = sum(&mut set.iter().map(|p| state.hash_one(p)));
        h = state.hash_one((h, name, items, set.len()));
    }
    h
}

/// What is wrong with a link: code, message, hint.
type Problem = (&'static str, String, String);

fn check_link(site: &Site, doc: &Document, link: &LinkRef, place: &Place) -> Option<Diagnostic> {
    let problem = link_problem(site, doc, link)?;
    let (code, message, hint) = problem;
    Some(
        Diagnostic::error(code, &doc.display, message)
            .at_place(place)
            .with_hint(hint),
    )
}

/// The first problem of a link, in the order an author would fix them: its form, then its
/// target file or page, then the anchor on it.
fn link_problem(site: &Site, doc: &Document, link: &LinkRef) -> Option<Problem> {
    let dest = link.dest.trim();
    let (path, fragment) = match local_path(dest, link.kind) {
        Ok(Some(parts)) => parts,
        Ok(None) => return None,
        Err(problem) => return Some(problem),
    };
    if path.is_empty() {
        // `#anchor` on the same page.
        let fragment = fragment.unwrap_or_default();
        return check_anchor(doc, &fragment).map(|hint| {
            (
                "link/missing-anchor",
                format!("there is no heading `#{fragment}` on this page"),
                hint,
            )
        });
    }
    let base = dir_of(&doc.source);
    let source = match target_source(site, base, dest, &path, link.kind) {
        Ok(Some(source)) => source,
        Ok(None) => return None,
        Err(problem) => return Some(problem),
    };
    let Some(&target_id) = site.by_source.get(&source) else {
        return missing_page(site, base, dest, &source);
    };
    let target_doc = &site.docs[target_id];
    let fragment = fragment?;
    check_anchor(target_doc, &fragment).map(|hint| {
        (
            "link/missing-anchor",
            format!(
                "`{}` has no heading `#{fragment}`",
                target_doc.display.display()
            ),
            hint,
        )
    })
}

/// A link's path (percent-decoded) and `#fragment` when it points inside the site; `None`
/// for a link leading elsewhere that is allowed to; a problem with its form otherwise.
fn local_path(dest: &str, kind: RefKind) -> Result<Option<(String, Option<String>)>, Problem> {
    if let Some(scheme) = unsafe_scheme(dest) {
        return Err((
            "link/unsafe-url",
            format!("the {} points at a `{scheme}:` URL", what(kind)),
            match scheme {
                "data" => "save the data as a file next to the page and link to it relatively",
                _ => "link to a page or a file; scripts in links are blocked by the site's Content-Security-Policy",
            }
            .into(),
        ));
    }
    if !is_local(dest) {
        if kind == RefKind::Image {
            return Err((
                "link/external-image",
                format!("the image `{dest}` is loaded from outside the site"),
                "download the image next to the page and link it relatively; offline copies cannot reach it and the site's Content-Security-Policy blocks it".into(),
            ));
        }
        return Ok(None);
    }
    if dest.is_empty() {
        return Err((
            "link/empty",
            "the link has no target".into(),
            "write the target in the parentheses: [text](page.md)".into(),
        ));
    }
    let (path, fragment) = match dest.split_once('#') {
        Some((p, f)) => (p, Some(percent_decode_lenient(f))),
        None => (dest, None),
    };
    let raw_path = path.split('?').next().unwrap_or_default();
    let lower = raw_path.to_ascii_lowercase();
    if lower.contains("%2f") || lower.contains("%5c") {
        return Err((
            "link/encoded-slash",
            format!("the link `{dest}` hides a folder separator as %2F or %5C"),
            "write folder separators as `/`".into(),
        ));
    }
    let path = percent_decode_lenient(raw_path);
    if path.starts_with('/') || path.starts_with('\\') || path.contains(":\\") {
        return Err((
            "link/absolute",
            format!("the link `{dest}` is absolute"),
            "write links relative to this file (e.g. `../pakalpojumi/krizes-dzivoklis.md`) so the site also works opened from a USB stick".into(),
        ));
    }
    Ok(Some((path, fragment)))
}

/// The source of the page a link leads to (`a/_index.md` for a folder link); `None` for a
/// file that exists; a problem when the target is missing or of the wrong sort.
fn target_source(
    site: &Site,
    base: &str,
    dest: &str,
    path: &str,
    kind: RefKind,
) -> Result<Option<String>, Problem> {
    let Some(target) = resolve_relative(base, path) else {
        return Err((
            "link/outside-content",
            format!("the link `{dest}` leads outside the content folder"),
            "link only to files inside content/; put shared files there".into(),
        ));
    };
    let last = path.rsplit(['/', '\\']).next().unwrap_or_default();
    let is_folder_link = last.is_empty() || last == "." || last == "..";
    if kind == RefKind::Image
        && (target.ends_with(".md") || is_folder_link || site.dirs.contains(&target))
    {
        let what = if target.ends_with(".md") {
            "a page"
        } else {
            "a folder"
        };
        return Err((
            "link/image-to-page",
            format!("the image `{dest}` points at {what}"),
            "an image must point at an image file (.svg, .png, .jpg)".into(),
        ));
    }
    if target.ends_with(".md") {
        return Ok(Some(target));
    }
    if is_folder_link || target.is_empty() {
        return Ok(Some(if target.is_empty() {
            "_index.md".to_string()
        } else {
            format!("{target}/_index.md")
        }));
    }
    if site.asset_paths.contains(&target) {
        return Ok(None);
    }
    if site.dirs.contains(&target) {
        return Err((
            "link/folder",
            format!("the link `{dest}` points at a folder"),
            format!("link to the section page instead: `{path}/_index.md`"),
        ));
    }
    Err((
        "link/missing-file",
        format!("the link `{dest}` points at a file that does not exist: content/{target}"),
        "check the file name and folder; files next to pages are copied to the site as they are"
            .into(),
    ))
}

/// Why a link's page is not in the site (a draft, or missing, with the likely one named);
/// nothing when the page failed to parse (its own errors are reported).
fn missing_page(site: &Site, base: &str, dest: &str, source: &str) -> Option<Problem> {
    if site.unparsed.contains(source) {
        return None;
    }
    if site.drafts.contains(source) {
        return Some((
            "link/draft",
            format!("the link `{dest}` points at a draft page"),
            "publish the page (remove `draft: true`), build with --drafts, or remove the link"
                .into(),
        ));
    }
    // Likely meant: a page in the same folder, or one with the same file name elsewhere
    // (a moved page). Not every page: after a folder is renamed, hundreds of links break.
    let folder = dir_of(source);
    let name = source.rsplit('/').next().unwrap_or_default();
    let candidates: Vec<&str> = site
        .by_source
        .keys()
        .filter(|k| dir_of(k) == folder || k.rsplit('/').next() == Some(name))
        .map(String::as_str)
        .collect();
    let hint = match did_you_mean(source, &candidates) {
        Some(s) => format!("did you mean `{}`?", relative_to(base, s)),
        None => "check the file name and how many `../` the path needs".to_string(),
    };
    Some((
        "link/missing-page",
        format!("the link `{dest}` points at a page that does not exist: content/{source}"),
        hint,
    ))
}

fn what(kind: RefKind) -> &'static str {
    match kind {
        RefKind::Link => "link",
        RefKind::Image => "image",
    }
}

/// `None` when the anchor exists; otherwise the hint to show.
fn check_anchor(target: &Document, fragment: &str) -> Option<String> {
    if fragment.is_empty() || target.content.anchors.contains(fragment) {
        return None;
    }
    let ids: Vec<&str> = target.content.toc.iter().map(|t| t.id.as_str()).collect();
    Some(match did_you_mean(fragment, &ids) {
        Some(s) => format!("did you mean `#{s}`?"),
        None if ids.is_empty() => {
            "the page has no headings to link to; link to the page without `#`".to_string()
        }
        None => format!(
            "headings on that page: {}",
            ids.iter()
                .map(|i| format!("#{i}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    })
}

/// Joins a relative link onto a folder and normalises `.` and `..`; `None` when it climbs out.
pub(crate) fn resolve_relative(base: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = base.split('/').filter(|s| !s.is_empty()).collect();
    for segment in path.split(['/', '\\']) {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// Path of `target` written relative to the folder `base`.
fn relative_to(base: &str, target: &str) -> String {
    let base_parts: Vec<&str> = base.split('/').filter(|s| !s.is_empty()).collect();
    let target_parts: Vec<&str> = target.split('/').collect();
    let common = base_parts
        .iter()
        .zip(&target_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut out = "../".repeat(base_parts.len() - common);
    out.push_str(&target_parts[common..].join("/"));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_resolve_and_cannot_escape() {
        assert_eq!(
            resolve_relative("a/b", "../c/d.md").as_deref(),
            Some("a/c/d.md")
        );
        assert_eq!(resolve_relative("", "./x.md").as_deref(), Some("x.md"));
        assert_eq!(resolve_relative("a", "../../x.md"), None);
    }

    #[test]
    fn suggestions_are_written_relative_to_the_linking_page() {
        assert_eq!(relative_to("a/b", "a/c/d.md"), "../c/d.md");
        assert_eq!(relative_to("", "x/y.md"), "x/y.md");
    }
}

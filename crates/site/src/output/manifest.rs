//! The one list of files a build writes, made once per build.
//!
//! Every output file is an [`Entry`] that some [`Generator`] added: the documents, the tag
//! pages, 404, the sitemap, the theme's assets and the files copied from `content/`; later
//! search shards and handouts. `build` writes from it, `check` renders from it, `serve` serves
//! from it, and names are checked on it: two entries for one path, or for paths that differ
//! only in letter case (they overwrite each other on the FAT/exFAT USB sticks and the Windows
//! and macOS disks seminar copies live on), are errors naming both sources.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use metodika_core::diagnostics::Diagnostic;
use metodika_model::DocId;

/// A page rendered with the theme's templates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Job {
    Document(DocId),
    TagIndex,
    /// Index into the plan's tags.
    Tag(usize),
    NotFound,
    /// A content kind's page of the whole site: the index into `kinds::site_pages()`.
    SitePage(usize),
}

/// How an output file is made.
#[derive(Debug, Clone)]
pub enum Produce {
    Page(Job),
    /// Bytes made by a generator (the sitemap) or taken from the theme (assets).
    Bytes(Arc<Vec<u8>>),
    /// A file under `content/`, copied as it is.
    Copy(PathBuf),
}

/// One output file.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Path relative to the site root, with `/`.
    pub path: String,
    /// What writes it, for messages ("the tag index", "content/a.md").
    pub owner: String,
    /// The file a problem with it is reported in.
    pub source: PathBuf,
    pub produce: Produce,
}

/// Every file of one build, in a stable order.
#[derive(Debug, Default)]
pub struct Manifest {
    pub entries: Vec<Entry>,
}

impl Manifest {
    pub fn add(
        &mut self,
        path: impl Into<String>,
        owner: impl Into<String>,
        source: impl Into<PathBuf>,
        produce: Produce,
    ) {
        self.entries.push(Entry {
            path: path.into(),
            owner: owner.into(),
            source: source.into(),
            produce,
        });
    }

    /// The rendered pages: (output path, job).
    pub fn pages(&self) -> impl Iterator<Item = (&str, Job)> {
        self.entries.iter().filter_map(|e| match e.produce {
            Produce::Page(job) => Some((e.path.as_str(), job)),
            _ => None,
        })
    }

    /// Two entries for one path, or for paths equal but for letter case. Earlier entries win,
    /// so generated files (added first) keep their names and the content file is reported.
    pub(crate) fn collisions(&self) -> Vec<Diagnostic> {
        let mut seen: HashMap<String, usize> = HashMap::with_capacity(self.entries.len());
        let mut problems = Vec::new();
        for (i, e) in self.entries.iter().enumerate() {
            let folded = e.path.to_lowercase();
            let Some(&first) = seen.get(&folded) else {
                seen.insert(folded, i);
                continue;
            };
            let first = &self.entries[first];
            let d = if first.path == e.path {
                Diagnostic::error(
                    "output/collision",
                    &e.source,
                    format!(
                        "`{}` would be written twice: by {} and by {}",
                        e.path, first.owner, e.owner
                    ),
                )
                .with_hint("rename or move one of them")
            } else {
                Diagnostic::error(
                    "output/case-collision",
                    &e.source,
                    format!(
                        "`{}` (from {}) and `{}` (from {}) differ only in letter case: on USB sticks (FAT, exFAT) and Windows and macOS disks one would overwrite the other",
                        first.path, first.owner, e.path, e.owner
                    ),
                )
                .with_hint("rename one of them; lowercase file names avoid this")
            };
            problems.push(d);
        }
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_and_case_only_collisions_name_both_sources() {
        let mut m = Manifest::default();
        let bytes = || Produce::Bytes(Arc::new(Vec::new()));
        m.add(
            "a/Krize.html",
            "content/a/Krize.md",
            "content/a/Krize.md",
            bytes(),
        );
        m.add(
            "a/krize.html",
            "content/a/krize.md",
            "content/a/krize.md",
            bytes(),
        );
        m.add("b.html", "content/b.md", "content/b.md", bytes());
        m.add(
            "b.html",
            "content/b/_index.md",
            "content/b/_index.md",
            bytes(),
        );
        m.add("Ā.html", "content/Ā.md", "content/Ā.md", bytes());
        m.add("ā.html", "content/ā.md", "content/ā.md", bytes());
        let p = m.collisions();
        let codes: Vec<&str> = p.iter().map(|d| d.code).collect();
        assert_eq!(
            codes,
            [
                "output/case-collision",
                "output/collision",
                "output/case-collision"
            ]
        );
        assert!(
            p[0].message.contains("content/a/Krize.md")
                && p[0].message.contains("content/a/krize.md")
        );
        assert_eq!(p[0].file, PathBuf::from("content/a/krize.md"));
    }
}

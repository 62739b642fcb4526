//! Style warnings for `metodika check`: never errors, shown so authors can tidy up.

use rayon::prelude::*;

use metodika_core::diagnostics::Diagnostic;
use metodika_markdown::is_local;
use metodika_model::{DocKind, Site};

/// External links (offline readers cannot follow them) and pages without a description
/// (lists and search results then show the opening of the text instead).
pub fn lints(site: &Site) -> Vec<Diagnostic> {
    site.docs
        .par_iter()
        .filter_map(|doc| Some((doc, doc.start.as_ref()?)))
        .flat_map_iter(|(doc, start)| {
            let mut found = Vec::new();
            if doc.kind == DocKind::Page && doc.meta.description.as_deref().is_none_or(|d| d.trim().is_empty()) {
                found.push(
                    Diagnostic::warning("lint/no-description", &doc.display, "the page has no `description`")
                        .at_place(start)
                        .with_hint("add one sentence, e.g. `description: Kas ir krīzes dzīvoklis un kam tas paredzēts.`"),
                );
            }
            for (link, place) in doc.content.links.iter().zip(&doc.link_places) {
                if !is_local(&link.dest) && (link.dest.starts_with("http://") || link.dest.starts_with("https://")) {
                    found.push(
                        Diagnostic::warning("lint/external-link", &doc.display, format!("external link `{}` is not checked", link.dest))
                            .at_place(place)
                            .with_hint("readers of an offline copy cannot open it; say in the text what they will find there"),
                    );
                }
            }
            found
        })
        .collect()
}

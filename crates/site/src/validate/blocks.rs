//! Content-kind blocks check themselves against the whole site.

use rayon::prelude::*;

use metodika_core::diagnostics::Diagnostic;
use metodika_core::url::Relative;
use metodika_model::kind::BlockContext;
use metodika_model::Site;

/// Runs every block's own site-wide checks (references to entries, steps, pages).
pub(crate) fn validate_blocks(site: &Site) -> Vec<Diagnostic> {
    site.docs
        .par_iter()
        .enumerate()
        .filter(|(_, d)| !d.blocks.is_empty())
        .flat_map_iter(|(id, doc)| {
            let here = Relative::from_page(&doc.url);
            let cx = BlockContext {
                site,
                doc: id,
                here: &here,
            };
            doc.blocks
                .iter()
                .flat_map(|b| b.validate(&cx))
                .collect::<Vec<_>>()
        })
        .collect()
}

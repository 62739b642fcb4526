//! Content-kind blocks check themselves against the whole site.

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;
use crate::kinds::BlockContext;
use crate::model::Site;
use crate::url::Relative;

/// Runs every block's own site-wide checks (references to entries, steps, pages).
pub fn validate_blocks(site: &Site) -> Vec<Diagnostic> {
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

//! Stage 4, render: one page from its inputs. A page's content-kind blocks are rendered
//! through their partials where their markers stand, the abbreviations' first uses are
//! marked, then the page template lays out the whole.

use std::hash::{Hash, Hasher};

use crate::render::context::{ContentInputs, Html, TemplateContext};
use crate::render::Renderer;
use metodika_core::diagnostics::Diagnostic;
use metodika_markdown::Piece;

/// Everything one page is rendered from. [`key`] hashes exactly this, so a page is
/// rendered again in `serve` exactly when something it shows changed: nothing is listed by
/// hand, and a content kind's reads are in its template data.
pub struct PageInputs<'a> {
    pub template: &'static str,
    pub context: TemplateContext<'a>,
    pub content: ContentInputs<'a>,
}

/// A fingerprint of everything a page is made from: equal keys give equal HTML.
pub fn key(inputs: &PageInputs) -> u64 {
    use std::hash::BuildHasher;
    let mut h = foldhash::quality::FixedState::with_seed(0).build_hasher();
    inputs.template.hash(&mut h);
    inputs.context.hash(&mut h);
    inputs.content.hash(&mut h);
    h.finish()
}

/// Renders a page: its content-kind blocks through their partials, the abbreviations'
/// first uses, then the page template.
pub fn render(renderer: &Renderer, mut inputs: PageInputs) -> Result<String, Diagnostic> {
    let content = &inputs.content;
    let mut html = String::with_capacity(content.html.len() + 1024);
    for piece in metodika_markdown::pieces(content.html, content.block_places) {
        match piece {
            Piece::Html(text) => html.push_str(text),
            Piece::Block(n) => {
                let Some((template, data)) = content.blocks.get(n) else {
                    continue;
                };
                let block = BlockView {
                    root: &inputs.context.root,
                    site: inputs.context.site,
                    t: inputs.context.t.map,
                    page_url: &inputs.context.page.url,
                    data,
                };
                html.push_str(&renderer.render(template, &block)?);
            }
        }
    }
    let html = match crate::render::abbr::mark_first_uses(&html, content.abbreviations) {
        std::borrow::Cow::Borrowed(_) => html,
        std::borrow::Cow::Owned(marked) => marked,
    };
    inputs.context.page.content = Html(html);
    renderer.render(inputs.template, &inputs.context)
}

/// What a content kind's partial gets.
#[derive(serde::Serialize)]
struct BlockView<'a> {
    root: &'a str,
    site: &'a metodika_core::config::SiteConfig,
    t: &'a std::collections::BTreeMap<String, String>,
    /// The page's URL (site-root-relative).
    page_url: &'a str,
    data: &'a serde_json::Value,
}

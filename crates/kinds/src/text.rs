//! Markdown written inside a kind's YAML (a definition, a question, a step's details): rendered
//! once at parse time, its links and ids collected for the site's checks.

use metodika_core::yaml::Node;
use metodika_markdown::LinkRef;
use metodika_model::kind::ParseContext;

/// Markdown rendered to HTML, with its visible text for search.
#[derive(Debug, Clone, Default)]
pub(crate) struct Rich {
    pub html: String,
    pub text: String,
}

/// What a block's texts hold, for the link checker and the page's ids.
#[derive(Debug, Default)]
pub(crate) struct Texts {
    pub links: Vec<LinkRef>,
    /// Ids of headings and footnotes inside the texts.
    pub anchors: Vec<String>,
}

impl Texts {
    /// Markdown that may hold paragraphs and lists.
    pub fn block(&mut self, cx: &mut ParseContext, text: &str, node: &Node) -> Rich {
        let rendered = cx.markdown(text, node);
        self.links.extend(rendered.links);
        self.anchors.extend(rendered.anchors);
        Rich {
            html: rendered.html,
            text: rendered.plain_text,
        }
    }

    /// Markdown shown inside a label, a legend or a box: one paragraph, without its `<p>`.
    /// More is reported as `code` at the text.
    pub fn inline(
        &mut self,
        cx: &mut ParseContext,
        text: &str,
        node: &Node,
        key: &str,
        code: &'static str,
    ) -> Rich {
        let mut rich = self.block(cx, text, node);
        let html = rich.html.trim();
        match html
            .strip_prefix("<p>")
            .and_then(|h| h.strip_suffix("</p>"))
        {
            Some(inner) if !inner.contains("<p>") => rich.html = inner.to_string(),
            _ => cx.problems.push(
                cx.source
                    .error(
                        code,
                        node.pos,
                        format!("`{key}` must be one paragraph of text: it is shown inside a label or a box"),
                    )
                    .with_hint("leave out blank lines, lists and headings; put longer text in the item's explanation or details"),
            ),
        }
        rich
    }

    /// Takes over what `other` collected (a sub-map's texts into its block's).
    pub(crate) fn absorb(&mut self, other: &mut Texts) {
        self.links.append(&mut other.links);
        self.anchors.append(&mut other.anchors);
    }

    /// The collected ids, sorted and once each.
    pub(crate) fn sorted_anchors(&mut self) -> Vec<String> {
        let mut anchors = std::mem::take(&mut self.anchors);
        anchors.sort();
        anchors.dedup();
        anchors
    }
}

/// Whether `id` can be an anchor written by an author.
pub(crate) fn valid_id(id: &str) -> bool {
    !id.trim().is_empty()
        && !id
            .chars()
            .any(|c| c.is_whitespace() || c == '#' || c == '"')
}

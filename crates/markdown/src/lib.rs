//! Markdown -> HTML with the things a methodology site needs: heading ids and anchor links,
//! a table of contents, callouts with translated labels, and links to source files rewritten
//! to output files (their targets are checked later, by the site's `validate` stage). Fenced
//! blocks whose names it is told ([`MarkdownLabels::fences`]) are set aside, with their places
//! in the HTML, for the content kinds; it knows no kind itself.

// Diagnostics are the cold path and are collected, not propagated in hot loops; boxing them
// would only add noise at every call site.
#![allow(clippy::result_large_err)]

pub mod quotes;
pub mod raw_html;
mod slug;

pub use slug::{ascii_slug, slugify};

use std::collections::HashSet;

use pulldown_cmark::{
    html, Alignment, BlockQuoteKind, CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser,
    Tag, TagEnd,
};
use serde::Serialize;

/// Translated strings the Markdown renderer writes into the HTML.
#[derive(Debug, Clone, Default)]
pub struct MarkdownLabels {
    pub note: String,
    pub tip: String,
    pub important: String,
    pub warning: String,
    pub caution: String,
    /// `aria-label` of the `#` link after each heading.
    pub heading_link: String,
    pub task_done: String,
    pub task_open: String,
    /// The site language's quotation marks for smart punctuation.
    pub quotes: quotes::QuoteStyle,
    /// The site's language, for the ids the content kinds give their blocks.
    pub language: metodika_core::config::Language,
    /// Names of the fences whose YAML is set aside for a content kind (` ```quiz `).
    pub fences: Vec<&'static str>,
}

/// One heading of a page, for the in-page table of contents.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// Whether a reference came from a link or an image (images must point at files).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RefKind {
    Link,
    Image,
}

/// A link or image destination as written, with its place in the file for error messages.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct LinkRef {
    pub dest: String,
    pub kind: RefKind,
    /// Byte offset in the source file (in the Markdown text for [`render`]).
    pub offset: usize,
}

/// A fenced block of a content kind (```` ```glossary ````), left for the kind to parse.
/// [`Rendered::block_places`] says where in the HTML its rendered partial goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FencedBlock {
    /// The fence's name, one of those [`MarkdownLabels::fences`] lists.
    pub kind: String,
    pub yaml: String,
    /// Byte offset of the YAML's first line in the file.
    pub offset: usize,
}

/// A piece of a page's HTML: text as it is, or the place of its `n`th block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece<'a> {
    Html(&'a str),
    Block(usize),
}

/// Cuts HTML at the places of its blocks (`places[n]` is the byte offset where block `n`
/// goes; a page's own block may come first, so places need not be in block order).
pub fn pieces<'a>(html: &'a str, places: &[usize]) -> Vec<Piece<'a>> {
    let mut order: Vec<(usize, usize)> = places
        .iter()
        .enumerate()
        .map(|(n, &at)| (at.min(html.len()), n))
        .collect();
    order.sort_unstable();
    let mut out = Vec::with_capacity(order.len() * 2 + 1);
    let mut from = 0;
    for (at, n) in order {
        // A place inside a character cannot come from the renderer; keep the text whole.
        if at > from && html.is_char_boundary(at) {
            out.push(Piece::Html(&html[from..at]));
            from = at;
        }
        out.push(Piece::Block(n));
    }
    if from < html.len() {
        out.push(Piece::Html(&html[from..]));
    }
    out
}

/// A problem found while rendering (e.g. a duplicate explicit heading id), by file offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkdownIssue {
    pub offset: usize,
    pub code: &'static str,
    pub message: String,
    pub hint: String,
}

/// The result of rendering one Markdown body.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    pub toc: Vec<TocEntry>,
    /// Every id a link can point at with `#id` (headings and footnotes).
    pub anchors: HashSet<String>,
    pub links: Vec<LinkRef>,
    pub issues: Vec<MarkdownIssue>,
    /// Visible text, whitespace-collapsed (for descriptions and, later, the search index).
    pub plain_text: String,
    /// Fenced blocks of content kinds, in order.
    pub blocks: Vec<FencedBlock>,
    /// Where each block goes: `block_places[n]` is a byte offset in `html`.
    pub block_places: Vec<usize>,
}

impl Rendered {
    /// A hash of the HTML and its blocks' places, computed once per parse: render keys use
    /// it instead of the text.
    pub fn html_hash(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        self.html.hash(&mut h);
        self.block_places.hash(&mut h);
        h.finish()
    }
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_GFM
}

/// Renders Markdown on its own (offsets are into `body`; fenced kinds stay code blocks).
/// Pure and thread-safe.
pub fn render(body: &str, labels: &MarkdownLabels) -> Rendered {
    render_with(body, labels, &|o| o, false)
}

/// Renders a page body that starts at `body_offset` in its file: offsets are into the file,
/// and fenced blocks of content kinds are set aside for their kinds.
pub fn render_page(body: &str, labels: &MarkdownLabels, body_offset: usize) -> Rendered {
    render_with(body, labels, &|o| o + body_offset, true)
}

/// Renders Markdown written inside a content kind's YAML; `map` turns offsets in `text` into
/// file offsets. Fenced kinds do not nest.
pub fn render_nested(
    text: &str,
    labels: &MarkdownLabels,
    map: &dyn Fn(usize) -> usize,
) -> Rendered {
    render_with(text, labels, map, false)
}

fn render_with(
    body: &str,
    labels: &MarkdownLabels,
    map: &dyn Fn(usize) -> usize,
    kinds: bool,
) -> Rendered {
    let mut state = RenderState {
        body,
        labels,
        map,
        kinds,
        out: Rendered::default(),
        fence: None,
        block_events: Vec::new(),
        raw_block: RawBlock::default(),
        events: Vec::new(),
        heading: None,
        footnote_ids: Vec::new(),
        table: TableState::default(),
    };
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        state.event(event, range);
    }
    state.finish()
}

/// A fenced block of a content kind being read: its name, its YAML so far, and where the
/// YAML's first line starts in the body.
type OpenFence = (String, String, Option<usize>);

/// One body being rendered: what has been read so far and what is open.
struct RenderState<'a, 'm> {
    body: &'a str,
    labels: &'a MarkdownLabels,
    map: &'m dyn Fn(usize) -> usize,
    /// Whether fenced blocks of content kinds are set aside (a page body) or stay code.
    kinds: bool,
    out: Rendered,
    fence: Option<OpenFence>,
    /// Where in `events` each fenced block stands (an empty event, to find its place in the
    /// HTML).
    block_events: Vec<usize>,
    /// Raw HTML of one block arrives line by line: checked whole, mapped back per line.
    raw_block: RawBlock,
    events: Vec<Event<'a>>,
    heading: Option<HeadingState<'a>>,
    footnote_ids: Vec<String>,
    table: TableState,
}

impl<'a> RenderState<'a, '_> {
    fn event(&mut self, event: Event<'a>, range: std::ops::Range<usize>) {
        if self.fence.is_some() {
            self.fenced_event(event, range);
            return;
        }
        self.check_raw_html(&event, range.start);
        let event = match event {
            Event::Text(t) => {
                match quotes::localize_smart_quote(
                    &t,
                    &self.body[range.clone()],
                    self.labels.quotes,
                ) {
                    std::borrow::Cow::Borrowed(_) => Event::Text(t),
                    std::borrow::Cow::Owned(s) => Event::Text(s.into()),
                }
            }
            other => other,
        };
        if self.heading.is_some() {
            self.heading_event(event, range.start);
        } else {
            self.body_event(event, range.start);
        }
    }

    /// Inside a content kind's fence: gathers its YAML, and at its end leaves its place.
    fn fenced_event(&mut self, event: Event<'a>, range: std::ops::Range<usize>) {
        match event {
            Event::Text(t) => {
                if let Some((_, yaml, first)) = self.fence.as_mut() {
                    first.get_or_insert(range.start);
                    yaml.push_str(&t);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((kind, yaml, first)) = self.fence.take() {
                    // An empty block starts on the line after its opening fence.
                    let start = first.unwrap_or_else(|| {
                        self.body[range.start..]
                            .find('\n')
                            .map_or(range.end, |i| range.start + i + 1)
                    });
                    self.block_events.push(self.events.len());
                    self.events.push(Event::Html(CowStr::Borrowed("")));
                    self.out.blocks.push(FencedBlock {
                        kind,
                        yaml,
                        offset: (self.map)(start),
                    });
                }
            }
            _ => {}
        }
    }

    /// Checks raw HTML against the site's rules: a block once it is whole, inline at once.
    fn check_raw_html(&mut self, event: &Event, start: usize) {
        if let Event::Html(t) = event {
            self.raw_block.push(t, start);
        } else {
            self.raw_block.check(self.map, &mut self.out.issues);
        }
        if let Event::InlineHtml(t) = event {
            for issue in raw_html::check_raw_html(t) {
                let mut issue = issue.at(start);
                issue.offset = (self.map)(issue.offset);
                self.out.issues.push(issue);
            }
        }
    }

    /// Inside a heading: its text and inner events are kept until it ends, for its id.
    fn heading_event(&mut self, event: Event<'a>, start: usize) {
        let Some(h) = self.heading.as_mut() else {
            return;
        };
        if let Event::End(TagEnd::Heading(_)) = event {
            if let Some(h) = self.heading.take() {
                finish_heading(h, &mut self.out, &mut self.events, self.labels, self.map);
            }
            return;
        }
        match &event {
            Event::Text(t) | Event::Code(t) => h.text.push_str(t),
            Event::SoftBreak | Event::HardBreak => h.text.push(' '),
            _ => {}
        }
        record_reference(&event, self.body, start, self.map, &mut self.out.links);
        h.inner.push(rewrite_event(event));
    }

    fn body_event(&mut self, event: Event<'a>, start: usize) {
        let labels = self.labels;
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                self.heading = Some(HeadingState {
                    level,
                    explicit_id: id.map(|s| s.to_string()),
                    offset: start,
                    text: String::new(),
                    inner: Vec::new(),
                });
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                let (class, label) = callout(kind, labels);
                self.html(format!(
                    "<aside class=\"callout callout-{class}\" role=\"note\">\
                     <p class=\"callout-title\">{}</p>\n",
                    escape(label)
                ));
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => self.html("</aside>\n".to_string()),
            Event::TaskListMarker(done) => {
                let label = if done {
                    &labels.task_done
                } else {
                    &labels.task_open
                };
                let checked = if done { " checked" } else { "" };
                self.html(format!(
                    "<input type=\"checkbox\" disabled{checked} aria-label=\"{}\"> ",
                    escape(label)
                ));
            }
            Event::Start(Tag::Table(_))
            | Event::End(TagEnd::Table)
            | Event::Start(Tag::TableHead)
            | Event::End(TagEnd::TableHead)
            | Event::Start(Tag::TableRow)
            | Event::End(TagEnd::TableRow)
            | Event::Start(Tag::TableCell)
            | Event::End(TagEnd::TableCell) => {
                push_plain(&mut self.out.plain_text, " ");
                let markup = self.table.markup(event);
                self.html(markup);
            }
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(ref info)))
                if self.kinds && fenced_kind(info, labels).is_some() =>
            {
                self.fence =
                    fenced_kind(info, labels).map(|k| (k.to_string(), String::new(), None));
            }
            Event::Start(Tag::FootnoteDefinition(ref name)) => {
                self.footnote_ids.push(name.to_string());
                self.events.push(event);
            }
            other => {
                if let Event::Text(t) | Event::Code(t) = &other {
                    push_plain(&mut self.out.plain_text, t);
                }
                if separates_words(&other) {
                    push_plain(&mut self.out.plain_text, " ");
                }
                record_reference(&other, self.body, start, self.map, &mut self.out.links);
                self.events.push(rewrite_event(other));
            }
        }
    }

    fn html(&mut self, html: String) {
        self.events.push(Event::Html(html.into()));
    }

    /// Writes the HTML and tidies what was gathered.
    fn finish(mut self) -> Rendered {
        self.raw_block.check(self.map, &mut self.out.issues);
        let mut out = self.out;
        out.anchors.extend(self.footnote_ids);
        out.html.reserve(self.body.len() * 3 / 2);
        out.block_places = write_html(&mut out.html, self.events, &self.block_events);
        if out.html.contains("></th>") {
            // A header cell with no text announces nothing to screen readers: make it a data
            // cell (same length, so the blocks' places stay right).
            for align in [
                "",
                " class=\"align-left\"",
                " class=\"align-center\"",
                " class=\"align-right\"",
            ] {
                out.html = out
                    .html
                    .replace(&format!("<th{align}></th>"), &format!("<td{align}></td>"));
            }
        }
        out.plain_text = out
            .plain_text
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        out
    }
}

/// Writes `events` as HTML and returns the byte offset in `html` at which each event listed
/// in `at_events` (ascending) was reached: the writer pulls an event only when everything
/// before it is written, so the length written so far is that event's place.
fn write_html(html: &mut String, events: Vec<Event>, at_events: &[usize]) -> Vec<usize> {
    struct Counting<'a> {
        out: &'a mut String,
        written: &'a std::cell::Cell<usize>,
    }
    impl std::fmt::Write for Counting<'_> {
        fn write_str(&mut self, s: &str) -> std::fmt::Result {
            self.out.push_str(s);
            self.written.set(self.out.len());
            Ok(())
        }
    }
    let written = std::cell::Cell::new(html.len());
    let mut places = Vec::with_capacity(at_events.len());
    let mut wanted = at_events.iter().peekable();
    let events = events.into_iter().enumerate().map(|(i, event)| {
        if wanted.next_if(|&&w| w == i).is_some() {
            places.push(written.get());
        }
        event
    });
    let writer = Counting {
        out: html,
        written: &written,
    };
    // Writing into a String cannot fail.
    let _ = html::write_html_fmt(writer, events);
    places
}

/// The lines of one raw HTML block, with where each starts in the body.
#[derive(Default)]
struct RawBlock {
    text: String,
    /// (offset in `text`, offset in the body) of each line.
    starts: Vec<(usize, usize)>,
}

impl RawBlock {
    fn push(&mut self, line: &str, body_offset: usize) {
        self.starts.push((self.text.len(), body_offset));
        self.text.push_str(line);
    }

    /// Checks the block gathered so far (if any) against the site's rules for raw HTML.
    fn check(&mut self, map: &dyn Fn(usize) -> usize, issues: &mut Vec<MarkdownIssue>) {
        if self.text.is_empty() {
            return;
        }
        for issue in raw_html::check_raw_html(&self.text) {
            let (text_start, body_start) = self
                .starts
                .iter()
                .rev()
                .find(|(t, _)| *t <= issue.offset)
                .copied()
                .unwrap_or((0, 0));
            let mut issue = issue.at(body_start);
            issue.offset = map(issue.offset - text_start);
            issues.push(issue);
        }
        self.text.clear();
        self.starts.clear();
    }
}

/// Writes tables ourselves: pulldown-cmark puts column alignment in `style` attributes,
/// which a strict Content-Security-Policy blocks; classes (`align-left`, ...) do not.
#[derive(Default)]
struct TableState {
    alignments: Vec<Alignment>,
    in_head: bool,
    column: usize,
}

impl TableState {
    fn markup(&mut self, event: Event) -> String {
        match event {
            Event::Start(Tag::Table(alignments)) => {
                self.alignments = alignments;
                "<table>\n".into()
            }
            Event::End(TagEnd::Table) => "</tbody>\n</table>\n".into(),
            Event::Start(Tag::TableHead) => {
                self.in_head = true;
                self.column = 0;
                "<thead>\n<tr>".into()
            }
            Event::End(TagEnd::TableHead) => {
                self.in_head = false;
                "</tr>\n</thead>\n<tbody>\n".into()
            }
            Event::Start(Tag::TableRow) => {
                self.column = 0;
                "<tr>".into()
            }
            Event::End(TagEnd::TableRow) => "</tr>\n".into(),
            Event::Start(Tag::TableCell) => {
                let class = match self.alignments.get(self.column) {
                    Some(Alignment::Left) => " class=\"align-left\"",
                    Some(Alignment::Center) => " class=\"align-center\"",
                    Some(Alignment::Right) => " class=\"align-right\"",
                    _ => "",
                };
                self.column += 1;
                format!("<{}{class}>", if self.in_head { "th" } else { "td" })
            }
            Event::End(TagEnd::TableCell) => if self.in_head { "</th>" } else { "</td>" }.into(),
            _ => String::new(),
        }
    }
}

struct HeadingState<'a> {
    level: HeadingLevel,
    explicit_id: Option<String>,
    offset: usize,
    text: String,
    inner: Vec<Event<'a>>,
}

fn finish_heading<'a>(
    h: HeadingState<'a>,
    out: &mut Rendered,
    events: &mut Vec<Event<'a>>,
    labels: &MarkdownLabels,
    map: &dyn Fn(usize) -> usize,
) {
    let level = h.level as u8;
    let title = h.text.split_whitespace().collect::<Vec<_>>().join(" ");
    let id = match h.explicit_id {
        Some(id) => {
            if !out.anchors.insert(id.clone()) {
                out.issues.push(MarkdownIssue {
                    offset: map(h.offset),
                    code: "markdown/duplicate-id",
                    message: format!("the heading id `{id}` is used twice on this page"),
                    hint: "give each heading a different `{#id}`".to_string(),
                });
            }
            id
        }
        None => {
            let base = match slugify(&title) {
                s if s.is_empty() => format!("h{level}"),
                s => s,
            };
            let mut id = base.clone();
            let mut n = 1;
            while out.anchors.contains(&id) {
                id = format!("{base}-{n}");
                n += 1;
            }
            out.anchors.insert(id.clone());
            id
        }
    };
    push_plain(&mut out.plain_text, &title);
    push_plain(&mut out.plain_text, " ");
    let id_attr = escape(&id);
    events.push(Event::Html(format!("<h{level} id=\"{id_attr}\">").into()));
    events.extend(h.inner);
    // The `#` link is a pointer convenience (copy a link to this heading). It is hidden from
    // screen readers and the tab order, so the heading's name stays just its text; the table
    // of contents gives everyone the same links.
    events.push(Event::Html(
        format!(
            " <a class=\"heading-anchor\" href=\"#{id_attr}\" title=\"{}\" aria-hidden=\"true\" tabindex=\"-1\">#</a></h{level}>\n",
            escape(&labels.heading_link),
        )
        .into(),
    ));
    if level >= 2 {
        out.toc.push(TocEntry { level, id, title });
    }
}

fn callout(kind: BlockQuoteKind, labels: &MarkdownLabels) -> (&'static str, &str) {
    match kind {
        BlockQuoteKind::Note => ("note", &labels.note),
        BlockQuoteKind::Tip => ("tip", &labels.tip),
        BlockQuoteKind::Important => ("important", &labels.important),
        BlockQuoteKind::Warning => ("warning", &labels.warning),
        BlockQuoteKind::Caution => ("caution", &labels.caution),
    }
}

/// The content kind a fence's info string (its first word) names, if the site captures it.
fn fenced_kind<'a>(info: &'a str, labels: &MarkdownLabels) -> Option<&'a str> {
    let name = info.split_whitespace().next()?;
    labels.fences.contains(&name).then_some(name)
}

fn record_reference(
    event: &Event,
    body: &str,
    start: usize,
    map: &dyn Fn(usize) -> usize,
    links: &mut Vec<LinkRef>,
) {
    let (dest, kind) = match event {
        Event::Start(Tag::Link { dest_url, .. }) => (dest_url, RefKind::Link),
        Event::Start(Tag::Image { dest_url, .. }) => (dest_url, RefKind::Image),
        _ => return,
    };
    // Point at the destination itself when it is written inline, else at the `[`.
    let offset = body[start..]
        .find(dest.as_ref())
        .filter(|_| !dest.is_empty())
        .map_or(start, |i| start + i);
    links.push(LinkRef {
        dest: dest.to_string(),
        kind,
        offset: map(offset),
    });
}

fn rewrite_event(event: Event) -> Event {
    match event {
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: rewrite_dest(dest_url),
            title,
            id,
        }),
        other => other,
    }
}

/// `../a/b.md#x` -> `../a/b.html#x`, `a/_index.md` -> `a/index.html`, `a/` or `..` ->
/// `a/index.html` or `../index.html`. Output paths mirror source paths, so a relative link
/// stays relative. Query strings and fragments are kept.
fn rewrite_dest(dest: CowStr) -> CowStr {
    if !is_local(&dest) {
        return dest;
    }
    let split = dest.find(['?', '#']).unwrap_or(dest.len());
    let (path, rest) = (&dest[..split], &dest[split..]);
    if path.is_empty() {
        return dest;
    }
    let last = path.rsplit('/').next().unwrap_or_default();
    let new_path = if last.ends_with(".md") {
        metodika_core::url::output_path(path)
    } else if last.is_empty() || last == "." || last == ".." {
        let dir = path.trim_end_matches('/');
        format!("{dir}/index.html")
    } else {
        return dest;
    };
    format!("{new_path}{rest}").into()
}

/// A destination inside the site (not `https:`, `mailto:`, ...).
pub fn is_local(dest: &str) -> bool {
    let scheme_end = dest.find(':');
    let first_sep = dest.find(['/', '#', '?']);
    match (scheme_end, first_sep) {
        (Some(c), Some(s)) => c > s,
        (Some(_), None) => false,
        _ => true,
    }
}

/// Appends raw text; whitespace is collapsed once at the end of rendering.
/// Whether an event ends a word in the plain text: a line break (soft or hard: authors
/// wrap their lines) or the start or end of any block (a paragraph, list item, quote,
/// code block...). Only inline markup (emphasis, links, images) runs on inside a word.
fn separates_words(event: &Event) -> bool {
    match event {
        Event::SoftBreak | Event::HardBreak | Event::Rule => true,
        Event::Start(tag) => !matches!(
            tag,
            Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Superscript
                | Tag::Subscript
                | Tag::Link { .. }
                | Tag::Image { .. }
        ),
        Event::End(tag) => !matches!(
            tag,
            TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Superscript
                | TagEnd::Subscript
                | TagEnd::Link
                | TagEnd::Image
        ),
        _ => false,
    }
}

fn push_plain(out: &mut String, text: &str) {
    out.push_str(text);
}

/// Minimal HTML escaping for text placed in attributes and elements.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels() -> MarkdownLabels {
        MarkdownLabels {
            note: "Piezīme".into(),
            tip: "Padoms".into(),
            important: "Svarīgi".into(),
            warning: "Brīdinājums".into(),
            caution: "Uzmanību".into(),
            heading_link: "Saite".into(),
            task_done: "Izpildīts".into(),
            task_open: "Nav izpildīts".into(),
            quotes: quotes::QuoteStyle::English,
            language: metodika_core::config::Language::Lv,
            fences: vec!["glossary", "quiz"],
        }
    }

    #[test]
    fn headings_get_unicode_ids_anchor_links_and_toc_entries() {
        let r = render(
            "## Kritēriji pirms lēmuma\n\n## Kritēriji pirms lēmuma\n\n### Cits {#cits}\n",
            &labels(),
        );
        assert_eq!(
            r.toc.iter().map(|t| t.id.as_str()).collect::<Vec<_>>(),
            ["kritēriji-pirms-lēmuma", "kritēriji-pirms-lēmuma-1", "cits"]
        );
        assert!(r.html.contains("<h2 id=\"kritēriji-pirms-lēmuma\">Kritēriji pirms lēmuma <a class=\"heading-anchor\" href=\"#kritēriji-pirms-lēmuma\""));
        assert_eq!(r.toc[2].level, 3);
    }

    #[test]
    fn duplicate_explicit_id_is_reported() {
        let r = render("## A {#x}\n\n## B {#x}\n", &labels());
        assert_eq!(r.issues.len(), 1);
        assert_eq!(r.issues[0].offset, "## A {#x}\n\n".len());
    }

    #[test]
    fn callouts_become_labelled_asides() {
        let r = render("> [!WARNING]\n> Uzmanīgi.\n", &labels());
        assert!(r.html.contains("<aside class=\"callout callout-warning\" role=\"note\"><p class=\"callout-title\">Brīdinājums</p>"), "{}", r.html);
        assert!(r.html.contains("<p>Uzmanīgi.</p>"));
        assert!(r.html.trim_end().ends_with("</aside>"));
        let plain = render("> Citāts\n", &labels());
        assert!(plain.html.contains("<blockquote>"));
    }

    #[test]
    fn source_links_are_rewritten_to_output_files() {
        let r = render(
            "[a](../x/b.md#kritēriji) [s](x/_index.md) [d](x/) [w](https://lm.gov.lv/a.md) [f](doc.pdf) [h](#top)",
            &labels(),
        );
        let more = render("[q](b.md?v=1#x) [up](..) [m](my_index.md)", &labels());
        assert!(more.html.contains("href=\"b.html?v=1#x\""), "{}", more.html);
        assert!(
            more.html.contains("href=\"../index.html\""),
            "{}",
            more.html
        );
        assert!(
            more.html.contains("href=\"my_index.html\""),
            "{}",
            more.html
        );
        assert!(
            r.html.contains("href=\"../x/b.html#krit%C4%93riji\""),
            "{}",
            r.html
        );
        assert!(r.html.contains("href=\"x/index.html\""));
        assert!(r.html.matches("href=\"x/index.html\"").count() == 2);
        assert!(r.html.contains("href=\"https://lm.gov.lv/a.md\""));
        assert!(r.html.contains("href=\"doc.pdf\""));
        assert_eq!(r.links.len(), 6);
        assert_eq!(r.links[0].offset, 4);
    }

    #[test]
    fn tables_footnotes_tasks_and_smart_quotes_render() {
        let md = "| a | b |\n|---|---|\n| 1 | 2 |\n\nTeksts[^1] \"pēdiņas\"\n\n[^1]: Piezīme.\n\n- [x] darīts\n- [ ] nav\n\n~~svītrots~~\n";
        let r = render(md, &labels());
        assert!(r.html.contains("<table>\n<thead>\n<tr><th>a</th><th>b</th></tr>\n</thead>\n<tbody>\n<tr><td>1</td><td>2</td></tr>\n</tbody>\n</table>"), "{}", r.html);
        assert!(r.html.contains("footnote-definition"));
        assert!(r.anchors.contains("1"));
        assert!(r.html.contains("“pēdiņas”"));
        assert!(r
            .html
            .contains("<input type=\"checkbox\" disabled checked aria-label=\"Izpildīts\">"));
        assert!(r.html.contains("<del>svītrots</del>"));
    }

    #[test]
    fn table_alignment_uses_classes_and_empty_header_cells_become_data_cells() {
        let r = render(
            "| | Jā | Nē |\n|:--|:-:|--:|\n| Risks | x | y |\n",
            &labels(),
        );
        assert!(!r.html.contains("style="), "{}", r.html);
        assert!(r.html.contains("<tr><td class=\"align-left\"></td><th class=\"align-center\">Jā</th><th class=\"align-right\">Nē</th></tr>"), "{}", r.html);
        assert!(r.html.contains("<td class=\"align-left\">Risks</td>"));
    }

    #[test]
    fn schemes_are_recognised() {
        assert!(!is_local("https://x.lv"));
        assert!(!is_local("mailto:a@b.lv"));
        assert!(is_local("a/b.md"));
        assert!(is_local("#x"));
        assert!(is_local("a/b:c.md"));
    }

    #[test]
    fn words_at_line_breaks_stay_apart_in_the_plain_text() {
        // Soft and hard breaks, in a paragraph, a quote, a callout, a list, a setext heading.
        let r = render(
            "Vardarbību\npiedzīvo bērni.  \nTālāk\\\nteksts.\n\n> Citāts\n> turpinās.\n\n> [!NOTE]\n> Piezīme\n> divās rindās.\n\n- punkts\n  turpinās\n  - iekšā\n\nVirsraksts\ndivās rindās\n===\n\n*slīpi*\n**treknā**\nbeigas\n",
            &labels(),
        );
        assert!(
            r.plain_text
                .contains("Vardarbību piedzīvo bērni. Tālāk teksts."),
            "{:?}",
            r.plain_text
        );
        assert!(
            r.plain_text.contains("Citāts turpinās."),
            "{:?}",
            r.plain_text
        );
        assert!(
            r.plain_text.contains("Piezīme divās rindās."),
            "{:?}",
            r.plain_text
        );
        assert!(
            r.plain_text.contains("punkts turpinās iekšā"),
            "{:?}",
            r.plain_text
        );
        assert!(
            r.plain_text.contains("Virsraksts divās rindās"),
            "{:?}",
            r.plain_text
        );
        assert!(
            r.plain_text.contains("slīpi treknā beigas"),
            "{:?}",
            r.plain_text
        );
        // Inline markup inside a word does not split it.
        assert_eq!(
            render("bāriņ**tiesa**\n", &labels()).plain_text,
            "bāriņtiesa"
        );
    }

    #[test]
    fn blocks_stand_where_their_fences_were() {
        let r = render_page(
            "Pirms.\n\n```quiz\nq: 1\n```\n\nStarpā.\n\n```glossary\n```\n",
            &labels(),
            0,
        );
        assert_eq!(r.blocks.len(), 2);
        assert_eq!(
            pieces(&r.html, &r.block_places),
            [
                Piece::Html("<p>Pirms.</p>\n"),
                Piece::Block(0),
                Piece::Html("<p>Starpā.</p>\n"),
                Piece::Block(1),
            ]
        );
        // A page's own block may stand first whatever its number.
        assert_eq!(
            pieces("<p>x</p>", &[8, 0]),
            [Piece::Block(1), Piece::Html("<p>x</p>"), Piece::Block(0)]
        );
        assert_eq!(pieces("<p>x</p>", &[]), [Piece::Html("<p>x</p>")]);
    }

    #[test]
    fn plain_text_collects_visible_words() {
        let r = render(
            "## Virsraksts\n\nPirmais **teikums**.\n\n- viens\n- divi\n",
            &labels(),
        );
        assert_eq!(r.plain_text, "Virsraksts Pirmais teikums. viens divi");
    }
}

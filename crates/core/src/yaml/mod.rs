//! YAML with positions.
//!
//! yaml-rust2's event parser (pure Rust, maintained, reports a marker for every event) builds
//! a small tree of [`Node`]s that each know their line and column; every position a
//! diagnostic names comes from here, and the values of front matter and kind blocks too
//! ([`to_json`], by the YAML 1.2 core schema), so each text is parsed once. The settings read
//! theirs with the [`Fields`] helpers and the kinds through their schemas, so a wrong value is
//! reported at the value, an unknown key at the key, and a fenced block's YAML at its line in
//! the Markdown file. No position is ever found by searching the text. `site.yaml` is read
//! the same way; serde_yaml deserialises only the theme's translation files, flat maps of
//! text that it reads once.

mod serde_errors;
mod values;

pub use values::{plain_scalar, to_json};

pub use serde_errors::yaml_error;

use std::collections::HashMap;
use std::path::Path;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use crate::diagnostics::{did_you_mean, Diagnostic, Place};

/// A place in the YAML text: 1-based line, 1-based column in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

impl Pos {
    fn from_marker(m: Marker) -> Pos {
        Pos {
            line: m.line().max(1),
            column: m.col() + 1,
        }
    }
}

/// How a scalar was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Plain,
    Quoted,
    /// `|` or `>`: `pos` is its first character of text, on the line after the `|`.
    Block,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// An empty value, `~` or `null`.
    Null,
    Scalar(String, Style),
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

/// A YAML value, where it starts and where it ends (exclusive).
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Value,
    pub pos: Pos,
    pub end: Pos,
}

/// Where a YAML text sits in a file, so positions in it become positions in the file.
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    /// The path shown to the author.
    pub file: &'a Path,
    /// The whole file, for the quoted line in diagnostics.
    pub text: &'a str,
    /// The file line holding the YAML's first line.
    pub first_line: usize,
}

impl<'a> Source<'a> {
    /// A YAML text that is a whole file (site.yaml, a translation file).
    pub fn whole(file: &'a Path, text: &'a str) -> Source<'a> {
        Source {
            file,
            text,
            first_line: 1,
        }
    }

    /// The file position of a YAML position.
    pub fn file_pos(&self, pos: Pos) -> (usize, usize) {
        (pos.line + self.first_line - 1, pos.column)
    }

    /// A YAML position as a place in the file, with its line's text: for a problem found
    /// after the file's text is gone (see [`Place`]).
    pub fn place(&self, pos: Pos) -> Place {
        let (line, column) = self.file_pos(pos);
        Place::at(self.text, line, column)
    }

    /// An error at a YAML position.
    pub fn error(&self, code: &'static str, pos: Pos, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(code, self.file, message).at_place(&self.place(pos))
    }

    /// An error that underlines a whole value, across lines when it spans several.
    pub fn error_node(
        &self,
        code: &'static str,
        node: &Node,
        message: impl Into<String>,
    ) -> Diagnostic {
        let start = self.file_pos(node.pos);
        let mut end = self.file_pos(node.end);
        // A block ends where the next token starts: move back over that token's indentation,
        // blank lines and comments to the end of the block's own last line.
        let lines: Vec<&str> = self.text.lines().collect();
        let before_end = |(line, column): (usize, usize)| -> bool {
            lines.get(line.wrapping_sub(1)).is_some_and(|l| {
                l.chars()
                    .take(column.saturating_sub(1))
                    .all(char::is_whitespace)
            })
        };
        while end.0 > start.0 && before_end(end) {
            let previous = lines.get(end.0 - 2).copied().unwrap_or("");
            let content = previous.split(" #").next().unwrap_or("").trim_end();
            end = (end.0 - 1, content.chars().count() + 1);
            if !content.trim().is_empty() {
                break;
            }
        }
        Diagnostic::error(code, self.file, message).at_span(self.text, start, end)
    }

    /// Byte offset in the file of a YAML position (for links inside YAML text).
    pub fn file_offset(&self, pos: Pos) -> usize {
        let (line, column) = self.file_pos(pos);
        match line_start(self.text, line) {
            Some((start, l)) => {
                start
                    + l.char_indices()
                        .nth(column.saturating_sub(1))
                        .map_or(l.len(), |(b, _)| b)
            }
            None => self.text.len(),
        }
    }
}

/// The byte offset in the file of byte `offset` of a scalar's text (`text` as parsed from
/// `node`). Walks the value's source lines: a block scalar (`|`, `>`) keeps one indentation
/// on every line and starts after any blank lines; a plain or quoted one starts right at the
/// value (after its quote) and continues on lines whose indentation is dropped. Each source
/// line break is one character of the text (a newline, or the space a fold leaves). Escapes
/// in quoted text can move a column; the line is right.
pub fn value_offset(source: &Source, node: &Node, text: &str, offset: usize) -> usize {
    let style = match &node.value {
        Value::Scalar(_, style) => *style,
        _ => Style::Plain,
    };
    let offset = offset.min(text.len());
    let lead = if style == Style::Block {
        text.len() - text.trim_start_matches('\n').len()
    } else {
        0
    };
    let mut remaining = offset.saturating_sub(lead);
    let (first_line, _) = source.file_pos(node.pos);
    let first_column = node.pos.column + usize::from(style == Style::Quoted);
    let Some((mut line_start, _)) = line_start(source.text, first_line) else {
        return source.text.len();
    };
    for (i, line) in source.text[line_start..].split_inclusive('\n').enumerate() {
        let line_text = line.trim_end_matches('\n');
        let skip_chars = match (i, style) {
            (0, _) => first_column - 1,
            (_, Style::Block) => node.pos.column - 1,
            _ => line_text
                .chars()
                .take_while(|c| *c == ' ' || *c == '\t')
                .count(),
        };
        let content_start = line_text
            .char_indices()
            .nth(skip_chars)
            .map_or(line_text.len(), |(b, _)| b);
        let content_len = line_text.len() - content_start;
        if remaining <= content_len {
            return line_start + content_start + remaining;
        }
        remaining -= content_len + 1;
        line_start += line.len();
    }
    source.text.len()
}

/// Byte offset and text of a 1-based line.
fn line_start(text: &str, line: usize) -> Option<(usize, &str)> {
    let mut offset = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            return Some((offset, l));
        }
        offset += l.len();
    }
    None
}

/// Most nodes one YAML text may expand to: aliases make small texts huge ("billion laughs").
const MAX_NODES: usize = 200_000;

/// Parses a YAML text (one document) into nodes. `Ok(None)` for an empty text. Syntax errors
/// and duplicate keys are reported at their place in the file.
pub fn parse(yaml: &str, source: &Source) -> Result<Option<Node>, Vec<Diagnostic>> {
    if let Some(line) = too_deep_for_the_parser(yaml) {
        return Err(vec![too_deep(source, Pos { line, column: 1 })]);
    }
    let mut builder = Builder::default();
    let mut parser = Parser::new_from_str(yaml);
    if let Err(e) = parser.load(&mut builder, true) {
        let pos = Pos::from_marker(*e.marker());
        return Err(vec![source
            .error("yaml/invalid", pos, e.info().to_string())
            .with_hint(
                "check the YAML syntax: `key: value` pairs, lists as `[a, b]` or `- item` lines, \
                 quote values that contain `: ` or start with a special character",
            )]);
    }
    if builder.too_large {
        return Err(vec![source
            .error(
                "yaml/too-large",
                Pos { line: 1, column: 1 },
                "the YAML expands to too many values",
            )
            .with_hint(
                "write the values out instead of repeating them with `*aliases`",
            )]);
    }
    if let Some(pos) = builder.second_document {
        return Err(vec![source
            .error(
                "yaml/second-document",
                pos,
                "a second YAML document (after a `---` line) would be ignored",
            )
            .with_hint(
                "remove the `---` line; one block holds one YAML document",
            )]);
    }
    if let Some(pos) = builder.too_deep {
        return Err(vec![too_deep(source, pos)]);
    }
    if !builder.duplicates.is_empty() {
        return Err(builder
            .duplicates
            .iter()
            .map(|(key, pos)| {
                source
                    .error(
                        "yaml/duplicate-key",
                        *pos,
                        format!("`{key}` is given twice"),
                    )
                    .with_hint("keep one of the two lines")
            })
            .collect());
    }
    Ok(builder.root)
}

/// Nesting past what the parser or the tree may hold.
fn too_deep(source: &Source, pos: Pos) -> Diagnostic {
    source
        .error(
            "yaml/too-deep",
            pos,
            format!("the YAML nests lists and maps more than {MAX_DEPTH} levels deep"),
        )
        .with_hint("check the indentation; no value needs this many levels")
}

/// yaml-rust2 recurses once per level of nesting, so a text nested a few thousand levels deep
/// (`- - - - ...` on one line, or `[[[[...`) overflows the stack, which no panic handler can
/// catch. This bound on the depth (indentation, `- ` markers and open brackets, counted
/// generously) refuses such texts before they reach it: the line where it is passed.
fn too_deep_for_the_parser(yaml: &str) -> Option<usize> {
    const LIMIT: usize = 400;
    let mut brackets: usize = 0;
    for (i, line) in yaml.lines().enumerate() {
        let indent = line.len() - line.trim_start().len();
        let mut dashes = 0;
        let mut rest = line.trim_start();
        while let Some(r) = rest
            .strip_prefix('-')
            .filter(|r| r.starts_with([' ', '\t']))
        {
            dashes += 1;
            rest = r.trim_start();
        }
        for c in line.bytes() {
            match c {
                b'[' | b'{' => brackets += 1,
                b']' | b'}' => brackets = brackets.saturating_sub(1),
                _ => {}
            }
        }
        if indent + dashes > LIMIT || brackets > LIMIT {
            return Some(i + 1);
        }
    }
    None
}

enum Frame {
    Seq(Vec<Node>, Pos, usize),
    /// Entries, the key waiting for its value, start, anchor, and the keys seen (so a
    /// repeated key is found in constant time).
    Map(
        Vec<(Node, Node)>,
        Option<Node>,
        Pos,
        usize,
        std::collections::HashSet<String>,
    ),
}

/// Deepest nesting accepted: freeing a tree is recursive, and no content needs more.
const MAX_DEPTH: usize = 64;

#[derive(Default)]
struct Builder {
    stack: Vec<Frame>,
    root: Option<Node>,
    anchors: HashMap<usize, Node>,
    duplicates: Vec<(String, Pos)>,
    nodes: usize,
    too_large: bool,
    too_deep: Option<Pos>,
    /// Where a second `---` document starts: one text holds one document.
    second_document: Option<Pos>,
}

impl Builder {
    fn push(&mut self, node: Node, anchor: usize) {
        if anchor > 0 {
            self.anchors.insert(anchor, node.clone());
        }
        match self.stack.last_mut() {
            None if self.root.is_some() => {
                if self.second_document.is_none() {
                    self.second_document = Some(node.pos);
                }
            }
            None => self.root = Some(node),
            Some(Frame::Seq(items, _, _)) => items.push(node),
            Some(Frame::Map(entries, pending, _, _, keys)) => match pending.take() {
                None => *pending = Some(node),
                Some(key) => {
                    if let Value::Scalar(name, _) = &key.value {
                        if !keys.insert(name.clone()) {
                            self.duplicates.push((name.clone(), key.pos));
                        }
                    }
                    entries.push((key, node));
                }
            },
        }
    }

    /// A list or map starts: counted, and refused past [`MAX_DEPTH`].
    fn open(&mut self, pos: Pos) {
        self.count(1);
        if self.stack.len() >= MAX_DEPTH && self.too_deep.is_none() {
            self.too_deep = Some(pos);
        }
    }

    fn count(&mut self, n: usize) {
        self.nodes += n;
        if self.nodes > MAX_NODES {
            self.too_large = true;
        }
    }
}

fn node_count(node: &Node) -> usize {
    match &node.value {
        Value::Seq(items) => 1 + items.iter().map(node_count).sum::<usize>(),
        Value::Map(entries) => {
            1 + entries
                .iter()
                .map(|(k, v)| node_count(k) + node_count(v))
                .sum::<usize>()
        }
        _ => 1,
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, event: Event, mark: Marker) {
        if self.too_large || self.too_deep.is_some() {
            return;
        }
        let pos = Pos::from_marker(mark);
        match event {
            Event::Scalar(text, style, anchor, tag) => {
                self.count(1);
                let plain = style == TScalarStyle::Plain;
                // A key keeps its text (`~:` is the key `~`, as serde_yaml reads it).
                let is_key = matches!(self.stack.last(), Some(Frame::Map(_, None, ..)));
                let is_null = plain
                    && !is_key
                    && tag.is_none()
                    && matches!(text.as_str(), "" | "~" | "null" | "Null" | "NULL");
                let end = scalar_end(pos, &text, style);
                let value = if is_null {
                    Value::Null
                } else {
                    let style = match style {
                        TScalarStyle::Plain => Style::Plain,
                        TScalarStyle::SingleQuoted | TScalarStyle::DoubleQuoted => Style::Quoted,
                        _ => Style::Block,
                    };
                    Value::Scalar(text, style)
                };
                self.push(Node { value, pos, end }, anchor);
            }
            Event::SequenceStart(anchor, _) => {
                self.open(pos);
                self.stack.push(Frame::Seq(Vec::new(), pos, anchor))
            }
            Event::MappingStart(anchor, _) => {
                self.open(pos);
                self.stack.push(Frame::Map(
                    Vec::new(),
                    None,
                    pos,
                    anchor,
                    std::collections::HashSet::new(),
                ))
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let (value, start, anchor) = match self.stack.pop() {
                    Some(Frame::Seq(items, start, anchor)) => (Value::Seq(items), start, anchor),
                    Some(Frame::Map(entries, _, start, anchor, _)) => {
                        // yaml-rust2 marks a block map's start after its first key.
                        let start = entries.first().map_or(start, |(k, _)| k.pos);
                        (Value::Map(entries), start, anchor)
                    }
                    None => return,
                };
                self.push(
                    Node {
                        value,
                        pos: start,
                        end: pos,
                    },
                    anchor,
                );
            }
            Event::Alias(id) => {
                let node = self.anchors.get(&id).cloned().unwrap_or(Node {
                    value: Value::Null,
                    pos,
                    end: pos,
                });
                self.count(node_count(&node));
                if !self.too_large {
                    self.push(
                        Node {
                            pos,
                            end: pos,
                            ..node
                        },
                        0,
                    );
                }
            }
            _ => {}
        }
    }
}

/// Where a scalar ends: on its line for plain and quoted text, on its last line for blocks.
fn scalar_end(pos: Pos, text: &str, style: TScalarStyle) -> Pos {
    let quotes = match style {
        TScalarStyle::SingleQuoted | TScalarStyle::DoubleQuoted => 2,
        _ => 0,
    };
    let body = text.trim_end_matches('\n');
    match style {
        // yaml-rust2 marks a block scalar after its leading blank lines.
        TScalarStyle::Literal | TScalarStyle::Folded if body.starts_with('\n') => {
            scalar_end(pos, body.trim_start_matches('\n'), style)
        }
        TScalarStyle::Literal | TScalarStyle::Folded => {
            let lines = body.split('\n').count().max(1);
            let last = body.rsplit('\n').next().unwrap_or("").chars().count();
            Pos {
                line: pos.line + lines - 1,
                column: pos.column + last,
            }
        }
        _ if body.contains('\n') => pos,
        _ => Pos {
            line: pos.line,
            column: pos.column + body.chars().count() + quotes,
        },
    }
}

impl Node {
    /// The value of `key` when this is a map.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entries()
            .find(|(k, _)| k.as_str() == Some(key))
            .map(|(_, v)| v)
    }

    /// Where `key` is written in this map (or where the map starts, without it): the place to
    /// report a value that is missing, empty or wrong as a whole (a list's items start below).
    pub fn key_pos(&self, key: &str) -> Pos {
        self.entries()
            .find(|(k, _)| k.as_str() == Some(key))
            .map_or(self.pos, |(k, _)| k.pos)
    }

    /// The entries when this is a map; nothing otherwise.
    pub fn entries(&self) -> impl Iterator<Item = (&Node, &Node)> {
        let entries: &[(Node, Node)] = match &self.value {
            Value::Map(e) => e,
            _ => &[],
        };
        entries.iter().map(|(k, v)| (k, v))
    }

    /// The text of a scalar.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar(s, _) => Some(s),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        self.value == Value::Null
    }

    pub fn is_map(&self) -> bool {
        matches!(self.value, Value::Map(_))
    }

    /// How the value reads in a message: "a list", "a map", "the text `x`".
    pub fn describe(&self) -> String {
        match &self.value {
            Value::Null => "nothing".into(),
            Value::Scalar(s, _) => {
                let short: String = s.chars().take(40).collect();
                format!("`{short}`")
            }
            Value::Seq(_) => "a list".into(),
            Value::Map(_) => "a map".into(),
        }
    }

    /// A key as text, for messages (`true`, `5` and `[a]` are keys too in YAML).
    pub fn key_text(&self) -> String {
        match &self.value {
            Value::Scalar(s, _) => s.clone(),
            Value::Null => "~".into(),
            _ => self.describe(),
        }
    }
}

/// Reports every key of `map` not in `allowed`, with a "did you mean" hint.
pub fn check_keys(map: &Node, allowed: &[&str], what: &str, source: &Source) -> Vec<Diagnostic> {
    map.entries()
        .filter_map(|(key, _)| {
            let name = key.key_text();
            if allowed.contains(&name.as_str()) {
                return None;
            }
            let hint = match did_you_mean(&name, allowed) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("the {what} allow only: {}", allowed.join(", ")),
            };
            Some(
                source
                    .error_node(
                        "yaml/unknown-key",
                        key,
                        format!("unknown key `{name}` in the {what}"),
                    )
                    .with_hint(hint),
            )
        })
        .collect()
}

/// The value types the typed readers check, with the message part that names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    Text,
    WholeNumber,
    TrueFalse,
    TextList,
    Map,
    List,
}

impl Expect {
    /// How the type reads in a message.
    pub fn name(self) -> &'static str {
        match self {
            Expect::Text => "text",
            Expect::WholeNumber => "a whole number",
            Expect::TrueFalse => "`true` or `false`",
            Expect::TextList => "a list of texts",
            Expect::Map => "a map of keys to values",
            Expect::List => "a list",
        }
    }

    /// Whether `node` holds a value of this type (an empty value counts as absent).
    pub fn accepts(self, node: &Node) -> bool {
        match (self, &node.value) {
            (_, Value::Null) => true,
            (Expect::Text, Value::Scalar(..)) => true,
            (Expect::WholeNumber, Value::Scalar(s, Style::Plain)) => parse_int(s).is_some(),
            (Expect::TrueFalse, Value::Scalar(s, Style::Plain)) => parse_bool(s).is_some(),
            (Expect::TextList, Value::Seq(items)) => {
                items.iter().all(|i| matches!(i.value, Value::Scalar(..)))
            }
            (Expect::Map, Value::Map(_)) => true,
            (Expect::List, Value::Seq(_)) => true,
            _ => false,
        }
    }
}

/// A whole number as YAML writes it (`10`, `-3`, `+7`).
pub fn parse_int(s: &str) -> Option<i64> {
    s.strip_prefix('+').unwrap_or(s).parse().ok()
}

pub fn parse_bool(s: &str) -> Option<bool> {
    match s {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

/// Typed access to the values of a map, each problem reported at its value.
pub struct Fields<'n, 's> {
    pub map: &'n Node,
    pub source: &'s Source<'s>,
    pub problems: Vec<Diagnostic>,
}

impl<'n, 's> Fields<'n, 's> {
    /// Starts reading `map`; reports its unknown keys (`what` names it in messages).
    pub fn new(map: &'n Node, allowed: &[&str], what: &str, source: &'s Source<'s>) -> Self {
        Fields {
            problems: check_keys(map, allowed, what, source),
            map,
            source,
        }
    }

    /// Starts reading `map` whose keys were checked already (a page's front matter).
    pub fn unchecked(map: &'n Node, source: &'s Source<'s>) -> Self {
        Fields {
            problems: Vec::new(),
            map,
            source,
        }
    }

    fn typed(&mut self, key: &str, expect: Expect, hint: &str) -> Option<&'n Node> {
        let node = self.map.get(key)?;
        if node.is_null() {
            return None;
        }
        if !expect.accepts(node) {
            self.problems.push(
                self.source
                    .error_node(
                        "yaml/type",
                        node,
                        format!("`{key}` must be {}, not {}", expect.name(), node.describe()),
                    )
                    .with_hint(hint.to_string()),
            );
            return None;
        }
        Some(node)
    }

    /// An optional text value.
    pub fn text(&mut self, key: &str) -> Option<(String, &'n Node)> {
        let node = self.typed(
            key,
            Expect::Text,
            "write plain text; quote it if it contains `: ` or starts with a special character",
        )?;
        node.as_str().map(|s| (s.to_string(), node))
    }

    /// An optional `true`/`false` value.
    pub fn flag(&mut self, key: &str) -> Option<(bool, &'n Node)> {
        let node = self.typed(key, Expect::TrueFalse, "write `true` or `false`")?;
        node.as_str().and_then(parse_bool).map(|b| (b, node))
    }

    /// An optional whole number.
    pub fn number(&mut self, key: &str) -> Option<(i64, &'n Node)> {
        let node = self.typed(key, Expect::WholeNumber, "write a whole number, e.g. `80`")?;
        node.as_str().and_then(parse_int).map(|n| (n, node))
    }

    /// A text value that must be there and not be blank.
    pub fn required_text(&mut self, key: &str, example: &str) -> Option<(String, &'n Node)> {
        let found = self.text(key);
        match &found {
            Some((s, _)) if !s.trim().is_empty() => found,
            _ if self
                .map
                .get(key)
                .is_some_and(|n| !n.is_null() && !Expect::Text.accepts(n)) =>
            {
                None // wrong type, already reported
            }
            _ => {
                let pos = self.map.key_pos(key);
                self.problems.push(
                    self.source
                        .error("yaml/missing", pos, format!("`{key}` is missing or empty"))
                        .with_hint(format!("add `{key}: {example}`")),
                );
                None
            }
        }
    }

    /// An optional list of texts (a single text is not a list).
    pub fn text_list(&mut self, key: &str) -> Vec<(String, &'n Node)> {
        let Some(node) = self.typed(
            key,
            Expect::TextList,
            "write a list: `[a, b]` or one `- item` per line",
        ) else {
            return Vec::new();
        };
        match &node.value {
            Value::Seq(items) => items
                .iter()
                .filter_map(|i| i.as_str().map(|s| (s.to_string(), i)))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// An optional list of maps (or any nodes), returned as nodes.
    pub fn list(&mut self, key: &str, hint: &str) -> &'n [Node] {
        match self.typed(key, Expect::List, hint).map(|n| &n.value) {
            Some(Value::Seq(items)) => items,
            _ => &[],
        }
    }

    /// Ends reading; the problems found.
    pub fn finish(self) -> Vec<Diagnostic> {
        self.problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(text: &str) -> Source<'_> {
        Source::whole(Path::new("a.yaml"), text)
    }

    #[test]
    fn nodes_know_their_line_and_column() {
        let text = "ā: bē\nc: |\n  x\nd: [1, 2]\ne:\n  f: g\n";
        let root = parse(text, &src(text)).unwrap().unwrap();
        assert_eq!(root.get("ā").unwrap().pos, Pos { line: 1, column: 4 });
        assert_eq!(root.get("d").unwrap().pos, Pos { line: 4, column: 4 });
        let e = root.get("e").unwrap();
        assert_eq!(e.pos, Pos { line: 6, column: 3 });
        assert_eq!(root.get("c").unwrap().as_str(), Some("x\n"));
    }

    #[test]
    fn quoted_keys_and_multibyte_comments_do_not_confuse_positions() {
        let text = "#āā\n\"tags\": 5\n";
        let root = parse(text, &src(text)).unwrap().unwrap();
        let (key, value) = root.entries().next().unwrap();
        assert_eq!(key.pos, Pos { line: 2, column: 1 });
        assert_eq!(value.pos, Pos { line: 2, column: 9 });
    }

    #[test]
    fn syntax_errors_and_duplicates_point_into_the_file() {
        let text = "a: [b\n";
        let e = parse(
            text,
            &Source {
                first_line: 2,
                ..src(text)
            },
        )
        .unwrap_err();
        assert_eq!(e[0].code, "yaml/invalid");
        assert_eq!(e[0].line, 3);
        let text = "a: 1\nb: 2\na: 3\n";
        let e = parse(text, &src(text)).unwrap_err();
        assert_eq!((e[0].code, e[0].line), ("yaml/duplicate-key", 3));
    }

    #[test]
    fn deep_nesting_many_keys_and_second_documents_are_handled() {
        let deep = format!("{}x\n", "- ".repeat(50_000));
        assert_eq!(
            parse(&deep, &src(&deep)).unwrap_err()[0].code,
            "yaml/too-deep"
        );
        let wide: String = (0..60_000).map(|i| format!("k{i}: v\n")).collect();
        let root = parse(&wide, &src(&wide)).unwrap().unwrap();
        assert_eq!(root.entries().count(), 60_000);
        let two = "a: 1\n---\nb: 2\n";
        let e = parse(two, &src(two)).unwrap_err();
        assert_eq!((e[0].code, e[0].line), ("yaml/second-document", 3));
    }

    #[test]
    fn offsets_in_block_scalars_follow_the_source_lines() {
        for text in [
            "d: |\n\n  Pirmā\n  [x](y.md)\n",
            "d: >\n  Pirmā rinda\n  [x](y.md)\n",
            "d: Pirmā\n  [x](y.md)\n",
        ] {
            let root = parse(text, &src(text)).unwrap().unwrap();
            let node = root.get("d").unwrap();
            let value = node.as_str().unwrap();
            let at = value.find("[x]").unwrap();
            let offset = value_offset(&src(text), node, value, at);
            assert!(
                text[offset..].starts_with("[x](y.md)"),
                "{text:?} -> {:?}",
                &text[offset..]
            );
        }
    }

    #[test]
    fn alias_bombs_are_refused() {
        let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 0..8 {
            let prev = if i == 0 {
                "a".to_string()
            } else {
                format!("l{}", i - 1)
            };
            text.push_str(&format!("l{i}: &l{i} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
        }
        let e = parse(&text, &src(&text)).unwrap_err();
        assert_eq!(e[0].code, "yaml/too-large");
    }

    #[test]
    fn fields_report_types_at_the_value() {
        let text = "term: [a]\nsynonyms: x\nweight: smags\nzzz: 1\n";
        let root = parse(text, &src(text)).unwrap().unwrap();
        let source = src(text);
        let mut f = Fields::new(&root, &["term", "synonyms", "weight"], "entry", &source);
        assert!(f.text("term").is_none());
        assert!(f.text_list("synonyms").is_empty());
        let p = f.finish();
        let at: Vec<(usize, usize, &str)> = p.iter().map(|d| (d.line, d.column, d.code)).collect();
        assert_eq!(
            at,
            [
                (4, 1, "yaml/unknown-key"),
                (1, 7, "yaml/type"),
                (2, 11, "yaml/type")
            ]
        );
    }
}

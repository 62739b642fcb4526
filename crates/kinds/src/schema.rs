//! Declarative schemas for the kinds' YAML: which keys a map has, which are required, and of
//! which type each value is (plain text, Markdown, one paragraph, a date, words from a fixed
//! list, lists of sub-maps). Reading a map through its schema reports every problem at its
//! place in the file with a hint, so a kind's parser is its schema plus its own semantic
//! checks (graph reachability, outcome rules).

use std::collections::HashMap;

use metodika_core::diagnostics::{did_you_mean, Diagnostic};
use metodika_core::yaml::{check_keys, parse_bool, parse_int, Expect, Node, Pos, Value};
use metodika_model::kind::ParseContext;

use crate::text::{Rich, Texts};

/// The keys of one map.
pub(crate) struct Schema {
    /// How messages name such a map (`service`, `glossary entry`).
    pub what: &'static str,
    /// The codes of its problems.
    pub codes: Codes,
    /// Keys it shares with other schemas of a family (every quiz question's `question:`),
    /// read before its own.
    pub shared: &'static [Field],
    pub fields: &'static [Field],
}

/// The diagnostic codes a kind gives the problems its schemas find (`service/inline`, ...).
pub(crate) struct Codes {
    /// Markdown that must be one paragraph but is more.
    pub inline: &'static str,
    /// A word that is not among the allowed ones.
    pub value: &'static str,
    /// A date that is not a real `YYYY-MM-DD` date.
    pub date: &'static str,
}

/// One key of a map.
pub(crate) struct Field {
    pub key: &'static str,
    pub ty: Type,
    pub need: Need,
}

/// What a value must be.
pub(crate) enum Type {
    /// Plain text.
    Text,
    /// Markdown that may hold paragraphs and lists.
    Markdown,
    /// One paragraph of Markdown (shown inside a label or a box).
    Inline,
    /// One word of a fixed list (`type: required`); another word is `said` (its `{}` is the
    /// word, its hint is given when no allowed word is close).
    OneOf {
        allowed: &'static [&'static str],
        said: Said,
    },
    /// A list of one-paragraph Markdown texts (shown in a list item each).
    InlineList,
    /// Words from a fixed list, each once (`for: [victims]`).
    Words(&'static [&'static str]),
    /// A calendar date, `YYYY-MM-DD`.
    Date,
    /// A list of plain texts, each with its place.
    TextList,
    /// A whole number.
    Number,
    /// `true` or `false`.
    Flag,
    /// A list whose items the kind reads itself (items of several shapes).
    List { hint: &'static str },
    /// Any value; the kind reads it itself (`next:`, one id or a list of them).
    Any,
    /// A list of maps, each read through `schema`.
    Maps {
        schema: &'static Schema,
        /// The hint when the value is not a list.
        hint: &'static str,
        /// What to say of an item that is not a map.
        not_a_map: Said,
    },
}

/// A problem a kind words itself: its code, message and hint. In a message, `{}` stands for
/// what was found instead.
pub(crate) struct Said {
    pub code: &'static str,
    pub message: &'static str,
    pub hint: &'static str,
}

impl Field {
    /// A key that may be left out.
    pub const fn optional(key: &'static str, ty: Type) -> Field {
        Field {
            key,
            ty,
            need: Need::Optional,
        }
    }

    /// A key that must be there and not blank (`yaml/missing`, hint "add `key: example`").
    pub const fn required(key: &'static str, ty: Type, example: &'static str) -> Field {
        Field {
            key,
            ty,
            need: Need::Required { example },
        }
    }
}

/// Whether a key must be there, and what to say when it is not.
pub(crate) enum Need {
    Optional,
    /// Missing or blank is `yaml/missing`: "`key` is missing or empty", hint "add `key:
    /// EXAMPLE`".
    Required {
        example: &'static str,
    },
    /// Missing is the kind's own problem.
    RequiredSaying(Said),
}

/// A value as read.
pub(crate) enum Read<'n> {
    Text(String),
    Rich(Rich),
    RichList(Vec<Rich>),
    Words(Vec<&'static str>),
    Word(&'static str),
    Number(i64),
    Flag(bool),
    Nodes(&'n [Node]),
    Node,
    TextList(Vec<(String, &'n Node)>),
    Maps(Vec<Record<'n>>),
}

/// A map read through its schema: the values found (each with its node, for positions) and
/// the links and ids of its Markdown.
pub(crate) struct Record<'n> {
    /// The map itself (for where its keys are).
    pub map: &'n Node,
    /// Where the map is (its first key).
    pub pos: Pos,
    values: HashMap<&'static str, (Read<'n>, &'n Node)>,
    pub texts: Texts,
}

impl<'n> Record<'n> {
    /// The node of a value that was read.
    pub fn node(&self, key: &str) -> Option<&'n Node> {
        self.values.get(key).map(|(_, node)| *node)
    }

    /// A plain text or date value, trimmed; `None` when absent or blank.
    pub fn text(&self, key: &str) -> Option<String> {
        match self.values.get(key) {
            Some((Read::Text(t), _)) => Some(t.trim().to_string()).filter(|t| !t.is_empty()),
            _ => None,
        }
    }

    pub fn rich(&mut self, key: &str) -> Option<Rich> {
        match self.values.remove(key) {
            Some((Read::Rich(r), _)) => Some(r),
            _ => None,
        }
    }

    pub fn rich_list(&mut self, key: &str) -> Vec<Rich> {
        match self.values.remove(key) {
            Some((Read::RichList(r), _)) => r,
            _ => Vec::new(),
        }
    }

    pub fn words(&self, key: &str) -> Vec<&'static str> {
        match self.values.get(key) {
            Some((Read::Words(w), _)) => w.clone(),
            _ => Vec::new(),
        }
    }

    /// A word of a fixed list, with its place.
    pub fn word(&self, key: &str) -> Option<(&'static str, Pos)> {
        match self.values.get(key) {
            Some((Read::Word(w), node)) => Some((w, node.pos)),
            _ => None,
        }
    }

    /// A whole number, with its node.
    pub fn number(&self, key: &str) -> Option<(i64, &'n Node)> {
        match self.values.get(key) {
            Some((Read::Number(n), node)) => Some((*n, node)),
            _ => None,
        }
    }

    /// A flag's value, when given.
    pub fn given_flag(&self, key: &str) -> Option<bool> {
        match self.values.get(key) {
            Some((Read::Flag(b), _)) => Some(*b),
            _ => None,
        }
    }

    /// `true` when the flag is given and true.
    pub fn flag(&self, key: &str) -> bool {
        matches!(self.values.get(key), Some((Read::Flag(true), _)))
    }

    /// The items of a list the kind reads itself.
    pub fn nodes(&self, key: &str) -> &'n [Node] {
        match self.values.get(key) {
            Some((Read::Nodes(items), _)) => items,
            _ => &[],
        }
    }

    /// A list of texts, each trimmed, with its node.
    pub fn text_list(&self, key: &str) -> Vec<(String, &'n Node)> {
        match self.values.get(key) {
            Some((Read::TextList(items), _)) => items
                .iter()
                .map(|(t, n)| (t.trim().to_string(), *n))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The maps of a list, each read through its schema.
    pub fn maps(&mut self, key: &str) -> Vec<Record<'n>> {
        match self.values.remove(key) {
            Some((Read::Maps(records), _)) => records,
            _ => Vec::new(),
        }
    }
}

impl Schema {
    /// The keys a map of this schema may have.
    pub fn keys(&self) -> Vec<&'static str> {
        self.all_fields().map(|f| f.key).collect()
    }

    fn all_fields(&self) -> impl Iterator<Item = &'static Field> {
        self.shared.iter().chain(self.fields)
    }

    /// Reads `map`: every value through its type, every problem into `cx.problems`, sorted by
    /// place. Unknown keys are reported when `check_keys` (a page's front-matter keys are
    /// checked with the front matter).
    pub fn read<'n>(
        &self,
        map: &'n Node,
        cx: &mut ParseContext,
        check_keys_here: bool,
    ) -> Record<'n> {
        // Markdown problems go to `cx.problems` as they are found: all of this map's are
        // sorted by place at the end.
        let before = cx.problems.len();
        let mut problems = Vec::new();
        if check_keys_here {
            problems.extend(check_keys(map, &self.keys(), self.what, &cx.source));
        }
        let mut record = Record {
            map,
            pos: map.pos,
            values: HashMap::new(),
            texts: Texts::default(),
        };
        for field in self.all_fields() {
            let node = map.get(field.key).filter(|n| !n.is_null());
            let value = match node {
                Some(node) => self.value(field, node, cx, &mut record.texts, &mut problems),
                None => None,
            };
            let blank = match &value {
                None => true,
                Some(Read::Text(t)) => t.trim().is_empty(),
                Some(Read::RichList(l)) => l.is_empty(),
                Some(Read::Words(w)) => w.is_empty() && node.is_none(),
                Some(Read::Rich(r)) => r.text.trim().is_empty() && r.html.trim().is_empty(),
                Some(
                    Read::TextList(_)
                    | Read::Maps(_)
                    | Read::Word(_)
                    | Read::Number(_)
                    | Read::Flag(_)
                    | Read::Nodes(_)
                    | Read::Node,
                ) => node.is_none(),
            };
            // A value of the wrong type is reported as such, not as missing.
            let wrong_type = node.is_some() && value.is_none();
            if blank && !wrong_type {
                if let Some(problem) = self.missing(field, map, cx) {
                    problems.push(problem);
                }
            }
            if let (Some(value), Some(node)) = (value, node) {
                record.values.insert(field.key, (value, node));
            }
        }
        cx.problems.append(&mut problems);
        cx.problems[before..].sort_by_key(|d| (d.line, d.column));
        record
    }

    fn missing(&self, field: &Field, map: &Node, cx: &ParseContext) -> Option<Diagnostic> {
        let pos = map.key_pos(field.key);
        match field.need {
            Need::Optional => None,
            Need::Required { example } => Some(
                cx.source
                    .error(
                        "yaml/missing",
                        pos,
                        format!("`{}` is missing or empty", field.key),
                    )
                    .with_hint(format!("add `{}: {example}`", field.key)),
            ),
            Need::RequiredSaying(Said {
                code,
                message,
                hint,
            }) => Some(cx.source.error(code, pos, message).with_hint(hint)),
        }
    }

    /// One value read through its type; `None` (with a problem) when it is of another type.
    fn value<'n>(
        &self,
        field: &Field,
        node: &'n Node,
        cx: &mut ParseContext,
        texts: &mut Texts,
        problems: &mut Vec<Diagnostic>,
    ) -> Option<Read<'n>> {
        let key = field.key;
        // The kind reads a value of any type itself, with its own messages.
        let Some((expect, hint)) = expected(&field.ty) else {
            return Some(Read::Node);
        };
        if !expect.accepts(node) {
            problems.push(
                cx.source
                    .error_node(
                        "yaml/type",
                        node,
                        format!("`{key}` must be {}, not {}", expect.name(), node.describe()),
                    )
                    .with_hint(hint),
            );
            return None;
        }
        let items = || -> Vec<(&'n str, &'n Node)> {
            match &node.value {
                Value::Seq(items) => items
                    .iter()
                    .filter_map(|i| i.as_str().map(|s| (s, i)))
                    .collect(),
                _ => Vec::new(),
            }
        };
        Some(match &field.ty {
            Type::Text => Read::Text(node.as_str().unwrap_or_default().to_string()),
            Type::Date => Read::Text(self.date(key, node, cx, problems)),
            Type::Markdown => {
                let text = node.as_str().unwrap_or_default();
                Read::Rich(texts.block(cx, text, node))
            }
            // A blank text is missing, not a paragraph too few.
            Type::Inline if node.as_str().unwrap_or_default().trim().is_empty() => {
                Read::Rich(Rich::default())
            }
            Type::Inline => {
                let text = node.as_str().unwrap_or_default();
                Read::Rich(texts.inline(cx, text, node, key, self.codes.inline))
            }
            Type::OneOf { allowed, said } => Read::Word(one_of(node, allowed, said, cx, problems)?),
            Type::InlineList => Read::RichList(
                items()
                    .into_iter()
                    .map(|(text, item)| texts.inline(cx, text, item, key, self.codes.inline))
                    .collect(),
            ),
            Type::Words(allowed) => Read::Words(self.words(key, &items(), allowed, cx, problems)),
            Type::TextList => Read::TextList(
                items()
                    .into_iter()
                    .map(|(text, item)| (text.to_string(), item))
                    .collect(),
            ),
            Type::Maps {
                schema, not_a_map, ..
            } => Read::Maps(maps(node, schema, not_a_map, cx, problems)),
            Type::Number => Read::Number(node.as_str().and_then(parse_int)?),
            Type::Flag => Read::Flag(node.as_str().and_then(parse_bool)?),
            Type::List { .. } => Read::Nodes(node_items(node)),
            Type::Any => Read::Node,
        })
    }

    /// A date value, checked to be a real date.
    fn date(
        &self,
        key: &str,
        node: &Node,
        cx: &ParseContext,
        problems: &mut Vec<Diagnostic>,
    ) -> String {
        let date = node.as_str().unwrap_or_default().to_string();
        if !metodika_core::date::is_valid(&date) {
            problems.push(
                cx.source
                    .error(
                        self.codes.date,
                        node.pos,
                        format!("`{key}` must be a real date YYYY-MM-DD, not `{date}`"),
                    )
                    .with_hint(format!("write e.g. `{key}: 2023-07-01`")),
            );
        }
        date
    }

    /// The allowed words of a list, each once; an unknown one is a problem with the closest.
    fn words(
        &self,
        key: &str,
        items: &[(&str, &Node)],
        allowed: &'static [&'static str],
        cx: &ParseContext,
        problems: &mut Vec<Diagnostic>,
    ) -> Vec<&'static str> {
        let mut out = Vec::new();
        for (word, item) in items {
            match allowed.iter().find(|a| **a == word.trim()) {
                Some(a) if !out.contains(a) => out.push(*a),
                Some(_) => {}
                None => problems.push(unknown_word(self.codes.value, key, word, item, allowed, cx)),
            }
        }
        out
    }
}

/// Each map of a list read through `schema`; an item that is not a map is a problem.
fn maps<'n>(
    node: &'n Node,
    schema: &'static Schema,
    not_a_map: &Said,
    cx: &mut ParseContext,
    problems: &mut Vec<Diagnostic>,
) -> Vec<Record<'n>> {
    let mut records = Vec::new();
    for item in node_items(node) {
        if item.is_map() {
            records.push(schema.read(item, cx, true));
        } else {
            problems.push(
                cx.source
                    .error(
                        not_a_map.code,
                        item.pos,
                        not_a_map.message.replace("{}", &item.describe()),
                    )
                    .with_hint(not_a_map.hint),
            );
        }
    }
    records
}

fn unknown_word(
    code: &'static str,
    key: &str,
    word: &str,
    node: &Node,
    allowed: &[&str],
    cx: &ParseContext,
) -> Diagnostic {
    let hint = match did_you_mean(word.trim(), allowed) {
        Some(s) => format!("did you mean `{s}`?"),
        None => format!("`{key}` allows: {}", allowed.join(", ")),
    };
    cx.source
        .error(
            code,
            node.pos,
            format!("`{}` is not a value of `{key}`", word.trim()),
        )
        .with_hint(hint)
}

fn node_items(node: &Node) -> &[Node] {
    match &node.value {
        Value::Seq(items) => items,
        _ => &[],
    }
}

/// The word of a fixed list a value is; another word is the kind's problem, with the closest
/// allowed word as its hint.
fn one_of(
    node: &Node,
    allowed: &'static [&'static str],
    said: &Said,
    cx: &ParseContext,
    problems: &mut Vec<Diagnostic>,
) -> Option<&'static str> {
    let word = node.as_str().unwrap_or_default().trim();
    if let Some(a) = allowed.iter().find(|a| **a == word) {
        return Some(a);
    }
    let hint = match did_you_mean(word, allowed) {
        Some(s) => format!("did you mean `{s}`?"),
        None => said.hint.to_string(),
    };
    problems.push(
        cx.source
            .error(said.code, node.pos, said.message.replace("{}", word))
            .with_hint(hint),
    );
    None
}

/// The YAML type a value must have, and the hint when it has another; `None` for any.
fn expected(ty: &Type) -> Option<(Expect, &'static str)> {
    Some(match ty {
        Type::Text | Type::Markdown | Type::Inline | Type::Date | Type::OneOf { .. } => (
            Expect::Text,
            "write plain text; quote it if it contains `: ` or starts with a special character",
        ),
        Type::InlineList | Type::Words(_) | Type::TextList => (
            Expect::TextList,
            "write a list: `[a, b]` or one `- item` per line",
        ),
        Type::Maps { hint, .. } | Type::List { hint } => (Expect::List, hint),
        Type::Number => (Expect::WholeNumber, "write a whole number, e.g. `80`"),
        Type::Flag => (Expect::TrueFalse, "write `true` or `false`"),
        Type::Any => return None,
    })
}

/// How many entries a list has as written (maps or not).
pub(crate) fn list_len(root: &Node, key: &str) -> usize {
    match root.get(key).map(|n| &n.value) {
        Some(Value::Seq(items)) => items.len(),
        _ => 0,
    }
}

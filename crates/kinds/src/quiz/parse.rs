//! Reads a quiz's YAML into the typed [`Quiz`], checking every rule an author can break,
//! each at its line: types and keys, the right number of correct options, complete pairs,
//! enough steps, unique ids, texts that are there and fit where they are shown.

use std::collections::{HashMap, HashSet};

use super::model::{fingerprint, Answer, ChoiceOption, Item, Question, Quiz, Scenario};
use crate::schema::{Codes, Field, Need, Record, Said, Schema, Type};
use crate::text::{valid_id, Rich, Texts};
use metodika_core::diagnostics::{did_you_mean, Diagnostic};
use metodika_core::yaml::{Node, Pos, Source, Value};
use metodika_markdown::slugify;
use metodika_model::kind::ParseContext;

/// Keys of the quiz itself, in a fenced block (its own `title:`) ...
static QUIZ_BLOCK: Schema = Schema {
    what: "quiz",
    codes: CODES,
    shared: &[],
    fields: QUIZ_FIELDS,
};

/// ... and on a `kind: quiz` page, whose title is the page's (checked with its front matter).
static QUIZ_PAGE: Schema = Schema {
    what: "quiz",
    codes: CODES,
    shared: &[],
    fields: match QUIZ_FIELDS.split_first() {
        Some((_title, rest)) => rest,
        None => &[],
    },
};

const QUIZ_FIELDS: &[Field] = &[
    Field::optional("title", Type::Text),
    Field::optional("id", Type::Text),
    Field::optional("intro", Type::Markdown),
    Field::optional("pass_mark", Type::Number),
    Field::optional("shuffle", Type::Flag),
    Field::optional("pool", Type::Number),
    Field {
        key: "questions",
        ty: Type::List {
            hint: "write one `- type: ...` item per question",
        },
        need: Need::Optional,
    },
];

const CODES: Codes = Codes {
    inline: "quiz/inline",
    value: "quiz/value",
    date: "quiz/date",
};

/// The keys of a fenced quiz block, for the kind's declaration.
#[cfg(test)]
pub(crate) fn block_keys() -> Vec<&'static str> {
    QUIZ_BLOCK.keys()
}

/// Question types, as written in `type:`.
pub(crate) const TYPES: &[&str] = &[
    "single",
    "multiple",
    "true_false",
    "matching",
    "ordering",
    "text",
    "scenario",
];

/// Pass mark when the author gives none.
pub(crate) const DEFAULT_PASS_MARK: u32 = 80;

/// What every question has, whatever its type.
const COMMON: &[Field] = &[
    Field::optional("id", Type::Text),
    Field::optional("type", Type::Text),
    Field::required("question", Type::Inline, "Kas ...?"),
    Field::optional("hint", Type::Markdown),
    Field::optional("explanation", Type::Markdown),
];

const OPTIONS: &[Field] = &[Field {
    key: "options",
    ty: Type::List {
        hint: "write one `- ...` item per option",
    },
    need: Need::Optional,
}];

/// A question of each type: the common keys and its own.
static SINGLE: Schema = question_schema("`single` question", OPTIONS);
static MULTIPLE: Schema = question_schema("`multiple` question", OPTIONS);
static TRUE_FALSE: Schema = question_schema(
    "`true_false` question",
    &[
        Field {
            key: "answer",
            ty: Type::Flag,
            need: Need::RequiredSaying(Said {
                code: "yaml/missing",
                message: "a `true_false` question needs `answer: true` or `answer: false`",
                hint:
                    "add `answer: true` when the statement is true, `answer: false` when it is not",
            }),
        },
        Field::optional("feedback_true", Type::Markdown),
        Field::optional("feedback_false", Type::Markdown),
    ],
);
static MATCHING: Schema = question_schema(
    "`matching` question",
    &[Field {
        key: "pairs",
        ty: Type::List {
            hint: "write one `- left: ...` / `right: ...` item per pair",
        },
        need: Need::Optional,
    }],
);
static ORDERING: Schema = question_schema(
    "`ordering` question",
    &[Field {
        key: "steps",
        ty: Type::List {
            hint: "write the steps in the right order, one `- ...` per step",
        },
        need: Need::Optional,
    }],
);
static TEXT: Schema = question_schema(
    "`text` question",
    &[Field::optional("answers", Type::TextList)],
);

const fn question_schema(what: &'static str, own: &'static [Field]) -> Schema {
    Schema {
        what,
        codes: CODES,
        shared: COMMON,
        fields: own,
    }
}

/// A case with questions about it.
static SCENARIO: Schema = Schema {
    what: "scenario",
    codes: CODES,
    shared: &[],
    fields: &[
        Field::optional("id", Type::Text),
        Field::optional("type", Type::Text),
        Field::required("scenario", Type::Markdown, "|\n  Anna (35) ..."),
        Field {
            key: "questions",
            ty: Type::List {
                hint: "list the questions of the case, each `- type: ...`",
            },
            need: Need::Optional,
        },
    ],
};

/// An option written as a map.
static OPTION: Schema = Schema {
    what: "option",
    codes: CODES,
    shared: &[],
    fields: &[
        Field::required("text", Type::Text, "Valsts policija"),
        Field::optional("correct", Type::Flag),
        Field::optional("feedback", Type::Text),
    ],
};

/// One pair of a matching question.
static PAIR: Schema = Schema {
    what: "pair",
    codes: CODES,
    shared: &[],
    fields: &[
        Field::optional("left", Type::Text),
        Field::optional("right", Type::Text),
    ],
};

struct Reader<'c, 'a> {
    cx: &'c mut ParseContext<'a>,
    source: Source<'a>,
    problems: Vec<Diagnostic>,
    texts: Texts,
    /// Ids given or made so far, each with where it is written.
    ids: HashMap<String, Pos>,
}

pub fn parse(node: Option<&Node>, cx: &mut ParseContext) -> Option<Quiz> {
    let source = cx.source;
    let Some(root) = node.filter(|n| n.is_map()) else {
        let pos = node.map_or(Pos { line: 1, column: 1 }, |n| n.pos);
        cx.problems.push(not_a_quiz(&source, pos));
        return None;
    };
    let schema = if cx.fenced { &QUIZ_BLOCK } else { &QUIZ_PAGE };
    let mut record = schema.read(root, cx, cx.fenced);
    // A quiz page's title is the page's own, shown as its heading.
    let title = record.text("title");
    let id = record
        .node("id")
        .and_then(|n| n.as_str().map(|i| (i.to_string(), n)));
    let shuffle = record.flag("shuffle");
    let items = record.nodes("questions");
    let mut problems = Vec::new();
    if items.is_empty()
        && !root
            .get("questions")
            .is_some_and(|q| !q.is_null() && !matches!(q.value, Value::Seq(_)))
    {
        let at = root.key_pos("questions");
        problems.push(
            source
                .error("quiz/questions", at, "the quiz has no questions")
                .with_hint("add `questions:` with at least one `- type: ...` item"),
        );
    }
    let mut reader = Reader {
        cx,
        source,
        problems,
        texts: std::mem::take(&mut record.texts),
        ids: HashMap::new(),
    };
    let (quiz_id, id_pos) = reader.quiz_id(id, title.as_deref(), root.pos);
    reader.ids.insert(quiz_id.clone(), id_pos);
    let intro = record.rich("intro");
    let pass_mark = reader.pass_mark(record.number("pass_mark"));
    let mut parsed = Vec::new();
    for (n, item) in items.iter().enumerate() {
        let anchor = format!("{quiz_id}-{}", n + 1);
        if let Some(item) = reader.item(item, anchor, true) {
            parsed.push(item);
        }
    }
    let pool = reader.pool(record.number("pool"), items.len());
    let Reader {
        mut problems,
        mut texts,
        ..
    } = reader;
    cx.problems.append(&mut problems);
    // In reading order, though options are read before their question's unknown keys.
    cx.problems.sort_by_key(|d| (d.line, d.column));
    if !cx.problems.is_empty() {
        return None;
    }
    let inner_anchors = texts.sorted_anchors();
    Some(Quiz {
        id_offset: source.file_offset(id_pos),
        id: quiz_id,
        title,
        intro,
        pass_mark,
        shuffle,
        pool,
        items: parsed,
        links: texts.links,
        inner_anchors,
    })
}

/// A quiz's YAML that is not a map of keys.
fn not_a_quiz(source: &Source, pos: Pos) -> Diagnostic {
    source
        .error(
            "quiz/questions",
            pos,
            "a quiz needs `questions:`, a list of questions",
        )
        .with_hint(
            "write:\n  questions:\n    - type: single\n      question: ...\n      options: [...]",
        )
}

impl Reader<'_, '_> {
    /// The quiz's id (written and checked, or made from its title) and where it stands.
    fn quiz_id(
        &mut self,
        id: Option<(String, &Node)>,
        title: Option<&str>,
        at: Pos,
    ) -> (String, Pos) {
        match id {
            Some((i, node)) => {
                self.check_id(&i, node);
                (i.trim().to_string(), node.pos)
            }
            None => match title.map(slugify) {
                Some(s) if !s.is_empty() => (s, at),
                _ => ("quiz".to_string(), at),
            },
        }
    }

    /// How many questions each attempt draws (`None`: all); more than the quiz has, or
    /// fewer than one, is a problem.
    fn pool(&mut self, written: Option<(i64, &Node)>, questions: usize) -> Option<usize> {
        let (n, node) = written?;
        if n >= 1 && n as usize <= questions.max(1) {
            return Some(n as usize);
        }
        self.problems.push(
            self.source
                .error_node(
                    "quiz/pool",
                    node,
                    format!("the pool draws {n} questions, but the quiz has {questions}"),
                )
                .with_hint(format!(
                    "write a number from 1 to {questions}, or leave `pool:` out to ask every question"
                )),
        );
        None
    }

    /// The pass mark as a percentage (the default when not given or not a percentage).
    fn pass_mark(&mut self, written: Option<(i64, &Node)>) -> u32 {
        match written {
            Some((n, node)) if !(0..=100).contains(&n) => {
                self.problems.push(
                    self.source
                        .error_node(
                            "quiz/pass-mark",
                            node,
                            format!("the pass mark {n} is not a percentage"),
                        )
                        .with_hint("write a whole number from 0 to 100, e.g. `pass_mark: 80`"),
                );
                DEFAULT_PASS_MARK
            }
            Some((n, _)) => n as u32,
            None => DEFAULT_PASS_MARK,
        }
    }

    fn error(&mut self, code: &'static str, pos: Pos, message: String, hint: &str) {
        self.problems.push(
            self.source
                .error(code, pos, message)
                .with_hint(hint.to_string()),
        );
    }

    /// Markdown that may hold paragraphs and lists (intro, explanation, feedback, scenario).
    fn block(&mut self, text: &str, node: &Node) -> Rich {
        self.texts.block(self.cx, text, node)
    }

    /// Markdown shown inside a legend or a label (question, option, step): one paragraph.
    fn inline(&mut self, text: &str, node: &Node, key: &str) -> Rich {
        self.texts.inline(self.cx, text, node, key, "quiz/inline")
    }

    fn check_id(&mut self, id: &str, node: &Node) {
        if !valid_id(id) {
            self.error(
                "quiz/id",
                node.pos,
                format!("the id `{id}` cannot be an anchor"),
                "use letters, digits and `-`, e.g. `id: krizes-dzivoklis-1`",
            );
        }
    }

    /// Records an anchor; a second use in the quiz is an error at the later one.
    fn claim(&mut self, anchor: &str, pos: Pos) {
        if let Some(first) = self.ids.get(anchor).copied() {
            let line = self.source.file_pos(first).0;
            self.error(
                "quiz/duplicate-id",
                pos,
                format!("the id `{anchor}` is used twice in this quiz (first on line {line})"),
                "give every question its own `id:`",
            );
        } else {
            self.ids.insert(anchor.to_string(), pos);
        }
    }

    /// A question or (at the top level) a scenario.
    fn item(&mut self, node: &Node, default_anchor: String, top: bool) -> Option<Item> {
        if !node.is_map() {
            self.error(
                "quiz/question",
                node.pos,
                format!("a question must be a map of keys, not {}", node.describe()),
                "start each question with `- type: ...` and indent its other keys under it",
            );
            return None;
        }
        let kind = match node.get("type") {
            None => {
                self.error(
                    "yaml/missing",
                    node.pos,
                    "the question has no `type:`".into(),
                    &format!("add `type:` with one of: {}", TYPES.join(", ")),
                );
                return None;
            }
            Some(t) => match t.as_str().map(str::trim) {
                Some(k) if TYPES.contains(&k) => k.to_string(),
                other => {
                    let written = other.map_or_else(|| t.describe(), |s| format!("`{s}`"));
                    let hint = match other.and_then(|s| did_you_mean(s, TYPES)) {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => format!("the types are: {}", TYPES.join(", ")),
                    };
                    self.error(
                        "quiz/type",
                        t.pos,
                        format!("{written} is not a question type"),
                        &hint,
                    );
                    return None;
                }
            },
        };
        if kind == "scenario" {
            if !top {
                self.error(
                    "quiz/scenario-nested",
                    node.pos,
                    "a scenario cannot hold another scenario".into(),
                    "list the questions of the case directly under the scenario's `questions:`",
                );
                return None;
            }
            return self.scenario(node, default_anchor).map(Item::Scenario);
        }
        self.question(node, &kind, default_anchor)
            .map(Item::Question)
    }

    fn anchor(&mut self, record: &Record, node: &Node, default: String) -> (String, Pos) {
        match record.node("id").and_then(|n| n.as_str().map(|id| (id, n))) {
            Some((id, id_node)) => {
                self.check_id(id, id_node);
                let id = id.trim().to_string();
                self.claim(&id, id_node.pos);
                (id, id_node.pos)
            }
            None => {
                self.claim(&default, node.pos);
                (default, node.pos)
            }
        }
    }

    /// Reads `node` through `schema`, its texts kept with the quiz's.
    fn read<'n>(&mut self, schema: &Schema, node: &'n Node) -> Record<'n> {
        let mut record = schema.read(node, self.cx, true);
        self.texts.absorb(&mut record.texts);
        record
    }

    fn scenario(&mut self, node: &Node, default_anchor: String) -> Option<Scenario> {
        let source = self.source;
        let mut record = self.read(&SCENARIO, node);
        let (anchor, pos) = self.anchor(&record, node, default_anchor);
        let items = record.nodes("questions");
        if items.is_empty() && node.get("questions").is_none_or(|q| !q.is_map()) {
            let at = node.key_pos("questions");
            self.error(
                "quiz/scenario-questions",
                at,
                "the scenario has no questions".into(),
                "add `questions:` with the questions about the case",
            );
        }
        let case = record.rich("scenario");
        let mut questions = Vec::new();
        for (m, item) in items.iter().enumerate() {
            if let Some(Item::Question(q)) = self.item(item, format!("{anchor}-{}", m + 1), false) {
                questions.push(q);
            }
        }
        Some(Scenario {
            offset: source.file_offset(pos),
            anchor,
            case: case?,
            questions,
        })
    }

    fn question(&mut self, node: &Node, kind: &str, default_anchor: String) -> Option<Question> {
        let source = self.source;
        let schema = match kind {
            "single" => &SINGLE,
            "multiple" => &MULTIPLE,
            "true_false" => &TRUE_FALSE,
            "matching" => &MATCHING,
            "ordering" => &ORDERING,
            _ => &TEXT,
        };
        let mut record = self.read(schema, node);
        let (anchor, pos) = self.anchor(&record, node, default_anchor);
        // What the question asks and accepts, for its fingerprint.
        let mut identity = format!("{kind}\u{1f}");
        if let Some(t) = record.node("question").and_then(Node::as_str) {
            identity.push_str(t.trim());
        }
        let answer = match kind {
            "single" | "multiple" => self.choice(&record, node, kind == "multiple", &mut identity),
            "true_false" => self.true_false(&mut record, &mut identity),
            "matching" => self.matching(&record, node, &mut identity),
            "ordering" => self.ordering(&record, node, &mut identity),
            _ => self.text_answer(&record, node, &mut identity),
        };
        Some(Question {
            offset: source.file_offset(pos),
            anchor,
            fingerprint: fingerprint(&identity),
            text: record.rich("question")?,
            hint: record.rich("hint"),
            explanation: record.rich("explanation"),
            answer: answer?,
        })
    }

    fn choice(
        &mut self,
        record: &Record,
        node: &Node,
        multiple: bool,
        identity: &mut String,
    ) -> Option<Answer> {
        let items = record.nodes("options");
        let at = node.key_pos("options");
        if items.len() < 2 {
            self.error(
                "quiz/options",
                at,
                format!("a `{}` question needs at least two options, it has {}", if multiple { "multiple" } else { "single" }, items.len()),
                "add `options:` with one `- text: ...` item per option, marking the right ones `correct: true`",
            );
            return None;
        }
        let mut options = Vec::new();
        let mut seen = HashSet::new();
        for item in items {
            let Some((text, text_node, correct, feedback)) = self.option(item) else {
                continue;
            };
            if !seen.insert(text.trim().to_lowercase()) {
                self.error(
                    "quiz/duplicate-option",
                    text_node.pos,
                    format!("the option `{}` is listed twice", text.trim()),
                    "remove one of them",
                );
            }
            identity.push('\u{1f}');
            identity.push_str(text.trim());
            identity.push(if correct { '+' } else { '-' });
            let html = self.inline(&text, text_node, "text");
            let feedback = feedback.map(|(t, n)| self.block(&t, n));
            options.push(ChoiceOption {
                text: html,
                correct,
                feedback,
            });
        }
        let correct = options.iter().filter(|o| o.correct).count();
        if options.len() == items.len() {
            if !multiple && correct != 1 {
                self.error(
                    "quiz/single-correct",
                    at,
                    format!("a `single` question needs exactly one option with `correct: true`, it has {correct}"),
                    if correct == 0 {
                        "mark the right option `correct: true`"
                    } else {
                        "keep `correct: true` on one option, or make it `type: multiple`"
                    },
                );
            }
            if multiple && correct == 0 {
                self.error(
                    "quiz/multiple-correct",
                    at,
                    "a `multiple` question needs at least one option with `correct: true`".into(),
                    "mark every right option `correct: true`",
                );
            }
        }
        Some(Answer::Choice { multiple, options })
    }

    /// One option as written: `- text` or `- text: ...` with `correct:` and `feedback:`;
    /// (text, its node, correct, feedback). `None` (with a problem) for an empty option or
    /// one of another shape.
    #[allow(clippy::type_complexity)]
    fn option<'n>(
        &mut self,
        item: &'n Node,
    ) -> Option<(String, &'n Node, bool, Option<(String, &'n Node)>)> {
        let (text, text_node, correct, feedback) = match &item.value {
            Value::Scalar(s, _) => (Some(s.clone()), item, false, None),
            Value::Map(_) => {
                let option = self.read(&OPTION, item);
                let text = option.node("text").and_then(|n| n.as_str().map(|t| (t, n)));
                let correct = option.flag("correct");
                let feedback = option
                    .node("feedback")
                    .and_then(|n| n.as_str().map(|t| (t.to_string(), n)));
                match text {
                    Some((t, n)) => (Some(t.to_string()), n, correct, feedback),
                    None => (None, item, correct, feedback),
                }
            }
            _ => {
                self.error(
                    "quiz/option",
                    item.pos,
                    format!(
                        "an option must be a text or a map with `text:`, not {}",
                        item.describe()
                    ),
                    "write `- Option text`, or `- text: ...` with `correct: true` for a right one",
                );
                return None;
            }
        };
        let Some(text) = text.filter(|t| !t.trim().is_empty()) else {
            if matches!(item.value, Value::Scalar(..)) {
                self.error(
                    "yaml/missing",
                    item.pos,
                    "the option is empty".into(),
                    "write the option's text",
                );
            }
            return None;
        };
        Some((text, text_node, correct, feedback))
    }

    fn true_false(&mut self, record: &mut Record, identity: &mut String) -> Option<Answer> {
        let feedback_true = record.rich("feedback_true");
        let feedback_false = record.rich("feedback_false");
        let answer = record.given_flag("answer")?;
        identity.push_str(if answer { "\u{1f}true" } else { "\u{1f}false" });
        Some(Answer::TrueFalse {
            answer,
            feedback_true,
            feedback_false,
        })
    }

    fn matching(&mut self, record: &Record, node: &Node, identity: &mut String) -> Option<Answer> {
        let items = record.nodes("pairs");
        if items.len() < 2 {
            self.error(
                "quiz/matching",
                node.key_pos("pairs"),
                format!(
                    "a `matching` question needs at least two pairs, it has {}",
                    items.len()
                ),
                "add `pairs:` with one `- left: ...` and `right: ...` per pair",
            );
            return None;
        }
        let mut pairs = Vec::new();
        for item in items {
            if !item.is_map() {
                self.error(
                    "quiz/matching",
                    item.pos,
                    format!(
                        "a pair must be a map with `left:` and `right:`, not {}",
                        item.describe()
                    ),
                    "write `- left: situation` and, under it, `right: who acts`",
                );
                continue;
            }
            let pair = self.read(&PAIR, item);
            let text = |key: &str| {
                let node = pair.node(key)?;
                let t = node.as_str().filter(|t| !t.trim().is_empty())?;
                Some((t.to_string(), node))
            };
            let (left, right) = (text("left"), text("right"));
            match (left, right) {
                (Some((l, ln)), Some((r, _))) => {
                    identity.push('\u{1f}');
                    identity.push_str(l.trim());
                    identity.push('=');
                    identity.push_str(r.trim());
                    let left = self.inline(&l, ln, "left");
                    pairs.push((left, r.trim().to_string()));
                }
                (left, _) => {
                    let missing = if left.is_none() { "left" } else { "right" };
                    self.error(
                        "quiz/matching",
                        item.pos,
                        format!("this item is unpaired: it has no `{missing}`"),
                        "give every pair both `left:` (what is matched) and `right:` (what it matches)",
                    );
                }
            }
        }
        if pairs.len() < items.len() {
            return None;
        }
        Some(Answer::Matching { pairs })
    }

    fn ordering(&mut self, record: &Record, node: &Node, identity: &mut String) -> Option<Answer> {
        let items = record.nodes("steps");
        let at = node.key_pos("steps");
        if items.len() < 2 {
            self.error(
                "quiz/ordering",
                at,
                format!(
                    "an `ordering` question needs at least two steps, it has {}",
                    items.len()
                ),
                "add `steps:` with the steps in the right order",
            );
            return None;
        }
        let mut steps = Vec::new();
        for item in items {
            match item.as_str() {
                Some(s) if !s.trim().is_empty() => {
                    identity.push('\u{1f}');
                    identity.push_str(s.trim());
                    steps.push(self.inline(s, item, "steps"));
                }
                Some(_) => self.error(
                    "yaml/missing",
                    item.pos,
                    "the step is empty".into(),
                    "write the step's text",
                ),
                None => self.error(
                    "quiz/ordering",
                    item.pos,
                    format!("a step must be text, not {}", item.describe()),
                    "write each step as `- text`",
                ),
            }
        }
        if steps.len() < items.len() {
            return None;
        }
        Some(Answer::Ordering { steps })
    }

    fn text_answer(
        &mut self,
        record: &Record,
        node: &Node,
        identity: &mut String,
    ) -> Option<Answer> {
        let accepted: Vec<String> = record
            .text_list("answers")
            .into_iter()
            .map(|(s, _)| s)
            .filter(|s| !s.is_empty())
            .collect();
        if accepted.is_empty()
            && node
                .get("answers")
                .is_none_or(|n| matches!(n.value, Value::Seq(_) | Value::Null))
        {
            self.error(
                "quiz/answers",
                node.key_pos("answers"),
                "a `text` question needs `answers:`, the accepted answers".into(),
                "write e.g. `answers: [bāriņtiesa, bāriņtiesai]`; case and diacritics are ignored",
            );
            return None;
        }
        for a in &accepted {
            identity.push('\u{1f}');
            identity.push_str(a);
        }
        (!accepted.is_empty()).then_some(Answer::Text { accepted })
    }
}

//! Reads an algorithm's YAML into a checked graph: declared actors, steps and decisions, a
//! start, and every rule an author can break reported at its line: an unknown actor, an edge
//! to a missing step, an unreachable step, a decision with fewer than two branches, no end,
//! and a cycle with no way out.

use std::collections::HashMap;

use crate::text::{valid_id, Rich, Texts};
use metodika_core::diagnostics::{did_you_mean, Diagnostic};
use metodika_core::yaml::{Node, Pos, Source, Value};

use crate::schema::{list_len, Codes, Field, Need, Record, Said, Schema, Type};
use metodika_model::kind::ParseContext;

#[derive(Debug)]
pub(crate) struct Actor {
    pub id: String,
    pub name: String,
}

#[derive(Debug)]
pub struct Step {
    pub id: String,
    pub offset: usize,
    /// Index into the actors.
    pub actor: usize,
    /// The action, or the decision's question (one paragraph).
    pub text: Rich,
    pub decision: bool,
    pub details: Option<Rich>,
    pub deadline: Option<String>,
    pub legal_basis: Option<Rich>,
    /// (label, index of the next step); the label is empty for a plain step's next steps.
    pub next: Vec<(String, usize)>,
}

#[derive(Debug)]
pub(crate) struct Algorithm {
    pub actors: Vec<Actor>,
    pub steps: Vec<Step>,
    pub start: usize,
    pub texts: Texts,
}

/// A step's edges as written, before the targets are known to exist.
struct Pending {
    label: String,
    target: String,
    pos: Pos,
}

pub fn parse(root: &Node, cx: &mut ParseContext) -> Option<Algorithm> {
    let source = cx.source;
    let before = cx.problems.len();
    let mut record = ROOT.read(root, cx, cx.fenced);
    let mut read = Reading {
        source,
        problems: Vec::new(),
        texts: std::mem::take(&mut record.texts),
        step_pos: HashMap::new(),
    };
    let actor_records = record.maps("actors");
    if list_len(root, "actors") == 0 {
        read.problems.push(error(
            &source,
            "algorithm/actors",
            root.key_pos("actors"),
            "the algorithm has no actors".into(),
            "add `actors:` with one `- id: vp` / `name: Valsts policija` per institution or person; each gets a lane",
        ));
    }
    let actors = read.actors(actor_records);
    if list_len(root, "steps") == 0 {
        read.problems.push(error(
            &source,
            "algorithm/steps",
            root.key_pos("steps"),
            "the algorithm has no steps".into(),
            "add `steps:` with one `- id: ...` item per step, each with its `actor` and `action` (or `decision` and `branches`)",
        ));
    }
    let mut steps = Vec::new();
    let mut pending = Vec::new();
    for step in record.maps("steps") {
        if let Some((step, edges)) = read.step(step, &actors) {
            steps.push(step);
            pending.push(edges);
        }
    }
    read.link(&mut steps, &pending);
    let start = record
        .node("start")
        .and_then(|n| read.start(&steps, record.text("start")?, n));
    if read.problems.is_empty() && cx.problems.len() == before {
        if let Some(start) = start {
            check_graph(&steps, start, &source, &mut read.problems);
        }
    }
    cx.problems.append(&mut read.problems);
    cx.problems[before..].sort_by_key(|d| (d.line, d.column));
    if cx.problems.len() > before {
        return None;
    }
    Some(Algorithm {
        actors,
        steps,
        start: start?,
        texts: read.texts,
    })
}

/// The algorithm's keys: its actors (the lanes), its steps and where it starts.
static ROOT: Schema = Schema {
    what: "algorithm",
    codes: CODES,
    shared: &[],
    fields: &[
        Field {
            key: "actors",
            ty: Type::Maps {
                schema: &ACTOR,
                hint: "write one `- id: ...` / `name: ...` item per actor",
                not_a_map: Said {
                    code: "algorithm/actor",
                    message: "an actor must be a map with `id` and `name`, not {}",
                    hint: "write `- id: vp` and, under it, `name: Valsts policija`",
                },
            },
            need: Need::Optional,
        },
        Field::required("start", Type::Text, "izsaukums"),
        Field {
            key: "steps",
            ty: Type::Maps {
                schema: &STEP,
                hint: "write one `- id: ...` item per step",
                not_a_map: Said {
                    code: "algorithm/step",
                    message: "a step must be a map of keys, not {}",
                    hint: "start each step with `- id: ...` and indent its other keys under it",
                },
            },
            need: Need::Optional,
        },
    ],
};

static ACTOR: Schema = Schema {
    what: "actor",
    codes: CODES,
    shared: &[],
    fields: &[
        Field::required("id", Type::Text, "vp"),
        Field::required("name", Type::Text, "Valsts policija"),
    ],
};

static STEP: Schema = Schema {
    what: "step",
    codes: CODES,
    shared: &[],
    fields: &[
        Field::required("id", Type::Text, "zinojums"),
        Field::required("actor", Type::Text, "vp"),
        Field::optional("action", Type::Inline),
        Field::optional("decision", Type::Inline),
        Field::optional("details", Type::Markdown),
        Field::optional("deadline", Type::Text),
        Field::optional("legal_basis", Type::Inline),
        Field::optional("next", Type::Any),
        Field {
            key: "branches",
            ty: Type::Maps {
                schema: &BRANCH,
                hint: "write one `- label: ...` / `next: ...` item per branch",
                not_a_map: Said {
                    code: "algorithm/branch",
                    message: "a branch must be a map with `label` and `next`, not {}",
                    hint: "write `- label: \"Jā\"` and, under it, `next: ...`",
                },
            },
            need: Need::Optional,
        },
    ],
};

static BRANCH: Schema = Schema {
    what: "branch",
    codes: CODES,
    shared: &[],
    fields: &[
        Field::required("label", Type::Text, "\"Jā\""),
        Field::required("next", Type::Text, "barintiesa"),
    ],
};

const CODES: Codes = Codes {
    inline: "algorithm/inline",
    value: "algorithm/value",
    date: "algorithm/date",
};

/// The keys of an algorithm, for the kind's declaration.
#[cfg(test)]
pub(crate) fn root_keys() -> Vec<&'static str> {
    ROOT.keys()
}

fn error(source: &Source, code: &'static str, pos: Pos, message: String, hint: &str) -> Diagnostic {
    source.error(code, pos, message).with_hint(hint.to_string())
}

/// What reading an algorithm gathers besides its actors and steps.
struct Reading<'a> {
    source: Source<'a>,
    problems: Vec<Diagnostic>,
    texts: Texts,
    /// Every step id written, with where (steps left out for their problems too).
    step_pos: HashMap<String, Pos>,
}

impl Reading<'_> {
    fn error(&mut self, code: &'static str, pos: Pos, message: String, hint: &str) {
        let problem = error(&self.source, code, pos, message, hint);
        self.problems.push(problem);
    }

    /// The actors with an id and a name, each id once.
    fn actors(&mut self, records: Vec<Record>) -> Vec<Actor> {
        let mut actors: Vec<Actor> = Vec::new();
        let mut actor_pos: HashMap<String, Pos> = HashMap::new();
        for record in records {
            let (Some(id), Some(name), Some(id_node)) =
                (record.text("id"), record.text("name"), record.node("id"))
            else {
                continue;
            };
            if let Some(first) = actor_pos.insert(id.clone(), id_node.pos) {
                let line = self.source.file_pos(first).0;
                self.error(
                    "algorithm/duplicate-actor",
                    id_node.pos,
                    format!("the actor `{id}` is declared twice (first on line {line})"),
                    "give every actor its own `id`",
                );
                continue;
            }
            actors.push(Actor { id, name });
        }
        actors
    }

    /// A step's edges as written: `next` (one id, or several that follow in parallel),
    /// then its branches.
    fn edges(&mut self, record: &mut Record) -> Vec<Pending> {
        let mut edges = Vec::new();
        match record.node("next").map(|n| (&n.value, n)) {
            None | Some((Value::Null, _)) => {}
            Some((Value::Scalar(s, _), n)) => edges.push(Pending {
                label: String::new(),
                target: s.trim().to_string(),
                pos: n.pos,
            }),
            Some((Value::Seq(items), _)) => {
                for item in items {
                    match item.as_str() {
                        Some(s) => edges.push(Pending {
                            label: String::new(),
                            target: s.trim().to_string(),
                            pos: item.pos,
                        }),
                        None => self.error(
                            "yaml/type",
                            item.pos,
                            format!("`next` must list step ids, not {}", item.describe()),
                            "write `next: [a, b]`",
                        ),
                    }
                }
            }
            Some((_, n)) => self.error(
                "yaml/type",
                n.pos,
                format!(
                    "`next` must be a step id or a list of them, not {}",
                    n.describe()
                ),
                "write `next: zinojums` or `next: [a, b]`",
            ),
        }
        for branch in record.maps("branches") {
            if let (Some(label), Some(target), Some(n)) = (
                branch.text("label"),
                branch.text("next"),
                branch.node("next"),
            ) {
                edges.push(Pending {
                    label,
                    target,
                    pos: n.pos,
                });
            }
        }
        edges
    }

    /// One step and its edges as written; `None` when it cannot be drawn.
    fn step(&mut self, mut record: Record, actors: &[Actor]) -> Option<(Step, Vec<Pending>)> {
        let edges = self.edges(&mut record);
        let id_node = record.node("id")?;
        let id = record.text("id")?;
        if !valid_id(&id) {
            self.error(
                "algorithm/id",
                id_node.pos,
                format!("the id `{id}` cannot be an anchor"),
                "use letters, digits and `-`, e.g. `id: zinojums`",
            );
        }
        if let Some(first) = self.step_pos.insert(id.clone(), id_node.pos) {
            let line = self.source.file_pos(first).0;
            self.error(
                "algorithm/duplicate-id",
                id_node.pos,
                format!("two steps have the id `{id}` (the first on line {line})"),
                "give every step its own `id`",
            );
            return None;
        }
        self.check_shape(&record, &id, id_node, &edges);
        let actor = self.actor(&record, actors)?;
        let decision = record.node("decision").is_some();
        let text = match record.rich("action") {
            Some(action) => action,
            None => record.rich("decision")?,
        };
        let step = Step {
            id,
            offset: self.source.file_offset(id_node.pos),
            actor,
            text,
            decision,
            details: record.rich("details"),
            deadline: record.text("deadline"),
            legal_basis: record.rich("legal_basis"),
            next: Vec::new(),
        };
        self.texts.absorb(&mut record.texts);
        Some((step, edges))
    }

    /// A step does something or asks something, not both; a decision goes on through two
    /// branches or more, and only a decision has branches.
    fn check_shape(&mut self, record: &Record, id: &str, id_node: &Node, edges: &[Pending]) {
        let step = (record.node("action"), record.node("decision"));
        match step {
            (Some(_), Some(d)) => self.error("algorithm/step", d.pos, format!("the step `{id}` has both `action` and `decision`"), "a step does something (`action`) or asks something (`decision` with `branches`), not both"),
            (None, None) => self.error("yaml/missing", id_node.pos, format!("the step `{id}` has neither `action` nor `decision`"), "add `action: ...` (what happens), or `decision: ...?` with `branches:`"),
            _ => {}
        }
        // (Read from the map: the branches themselves were taken for the edges.)
        let branches_node = record.map.get("branches").filter(|n| !n.is_null());
        let has_next = record.node("next").is_some();
        if step.1.is_some() {
            if has_next {
                let at = record.map.key_pos("next");
                self.error(
                    "algorithm/decision-next",
                    at,
                    format!(
                        "the decision `{id}` has `next`: a decision goes on through its branches"
                    ),
                    "move the following steps into `branches:`, each with its `label`",
                );
            }
            let branches = edges.iter().filter(|e| !e.label.is_empty()).count();
            if branches < 2 {
                let at = if branches_node.is_some() {
                    record.map.key_pos("branches")
                } else {
                    id_node.pos
                };
                self.error("algorithm/branches", at, format!("the decision `{id}` has {branches} branch{}: a decision needs at least two", if branches == 1 { "" } else { "es" }), "add `branches:` with a `- label: ...` / `next: ...` per answer, e.g. \"Jā\" and \"Nē\"");
            }
        } else if branches_node.is_some() {
            self.error(
                "algorithm/branches",
                record.map.key_pos("branches"),
                format!("the step `{id}` has `branches` but no `decision`"),
                "write the question as `decision: ...?`, or use `next:` for the following step",
            );
        }
    }

    /// The lane of a step's actor; an undeclared actor is a problem with the closest one.
    fn actor(&mut self, record: &Record, actors: &[Actor]) -> Option<usize> {
        let (written, node) = (record.text("actor")?, record.node("actor")?);
        let found = actors.iter().position(|a| a.id == written);
        if found.is_none() {
            let ids: Vec<&str> = actors.iter().map(|a| a.id.as_str()).collect();
            let hint = match did_you_mean(&written, &ids) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!(
                    "declare it under `actors:`; the actors are: {}",
                    ids.join(", ")
                ),
            };
            self.error(
                "algorithm/actor",
                node.pos,
                format!("the actor `{written}` is not declared"),
                &hint,
            );
        }
        found
    }

    /// The step an edge or `start` names; a missing one is a problem with the closest id
    /// (unless it was written but left out for its own problems).
    fn find(
        &mut self,
        steps: &[Step],
        target: &str,
        pos: Pos,
        code: &'static str,
        message: String,
        fallback: &str,
    ) -> Option<usize> {
        let found = steps.iter().position(|s| s.id == target);
        if found.is_none() && !self.step_pos.contains_key(target) {
            let ids: Vec<&str> = steps.iter().map(|s| s.id.as_str()).collect();
            let hint = match did_you_mean(target, &ids) {
                Some(s) => format!("did you mean `{s}`?"),
                None => fallback.to_string(),
            };
            self.error(code, pos, message, &hint);
        }
        found
    }

    /// Each step's edges to the steps they name.
    fn link(&mut self, steps: &mut [Step], pending: &[Vec<Pending>]) {
        let mut resolved = Vec::with_capacity(pending.len());
        for edges in pending {
            let mut out = Vec::new();
            for e in edges {
                let message = format!("no step has the id `{}`", e.target);
                let hint = "name the `id` of a step of this algorithm";
                if let Some(to) =
                    self.find(steps, &e.target, e.pos, "algorithm/next", message, hint)
                {
                    out.push((e.label.clone(), to));
                }
            }
            resolved.push(out);
        }
        for (step, next) in steps.iter_mut().zip(resolved) {
            step.next = next;
        }
    }

    fn start(&mut self, steps: &[Step], start: String, node: &Node) -> Option<usize> {
        let message = format!("`start` names `{start}`, which is not a step");
        self.find(
            steps,
            &start,
            node.pos,
            "algorithm/start",
            message,
            "name the `id` of the first step",
        )
    }
}

/// Which steps the start leads to (itself included).
fn reachable(steps: &[Step], start: usize) -> Vec<bool> {
    let mut seen = vec![false; steps.len()];
    let mut stack = vec![start];
    seen[start] = true;
    while let Some(i) = stack.pop() {
        for &(_, j) in &steps[i].next {
            if !seen[j] {
                seen[j] = true;
                stack.push(j);
            }
        }
    }
    seen
}

/// Which steps lead to one of the `ends` (the ends included).
fn leading_out(steps: &[Step], ends: &[usize]) -> Vec<bool> {
    let mut leads_out = vec![false; steps.len()];
    for &e in ends {
        leads_out[e] = true;
    }
    let mut changed = true;
    while changed {
        changed = false;
        for (i, s) in steps.iter().enumerate() {
            if !leads_out[i] && s.next.iter().any(|&(_, j)| leads_out[j]) {
                leads_out[i] = true;
                changed = true;
            }
        }
    }
    leads_out
}

/// Reachability both ways: every step from the start, and an end from every step.
fn check_graph(steps: &[Step], start: usize, source: &Source, problems: &mut Vec<Diagnostic>) {
    let at = |s: &Step| {
        let (line, column) = metodika_core::diagnostics::line_column(source.text, s.offset);
        (line, column)
    };
    let error = |code: &'static str, s: &Step, message: String, hint: &str| {
        let (line, column) = at(s);
        Diagnostic::error(code, source.file, message)
            .at(source.text, line, column)
            .with_hint(hint.to_string())
    };
    let ends: Vec<usize> = (0..steps.len())
        .filter(|&i| steps[i].next.is_empty())
        .collect();
    if ends.is_empty() {
        problems.push(error(
            "algorithm/no-end",
            &steps[start],
            "the algorithm has no end: every step leads on".into(),
            "give the last step no `next`; it then ends the algorithm",
        ));
        return;
    }
    let seen = reachable(steps, start);
    for (i, s) in steps.iter().enumerate() {
        if !seen[i] {
            problems.push(error(
                "algorithm/unreachable",
                s,
                format!(
                    "the step `{}` cannot be reached from the start `{}`",
                    s.id, steps[start].id
                ),
                "name it in the `next` or `branches` of an earlier step, or remove it",
            ));
        }
    }
    // Backwards from the ends: a reachable step that reaches no end is caught in a cycle.
    let leads_out = leading_out(steps, &ends);
    if let Some(s) = steps
        .iter()
        .enumerate()
        .find(|&(i, _)| seen[i] && !leads_out[i])
        .map(|(_, s)| s)
    {
        let cycle: Vec<&str> = steps
            .iter()
            .enumerate()
            .filter(|&(i, _)| seen[i] && !leads_out[i])
            .map(|(_, s)| s.id.as_str())
            .collect();
        problems.push(error(
            "algorithm/no-way-out",
            s,
            format!(
                "the steps {} go round in a cycle with no way out to an end",
                cycle
                    .iter()
                    .map(|c| format!("`{c}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            "let one of them lead to a step that ends the algorithm",
        ));
    }
}

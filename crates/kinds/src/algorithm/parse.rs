//! Reads an algorithm's YAML into a checked graph: declared actors, steps and decisions, a
//! start, and every rule an author can break reported at its line: an unknown actor, an edge
//! to a missing step, an unreachable step, a decision with fewer than two branches, no end,
//! and a cycle with no way out.

use std::collections::HashMap;

use crate::text::{valid_id, Rich, Texts};
use metodika_core::diagnostics::{did_you_mean, Diagnostic};
use metodika_core::yaml::{Fields, Node, Pos, Source, Value};
use metodika_model::kind::ParseContext;

const ACTOR_KEYS: &[&str] = &["id", "name"];
const STEP_KEYS: &[&str] = &[
    "id",
    "actor",
    "action",
    "decision",
    "details",
    "deadline",
    "legal_basis",
    "next",
    "branches",
];
const BRANCH_KEYS: &[&str] = &["label", "next"];

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
    let mut fields = Fields::unchecked(root, &source);
    let actor_nodes = fields.list(
        "actors",
        "write one `- id: ...` / `name: ...` item per actor",
    );
    let step_nodes = fields.list("steps", "write one `- id: ...` item per step");
    let start = fields.required_text("start", "izsaukums");
    let mut problems = fields.finish();
    let error = |code: &'static str, pos: Pos, message: String, hint: &str| {
        source.error(code, pos, message).with_hint(hint.to_string())
    };

    if actor_nodes.is_empty() {
        problems.push(error(
            "algorithm/actors",
            root.key_pos("actors"),
            "the algorithm has no actors".into(),
            "add `actors:` with one `- id: vp` / `name: Valsts policija` per institution or person; each gets a lane",
        ));
    }
    let mut actors: Vec<Actor> = Vec::new();
    let mut actor_pos: HashMap<String, Pos> = HashMap::new();
    for node in actor_nodes {
        if !node.is_map() {
            problems.push(error(
                "algorithm/actor",
                node.pos,
                format!(
                    "an actor must be a map with `id` and `name`, not {}",
                    node.describe()
                ),
                "write `- id: vp` and, under it, `name: Valsts policija`",
            ));
            continue;
        }
        let mut f = Fields::new(node, ACTOR_KEYS, "actor", &source);
        let id = f.required_text("id", "vp");
        let name = f.required_text("name", "Valsts policija");
        problems.append(&mut f.finish());
        let (Some((id, id_node)), Some((name, _))) = (id, name) else {
            continue;
        };
        let id = id.trim().to_string();
        if let Some(first) = actor_pos.insert(id.clone(), id_node.pos) {
            problems.push(error(
                "algorithm/duplicate-actor",
                id_node.pos,
                format!(
                    "the actor `{id}` is declared twice (first on line {})",
                    source.file_pos(first).0
                ),
                "give every actor its own `id`",
            ));
            continue;
        }
        actors.push(Actor {
            id,
            name: name.trim().to_string(),
        });
    }
    let actor_ids: Vec<&str> = actors.iter().map(|a| a.id.as_str()).collect();

    if step_nodes.is_empty() {
        problems.push(error(
            "algorithm/steps",
            root.key_pos("steps"),
            "the algorithm has no steps".into(),
            "add `steps:` with one `- id: ...` item per step, each with its `actor` and `action` (or `decision` and `branches`)",
        ));
    }
    let mut texts = Texts::default();
    let mut steps: Vec<Step> = Vec::new();
    let mut pending: Vec<Vec<Pending>> = Vec::new();
    let mut step_pos: HashMap<String, Pos> = HashMap::new();
    for node in step_nodes {
        if !node.is_map() {
            problems.push(error(
                "algorithm/step",
                node.pos,
                format!("a step must be a map of keys, not {}", node.describe()),
                "start each step with `- id: ...` and indent its other keys under it",
            ));
            continue;
        }
        let mut f = Fields::new(node, STEP_KEYS, "step", &source);
        let id = f.required_text("id", "zinojums");
        let actor = f.required_text("actor", "vp");
        let action = f.text("action");
        let decision = f.text("decision");
        let details = f.text("details");
        let deadline = f.text("deadline");
        let legal_basis = f.text("legal_basis");
        let branch_nodes = f.list(
            "branches",
            "write one `- label: ...` / `next: ...` item per branch",
        );
        problems.append(&mut f.finish());
        let mut edges = Vec::new();
        // `next`: one id, or a list of ids for steps that follow in parallel.
        match node.get("next").map(|n| (&n.value, n)) {
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
                        None => problems.push(error(
                            "yaml/type",
                            item.pos,
                            format!("`next` must list step ids, not {}", item.describe()),
                            "write `next: [a, b]`",
                        )),
                    }
                }
            }
            Some((_, n)) => problems.push(error(
                "yaml/type",
                n.pos,
                format!(
                    "`next` must be a step id or a list of them, not {}",
                    n.describe()
                ),
                "write `next: zinojums` or `next: [a, b]`",
            )),
        }
        for b in branch_nodes {
            if !b.is_map() {
                problems.push(error(
                    "algorithm/branch",
                    b.pos,
                    format!(
                        "a branch must be a map with `label` and `next`, not {}",
                        b.describe()
                    ),
                    "write `- label: \"Jā\"` and, under it, `next: ...`",
                ));
                continue;
            }
            let mut bf = Fields::new(b, BRANCH_KEYS, "branch", &source);
            let label = bf.required_text("label", "\"Jā\"");
            let next = bf.required_text("next", "barintiesa");
            problems.append(&mut bf.finish());
            if let (Some((label, _)), Some((next, n))) = (label, next) {
                edges.push(Pending {
                    label: label.trim().to_string(),
                    target: next.trim().to_string(),
                    pos: n.pos,
                });
            }
        }
        let Some((id, id_node)) = id else { continue };
        let id = id.trim().to_string();
        if !valid_id(&id) {
            problems.push(error(
                "algorithm/id",
                id_node.pos,
                format!("the id `{id}` cannot be an anchor"),
                "use letters, digits and `-`, e.g. `id: zinojums`",
            ));
        }
        if let Some(first) = step_pos.insert(id.clone(), id_node.pos) {
            problems.push(error(
                "algorithm/duplicate-id",
                id_node.pos,
                format!(
                    "two steps have the id `{id}` (the first on line {})",
                    source.file_pos(first).0
                ),
                "give every step its own `id`",
            ));
            continue;
        }
        let is_decision = decision.is_some();
        let has_branches = node.get("branches").is_some_and(|b| !b.is_null());
        let has_next = node.get("next").is_some_and(|b| !b.is_null());
        match (&action, &decision) {
            (Some(_), Some((_, d))) => problems.push(error("algorithm/step", d.pos, format!("the step `{id}` has both `action` and `decision`"), "a step does something (`action`) or asks something (`decision` with `branches`), not both")),
            (None, None) => problems.push(error("yaml/missing", id_node.pos, format!("the step `{id}` has neither `action` nor `decision`"), "add `action: ...` (what happens), or `decision: ...?` with `branches:`")),
            _ => {}
        }
        if is_decision {
            if has_next {
                problems.push(error(
                    "algorithm/decision-next",
                    node.key_pos("next"),
                    format!(
                        "the decision `{id}` has `next`: a decision goes on through its branches"
                    ),
                    "move the following steps into `branches:`, each with its `label`",
                ));
            }
            let branches = edges.iter().filter(|e| !e.label.is_empty()).count();
            if branches < 2 {
                problems.push(error("algorithm/branches", if has_branches { node.key_pos("branches") } else { id_node.pos }, format!("the decision `{id}` has {branches} branch{}: a decision needs at least two", if branches == 1 { "" } else { "es" }), "add `branches:` with a `- label: ...` / `next: ...` per answer, e.g. \"Jā\" and \"Nē\""));
            }
        } else if has_branches {
            problems.push(error(
                "algorithm/branches",
                node.key_pos("branches"),
                format!("the step `{id}` has `branches` but no `decision`"),
                "write the question as `decision: ...?`, or use `next:` for the following step",
            ));
        }
        let Some((actor_id, actor_node)) = actor else {
            continue;
        };
        let Some(actor) = actors.iter().position(|a| a.id == actor_id.trim()) else {
            let hint = match did_you_mean(actor_id.trim(), &actor_ids) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!(
                    "declare it under `actors:`; the actors are: {}",
                    actor_ids.join(", ")
                ),
            };
            problems.push(error(
                "algorithm/actor",
                actor_node.pos,
                format!("the actor `{}` is not declared", actor_id.trim()),
                &hint,
            ));
            continue;
        };
        let (text, text_node, key) = match (&action, &decision) {
            (Some((t, n)), _) => (t, *n, "action"),
            (None, Some((t, n))) => (t, *n, "decision"),
            (None, None) => continue,
        };
        let text = texts.inline(cx, text, text_node, key, "algorithm/inline");
        let details = details.map(|(t, n)| texts.block(cx, &t, n));
        let legal_basis =
            legal_basis.map(|(t, n)| texts.inline(cx, &t, n, "legal_basis", "algorithm/inline"));
        steps.push(Step {
            id,
            offset: source.file_offset(id_node.pos),
            actor,
            text,
            decision: is_decision,
            details,
            deadline: deadline.map(|(d, _)| d.trim().to_string()),
            legal_basis,
            next: Vec::new(),
        });
        pending.push(edges);
    }
    let owned_ids: Vec<String> = steps.iter().map(|s| s.id.clone()).collect();
    let step_ids: Vec<&str> = owned_ids.iter().map(String::as_str).collect();
    let find = |target: &str, pos: Pos, problems: &mut Vec<Diagnostic>| -> Option<usize> {
        let found = owned_ids.iter().position(|s| s == target);
        if found.is_none() && !step_pos.contains_key(target) {
            let hint = match did_you_mean(target, &step_ids) {
                Some(s) => format!("did you mean `{s}`?"),
                None => "name the `id` of a step of this algorithm".to_string(),
            };
            problems.push(
                source
                    .error(
                        "algorithm/next",
                        pos,
                        format!("no step has the id `{target}`"),
                    )
                    .with_hint(hint),
            );
        }
        found
    };
    let mut resolved: Vec<Vec<(String, usize)>> = Vec::new();
    for edges in &pending {
        let mut out = Vec::new();
        for e in edges {
            if let Some(to) = find(&e.target, e.pos, &mut problems) {
                out.push((e.label.clone(), to));
            }
        }
        resolved.push(out);
    }
    for (step, next) in steps.iter_mut().zip(resolved) {
        step.next = next;
    }
    let start = start.and_then(|(s, n)| {
        let found = owned_ids.iter().position(|st| st == s.trim());
        if found.is_none() && !step_pos.contains_key(s.trim()) {
            let hint = match did_you_mean(s.trim(), &step_ids) {
                Some(x) => format!("did you mean `{x}`?"),
                None => "name the `id` of the first step".to_string(),
            };
            problems.push(
                source
                    .error(
                        "algorithm/start",
                        n.pos,
                        format!("`start` names `{}`, which is not a step", s.trim()),
                    )
                    .with_hint(hint),
            );
        }
        found
    });

    if problems.is_empty() {
        if let Some(start) = start {
            check_graph(&steps, start, &source, &mut problems);
        }
    }
    problems.sort_by_key(|d| (d.line, d.column));
    cx.problems.append(&mut problems);
    if !cx.problems.is_empty() {
        return None;
    }
    Some(Algorithm {
        actors,
        steps,
        start: start?,
        texts,
    })
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
    let mut leads_out = vec![false; steps.len()];
    for &e in &ends {
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

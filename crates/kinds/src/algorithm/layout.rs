//! The flowchart, laid out at build time: one swimlane (column) per actor in the declared
//! order, one box per step in its actor's lane, rows from the start downwards.
//!
//! - Rows: edges that close a cycle (found by a depth-first walk from the start) are set
//!   aside; on the rest, a step sits at least one row below every step leading to it
//!   (longest path), and moves further down while its lane's cell is taken. So no two boxes
//!   ever share a cell, and every forward edge points down.
//! - Edges are orthogonal: down from the source into the channel below its row, across,
//!   and down into the target's top. Where the target's column is blocked by a box on the
//!   way, the edge runs down the gutter between lanes instead; an edge back up leaves the
//!   source's right side and climbs the gutter. Channels and gutters hold no boxes, so no
//!   edge crosses a box; edges sharing one get separate tracks.
//! - Text is wrapped to the box; a row is as tall as its tallest box.

use super::parse::Algorithm;

pub(crate) const LANE_W: f64 = 224.0;
pub(crate) const BOX_W: f64 = 168.0;
const HEADER_H: f64 = 52.0;
const ROW_GAP: f64 = 72.0;
const LINE_H: f64 = 16.0;
const PAD: f64 = 10.0;
/// Characters per line in a box and in a diamond (13px text).
const STEP_CHARS: usize = 21;
const DECISION_CHARS: usize = 12;
const LANE_CHARS: usize = 24;
/// Distance between edges sharing a channel or a gutter.
const TRACK: f64 = 6.0;

#[derive(Debug, Clone)]
pub(crate) struct Placed {
    // Read by the layout tests; the flowchart issue replaces this layout.
    #[allow(dead_code)]
    pub step: usize,
    pub lane: usize,
    pub row: usize,
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
    pub lines: Vec<String>,
    pub decision: bool,
    pub end: bool,
}

impl Placed {
    pub fn cx(&self) -> f64 {
        self.x + self.w / 2.0
    }
    pub fn bottom(&self) -> f64 {
        self.y + self.h
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Edge {
    pub from: usize,
    pub to: usize,
    pub label: String,
    pub points: Vec<(f64, f64)>,
    pub back: bool,
}

#[derive(Debug)]
pub(crate) struct Layout {
    pub width: f64,
    pub height: f64,
    /// Each lane's name, wrapped.
    pub lanes: Vec<Vec<String>>,
    /// One per step, indexed like the steps.
    pub boxes: Vec<Placed>,
    pub edges: Vec<Edge>,
    /// Steps in reading order: by row, then by lane.
    pub order: Vec<usize>,
}

/// Splits text into lines of at most `width` characters, at spaces where it can. A word
/// longer than a line is hyphenated between syllables (see [`syllable_breaks`]); only a
/// word with no break that fits (an abbreviation, a number) is cut where the line ends.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(2);
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let mut word: Vec<char> = word.chars().collect();
        while word.len() > width {
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            // The longest first part that still fits with its hyphen.
            let cut = syllable_breaks(&word)
                .into_iter()
                .filter(|&b| b < width)
                .max()
                .unwrap_or(width - 1);
            let head: String = word[..cut].iter().collect();
            lines.push(if head.ends_with('-') {
                head
            } else {
                format!("{head}-")
            });
            word.drain(..cut);
        }
        let word: String = word.into_iter().collect();
        let len = line.chars().count();
        if len > 0 && len + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&word);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

fn is_vowel(c: char) -> bool {
    matches!(
        c.to_lowercase().next().unwrap_or(c),
        'a' | 'ā' | 'e' | 'ē' | 'i' | 'ī' | 'o' | 'u' | 'ū' | 'y'
    )
}

/// Where a word may be hyphenated, as character positions (the break comes before that
/// character), by Latvian practice: between syllables, never between two vowels (ie, ai
/// and au stay whole), never inside dz or dž, with one consonant of a cluster left on the
/// line and the rest carried over (kon-trol-sa-rak-sta), and at least two letters on each
/// side. A hyphen already in the word is a break too.
pub(crate) fn syllable_breaks(word: &[char]) -> Vec<usize> {
    let n = word.len();
    let mut breaks = Vec::new();
    let letter = |i: usize| word[i].is_alphabetic();
    let mut i = 0;
    while i < n {
        if word[i] == '-' && i >= 2 && i + 1 < n {
            breaks.push(i + 1);
            i += 1;
            continue;
        }
        // A run of consonants between two vowels of the same word.
        if i > 0 && is_vowel(word[i - 1]) && letter(i) && !is_vowel(word[i]) {
            let start = i;
            let mut end = i;
            while end < n && letter(end) && !is_vowel(word[end]) {
                end += 1;
            }
            if end < n && is_vowel(word[end]) {
                let digraph = |k: usize| {
                    k + 1 < end
                        && word[k].to_lowercase().eq(['d'])
                        && matches!(word[k + 1].to_lowercase().next(), Some('z' | 'ž'))
                };
                // One consonant (or dz, dž) stays; a single one goes over whole.
                let stay = if end - start == 1 || (end - start == 2 && digraph(start)) {
                    0
                } else if digraph(start) {
                    2
                } else {
                    1
                };
                let at = start + stay;
                let enough_before = word[..at].iter().filter(|c| c.is_alphabetic()).count() >= 2;
                let enough_after = word[at..].iter().filter(|c| c.is_alphabetic()).count() >= 2;
                if enough_before && enough_after {
                    breaks.push(at);
                }
            }
            i = end;
            continue;
        }
        i += 1;
    }
    breaks
}

/// Which edges close a cycle: those into a step still on the walk's path.
fn back_edges(alg: &Algorithm) -> Vec<Vec<bool>> {
    let n = alg.steps.len();
    let mut back: Vec<Vec<bool>> = alg
        .steps
        .iter()
        .map(|s| vec![false; s.next.len()])
        .collect();
    // 0 = not seen, 1 = on the path, 2 = done.
    let mut state = vec![0u8; n];
    let mut stack: Vec<(usize, usize)> = vec![(alg.start, 0)];
    state[alg.start] = 1;
    while let Some(&mut (v, ref mut k)) = stack.last_mut() {
        if *k < alg.steps[v].next.len() {
            let e = *k;
            *k += 1;
            let w = alg.steps[v].next[e].1;
            match state[w] {
                0 => {
                    state[w] = 1;
                    stack.push((w, 0));
                }
                1 => back[v][e] = true,
                _ => {}
            }
        } else {
            state[v] = 2;
            stack.pop();
        }
    }
    back
}

pub(crate) fn layout(alg: &Algorithm) -> Layout {
    let n = alg.steps.len();
    let back = back_edges(alg);
    // Topological order of the forward edges (Kahn's, lowest index first: deterministic).
    let mut indegree = vec![0usize; n];
    for (v, s) in alg.steps.iter().enumerate() {
        for (e, &(_, w)) in s.next.iter().enumerate() {
            if !back[v][e] {
                indegree[w] += 1;
            }
        }
    }
    let mut ready: std::collections::BTreeSet<usize> =
        (0..n).filter(|&v| indegree[v] == 0).collect();
    let mut topo = Vec::with_capacity(n);
    while let Some(v) = ready.pop_first() {
        topo.push(v);
        for (e, &(_, w)) in alg.steps[v].next.iter().enumerate() {
            if !back[v][e] {
                indegree[w] -= 1;
                if indegree[w] == 0 {
                    ready.insert(w);
                }
            }
        }
    }
    // Rows: below every forward predecessor, in a free cell of the lane.
    let mut min_row = vec![0usize; n];
    let mut row = vec![0usize; n];
    let mut taken: std::collections::HashSet<(usize, usize)> = std::collections::HashSet::new();
    for &v in &topo {
        let lane = alg.steps[v].actor;
        let mut r = min_row[v];
        while taken.contains(&(lane, r)) {
            r += 1;
        }
        taken.insert((lane, r));
        row[v] = r;
        for (e, &(_, w)) in alg.steps[v].next.iter().enumerate() {
            if !back[v][e] {
                min_row[w] = min_row[w].max(r + 1);
            }
        }
    }
    let rows = row.iter().copied().max().map_or(0, |r| r + 1);

    // Boxes and row heights.
    let mut boxes: Vec<Placed> = alg
        .steps
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let (lines, h) = if s.decision {
                let lines = wrap(&s.text.text, DECISION_CHARS);
                let h = 2.0 * (lines.len() as f64 * LINE_H) + 2.0 * PAD;
                (lines, h)
            } else {
                let lines = wrap(&s.text.text, STEP_CHARS);
                (lines.clone(), lines.len() as f64 * LINE_H + 2.0 * PAD)
            };
            Placed {
                step: i,
                lane: s.actor,
                row: row[i],
                x: s.actor as f64 * LANE_W + (LANE_W - BOX_W) / 2.0,
                y: 0.0,
                w: BOX_W,
                h,
                lines,
                decision: s.decision,
                end: s.next.is_empty(),
            }
        })
        .collect();
    let mut row_h = vec![0.0f64; rows];
    for b in &boxes {
        row_h[b.row] = row_h[b.row].max(b.h);
    }
    let mut row_y = vec![0.0f64; rows];
    let mut y = HEADER_H + ROW_GAP / 2.0;
    for r in 0..rows {
        row_y[r] = y;
        y += row_h[r] + ROW_GAP;
    }
    let height = y - ROW_GAP / 2.0 + 8.0;
    for b in &mut boxes {
        b.y = row_y[b.row] + (row_h[b.row] - b.h) / 2.0;
    }
    // The channel below row r runs at the middle of the gap, the one above row 0 under the header.
    let channel_below = |r: usize| row_y[r] + row_h[r] + ROW_GAP / 2.0;
    let channel_above = |r: usize| row_y[r] - ROW_GAP / 2.0;
    let mut channel_use: std::collections::HashMap<i64, usize> = std::collections::HashMap::new();
    let mut gutter_use: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
    let track = |uses: &mut std::collections::HashMap<i64, usize>, key: i64| -> f64 {
        let k = uses.entry(key).or_insert(0);
        let t = *k;
        *k += 1;
        // 0, +1, -1, +2, -2 ... tracks around the middle, within the gap.
        let step = (t.div_ceil(2)) as f64 * if t % 2 == 1 { 1.0 } else { -1.0 };
        (step * TRACK).clamp(-ROW_GAP / 2.0 + 10.0, ROW_GAP / 2.0 - 10.0)
    };
    let mut gutter_track = |lane_edge: usize| -> f64 {
        let k = gutter_use.entry(lane_edge).or_insert(0);
        let t = *k;
        *k += 1;
        let step = (t.div_ceil(2)) as f64 * if t % 2 == 1 { 1.0 } else { -1.0 };
        (step * TRACK).clamp(-(LANE_W - BOX_W) / 2.0 + 4.0, (LANE_W - BOX_W) / 2.0 - 4.0)
    };

    let mut edges = Vec::new();
    for (v, s) in alg.steps.iter().enumerate() {
        // Edges leave the bottom side by side in the order of their targets, left to
        // right, so that they do not cross each other on the way out.
        let mut by_target: Vec<usize> = (0..s.next.len()).collect();
        by_target.sort_by(|&a, &b| {
            let (ta, tb) = (&boxes[s.next[a].1], &boxes[s.next[b].1]);
            ta.cx().total_cmp(&tb.cx()).then(a.cmp(&b))
        });
        let count = s.next.len();
        for (e, (label, w)) in s.next.iter().enumerate() {
            let slot = by_target.iter().position(|&x| x == e).unwrap_or(e);
            let w = *w;
            let src = &boxes[v];
            let dst = &boxes[w];
            let tx = dst.cx();
            let top = dst.y;
            let ca = channel_above(dst.row);
            let mut points = Vec::new();
            let is_back = back[v][e] || dst.row <= src.row;
            if !is_back {
                // Leave from the bottom, spread when there are several edges.
                let dx = (slot as f64 - (count as f64 - 1.0) / 2.0) * 44.0;
                let ex = src.cx() + dx;
                let ey = if src.decision {
                    let (a, b) = (src.w / 2.0, src.h / 2.0);
                    src.y + b + b * (1.0 - (dx.abs() / a).min(1.0))
                } else {
                    src.bottom()
                };
                let cb = channel_below(src.row) + track(&mut channel_use, src.row as i64);
                points.push((ex, ey));
                points.push((ex, cb));
                let blocked = boxes
                    .iter()
                    .any(|b| b.lane == dst.lane && b.row > src.row && b.row < dst.row);
                if blocked {
                    // Down the gutter on the source's side of the target's lane.
                    let edge = if src.lane <= dst.lane && dst.lane > 0 && src.lane != dst.lane {
                        dst.lane
                    } else {
                        dst.lane + 1
                    };
                    let gx = edge as f64 * LANE_W + gutter_track(edge);
                    let ca = ca + track(&mut channel_use, dst.row as i64 - 1);
                    points.push((gx, cb));
                    points.push((gx, ca));
                    points.push((tx, ca));
                } else {
                    points.push((tx, cb));
                }
                points.push((tx, top));
            } else {
                // Back up: from the right side, up the gutter right of the source's lane.
                let (ex, ey) = (src.x + src.w, src.y + src.h / 2.0);
                let edge = src.lane + 1;
                let gx = edge as f64 * LANE_W + gutter_track(edge);
                let ca = ca + track(&mut channel_use, dst.row as i64 - 1);
                points.push((ex, ey));
                points.push((gx, ey));
                points.push((gx, ca));
                points.push((tx, ca));
                points.push((tx, top));
            }
            points.dedup();
            edges.push(Edge {
                from: v,
                to: w,
                label: label.clone(),
                points,
                back: is_back,
            });
        }
    }
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&i| (boxes[i].row, boxes[i].lane));
    Layout {
        width: alg.actors.len() as f64 * LANE_W,
        height,
        lanes: alg
            .actors
            .iter()
            .map(|a| wrap(&a.name, LANE_CHARS))
            .collect(),
        boxes,
        edges,
        order,
    }
}

fn escape(text: &str) -> String {
    metodika_markdown::escape(text)
}

/// The flowchart as SVG. Boxes link to their step in the text version (`#id`); colours come
/// from the theme's CSS classes, so the chart follows light and dark mode and prints.
pub fn svg(alg: &Algorithm, layout: &Layout, label: &str) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let (w, h) = (layout.width, layout.height);
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"algorithm-svg\" width=\"{w}\" height=\"{h:.0}\" viewBox=\"0 0 {w} {h:.0}\" role=\"group\" aria-labelledby=\"algorithm-svg-title\">\n<title id=\"algorithm-svg-title\">{}</title>\n<defs><marker id=\"algorithm-arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" class=\"algorithm-arrowhead\"/></marker></defs>\n",
        escape(label)
    );
    out.push_str("<g class=\"algorithm-lanes\">\n");
    for (i, name) in layout.lanes.iter().enumerate() {
        let x = i as f64 * LANE_W;
        let _ = writeln!(
            out,
            "<rect class=\"algorithm-lane algorithm-lane-{}\" x=\"{x}\" y=\"0\" width=\"{LANE_W}\" height=\"{h:.0}\"/>",
            i % 2
        );
        let _ = write!(
            out,
            "<text class=\"algorithm-lane-name\" data-lane=\"{}\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">",
            escape(&alg.actors[i].id),
            x + LANE_W / 2.0,
            if name.len() > 1 { 20.0 } else { 30.0 }
        );
        for (k, line) in name.iter().enumerate() {
            let _ = write!(
                out,
                "<tspan x=\"{}\" dy=\"{}\">{}</tspan>",
                x + LANE_W / 2.0,
                if k == 0 { 0.0 } else { LINE_H },
                escape(line)
            );
        }
        out.push_str("</text>\n");
    }
    out.push_str("</g>\n<g class=\"algorithm-edges\">\n");
    for e in &layout.edges {
        let d: Vec<String> = e
            .points
            .iter()
            .enumerate()
            .map(|(i, (x, y))| format!("{}{x:.1},{y:.1}", if i == 0 { "M" } else { "L" }))
            .collect();
        let _ = writeln!(
            out,
            "<path class=\"algorithm-edge{}\" data-from=\"{}\" data-to=\"{}\" d=\"{}\" marker-end=\"url(#algorithm-arrow)\"/>",
            if e.back { " algorithm-edge-back" } else { "" },
            escape(&alg.steps[e.from].id),
            escape(&alg.steps[e.to].id),
            d.join(" ")
        );
        if !e.label.is_empty() {
            let (x, y) = e.points[0];
            let width = e.label.chars().count() as f64 * 7.0 + 6.0;
            // Beside its line, on the outer side: left of a branch leaving left of centre.
            let left = !e.back && x < layout.boxes[e.from].cx() - 1.0;
            let (lx, ly) = if e.back {
                (x + 6.0, y - 6.0)
            } else if left {
                (x - width - 2.0, y + 15.0)
            } else {
                (x + 5.0, y + 15.0)
            };
            let _ = writeln!(
                out,
                "<g class=\"algorithm-edge-label\"><rect x=\"{:.1}\" y=\"{:.1}\" width=\"{width:.1}\" height=\"16\" rx=\"3\"/><text x=\"{:.1}\" y=\"{:.1}\">{}</text></g>",
                lx - 3.0,
                ly - 12.0,
                lx,
                ly,
                escape(&e.label)
            );
        }
    }
    out.push_str("</g>\n<g class=\"algorithm-nodes\">\n");
    for &i in &layout.order {
        let b = &layout.boxes[i];
        let step = &alg.steps[i];
        let kind = if b.decision {
            "decision"
        } else if b.end {
            "end"
        } else {
            "step"
        };
        let _ = write!(
            out,
            "<a href=\"#{}\" class=\"algorithm-node algorithm-node-{kind}\" data-step=\"{}\">",
            escape(&step.id),
            escape(&step.id)
        );
        if b.decision {
            let (cx, cy) = (b.cx(), b.y + b.h / 2.0);
            let _ = write!(
                out,
                "<polygon points=\"{:.1},{:.1} {:.1},{:.1} {:.1},{:.1} {:.1},{:.1}\"/>",
                cx,
                b.y,
                b.x + b.w,
                cy,
                cx,
                b.y + b.h,
                b.x,
                cy
            );
        } else {
            let _ = write!(
                out,
                "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{}\" height=\"{:.1}\" rx=\"{}\"/>",
                b.x,
                b.y,
                b.w,
                b.h,
                if b.end { 14 } else { 5 }
            );
        }
        let first = b.y + b.h / 2.0 - (b.lines.len() as f64 - 1.0) * LINE_H / 2.0 + 4.5;
        let _ = write!(
            out,
            "<text x=\"{:.1}\" y=\"{first:.1}\" text-anchor=\"middle\">",
            b.cx()
        );
        for (k, line) in b.lines.iter().enumerate() {
            let _ = write!(
                out,
                "<tspan x=\"{:.1}\" dy=\"{}\">{}</tspan>",
                b.cx(),
                if k == 0 { 0.0 } else { LINE_H },
                escape(line)
            );
        }
        out.push_str("</text></a>\n");
    }
    out.push_str("</g>\n</svg>");
    out
}

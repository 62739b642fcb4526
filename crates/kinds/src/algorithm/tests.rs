use super::layout::{layout, Layout, LANE_W};
use super::*;
use metodika_core::diagnostics::Diagnostic;

fn parse_alg(text: &str) -> Result<Algorithm, Vec<Diagnostic>> {
    crate::test_support::with_yaml(text, false, |node, cx| parse::parse(node?, cx))
}

fn problems(text: &str) -> Vec<(usize, &'static str)> {
    crate::test_support::problems(parse_alg(text))
}

const GOOD: &str = "title: Algoritms
actors:
  - id: vp
    name: Valsts policija
  - id: sd
    name: Sociālais dienests
  - id: bt
    name: Bāriņtiesa
start: izsaukums
steps:
  - id: izsaukums
    actor: vp
    action: Reaģē uz izsaukumu
    next: zinojums
  - id: zinojums
    actor: vp
    action: Sagatavo ziņojumu par notikumu
    details: Sk. [ziņojumu](z.md#x).
    next: [sazina, barintiesa]
  - id: sazina
    actor: sd
    action: Sazinās ar cietušo
    next: berni
  - id: berni
    actor: sd
    decision: Vai ģimenē ir nepilngadīgi bērni?
    branches:
      - label: Jā
        next: barintiesa
      - label: Nē
        next: sanaksme
  - id: barintiesa
    actor: bt
    action: Izvērtē bērna situāciju
    next: sanaksme
  - id: sanaksme
    actor: sd
    action: Starpinstitūciju sanāksme
";

fn check_layout(alg: &Algorithm, l: &Layout) {
    // No two boxes overlap.
    for (i, a) in l.boxes.iter().enumerate() {
        for b in &l.boxes[i + 1..] {
            let apart =
                a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y;
            assert!(
                apart,
                "boxes {} and {} overlap",
                alg.steps[a.step].id, alg.steps[b.step].id
            );
        }
    }
    // Lanes in the declared order: each box inside its actor's column.
    for b in &l.boxes {
        let lane = alg.steps[b.step].actor as f64;
        assert!(b.x >= lane * LANE_W && b.x + b.w <= (lane + 1.0) * LANE_W);
    }
    // Every edge is drawn, from its source's border to its target's top, and crosses no box.
    let mut expected: Vec<(usize, usize)> = alg
        .steps
        .iter()
        .enumerate()
        .flat_map(|(i, s)| s.next.iter().map(move |&(_, j)| (i, j)))
        .collect();
    let mut drawn: Vec<(usize, usize)> = l.edges.iter().map(|e| (e.from, e.to)).collect();
    expected.sort();
    drawn.sort();
    assert_eq!(drawn, expected);
    for e in &l.edges {
        let (from, to) = (&l.boxes[e.from], &l.boxes[e.to]);
        let (sx, sy) = e.points[0];
        assert!(
            sx >= from.x - 0.01
                && sx <= from.x + from.w + 0.01
                && sy >= from.y - 0.01
                && sy <= from.y + from.h + 0.01,
            "edge {}→{} starts off its box",
            e.from,
            e.to
        );
        let &(tx, ty) = e.points.last().unwrap();
        assert!(
            (tx - to.cx()).abs() < 0.01 && (ty - to.y).abs() < 0.01,
            "edge {}→{} ends off its target's top",
            e.from,
            e.to
        );
        for pair in e.points.windows(2) {
            let ((x1, y1), (x2, y2)) = (pair[0], pair[1]);
            assert!(x1 == x2 || y1 == y2, "segments are horizontal or vertical");
            for b in &l.boxes {
                if b.step == e.from || b.step == e.to {
                    continue;
                }
                let (lx, hx) = (x1.min(x2), x1.max(x2));
                let (ly, hy) = (y1.min(y2), y1.max(y2));
                let crosses = lx < b.x + b.w && hx > b.x && ly < b.y + b.h && hy > b.y;
                assert!(
                    !crosses,
                    "edge {}→{} crosses the box of {}",
                    alg.steps[e.from].id, alg.steps[e.to].id, alg.steps[b.step].id
                );
            }
        }
    }
}

#[test]
fn a_good_algorithm_parses_and_lays_out_without_overlaps() {
    let alg = parse_alg(GOOD).unwrap();
    assert_eq!(alg.steps.len(), 6);
    assert_eq!(
        alg.steps[1].next.len(),
        2,
        "a list of next steps runs in parallel"
    );
    let l = layout(&alg);
    check_layout(&alg, &l);
    // Reading order follows the rows: the start first, the meeting last.
    let ids: Vec<&str> = l.order.iter().map(|&i| alg.steps[i].id.as_str()).collect();
    assert_eq!(ids.first(), Some(&"izsaukums"));
    assert_eq!(ids.last(), Some(&"sanaksme"));
    let svg = layout::svg(&alg, &l, "Algoritms");
    assert_eq!(
        svg.matches("<a href=\"#").count(),
        6,
        "each box links to its step"
    );
    assert_eq!(svg.matches("<path class=\"algorithm-edge").count(), 7);
    let lanes: Vec<usize> = ["data-lane=\"vp\"", "data-lane=\"sd\"", "data-lane=\"bt\""]
        .iter()
        .map(|l| svg.find(l).unwrap())
        .collect();
    assert!(
        lanes.windows(2).all(|w| w[0] < w[1]),
        "lanes in declared order"
    );
    assert!(svg.contains("<polygon"), "a decision is a diamond");
    assert!(
        svg.contains(">Jā</text>") && svg.contains(">Nē</text>"),
        "branches are labelled"
    );
}

#[test]
fn every_rule_is_reported_at_its_line() {
    let unknown_actor = GOOD.replace("    actor: bt\n", "    actor: bx\n");
    let e = parse_alg(&unknown_actor).unwrap_err();
    assert_eq!((e[0].line, e[0].code), (33, "algorithm/actor"));
    assert_eq!(e[0].hint.as_deref(), Some("did you mean `bt`?"));
    assert_eq!(
        problems(&GOOD.replace("next: zinojums", "next: zinojumss")),
        [(14, "algorithm/next")]
    );
    let unreachable = format!("{GOOD}  - id: lieks\n    actor: sd\n    action: Nekas\n");
    assert_eq!(problems(&unreachable), [(39, "algorithm/unreachable")]);
    let one_branch = GOOD.replace("      - label: Nē\n        next: sanaksme\n", "");
    assert_eq!(problems(&one_branch), [(27, "algorithm/branches")]);
    let no_end = format!("{GOOD}    next: izsaukums\n");
    assert_eq!(problems(&no_end), [(11, "algorithm/no-end")]);
    let trapped = GOOD.replace("        next: barintiesa\n", "        next: cilpa\n").replace("    action: Starpinstitūciju sanāksme\n", "    action: Starpinstitūciju sanāksme\n  - id: cilpa\n    actor: bt\n    action: Cilpa\n    next: cilpa2\n  - id: cilpa2\n    actor: bt\n    action: Atpakaļ\n    next: cilpa\n");
    assert_eq!(problems(&trapped), [(39, "algorithm/no-way-out")]);
    let duplicate = GOOD.replace("  - id: sanaksme", "  - id: sazina");
    assert!(problems(&duplicate).contains(&(36, "algorithm/duplicate-id")));
    assert_eq!(
        problems(&GOOD.replace("start: izsaukums", "start: sakums")),
        [(9, "algorithm/start")]
    );
    let both = GOOD.replace("    decision: Vai", "    action: X\n    decision: Vai");
    assert_eq!(problems(&both), [(27, "algorithm/step")]);
    let typo = GOOD.replace("    details: Sk.", "    detials: Sk.");
    let e = parse_alg(&typo).unwrap_err();
    assert_eq!((e[0].line, e[0].code), (18, "yaml/unknown-key"));
    assert_eq!(e[0].hint.as_deref(), Some("did you mean `details`?"));
    assert_eq!(
        problems("title: T\n"),
        [
            (1, "yaml/missing"),
            (1, "algorithm/actors"),
            (1, "algorithm/steps")
        ]
    );
}

#[test]
fn cycles_with_a_way_out_are_drawn_with_an_edge_back_up() {
    let looped = GOOD.replace(
        "    action: Starpinstitūciju sanāksme\n",
        "    action: Starpinstitūciju sanāksme\n    next: vertejums\n  - id: vertejums\n    actor: sd\n    decision: Vai vajag vēl vienu sanāksmi?\n    branches:\n      - label: Jā\n        next: sanaksme\n      - label: Nē\n        next: beigas\n  - id: beigas\n    actor: sd\n    action: Gadījums slēgts\n",
    );
    let alg = parse_alg(&looped).unwrap();
    let l = layout(&alg);
    check_layout(&alg, &l);
    assert_eq!(l.edges.iter().filter(|e| e.back).count(), 1);
}

/// A generated graph of 60 steps in 6 lanes: a chain with skips, decisions and loops back.
#[test]
fn a_large_generated_algorithm_lays_out_without_overlaps_or_crossed_boxes() {
    let mut yaml = String::from("title: Liels\nactors:\n");
    for a in 0..6 {
        yaml.push_str(&format!("  - id: a{a}\n    name: Iestāde numur {a}\n"));
    }
    yaml.push_str("start: s0\nsteps:\n");
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for i in 0..60 {
        let actor = next() % 6;
        yaml.push_str(&format!("  - id: s{i}\n    actor: a{actor}\n"));
        if i == 59 {
            yaml.push_str("    action: Beigas\n");
        } else if i % 5 == 4 {
            let skip = (i + 2 + (next() % 6) as usize).min(59);
            let back = i.saturating_sub(1 + (next() % 4) as usize);
            yaml.push_str(&format!("    decision: Vai solis {i} ir pabeigts un viss kārtībā?\n    branches:\n      - label: Jā\n        next: s{}\n      - label: Nē\n        next: s{skip}\n      - label: Atkārtot\n        next: s{back}\n", i + 1));
        } else {
            yaml.push_str(&format!(
                "    action: Darbība numur {i} ar garāku aprakstu, kas jāaplauž\n    next: s{}\n",
                i + 1
            ));
        }
    }
    let alg = parse_alg(&yaml).unwrap_or_else(|e| {
        panic!(
            "{:?}",
            e.iter().map(|d| d.message.clone()).collect::<Vec<_>>()
        )
    });
    let l = layout(&alg);
    check_layout(&alg, &l);
    assert!(l.edges.iter().any(|e| e.back));
}

/// Random graphs: whatever an author writes that passes the checks is laid out with no
/// overlapping boxes and no edge through a box.
mod random_graphs {
    use super::*;
    use proptest::prelude::*;

    fn algorithm_yaml(lanes: usize, actors: &[usize], targets: &[Vec<usize>]) -> String {
        let mut yaml = String::from("title: R\nactors:\n");
        for a in 0..lanes {
            yaml.push_str(&format!("  - id: a{a}\n    name: Aktieris {a}\n"));
        }
        yaml.push_str("start: s0\nsteps:\n");
        for (i, (actor, next)) in actors.iter().zip(targets).enumerate() {
            yaml.push_str(&format!("  - id: s{i}\n    actor: a{}\n", actor % lanes));
            match next.len() {
                0 => yaml.push_str("    action: Beigas\n"),
                1 => yaml.push_str(&format!("    action: Solis {i}\n    next: s{}\n", next[0])),
                _ => {
                    yaml.push_str(&format!("    decision: Jautājums {i}?\n    branches:\n"));
                    for (k, t) in next.iter().enumerate() {
                        yaml.push_str(&format!("      - label: V{k}\n        next: s{t}\n"));
                    }
                }
            }
        }
        yaml
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(
            std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(64)
        ))]
        #[test]
        fn valid_random_algorithms_lay_out_cleanly(
            lanes in 1usize..7,
            steps in prop::collection::vec((0usize..7, prop::collection::vec(0usize..40, 0..4)), 2..40),
        ) {
            let n = steps.len();
            let actors: Vec<usize> = steps.iter().map(|(a, _)| *a).collect();
            // Mostly forward edges, some back: every step but the last leads somewhere.
            let targets: Vec<Vec<usize>> = steps
                .iter()
                .enumerate()
                .map(|(i, (_, t))| {
                    if i + 1 == n {
                        return Vec::new();
                    }
                    let mut next: Vec<usize> = vec![i + 1];
                    next.extend(t.iter().map(|x| x % n).filter(|&x| x != i));
                    next.dedup();
                    next
                })
                .collect();
            let yaml = algorithm_yaml(lanes, &actors, &targets);
            if let Ok(alg) = parse_alg(&yaml) {
                let l = layout(&alg);
                check_layout(&alg, &l);
            }
        }
    }
}

/// The sample site's own algorithm (content/sadarbiba/algoritms.md) checks and lays out
/// cleanly: the chart readers of the sample see.
#[test]
fn the_sample_algorithm_lays_out_without_overlaps() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        // The sample site is at the workspace root.
        "/../../content/sadarbiba/algoritms.md"
    );
    let text = std::fs::read_to_string(path).expect("the sample algorithm");
    let yaml = text
        .strip_prefix("---\n")
        .and_then(|t| t.split("\n---\n").next())
        .expect("front matter");
    let alg = parse_alg(yaml).unwrap_or_else(|e| {
        panic!(
            "{:?}",
            e.iter().map(|d| d.message.clone()).collect::<Vec<_>>()
        )
    });
    assert!(alg.steps.len() >= 15 && alg.actors.len() >= 4);
    let l = layout(&alg);
    check_layout(&alg, &l);
}

#[test]
fn long_words_are_hyphenated_between_syllables_only() {
    use super::layout::{syllable_breaks, wrap};
    let parts = |w: &str| {
        let chars: Vec<char> = w.chars().collect();
        let mut out = Vec::new();
        let mut from = 0;
        for b in syllable_breaks(&chars) {
            out.push(chars[from..b].iter().collect::<String>());
            from = b;
        }
        out.push(chars[from..].iter().collect::<String>());
        out.join("-")
    };
    assert_eq!(parts("kontrolsaraksta"), "kon-trol-sa-rak-sta");
    assert_eq!(parts("starpinstitūciju"), "star-pin-sti-tū-ci-ju");
    assert_eq!(parts("nepilngadīga"), "ne-pil-nga-dī-ga");
    assert_eq!(parts("piedzīvo"), "pie-dzī-vo");
    assert_eq!(parts("pieaudzis"), "pieau-dzis");
    assert_eq!(parts("VBTAI"), "VBTAI");
    // The review's cuts: „kontrolsara-ksta”, „starpinstit-ūciju”, „nepilngadīg-a?”.
    assert_eq!(
        wrap("Vai aizpildīts kontrolsaraksts?", 12),
        ["Vai", "aizpildīts", "kontrolsa-", "raksts?"]
    );
    assert_eq!(wrap("starpinstitūciju", 12), ["starpinsti-", "tūciju"]);
    assert_eq!(
        wrap("Vai ir nepilngadīga?", 12),
        ["Vai ir", "nepilngadī-", "ga?"]
    );
    // No break that fits: cut where the line ends.
    assert_eq!(wrap("12345678901234", 6), ["12345-", "67890-", "1234"]);
}

proptest::proptest! {
    /// Any text: no line longer than the width, and taking the added hyphens off gives the
    /// words back in order.
    #[test]
    fn wrapping_keeps_every_letter_and_the_width(text in "[a-zāčēģīķļņšūž dzDZ1-]{0,60}", width in 2usize..25) {
        let lines = super::layout::wrap(&text, width);
        let mut rebuilt = String::new();
        for line in &lines {
            proptest::prop_assert!(line.chars().count() <= width, "{:?} in {:?}", line, lines);
            rebuilt.push_str(line);
            rebuilt.push(' ');
        }
        let words: String = text.split_whitespace().collect();
        let back: String = rebuilt.replace("- ", "").split_whitespace().collect();
        // A hyphen of the text itself may end a line too: compare without any.
        proptest::prop_assert_eq!(words.replace('-', ""), back.replace('-', ""));
    }
}

#[test]
fn the_schema_declares_exactly_the_keys_of_the_kind() {
    assert_eq!(parse::root_keys(), super::INFO.keys);
}

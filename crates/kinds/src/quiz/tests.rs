use super::*;
use crate::quiz::parse::DEFAULT_PASS_MARK;
use metodika_core::diagnostics::Diagnostic;

fn parse_as(text: &str, fenced: bool) -> Result<QuizBlock, Vec<Diagnostic>> {
    crate::test_support::with_yaml(text, fenced, |node, cx| {
        parse::parse(node, cx).map(|quiz| QuizBlock { quiz })
    })
}

fn parse(text: &str) -> Result<QuizBlock, Vec<Diagnostic>> {
    parse_as(text, true)
}

/// The (line, code) of every problem of a quiz that must not parse.
fn problems(text: &str) -> Vec<(usize, &'static str)> {
    crate::test_support::problems(parse(text))
}

const ALL_TYPES: &str = r#"title: Tests
questions:
  - type: single
    id: a
    question: Kas **saņem** ziņojumu?
    hint: Padoms.
    options:
      - text: Bāriņtiesa
        correct: true
        feedback: Jā, sk. [lapu](lapa.md#x).
      - Skola
    explanation: Tā ir.
  - type: multiple
    question: Kuri?
    options:
      - text: A
        correct: true
      - text: B
        correct: true
      - C
  - type: true_false
    question: Apgalvojums.
    answer: false
    feedback_true: Nē.
  - type: matching
    question: Savienojiet.
    pairs:
      - left: Situācija 1
        right: Policija
      - left: Situācija 2
        right: Bāriņtiesa
      - left: Situācija 3
        right: Policija
  - type: ordering
    question: Secība.
    steps: [Saziņa, Sadarbība, Informēšana]
  - type: text
    question: Kas?
    answers: [bāriņtiesa, " bāriņtiesai "]
  - type: scenario
    scenario: Anna (35) zvana.
    questions:
      - type: true_false
        question: Jāzvana policijai.
        answer: true
      - type: text
        id: kas
        question: Kam?
        answers: [policijai]
"#;

#[test]
fn every_question_type_parses_with_anchors_links_and_search_records() {
    let quiz = parse(ALL_TYPES).unwrap();
    let anchors: Vec<String> = quiz.anchors().into_iter().map(|(a, _)| a).collect();
    assert_eq!(
        anchors,
        [
            "tests",
            "tests-7",
            "a",
            "tests-2",
            "tests-3",
            "tests-4",
            "tests-5",
            "tests-6",
            "tests-7-1",
            "kas"
        ]
    );
    let links = quiz.links();
    assert_eq!(links.len(), 1);
    assert_eq!(links[0].dest, "lapa.md#x");
    assert_eq!(
        metodika_core::diagnostics::line_column(ALL_TYPES, links[0].offset).0,
        10
    );
    let records = quiz.search_records();
    let kinds: Vec<(&str, &str)> = records
        .iter()
        .map(|r| (r.kind, r.anchor.as_str()))
        .collect();
    assert_eq!(kinds[0], ("quiz", "tests"));
    assert_eq!(kinds[1], ("quiz-scenario", "tests-7"));
    assert!(kinds.contains(&("quiz-question", "kas")));
    let a = records.iter().find(|r| r.anchor == "a").unwrap();
    assert_eq!(a.title, "Kas saņem ziņojumu?");
    assert!(
        a.text.contains("Bāriņtiesa") && a.text.contains("Tā ir."),
        "{}",
        a.text
    );
    assert_eq!(quiz.questions_per_attempt(), 8);
    assert_eq!(quiz.pass_mark(), DEFAULT_PASS_MARK);
}

#[test]
fn a_single_choice_needs_exactly_one_right_option() {
    let none =
        "questions:\n  - type: single\n    question: Q?\n    options:\n      - A\n      - B\n";
    assert_eq!(problems(none), [(4, "quiz/single-correct")]);
    let two = "questions:\n  - type: single\n    question: Q?\n    options:\n      - text: A\n        correct: true\n      - text: B\n        correct: true\n";
    assert_eq!(problems(two), [(4, "quiz/single-correct")]);
    let one_option = "questions:\n  - type: single\n    question: Q?\n    options:\n      - text: A\n        correct: true\n";
    assert_eq!(problems(one_option), [(4, "quiz/options")]);
}

#[test]
fn a_multiple_choice_needs_a_right_option_and_distinct_options() {
    let none = "questions:\n  - type: multiple\n    question: Q?\n    options: [A, B]\n";
    assert_eq!(problems(none), [(4, "quiz/multiple-correct")]);
    let twice = "questions:\n  - type: multiple\n    question: Q?\n    options:\n      - text: A\n        correct: true\n      - a\n";
    assert_eq!(problems(twice), [(7, "quiz/duplicate-option")]);
}

#[test]
fn matching_items_must_be_paired() {
    let unpaired = "questions:\n  - type: matching\n    question: Q?\n    pairs:\n      - left: A\n        right: X\n      - left: B\n";
    assert_eq!(problems(unpaired), [(7, "quiz/matching")]);
    let no_left = "questions:\n  - type: matching\n    question: Q?\n    pairs:\n      - left: A\n        right: X\n      - right: Y\n";
    let e = parse(no_left).unwrap_err();
    assert_eq!((e[0].line, e[0].code), (7, "quiz/matching"));
    assert!(e[0].message.contains("`left`"), "{}", e[0].message);
    let one = "questions:\n  - type: matching\n    question: Q?\n    pairs:\n      - left: A\n        right: X\n";
    assert_eq!(problems(one), [(4, "quiz/matching")]);
}

#[test]
fn ordering_needs_two_steps() {
    let one = "questions:\n  - type: ordering\n    question: Q?\n    steps: [Tikai viens]\n";
    assert_eq!(problems(one), [(4, "quiz/ordering")]);
    let none = "questions:\n  - type: ordering\n    question: Q?\n";
    assert_eq!(problems(none), [(2, "quiz/ordering")]);
}

#[test]
fn question_ids_are_unique_in_a_quiz() {
    let text = "questions:\n  - type: true_false\n    id: x\n    question: A.\n    answer: true\n  - type: true_false\n    id: x\n    question: B.\n    answer: true\n";
    let e = parse(text).unwrap_err();
    assert_eq!((e[0].line, e[0].code), (7, "quiz/duplicate-id"));
    assert!(e[0].message.contains("line 3"), "{}", e[0].message);
    // A made-up id clashing with a given one is caught too.
    let made = "questions:\n  - type: true_false\n    question: A.\n    answer: true\n  - type: true_false\n    id: quiz-1\n    question: B.\n    answer: true\n";
    assert_eq!(problems(made), [(6, "quiz/duplicate-id")]);
}

#[test]
fn empty_texts_are_reported_where_they_are_missing() {
    let text = "questions:\n  - type: single\n    question: \"  \"\n    options:\n      - text: A\n        correct: true\n      - \"\"\n      - text:\n";
    let at = problems(text);
    assert!(at.contains(&(3, "yaml/missing")), "{at:?}");
    assert!(at.contains(&(7, "yaml/missing")), "{at:?}");
    assert!(at.contains(&(8, "yaml/missing")), "{at:?}");
    assert_eq!(problems("questions: []\n"), [(1, "quiz/questions")]);
    assert_eq!(problems(""), [(1, "quiz/questions")]);
    let no_case = "questions:\n  - type: scenario\n    questions:\n      - type: true_false\n        question: A.\n        answer: true\n";
    assert_eq!(problems(no_case), [(2, "yaml/missing")]);
}

#[test]
fn unknown_keys_and_types_suggest_the_closest_valid_one() {
    let text = "questions:\n  - type: single\n    question: Q?\n    explenation: x\n    options:\n      - text: A\n        corect: true\n      - text: B\n        correct: true\n";
    let e = parse(text).unwrap_err();
    let unknown: Vec<(usize, &str)> = e
        .iter()
        .filter(|d| d.code == "yaml/unknown-key")
        .map(|d| (d.line, d.hint.as_deref().unwrap_or("")))
        .collect();
    assert_eq!(
        unknown,
        [
            (4, "did you mean `explanation`?"),
            (7, "did you mean `correct`?")
        ]
    );
    // A key of another type is unknown here, and named as such.
    let other = "questions:\n  - type: true_false\n    question: Q.\n    answer: true\n    options: [a, b]\n";
    assert_eq!(problems(other), [(5, "yaml/unknown-key")]);
    let typo = "questions:\n  - type: singel\n    question: Q?\n";
    let e = parse(typo).unwrap_err();
    assert_eq!((e[0].line, e[0].code), (2, "quiz/type"));
    assert_eq!(e[0].hint.as_deref(), Some("did you mean `single`?"));
    let quiz_key =
        "pasmark: 50\nquestions:\n  - type: true_false\n    question: Q.\n    answer: true\n";
    let e = parse(quiz_key).unwrap_err();
    assert_eq!((e[0].line, e[0].code), (1, "yaml/unknown-key"));
    assert_eq!(e[0].hint.as_deref(), Some("did you mean `pass_mark`?"));
}

#[test]
fn quiz_settings_are_checked() {
    let q = "questions:\n  - type: true_false\n    question: Q.\n    answer: true\n";
    assert_eq!(
        problems(&format!("pass_mark: 150\n{q}")),
        [(1, "quiz/pass-mark")]
    );
    assert_eq!(
        problems(&format!("pass_mark: high\n{q}")),
        [(1, "yaml/type")]
    );
    assert_eq!(problems(&format!("pool: 2\n{q}")), [(1, "quiz/pool")]);
    assert_eq!(problems(&format!("pool: 0\n{q}")), [(1, "quiz/pool")]);
    assert_eq!(
        problems(&format!("shuffle: sometimes\n{q}")),
        [(1, "yaml/type")]
    );
    let ok = parse(&format!("pass_mark: 0\npool: 1\nshuffle: true\n{q}")).unwrap();
    assert_eq!(
        (ok.quiz.pass_mark, ok.quiz.pool, ok.quiz.shuffle),
        (0, Some(1), true)
    );
}

#[test]
fn true_false_needs_a_true_or_false_answer() {
    let none = "questions:\n  - type: true_false\n    question: Q.\n";
    assert_eq!(problems(none), [(2, "yaml/missing")]);
    let maybe = "questions:\n  - type: true_false\n    question: Q.\n    answer: maybe\n";
    assert_eq!(problems(maybe), [(4, "yaml/type")]);
}

#[test]
fn text_questions_need_accepted_answers() {
    let none = "questions:\n  - type: text\n    question: Q?\n";
    assert_eq!(problems(none), [(2, "quiz/answers")]);
    let blank = "questions:\n  - type: text\n    question: Q?\n    answers: [\" \"]\n";
    assert_eq!(problems(blank), [(4, "quiz/answers")]);
}

#[test]
fn scenarios_hold_questions_but_not_scenarios() {
    let nested = "questions:\n  - type: scenario\n    scenario: Gadījums.\n    questions:\n      - type: scenario\n        scenario: Cits.\n        questions: []\n";
    assert_eq!(problems(nested), [(5, "quiz/scenario-nested")]);
    let empty = "questions:\n  - type: scenario\n    scenario: Gadījums.\n";
    assert_eq!(problems(empty), [(2, "quiz/scenario-questions")]);
}

#[test]
fn texts_shown_in_labels_must_be_one_paragraph() {
    let list = "questions:\n  - type: single\n    question: |\n      - viens\n      - divi\n    options:\n      - text: A\n        correct: true\n      - B\n";
    // At the text itself, below its key.
    assert_eq!(problems(list), [(4, "quiz/inline")]);
}

#[test]
fn a_page_quiz_takes_its_title_from_the_page() {
    let page = "title: Lapas virsraksts\nquestions:\n  - type: true_false\n    question: Q.\n    answer: true\n";
    let quiz = parse_as(page, false).unwrap();
    assert_eq!((quiz.id(), quiz.title()), ("quiz", None));
    let block = parse_as(page, true).unwrap();
    assert_eq!(
        (block.id(), block.title()),
        ("lapas-virsraksts", Some("Lapas virsraksts"))
    );
}

#[test]
fn editing_a_question_changes_only_its_fingerprint() {
    let before = parse(ALL_TYPES).unwrap();
    let edited = ALL_TYPES.replace(
        "Kas **saņem** ziņojumu?",
        "Kas **saņem** policijas ziņojumu?",
    );
    let after = parse(&edited).unwrap();
    let prints = |q: &QuizBlock| -> Vec<String> {
        q.quiz.questions().map(|q| q.fingerprint.clone()).collect()
    };
    let (b, a) = (prints(&before), prints(&after));
    assert_ne!(b[0], a[0]);
    assert_eq!(b[1..], a[1..]);
    // Explanations and feedback can be improved without forgetting readers' answers.
    let explained = ALL_TYPES.replace("explanation: Tā ir.", "explanation: Tā ir, sk. avotu.");
    assert_eq!(prints(&parse(&explained).unwrap()), b);
    // All fingerprints differ.
    let mut unique = b.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), b.len());
}

#[test]
fn steps_are_never_shown_in_the_right_order() {
    for len in 2..9 {
        for seed in ["0", "1", "ffffffffffffffff", "de33c08af9b24648", "x"] {
            let order = shown_order(len, seed);
            let mut sorted = order.clone();
            sorted.sort_unstable();
            assert_eq!(sorted, (0..len).collect::<Vec<_>>());
            assert!(
                order.iter().enumerate().any(|(i, &s)| i != s),
                "{len} {seed}"
            );
        }
    }
    assert_eq!(shown_order(1, "0"), [0]);
}

#[test]
fn the_schema_declares_exactly_the_keys_of_the_kind() {
    assert_eq!(parse::block_keys(), super::INFO.keys);
}

//! Self-check quizzes: single and multiple choice, true/false, matching, ordering, short text
//! answers and scenarios (a case with several questions). Written as a whole page
//! (`kind: quiz` with `questions:`) or as a fenced ```` ```quiz ```` block after the text it
//! tests. The partial renders every question as a real form that reads as a worksheet without
//! JavaScript; `js/kinds/quiz.js` checks answers, scores, and keeps progress in the browser;
//! [`progress`] makes the "my progress" page that lists every quiz of the site.

mod model;
mod parse;
pub mod progress;

use serde_json::{json, Value as Json};

use metodika_core::yaml::Node;
use metodika_markdown::LinkRef;
use metodika_model::kind::{Block, BlockContext, Kind, KindInfo, ParseContext, SearchRecord};
use metodika_model::TitleOrder;
use model::{Answer, Item, Question, Quiz};

pub(crate) struct QuizKind;

pub(crate) static INFO: KindInfo = KindInfo {
    name: "quiz",
    front_matter: true,
    fence: true,
    keys: &[
        "title",
        "id",
        "intro",
        "pass_mark",
        "shuffle",
        "pool",
        "questions",
    ],
    before_body: false,
    template: "kinds/quiz.html",
    print_template: "kinds/quiz.html",
    css: &["css/kinds/quiz.css"],
    js: &["js/search-normalize.js", "js/kinds/quiz.js"],
    site_js: &["js/kinds/quiz-nav.js"],
    new_site: &metodika_model::kind::new_site_examples(
        (
            "content/pakalpojumi/paskontrole.md",
            include_str!("new-site.lv.md"),
        ),
        (
            "content/services/self-check.md",
            include_str!("new-site.en.md"),
        ),
    ),
    site_pages: &[&progress::ProgressPage],
    search_labels: &[
        ("quiz", "search_kind_quiz"),
        ("quiz-question", "search_kind_quiz_question"),
        ("quiz-scenario", "search_kind_quiz_scenario"),
    ],
    body_labels: &[
        ("quiz-passed", "quiz_nav_passed"),
        ("quiz-done", "quiz_nav_done"),
    ],
};

impl Kind for QuizKind {
    fn info(&self) -> &'static KindInfo {
        &INFO
    }

    fn parse(&self, node: Option<&Node>, cx: &mut ParseContext) -> Option<Box<dyn Block>> {
        parse::parse(node, cx).map(|quiz| Box::new(QuizBlock { quiz }) as Box<dyn Block>)
    }
}

#[derive(Debug)]
pub(crate) struct QuizBlock {
    quiz: Quiz,
}

impl QuizBlock {
    pub fn id(&self) -> &str {
        &self.quiz.id
    }

    pub fn title(&self) -> Option<&str> {
        self.quiz.title.as_deref()
    }

    pub fn pass_mark(&self) -> u32 {
        self.quiz.pass_mark
    }

    /// Questions asked per attempt (a scenario's questions count one by one).
    pub(crate) fn questions_per_attempt(&self) -> usize {
        let per_item = |item: &Item| match item {
            Item::Question(_) => 1,
            Item::Scenario(s) => s.questions.len(),
        };
        match self.quiz.pool {
            None => self.quiz.items.iter().map(per_item).sum(),
            // Scenarios may differ in size: say what an attempt asks at least.
            Some(n) => {
                let mut sizes: Vec<usize> = self.quiz.items.iter().map(per_item).collect();
                sizes.sort_unstable();
                sizes.into_iter().take(n).sum()
            }
        }
    }
}

/// Where each step is shown before the reader orders them: a fixed shuffle of the right
/// order, seeded by the question's fingerprint so the same input gives the same page, and
/// never the right order itself.
fn shown_order(len: usize, fingerprint: &str) -> Vec<usize> {
    let mut state = u64::from_str_radix(fingerprint, 16).unwrap_or(0x9e37_79b9_7f4a_7c15) | 1;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut order: Vec<usize> = (0..len).collect();
    for i in (1..len).rev() {
        let j = (next() % (i as u64 + 1)) as usize;
        order.swap(i, j);
    }
    if len > 1 && order.iter().enumerate().all(|(i, &s)| i == s) {
        order.rotate_left(1);
    }
    order
}

fn rich(r: &Option<model::Rich>) -> Json {
    r.as_ref()
        .map_or(Json::Null, |r| Json::String(r.html.clone()))
}

fn question_data(q: &Question, number: &str, order: &TitleOrder) -> Json {
    let mut data = json!({
        "anchor": q.anchor,
        "hash": q.fingerprint,
        "type": q.answer.type_name(),
        "number": number,
        "question": q.text.html,
        "hint": rich(&q.hint),
        "explanation": rich(&q.explanation),
    });
    let extra = match &q.answer {
        Answer::Choice { options, .. } => json!({
            "options": options.iter().enumerate().map(|(i, o)| json!({
                "index": i,
                "html": o.text.html,
                "correct": o.correct,
                "feedback": rich(&o.feedback),
            })).collect::<Vec<_>>(),
        }),
        Answer::TrueFalse {
            answer,
            feedback_true,
            feedback_false,
        } => json!({
            "answer": answer,
            "feedback_true": rich(feedback_true),
            "feedback_false": rich(feedback_false),
        }),
        Answer::Matching { pairs } => {
            let mut choices: Vec<&str> = pairs.iter().map(|(_, r)| r.as_str()).collect();
            choices.sort_by(|a, b| order.titles(a, b));
            choices.dedup();
            json!({
                "pairs": pairs.iter().enumerate().map(|(i, (left, right))| json!({
                    "index": i,
                    "left": left.html,
                    "right": right,
                    "answer": choices.iter().position(|c| c == right).unwrap_or(0),
                })).collect::<Vec<_>>(),
                "choices": choices,
            })
        }
        Answer::Ordering { steps } => json!({
            "steps": shown_order(steps.len(), &q.fingerprint).into_iter().map(|s| json!({
                "html": steps[s].html,
                "position": s,
            })).collect::<Vec<_>>(),
            "correct_steps": steps.iter().map(|s| s.html.clone()).collect::<Vec<_>>(),
        }),
        Answer::Text { accepted } => json!({
            "accepted": accepted,
            "accepted_json": serde_json::to_string(accepted).unwrap_or_default(),
        }),
    };
    if let (Json::Object(data), Json::Object(extra)) = (&mut data, extra) {
        data.extend(extra);
    }
    data
}

impl Block for QuizBlock {
    fn info(&self) -> &'static KindInfo {
        &INFO
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }

    fn anchors(&self) -> Vec<(String, usize)> {
        let quiz = &self.quiz;
        let mut anchors = vec![(quiz.id.clone(), quiz.id_offset)];
        for item in &quiz.items {
            if let Item::Scenario(s) = item {
                anchors.push((s.anchor.clone(), s.offset));
            }
        }
        anchors.extend(quiz.questions().map(|q| (q.anchor.clone(), q.offset)));
        anchors.extend(
            quiz.inner_anchors
                .iter()
                .map(|a| (a.clone(), quiz.id_offset)),
        );
        anchors
    }

    fn links(&self) -> Vec<LinkRef> {
        self.quiz.links.clone()
    }

    fn template_data(&self, cx: &BlockContext) -> Json {
        let quiz = &self.quiz;
        let order = TitleOrder::new(cx.site.config.language);
        let items: Vec<Json> = quiz
            .items
            .iter()
            .enumerate()
            .map(|(n, item)| match item {
                Item::Question(q) => question_data(q, &(n + 1).to_string(), &order),
                Item::Scenario(s) => json!({
                    "type": "scenario",
                    "anchor": s.anchor,
                    "number": (n + 1).to_string(),
                    "case": s.case.html,
                    "questions": s.questions.iter().enumerate()
                        .map(|(m, q)| question_data(q, &format!("{}.{}", n + 1, m + 1), &order))
                        .collect::<Vec<_>>(),
                }),
            })
            .collect();
        let page = &cx.site.docs[cx.doc];
        json!({
            "id": quiz.id,
            // The reader's saved progress is kept under the page and the quiz id.
            "key": format!("{}#{}", page.url, quiz.id),
            "title": quiz.title,
            "page_title": page.meta.title,
            "intro": rich(&quiz.intro),
            "pass_mark": quiz.pass_mark,
            "shuffle": quiz.shuffle,
            "pool": quiz.pool,
            "items": items,
            "item_count": quiz.items.len(),
            "question_count": quiz.questions().count(),
            "per_attempt": self.questions_per_attempt(),
            "progress_url": cx.here.to(progress::URL),
        })
    }

    fn search_records(&self) -> Vec<SearchRecord> {
        let quiz = &self.quiz;
        let mut records = vec![SearchRecord {
            anchor: quiz.id.clone(),
            kind: "quiz",
            title: quiz.title.clone().unwrap_or_default(),
            text: quiz
                .intro
                .as_ref()
                .map(|i| i.text.clone())
                .unwrap_or_default(),
            keywords: Vec::new(),
            title_label: None,
            names: Vec::new(),
        }];
        for item in &quiz.items {
            if let Item::Scenario(s) = item {
                records.push(SearchRecord {
                    anchor: s.anchor.clone(),
                    kind: "quiz-scenario",
                    title: String::new(),
                    text: s.case.text.clone(),
                    keywords: Vec::new(),
                    title_label: None,
                    names: Vec::new(),
                });
            }
        }
        records.extend(quiz.questions().map(|q| {
            let mut text: Vec<&str> = Vec::new();
            match &q.answer {
                Answer::Choice { options, .. } => {
                    text.extend(options.iter().map(|o| o.text.text.as_str()))
                }
                Answer::Matching { pairs } => {
                    for (l, r) in pairs {
                        text.push(&l.text);
                        text.push(r);
                    }
                }
                Answer::Ordering { steps } => text.extend(steps.iter().map(|s| s.text.as_str())),
                Answer::TrueFalse { .. } | Answer::Text { .. } => {}
            }
            if let Some(e) = &q.explanation {
                text.push(&e.text);
            }
            SearchRecord {
                anchor: q.anchor.clone(),
                kind: "quiz-question",
                title: q.text.text.clone(),
                text: text.join(" "),
                keywords: Vec::new(),
                title_label: None,
                names: Vec::new(),
            }
        }));
        records
    }

    fn plain_text(&self) -> String {
        let quiz = &self.quiz;
        let mut text: Vec<&str> = quiz.intro.iter().map(|i| i.text.as_str()).collect();
        text.extend(quiz.questions().map(|q| q.text.text.as_str()));
        text.join(" ")
    }
}

#[cfg(test)]
mod tests;

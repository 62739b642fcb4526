//! The "my progress" page: every quiz of the site, listed at build time, with the reader's
//! best score filled in by `js/kinds/quiz.js` from what this browser saved.

use serde::Serialize;

use super::QuizBlock;
use metodika_core::url::Relative;
use metodika_model::kind::SitePage;
use metodika_model::Site;

/// Where the page is written.
pub const URL: &str = "progress.html";

/// One quiz as the progress page lists it.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct QuizSummary<'a> {
    pub page_title: &'a str,
    /// The quiz's own title (a fenced quiz's `title:`), when it has one.
    pub title: Option<&'a str>,
    /// Link to the quiz, relative to the progress page.
    pub url: String,
    /// Key of the reader's saved progress: page URL `#` quiz id (as in the quiz's partial).
    pub key: String,
    pub questions: usize,
    pub pass_mark: u32,
}

/// Every quiz of the site in reading order, linked from the page at `here`.
pub fn quizzes<'a>(site: &'a Site, here: &Relative) -> Vec<QuizSummary<'a>> {
    let mut out = Vec::new();
    for &id in &site.reading_order {
        let doc = &site.docs[id];
        for block in &doc.blocks {
            let Some(quiz) = block.as_any().downcast_ref::<QuizBlock>() else {
                continue;
            };
            let mut url = here.to(&doc.url);
            url.push('#');
            metodika_core::url::encode_href_segment(quiz.id(), &mut url);
            out.push(QuizSummary {
                page_title: &doc.meta.title,
                title: quiz.title(),
                url,
                key: format!("{}#{}", doc.url, quiz.id()),
                questions: quiz.questions_per_attempt(),
                pass_mark: quiz.pass_mark(),
            });
        }
    }
    out
}

/// The "my progress" page, written when the site has a quiz.
#[derive(Debug)]
pub(crate) struct ProgressPage;

impl SitePage for ProgressPage {
    fn path(&self) -> &'static str {
        URL
    }
    fn template(&self) -> &'static str {
        "kinds/progress.html"
    }
    fn page_kind(&self) -> &'static str {
        "progress"
    }
    fn title_key(&self) -> &'static str {
        "quiz_progress_title"
    }
    fn owner(&self) -> &'static str {
        "the quiz progress page"
    }
    fn wanted(&self, site: &Site) -> bool {
        metodika_model::kind::site_uses(site, &super::INFO)
    }
    fn data(&self, site: &Site, here: &Relative) -> serde_json::Map<String, serde_json::Value> {
        let mut data = serde_json::Map::new();
        data.insert("quizzes".into(), serde_json::json!(quizzes(site, here)));
        data
    }
}

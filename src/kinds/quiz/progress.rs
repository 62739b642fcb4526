//! The "my progress" page: every quiz of the site, listed at build time, with the reader's
//! best score filled in by `js/kinds/quiz.js` from what this browser saved.

use serde::Serialize;

use super::QuizBlock;
use crate::generators::{GenerateContext, Generator};
use crate::model::Site;
use crate::output::manifest::{Job, Manifest, Produce};
use crate::render::context::Relative;

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
            crate::url::encode_href_segment(quiz.id(), &mut url);
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

/// Whether any page of the site holds a quiz.
pub fn site_has_quizzes(site: &Site) -> bool {
    site.docs
        .iter()
        .any(|d| d.blocks.iter().any(|b| b.as_any().is::<QuizBlock>()))
}

/// Adds the progress page when the site has a quiz.
pub struct ProgressPage;

impl Generator for ProgressPage {
    fn generate(&self, cx: &GenerateContext, out: &mut Manifest) {
        if site_has_quizzes(cx.site) {
            out.add(
                URL,
                "the quiz progress page",
                std::path::PathBuf::from(crate::load::CONTENT_DIR),
                Produce::Page(Job::QuizProgress),
            );
        }
    }
}

//! The quiz as parsed: typed, with its Markdown rendered and its place in the file kept.

pub(crate) use crate::text::Rich;
use metodika_markdown::LinkRef;

/// One quiz: a `kind: quiz` page or a ```` ```quiz ```` block.
#[derive(Debug)]
pub(crate) struct Quiz {
    /// Anchor of the quiz on its page, and its key in the reader's saved progress.
    pub id: String,
    /// Byte offset in the file where the id is written (or the quiz starts).
    pub id_offset: usize,
    /// Shown as a heading above a fenced quiz; a quiz page's title is the page's.
    pub title: Option<String>,
    pub intro: Option<Rich>,
    /// Percentage of points needed to pass.
    pub pass_mark: u32,
    /// Shuffle the options of each question on every attempt.
    pub shuffle: bool,
    /// Draw this many of the top-level items per attempt.
    pub pool: Option<usize>,
    pub items: Vec<Item>,
    /// Every link written in any text of the quiz.
    pub links: Vec<LinkRef>,
    /// Ids of headings and footnotes inside its Markdown texts.
    pub inner_anchors: Vec<String>,
}

/// A top-level entry: a question, or a scenario holding questions. A pool draws items.
#[derive(Debug)]
pub enum Item {
    Question(Question),
    Scenario(Scenario),
}

#[derive(Debug)]
pub(crate) struct Scenario {
    pub anchor: String,
    pub offset: usize,
    pub case: Rich,
    pub questions: Vec<Question>,
}

#[derive(Debug)]
pub(crate) struct Question {
    /// Its id on the page.
    pub anchor: String,
    /// Byte offset in the file of the question (for a clash of its anchor).
    pub offset: usize,
    /// Fingerprint of what the question asks and accepts: saved answers are kept per
    /// fingerprint, so editing a question forgets only that question's answer.
    pub fingerprint: String,
    /// The question's text, inline HTML.
    pub text: Rich,
    pub hint: Option<Rich>,
    pub explanation: Option<Rich>,
    pub answer: Answer,
}

/// What kind of question, with what it accepts.
#[derive(Debug)]
pub(crate) enum Answer {
    /// `single` (exactly one option correct) or `multiple` (any number, at least one).
    Choice {
        multiple: bool,
        options: Vec<ChoiceOption>,
    },
    TrueFalse {
        answer: bool,
        feedback_true: Option<Rich>,
        feedback_false: Option<Rich>,
    },
    /// Each left item is paired with one of the right texts; several may share one.
    Matching { pairs: Vec<(Rich, String)> },
    /// Steps in the right order.
    Ordering { steps: Vec<Rich> },
    /// Accepted answers, compared ignoring case, diacritics and extra spaces.
    Text { accepted: Vec<String> },
}

#[derive(Debug)]
pub(crate) struct ChoiceOption {
    pub text: Rich,
    pub correct: bool,
    pub feedback: Option<Rich>,
}

impl Answer {
    /// The `type:` that writes it.
    pub(crate) fn type_name(&self) -> &'static str {
        match self {
            Answer::Choice {
                multiple: false, ..
            } => "single",
            Answer::Choice { multiple: true, .. } => "multiple",
            Answer::TrueFalse { .. } => "true_false",
            Answer::Matching { .. } => "matching",
            Answer::Ordering { .. } => "ordering",
            Answer::Text { .. } => "text",
        }
    }
}

impl Quiz {
    /// Every question, scenarios' questions included, in reading order.
    pub fn questions(&self) -> impl Iterator<Item = &Question> {
        self.items.iter().flat_map(|item| match item {
            Item::Question(q) => std::slice::from_ref(q).iter(),
            Item::Scenario(s) => s.questions.iter(),
        })
    }
}

/// A short, stable fingerprint of a text (FNV-1a, 64 bits, as hex): the same on every
/// machine and toolchain, so readers' saved answers survive a rebuild.
pub fn fingerprint(text: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn fingerprints_are_stable_and_tell_texts_apart() {
        assert_eq!(super::fingerprint(""), "cbf29ce484222325");
        assert_eq!(super::fingerprint("a"), "af63dc4c8601ec8c");
        assert_ne!(super::fingerprint("ab"), super::fingerprint("ba"));
    }
}

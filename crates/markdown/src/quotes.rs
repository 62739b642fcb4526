//! Quotation marks in the site's language.
//!
//! pulldown-cmark's `ENABLE_SMART_PUNCTUATION` writes English marks: `"…"` becomes `“…”`
//! (U+201C, U+201D) and `'…'` becomes `‘…’` (U+2018, U+2019; U+2019 is also the apostrophe).
//!
//! Latvian: double quotes are `„…”` (U+201E low opening, U+201D closing). Nested quotations use
//! double quotes again, not single ones: Latvian does not use single quotes for a quotation
//! inside a quotation (the EU Interinstitutional Style Guide, Latvian section 10.1.6 on
//! quotation marks, says so and uses double marks at every level, as do Latvian editors).
//! Single quotes `‘…’` are used for something else, glossing a word's meaning (somiski tas
//! nozīmē ‘prieks’), and that is the shape pulldown-cmark already produces, so single quotes
//! (and with them apostrophes) are left unchanged. Every `“` therefore becomes `„`, at any
//! depth, and `”` stays.
//!
//! pulldown-cmark emits each quote it makes as its own one-character `Event::Text` whose source
//! range is the straight quote, so [`localize_smart_quote`] can tell it from a `“` the author
//! typed (an author writing the older German-style `„…“` must keep that closing `“`).

use std::borrow::Cow;

use metodika_core::config::Language;

/// Which quotation marks a site's text uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum QuoteStyle {
    /// `“…”`, `‘…’`: what pulldown-cmark produces.
    English,
    #[default]
    /// `„…”` at every level; `‘…’` unchanged.
    Latvian,
}

impl From<Language> for QuoteStyle {
    fn from(language: Language) -> Self {
        match language {
            Language::Lv => QuoteStyle::Latvian,
            Language::En => QuoteStyle::English,
        }
    }
}

const LEFT_DOUBLE: char = '\u{201C}';
const LOW_DOUBLE: &str = "\u{201E}";

/// Maps the marks pulldown-cmark's smart punctuation produced in `text` to `style`'s. Borrows
/// (allocates nothing) when there is nothing to change.
///
/// It changes every `“` in `text`, including any the author typed; to change only the marks
/// pulldown-cmark made, call [`localize_smart_quote`] with each text event's source.
pub(crate) fn localize_quotes(text: &str, style: QuoteStyle) -> Cow<'_, str> {
    match style {
        QuoteStyle::English => Cow::Borrowed(text),
        QuoteStyle::Latvian if text.contains(LEFT_DOUBLE) => {
            Cow::Owned(text.replace(LEFT_DOUBLE, LOW_DOUBLE))
        }
        QuoteStyle::Latvian => Cow::Borrowed(text),
    }
}

/// [`localize_quotes`] for one `Event::Text`, only when pulldown-cmark made it from a straight
/// quote: `source` is the Markdown the event's range covers (`&body[range]`).
pub(crate) fn localize_smart_quote<'a>(
    text: &'a str,
    source: &str,
    style: QuoteStyle,
) -> Cow<'a, str> {
    if source == "\"" || source == "'" {
        localize_quotes(text, style)
    } else {
        Cow::Borrowed(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{Event, Options, Parser};

    #[test]
    fn latvian_opens_low_and_closes_high() {
        assert_eq!(
            localize_quotes("“Sveiki”, viņa teica.", QuoteStyle::Latvian),
            "„Sveiki”, viņa teica."
        );
        assert_eq!(
            localize_quotes("“a “b” c”", QuoteStyle::Latvian),
            "„a „b” c”"
        );
        assert_eq!(localize_quotes("“", QuoteStyle::Latvian), "\u{201E}");
        assert_eq!(localize_quotes("”", QuoteStyle::Latvian), "\u{201D}");
    }

    #[test]
    fn single_quotes_and_apostrophes_stay() {
        for s in ["‘prieks’", "it’s", "’"] {
            assert_eq!(localize_quotes(s, QuoteStyle::Latvian), s);
        }
    }

    #[test]
    fn english_is_unchanged_and_nothing_to_change_borrows() {
        assert!(matches!(
            localize_quotes("“Hello”", QuoteStyle::English),
            Cow::Borrowed("“Hello”")
        ));
        assert!(matches!(
            localize_quotes("bez pēdiņām ”", QuoteStyle::Latvian),
            Cow::Borrowed(_)
        ));
        assert!(matches!(
            localize_quotes("", QuoteStyle::Latvian),
            Cow::Borrowed("")
        ));
    }

    #[test]
    fn style_follows_the_site_language() {
        assert_eq!(QuoteStyle::from(Language::Lv), QuoteStyle::Latvian);
        assert_eq!(QuoteStyle::from(Language::En), QuoteStyle::English);
    }

    /// Renders `md` localizing only the quotes pulldown-cmark made, as the renderer will.
    fn render(md: &str, style: QuoteStyle) -> String {
        let mut out = String::new();
        let parser = Parser::new_ext(md, Options::ENABLE_SMART_PUNCTUATION).into_offset_iter();
        for (event, range) in parser {
            if let Event::Text(t) = event {
                out.push_str(&localize_smart_quote(&t, &md[range], style));
            }
        }
        out
    }

    #[test]
    fn only_the_quotes_pulldown_made_change() {
        assert_eq!(
            render("Viņa teica: \"Sveiki\" un 'prieks'.", QuoteStyle::Latvian),
            "Viņa teica: „Sveiki” un ‘prieks’."
        );
        // Typed marks, even the German-style closing “, are the author's choice.
        assert_eq!(
            render("„Vecā“ un “angļu” rakstība", QuoteStyle::Latvian),
            "„Vecā“ un “angļu” rakstība"
        );
        assert_eq!(
            render("\"Hello\" it's", QuoteStyle::English),
            "“Hello” it’s"
        );
        assert_eq!(
            localize_smart_quote("“", "&ldquo;", QuoteStyle::Latvian),
            "“"
        );
    }
}

//! Stage 0, setup: everything a build needs that is not content: the settings
//! (`site.yaml`), the theme with its strings, its parsed templates and the search dictionary.
//! Loaded once, and again only when one of them changes.

use std::path::Path;

use crate::render::Renderer;
use crate::theme::Theme;
use metodika_core::config::SiteConfig;
use metodika_core::diagnostics::Diagnostic;
use metodika_markdown::MarkdownLabels;
use metodika_search::lexicon::Lexicon;

/// Settings, theme and parsed templates: everything that is not content.
pub struct Setup {
    pub config: SiteConfig,
    pub theme: Theme,
    pub renderer: Renderer,
    pub labels: MarkdownLabels,
    /// How search tells the words of the site apart (dictionary, stemmer).
    pub lexicon: Lexicon,
}

impl Setup {
    /// Loads them in order; the first that fails stops the rest, with its problems.
    pub fn load(root: &Path) -> Result<Setup, Vec<Diagnostic>> {
        let config = SiteConfig::load(root)?;
        let theme = Theme::load(root, &config)?;
        let renderer = Renderer::new(&theme)?;
        let lexicon = Lexicon::load(root, &config)?;
        let mut labels = theme.markdown_labels();
        labels.quotes = config.language.into();
        labels.language = config.language;
        labels.fences = metodika_kinds::fence_names();
        Ok(Setup {
            config,
            theme,
            renderer,
            labels,
            lexicon,
        })
    }
}

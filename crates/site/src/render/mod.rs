//! Stage 4, render: Tera templates parsed once, then every page rendered in parallel.

pub mod abbr;
pub mod context;
pub mod page;

use std::path::PathBuf;

use tera::Tera;

use crate::theme::{TemplateFile, Theme};
use metodika_core::diagnostics::Diagnostic;

/// Templates every theme must provide.
pub(crate) const REQUIRED_TEMPLATES: &[&str] = &[
    "home.html",
    "section.html",
    "page.html",
    "tags.html",
    "tag.html",
    "404.html",
];

/// Parsed templates, shared read-only by all rendering threads.
pub struct Renderer {
    tera: Tera,
    templates: Vec<TemplateFile>,
}

impl Renderer {
    /// Parses all templates once. Every template is checked on its own first, so several broken
    /// templates are all reported.
    pub fn new(theme: &Theme) -> Result<Renderer, Vec<Diagnostic>> {
        let mut problems = Vec::new();
        for t in &theme.templates {
            let mut alone = Tera::default();
            alone.autoescape_on(vec![".html", ".xml"]);
            if let Err(e) = alone.add_raw_template(&t.name, &t.source) {
                let text = error_chain(&e);
                // A missing parent or include is reported below, with all templates loaded.
                if !text.contains("doesn't exist")
                    && !text.contains("not found")
                    && !text.contains("isn't present")
                {
                    problems.push(template_diagnostic(&theme.templates, &text, Some(t)));
                }
            }
        }
        for name in REQUIRED_TEMPLATES {
            if !theme.templates.iter().any(|t| t.name == *name) {
                problems.push(
                    Diagnostic::error("template/missing", PathBuf::from("templates").join(name), format!("the theme has no `{name}` template"))
                        .with_hint("add it to the theme's templates/ folder (see the default theme for an example)"),
                );
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        if let Err(e) = tera.add_raw_templates(
            theme
                .templates
                .iter()
                .map(|t| (t.name.as_str(), t.source.as_str())),
        ) {
            return Err(vec![template_diagnostic(
                &theme.templates,
                &error_chain(&e),
                None,
            )]);
        }
        Ok(Renderer {
            tera,
            templates: theme.templates.clone(),
        })
    }

    pub fn render(
        &self,
        template: &str,
        context: &impl serde::Serialize,
    ) -> Result<String, Diagnostic> {
        let ctx = tera::Context::from_serialize(context).map_err(|e| {
            Diagnostic::error(
                "template/context",
                template,
                format!("cannot prepare the template data: {e}"),
            )
        })?;
        self.tera.render(template, &ctx).map_err(|e| {
            template_diagnostic(
                &self.templates,
                &error_chain(&e),
                self.templates.iter().find(|t| t.name == template),
            )
        })
    }
}

/// Tera errors nest the useful part in their sources; join them into one message.
fn error_chain(e: &tera::Error) -> String {
    let mut parts = vec![e.to_string()];
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    parts.join("\n")
}

/// Turns a Tera error into a diagnostic at the template file and, where Tera says it (parse
/// errors) or it can be found (a missing variable), the line and column.
fn template_diagnostic(
    templates: &[TemplateFile],
    text: &str,
    fallback: Option<&TemplateFile>,
) -> Diagnostic {
    // Tera names the template in quotes: Failed to parse "page.html" / while rendering 'page.html'.
    let named = templates
        .iter()
        .filter(|t| {
            text.contains(&format!("'{}'", t.name)) || text.contains(&format!("\"{}\"", t.name))
        })
        .max_by_key(|t| text.rfind(&t.name))
        .or(fallback);
    let message = text
        .lines()
        .map(str::trim)
        .filter(|l| {
            !l.is_empty()
                && !l.starts_with("-->")
                && !l.starts_with('|')
                && !l.chars().next().is_some_and(|c| c.is_ascii_digit())
        })
        .map(|l| l.trim_start_matches("= ").to_string())
        .collect::<Vec<_>>()
        .join(": ");
    let Some(t) = named else {
        return Diagnostic::error("template/error", "templates", message).with_hint(
            "check the template syntax: {{ value }}, {% tag %}, and that every block is closed",
        );
    };
    let mut d = Diagnostic::error("template/error", &t.display, message);
    if let Some((line, column)) = parse_position(text) {
        d = d.at(&t.source, line, column);
    } else if let Some(var) = between(text, "Variable `", "`") {
        if let Some(offset) = t.source.find(var) {
            d = d.at_offset(&t.source, offset);
        }
        d = d.with_hint(format!(
            "`{var}` is not in the template data; guard optional values with {{% if {var} %}} or use `| default(value=\"\")`"
        ));
        return d;
    } else {
        d = d.at(&t.source, 1, 1);
    }
    d.with_hint("check the template syntax: {{ value }}, {% tag %}, and that every block is closed")
}

/// `--> 12:5` in Tera's parse errors.
fn parse_position(text: &str) -> Option<(usize, usize)> {
    let rest = &text[text.find("--> ")? + 4..];
    let end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == ':'))
        .unwrap_or(rest.len());
    let (line, column) = rest[..end].split_once(':')?;
    Some((line.parse().ok()?, column.parse().ok()?))
}

fn between<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let from = text.find(start)? + start.len();
    let len = text[from..].find(end)?;
    Some(&text[from..from + len])
}

//! Content kinds: what a page can hold besides plain Markdown.
//!
//! A kind is one folder here and one line in [`KINDS`]; the contract it implements is
//! `model::kind`. It declares, in its [`KindInfo`], how it is written (`kind: NAME` in the
//! front matter, a fenced block ```` ```NAME ````, or both), the front-matter keys it adds,
//! its template partial, its print partial, its own CSS and JS (linked only from pages that
//! use the kind), its site-wide pages and its `metodika new` examples. Its theme files sit
//! together in `themes/default/kinds/NAME/`.

// Diagnostics are the cold path and are collected, not propagated in hot loops; boxing them
// would only add noise at every call site.
#![allow(clippy::result_large_err)]

pub mod algorithm;
pub mod checklist;
pub mod glossary;
pub mod quiz;
mod schema;
pub mod service;
#[cfg(test)]
mod test_support;
pub mod text;

use metodika_model::kind::{Kind, KindInfo, SitePage};

/// The registry: every content kind, once.
pub static KINDS: &[&dyn Kind] = &[
    &glossary::Glossary,
    &quiz::QuizKind,
    &checklist::Checklist,
    &service::Service,
    &algorithm::AlgorithmKind,
];

/// The kind a `kind: NAME` page is of.
pub fn for_front_matter(name: &str) -> Option<&'static dyn Kind> {
    KINDS
        .iter()
        .copied()
        .find(|k| k.info().front_matter && k.info().name == name)
}

/// The kind a ```` ```NAME ```` fenced block is of.
pub fn for_fence(name: &str) -> Option<&'static dyn Kind> {
    KINDS
        .iter()
        .copied()
        .find(|k| k.info().fence && k.info().name == name)
}

/// Names of the fences whose YAML the Markdown renderer sets aside for a kind.
pub fn fence_names() -> Vec<&'static str> {
    KINDS
        .iter()
        .filter(|k| k.info().fence)
        .map(|k| k.info().name)
        .collect()
}

/// Names usable as `kind:`, for hints.
pub fn front_matter_names() -> Vec<&'static str> {
    KINDS
        .iter()
        .filter(|k| k.info().front_matter)
        .map(|k| k.info().name)
        .collect()
}

/// Every site page of every kind, in registry order, with the kind it belongs to.
pub fn site_pages() -> impl Iterator<Item = (&'static KindInfo, &'static dyn SitePage)> {
    KINDS
        .iter()
        .flat_map(|k| k.info().site_pages.iter().map(move |p| (k.info(), *p)))
}

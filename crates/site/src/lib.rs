//! The build of one site, a pipeline whose stages are this crate's modules, in the order the
//! data flows: [`setup`] (configuration, theme, templates, dictionary) -> [`load`] (the files
//! under `content/`) -> [`parse`] (front matter, Markdown and each kind's YAML into the typed
//! site) -> [`validate`] (links, anchors, kinds' site-wide checks) -> [`plan`] (the output
//! manifest, filled by [`generators`]) -> [`render`] (Tera) -> [`output`] (written into a
//! temporary folder, then swapped in). [`pipeline`] runs them, for `build`, `check` and
//! `serve`'s incremental rebuilds alike.

// Diagnostics are the cold path and are collected, not propagated in hot loops; boxing them
// would only add noise at every call site.
#![allow(clippy::result_large_err)]

pub(crate) mod generators;
pub mod load;
pub mod output;
pub mod parse;
pub mod pipeline;
pub mod plan;
pub mod render;
pub mod setup;
pub mod theme;
pub mod validate;

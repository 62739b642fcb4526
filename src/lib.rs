//! Metodika: a static-site generator for training and methodology sites that work offline.
//!
//! The build is a pipeline; each stage is a module, in the order the data flows:
//! [`config`] -> [`theme`] -> [`load`] -> [`parse`] (using [`markdown`] into [`model`]) ->
//! [`validate`] -> [`render`] -> [`output`]. [`pipeline`] runs them; [`diagnostics`] is the one
//! error type they all report with.

// Diagnostics are the cold path and are collected, not propagated in hot loops; boxing them
// would only add noise at every call site.
#![allow(clippy::result_large_err)]

pub mod cli;
pub mod config;
pub mod date;
pub mod diagnostics;
pub mod generators;
pub mod kinds;
pub mod load;
pub mod markdown;
pub mod model;
pub mod output;
pub mod parse;
pub mod pipeline;
pub mod plan;
pub mod render;
pub mod search;
pub mod serve;
pub mod setup;
pub mod theme;
pub mod url;
pub mod validate;
pub mod yaml;

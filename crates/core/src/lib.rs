//! What every stage of the build shares, and nothing that knows a page or a content kind:
//! [`diagnostics`] (the one error type, with file, line and column), [`yaml`] (the
//! positioned YAML tree every parser reads), [`config`] (`site.yaml`), [`url`] (output paths,
//! relative links, percent-encoding) and [`date`] (dates as written and as shown).

// Diagnostics are the cold path and are collected, not propagated in hot loops; boxing them
// would only add noise at every call site.
#![allow(clippy::result_large_err)]

pub mod config;
pub mod date;
pub mod diagnostics;
pub mod url;
pub mod yaml;

//! Stage 3, validate: checks that need the whole site: every link and image points at an
//! existing file, every `#anchor` at an existing heading; plus style warnings for `check`.

mod blocks;
mod links;
mod lints;

pub use blocks::validate_blocks;
pub use links::{resolve_relative, validate_links_with, LinkMemo};
pub use lints::lints;

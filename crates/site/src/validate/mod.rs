//! Stage 3, validate: checks that need the whole site: every link and image points at an
//! existing file, every `#anchor` at an existing heading; plus style warnings for `check`.

mod blocks;
mod links;
mod lints;

pub(crate) use blocks::validate_blocks;
pub(crate) use links::{validate_links_with, LinkMemo};
pub use lints::lints;

/// Every check of an assembled site: links and anchors (each file's problems kept in `memo`
/// between builds), the content kinds' own checks, and the style lints when asked for.
pub(crate) fn validate_site(
    site: &metodika_model::Site,
    memo: &std::sync::Mutex<LinkMemo>,
    with_lints: bool,
) -> Vec<metodika_core::diagnostics::Diagnostic> {
    let mut memo = memo.lock().unwrap_or_else(|e| e.into_inner());
    let mut problems = validate_links_with(site, &mut memo);
    drop(memo);
    problems.extend(validate_blocks(site));
    if with_lints {
        problems.extend(lints(site));
    }
    problems
}

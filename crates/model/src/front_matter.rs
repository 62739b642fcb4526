//! Page and section front matter: the typed model (read and checked in `parse`).

use serde::{Deserialize, Serialize};

/// The keys a page or section may have in its front matter.
pub const KEYS: &[&str] = &[
    "title",
    "kind",
    "description",
    "weight",
    "draft",
    "tags",
    "audience",
    "updated",
    "extra",
];

/// Front matter of a page or a section's `_index.md`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct FrontMatter {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    /// Orders siblings: lower first; pages without a weight come after weighted ones.
    #[serde(default)]
    pub weight: Option<i64>,
    #[serde(default)]
    pub draft: bool,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub tags: Vec<String>,
    /// Roles the page is written for (e.g. `policija`, `sociālais dienests`, `bāriņtiesa`).
    #[serde(default, deserialize_with = "null_as_empty")]
    pub audience: Vec<String>,
    /// Date of the last substantive change, `YYYY-MM-DD`.
    #[serde(default)]
    pub updated: Option<String>,
    /// Free-form data for themes.
    #[serde(default)]
    pub extra: serde_json::Value,
    /// The content kind of the page (`glossary`, ...); plain Markdown when absent.
    #[serde(default)]
    pub kind: Option<String>,
}

/// `tags:` with nothing after it is an empty list, not an error.
fn null_as_empty<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    Ok(Option::<Vec<String>>::deserialize(d)?.unwrap_or_default())
}

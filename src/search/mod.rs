//! Search: what the index and the queries share. Today: turning text into search terms
//! ([`normalize`]); the index and the browser's side follow.

pub mod normalize;

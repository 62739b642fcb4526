//! Search: the index, built at build time from every document's search records, and what
//! the index and the browser's queries share ([`normalize`]).

pub mod hunspell;
pub mod index;
pub mod lexicon;
pub mod normalize;

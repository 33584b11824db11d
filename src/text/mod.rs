//! Text utilities shared by parsing and checks: dates, normalisation, words
//! and what URLs say about their pages.

pub mod dates;
pub mod key_facts;
pub mod normalize;
pub mod passages;
pub mod quantities;
pub mod quotes;
pub mod signals;
pub mod similarity;
pub mod urls;
pub mod words;

//! Text utilities shared by parsing and checks: normalisation, words, key
//! facts and what URLs say about their pages.

pub mod durations;
pub mod fact_words;
pub mod identifiers;
pub mod key_facts;
pub mod normalize;
pub mod passages;
pub mod quantities;
pub mod quotes;
pub mod signals;
pub mod similarity;
pub mod slugs;
pub mod statements;
pub mod url_dates;
pub mod urls;
pub mod words;

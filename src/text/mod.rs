//! Text utilities shared by parsing and checks: dates and normalisation.

pub mod dates;
pub mod normalize;
pub mod quotes;
pub mod signals;
pub mod similarity;
pub mod words;

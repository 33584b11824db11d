//! Text utilities shared by parsing and checks: dates and normalisation.

pub mod dates;
pub mod normalize;
pub mod words;

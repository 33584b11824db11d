//! citecheck: a citation-integrity linter.
//!
//! The pipeline flows one way: [`source`] → [`document`] → [`checks`] →
//! [`report`]. The library never prints; the binary owns the terminal.
#![deny(clippy::print_stdout, clippy::print_stderr)]

pub mod batch;
pub mod checks;
pub mod config;
pub mod document;
pub mod engine;
pub mod net;
pub mod parallel;
pub mod report;
pub mod source;
pub mod sources;
pub mod text;

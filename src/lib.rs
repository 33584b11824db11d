//! citecheck: a citation-integrity linter.
//!
//! The pipeline flows one way: [`source`] → [`document`] → [`checks`] →
//! [`report`], with [`calendar`] beneath them all, importing nothing from
//! the crate. The library never prints; the binary owns the terminal.
#![deny(clippy::print_stdout, clippy::print_stderr)]

pub mod batch;
pub mod calendar;
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

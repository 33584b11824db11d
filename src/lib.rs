//! citecheck: a citation-integrity linter.
//!
//! The pipeline flows one way: [`source`] → [`document`] → [`checks`] →
//! [`report`], over a bottom [`model`] and [`calendar`] that import nothing
//! from the crate; [`settings`] resolves configuration and flags once,
//! [`engine`] runs it all, and [`server`] serves it to editors. Only [`net`]
//! talks to the network.
//! `tests/layers.rs` keeps the imports pointing down. The library never
//! prints; the binary owns the terminal.
#![deny(clippy::print_stdout, clippy::print_stderr)]

pub mod atomic;
pub mod batch;
pub mod calendar;
pub mod checks;
pub mod config;
pub mod document;
pub mod engine;
pub mod hash;
pub mod memory;
pub mod model;
pub mod net;
pub mod parallel;
pub mod report;
pub mod server;
pub mod settings;
pub mod source;
pub mod sources;
pub mod text;

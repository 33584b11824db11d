//! `citecheck server`: the Language Server Protocol over stdio, one process
//! for many documents. Built on `lsp-server` + `lsp-types` (rust-analyzer's
//! crates, which ruff's first server used too): a synchronous message loop
//! suits checks that are pure and quick, where `tower-lsp-server` would put
//! an async runtime under every handler; the link stage keeps its own
//! runtime in `net`, on a background thread per document.
//!
//! Data still flows one way: text from the client → `document` → `checks`
//! (through `engine`) → LSP diagnostics, a view of the one model.

mod actions;
mod diagnostics;
mod documents;
mod hover;
mod position;
mod session;
mod transport;

use std::path::PathBuf;

pub use position::{Encoding, LineMap};

/// What the command line says about the server.
#[derive(Debug, Clone, Default)]
pub struct ServerOptions {
    /// Never run the link stage (a client may change it with
    /// `workspace/didChangeConfiguration`).
    pub offline: bool,
    pub no_cache: bool,
    pub cache_dir: Option<PathBuf>,
    /// Where configuration comes from (`--config`, `--no-config`).
    pub config: crate::settings::ConfigMode,
    /// The flags over every configuration.
    pub overlay: crate::settings::Overlay,
}

/// How the session ended, for the exit code: the protocol asks for 0 after
/// `shutdown` then `exit`, 1 for an `exit` (or the end of input) without it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    Clean,
    WithoutShutdown,
}

/// Serve on standard input and output until `exit` or the end of input.
pub fn run(options: ServerOptions) -> Ended {
    let (incoming, outgoing, writer) = transport::stdio();
    let ended = session::Session::new(options, outgoing).run(&incoming);
    // The session's sender is dropped: the writer drains and stops.
    let _ = writer.join();
    ended
}

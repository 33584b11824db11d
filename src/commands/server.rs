//! `citecheck server`: the editor server on stdin/stdout, with the same
//! configuration discovery as a check (`--config`, `--no-config`).

use citecheck::engine::Overlay;
use citecheck::server::{self, Ended, ServerOptions};

use super::{ExitStatus, Outcome};
use crate::cli::Cli;

pub fn run(
    cli: &Cli,
    offline: bool,
    no_cache: bool,
    cache_dir: Option<std::path::PathBuf>,
    allow_private: bool,
) -> Outcome {
    let options = ServerOptions {
        offline,
        no_cache,
        cache_dir,
        config: super::config_mode(cli),
        overlay: Overlay {
            allow_private,
            ..Overlay::default()
        },
    };
    Ok(match server::run(options) {
        Ended::Clean => ExitStatus::Success,
        // The protocol's exit code for `exit` without `shutdown`.
        Ended::WithoutShutdown => ExitStatus::Failure,
    })
}

//! `citecheck completions SHELL`: a completion script from the clap command.

use super::{output, ExitStatus, Outcome};
use crate::cli::Cli;

pub fn run(shell: clap_complete::Shell) -> Outcome {
    let mut cmd = <Cli as clap::CommandFactory>::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "citecheck", &mut out);
    output::write_out(&String::from_utf8_lossy(&out));
    Ok(ExitStatus::Success)
}

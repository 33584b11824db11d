//! `citecheck man`: the man page (roff) from the clap command.

use super::{output, ExitStatus, Failure, Outcome};
use crate::cli::Cli;

pub fn run() -> Outcome {
    let cmd = <Cli as clap::CommandFactory>::command();
    let mut out = Vec::new();
    clap_mangen::Man::new(cmd)
        .render(&mut out)
        .map_err(|e| Failure::message(format!("cannot render the man page: {e}")))?;
    output::write_out(&String::from_utf8_lossy(&out));
    Ok(ExitStatus::Success)
}

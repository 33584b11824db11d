//! `citecheck man [SUBCOMMAND…]`: the man pages (roff) from the clap
//! command: citecheck(1) and one page per subcommand, which citecheck(1)'s
//! SUBCOMMANDS section names (citecheck-rules(1), …).

use super::{output, ExitStatus, Failure, Outcome};
use crate::cli::Cli;

pub fn run(page: &[String]) -> Outcome {
    let mut cmd = <Cli as clap::CommandFactory>::command();
    // Built, so that each subcommand's display name is `citecheck-rules`.
    cmd.build();
    let mut target = &cmd;
    for name in page {
        target = target.find_subcommand(name).ok_or_else(|| {
            let known: Vec<&str> = target
                .get_subcommands()
                .map(|c| c.get_name())
                .filter(|n| *n != "help")
                .collect();
            Failure::message(format!(
                "no man page for `{}`; pages: {}",
                page.join(" "),
                known.join(", ")
            ))
        })?;
    }
    let mut out = Vec::new();
    clap_mangen::Man::new(target.clone())
        .render(&mut out)
        .map_err(|e| Failure::message(format!("cannot render the man page: {e}")))?;
    output::write_out(&String::from_utf8_lossy(&out));
    Ok(ExitStatus::Success)
}

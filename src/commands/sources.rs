//! `citecheck sources fetch PATH… --into DIR`: save every cited page.

use citecheck::engine::Resolver;

use super::{ExitStatus, Failure, Outcome};
use crate::cli::Cli;

pub fn fetch(
    cli: &Cli,
    resolver: &mut Resolver,
    paths: &[String],
    into: &std::path::Path,
) -> Outcome {
    if cli.offline {
        return Err(Failure::message(
            "`sources fetch` needs the network, but --offline (or CITECHECK_OFFLINE) is set",
        ));
    }
    // The run's `[links]` with this command's flags over it; saving needs
    // neither archive look-ups nor soft-404 probes.
    let mut opts = resolver.run_settings()?.net_options();
    opts.archive = None;
    opts.soft_404_probe = false;
    for warning in resolver.trust_warnings() {
        eprintln!("{warning}");
    }
    let done = citecheck::sources::fetch::run(paths, into, &opts)
        .map_err(|e| Failure::message(e.to_string()))?;
    for notice in done
        .notices
        .iter()
        .cloned()
        .chain(done.no_network.map(citecheck::engine::no_network_notice))
    {
        eprintln!("{notice}");
    }
    for (url, why) in &done.failed {
        eprintln!("warning: not saved: {url}: {why}");
    }
    eprintln!(
        "saved {} page{} in {} ({} request{})",
        done.saved.len(),
        if done.saved.len() == 1 { "" } else { "s" },
        done.manifest.display(),
        done.requests,
        if done.requests == 1 { "" } else { "s" },
    );
    Ok(ExitStatus::Success)
}

//! `citecheck explain CODE|NAME`: one rule's long explanation.

use citecheck::checks::registry;

use super::{output, ExitStatus, Failure, Outcome};

pub fn run(rule: &str) -> Outcome {
    let r = registry::lookup(rule).ok_or_else(|| {
        Failure::message(format!(
            "unknown rule `{rule}`; `citecheck rules` lists them all"
        ))
    })?;
    output::write_out(&registry::explain(r));
    Ok(ExitStatus::Success)
}

//! `citecheck rules`: every rule of the registry, as a table or JSON.

use citecheck::checks::registry;
use citecheck::report::{rules_table, OutputFormat};

use super::{output, ExitStatus, Outcome};

pub fn run(format: OutputFormat) -> Outcome {
    let rules = registry::catalogue();
    output::write_out(&if format.is_json() {
        rules_table::render_json(rules)
    } else {
        rules_table::render_table(rules)
    });
    Ok(ExitStatus::Success)
}

//! `citecheck config --show [PATH]` (the settings that apply there) and
//! `citecheck config --schema` (the JSON Schema of citecheck.toml).

use std::path::Path;

use citecheck::checks::registry;
use citecheck::engine::Resolver;

use super::{output, ExitStatus, Outcome};

pub fn run(resolver: &mut Resolver, show: Option<&Path>, schema: bool) -> Outcome {
    if schema {
        output::write_out(&citecheck::config::json_schema());
        return Ok(ExitStatus::Success);
    }
    let path = show.unwrap_or(Path::new("."));
    // A directory stands for a file in it, so its own configuration applies.
    let anchor = if path.is_dir() {
        path.join("citecheck.toml")
    } else {
        path.to_path_buf()
    };
    let settings = resolver.settings(&anchor)?;
    let enabled: Vec<&str> = registry::RULES
        .iter()
        .filter(|r| settings.selection.is_enabled(r.code))
        .map(|r| r.code)
        .collect();
    let mut out = format!(
        "# configuration file: {}\n# enabled rules: {}\n",
        settings.config_path.as_ref().map_or_else(
            || "none (built-in defaults)".to_string(),
            |p| p.display().to_string()
        ),
        enabled.join(" ")
    );
    out.push_str(&toml::to_string_pretty(&settings.config).unwrap_or_default());
    output::write_out(&out);
    Ok(ExitStatus::Success)
}

//! The output formats by name: a setting (`--format`, `CITECHECK_FORMAT`,
//! the configuration's `format` key) read once into one type; report/ turns
//! it into an emitter.

use serde::Serialize;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, clap::ValueEnum, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum OutputFormat {
    /// rustc-style diagnostics (miette).
    Human,
    /// The same, in miette's screen-reader layout.
    Narrated,
    /// One `path:line:col: severity[CODE] message` per line.
    Concise,
    /// The citecheck-report/1 JSON document.
    Json,
    /// One JSON diagnostic per line, with its path.
    Jsonl,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF consumers.
    Sarif,
    /// GitHub Actions workflow-command annotations.
    Github,
}

impl OutputFormat {
    pub const ALL: [OutputFormat; 7] = [
        OutputFormat::Human,
        OutputFormat::Narrated,
        OutputFormat::Concise,
        OutputFormat::Json,
        OutputFormat::Jsonl,
        OutputFormat::Sarif,
        OutputFormat::Github,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            OutputFormat::Human => "human",
            OutputFormat::Narrated => "narrated",
            OutputFormat::Concise => "concise",
            OutputFormat::Json => "json",
            OutputFormat::Jsonl => "jsonl",
            OutputFormat::Sarif => "sarif",
            OutputFormat::Github => "github",
        }
    }

    pub fn from_name(name: &str) -> Option<OutputFormat> {
        OutputFormat::ALL.into_iter().find(|f| f.as_str() == name)
    }

    /// For people (a progress bar may show), not for programs.
    pub fn is_human(self) -> bool {
        matches!(self, OutputFormat::Human | OutputFormat::Narrated)
    }

    /// Whether `citecheck rules` and `--statistics` answer in JSON.
    pub fn is_json(self) -> bool {
        matches!(
            self,
            OutputFormat::Json | OutputFormat::Jsonl | OutputFormat::Sarif
        )
    }
}

impl std::fmt::Display for OutputFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Read by name, with an error that lists the formats.
impl<'de> serde::Deserialize<'de> for OutputFormat {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<OutputFormat, D::Error> {
        let name = String::deserialize(d)?;
        OutputFormat::from_name(&name).ok_or_else(|| {
            let names: Vec<&str> = OutputFormat::ALL.iter().map(|f| f.as_str()).collect();
            serde::de::Error::custom(format!(
                "unknown format `{name}` (expected one of {}){}",
                names.join(", "),
                super::suggest::did_you_mean(&name, names.iter().copied())
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_format_gets_a_suggestion() {
        let err = serde_json::from_str::<OutputFormat>("\"jsn\"").unwrap_err();
        assert!(err.to_string().contains("did you mean `json`?"), "{err}");
    }

    #[test]
    fn names_round_trip_and_match_clap() {
        for f in OutputFormat::ALL {
            assert_eq!(OutputFormat::from_name(f.as_str()), Some(f));
            let clap = <OutputFormat as clap::ValueEnum>::from_str(f.as_str(), false);
            assert_eq!(clap, Ok(f));
        }
        assert_eq!(
            <OutputFormat as clap::ValueEnum>::value_variants().len(),
            OutputFormat::ALL.len()
        );
    }
}

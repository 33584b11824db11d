//! Which rules run, at which severity: `--select`, `--extend-select` and
//! `--ignore` resolved against the registry once, before any check runs.

use crate::model::{suggest, Severity};
use std::collections::{BTreeMap, BTreeSet};

use thiserror::Error;

use super::registry;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    enabled: BTreeSet<&'static str>,
    severities: BTreeMap<&'static str, Severity>,
}

#[derive(Debug, Error, PartialEq, Eq)]
#[error("unknown rule selector `{0}` (expected a code such as CC001, a code prefix such as CC0, a rule name, or ALL; see `citecheck rules`){hint}", hint = suggest::did_you_mean(.0, registry::RULES.iter().flat_map(|r| [r.code, r.name])))]
pub struct UnknownSelector(pub String);

impl Default for Selection {
    fn default() -> Self {
        Selection {
            enabled: registry::RULES.iter().map(|r| r.code).collect(),
            severities: BTreeMap::new(),
        }
    }
}

impl Selection {
    /// `select` replaces the default set; `extend_select` adds to it;
    /// `ignore` removes from it, and wins.
    pub fn new(
        select: Option<&[String]>,
        extend_select: &[String],
        ignore: &[String],
    ) -> Result<Selection, UnknownSelector> {
        let mut selection = Selection::default();
        if let Some(select) = select {
            selection.enabled.clear();
            for s in select {
                selection.enabled.extend(resolve(s)?);
            }
        }
        for s in extend_select {
            selection.enabled.extend(resolve(s)?);
        }
        for s in ignore {
            for code in resolve(s)? {
                selection.enabled.remove(code);
            }
        }
        Ok(selection)
    }

    pub fn is_enabled(&self, code: &str) -> bool {
        self.enabled.contains(code)
    }

    /// Override a rule's severity.
    pub fn set_severity(&mut self, code: &'static str, severity: Severity) {
        self.severities.insert(code, severity);
    }

    pub fn severity(&self, code: &str, default: Severity) -> Severity {
        self.severities.get(code).copied().unwrap_or(default)
    }
}

fn resolve(selector: &str) -> Result<Vec<&'static str>, UnknownSelector> {
    let mut codes = Vec::new();
    for part in selector.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let rules = registry::catalogue().matching(part);
        if rules.is_empty() {
            return Err(UnknownSelector(part.to_string()));
        }
        codes.extend(rules.iter().map(|r| r.code));
    }
    Ok(codes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn defaults_are_the_stable_rules() {
        let s = Selection::default();
        assert!(s.is_enabled("CC001"));
        assert!(s.is_enabled("CC501"));
        assert!(!s.is_enabled("CC999"));
    }

    #[test]
    fn select_extend_ignore() {
        let s = Selection::new(
            Some(&v(&["CC00"])),
            &v(&["uncited-claim"]),
            &v(&["CC002,CC003"]),
        )
        .unwrap();
        assert!(s.is_enabled("CC001"));
        assert!(!s.is_enabled("CC002"));
        assert!(!s.is_enabled("CC003"));
        assert!(s.is_enabled("CC101"));
        let s = Selection::new(Some(&v(&["CC004"])), &[], &[]).unwrap();
        assert!(!s.is_enabled("CC001"));
        assert_eq!(
            Selection::new(None, &[], &v(&["CC999"])),
            Err(UnknownSelector("CC999".into()))
        );
    }
}

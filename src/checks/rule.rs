//! A rule as the registry lists it: its description ([`RuleMeta`]) and the
//! check that finds it, in one value exported by the rule's own file.

use crate::model::{Diagnostic, RuleMeta};
use std::ops::Deref;

use super::Context;

/// How a rule finds its diagnostics.
#[derive(Debug, Clone, Copy)]
pub enum Check {
    /// From the document, and the link stage's facts when it ran.
    Document(fn(&Context<'_>) -> Vec<Diagnostic>),
    /// While inline suppressions are applied to the other rules' findings:
    /// only then is it known which suppressed nothing (CC007).
    Suppressions,
}

/// Room for a rule's fixes (`--fix`): given one of its diagnostics, the edit
/// that resolves it. No rule offers one yet.
pub type FixFn = fn(&Context<'_>, &Diagnostic) -> Option<Fix>;

/// An edit that resolves a diagnostic: replacements of byte spans of the
/// original text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub message: String,
    pub edits: Vec<(crate::model::Span, String)>,
}

/// One rule: what it is, and how it is checked.
#[derive(Debug)]
pub struct Rule {
    pub meta: RuleMeta,
    pub check: Check,
    pub fix: Option<FixFn>,
}

impl Deref for Rule {
    type Target = RuleMeta;

    fn deref(&self) -> &RuleMeta {
        &self.meta
    }
}

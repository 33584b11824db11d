//! A rule as the registry lists it: its description ([`RuleMeta`]) and the
//! check that finds it, in one value exported by the rule's own file.

use crate::model::{Diagnostic, Fix, RuleMeta};
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

/// A rule's fixes (`--fix`): given one of its diagnostics, the edits that
/// resolve it, when it knows them. [`super::run`] attaches them.
pub type FixFn = fn(&Context<'_>, &Diagnostic) -> Option<Fix>;

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

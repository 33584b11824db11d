//! The shared model at the bottom of the crate: spans, severities,
//! diagnostics, fixes and what a rule is as settings and reports see it. It imports
//! nothing from the rest of the crate, so every layer can use it.

mod diagnostic;
pub mod fix;
mod format;
mod link;
mod rule;
mod site;
mod span;
pub mod suggest;

pub use diagnostic::{Diagnostic, Label, Severity};
pub use fix::{Applicability, Edit, Fix};
pub use format::OutputFormat;
pub use link::link_key;
pub use rule::{Catalogue, Needs, RuleMeta};
pub use site::Site;
pub use span::{RefKey, Span};

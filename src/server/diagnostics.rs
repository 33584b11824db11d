//! citecheck's diagnostics as LSP diagnostics: one view more of the one
//! model, like the report's renderers.

use lsp_types::{
    CodeDescription, DiagnosticRelatedInformation, DiagnosticSeverity, DiagnosticTag, Location,
    NumberOrString, Uri,
};

use super::position::LineMap;
use crate::checks::registry;
use crate::model::{Diagnostic, Severity};

/// The rules whose findings point at text that does nothing (a reference
/// nobody cites, a suppression that suppresses nothing): editors grey it.
const UNNECESSARY: &[&str] = &["CC002", "CC007"];

pub fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    }
}

/// One finding for the client: the message with its help after it (not
/// every client shows `data`), the second and further labels as related
/// places, the rule's page as the code's link.
pub fn to_lsp(d: &Diagnostic, text: &str, lines: &LineMap, uri: &Uri) -> lsp_types::Diagnostic {
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    let related: Vec<DiagnosticRelatedInformation> = d
        .labels
        .iter()
        .skip(1)
        .map(|l| DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), lines.range(text, l.span)),
            message: l.message.to_string(),
        })
        .collect();
    let href = registry::lookup(d.code)
        .and_then(|r| r.doc_url().parse::<Uri>().ok())
        .map(|href| CodeDescription { href });
    lsp_types::Diagnostic {
        range: lines.range(text, d.span),
        severity: Some(severity(d.severity)),
        code: Some(NumberOrString::String(d.code.to_string())),
        code_description: href,
        source: Some("citecheck".to_string()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: UNNECESSARY
            .contains(&d.code)
            .then(|| vec![DiagnosticTag::UNNECESSARY]),
        data: Some(serde_json::json!({
            "rule": d.rule,
            "fixable": d.fix.is_some(),
        })),
    }
}

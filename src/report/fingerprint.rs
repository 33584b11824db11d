//! Stable fingerprints of findings: the rule plus the flagged text (white
//! space folded) plus which occurrence of that text it is, so a finding
//! keeps its fingerprint when other parts of the file change. Used by SARIF's
//! `partialFingerprints` and by baselines.

use std::collections::HashMap;

use super::FileReport;
use crate::hash::fnv1a;

/// One fingerprint per diagnostic of the file, in order.
pub fn fingerprints(file: &FileReport) -> Vec<String> {
    let mut seen: HashMap<(String, u64), usize> = HashMap::new();
    file.diagnostics
        .iter()
        .map(|d| {
            let text = file.source.text.get(d.span.range()).unwrap_or("");
            let folded: Vec<&str> = text.split_whitespace().collect();
            let text_hash = fnv1a(folded.join(" ").as_bytes());
            let n = seen.entry((d.code.to_string(), text_hash)).or_insert(0);
            *n += 1;
            let key = format!("{}\0{:016x}\0{}", d.code, text_hash, n);
            format!("{:016x}", fnv1a(key.as_bytes()))
        })
        .collect()
}

//! What a rule is to everything that does not run it: identity, default
//! severity, what it needs and its documentation. The check itself is
//! attached in `checks/`, which builds the one registry; settings and
//! reports receive the list as a [`Catalogue`].

use super::Severity;

/// What a rule reads, which decides when it runs and what the link stage
/// must fetch for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Needs {
    /// The article alone.
    Text,
    /// The article, and the fetched page's metadata when the link stage ran
    /// (it runs offline too, on the URL alone).
    TextOrPage,
    /// Only with the link stage: the link's status.
    LinkStatus,
    /// Only with the link stage: the fetched page itself.
    Page,
}

impl Needs {
    /// Whether the rule only runs when the link stage ran.
    pub fn online_only(self) -> bool {
        matches!(self, Needs::LinkStatus | Needs::Page)
    }

    /// Whether the rule wants the link stage to run at all.
    pub fn uses_links(self) -> bool {
        self != Needs::Text
    }

    /// Whether the rule reads the fetched page, not only its status.
    pub fn uses_page(self) -> bool {
        matches!(self, Needs::TextOrPage | Needs::Page)
    }
}

/// A rule's description.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleMeta {
    /// `CC001`: a public contract, never changed once published.
    pub code: &'static str,
    /// `undefined-citation`: also a public contract.
    pub name: &'static str,
    /// Severity unless the configuration overrides it.
    pub severity: Severity,
    pub needs: Needs,
    /// One line for `citecheck rules` and SARIF's short description.
    pub summary: &'static str,
    /// Long explanation: what it does, why it matters, example, use instead.
    pub explanation: &'static str,
}

impl RuleMeta {
    /// The rule's documentation page (`docs/rules/CODE.md` in the
    /// repository), for SARIF's `helpUri` and editors' code links.
    pub fn doc_url(&self) -> String {
        format!(
            "{}/blob/main/docs/rules/{}.md",
            env!("CARGO_PKG_REPOSITORY"),
            self.code
        )
    }
}

/// The rules a run knows, in registry order: what configuration validation,
/// selection and the reports look rules up in.
#[derive(Debug, Clone, Copy)]
pub struct Catalogue<'a> {
    rules: &'a [&'static RuleMeta],
}

impl<'a> Catalogue<'a> {
    pub fn new(rules: &'a [&'static RuleMeta]) -> Catalogue<'a> {
        Catalogue { rules }
    }

    pub fn iter(&self) -> impl Iterator<Item = &'static RuleMeta> + 'a {
        self.rules.iter().copied()
    }

    pub fn len(&self) -> usize {
        self.rules.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// Position of the rule with this exact code.
    pub fn position(&self, code: &str) -> Option<usize> {
        self.rules.iter().position(|r| r.code == code)
    }

    /// A rule by code or name, case-insensitively (`cc001`, `undefined-citation`).
    pub fn lookup(&self, code_or_name: &str) -> Option<&'static RuleMeta> {
        let wanted = code_or_name.trim();
        self.iter()
            .find(|r| r.code.eq_ignore_ascii_case(wanted) || r.name.eq_ignore_ascii_case(wanted))
    }

    /// The rules a selector names: a code, a code prefix (`CC0`, `CC`), a
    /// name, or `ALL`. Empty when it names nothing.
    pub fn matching(&self, selector: &str) -> Vec<&'static RuleMeta> {
        let s = selector.trim();
        if s.eq_ignore_ascii_case("all") {
            return self.iter().collect();
        }
        if let Some(rule) = self.lookup(s) {
            return vec![rule];
        }
        let upper = s.to_ascii_uppercase();
        if upper.len() >= 2 && upper.starts_with("CC") {
            return self.iter().filter(|r| r.code.starts_with(&upper)).collect();
        }
        Vec::new()
    }
}

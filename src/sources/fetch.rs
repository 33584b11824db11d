//! `citecheck sources fetch`: every page the given articles cite, fetched
//! live once and written into a saved-sources folder, so the evidence can be
//! committed beside the article and later runs read it with `--sources`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::{manifest, SavedPage, SourcesError};
use crate::document;
use crate::net::{self, NetOptions, Outcome, Request};
use crate::source::{self, Input, Source};

/// What a fetch did.
#[derive(Debug, Default)]
pub struct Fetched {
    pub manifest: PathBuf,
    /// URLs saved.
    pub saved: Vec<String>,
    /// URLs not saved, with why.
    pub failed: Vec<(String, String)>,
    pub requests: usize,
    pub notices: Vec<String>,
    /// No host could be resolved (the number tried): nothing was fetched.
    pub no_network: Option<usize>,
}

/// Fetch every URL the articles at `paths` cite and save the pages in
/// `into`. An article that cannot be read is an error naming it.
pub fn run<P: AsRef<Path>>(
    paths: &[P],
    into: &Path,
    opts: &NetOptions,
) -> Result<Fetched, SourcesError> {
    let (inputs, errors) = source::collect_inputs(paths);
    if let Some(e) = errors.into_iter().next() {
        return Err(SourcesError::Io {
            path: PathBuf::from(&e.path),
            source: std::io::Error::other(e.error.to_string()),
        });
    }
    let mut urls: BTreeSet<String> = BTreeSet::new();
    for input in inputs {
        let (name, text) = match input {
            Input::Stdin => ("-".to_string(), source::read_stdin()),
            Input::File(p) => (p.display().to_string(), source::read_file(&p)),
        };
        let text = text.map_err(|e| SourcesError::Io {
            path: PathBuf::from(&name),
            source: std::io::Error::other(e.to_string()),
        })?;
        let doc = document::parse(&Source::new(name, text));
        urls.extend(
            doc.references
                .iter()
                .filter_map(document::Reference::link_key),
        );
    }
    let requests = urls
        .iter()
        .map(|url| Request {
            url: url.clone(),
            need_page: true,
        })
        .collect();
    let mut opts = opts.clone();
    opts.keep_bodies = true;
    let checked =
        net::check_all(requests, &opts, None).map_err(|e| SourcesError::Net(e.to_string()))?;
    let fetched_at = httpdate::fmt_http_date(std::time::SystemTime::now());
    let mut pages = Vec::new();
    let mut out = Fetched {
        requests: checked.requests_sent,
        notices: checked.notices,
        no_network: checked.no_network,
        ..Fetched::default()
    };
    for url in urls {
        match checked.bodies.get(&url) {
            Some(raw) if !raw.truncated => {
                pages.push(SavedPage {
                    url: url.clone(),
                    final_url: (raw.final_url != url).then(|| raw.final_url.clone()),
                    status: raw.status,
                    content_type: raw.content_type.clone(),
                    fetched: Some(fetched_at.clone()),
                    body: raw.body.clone(),
                });
                out.saved.push(url);
            }
            Some(_) => out
                .failed
                .push((url, "larger than `max-body-bytes`".into())),
            None => {
                let why = match checked.links.facts.get(&url).map(|f| &f.outcome) {
                    Some(Outcome::Alive { .. }) => "not HTML or text".to_string(),
                    Some(Outcome::Dead(d)) => describe_dead(d),
                    Some(Outcome::Unverified(u)) => describe_unverified(u),
                    None => "not fetched".to_string(),
                };
                out.failed.push((url, why));
            }
        }
    }
    out.manifest = manifest::write_dir(into, &pages)?;
    Ok(out)
}

fn describe_dead(d: &net::Dead) -> String {
    match d {
        net::Dead::Status { status } => format!("HTTP {status}"),
        net::Dead::UnknownHost { host } => format!("no such host {host}"),
        net::Dead::Failing { last } => {
            format!("failing for days ({})", describe_unverified(last))
        }
    }
}

fn describe_unverified(u: &net::Unverified) -> String {
    use net::Unverified as U;
    match u {
        U::Timeout { millis } => format!("no answer within {millis} ms"),
        U::Connection { message } => message.clone(),
        U::Status { status } => format!("HTTP {status}"),
        U::Blocked { host, address } => {
            format!("{host} is a private address ({address}); see --allow-private")
        }
        U::RedirectLoop { hops } => format!("a redirect loop after {hops} hops"),
        U::TooManyRedirects { hops } => format!("more than {hops} redirects"),
        U::Invalid { message } => message.clone(),
        U::Dns { host, message } => format!("cannot resolve {host}: {message}"),
    }
}

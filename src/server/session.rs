//! The protocol loop: the `initialize` handshake, then every request and
//! notification in order. Changes are checked after a short quiet spell;
//! the link stage runs on background threads and its results come back
//! here to be republished. A handler that fails answers with an error and
//! the loop goes on.

use std::collections::HashSet;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, Sender};
use lsp_server::{Message, Notification, Request, RequestId, Response};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability, HoverProviderCapability,
    InitializeResult, MessageType, OneOf, PositionEncodingKind, PublishDiagnosticsParams,
    SaveOptions, ServerCapabilities, ServerInfo, TextDocumentSyncCapability, TextDocumentSyncKind,
    TextDocumentSyncOptions, TextDocumentSyncSaveOptions, Uri,
};
use serde_json::Value;

use super::documents::{self, Checked, Doc, Documents};
use super::position::Encoding;
use super::transport::{Incoming, Outgoing};
use super::{actions, diagnostics, hover, Ended, ServerOptions};
use crate::checks;
use crate::engine::{self, LinkOptions};
use crate::net::Links;
use crate::settings::{Resolver, Settings};

/// How long typing must pause before a changed document is checked again.
const DEBOUNCE: Duration = Duration::from_millis(150);

const INVALID_REQUEST: i32 = -32600;
const METHOD_NOT_FOUND: i32 = -32601;
const INVALID_PARAMS: i32 = -32602;
const INTERNAL_ERROR: i32 = -32603;
const SERVER_NOT_INITIALIZED: i32 = -32002;

/// The configuration files whose change reloads settings.
const CONFIG_NAMES: &[&str] = &["citecheck.toml", ".citecheck.toml"];

/// What a link-stage thread sends back.
struct LinksDone {
    uri: Uri,
    links: Option<Links>,
    notices: Vec<String>,
}

pub struct Session {
    options: ServerOptions,
    out: Sender<Outgoing>,
    encoding: Encoding,
    docs: Documents,
    resolver: Resolver,
    /// `offline` as the client last set it (else the command line's).
    offline: bool,
    links_tx: Sender<LinksDone>,
    links_rx: Receiver<LinksDone>,
    /// Documents whose link stage is running, and those to run again when
    /// it ends (saved again meanwhile).
    links_running: HashSet<String>,
    links_again: HashSet<String>,
    /// Messages already shown, so a bad configuration is said once.
    shown: HashSet<String>,
    initialized: bool,
    shutdown: bool,
    watch_dynamic: bool,
    next_id: i32,
}

impl Session {
    pub fn new(options: ServerOptions, out: Sender<Outgoing>) -> Session {
        let (links_tx, links_rx) = crossbeam_channel::unbounded();
        let resolver = Resolver::new(options.config.clone(), options.overlay.clone());
        Session {
            offline: options.offline,
            options,
            out,
            encoding: Encoding::Utf16,
            docs: Documents::default(),
            resolver,
            links_tx,
            links_rx,
            links_running: HashSet::new(),
            links_again: HashSet::new(),
            shown: HashSet::new(),
            initialized: false,
            shutdown: false,
            watch_dynamic: false,
            next_id: 0,
        }
    }

    pub fn run(mut self, incoming: &Receiver<Incoming>) -> Ended {
        loop {
            let wait = self
                .docs
                .next_due()
                .map_or(Duration::from_secs(3600), |due| {
                    due.saturating_duration_since(Instant::now())
                });
            crossbeam_channel::select! {
                recv(incoming) -> item => match item {
                    Ok(Incoming::Message(m)) => {
                        if let Some(ended) = self.guarded(m) {
                            return ended;
                        }
                    }
                    Ok(Incoming::Malformed { why, code, id }) => self.malformed(&why, code, id),
                    Ok(Incoming::Closed) | Err(_) => return Ended::WithoutShutdown,
                },
                recv(self.links_rx) -> done => {
                    if let Ok(done) = done {
                        self.links_done(done);
                    }
                },
                default(wait) => {},
            }
            self.check_due();
        }
    }

    /// One message, a panic in its handler caught and answered: whatever a
    /// document holds, the server goes on.
    fn guarded(&mut self, m: Message) -> Option<Ended> {
        let id = match &m {
            Message::Request(r) => Some(r.id.clone()),
            _ => None,
        };
        let method = match &m {
            Message::Request(r) => r.method.clone(),
            Message::Notification(n) => n.method.clone(),
            Message::Response(_) => String::new(),
        };
        match std::panic::catch_unwind(AssertUnwindSafe(|| self.message(m))) {
            Ok(ended) => ended,
            Err(_) => {
                let why = format!("internal error handling {method}; the server goes on");
                self.log(MessageType::ERROR, &why);
                if let Some(id) = id {
                    self.respond(Response::new_err(id, INTERNAL_ERROR, why));
                }
                None
            }
        }
    }

    fn message(&mut self, m: Message) -> Option<Ended> {
        match m {
            Message::Request(r) => {
                if !self.initialized {
                    if r.method == "initialize" {
                        self.initialize(r);
                    } else {
                        self.respond(Response::new_err(
                            r.id,
                            SERVER_NOT_INITIALIZED,
                            "the server is not initialized yet".into(),
                        ));
                    }
                } else if self.shutdown {
                    self.respond(Response::new_err(
                        r.id,
                        INVALID_REQUEST,
                        "the server is shutting down".into(),
                    ));
                } else {
                    self.request(r);
                }
                None
            }
            Message::Notification(n) if n.method == "exit" => Some(if self.shutdown {
                Ended::Clean
            } else {
                Ended::WithoutShutdown
            }),
            Message::Notification(n) => {
                if self.initialized && !self.shutdown {
                    self.notification(n);
                }
                None
            }
            // Answers to our own requests (the watcher registration).
            Message::Response(_) => None,
        }
    }

    fn malformed(&mut self, why: &str, code: i32, id: Option<Value>) {
        self.log(MessageType::ERROR, &format!("ignored a bad message: {why}"));
        // A request gets its answer; a notification cannot have one.
        let id = match id {
            Some(id) => id,
            None if code == -32700 => Value::Null,
            None => return,
        };
        let _ = self.out.send(Outgoing::RawError {
            id,
            code,
            message: why.to_string(),
        });
    }

    fn initialize(&mut self, r: Request) {
        let caps = &r.params["capabilities"];
        let offered: Option<Vec<PositionEncodingKind>> =
            serde_json::from_value(caps["general"]["positionEncodings"].clone()).ok();
        self.encoding = Encoding::negotiate(offered.as_deref());
        self.watch_dynamic = caps["workspace"]["didChangeWatchedFiles"]["dynamicRegistration"]
            .as_bool()
            .unwrap_or(false);
        if let Some(offline) = offline_setting(&r.params["initializationOptions"]) {
            self.offline = offline;
        }
        let capabilities = ServerCapabilities {
            position_encoding: Some(self.encoding.kind()),
            text_document_sync: Some(TextDocumentSyncCapability::Options(
                TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(TextDocumentSyncKind::FULL),
                    save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                        include_text: Some(true),
                    })),
                    ..TextDocumentSyncOptions::default()
                },
            )),
            code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
                ..CodeActionOptions::default()
            })),
            hover_provider: Some(HoverProviderCapability::Simple(true)),
            definition_provider: Some(OneOf::Left(true)),
            ..ServerCapabilities::default()
        };
        let result = InitializeResult {
            capabilities,
            server_info: Some(ServerInfo {
                name: "citecheck".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
        };
        self.initialized = true;
        self.respond(Response::new_ok(r.id, result));
    }

    fn request(&mut self, r: Request) {
        let id = r.id.clone();
        let result = match r.method.as_str() {
            "shutdown" => {
                self.shutdown = true;
                Ok(Value::Null)
            }
            "textDocument/codeAction" => self.code_action(&r.params),
            "textDocument/hover" => self.hover(&r.params, false),
            "textDocument/definition" => self.hover(&r.params, true),
            other => Err((METHOD_NOT_FOUND, format!("unknown method {other}"))),
        };
        self.respond(match result {
            Ok(v) => Response::new_ok(id, v),
            Err((code, message)) => Response::new_err(id, code, message),
        });
    }

    fn notification(&mut self, n: Notification) {
        let p = &n.params;
        match n.method.as_str() {
            "initialized" => self.register_watcher(),
            "textDocument/didOpen" => {
                let d = &p["textDocument"];
                let (Some(uri), Some(text)) = (uri_of(&d["uri"]), d["text"].as_str()) else {
                    return self.bad_params(&n.method);
                };
                let version = version_of(&d["version"]);
                let language = d["languageId"].as_str().unwrap_or("");
                let doc = Doc::new(
                    uri.clone(),
                    version,
                    text.to_string(),
                    language,
                    self.encoding,
                );
                self.docs.insert(doc);
                self.check(&uri);
                self.start_links(&uri);
            }
            "textDocument/didChange" => {
                let Some(uri) = uri_of(&p["textDocument"]["uri"]) else {
                    return self.bad_params(&n.method);
                };
                let version = version_of(&p["textDocument"]["version"]);
                // Full sync: the last change holds the whole text.
                let text = p["contentChanges"]
                    .as_array()
                    .and_then(|c| c.last())
                    .and_then(|c| c["text"].as_str());
                let (Some(text), encoding) = (text, self.encoding) else {
                    return self.bad_params(&n.method);
                };
                match self.docs.get_mut(&uri) {
                    Some(doc) => {
                        doc.set_text(version, text.to_string(), encoding);
                        doc.due = Some(Instant::now() + DEBOUNCE);
                    }
                    None => self.log(
                        MessageType::WARNING,
                        &format!("change to {} which is not open; ignored", uri.as_str()),
                    ),
                }
            }
            "textDocument/didSave" => {
                let Some(uri) = uri_of(&p["textDocument"]["uri"]) else {
                    return self.bad_params(&n.method);
                };
                if is_config(&uri) {
                    return self.reload_settings();
                }
                let encoding = self.encoding;
                let Some(doc) = self.docs.get_mut(&uri) else {
                    return;
                };
                if let Some(text) = p["text"].as_str() {
                    if text != doc.text {
                        let version = doc.version;
                        doc.set_text(version, text.to_string(), encoding);
                    }
                }
                self.check(&uri);
                self.start_links(&uri);
            }
            "textDocument/didClose" => {
                let Some(uri) = uri_of(&p["textDocument"]["uri"]) else {
                    return self.bad_params(&n.method);
                };
                if self.docs.remove(&uri).is_some() {
                    self.publish(uri, Vec::new(), None);
                }
            }
            "workspace/didChangeConfiguration" => {
                let s = &p["settings"];
                let offline = offline_setting(&s["citecheck"]).or_else(|| offline_setting(s));
                if let Some(offline) = offline.filter(|o| *o != self.offline) {
                    self.offline = offline;
                    self.recheck_all(!offline);
                }
            }
            "workspace/didChangeWatchedFiles" => {
                let changed = p["changes"].as_array().into_iter().flatten();
                if changed
                    .filter_map(|c| uri_of(&c["uri"]))
                    .any(|u| is_config(&u))
                {
                    self.reload_settings();
                }
            }
            m if m.starts_with("$/") => {}
            other => self.log(MessageType::LOG, &format!("ignored notification {other}")),
        }
    }

    fn bad_params(&self, method: &str) {
        self.log(
            MessageType::ERROR,
            &format!("{method}: parameters not understood; ignored"),
        );
    }

    /// Ask the client to tell us when a citecheck.toml changes.
    fn register_watcher(&mut self) {
        if !self.watch_dynamic {
            return;
        }
        self.next_id += 1;
        let watchers: Vec<Value> = CONFIG_NAMES
            .iter()
            .map(|n| serde_json::json!({ "globPattern": format!("**/{n}") }))
            .collect();
        let params = serde_json::json!({
            "registrations": [{
                "id": "citecheck-config",
                "method": "workspace/didChangeWatchedFiles",
                "registerOptions": { "watchers": watchers },
            }]
        });
        let id = RequestId::from(format!("citecheck-{}", self.next_id));
        let _ = self
            .out
            .send(Outgoing::Message(Message::Request(Request::new(
                id,
                "client/registerCapability".into(),
                params,
            ))));
    }

    /// Settings are read again from the files (a citecheck.toml changed).
    fn reload_settings(&mut self) {
        self.resolver = Resolver::new(self.options.config.clone(), self.options.overlay.clone());
        self.shown.clear();
        self.recheck_all(true);
    }

    fn recheck_all(&mut self, links: bool) {
        let uris: Vec<Uri> = self.docs.iter_mut().map(|d| d.uri.clone()).collect();
        for uri in uris {
            self.check(&uri);
            if links {
                self.start_links(&uri);
            }
        }
    }

    fn check_due(&mut self) {
        let now = Instant::now();
        let due: Vec<Uri> = self
            .docs
            .iter_mut()
            .filter(|d| d.due.is_some_and(|t| t <= now))
            .map(|d| d.uri.clone())
            .collect();
        for uri in due {
            self.check(&uri);
        }
    }

    /// The settings for a document, or `None` (said once) when its
    /// configuration cannot be used.
    fn settings_for(&mut self, path: Option<&std::path::Path>) -> Option<Arc<Settings>> {
        let found = match path {
            Some(p) => self.resolver.settings(p),
            None => self.resolver.settings_of(self.default_config()),
        };
        // A key a discovered configuration may not set is ignored there
        // as on the command line; say so, once per key and file.
        for warning in self.resolver.trust_warnings() {
            let text = format!("citecheck: {warning}");
            if self.shown.insert(text.clone()) {
                self.show(MessageType::WARNING, &text);
            }
        }
        match found {
            Ok(s) => Some(s),
            Err(e) => {
                let text = format!("citecheck: {e}");
                if self.shown.insert(text.clone()) {
                    self.show(MessageType::ERROR, &text);
                }
                None
            }
        }
    }

    /// What an unsaved buffer is checked with: `--config`, else defaults.
    fn default_config(&self) -> Option<std::path::PathBuf> {
        match &self.options.config {
            crate::settings::ConfigMode::File(p) => Some(p.clone()),
            _ => None,
        }
    }

    /// Check a document now and publish its findings.
    fn check(&mut self, uri: &Uri) {
        let Some(doc) = self.docs.get_mut(uri) else {
            return;
        };
        doc.due = None;
        if let Some(why) = doc.unreadable() {
            doc.checked = None;
            let first = doc.refused.as_deref() != Some(why.as_str());
            doc.refused = Some(why.clone());
            let version = doc.version;
            if first {
                self.show(MessageType::WARNING, &why);
            }
            return self.publish(uri.clone(), Vec::new(), Some(version));
        }
        doc.refused = None;
        let path = doc.path.clone();
        let Some(settings) = self.settings_for(path.as_deref()) else {
            return;
        };
        let offline = self.offline;
        let Some(doc) = self.docs.get_mut(uri) else {
            return;
        };
        let source = doc.source();
        let parsed = doc.parse();
        let links = if offline { None } else { doc.links.as_deref() };
        let report = engine::check_parsed(source, &parsed, &settings, links);
        let lsp: Vec<lsp_types::Diagnostic> = report
            .diagnostics
            .iter()
            .map(|d| diagnostics::to_lsp(d, &doc.text, &doc.lines, &doc.uri))
            .collect();
        doc.checked = Some(Checked {
            doc: parsed,
            diagnostics: report.diagnostics,
        });
        let version = doc.version;
        self.publish(uri.clone(), lsp, Some(version));
    }

    /// Run the link stage for a document on a thread of its own, unless
    /// offline or no selected rule wants links.
    fn start_links(&mut self, uri: &Uri) {
        if self.offline {
            return;
        }
        let key = uri.as_str().to_string();
        if self.links_running.contains(&key) {
            self.links_again.insert(key);
            return;
        }
        let Some(doc) = self.docs.get(uri) else {
            return;
        };
        if doc.refused.is_some() {
            return;
        }
        let (text, format, path) = (doc.text.clone(), doc.format, doc.path.clone());
        let Some(settings) = self.settings_for(path.as_deref()) else {
            return;
        };
        if !checks::link_needs(&settings.selection).0 {
            return;
        }
        let flags = LinkOptions {
            no_cache: self.options.no_cache,
            cache_dir: self.options.cache_dir.clone(),
            ..LinkOptions::default()
        };
        let tx = self.links_tx.clone();
        let uri = uri.clone();
        self.links_running.insert(key);
        std::thread::spawn(move || {
            let parsed = crate::document::parse_text(&text, format);
            let run = std::panic::catch_unwind(AssertUnwindSafe(|| {
                engine::document_links(&text, &parsed, &settings, &flags)
            }));
            let (links, notices) = run.unwrap_or_else(|_| {
                (
                    None,
                    vec!["warning: the link stage failed; links were not checked".into()],
                )
            });
            let _ = tx.send(LinksDone {
                uri,
                links,
                notices,
            });
        });
    }

    fn links_done(&mut self, done: LinksDone) {
        let key = done.uri.as_str().to_string();
        self.links_running.remove(&key);
        for n in &done.notices {
            self.log(MessageType::WARNING, n);
        }
        if let Some(doc) = self.docs.get_mut(&done.uri) {
            if let Some(links) = done.links {
                doc.links = Some(Arc::new(links));
            }
            self.check(&done.uri);
        }
        if self.links_again.remove(&key) {
            self.start_links(&done.uri);
        }
    }

    /// The open document a request names, checked on its latest text.
    fn checked_doc(&mut self, params: &Value) -> Result<&Doc, (i32, String)> {
        let uri = uri_of(&params["textDocument"]["uri"])
            .ok_or((INVALID_PARAMS, "no textDocument.uri".to_string()))?;
        let Some(doc) = self.docs.get(&uri) else {
            return Err((INVALID_PARAMS, format!("{} is not open", uri.as_str())));
        };
        if doc.checked.is_none() && doc.refused.is_none() {
            self.check(&uri);
        }
        let doc = self
            .docs
            .get(&uri)
            .ok_or((INVALID_PARAMS, format!("{} is not open", uri.as_str())))?;
        if let Some(why) = &doc.refused {
            return Err((INVALID_PARAMS, why.clone()));
        }
        Ok(doc)
    }

    fn code_action(&mut self, params: &Value) -> Result<Value, (i32, String)> {
        let range: lsp_types::Range = serde_json::from_value(params["range"].clone())
            .map_err(|e| (INVALID_PARAMS, format!("range: {e}")))?;
        let doc = self.checked_doc(params)?;
        let Some(checked) = &doc.checked else {
            return Ok(Value::Array(Vec::new()));
        };
        let span = doc.lines.span(&doc.text, range);
        let found = actions::actions(doc, checked, span);
        serde_json::to_value(found).map_err(|e| (INTERNAL_ERROR, e.to_string()))
    }

    fn hover(&mut self, params: &Value, definition: bool) -> Result<Value, (i32, String)> {
        let position: lsp_types::Position = serde_json::from_value(params["position"].clone())
            .map_err(|e| (INVALID_PARAMS, format!("position: {e}")))?;
        let doc = self.checked_doc(params)?;
        let Some(checked) = &doc.checked else {
            return Ok(Value::Null);
        };
        let offset = doc.lines.offset(&doc.text, position);
        let value = if definition {
            serde_json::to_value(hover::definition(doc, checked, offset))
        } else {
            serde_json::to_value(hover::hover(doc, checked, offset))
        };
        value.map_err(|e| (INTERNAL_ERROR, e.to_string()))
    }

    fn publish(&self, uri: Uri, diagnostics: Vec<lsp_types::Diagnostic>, version: Option<i32>) {
        self.notify(
            "textDocument/publishDiagnostics",
            PublishDiagnosticsParams {
                uri,
                diagnostics,
                version,
            },
        );
    }

    fn respond(&self, r: Response) {
        let _ = self.out.send(Outgoing::Message(Message::Response(r)));
    }

    fn notify(&self, method: &str, params: impl serde::Serialize) {
        let _ = self
            .out
            .send(Outgoing::Message(Message::Notification(Notification::new(
                method.into(),
                params,
            ))));
    }

    fn log(&self, typ: MessageType, message: &str) {
        self.notify(
            "window/logMessage",
            serde_json::json!({ "type": typ, "message": message }),
        );
    }

    fn show(&self, typ: MessageType, message: &str) {
        self.log(typ, message);
        self.notify(
            "window/showMessage",
            serde_json::json!({ "type": typ, "message": message }),
        );
    }
}

fn uri_of(v: &Value) -> Option<Uri> {
    v.as_str()?.parse().ok()
}

fn version_of(v: &Value) -> i32 {
    v.as_i64().and_then(|n| i32::try_from(n).ok()).unwrap_or(0)
}

/// `{"offline": true}` in settings or initialization options.
fn offline_setting(v: &Value) -> Option<bool> {
    v.get("offline")?.as_bool()
}

fn is_config(uri: &Uri) -> bool {
    documents::file_path(uri)
        .as_deref()
        .and_then(|p| p.file_name())
        .and_then(|n| n.to_str())
        .is_some_and(|n| CONFIG_NAMES.contains(&n))
}

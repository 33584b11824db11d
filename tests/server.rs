//! `citecheck server` end to end: the built binary as a child process,
//! spoken to in JSON-RPC with Content-Length framing over its stdin and
//! stdout, as an editor would. The link test runs its HTTP server on
//! 127.0.0.1 inside the test; nothing touches any other address.

#[path = "common/server.rs"]
mod http;

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::{json, Value};

/// An upper bound against hangs, never a measure of speed.
const PATIENCE: Duration = Duration::from_secs(60);

const SEED: &str = include_str!("../fixtures/blinken-beijing.txt");

struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    rx: mpsc::Receiver<Value>,
    next_id: i64,
}

impl Client {
    fn start(args: &[&str], dir: &Path) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_citecheck"))
            .arg("server")
            .args(args)
            .current_dir(dir)
            .env_remove("CITECHECK_OFFLINE")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the binary starts");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            loop {
                let mut length = None;
                loop {
                    let mut line = String::new();
                    if r.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(v) = line.strip_prefix("Content-Length: ") {
                        length = v.parse::<usize>().ok();
                    }
                }
                let mut body = vec![0; length.expect("Content-Length")];
                if r.read_exact(&mut body).is_err() {
                    return;
                }
                let v: Value = serde_json::from_slice(&body).expect("the server writes JSON");
                if tx.send(v).is_err() {
                    return;
                }
            }
        });
        let stdin = child.stdin.take();
        Client {
            child,
            stdin,
            rx,
            next_id: 0,
        }
    }

    fn offline() -> Client {
        Client::start(&["--offline"], &std::env::temp_dir())
    }

    fn raw(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        stdin.write_all(bytes).unwrap();
        stdin.flush().unwrap();
    }

    fn send(&mut self, v: Value) {
        let body = v.to_string();
        self.raw(format!("Content-Length: {}\r\n\r\n{body}", body.len()).as_bytes());
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.until(|m| m["id"] == id && m.get("method").is_none())
    }

    /// The next message that `pred` accepts (others are dropped).
    fn until(&mut self, pred: impl Fn(&Value) -> bool) -> Value {
        loop {
            let m = self
                .rx
                .recv_timeout(PATIENCE)
                .expect("the server answered in time");
            if pred(&m) {
                return m;
            }
        }
    }

    /// The diagnostics published for `uri` at `version`.
    fn diagnostics(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let m = self.until(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && m["params"]["version"] == version
        });
        m["params"]["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    fn initialize(&mut self, encodings: Option<&[&str]>) -> Value {
        let mut caps = json!({});
        if let Some(e) = encodings {
            caps = json!({"general": {"positionEncodings": e}});
        }
        let r = self.request("initialize", json!({"capabilities": caps}));
        self.notify("initialized", json!({}));
        r
    }

    fn open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": text}}),
        );
    }

    fn change(&mut self, uri: &str, version: i64, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}),
        );
    }

    /// `shutdown`, `exit`, and the exit status.
    fn stop(mut self) -> i32 {
        let r = self.request("shutdown", Value::Null);
        assert_eq!(r["result"], Value::Null, "{r}");
        self.notify("exit", Value::Null);
        self.stdin = None;
        wait(&mut self.child)
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The child's exit code, within PATIENCE.
fn wait(child: &mut Child) -> i32 {
    let give_up = std::time::Instant::now() + PATIENCE;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status.code().unwrap_or(-1);
        }
        assert!(
            std::time::Instant::now() < give_up,
            "the server did not exit"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

const URI: &str = "file:///nonexistent-citecheck-test/blinken-beijing.txt";

fn range_of(d: &Value) -> (u64, u64, u64, u64) {
    let r = &d["range"];
    let n = |v: &Value| v.as_u64().expect("a number");
    (
        n(&r["start"]["line"]),
        n(&r["start"]["character"]),
        n(&r["end"]["line"]),
        n(&r["end"]["character"]),
    )
}

fn find<'a>(ds: &'a [Value], code: &str) -> Vec<&'a Value> {
    ds.iter().filter(|d| d["code"] == code).collect()
}

#[test]
fn initialize_picks_utf8_only_when_the_client_offers_it() {
    let mut c = Client::offline();
    let r = c.initialize(Some(&["utf-16", "utf-8"]));
    assert_eq!(r["result"]["capabilities"]["positionEncoding"], "utf-8");
    assert_eq!(r["result"]["serverInfo"]["name"], "citecheck");
    assert_eq!(r["result"]["capabilities"]["textDocumentSync"]["change"], 1);
    assert_eq!(c.stop(), 0);

    let mut c = Client::offline();
    let r = c.initialize(None);
    assert_eq!(r["result"]["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(c.stop(), 0);
}

#[test]
fn the_seed_gets_its_diagnostics_with_exact_ranges_in_either_encoding() {
    for (encodings, utf8) in [(None, false), (Some(&["utf-8"][..]), true)] {
        let mut c = Client::offline();
        c.initialize(encodings);
        c.open(URI, SEED);
        let ds = c.diagnostics(URI, 1);
        let codes: Vec<&str> = ds.iter().filter_map(|d| d["code"].as_str()).collect();
        assert_eq!(
            codes,
            [
                "CC102", "CC101", "CC101", "CC202", "CC101", "CC101", "CC101", "CC202", "CC303",
                "CC302", "CC103"
            ],
            "{ds:#?}"
        );
        // “candid talks.” ends the line: 15 characters, 19 bytes.
        let quote = find(&ds, "CC102")[0];
        assert_eq!(range_of(quote), (8, 468, 8, if utf8 { 487 } else { 483 }));
        // The date after “…” on reference line 1: two 3-byte quotes before it.
        let date = find(&ds, "CC302")[0];
        assert_eq!(
            range_of(date),
            if utf8 {
                (22, 80, 22, 92)
            } else {
                (22, 76, 22, 88)
            }
        );
        assert_eq!(date["severity"], 3, "info");
        assert_eq!(date["source"], "citecheck");
        assert!(date["codeDescription"]["href"]
            .as_str()
            .is_some_and(|h| h.ends_with("docs/rules/CC302.md")));
        assert!(date["message"].as_str().unwrap().contains("\nhelp: "));
        // Its second label, on the URL's date, is related information.
        let related = &date["relatedInformation"][0];
        assert_eq!(related["location"]["uri"], URI);
        assert_eq!(related["message"], "the URL is dated 2023-06-17");
        assert_eq!(c.stop(), 0);
    }
}

#[test]
fn a_marker_changed_to_a_missing_number_becomes_cc001() {
    let mut c = Client::offline();
    c.initialize(None);
    c.open(URI, SEED);
    assert!(find(&c.diagnostics(URI, 1), "CC001").is_empty());
    let changed = SEED.replacen("[6]", "[9]", 1);
    c.change(URI, 2, &changed);
    let ds = c.diagnostics(URI, 2);
    let undefined = find(&ds, "CC001");
    assert_eq!(undefined.len(), 1, "{ds:#?}");
    // Line 13 has an em dash before it (3 bytes, 1 UTF-16 unit).
    assert_eq!(range_of(undefined[0]), (12, 261, 12, 264));
    assert_eq!(undefined[0]["severity"], 1);
    assert_eq!(c.stop(), 0);
}

#[test]
fn a_code_action_at_a_fixable_finding_carries_its_edit_and_suppressions() {
    let text = "The bridge reopened on Friday.[1,,2] Traffic returned.[2]\n\nReferences\n1. “Bridge reopens” Example News, 2 May 2024, https://news.example/bridge-reopens\n2. “Traffic returns” Example Wire, 2 May 2024, https://wire.example/traffic-returns\n";
    let uri = "file:///nonexistent-citecheck-test/bridge.txt";
    let mut c = Client::offline();
    c.initialize(Some(&["utf-8"]));
    c.open(uri, text);
    let ds = c.diagnostics(uri, 1);
    let malformed = find(&ds, "CC006");
    assert_eq!(malformed.len(), 1, "{ds:#?}");
    let range = malformed[0]["range"].clone();
    let r = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": range, "context": {"diagnostics": []}}),
    );
    let actions = r["result"].as_array().expect("actions").clone();
    let fix = &actions[0];
    assert_eq!(fix["kind"], "quickfix");
    assert_eq!(fix["isPreferred"], true, "a safe fix: {fix:#}");
    let edits = fix["edit"]["changes"][uri].as_array().expect("edits");
    // UTF-8 positions on line 0 are byte offsets: apply them.
    let mut fixed = text.to_string();
    for e in edits.iter().rev() {
        assert_eq!(e["range"]["start"]["line"], 0);
        let a = e["range"]["start"]["character"].as_u64().unwrap() as usize;
        let b = e["range"]["end"]["character"].as_u64().unwrap() as usize;
        fixed.replace_range(a..b, e["newText"].as_str().unwrap());
    }
    assert!(
        fixed.starts_with("The bridge reopened on Friday.[1, 2] "),
        "{fixed}"
    );
    let titles: Vec<&str> = actions.iter().filter_map(|a| a["title"].as_str()).collect();
    assert!(
        titles.contains(&"Suppress CC006 (malformed-citation) on this line"),
        "{titles:?}"
    );
    assert!(
        titles.contains(&"Suppress CC006 (malformed-citation) in this file"),
        "{titles:?}"
    );

    // The line suppression, applied, leaves no CC006 and no CC007.
    let line = actions
        .iter()
        .find(|a| {
            a["title"]
                .as_str()
                .is_some_and(|t| t.ends_with("on this line"))
        })
        .unwrap();
    let e = &line["edit"]["changes"][uri][0];
    let at = e["range"]["start"]["character"].as_u64().unwrap() as usize;
    let mut suppressed = text.to_string();
    suppressed.insert_str(at, e["newText"].as_str().unwrap());
    c.change(uri, 2, &suppressed);
    let ds = c.diagnostics(uri, 2);
    assert!(
        find(&ds, "CC006").is_empty() && find(&ds, "CC007").is_empty(),
        "{suppressed}\n{ds:#?}"
    );
    assert_eq!(c.stop(), 0);
}

#[test]
fn hover_on_a_marker_shows_its_reference_and_on_a_reference_its_citers() {
    let mut c = Client::offline();
    c.initialize(None);
    c.open(URI, SEED);
    c.diagnostics(URI, 1);
    let line = SEED.lines().nth(6).unwrap();
    let at = line.find("[0]").unwrap() + 1;
    let character = line[..at].encode_utf16().count();
    let r = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": URI}, "position": {"line": 6, "character": character}}),
    );
    let value = r["result"]["contents"]["value"].as_str().expect("a hover");
    assert!(value.contains("**[0]**"), "{value}");
    assert!(value.contains("Secretary Blinken's Trip"), "{value}");
    assert!(
        value.contains("Department of State, 14 Jun. 2023"),
        "{value}"
    );
    assert!(value.contains("https://www.state.gov/"), "{value}");

    let r = c.request(
        "textDocument/definition",
        json!({"textDocument": {"uri": URI}, "position": {"line": 6, "character": character}}),
    );
    assert_eq!(r["result"]["range"]["start"]["line"], 20, "{r}");

    let r = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": URI}, "position": {"line": 28, "character": 5}}),
    );
    let value = r["result"]["contents"]["value"].as_str().expect("a hover");
    assert!(
        value.starts_with("**[4]** is cited by 7 sentences"),
        "{value}"
    );
    assert_eq!(c.stop(), 0);
}

#[test]
fn bad_input_gets_an_answer_and_the_server_goes_on() {
    let mut c = Client::offline();
    // Before initialize: refused, not fatal.
    let r = c.request("textDocument/hover", json!({}));
    assert_eq!(r["error"]["code"], -32002);
    c.initialize(None);
    c.raw(b"Content-Length: 9\r\n\r\n{garbage}");
    let e = c.until(|m| m["error"]["code"] == -32700);
    assert_eq!(e["id"], Value::Null);
    c.raw(b"Content-Length: 29\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":\"x\"}   ");
    let e = c.until(|m| m["id"] == "x");
    assert_eq!(e["error"]["code"], -32600, "{e}");
    let r = c.request("citecheck/nothing", json!({}));
    assert_eq!(r["error"]["code"], -32601);
    let r = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": "file:///closed.txt"}, "position": {"line": 0, "character": 0}}),
    );
    assert_eq!(r["error"]["code"], -32602, "{r}");
    let r = c.request("textDocument/codeAction", json!({"nonsense": true}));
    assert!(r["error"]["code"].is_i64(), "{r}");
    // A binary document is refused with a message, and publishes nothing.
    c.open("file:///nonexistent-citecheck-test/b.txt", "a\0b [1]");
    let m = c.until(|m| m["method"] == "window/showMessage");
    assert!(
        m["params"]["message"].as_str().unwrap().contains("binary"),
        "{m}"
    );
    assert_eq!(
        c.diagnostics("file:///nonexistent-citecheck-test/b.txt", 1),
        Vec::<Value>::new()
    );
    // Still serving.
    c.open(URI, SEED);
    assert_eq!(c.diagnostics(URI, 1).len(), 11);
    assert_eq!(c.stop(), 0);
}

#[test]
fn exit_without_shutdown_is_status_1() {
    let mut c = Client::offline();
    c.initialize(None);
    c.notify("exit", Value::Null);
    c.stdin = None;
    assert_eq!(wait(&mut c.child), 1);
}

#[test]
fn saving_a_citecheck_toml_reloads_the_settings() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("blinken-beijing.txt");
    std::fs::write(&file, SEED).unwrap();
    let uri = url::Url::from_file_path(&file).unwrap().to_string();
    let mut c = Client::start(&["--offline"], dir.path());
    c.initialize(None);
    c.open(&uri, SEED);
    assert_eq!(find(&c.diagnostics(&uri, 1), "CC101").len(), 5);
    let config = dir.path().join("citecheck.toml");
    std::fs::write(&config, "[rules]\nignore = [\"CC101\"]\n").unwrap();
    let config_uri = url::Url::from_file_path(&config).unwrap().to_string();
    c.notify(
        "textDocument/didSave",
        json!({"textDocument": {"uri": config_uri}}),
    );
    // The republished findings of the same version, under the new settings.
    let ds = c.diagnostics(&uri, 1);
    assert!(find(&ds, "CC101").is_empty(), "{ds:#?}");
    assert_eq!(find(&ds, "CC102").len(), 1);
    assert_eq!(c.stop(), 0);
}

#[test]
fn a_network_trust_key_of_a_discovered_configuration_is_shown_as_ignored() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("citecheck.toml"),
        "[links]\nallow-private = true\n",
    )
    .unwrap();
    let file = dir.path().join("blinken-beijing.txt");
    std::fs::write(&file, SEED).unwrap();
    let uri = url::Url::from_file_path(&file).unwrap().to_string();
    let mut c = Client::start(&["--offline"], dir.path());
    c.initialize(None);
    c.open(&uri, SEED);
    let m = c.until(|m| m["method"] == "window/showMessage");
    let text = m["params"]["message"].as_str().unwrap_or_default();
    assert!(
        text.contains("`[links] allow-private`") && text.contains("is ignored"),
        "{m:#}"
    );
    assert_eq!(m["params"]["type"], 2, "a warning: {m:#}");
    // The document is still checked.
    assert_eq!(find(&c.diagnostics(&uri, 1), "CC101").len(), 5);
    assert_eq!(c.stop(), 0);
}

const LINKS_CONFIG: &str = "[links]\nretries = 1\nretry-backoff = \"10ms\"\ntimeout = \"5s\"\narchive = false\nsoft-404-probe = false\n";

#[test]
fn a_dead_link_is_published_after_save() {
    let s = http::Server::start(|_, path, _| {
        if path == "/gone" {
            http::reply(404, "")
        } else {
            http::reply(
                200,
                "<html><head><title>Harbour bridge reopens</title></head><body>Text.</body></html>",
            )
        }
    });
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("citecheck.toml"), LINKS_CONFIG).unwrap();
    let file = dir.path().join("article.txt");
    let article = |path: &str| {
        format!(
            "The harbour bridge reopened on 2 May 2024.[1]\n\nReferences\n1. “Harbour bridge reopens” Example News, 2 May 2024, {}\n",
            s.url(path)
        )
    };
    let alive = article("/story");
    std::fs::write(&file, &alive).unwrap();
    let uri = url::Url::from_file_path(&file).unwrap().to_string();
    let mut c = Client::start(&["--no-cache", "--allow-private"], dir.path());
    c.initialize(None);
    c.open(&uri, &alive);
    // The offline findings first, then the link stage's republished; the
    // live link gives no CC401 either way.
    let first = c.diagnostics(&uri, 1);
    assert!(find(&first, "CC401").is_empty(), "{first:#?}");

    let dead = article("/gone");
    std::fs::write(&file, &dead).unwrap();
    c.change(&uri, 2, &dead);
    c.notify(
        "textDocument/didSave",
        json!({"textDocument": {"uri": uri}, "text": dead}),
    );
    let m = c.until(|m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == uri.as_str()
            && m["params"]["diagnostics"]
                .as_array()
                .is_some_and(|ds| ds.iter().any(|d| d["code"] == "CC401"))
    });
    let ds = m["params"]["diagnostics"].as_array().unwrap();
    let d = find(ds, "CC401")[0];
    assert_eq!(d["severity"], 1);
    // It points at the URL on line 3.
    assert_eq!(d["range"]["start"]["line"], 3, "{d:#}");
    assert!(s.requests().iter().any(|(_, p)| p == "/gone"));
    assert_eq!(c.stop(), 0);
}

#[test]
fn offline_from_the_client_holds_the_link_stage_until_it_is_turned_off() {
    let s = http::Server::start(|_, _, _| http::reply(404, ""));
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("citecheck.toml"), LINKS_CONFIG).unwrap();
    let file = dir.path().join("article.txt");
    let text = format!(
        "The harbour bridge reopened on 2 May 2024.[1]\n\nReferences\n1. “Harbour bridge reopens” Example News, 2 May 2024, {}\n",
        s.url("/story")
    );
    std::fs::write(&file, &text).unwrap();
    let uri = url::Url::from_file_path(&file).unwrap().to_string();
    let mut c = Client::start(&["--no-cache", "--allow-private"], dir.path());
    let r = c.request(
        "initialize",
        json!({"capabilities": {}, "initializationOptions": {"offline": true}}),
    );
    assert!(r["result"].is_object(), "{r}");
    c.notify("initialized", json!({}));
    c.open(&uri, &text);
    assert!(find(&c.diagnostics(&uri, 1), "CC401").is_empty());
    // A round trip after the open: an offline server started no link stage.
    c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}}),
    );
    assert!(s.requests().is_empty(), "{:?}", s.requests());
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"citecheck": {"offline": false}}}),
    );
    c.until(|m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["diagnostics"]
                .as_array()
                .is_some_and(|ds| ds.iter().any(|d| d["code"] == "CC401"))
    });
    assert_eq!(c.stop(), 0);
}

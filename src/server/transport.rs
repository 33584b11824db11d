//! JSON-RPC over stdio with `Content-Length` framing. Our own reader, not
//! lsp-server's `Connection::stdio`: that one ends its reader thread at the
//! first malformed message, and a server must outlive a bad message.

use std::io::{BufRead, Read, Write};

use crossbeam_channel::{Receiver, Sender};
use lsp_server::Message;
use serde_json::Value;

/// A message body larger than this is skipped unread (a document is capped
/// much lower, in `documents`).
const MAX_MESSAGE_BYTES: usize = 256 * 1024 * 1024;
/// A header line longer than this is not a header.
const MAX_HEADER_BYTES: u64 = 8 * 1024;

/// What the reader hands the session.
#[derive(Debug)]
pub enum Incoming {
    Message(Message),
    /// Not a message: what is wrong, the JSON-RPC error code to answer with,
    /// and the request's id when it could be read.
    Malformed {
        why: String,
        code: i32,
        id: Option<Value>,
    },
    /// Standard input ended.
    Closed,
}

/// What the writer sends.
#[derive(Debug)]
pub enum Outgoing {
    Message(Message),
    /// An error response to a request whose id could not be read or is not
    /// one lsp-server's types hold (JSON-RPC answers those with `"id": null`).
    RawError {
        id: Value,
        code: i32,
        message: String,
    },
}

/// Start the reader and writer threads on standard input and output.
pub fn stdio() -> (
    Receiver<Incoming>,
    Sender<Outgoing>,
    std::thread::JoinHandle<()>,
) {
    let (in_tx, in_rx) = crossbeam_channel::unbounded();
    let (out_tx, out_rx) = crossbeam_channel::unbounded::<Outgoing>();
    std::thread::spawn(move || {
        let stdin = std::io::stdin();
        read_loop(&mut stdin.lock(), &in_tx);
    });
    let writer = std::thread::spawn(move || {
        let stdout = std::io::stdout();
        let mut out = stdout.lock();
        for msg in out_rx {
            if write_one(&mut out, msg).is_err() {
                // The client is gone; nothing more can be said.
                break;
            }
        }
    });
    (in_rx, out_tx, writer)
}

fn write_one(out: &mut impl Write, msg: Outgoing) -> std::io::Result<()> {
    match msg {
        Outgoing::Message(m) => m.write(out),
        Outgoing::RawError { id, code, message } => {
            let body = serde_json::json!({
                "jsonrpc": "2.0",
                "id": id,
                "error": { "code": code, "message": message },
            })
            .to_string();
            write!(out, "Content-Length: {}\r\n\r\n{body}", body.len())?;
            out.flush()
        }
    }
}

/// Read messages until the input ends, handing over each one or what was
/// wrong with it; a bad message never ends the loop.
pub fn read_loop(input: &mut impl BufRead, tx: &Sender<Incoming>) {
    loop {
        let item = match read_one(input) {
            Ok(Some(item)) => item,
            Ok(None) | Err(_) => {
                let _ = tx.send(Incoming::Closed);
                return;
            }
        };
        if tx.send(item).is_err() {
            return;
        }
    }
}

/// One framed message. `Ok(None)` at the end of input; `Err` when reading
/// failed (the input is unusable).
fn read_one(input: &mut impl BufRead) -> std::io::Result<Option<Incoming>> {
    let mut length: Option<Result<usize, String>> = None;
    let mut saw_header = false;
    loop {
        let mut line = Vec::new();
        let n = input
            .by_ref()
            .take(MAX_HEADER_BYTES)
            .read_until(b'\n', &mut line)?;
        if n == 0 {
            return Ok(None);
        }
        let line = String::from_utf8_lossy(&line);
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            if saw_header {
                break;
            }
            // Blank lines between messages are tolerated.
            continue;
        }
        saw_header = true;
        if let Some((name, value)) = line.split_once(':') {
            if name.trim().eq_ignore_ascii_case("content-length") {
                length = Some(
                    value
                        .trim()
                        .parse::<usize>()
                        .map_err(|e| format!("bad Content-Length {:?}: {e}", value.trim())),
                );
            }
        }
    }
    let length = match length {
        None => {
            return Ok(Some(malformed(
                "a header without Content-Length".into(),
                -32700,
                None,
            )))
        }
        Some(Err(why)) => return Ok(Some(malformed(why, -32700, None))),
        Some(Ok(n)) => n,
    };
    if length > MAX_MESSAGE_BYTES {
        let skipped = std::io::copy(
            &mut input.by_ref().take(length as u64),
            &mut std::io::sink(),
        )?;
        if skipped < length as u64 {
            return Ok(None);
        }
        return Ok(Some(malformed(
            format!(
                "a message of {length} bytes, over the {MAX_MESSAGE_BYTES} bytes accepted; skipped"
            ),
            -32600,
            None,
        )));
    }
    let mut body = vec![0; length];
    input.read_exact(&mut body)?;
    Ok(Some(parse(&body)))
}

fn malformed(why: String, code: i32, id: Option<Value>) -> Incoming {
    Incoming::Malformed { why, code, id }
}

/// A body as a message, or why it is not one.
fn parse(body: &[u8]) -> Incoming {
    let value: Value = match serde_json::from_slice(body) {
        Ok(v) => v,
        Err(e) => return malformed(format!("not JSON: {e}"), -32700, None),
    };
    let id = value.get("id").cloned();
    // Decided by its keys, not by trying each kind in turn: anything with an
    // id would pass for a response.
    let message = if value.get("method").is_some() {
        if id.is_some() {
            serde_json::from_value(value).map(Message::Request)
        } else {
            serde_json::from_value(value).map(Message::Notification)
        }
    } else if id.is_some() && (value.get("result").is_some() || value.get("error").is_some()) {
        serde_json::from_value(value).map(Message::Response)
    } else {
        return malformed(
            "not a JSON-RPC request, notification or response".into(),
            -32600,
            id,
        );
    };
    match message {
        Ok(m) => Incoming::Message(m),
        Err(e) => malformed(format!("not a JSON-RPC message: {e}"), -32600, id),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    fn read_all(input: &str) -> Vec<Incoming> {
        let (tx, rx) = crossbeam_channel::unbounded();
        read_loop(&mut std::io::Cursor::new(input.as_bytes().to_vec()), &tx);
        rx.try_iter().collect()
    }

    #[test]
    fn bad_messages_are_reported_and_reading_goes_on() {
        let good = r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#;
        let input = [
            frame("{not json"),
            frame(r#"{"jsonrpc":"2.0","id":7,"method":5}"#),
            frame(r#"{"jsonrpc":"2.0","id":8}"#),
            "Content-Length: x\r\n\r\n".to_string(),
            "X-Other: 1\r\n\r\n".to_string(),
            frame(good),
        ]
        .concat();
        let got = read_all(&input);
        let kinds: Vec<String> = got
            .iter()
            .map(|i| match i {
                Incoming::Message(_) => "message".to_string(),
                Incoming::Malformed { code, id, .. } => format!("{code} {id:?}"),
                Incoming::Closed => "closed".to_string(),
            })
            .collect();
        assert_eq!(
            kinds,
            [
                "-32700 None",
                "-32600 Some(Number(7))",
                "-32600 Some(Number(8))",
                "-32700 None",
                "-32700 None",
                "message",
                "closed"
            ]
        );
    }

    #[test]
    fn a_body_cut_short_closes() {
        let got = read_all("Content-Length: 50\r\n\r\n{}");
        assert!(matches!(got.as_slice(), [Incoming::Closed]), "{got:?}");
    }
}

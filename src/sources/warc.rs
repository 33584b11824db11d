//! Saved sources from a WARC file (ISO 28500, `.warc` or `.warc.gz`): each
//! `response` record's HTTP message, or each `resource` record's content,
//! becomes a saved page for its `WARC-Target-URI`.

use std::io::{BufReader, Read};
use std::path::Path;

use ::warc::{WarcHeader, WarcReader};

use super::{Saved, SavedPage, SourcesError};

/// Read every page a WARC file holds. A record that is not HTTP or a
/// resource is skipped; a file that is not WARC at all is an error.
pub fn load(path: &Path) -> Result<Saved, SourcesError> {
    let file = std::fs::File::open(path).map_err(|source| SourcesError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let gz = path
        .file_name()
        .is_some_and(|n| n.to_string_lossy().to_ascii_lowercase().ends_with(".gz"));
    let reader: Box<dyn std::io::BufRead> = if gz {
        Box::new(BufReader::new(flate2::read::MultiGzDecoder::new(
            BufReader::new(file),
        )))
    } else {
        Box::new(BufReader::new(file))
    };
    let bad = |message: String| SourcesError::Warc {
        path: path.to_path_buf(),
        message,
    };
    let mut pages = Vec::new();
    let mut records = 0usize;
    for record in WarcReader::new(reader).iter_records() {
        let record = record.map_err(|e| bad(format!("record {}: {e}", records + 1)))?;
        records += 1;
        let kind = record
            .header(WarcHeader::WarcType)
            .map(|t| t.to_ascii_lowercase())
            .unwrap_or_default();
        let Some(url) = record.header(WarcHeader::TargetURI) else {
            continue;
        };
        let url = url
            .trim()
            .trim_start_matches('<')
            .trim_end_matches('>')
            .to_string();
        let fetched = record.header(WarcHeader::Date).map(|d| d.to_string());
        let page = match kind.as_str() {
            "response" => {
                http_response(record.body()).map(|(status, content_type, body)| SavedPage {
                    url,
                    final_url: None,
                    status,
                    content_type,
                    fetched,
                    body,
                })
            }
            "resource" => Some(SavedPage {
                url,
                final_url: None,
                status: 200,
                content_type: record
                    .header(WarcHeader::ContentType)
                    .map(|c| c.to_string()),
                fetched,
                body: record.body().to_vec(),
            }),
            _ => None,
        };
        pages.extend(page);
    }
    if records == 0 {
        return Err(bad("no WARC records".into()));
    }
    Ok(Saved { pages })
}

/// An HTTP/1.x response as stored in a `response` record: status, content
/// type and the body with chunked transfer and gzip/deflate undone.
fn http_response(raw: &[u8]) -> Option<(u16, Option<String>, Vec<u8>)> {
    let (head_len, sep) = find(raw, b"\r\n\r\n")
        .map(|i| (i, 4))
        .or_else(|| find(raw, b"\n\n").map(|i| (i, 2)))?;
    let head = String::from_utf8_lossy(&raw[..head_len]);
    let mut lines = head.lines();
    let status_line = lines.next()?;
    if !status_line.starts_with("HTTP/") {
        return None;
    }
    let status: u16 = status_line.split_whitespace().nth(1)?.parse().ok()?;
    let mut content_type = None;
    let mut chunked = false;
    let mut encoding = None;
    for line in lines {
        let Some((k, v)) = line.split_once(':') else {
            continue;
        };
        let v = v.trim();
        match k.trim().to_ascii_lowercase().as_str() {
            "content-type" => content_type = Some(v.to_string()),
            "transfer-encoding" => chunked = v.to_ascii_lowercase().contains("chunked"),
            "content-encoding" => encoding = Some(v.to_ascii_lowercase()),
            _ => {}
        }
    }
    let mut body = raw[head_len + sep..].to_vec();
    if chunked {
        body = dechunk(&body).unwrap_or(body);
    }
    match encoding.as_deref() {
        Some("gzip" | "x-gzip") => {
            let mut out = Vec::new();
            if flate2::read::MultiGzDecoder::new(&body[..])
                .read_to_end(&mut out)
                .is_ok()
            {
                body = out;
            }
        }
        Some("deflate") => {
            let mut out = Vec::new();
            if flate2::read::ZlibDecoder::new(&body[..])
                .read_to_end(&mut out)
                .is_ok()
            {
                body = out;
            }
        }
        _ => {}
    }
    Some((status, content_type, body))
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Undo `Transfer-Encoding: chunked`; `None` if the framing is broken.
fn dechunk(mut data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end = find(data, b"\r\n")?;
        let size_text = std::str::from_utf8(&data[..line_end]).ok()?;
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        data = &data[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(data.get(..size)?);
        data = data.get(size + 2..)?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_messages_with_chunks() {
        let raw = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=iso-8859-1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n";
        let (status, ct, body) = http_response(raw).unwrap();
        assert_eq!(status, 200);
        assert_eq!(ct.as_deref(), Some("text/html; charset=iso-8859-1"));
        assert_eq!(body, b"hello world");
        assert!(http_response(b"garbage").is_none());
    }
}

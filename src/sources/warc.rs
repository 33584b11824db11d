//! Saved sources from a WARC file (ISO 28500, `.warc` or `.warc.gz`): each
//! `response` record's HTTP message, or each `resource` record's content,
//! becomes a saved page for its `WARC-Target-URI`. Records are framed here,
//! strictly and within bounds (a header line, a record, the decompressed
//! file): a hostile file is an error naming the file and the record, never a
//! panic or an allocation the size of a number it claims.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use super::{Saved, SavedPage, SourcesError, MAX_PAGE_BYTES};

/// A record's block: a saved page plus room for its HTTP head.
const MAX_RECORD_BYTES: u64 = MAX_PAGE_BYTES + 1024 * 1024;
/// One header line, and all the header lines of a record.
const MAX_HEADER_LINE: usize = 64 * 1024;
const MAX_HEADER_BYTES: usize = 1024 * 1024;
/// The whole file after decompression: every page is held in memory.
const MAX_WARC_BYTES: u64 = 1024 * 1024 * 1024;

/// One record as framed: its named headers (lower-cased names) and block.
struct Record {
    headers: Vec<(String, String)>,
    block: Vec<u8>,
}

impl Record {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Read every page a WARC file holds. A record that is not HTTP or a
/// resource is skipped; a file that is not WARC at all, a broken record,
/// one above the size cap, or bytes after the last record are errors.
pub fn load(path: &Path) -> Result<Saved, SourcesError> {
    let io = |source| SourcesError::Io {
        path: path.to_path_buf(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    if !meta.is_file() {
        return Err(io(std::io::Error::other(
            "not a regular file (a FIFO, socket or device); refusing to read it",
        )));
    }
    let file = std::fs::File::open(path).map_err(io)?;
    let gz = path
        .file_name()
        .is_some_and(|n| n.to_string_lossy().to_ascii_lowercase().ends_with(".gz"));
    let raw: Box<dyn Read> = if gz {
        Box::new(flate2::read::MultiGzDecoder::new(BufReader::new(file)))
    } else {
        Box::new(file)
    };
    from_reader(raw, path)
}

/// The pages of WARC bytes read from `raw` (decompressed already), errors
/// naming `path`: [`load`] without the file, for the fuzz target.
pub fn from_reader(raw: impl Read, path: &Path) -> Result<Saved, SourcesError> {
    let mut reader = BufReader::new(raw.take(MAX_WARC_BYTES + 1));
    let bad = |message: String| SourcesError::Warc {
        path: path.to_path_buf(),
        message,
    };
    let mut pages = Vec::new();
    let mut records = 0usize;
    loop {
        let next = next_record(&mut reader, records + 1);
        if reader.get_ref().limit() == 0 {
            return Err(bad(format!(
                "more than {MAX_WARC_BYTES} bytes (decompressed); split it into smaller files"
            )));
        }
        let Some(record) = next.map_err(bad)? else {
            break;
        };
        records += 1;
        pages.extend(page(&record));
    }
    if records == 0 {
        return Err(bad("no WARC records".into()));
    }
    Ok(Saved { pages })
}

/// The saved page a record holds, if it is a response or a resource with
/// a target URI.
fn page(record: &Record) -> Option<SavedPage> {
    let kind = record
        .header("warc-type")
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let url = record
        .header("warc-target-uri")?
        .trim()
        .trim_start_matches('<')
        .trim_end_matches('>')
        .to_string();
    let fetched = record.header("warc-date").map(str::to_string);
    match kind.as_str() {
        "response" => {
            let (status, content_type, body) = http_response(&record.block)?;
            Some(SavedPage {
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
            content_type: record.header("content-type").map(str::to_string),
            fetched,
            body: record.block.clone(),
        }),
        _ => None,
    }
}

/// One header line without its line ending, at most [`MAX_HEADER_LINE`]
/// bytes; `None` at the end of the input.
fn line(r: &mut impl BufRead, n: usize) -> Result<Option<String>, String> {
    let mut buf = Vec::new();
    let read = r
        .by_ref()
        .take(MAX_HEADER_LINE as u64 + 1)
        .read_until(b'\n', &mut buf)
        .map_err(|e| format!("record {n}: {e}"))?;
    if read == 0 {
        return Ok(None);
    }
    if buf.len() > MAX_HEADER_LINE {
        return Err(format!(
            "record {n}: a header line longer than {MAX_HEADER_LINE} bytes"
        ));
    }
    // A last line without its line ending is returned as it is: the caller
    // tells a truncated header from trailing bytes.
    if buf.last() == Some(&b'\n') {
        buf.pop();
    }
    if buf.last() == Some(&b'\r') {
        buf.pop();
    }
    Ok(Some(String::from_utf8_lossy(&buf).into_owned()))
}

/// The next record (the `n`th), `None` at a clean end of the input.
fn next_record(r: &mut impl BufRead, n: usize) -> Result<Option<Record>, String> {
    // Blank lines between records are tolerated (some writers add them).
    let version = loop {
        match line(r, n)? {
            None => return Ok(None),
            Some(l) if l.trim().is_empty() => continue,
            Some(l) => break l,
        }
    };
    if !version.starts_with("WARC/") {
        let shown: String = version.chars().take(40).collect();
        return Err(if n == 1 {
            format!(
                "does not start with a WARC record (found `{}`)",
                shown.escape_debug()
            )
        } else {
            format!(
                "unexpected bytes where record {n} should start (`{}`): trailing garbage, or a wrong Content-Length in record {}",
                shown.escape_debug(),
                n - 1
            )
        });
    }
    let mut headers = Vec::new();
    let mut header_bytes = 0usize;
    loop {
        let Some(l) = line(r, n)? else {
            return Err(format!("record {n}: truncated in its headers"));
        };
        if l.is_empty() {
            break;
        }
        header_bytes += l.len();
        if header_bytes > MAX_HEADER_BYTES {
            return Err(format!(
                "record {n}: headers longer than {MAX_HEADER_BYTES} bytes"
            ));
        }
        // A continuation line (leading white space) extends the last header.
        if l.starts_with([' ', '\t']) {
            if let Some((_, v)) = headers.last_mut() {
                let v: &mut String = v;
                v.push(' ');
                v.push_str(l.trim());
            }
            continue;
        }
        let Some((k, v)) = l.split_once(':') else {
            return Err(format!(
                "record {n}: `{}` is not a header",
                l.escape_debug()
            ));
        };
        headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
    }
    let length = headers
        .iter()
        .find(|(k, _)| k == "content-length")
        .ok_or_else(|| format!("record {n}: no Content-Length"))?
        .1
        .parse::<u64>()
        .map_err(|_| format!("record {n}: Content-Length is not a number of bytes"))?;
    if length > MAX_RECORD_BYTES {
        return Err(format!(
            "record {n}: Content-Length {length} is above the cap of {MAX_RECORD_BYTES} bytes"
        ));
    }
    // Read what is there, not what the header claims, before allocating.
    let mut block = Vec::new();
    r.by_ref()
        .take(length)
        .read_to_end(&mut block)
        .map_err(|e| format!("record {n}: {e}"))?;
    if (block.len() as u64) < length {
        return Err(format!(
            "record {n}: truncated (Content-Length {length}, {} bytes left in the file)",
            block.len()
        ));
    }
    let mut end = [0u8; 4];
    let mut got = 0;
    while got < end.len() {
        match r.read(&mut end[got..]) {
            Ok(0) => break,
            Ok(k) => got += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(format!("record {n}: {e}")),
        }
    }
    if &end[..got] != b"\r\n\r\n" {
        return Err(format!(
            "record {n}: not followed by a blank line (a wrong Content-Length, or a truncated file)"
        ));
    }
    Ok(Some(Record { headers, block }))
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
    // Decompressed as the network reads bodies: up to the body cap (a
    // small bomb must not become gigabytes).
    let decoded = {
        let reader: Option<Box<dyn Read + '_>> = match encoding.as_deref() {
            Some("gzip" | "x-gzip") => Some(Box::new(flate2::read::MultiGzDecoder::new(&body[..]))),
            Some("deflate") => Some(Box::new(flate2::read::ZlibDecoder::new(&body[..]))),
            _ => None,
        };
        reader.and_then(|r| {
            let mut out = Vec::new();
            r.take(MAX_PAGE_BYTES)
                .read_to_end(&mut out)
                .ok()
                .map(|_| out)
        })
    };
    if let Some(out) = decoded {
        body = out;
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

    fn record(length: &str, block: &[u8], end: &[u8]) -> Vec<u8> {
        let mut out = format!(
            "WARC/1.0\r\nWARC-Type: resource\r\nWARC-Target-URI: https://a.example/\r\nContent-Length: {length}\r\n\r\n"
        )
        .into_bytes();
        out.extend_from_slice(block);
        out.extend_from_slice(end);
        out
    }

    fn records(bytes: &[u8]) -> Result<usize, String> {
        let mut r = std::io::Cursor::new(bytes);
        let mut n = 0;
        while next_record(&mut r, n + 1)?.is_some() {
            n += 1;
        }
        Ok(n)
    }

    #[test]
    fn hostile_framing_is_an_error_naming_the_record() {
        let good = record("5", b"hello", b"\r\n\r\n");
        assert_eq!(records(&[good.clone(), good.clone()].concat()), Ok(2));
        let huge = record("18446744073709551615", b"hello", b"\r\n\r\n");
        let e = records(&[good.clone(), huge].concat()).unwrap_err();
        assert!(e.contains("record 2") && e.contains("above the cap"), "{e}");
        let e = records(&record("99999999999999999999", b"", b"")).unwrap_err();
        assert!(e.contains("not a number"), "{e}");
        let short = record("500", b"hello", b"");
        let e = records(&[good.clone(), short].concat()).unwrap_err();
        assert!(e.contains("record 2: truncated"), "{e}");
        let e = records(&[good.clone(), b"garbage after it".to_vec()].concat()).unwrap_err();
        assert!(
            e.contains("record 2") && e.contains("trailing garbage"),
            "{e}"
        );
        let e = records(&record("3", b"hello", b"\r\n\r\n")).unwrap_err();
        assert!(e.contains("record 1: not followed by a blank line"), "{e}");
        let cut = &good[..20];
        let e = records(cut).unwrap_err();
        assert!(e.contains("truncated in its headers"), "{e}");
        let long = [
            b"WARC/1.0\r\nX: ".to_vec(),
            vec![b'a'; MAX_HEADER_LINE + 10],
        ]
        .concat();
        assert!(records(&long).unwrap_err().contains("header line longer"));
    }

    #[test]
    fn a_compressed_http_body_is_decompressed_up_to_the_cap() {
        use std::io::Write;
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        enc.write_all(&vec![b' '; (MAX_PAGE_BYTES as usize) * 4])
            .unwrap();
        let bomb = enc.finish().unwrap();
        let mut raw = b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n".to_vec();
        raw.extend_from_slice(&bomb);
        let (_, _, body) = http_response(&raw).unwrap();
        assert_eq!(body.len() as u64, MAX_PAGE_BYTES);
    }
}

//! Byte offsets ↔ LSP positions. LSP counts a position's `character` in
//! UTF-16 code units unless client and server agree on UTF-8 (bytes); the
//! text is the client's own copy, so a byte-order mark, if the client kept
//! one, is an ordinary character of line 0 here.

use lsp_types::{Position, PositionEncodingKind, Range};

use crate::model::Span;

/// How `character` is counted, as negotiated at `initialize`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    /// Bytes of UTF-8.
    Utf8,
    /// UTF-16 code units: the protocol's default.
    #[default]
    Utf16,
}

impl Encoding {
    /// UTF-8 when the client offers it (it costs no conversion), else the
    /// UTF-16 every client must understand.
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
        match offered {
            Some(kinds) if kinds.contains(&PositionEncodingKind::UTF8) => Encoding::Utf8,
            _ => Encoding::Utf16,
        }
    }

    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        }
    }
}

/// Where each line starts, by LSP's line endings (`\n`, `\r\n`, `\r`),
/// and for UTF-16 the units before every few KiB, so that a column on a
/// very long line costs one block's count, not the line's.
#[derive(Debug, Clone)]
pub struct LineMap {
    starts: Vec<usize>,
    encoding: Encoding,
    /// (byte offset at a char boundary, UTF-16 units before it).
    checkpoints: Vec<(usize, usize)>,
}

const BLOCK: usize = 4096;

impl LineMap {
    pub fn new(text: &str, encoding: Encoding) -> LineMap {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        for (i, &b) in bytes.iter().enumerate() {
            let ends_line = b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n'));
            if ends_line {
                starts.push(i + 1);
            }
        }
        let mut checkpoints = vec![(0, 0)];
        if encoding == Encoding::Utf16 {
            let (mut at, mut units) = (0, 0);
            while at + BLOCK < text.len() {
                let next = crate::source::floor_char_boundary(text, at + BLOCK);
                units += text[at..next].encode_utf16().count();
                checkpoints.push((next, units));
                at = next;
            }
        }
        LineMap {
            starts,
            encoding,
            checkpoints,
        }
    }

    /// Units before a char boundary `offset`.
    fn units_before(&self, text: &str, offset: usize) -> usize {
        match self.encoding {
            Encoding::Utf8 => offset,
            Encoding::Utf16 => {
                let k = self
                    .checkpoints
                    .partition_point(|&(b, _)| b <= offset)
                    .max(1)
                    - 1;
                let (b, units) = self.checkpoints[k];
                units + text[b..offset].encode_utf16().count()
            }
        }
    }

    /// The end of line `i`'s content, before its line ending.
    fn line_end(&self, text: &str, i: usize) -> usize {
        let Some(&next) = self.starts.get(i + 1) else {
            return text.len();
        };
        let bytes = text.as_bytes();
        let mut end = next;
        if end > 0 && bytes.get(end - 1) == Some(&b'\n') {
            end -= 1;
        }
        if end > 0 && bytes.get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        end.max(self.starts[i])
    }

    /// The position of a byte offset (clamped to the text, and to the start
    /// of the character it falls inside).
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = crate::source::floor_char_boundary(text, offset.min(text.len()));
        let line = self.starts.partition_point(|&s| s <= offset).max(1) - 1;
        let start = self.starts[line];
        Position::new(
            u32::try_from(line).unwrap_or(u32::MAX),
            u32::try_from(self.units_before(text, offset) - self.units_before(text, start))
                .unwrap_or(u32::MAX),
        )
    }

    pub fn range(&self, text: &str, span: Span) -> Range {
        Range::new(
            self.position(text, span.start),
            self.position(text, span.end),
        )
    }

    /// The byte offset of a position. A line past the end is the end of the
    /// text; a character past the line's end is the line's end (as the
    /// protocol asks); one inside a character (half a surrogate pair) is
    /// that character's start.
    pub fn offset(&self, text: &str, position: Position) -> usize {
        let line = position.line as usize;
        let Some(&start) = self.starts.get(line) else {
            return text.len();
        };
        let end = self.line_end(text, line);
        let wanted = position.character as usize;
        let mut units = 0;
        for (i, c) in text[start..end].char_indices() {
            let width = match self.encoding {
                Encoding::Utf8 => c.len_utf8(),
                Encoding::Utf16 => c.len_utf16(),
            };
            if units + width > wanted {
                return start + i;
            }
            units += width;
        }
        end
    }

    pub fn span(&self, text: &str, range: Range) -> Span {
        let a = self.offset(text, range.start);
        let b = self.offset(text, range.end);
        Span::new(a.min(b), a.max(b))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(line: u32, character: u32) -> Position {
        Position::new(line, character)
    }

    #[test]
    fn negotiation_prefers_utf8_only_when_offered() {
        assert_eq!(Encoding::negotiate(None), Encoding::Utf16);
        assert_eq!(
            Encoding::negotiate(Some(&[PositionEncodingKind::UTF16])),
            Encoding::Utf16
        );
        assert_eq!(
            Encoding::negotiate(Some(&[
                PositionEncodingKind::UTF16,
                PositionEncodingKind::UTF8
            ])),
            Encoding::Utf8
        );
    }

    #[test]
    fn non_ascii_counts_differ_by_encoding() {
        // “ is 3 bytes, 1 UTF-16 unit; 𝄞 is 4 bytes, 2 UTF-16 units.
        let text = "a “b” 𝄞 [1]\nnext";
        let at = text.find("[1]").unwrap();
        let utf16 = LineMap::new(text, Encoding::Utf16);
        let utf8 = LineMap::new(text, Encoding::Utf8);
        assert_eq!(utf16.position(text, at), pos(0, 9));
        assert_eq!(utf8.position(text, at), pos(0, at as u32));
        assert_eq!(utf16.offset(text, pos(0, 9)), at);
        assert_eq!(utf8.offset(text, pos(0, at as u32)), at);
        // Half a surrogate pair falls back to the character's start.
        let clef = text.find('𝄞').unwrap();
        assert_eq!(utf16.offset(text, pos(0, 7)), clef);
        // Inside a UTF-8 sequence: the character's start both ways.
        assert_eq!(utf8.position(text, 3), pos(0, 2));
        assert_eq!(utf8.offset(text, pos(0, 3)), 2);
        assert_eq!(utf16.position(text, text.len()), pos(1, 4));
    }

    #[test]
    fn crlf_and_lone_cr_end_lines_and_are_not_columns() {
        let text = "ab\r\ncd\ref\n";
        let map = LineMap::new(text, Encoding::Utf16);
        assert_eq!(map.position(text, 4), pos(1, 0));
        assert_eq!(map.position(text, 7), pos(2, 0));
        assert_eq!(
            map.offset(text, pos(0, 99)),
            2,
            "past the end: before \\r\\n"
        );
        assert_eq!(map.offset(text, pos(1, 2)), 6);
        assert_eq!(map.offset(text, pos(3, 0)), text.len());
        assert_eq!(map.offset(text, pos(9, 0)), text.len());
    }

    #[test]
    fn a_byte_order_mark_is_a_character_of_the_first_line() {
        let text = "\u{feff}[1] x";
        let at = text.find("[1]").unwrap();
        assert_eq!(
            LineMap::new(text, Encoding::Utf16).position(text, at),
            pos(0, 1)
        );
        assert_eq!(
            LineMap::new(text, Encoding::Utf8).position(text, at),
            pos(0, 3)
        );
        let map = LineMap::new(text, Encoding::Utf16);
        assert_eq!(
            map.span(text, map.range(text, Span::new(at, at + 3))),
            Span::new(at, at + 3)
        );
    }

    #[test]
    fn long_lines_count_across_checkpoints() {
        let text = format!("{}[1]\n{}x", "é𝄞a".repeat(3000), "“".repeat(5000));
        let map = LineMap::new(&text, Encoding::Utf16);
        let at = text.find("[1]").unwrap();
        assert_eq!(map.position(&text, at), pos(0, 4 * 3000));
        assert_eq!(map.offset(&text, pos(0, 4 * 3000)), at);
        assert_eq!(map.position(&text, text.len() - 1), pos(1, 5000));
    }

    #[test]
    fn round_trips_every_char_boundary() {
        let text = "é\r\n“q” 𝄞\rz\n\nend";
        for enc in [Encoding::Utf8, Encoding::Utf16] {
            let map = LineMap::new(text, enc);
            for (i, _) in text.char_indices() {
                let p = map.position(text, i);
                let back = map.offset(text, p);
                // A line ending's second byte maps to the line's end.
                assert!(
                    back == i || text[back..i].chars().all(|c| c == '\r' || c == '\n'),
                    "{enc:?} {i} {p:?} {back}"
                );
            }
        }
    }
}

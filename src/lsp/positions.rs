//! Byte offsets to LSP positions and back, in the encoding the client negotiated. Every other part
//! of the server works in byte spans, as the analysis does; only this module knows that an editor
//! counts a line's characters in UTF-16 code units (the protocol's default) or in UTF-8 bytes.

use crate::document::LineIndex;
use lsp_types::{Position, PositionEncodingKind, Range};

/// How a position's `character` counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 code units: bytes. Offered by Neovim, Helix and Zed, and the cheapest to convert.
    Utf8,
    /// UTF-16 code units: what every client understands, and what it means when nothing was
    /// negotiated. An emoji outside the Basic Multilingual Plane counts two.
    Utf16,
}

impl Encoding {
    /// UTF-8 when the client lists it among `general.positionEncodings`, else UTF-16 (which the
    /// protocol requires every server to support). UTF-32 is not taken: UTF-8 is cheaper for us.
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

    fn units(self, text: &str) -> usize {
        match self {
            Encoding::Utf8 => text.len(),
            Encoding::Utf16 => text.chars().map(char::len_utf16).sum(),
        }
    }
}

/// A document's text with its line index, converting in one encoding.
pub struct Positions<'a> {
    text: &'a str,
    lines: &'a LineIndex,
    encoding: Encoding,
}

impl<'a> Positions<'a> {
    pub fn new(text: &'a str, lines: &'a LineIndex, encoding: Encoding) -> Positions<'a> {
        Positions { text, lines, encoding }
    }

    /// The position of byte `offset`; an offset inside a character counts as that character's start.
    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.lines.line_of(offset);
        let line_span = self.lines.line_range(self.text, line);
        // An offset inside a `\r\n` line ending counts as the end of its line.
        let upto = offset.clamp(line_span.start, line_span.end);
        let character = self.encoding.units(&self.text[line_span.start..upto]);
        Position::new(line as u32, character as u32)
    }

    pub fn range(&self, span: std::ops::Range<usize>) -> Range {
        Range::new(self.position(span.start), self.position(span.end.max(span.start)))
    }

    /// The byte offset of `position`, as the protocol says to read one a client sends: a line past
    /// the last is the end of the text, and a character past the end of its line is the line's end.
    /// A position inside a character (half of a surrogate pair) is that character's start.
    pub fn offset(&self, position: Position) -> usize {
        let line = position.line as usize;
        if line > self.lines.line_of(self.text.len()) {
            return self.text.len();
        }
        let range = self.lines.line_range(self.text, line);
        let wanted = position.character as usize;
        let mut units = 0;
        for (at, ch) in self.text[range.clone()].char_indices() {
            let width = match self.encoding {
                Encoding::Utf8 => ch.len_utf8(),
                Encoding::Utf16 => ch.len_utf16(),
            };
            if units + width > wanted {
                return range.start + at;
            }
            units += width;
        }
        range.end
    }

    /// The byte range of 0-based `line` without its ending.
    pub fn line_span(&self, line: usize) -> std::ops::Range<usize> {
        self.lines.line_range(self.text, line)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn both(text: &str, offset: usize) -> (Position, Position) {
        let lines = LineIndex::new(text);
        (
            Positions::new(text, &lines, Encoding::Utf8).position(offset),
            Positions::new(text, &lines, Encoding::Utf16).position(offset),
        )
    }

    #[test]
    fn accented_letters_are_one_utf16_unit_and_two_bytes() {
        let text = "Intro\nJosé led the café rollout.";
        let at = text.find("led").unwrap();
        let (utf8, utf16) = both(text, at);
        assert_eq!(utf8, Position::new(1, 6));
        assert_eq!(utf16, Position::new(1, 5));
        let at = text.find("rollout").unwrap();
        assert_eq!(both(text, at), (Position::new(1, 20), Position::new(1, 18)));
    }

    #[test]
    fn emoji_outside_the_bmp_are_two_utf16_units_and_four_bytes() {
        let text = "🚀 Shipped it. 👩‍💻 basically done";
        let at = text.find("Shipped").unwrap();
        assert_eq!(both(text, at), (Position::new(0, 5), Position::new(0, 3)));
        // The ZWJ sequence is woman (2 units), joiner (1), laptop (2).
        let at = text.find("basically").unwrap();
        assert_eq!(both(text, at), (Position::new(0, 29), Position::new(0, 21)));
    }

    #[test]
    fn offsets_round_trip_in_both_encodings() {
        let text = "¿Qué?\r\n🚀 naïve 日本 ok\rlast";
        let lines = LineIndex::new(text);
        for encoding in [Encoding::Utf8, Encoding::Utf16] {
            let positions = Positions::new(text, &lines, encoding);
            for (offset, _) in text.char_indices().filter(|(i, _)| !text[*i..].starts_with('\n')) {
                assert_eq!(
                    positions.offset(positions.position(offset)),
                    offset,
                    "{encoding:?} at {offset}"
                );
            }
        }
    }

    #[test]
    fn positions_from_a_client_are_clamped_and_floored() {
        let text = "a🚀b\nxy";
        let lines = LineIndex::new(text);
        let utf16 = Positions::new(text, &lines, Encoding::Utf16);
        // Character 2 falls between the rocket's two surrogates: the rocket's start.
        assert_eq!(utf16.offset(Position::new(0, 2)), 1);
        assert_eq!(utf16.offset(Position::new(0, 3)), 5);
        assert_eq!(utf16.offset(Position::new(0, 99)), 6);
        assert_eq!(utf16.offset(Position::new(7, 0)), text.len());
        let utf8 = Positions::new(text, &lines, Encoding::Utf8);
        assert_eq!(utf8.offset(Position::new(0, 3)), 1);
        assert_eq!(utf8.offset(Position::new(1, 1)), 8);
    }

    #[test]
    fn utf8_is_chosen_only_when_offered() {
        assert_eq!(Encoding::negotiate(None), Encoding::Utf16);
        let offered = [PositionEncodingKind::UTF16, PositionEncodingKind::UTF8];
        assert_eq!(Encoding::negotiate(Some(&offered)), Encoding::Utf8);
        assert_eq!(
            Encoding::negotiate(Some(&[PositionEncodingKind::UTF32])),
            Encoding::Utf16
        );
    }
}

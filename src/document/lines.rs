//! Line index over an original source text: byte offsets to 1-based lines and character columns.

/// Byte offsets where each line starts, so that a span can be turned into the line and column a
/// person sees in their editor without rescanning the text for every diagnostic. A line ends at
/// `\n`, `\r\n` or a lone `\r`, as in CommonMark (which the Markdown parser follows) and in editors;
/// counting only `\n` would put a whole old-Mac file on line 1.
///
/// Columns count characters, which costs a scan from the line's start; in a line longer than
/// [`CHECKPOINT_BYTES`] the index also keeps the column every that many bytes, so that finding
/// columns for thousands of diagnostics on a one-megabyte line stays linear rather than quadratic.
#[derive(Debug, Clone)]
pub struct LineIndex {
    line_starts: Vec<usize>,
    /// `(offset, characters from its line's start to it)`, for offsets inside long lines, sorted.
    checkpoints: Vec<(usize, usize)>,
}

const CHECKPOINT_BYTES: usize = 4096;

/// Characters that start in `bytes`: every byte that is not a UTF-8 continuation byte.
fn chars_starting_in(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b & 0xC0) != 0x80).count()
}

/// A 1-based line and a 1-based column counted in Unicode scalar values, as the JSON contract says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut line_starts = vec![0];
        line_starts.extend(
            bytes
                .iter()
                .enumerate()
                .filter(|&(i, &b)| b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')))
                .map(|(i, _)| i + 1),
        );
        let mut checkpoints = Vec::new();
        let ends = line_starts.iter().skip(1).copied().chain(std::iter::once(text.len()));
        for (&start, end) in line_starts.iter().zip(ends) {
            let mut at = start;
            let mut column = 0;
            while end - at > CHECKPOINT_BYTES {
                column += chars_starting_in(&bytes[at..at + CHECKPOINT_BYTES]);
                at += CHECKPOINT_BYTES;
                checkpoints.push((at, column));
            }
        }
        LineIndex {
            line_starts,
            checkpoints,
        }
    }

    /// The 0-based line holding `offset` (an offset just past a newline belongs to the next line).
    pub fn line_of(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    /// Line and character column of a byte offset; an offset inside a multi-byte character counts as
    /// that character.
    pub fn line_col(&self, text: &str, offset: usize) -> LineCol {
        let offset = offset.min(text.len());
        let line = self.line_of(offset);
        let line_start = self.line_starts[line];
        let checkpoint = self.checkpoints.partition_point(|&(at, _)| at <= offset);
        let (start, before) = match checkpoint.checked_sub(1).map(|i| self.checkpoints[i]) {
            Some((at, column)) if at > line_start => (at, column),
            _ => (line_start, 0),
        };
        let column = before + chars_starting_in(&text.as_bytes()[start..offset]);
        LineCol {
            line: line + 1,
            column: column + 1,
        }
    }

    /// Byte range of the 0-based line `line`, without its line ending.
    pub fn line_range(&self, text: &str, line: usize) -> std::ops::Range<usize> {
        let start = self.line_starts[line.min(self.line_starts.len() - 1)];
        let Some(&next) = self.line_starts.get(line + 1) else {
            return start..text.len().max(start);
        };
        // `next - 1` is the `\n` or lone `\r` that ends the line; a `\r` before a `\n` goes too.
        let end = next - 1;
        let crlf = end > start && text.as_bytes()[end] == b'\n' && text.as_bytes()[end - 1] == b'\r';
        start..if crlf { end - 1 } else { end }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "ab\n日本語 test\n👩‍💻 x";
        let index = LineIndex::new(text);
        assert_eq!(index.line_col(text, 0), LineCol { line: 1, column: 1 });
        let t = text.find("test").unwrap();
        assert_eq!(index.line_col(text, t), LineCol { line: 2, column: 5 });
        // The ZWJ emoji is three scalar values: man, joiner, laptop.
        let x = text.rfind('x').unwrap();
        assert_eq!(index.line_col(text, x), LineCol { line: 3, column: 5 });
    }

    #[test]
    fn offset_after_newline_is_next_line_and_end_is_clamped() {
        let text = "one\r\ntwo";
        let index = LineIndex::new(text);
        assert_eq!(index.line_col(text, 5).line, 2);
        assert_eq!(index.line_range(text, 0), 0..3);
        assert_eq!(index.line_range(text, 1), 5..8);
        assert_eq!(index.line_col(text, 999), LineCol { line: 2, column: 4 });
    }

    #[test]
    fn columns_on_long_lines_use_checkpoints_and_agree_with_counting() {
        let line = "é日x👩‍💻 ".repeat(2000);
        let text = format!("short\n{line}\n{line}");
        let index = LineIndex::new(&text);
        assert!(index.checkpoints.len() > 4);
        for offset in (0..text.len()).step_by(997).chain([text.len()]) {
            let line = index.line_of(offset);
            let start = index.line_starts[line];
            let counted = text[start..]
                .char_indices()
                .take_while(|(i, _)| start + i < offset)
                .count();
            assert_eq!(index.line_col(&text, offset).column, counted + 1, "offset {offset}");
        }
    }

    #[test]
    fn a_lone_carriage_return_ends_a_line() {
        let text = "\r\r\nA\rb\r";
        let index = LineIndex::new(text);
        assert_eq!(index.line_col(text, 3), LineCol { line: 3, column: 1 });
        assert_eq!(index.line_col(text, 5), LineCol { line: 4, column: 1 });
        assert_eq!(index.line_range(text, 0), 0..0);
        assert_eq!(index.line_range(text, 1), 1..1);
        assert_eq!(index.line_range(text, 2), 3..4);
        assert_eq!(index.line_range(text, 3), 5..6);
        assert_eq!(index.line_range(text, 4), 7..7);
    }
}

//! Line index over an original source text: byte offsets to 1-based lines and character columns.

/// Byte offsets where each line starts, so that a span can be turned into the line and column a
/// person sees in their editor without rescanning the text for every diagnostic. A line ends at
/// `\n`, `\r\n` or a lone `\r`, as in CommonMark (which the Markdown parser follows) and in editors;
/// counting only `\n` would put a whole old-Mac file on line 1.
#[derive(Debug, Clone)]
pub struct LineIndex {
    line_starts: Vec<usize>,
    /// On long lines, `(offset, column)` every few kilobytes, so that a column is counted from a
    /// nearby checkpoint: a one-megabyte line with thousands of findings would otherwise be counted
    /// from its start for each of them.
    checkpoints: Vec<(usize, usize)>,
}

/// Bytes between column checkpoints on a long line.
const CHECKPOINT_SPACING: usize = 4096;

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
        for (line, &start) in line_starts.iter().enumerate() {
            let end = line_starts.get(line + 1).copied().unwrap_or(text.len());
            if end - start <= CHECKPOINT_SPACING {
                continue;
            }
            let mut next = start + CHECKPOINT_SPACING;
            for (column, (i, _)) in text[start..end].char_indices().enumerate() {
                if start + i >= next {
                    checkpoints.push((start + i, column));
                    next = start + i + CHECKPOINT_SPACING;
                }
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
        let nearest = self.checkpoints.partition_point(|(at, _)| *at <= offset);
        let (start, before) = match nearest.checked_sub(1).map(|i| self.checkpoints[i]) {
            Some((at, column)) if at >= line_start => (at, column),
            _ => (line_start, 0),
        };
        // Characters that start before `offset`: every byte that is not a UTF-8 continuation byte
        // (0x80 to 0xBF) starts one. Counting bytes is what makes this cheap: a report asks for
        // hundreds of columns on the long lines a paragraph is.
        let column = before
            + text
                .as_bytes()
                .get(start..offset)
                .map_or(0, |bytes| bytes.iter().filter(|&&b| (b as i8) >= -0x40).count());
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
    fn columns_on_very_long_lines_use_checkpoints_and_agree_with_counting() {
        let line = "é".repeat(5000) + &"a".repeat(9000);
        let text = format!("short\n{line}\nend");
        let index = LineIndex::new(&text);
        assert!(!index.checkpoints.is_empty());
        let second = text.find('é').unwrap();
        for offset in [
            second,
            second + 2,
            second + 9998,
            second + 10_000,
            second + 18_999,
            text.len() - 3,
        ] {
            let expected = text[index.line_starts[index.line_of(offset)]..offset].chars().count() + 1;
            assert_eq!(index.line_col(&text, offset).column, expected, "offset {offset}");
        }
        assert_eq!(index.line_col(&text, text.len() - 3), LineCol { line: 3, column: 1 });
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

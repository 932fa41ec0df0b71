//! Finds every occurrence of a set of literals in a text, overlapping ones included: what the
//! gate (see `matcher::Gate`) asks of a sentence. It finds what an overlapping Aho-Corasick search
//! finds, and is built by sorting the literals into buckets instead of building an automaton: for
//! the built-in rules' 1,400 gate words that took 6 M instructions, a tenth of checking one
//! answer, while sorting them takes a few hundred thousand. At each position of the text one bit
//! says whether a literal starts with its next two bytes; where one does, the literals that start
//! with its next three bytes (or two) are looked up and compared.

use std::ops::Range;

/// A set of literals, each known by its index in the list it was built from.
#[derive(Debug, Clone)]
pub struct LiteralSet {
    /// Every literal's bytes, one after another; literal `i` ends at `ends[i]`.
    bytes: Vec<u8>,
    ends: Vec<usize>,
    /// Literals of three bytes or more, by their first three.
    long: Buckets,
    /// Literals of two bytes.
    pairs: Buckets,
    /// One bit for each pair of bytes that starts a literal of two bytes or more: most positions
    /// of a text are passed over on one look at it.
    first_pairs: Box<[u64; 1 << 10]>,
    /// One bit for each byte that is a literal of one byte.
    single_bytes: [u64; 4],
    /// Literals of one byte, by that byte: `singles[single_starts[b]..single_starts[b + 1]]`.
    single_starts: Vec<u32>,
    singles: Vec<u32>,
    /// Empty literals, which occur at every position.
    empty: Vec<u32>,
}

/// Literals by a key made of their first bytes (see [`key`]), hashed into buckets: bucket `b` is
/// `entries[starts[b]..starts[b + 1]]`, each entry a literal's key and index.
#[derive(Debug, Clone)]
struct Buckets {
    bits: u32,
    starts: Vec<u32>,
    entries: Vec<(u32, u32)>,
}

impl Buckets {
    /// `keyed` (key, literal) in buckets, about two buckets a literal so that most hold one or none.
    fn new(keyed: &[(u32, u32)]) -> Buckets {
        let bits = (keyed.len() * 2)
            .next_power_of_two()
            .clamp(16, 1 << 14)
            .trailing_zeros();
        let (starts, entries) = lay_out(keyed, 1 << bits, |key| bucket(bits, key));
        Buckets { bits, starts, entries }
    }

    /// The entries in `key`'s bucket (their keys may differ).
    #[inline]
    fn get(&self, key: u32) -> &[(u32, u32)] {
        let bucket = bucket(self.bits, key);
        &self.entries[self.starts[bucket] as usize..self.starts[bucket + 1] as usize]
    }
}

#[inline]
fn bucket(bits: u32, key: u32) -> usize {
    (key.wrapping_mul(0x9E37_79B1) >> (32 - bits)) as usize
}

/// `items` grouped by `slot` (below `count`): slot `s` holds `laid[starts[s]..starts[s + 1]]`,
/// in the order given.
fn lay_out<T: Copy>(items: &[(u32, T)], count: usize, slot: impl Fn(u32) -> usize) -> (Vec<u32>, Vec<(u32, T)>) {
    let mut starts = vec![0u32; count + 1];
    for &(key, _) in items {
        starts[slot(key) + 1] += 1;
    }
    for s in 0..count {
        starts[s + 1] += starts[s];
    }
    let mut next = starts.clone();
    let mut laid = items.to_vec();
    for &item in items {
        let s = slot(item.0);
        laid[next[s] as usize] = item;
        next[s] += 1;
    }
    (starts, laid)
}

/// Up to the first three bytes of `bytes` as one number.
#[inline]
fn key(bytes: &[u8]) -> u32 {
    match *bytes {
        [] => 0,
        [a] => u32::from(a),
        [a, b] => u32::from(a) | (u32::from(b) << 8),
        [a, b, c, ..] => u32::from(a) | (u32::from(b) << 8) | (u32::from(c) << 16),
    }
}

impl LiteralSet {
    pub fn new(literals: &[&[u8]]) -> LiteralSet {
        let mut bytes = Vec::with_capacity(literals.iter().map(|l| l.len()).sum());
        let mut ends = Vec::with_capacity(literals.len());
        let mut first_pairs = Box::new([0u64; 1 << 10]);
        let mut single_bytes = [0u64; 4];
        let (mut long, mut pairs, mut singles, mut empty) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for (id, literal) in literals.iter().enumerate() {
            bytes.extend_from_slice(literal);
            ends.push(bytes.len());
            let (key, id) = (key(literal), id as u32);
            if literal.len() >= 2 {
                let pair = (key & 0xffff) as usize;
                first_pairs[pair / 64] |= 1 << (pair % 64);
            }
            match literal.len() {
                0 => empty.push(id),
                1 => {
                    single_bytes[literal[0] as usize / 64] |= 1 << (literal[0] % 64);
                    singles.push((key, id));
                }
                2 => pairs.push((key, id)),
                _ => long.push((key, id)),
            }
        }
        let (single_starts, singles) = lay_out(&singles, 256, |byte| byte as usize);
        LiteralSet {
            bytes,
            ends,
            long: Buckets::new(&long),
            pairs: Buckets::new(&pairs),
            first_pairs,
            single_bytes,
            single_starts,
            singles: singles.into_iter().map(|(_, id)| id).collect(),
            empty,
        }
    }

    fn literal(&self, id: u32) -> &[u8] {
        let id = id as usize;
        let start = if id == 0 { 0 } else { self.ends[id - 1] };
        &self.bytes[start..self.ends[id]]
    }

    /// Where literals occur in `text` leftmost longest, as a leftmost-longest Aho-Corasick search
    /// reports them: of the literals that start first, the longest, then the same again from its
    /// end on.
    pub fn leftmost_longest(&self, text: &[u8]) -> Vec<Range<usize>> {
        let mut every = Vec::new();
        self.for_each_match(text, |_, range| every.push(range));
        every.sort_unstable_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
        let mut chosen: Vec<Range<usize>> = Vec::new();
        for range in every {
            if chosen.last().is_none_or(|last| range.start >= last.end) {
                chosen.push(range);
            }
        }
        chosen
    }

    /// Calls `found` with each literal that occurs in `text` and where, once per occurrence, in
    /// no particular order.
    pub fn for_each_match(&self, text: &[u8], mut found: impl FnMut(u32, Range<usize>)) {
        for (at, &first) in text.iter().enumerate() {
            if self.single_bytes[usize::from(first / 64)] & (1 << (first % 64)) != 0 {
                let first = usize::from(first);
                for &id in &self.singles[self.single_starts[first] as usize..self.single_starts[first + 1] as usize] {
                    found(id, at..at + 1);
                }
            }
            let Some(&second) = text.get(at + 1) else {
                continue;
            };
            let pair = u16::from(first) | (u16::from(second) << 8);
            if self.first_pairs[usize::from(pair / 64)] & (1 << (pair % 64)) == 0 {
                continue;
            }
            for &(key, id) in self.pairs.get(u32::from(pair)) {
                if key == u32::from(pair) {
                    found(id, at..at + 2);
                }
            }
            let Some(&third) = text.get(at + 2) else {
                continue;
            };
            let wanted = u32::from(pair) | (u32::from(third) << 16);
            for &(key, id) in self.long.get(wanted) {
                if key != wanted {
                    continue;
                }
                // The rest compared byte by byte: it is a few bytes, often none.
                let literal = self.literal(id);
                let rest = &literal[3..];
                if text.len() - at - 3 >= rest.len() && rest.iter().zip(&text[at + 3..]).all(|(a, b)| a == b) {
                    found(id, at..at + literal.len());
                }
            }
        }
        for &id in &self.empty {
            for at in 0..=text.len() {
                found(id, at..at);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aho_corasick::{AhoCorasickBuilder, AhoCorasickKind, MatchKind};

    fn all_matches(set: &LiteralSet, text: &[u8]) -> Vec<(u32, Range<usize>)> {
        let mut found = Vec::new();
        set.for_each_match(text, |id, range| found.push((id, range)));
        found.sort_by_key(|(id, range)| (range.start, range.end, *id));
        found
    }

    /// Every occurrence, overlapping and nested ones too, short literals and literals that share a
    /// bucket included, exactly as an overlapping Aho-Corasick search reports them.
    #[test]
    fn finds_what_an_overlapping_aho_corasick_search_finds() {
        let literals: Vec<&[u8]> = vec![
            b"kind",
            b"kind of",
            b"of",
            b"f",
            b"in",
            b"ind",
            b"we",
            b"we ",
            b"e w",
            b"a",
            b"aaa",
            b"aa",
            b"\xc3\xa9t",
            b"tests",
            b"test",
            b"st",
        ];
        let reference = AhoCorasickBuilder::new()
            .kind(Some(AhoCorasickKind::NoncontiguousNFA))
            .match_kind(MatchKind::Standard)
            .build(&literals)
            .unwrap();
        let set = LiteralSet::new(&literals);
        let texts: [&[u8]; 6] = [
            b"it was kind of slow, so we wrote tests",
            b"aaaaa",
            b"",
            b"f",
            "r\u{e9}t\u{e9}t kind".as_bytes(),
            b"we we we",
        ];
        for text in texts {
            let mut expected: Vec<(u32, Range<usize>)> = reference
                .find_overlapping_iter(text)
                .map(|m| (m.pattern().as_u32(), m.range()))
                .collect();
            expected.sort_by_key(|(id, range)| (range.start, range.end, *id));
            assert_eq!(all_matches(&set, text), expected, "{}", String::from_utf8_lossy(text));
        }
    }

    /// Word lists keep Aho-Corasick's leftmost-longest choice among overlapping terms.
    #[test]
    fn leftmost_longest_matches_aho_corasick() {
        let terms: Vec<&[u8]> = vec![b"ab", b"bcd", b"abc", b"c", b"node", b"node.js", b"js", b"d"];
        let reference = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&terms)
            .unwrap();
        let set = LiteralSet::new(&terms);
        for text in [&b"abcd"[..], b"xabcdabc", b"node.js and node", b"cbcd", b"", b"dd"] {
            let expected: Vec<Range<usize>> = reference.find_iter(text).map(|m| m.range()).collect();
            assert_eq!(
                set.leftmost_longest(text),
                expected,
                "{}",
                String::from_utf8_lossy(text)
            );
        }
    }

    #[test]
    fn an_empty_literal_occurs_at_every_position() {
        let set = LiteralSet::new(&[b"", b"ab"]);
        assert_eq!(
            all_matches(&set, b"ab"),
            vec![(0, 0..0), (1, 0..2), (0, 1..1), (0, 2..2)]
        );
    }

    #[test]
    fn a_set_of_no_literals_finds_nothing() {
        assert!(all_matches(&LiteralSet::new(&[]), b"anything").is_empty());
    }
}

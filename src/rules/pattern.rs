//! Pattern text to HIR, with nothing but `regex-syntax`: how a rule's pattern is parsed to run on
//! lowercased text, how a phrase becomes a pattern, and which literal words a pattern cannot match
//! without. The build script includes this file too (`build.rs`), so that the table of required
//! words it writes for the built-in rules is computed by exactly the code that runs.

use regex_syntax::hir::Hir;

/// Parses a pattern (cheaply: no automaton is built) in ASCII mode if it can be, else in Unicode
/// mode with ASCII word boundaries and Perl classes. Returns the HIR, the text parsed and its mode.
pub fn prepare(pattern: &str) -> Result<(Hir, String, bool), String> {
    if let Ok(hir) = parse(pattern, false) {
        return Ok((hir, pattern.to_string(), false));
    }
    // A pattern with a non-ASCII literal in a class (`r[eé]sum[eé]`) needs Unicode mode; its word
    // boundaries and Perl classes can still be ASCII, which keeps the set's DFA from quitting on
    // the first non-ASCII byte of an answer.
    let ascii_classes = ascii_perl_classes(pattern);
    if let Ok(hir) = parse(&ascii_classes, true) {
        return Ok((hir, ascii_classes, true));
    }
    match parse(pattern, true) {
        Ok(hir) => Ok((hir, pattern.to_string(), true)),
        Err(text) => {
            // The parser draws a caret diagram over several lines; keep its last line, which says
            // what is wrong, and name the pattern instead.
            let reason = text
                .lines()
                .rev()
                .find_map(|l| l.trim().strip_prefix("error: "))
                .map_or_else(|| text.split_whitespace().collect::<Vec<_>>().join(" "), str::to_string);
            Err(format!("invalid regex `{}`: {reason}", quote_pattern(pattern)))
        }
    }
}

/// A pattern as an error message names it: on one line (a `'''` pattern may span several, and
/// errors are one line on stderr) and short (the error's line and column already point at it).
fn quote_pattern(pattern: &str) -> String {
    const MAX_CHARS: usize = 80;
    let mut quoted = String::new();
    for (i, c) in pattern.chars().enumerate() {
        if i == MAX_CHARS {
            quoted.push('…');
            break;
        }
        if c.is_control() {
            quoted.extend(c.escape_default());
        } else {
            quoted.push(c);
        }
    }
    quoted
}

/// Rewrites `\b`, `\B`, `\w`, `\s`, `\d` (and their negations outside classes) to their ASCII forms.
fn ascii_perl_classes(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut chars = pattern.chars().peekable();
    let mut class_depth = 0usize;
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let Some(next) = chars.next() else {
                    out.push(c);
                    break;
                };
                match (class_depth > 0, next) {
                    (false, 'b' | 'B' | 'w' | 'W' | 's' | 'S' | 'd' | 'D') => {
                        out.push_str("(?-u:\\");
                        out.push(next);
                        out.push(')');
                    }
                    (true, 'w') => out.push_str("0-9A-Za-z_"),
                    (true, 'd') => out.push_str("0-9"),
                    (true, 's') => out.push_str("\\t\\n\\x0B\\x0C\\r "),
                    _ => {
                        out.push(c);
                        out.push(next);
                    }
                }
            }
            '[' => {
                class_depth += 1;
                out.push(c);
                // A `]` or `^]` right after the opening bracket is a literal.
                if chars.peek() == Some(&'^') {
                    out.push(chars.next().unwrap_or('^'));
                }
                if chars.peek() == Some(&']') {
                    out.push(chars.next().unwrap_or(']'));
                }
            }
            ']' if class_depth > 0 => {
                class_depth -= 1;
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// Parses a pattern to run on ASCII-lowercased text . In ASCII mode it is
/// parsed case-sensitively and then folded to lower case ([`fold_to_lower`]): the same matches as a
/// case-insensitive pattern on the original text, for a third of the cost of loading the rules
/// (case-insensitive translation turned every letter into a class) and smaller automata. A pattern
/// that needs Unicode mode is parsed case-insensitively, which is as right on lowercased text.
pub fn parse(pattern: &str, unicode: bool) -> Result<Hir, String> {
    let parse_with = |case_insensitive: bool| {
        regex_syntax::ParserBuilder::new()
            .case_insensitive(case_insensitive)
            .unicode(unicode)
            .utf8(false)
            .build()
            .parse(pattern)
            .map_err(|e| e.to_string())
    };
    if unicode {
        return parse_with(true);
    }
    // A case-sensitive HIR no longer says whether a class was negated, and under case folding
    // `[^a-z]` is not the negation of the folded `[a-z]`. A pattern that can negate a class keeps
    // its classes only if each is the same in either case (`[^.!?]`, `\W`); else it is parsed
    // case-insensitively, the slow way.
    let can_negate = ["[^", "[:^", "--", "&&", "~~"]
        .iter()
        .any(|syntax| pattern.contains(syntax));
    match fold_to_lower(parse_with(false)?, can_negate) {
        Some(folded) => Ok(folded),
        None => parse_with(true),
    }
}

/// A pattern for ASCII-lowercased text: every ASCII letter of a literal in lower case, and every
/// class holding the lower case of each letter it holds in either case (and no upper case letter,
/// which that text never has). `None` when `strict` and a class holds a letter in one case only.
fn fold_to_lower(hir: Hir, strict: bool) -> Option<Hir> {
    use regex_syntax::hir::{Capture, Class, ClassBytes, ClassBytesRange, ClassUnicode, ClassUnicodeRange, HirKind};
    let fold_all = |parts: Vec<Hir>| {
        parts
            .into_iter()
            .map(|part| fold_to_lower(part, strict))
            .collect::<Option<Vec<Hir>>>()
    };
    Some(match hir.into_kind() {
        HirKind::Literal(literal) => Hir::literal(literal.0.to_ascii_lowercase()),
        HirKind::Class(Class::Bytes(class)) => {
            let mut folded = class.clone();
            folded.case_fold_simple();
            if strict && folded != class {
                return None;
            }
            folded.difference(&ClassBytes::new([ClassBytesRange::new(b'A', b'Z')]));
            Hir::class(Class::Bytes(folded))
        }
        HirKind::Class(Class::Unicode(class)) => {
            let mut folded = class.clone();
            folded.try_case_fold_simple().ok()?;
            if strict && folded != class {
                return None;
            }
            folded.difference(&ClassUnicode::new([ClassUnicodeRange::new('A', 'Z')]));
            Hir::class(Class::Unicode(folded))
        }
        HirKind::Repetition(mut repetition) => {
            repetition.sub = Box::new(fold_to_lower(*repetition.sub, strict)?);
            Hir::repetition(repetition)
        }
        HirKind::Capture(Capture { index, name, sub }) => Hir::capture(Capture {
            index,
            name,
            sub: Box::new(fold_to_lower(*sub, strict)?),
        }),
        HirKind::Concat(parts) => Hir::concat(fold_all(parts)?),
        HirKind::Alternation(parts) => Hir::alternation(fold_all(parts)?),
        HirKind::Empty => Hir::empty(),
        HirKind::Look(look) => Hir::look(look),
    })
}

/// A literal phrase as a regex: words escaped, any whitespace between them, word boundaries at the
/// ends that are word characters (so ".NET" or "C++" still match).
pub fn phrase_to_pattern(phrase: &str) -> String {
    let words: Vec<String> = phrase.split_whitespace().map(regex_syntax::escape).collect();
    let body = words.join(r"\s+");
    let is_word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    let start = if is_word(phrase.trim().chars().next()) {
        r"\b"
    } else {
        ""
    };
    let end = if is_word(phrase.trim().chars().last()) {
        r"\b"
    } else {
        ""
    };
    format!("{start}(?:{body}){end}")
}

/// A literal a match contains, with where it must sit in the text ([`WORD_START`], [`WORD_END`],
/// [`TEXT_START`]): the pattern's `\bor\b` needs "or" as a word, not inside "for" or "more".
pub type Needed = (Vec<u8>, u8);
/// The byte before the literal is not an ASCII word byte (or there is none).
pub const WORD_START: u8 = 1;
/// The byte after the literal is not an ASCII word byte (or there is none).
pub const WORD_END: u8 = 2;
/// The literal starts the text (a sentence).
pub const TEXT_START: u8 = 4;

/// Literals of which at least one occurs, where it must, in every match of a pattern.
pub type Factor = Vec<Needed>;

/// Most literals one factor may have; a longer list says little and costs the gate more.
const MAX_FACTOR_LITERALS: usize = 256;
/// Most factors kept for one pattern (the gate tracks them in one `u64`).
pub const MAX_FACTORS: usize = 64;

/// Where a literal found at `range` of `text` sits, as the flags it satisfies: a literal that
/// must sit as [`Needed`] says counts only if `needed & !placement(..) == 0`.
pub fn placement(text: &[u8], range: std::ops::Range<usize>) -> u8 {
    let is_word = |byte: Option<&u8>| byte.is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_');
    let at_start = range.start == 0;
    let mut flags = 0;
    if at_start {
        flags |= TEXT_START;
    }
    if at_start || !is_word(text.get(range.start - 1)) {
        flags |= WORD_START;
    }
    if !is_word(text.get(range.end)) {
        flags |= WORD_END;
    }
    flags
}

/// The factors a pattern cannot match without: every match contains a literal of each factor, in
/// the place its flags say. A pattern is only worth running on a sentence holding all of them,
/// which one Aho-Corasick pass over the sentence tells for every pattern at once. Empty when
/// nothing useful is required (the pattern then always runs). Exact by construction, never a
/// guess: a literal is required only through concatenation, a repetition of at least one, a group,
/// or every branch of an alternation, and a place only through a look-around right beside it.
pub fn required_factors(hir: &Hir) -> Vec<Factor> {
    let mut factors = factors_of(hir, Edges::default());
    // The most selective first, so that capping the count keeps the best.
    factors.sort_by_key(|factor| std::cmp::Reverse(selectivity(factor)));
    factors.dedup();
    factors.truncate(MAX_FACTORS);
    factors
}

/// What is known about the text just outside a part of a pattern: flags a literal that starts
/// the part can take ([`WORD_START`], [`TEXT_START`]) and one that ends it ([`WORD_END`]).
#[derive(Debug, Clone, Copy, Default)]
struct Edges {
    before: u8,
    after: u8,
}

/// The flags a look-around gives the part after it and the part before it.
fn look_edges(hir: &Hir) -> Edges {
    use regex_syntax::hir::{HirKind, Look};
    match hir.kind() {
        HirKind::Look(look) => match look {
            // Unicode boundaries too: a byte test that treats every non-ASCII byte as a non-word
            // byte lets through all that a Unicode boundary does.
            Look::WordAscii | Look::WordUnicode => Edges {
                before: WORD_END,
                after: WORD_START,
            },
            Look::WordStartAscii | Look::WordStartUnicode | Look::WordStartHalfAscii | Look::WordStartHalfUnicode => {
                Edges {
                    before: 0,
                    after: WORD_START,
                }
            }
            Look::WordEndAscii | Look::WordEndUnicode | Look::WordEndHalfAscii | Look::WordEndHalfUnicode => Edges {
                before: WORD_END,
                after: 0,
            },
            Look::Start => Edges {
                before: 0,
                after: TEXT_START,
            },
            _ => Edges::default(),
        },
        _ => Edges::default(),
    }
}

/// A literal with the flags `edges` give it that apply: a word flag only where the literal's own
/// byte there is a word byte (`\b` before "$" says the opposite).
fn placed(bytes: Vec<u8>, edges: Edges) -> Needed {
    let is_word = |byte: Option<&u8>| byte.is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_');
    let mut flags = edges.before & TEXT_START;
    if edges.before & WORD_START != 0 && is_word(bytes.first()) {
        flags |= WORD_START;
    }
    if edges.after & WORD_END != 0 && is_word(bytes.last()) {
        flags |= WORD_END;
    }
    (bytes, flags)
}

fn factors_of(hir: &Hir, edges: Edges) -> Vec<Factor> {
    use regex_syntax::hir::HirKind;
    let mut factors: Vec<Factor> = match hir.kind() {
        HirKind::Literal(literal) => vec![vec![placed(literal.0.to_vec(), edges)]],
        HirKind::Class(_) => class_members(hir)
            .map(|members| vec![members.into_iter().map(|m| placed(m, edges)).collect()])
            .unwrap_or_default(),
        HirKind::Capture(capture) => factors_of(&capture.sub, edges),
        // The first copy starts where the repetition does and the last ends where it does; only
        // a single copy does both.
        HirKind::Repetition(repetition) if repetition.min >= 1 => {
            let edges = if repetition.max == Some(1) {
                edges
            } else {
                Edges {
                    before: edges.before,
                    after: 0,
                }
            };
            factors_of(&repetition.sub, edges)
        }
        HirKind::Concat(parts) => concat_factors(parts, edges),
        HirKind::Alternation(branches) => {
            let mut union = Vec::new();
            for branch in branches {
                match factors_of(branch, edges).into_iter().max_by_key(selectivity) {
                    Some(best) => union.extend(best),
                    // A branch that requires nothing: neither does the alternation.
                    None => return Vec::new(),
                }
                if union.len() > MAX_FACTOR_LITERALS {
                    return Vec::new();
                }
            }
            union.sort();
            union.dedup();
            vec![union]
        }
        _ => Vec::new(),
    };
    factors.retain(is_useful);
    factors
}

/// A sequence's factors: each part's, and the literal runs adjacent parts spell together. Parts
/// that are one string each (a literal, or a class such as `[Bb]` that holds one string in text
/// without capital letters, as a case-insensitive parse writes every letter) join into one run,
/// and a part repeated at least once (`u+`) joins the run before it with its first copy and the
/// run after it with its last: `u+m+` requires "um". A look-around beside a part or run places it.
fn concat_factors(parts: &[Hir], edges: Edges) -> Vec<Factor> {
    use regex_syntax::hir::HirKind;
    let before = |i: usize| {
        if i == 0 {
            edges.before
        } else {
            look_edges(&parts[i - 1]).after
        }
    };
    let after = |i: usize| {
        if i + 1 == parts.len() {
            edges.after
        } else {
            look_edges(&parts[i + 1]).before
        }
    };
    let mut factors = Vec::new();
    // The run being spelled, and the flags of its start.
    let mut run: Vec<u8> = Vec::new();
    let mut run_before = 0;
    let flush = |run: &mut Vec<u8>, run_before: u8, run_after: u8, factors: &mut Vec<Factor>| {
        if !run.is_empty() {
            let edges = Edges {
                before: run_before,
                after: run_after,
            };
            factors.push(vec![placed(std::mem::take(run), edges)]);
        }
    };
    for (i, part) in parts.iter().enumerate() {
        if let Some(string) = single_string(part) {
            if run.is_empty() {
                run_before = before(i);
            }
            run.extend(string);
            continue;
        }
        if let HirKind::Repetition(repetition) = part.kind()
            && repetition.min >= 1
            && let Some(string) = single_string(&repetition.sub)
        {
            if run.is_empty() {
                run_before = before(i);
            }
            run.extend_from_slice(&string);
            if repetition.max == Some(1) {
                continue;
            }
            flush(&mut run, run_before, 0, &mut factors);
            run = string;
            run_before = 0;
            continue;
        }
        if i > 0 {
            flush(&mut run, run_before, after(i - 1), &mut factors);
        }
        let edges = Edges {
            before: before(i),
            after: after(i),
        };
        factors.extend(factors_of(part, edges));
    }
    // A run that reaches the end of the parts ends where the last part does.
    if let Some(last) = parts.len().checked_sub(1) {
        flush(&mut run, run_before, after(last), &mut factors);
    }
    factors
}

/// The one string `hir` matches in text without capital ASCII letters (which is all it ever runs
/// on), if it matches exactly one.
fn single_string(hir: &Hir) -> Option<Vec<u8>> {
    use regex_syntax::hir::HirKind;
    match hir.kind() {
        HirKind::Literal(literal) => Some(literal.0.to_vec()),
        HirKind::Class(_) => class_members(hir).filter(|members| members.len() == 1)?.pop(),
        HirKind::Capture(capture) => single_string(&capture.sub),
        _ => None,
    }
}

/// Each string a small class matches in text without capital ASCII letters (a character's
/// UTF-8 bytes, or one byte); `None` for a class of more than 16.
fn class_members(hir: &Hir) -> Option<Vec<Vec<u8>>> {
    use regex_syntax::hir::{Class, HirKind};
    const MAX_MEMBERS: usize = 16;
    // Lazily: a negated class has a million members, and only the first seventeen are looked at.
    let all: Box<dyn Iterator<Item = Vec<u8>>> = match hir.kind() {
        HirKind::Class(Class::Unicode(class)) => Box::new(
            class
                .ranges()
                .iter()
                .flat_map(|range| range.start()..=range.end())
                .map(|c| c.to_string().into_bytes()),
        ),
        HirKind::Class(Class::Bytes(class)) => Box::new(
            class
                .ranges()
                .iter()
                .flat_map(|range| range.start()..=range.end())
                .map(|byte| vec![byte]),
        ),
        _ => return None,
    };
    let mut members = Vec::new();
    for member in all.filter(|m| !matches!(m.as_slice(), [b] if b.is_ascii_uppercase())) {
        if members.len() == MAX_MEMBERS {
            return None;
        }
        members.push(member);
    }
    Some(members)
}

/// A factor worth checking: not too many literals, and none so short it is in every sentence (one
/// letter); a lone digit or symbol such as `%` or `$` is rare enough in prose to keep (most
/// sentences have no number, and the number patterns would otherwise run on every one).
fn is_useful(factor: &Factor) -> bool {
    !factor.is_empty()
        && factor.len() <= MAX_FACTOR_LITERALS
        && factor.iter().all(|(literal, _)| {
            literal.len() >= 2
                || literal
                    .first()
                    .is_some_and(|b| b.is_ascii_punctuation() || b.is_ascii_digit())
        })
}

/// How rarely a factor is met: by its shortest literal, a place counting as a letter or more (a
/// word boundary as one, the start of the sentence as three), then by how few literals it has.
fn selectivity(factor: &Factor) -> (usize, std::cmp::Reverse<usize>) {
    let weight = |(literal, flags): &Needed| {
        literal.len()
            + usize::from(flags & WORD_START != 0)
            + usize::from(flags & WORD_END != 0)
            + 3 * usize::from(flags & TEXT_START != 0)
    };
    let rarest = factor.iter().map(weight).min().unwrap_or(0);
    (rarest.min(6), std::cmp::Reverse(factor.len()))
}

/// A parsed pattern as bytes, so that the build script can embed the HIR of every built-in
/// pattern and a run rebuilds it with [`decode`] instead of parsing the text again: parsing was
/// more than half of compiling a pattern. A tag byte per node, then its fields; numbers are
/// LEB128.
pub fn encode(hir: &Hir, out: &mut Vec<u8>) {
    use regex_syntax::hir::{Class, HirKind};
    match hir.kind() {
        HirKind::Empty => out.push(0),
        HirKind::Literal(literal) => {
            out.push(1);
            put_number(out, literal.0.len());
            out.extend_from_slice(&literal.0);
        }
        HirKind::Class(Class::Unicode(class)) => {
            out.push(2);
            put_number(out, class.ranges().len());
            for range in class.ranges() {
                put_number(out, range.start() as usize);
                put_number(out, range.end() as usize);
            }
        }
        HirKind::Class(Class::Bytes(class)) => {
            out.push(3);
            put_number(out, class.ranges().len());
            for range in class.ranges() {
                out.extend([range.start(), range.end()]);
            }
        }
        HirKind::Look(look) => {
            out.push(4);
            put_number(out, look.as_repr() as usize);
        }
        HirKind::Repetition(repetition) => {
            out.push(5);
            put_number(out, repetition.min as usize);
            put_number(out, repetition.max.map_or(0, |max| max as usize + 1));
            out.push(u8::from(repetition.greedy));
            encode(&repetition.sub, out);
        }
        HirKind::Capture(capture) => {
            out.push(6);
            put_number(out, capture.index as usize);
            match &capture.name {
                Some(name) => {
                    put_number(out, name.len() + 1);
                    out.extend_from_slice(name.as_bytes());
                }
                None => put_number(out, 0),
            }
            encode(&capture.sub, out);
        }
        HirKind::Concat(parts) | HirKind::Alternation(parts) => {
            out.push(if matches!(hir.kind(), HirKind::Concat(_)) { 7 } else { 8 });
            put_number(out, parts.len());
            for part in parts {
                encode(part, out);
            }
        }
    }
}

/// The HIR [`encode`] wrote, or `None` if the bytes are not a whole encoding of one.
pub fn decode(bytes: &[u8]) -> Option<Hir> {
    let mut reader = Reader { bytes, at: 0 };
    let hir = reader.hir(0)?;
    (reader.at == bytes.len()).then_some(hir)
}

fn put_number(out: &mut Vec<u8>, mut n: usize) {
    loop {
        let low = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(low);
            return;
        }
        out.push(low | 0x80);
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn byte(&mut self) -> Option<u8> {
        let byte = *self.bytes.get(self.at)?;
        self.at += 1;
        Some(byte)
    }

    fn number(&mut self) -> Option<usize> {
        let mut n = 0usize;
        for shift in (0..64).step_by(7) {
            let byte = self.byte()?;
            n |= usize::from(byte & 0x7f).checked_shl(shift)?;
            if byte & 0x80 == 0 {
                return Some(n);
            }
        }
        None
    }

    fn take(&mut self, len: usize) -> Option<&[u8]> {
        let slice = self.bytes.get(self.at..self.at.checked_add(len)?)?;
        self.at += len;
        Some(slice)
    }

    fn hir(&mut self, depth: usize) -> Option<Hir> {
        use regex_syntax::hir::{
            Capture, Class, ClassBytes, ClassBytesRange, ClassUnicode, ClassUnicodeRange, Look, Repetition,
        };
        // The built-in patterns nest a dozen levels at most; a bound keeps bad bytes from
        // recursing without end.
        if depth > 256 {
            return None;
        }
        Some(match self.byte()? {
            0 => Hir::empty(),
            1 => {
                let len = self.number()?;
                Hir::literal(self.take(len)?)
            }
            2 => {
                let count = self.number()?;
                let mut ranges = Vec::with_capacity(count.min(1024));
                for _ in 0..count {
                    let start = char::from_u32(u32::try_from(self.number()?).ok()?)?;
                    let end = char::from_u32(u32::try_from(self.number()?).ok()?)?;
                    ranges.push(ClassUnicodeRange::new(start, end));
                }
                Hir::class(Class::Unicode(ClassUnicode::new(ranges)))
            }
            3 => {
                let count = self.number()?;
                let mut ranges = Vec::with_capacity(count.min(256));
                for _ in 0..count {
                    ranges.push(ClassBytesRange::new(self.byte()?, self.byte()?));
                }
                Hir::class(Class::Bytes(ClassBytes::new(ranges)))
            }
            4 => Hir::look(Look::from_repr(u32::try_from(self.number()?).ok()?)?),
            5 => {
                let min = u32::try_from(self.number()?).ok()?;
                let max = match self.number()? {
                    0 => None,
                    n => Some(u32::try_from(n - 1).ok()?),
                };
                let greedy = self.byte()? != 0;
                let sub = Box::new(self.hir(depth + 1)?);
                Hir::repetition(Repetition { min, max, greedy, sub })
            }
            6 => {
                let index = u32::try_from(self.number()?).ok()?;
                let name = match self.number()? {
                    0 => None,
                    n => Some(std::str::from_utf8(self.take(n - 1)?).ok()?.into()),
                };
                let sub = Box::new(self.hir(depth + 1)?);
                Hir::capture(Capture { index, name, sub })
            }
            tag @ (7 | 8) => {
                let count = self.number()?;
                let mut parts = Vec::with_capacity(count.min(1024));
                for _ in 0..count {
                    parts.push(self.hir(depth + 1)?);
                }
                if tag == 7 {
                    Hir::concat(parts)
                } else {
                    Hir::alternation(parts)
                }
            }
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_mode_is_used_when_the_pattern_allows_it() {
        use regex_syntax::hir::Look;
        // In ASCII mode `\w` is one byte class; in Unicode mode it is a large UTF-8 automaton.
        let (ascii, _, ascii_unicode) = prepare(r"\bfoo\w").unwrap();
        assert!(!ascii_unicode);
        assert!(ascii.properties().look_set().contains(Look::WordAscii));
        assert!(!ascii.properties().look_set().contains(Look::WordUnicode));
        let (mixed, mixed_text, mixed_unicode) = prepare(r"\br[eé]sum[eé]").unwrap();
        assert!(mixed_unicode);
        assert_eq!(mixed_text, r"(?-u:\b)r[eé]sum[eé]");
        assert!(mixed.properties().look_set().contains(Look::WordAscii));
        assert!(!mixed.properties().look_set().contains(Look::WordUnicode));
        assert!(prepare(r"\pL+").is_ok());
        assert_eq!(prepare("(oops").unwrap_err(), "invalid regex `(oops`: unclosed group");
    }

    #[test]
    fn perl_classes_are_rewritten_to_ascii() {
        assert_eq!(
            ascii_perl_classes(r"\br[eé]sum[eé]\s[\w-]"),
            r"(?-u:\b)r[eé]sum[eé](?-u:\s)[0-9A-Za-z_-]"
        );
        assert_eq!(ascii_perl_classes(r"[]\d]\\b"), r"[]0-9]\\b");
    }

    #[test]
    fn a_bad_pattern_is_named_on_one_short_line() {
        assert_eq!(
            prepare("(a\n|b").unwrap_err(),
            "invalid regex `(a\\n|b`: unclosed group"
        );
        let long = format!("({}", "x".repeat(200));
        let message = prepare(&long).unwrap_err();
        assert!(
            message.starts_with(&format!("invalid regex `({}…`:", "x".repeat(79))),
            "{message}"
        );
    }

    /// A pattern's factors, each literal written with its place: `^` for the start of the
    /// sentence, `\b` for a word boundary before or after it.
    fn factors(pattern: &str) -> Vec<Vec<String>> {
        let (hir, _, _) = prepare(pattern).unwrap();
        required_factors(&hir)
            .into_iter()
            .map(|factor| {
                factor
                    .into_iter()
                    .map(|(literal, flags)| {
                        let mut shown = String::new();
                        if flags & TEXT_START != 0 {
                            shown.push('^');
                        }
                        if flags & WORD_START != 0 {
                            shown.push_str(r"\b");
                        }
                        shown.push_str(&String::from_utf8(literal).unwrap());
                        if flags & WORD_END != 0 {
                            shown.push_str(r"\b");
                        }
                        shown
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn required_words_come_from_every_part_a_match_needs() {
        // Each word of a sequence is required, with the boundaries beside it; the rarest first.
        assert_eq!(factors(r"\bKind\s+of\b"), [vec![r"\bkind"], vec![r"of\b"]]);
        // An alternation requires one of its branches' words; a group repeated once or more too.
        assert_eq!(
            factors(r"\b(?:sort|kind)\s+of\s+(?:helped|worked)+"),
            [vec!["helped", "worked"], vec![r"\bkind", r"\bsort"], vec!["of"]]
        );
        // A lone symbol or digit is rare enough to gate on; a lone letter is not.
        assert_eq!(
            factors(r"\d+\s*%"),
            [
                vec!["%".to_string()],
                (0..10).map(|d| d.to_string()).collect::<Vec<_>>()
            ]
        );
        assert_eq!(factors(r"\bI\s+\w+"), Vec::<Vec<String>>::new());
        // A small class is a factor of its members; a run of one-letter repeats spells words.
        assert_eq!(factors(r"[$€£]\s*"), [vec!["$", "£", "€"]]);
        assert_eq!(factors(r"\b(?:u+m+|e+r+m+)\b"), [vec!["rm", "um"]]);
    }

    #[test]
    fn a_top_level_alternation_requires_a_word_of_either_branch() {
        // Reported as "the second branch of `A|B` never fires": the gate asks for a word of
        // either branch, never for the first branch's words alone, so it cannot hide B.
        let either = factors(r"\btesting\s+is\s+something\s+I\s+skip\b|\bdocs\s+(?:isn't|is\s+not)\s+my\s+thing\b");
        assert_eq!(either.len(), 1, "{either:?}");
        assert!(
            either[0]
                .iter()
                .any(|w| w.contains("testing") || w.contains("something") || w.contains("skip"))
        );
        assert!(either[0].iter().any(|w| w.contains("docs") || w.contains("thing")));
    }

    #[test]
    fn words_keep_the_place_the_pattern_gives_them() {
        // `^` puts a word at the start of the sentence.
        assert_eq!(factors(r"^(?:once|recently)\b"), [vec![r"^once\b", r"^recently\b"]]);
        // A boundary before a symbol says the opposite of "starts a word", so it is not kept.
        assert_eq!(factors(r"\b\$\s*cost"), [vec!["cost"], vec!["$"]]);
        // The first copy of a repeated group starts where the group does and the last ends there;
        // only a single copy would do both, so each place is a factor of its own.
        assert_eq!(factors(r"\b(?:ab)+\b"), [vec![r"\bab"], vec![r"ab\b"]]);
        // A boundary placed inside a word by a look-around that is not beside it is not assumed.
        assert_eq!(factors(r"\bre\w*ing\b"), [vec![r"ing\b"], vec![r"\bre"]]);
    }

    #[test]
    fn a_case_insensitive_parse_still_gives_words() {
        // `[sd]` makes this pattern fall back to a case-insensitive parse, where every letter is a
        // class of two cases; the text it runs on has no capitals, so the words are still there.
        assert_eq!(
            factors(r"\b(?:built|operate[sd]?)\b[^.!?]*\bapi"),
            [vec![r"\bbuilt\b", r"\boperate"], vec![r"\bapi"]]
        );
    }

    #[test]
    fn an_encoded_pattern_decodes_to_the_same_hir() {
        let patterns = [
            r"\b(?:kind|sort)\s+of\b",
            r"[^.!?]*\bnot\b.{0,3}",
            r"\br[eé]sum[eé]s?\b",
            r"(?P<word>x+?)|[\x00-\x{10FFFF}]|^$",
            r"\d{2,}(?:ms|%)*",
        ];
        for pattern in patterns {
            let (hir, _, _) = prepare(pattern).unwrap();
            let mut bytes = Vec::new();
            encode(&hir, &mut bytes);
            assert_eq!(decode(&bytes).as_ref(), Some(&hir), "{pattern}");
            // Cut short or with bytes after it, an encoding is refused rather than misread.
            assert_eq!(decode(&bytes[..bytes.len() - 1]), None, "{pattern}");
            bytes.push(0);
            assert_eq!(decode(&bytes), None, "{pattern}");
        }
    }

    #[test]
    fn optional_parts_and_open_branches_require_nothing() {
        assert_eq!(factors(r"\b(?:really\s+)?good\b"), [vec![r"good\b"]]);
        assert_eq!(factors(r"(?:very)*\s*good"), [vec!["good"]]);
        // One branch needs no literal (`\d+`), so the alternation as a whole requires none.
        assert_eq!(factors(r"(?:\w+|many)\s+users"), [vec!["users"]]);
        assert!(factors(r"\b\w+\b").is_empty());
    }
}

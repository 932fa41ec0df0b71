//! Compiled matchers for a whole rule set. Every answer-text pattern of every rule sits in one
//! `RegexSet`, so a sentence is scanned once to learn which patterns occur at all; only those are
//! then run for positions, and each of those is compiled the first time it is needed. Word lists go
//! through one Aho-Corasick automaton each.
//!
//! Patterns run in ASCII mode where they can (`\w`, `\b`, `\s` and case folding over ASCII): the
//! text has its typographic quotes folded already, and a Unicode class under a bounded repeat such as
//! `[^.!?]{0,60}` compiles to ten times the automaton, which a linter pays on every start. A pattern
//! that needs Unicode (`\pL`, say) keeps it.

use super::Rule;
use super::RulePatterns;
use crate::rules::schema::RuleType;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex_automata::hybrid;
use regex_automata::meta::{self, Regex};
use regex_automata::nfa::thompson::{self, WhichCaptures, pikevm::PikeVM};
use regex_automata::util::pool::Pool;
use regex_automata::{Input, PatternSet};
use regex_syntax::hir::Hir;
use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::{Arc, OnceLock};

/// Compiled size one pattern may reach. Generous for real phrase lists, small enough that a
/// runaway pattern is refused with a message instead of eating memory.
pub const PATTERN_SIZE_LIMIT: usize = 1 << 21;
/// Compiled size of all patterns together.
const SET_SIZE_LIMIT: usize = 1 << 24;
/// How many sets the answer patterns are split into. A lazy DFA's states are sets of NFA states, so
/// one DFA over every pattern meets a new combination in almost every new sentence and spends the
/// run determinising; smaller sets meet far fewer, and each set is one more scan of the text.
/// Measured with callgrind over 1,000 generated answers (before patterns ran on lowercased text):
/// 2 sets 3.16 G instructions, 8 sets 2.76 G, 16 sets 3.35 G, 32 sets 4.45 G. Then with hyperfine,
/// 10,000 answers on two cores: 2 sets 1.53 s, 4 sets 1.28 s, 6 sets 1.14–1.29 s, 8 sets 1.30–1.47 s,
/// 12 sets 1.81 s; one answer 27–40 ms, fastest from 4 sets up. Each set is built on its own thread.
const SET_COUNT: usize = 6;
/// Cache of the set's lazy DFA. With the default (2 MiB) the cache of a rule set this size is
/// cleared again and again and the search falls back to a slow NFA: measured 9 ms an answer warm,
/// against 70 µs with 4 MiB (`examples/loadtime.rs`).
const SET_DFA_CACHE: usize = 1 << 24;

/// A pattern parsed once, in the mode it runs in; every automaton is built from this HIR, so a
/// pattern is never parsed twice.
#[derive(Debug, Clone)]
pub struct PreparedPattern {
    /// Offset of the pattern in its rule file, for errors found later (size limits).
    pub offset: usize,
    /// Shared: the same text (a rule pack's common `unless` list) is parsed once per thread.
    pub hir: Arc<Hir>,
    /// The pattern text as parsed, and whether in Unicode mode: regexes for positions are built
    /// from these on first use, so that no HIR outlives loading (they are megabytes).
    text: String,
    unicode: bool,
}

/// One rule's patterns, validated but not yet compiled.
#[derive(Debug, Clone, Default)]
pub struct CompiledPatterns {
    pub main: Vec<PreparedPattern>,
    pub versus: Vec<PreparedPattern>,
    pub unless: Vec<PreparedPattern>,
}

impl CompiledPatterns {
    /// Checks a rule's patterns; an error carries the offset of the bad pattern in its file.
    pub fn compile(patterns: &RulePatterns) -> Result<CompiledPatterns, (usize, String)> {
        let prepare_all = |list: &[(String, usize)]| -> Result<Vec<PreparedPattern>, (usize, String)> {
            list.iter()
                .map(|(pattern, offset)| {
                    prepare_cached(pattern)
                        .map(|(hir, text, unicode)| PreparedPattern {
                            offset: *offset,
                            hir,
                            text,
                            unicode,
                        })
                        .map_err(|e| (*offset, e))
                })
                .collect()
        };
        Ok(CompiledPatterns {
            main: prepare_all(&patterns.main)?,
            versus: prepare_all(&patterns.versus)?,
            unless: prepare_all(&patterns.unless)?,
        })
    }
}

type Prepared = Result<(Arc<Hir>, String, bool), String>;

thread_local! {
    /// Patterns this thread has prepared while loading, by text. Rule packs repeat patterns (every
    /// red-flag rule has the same `unless` list); parsing is most of loading, so each is parsed once.
    static PREPARED: RefCell<HashMap<String, Prepared>> = RefCell::new(HashMap::new());
}

fn prepare_cached(pattern: &str) -> Prepared {
    if let Some(found) = PREPARED.with(|cache| cache.borrow().get(pattern).cloned()) {
        return found;
    }
    let prepared = prepare(pattern).map(|(hir, text, unicode)| (Arc::new(hir), text, unicode));
    PREPARED.with(|cache| cache.borrow_mut().insert(pattern.to_string(), prepared.clone()));
    prepared
}

/// Empties this thread's cache of prepared patterns, once a rule set is loaded: the HIRs it holds
/// are megabytes, and the loaded rules keep what they need.
pub fn forget_prepared() {
    PREPARED.with(|cache| cache.borrow_mut().clear());
}

/// Parses a pattern to run on ASCII-lowercased text (see [`lowercase_into`]). In ASCII mode it is
/// parsed case-sensitively and then folded to lower case ([`fold_to_lower`]): the same matches as a
/// case-insensitive pattern on the original text, for a third of the cost of loading the rules
/// (case-insensitive translation turned every letter into a class) and smaller automata. A pattern
/// that needs Unicode mode is parsed case-insensitively, which is as right on lowercased text.
fn parse(pattern: &str, unicode: bool) -> Result<Hir, String> {
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

/// Writes `text` into `out` with ASCII letters in lower case: the text every compiled pattern runs
/// on. Byte offsets and character boundaries are those of `text`.
fn lowercase_into(text: &str, out: &mut String) {
    out.clear();
    out.push_str(text);
    out.make_ascii_lowercase();
}

thread_local! {
    /// Scratch space for the lowercased text of a sentence or question, reused between calls.
    static LOWERED: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Runs `f` on `text` in ASCII lower case, without allocating once the scratch space is warm.
fn with_lowercase<T>(text: &str, f: impl FnOnce(&str) -> T) -> T {
    LOWERED.with(|scratch| match scratch.try_borrow_mut() {
        Ok(mut lowered) => {
            lowercase_into(text, &mut lowered);
            f(&lowered)
        }
        // Only if `f` itself asked for lowercase text: give it a copy of its own.
        Err(_) => f(&text.to_ascii_lowercase()),
    })
}

/// Parses a pattern (cheaply: no automaton is built) in ASCII mode if it can be, else in Unicode
/// mode with ASCII word boundaries and Perl classes. Returns the HIR, the text parsed and its mode.
fn prepare(pattern: &str) -> Result<(Hir, String, bool), String> {
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

/// One pattern's regex, for positions. It only ever runs on a sentence the set already found it in,
/// so literal prefilters would buy nothing: building them (literal extraction and the reverse-inner
/// search) was two thirds of the time spent compiling these regexes.
fn build(hir: &Hir, size_limit: usize) -> Result<Regex, Box<meta::BuildError>> {
    meta::Builder::new()
        .configure(
            meta::Config::new()
                .nfa_size_limit(Some(size_limit))
                .auto_prefilter(false),
        )
        .build_from_hir(hir)
        .map_err(Box::new)
}

/// Which patterns of a set occur in a haystack. This is what `RegexSet` does, built by hand from
/// one forward NFA: no reverse NFA, no prefilters and no captures are built for it, since an
/// overlapping "which patterns" search uses none of them. The lazy DFA keeps the regex crate's
/// give-up rule (after three cache clears at under ten bytes a state it hands the search to the
/// PikeVM); sentences are at most 2,000 bytes, so that fallback stays bounded.
struct SetMatcher {
    dfa: hybrid::dfa::DFA,
    caches: Pool<hybrid::dfa::Cache, CacheMaker>,
    pikevm: PikeVM,
    pikevm_caches: Pool<regex_automata::nfa::thompson::pikevm::Cache, PikeCacheMaker>,
}

type CacheMaker =
    Box<dyn Fn() -> hybrid::dfa::Cache + Send + Sync + std::panic::UnwindSafe + std::panic::RefUnwindSafe>;
type PikeCacheMaker = Box<
    dyn Fn() -> regex_automata::nfa::thompson::pikevm::Cache
        + Send
        + Sync
        + std::panic::UnwindSafe
        + std::panic::RefUnwindSafe,
>;

impl std::fmt::Debug for SetMatcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SetMatcher")
            .field("patterns", &self.pattern_len())
            .finish_non_exhaustive()
    }
}

impl SetMatcher {
    fn pattern_len(&self) -> usize {
        self.dfa.pattern_len()
    }

    fn which_overlapping_matches(&self, haystack: &[u8], found: &mut PatternSet) {
        let input = Input::new(haystack);
        let mut cache = self.caches.get();
        if self
            .dfa
            .try_which_overlapping_matches(&mut cache, &input, found)
            .is_err()
        {
            found.clear();
            let mut cache = self.pikevm_caches.get();
            self.pikevm.which_overlapping_matches(&mut cache, &input, found);
        }
    }
}

/// A set of patterns, for "which patterns occur": a forward NFA and the lazy DFA over it.
fn build_set(hirs: &[&Hir]) -> Result<SetMatcher, ()> {
    let nfa = thompson::Compiler::new()
        .configure(
            thompson::Config::new()
                .which_captures(WhichCaptures::None)
                .nfa_size_limit(Some(SET_SIZE_LIMIT)),
        )
        .build_many_from_hir(hirs)
        .map_err(drop)?;
    let dfa = hybrid::dfa::DFA::builder()
        .configure(
            hybrid::dfa::Config::new()
                .match_kind(regex_automata::MatchKind::All)
                .cache_capacity(SET_DFA_CACHE)
                .skip_cache_capacity_check(true)
                .minimum_cache_clear_count(Some(3))
                .minimum_bytes_per_state(Some(10)),
        )
        .build_from_nfa(nfa.clone())
        .map_err(drop)?;
    let pikevm = PikeVM::builder()
        .configure(PikeVM::config().match_kind(regex_automata::MatchKind::All))
        .build_from_nfa(nfa)
        .map_err(drop)?;
    let for_cache = dfa.clone();
    let for_pike = pikevm.clone();
    Ok(SetMatcher {
        caches: Pool::new(Box::new(move || for_cache.create_cache())),
        pikevm_caches: Pool::new(Box::new(move || for_pike.create_cache())),
        dfa,
        pikevm,
    })
}

/// The message for a pattern over the size limit.
pub fn too_large_message() -> String {
    format!(
        "pattern is too large: it compiles to more than {} KiB; split it into several patterns or use `phrases`",
        PATTERN_SIZE_LIMIT / 1024
    )
}

/// A regex compiled the first time it is used; shared by every rule with the same pattern.
#[derive(Debug)]
struct LazyRegex {
    text: String,
    unicode: bool,
    cell: OnceLock<Option<Regex>>,
}

impl LazyRegex {
    fn new(pattern: &PreparedPattern) -> LazyRegex {
        LazyRegex {
            text: pattern.text.clone(),
            unicode: pattern.unicode,
            cell: OnceLock::new(),
        }
    }

    /// The compiled regex. The set it belongs to compiled, so this does too; should it not, the
    /// pattern matches nothing rather than stopping the run.
    fn get(&self) -> Option<&Regex> {
        self.cell
            .get_or_init(|| {
                parse(&self.text, self.unicode)
                    .ok()
                    .and_then(|hir| build(&hir, SET_SIZE_LIMIT).ok())
            })
            .as_ref()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Main,
    Versus,
}

/// A word list matched case-insensitively on word boundaries.
#[derive(Debug, Clone)]
pub struct Lexicon {
    pub name: String,
    automaton: AhoCorasick,
}

impl Lexicon {
    fn find_into(&self, text: &str, out: &mut Vec<Range<usize>>) {
        let is_word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
        for m in self.automaton.find_iter(text) {
            let (Some(first), Some(last)) = (text[m.start()..].chars().next(), text[..m.end()].chars().next_back())
            else {
                continue;
            };
            let before = text[..m.start()].chars().next_back();
            let after = text[m.end()..].chars().next();
            // A term that itself starts or ends with punctuation (".NET", "C++") needs no boundary there.
            if (is_word(Some(first)) && is_word(before)) || (is_word(Some(last)) && is_word(after)) {
                continue;
            }
            out.push(m.start()..m.end());
        }
    }
}

/// Why the matchers could not be built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MatcherError {
    /// This rule's pattern (at this offset of the rule's file) is over the size limit.
    PatternTooLarge {
        rule: usize,
        offset: usize,
    },
    /// All patterns together are over the limit, though none is alone.
    SetTooLarge,
    Lexicon {
        name: String,
        message: String,
    },
}

/// The compiled form of every pattern in a rule set.
#[derive(Debug)]
pub struct Matchers {
    /// The answer patterns, in [`SET_COUNT`] sets, each built on its own thread, since building
    /// the automata is much of a short run's time. `(set, index of its first pattern)`.
    sets: Vec<(SetMatcher, usize)>,
    patterns: Vec<LazyRegex>,
    owners: Vec<(usize, Role)>,
    unless: Vec<Vec<Arc<LazyRegex>>>,
    pub lexicons: Vec<Lexicon>,
    /// Question-kind patterns, run on the question rather than the answer.
    kind_set: SetMatcher,
    kind_owners: Vec<usize>,
    rule_count: usize,
    rule_lexicon: Vec<Option<usize>>,
}

/// Where each rule's patterns matched, as byte ranges of the answer's plain text in match order.
#[derive(Debug, Clone)]
pub struct Hits {
    pub main: Vec<Vec<Range<usize>>>,
    pub versus: Vec<Vec<Range<usize>>>,
    /// Scratch space: the patterns occurring in the sentence being scanned, reused so that
    /// scanning allocates nothing per sentence.
    occurring: Vec<PatternSet>,
}

impl Matchers {
    pub fn compile(
        rules: &[Rule],
        patterns: &[CompiledPatterns],
        lexicons: &[(String, Vec<String>)],
    ) -> Result<Matchers, MatcherError> {
        let mut answer_patterns: Vec<(&PreparedPattern, usize, Role)> = Vec::new();
        let mut kind_patterns: Vec<(&PreparedPattern, usize)> = Vec::new();
        for (index, (rule, compiled)) in rules.iter().zip(patterns).enumerate() {
            if rule.rule_type == RuleType::Kind {
                kind_patterns.extend(compiled.main.iter().map(|p| (p, index)));
                continue;
            }
            answer_patterns.extend(compiled.main.iter().map(|p| (p, index, Role::Main)));
            answer_patterns.extend(compiled.versus.iter().map(|p| (p, index, Role::Versus)));
        }
        let all: Vec<(&PreparedPattern, usize)> = answer_patterns
            .iter()
            .map(|(p, rule, _)| (*p, *rule))
            .chain(kind_patterns.iter().copied())
            .chain(
                patterns
                    .iter()
                    .enumerate()
                    .flat_map(|(rule, c)| c.unless.iter().map(move |p| (p, rule))),
            )
            .collect();
        let hirs: Vec<&Hir> = answer_patterns.iter().map(|(p, _, _)| &*p.hir).collect();
        let chunk = hirs.len().div_ceil(SET_COUNT).max(1);
        let (sets, kind_set) = std::thread::scope(|scope| {
            let handles: Vec<_> = hirs
                .chunks(chunk)
                .map(|part| scope.spawn(move || build_set(part)))
                .collect();
            let kind_set = build_set(&kind_patterns.iter().map(|(p, _)| &*p.hir).collect::<Vec<_>>());
            let sets: Vec<_> = handles
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
                .collect();
            (sets, kind_set)
        });
        let sets = sets
            .into_iter()
            .enumerate()
            .map(|(i, set)| set.map(|set| (set, i * chunk)))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|_| culprit(&all))?;
        let kind_set = kind_set.map_err(|_| culprit(&all))?;
        let lexicons = lexicons
            .iter()
            .map(|(name, terms)| {
                let automaton = AhoCorasickBuilder::new()
                    .ascii_case_insensitive(true)
                    .match_kind(MatchKind::LeftmostLongest)
                    .build(terms.iter().map(|t| t.trim()).filter(|t| !t.is_empty()))
                    .map_err(|e| MatcherError::Lexicon {
                        name: name.clone(),
                        message: e.to_string(),
                    })?;
                Ok(Lexicon {
                    name: name.clone(),
                    automaton,
                })
            })
            .collect::<Result<Vec<_>, MatcherError>>()?;
        // Rules that share an `unless` pattern share its regex, so it is compiled once.
        let mut shared: HashMap<(&str, bool), Arc<LazyRegex>> = HashMap::new();
        let unless = patterns
            .iter()
            .map(|p| {
                p.unless
                    .iter()
                    .map(|pattern| {
                        shared
                            .entry((pattern.text.as_str(), pattern.unicode))
                            .or_insert_with(|| Arc::new(LazyRegex::new(pattern)))
                            .clone()
                    })
                    .collect()
            })
            .collect();
        Ok(Matchers {
            sets,
            patterns: answer_patterns.iter().map(|(p, _, _)| LazyRegex::new(p)).collect(),
            owners: answer_patterns.iter().map(|(_, rule, role)| (*rule, *role)).collect(),
            unless,
            lexicons,
            kind_set,
            kind_owners: kind_patterns.iter().map(|(_, rule)| *rule).collect(),
            rule_count: rules.len(),
            rule_lexicon: rules.iter().map(|r| r.lexicon).collect(),
        })
    }

    /// Empty hit lists for every rule.
    pub fn new_hits(&self) -> Hits {
        Hits {
            main: vec![Vec::new(); self.rule_count],
            versus: vec![Vec::new(); self.rule_count],
            occurring: self
                .sets
                .iter()
                .map(|(set, _)| PatternSet::new(set.pattern_len()))
                .collect(),
        }
    }

    /// Adds every match in one sentence (at plain offset `base`) to `hits`: one pass of the set, then
    /// positions for just the patterns that occur, then the word lists rules refer to. Scanning a
    /// sentence at a time keeps `^` and `$` meaning the sentence's start and end, and keeps a
    /// pattern from matching across two sentences.
    pub fn scan_sentence(&self, sentence: &str, base: usize, hits: &mut Hits) {
        with_lowercase(sentence, |lowered| self.scan_lowered(lowered, base, hits));
    }

    fn scan_lowered(&self, sentence: &str, base: usize, hits: &mut Hits) {
        let bytes = sentence.as_bytes();
        for ((set, _), occurring) in self.sets.iter().zip(hits.occurring.iter_mut()) {
            occurring.clear();
            set.which_overlapping_matches(bytes, occurring);
        }
        let occurring = self
            .sets
            .iter()
            .zip(&hits.occurring)
            .flat_map(|((_, first), found)| found.iter().map(move |p| first + p.as_usize()));
        for pattern in occurring {
            let (rule, role) = self.owners[pattern];
            let Some(regex) = self.patterns[pattern].get() else {
                continue;
            };
            let out = match role {
                Role::Main => &mut hits.main[rule],
                Role::Versus => &mut hits.versus[rule],
            };
            for m in regex.find_iter(bytes).filter(|m| !m.is_empty()) {
                let range = snap_to_chars(sentence, m.range());
                out.push(range.start + base..range.end + base);
            }
        }
        if self.lexicons.is_empty() {
            return;
        }
        let mut found: Vec<Option<Vec<Range<usize>>>> = vec![None; self.lexicons.len()];
        for (rule, lexicon) in self.rule_lexicon.iter().enumerate() {
            let Some(lexicon) = *lexicon else { continue };
            let ranges = found[lexicon].get_or_insert_with(|| {
                let mut ranges = Vec::new();
                self.lexicons[lexicon].find_into(sentence, &mut ranges);
                ranges
            });
            hits.main[rule].extend(ranges.iter().map(|r| r.start + base..r.end + base));
        }
    }

    /// Sorts each rule's hits and drops overlapping ones (two patterns of a rule matching the same words).
    pub fn finish(&self, hits: &mut Hits) {
        for list in hits.main.iter_mut().chain(hits.versus.iter_mut()) {
            if list.len() > 1 {
                list.sort_by_key(|r| (r.start, r.end));
                list.dedup_by(|b, a| b.start < a.end);
            }
        }
    }

    /// Whether `sentence` matches one of rule `rule`'s `unless` patterns.
    pub fn is_excepted(&self, rule: usize, sentence: &str) -> bool {
        if self.unless[rule].is_empty() {
            return false;
        }
        with_lowercase(sentence, |lowered| {
            self.unless[rule]
                .iter()
                .any(|r| r.get().is_some_and(|r| r.is_match(lowered.as_bytes())))
        })
    }

    /// Kind rules whose patterns match `question`, each once, in rule order.
    pub fn kind_matches(&self, question: &str) -> Vec<usize> {
        let mut occurring = PatternSet::new(self.kind_set.pattern_len());
        with_lowercase(question, |lowered| {
            self.kind_set
                .which_overlapping_matches(lowered.as_bytes(), &mut occurring)
        });
        let mut rules: Vec<usize> = occurring.iter().map(|p| self.kind_owners[p.as_usize()]).collect();
        rules.dedup();
        rules
    }

    /// Whether rule `rule`'s main patterns match anywhere in `text` (used to check cue examples).
    pub fn rule_matches(&self, rule: usize, text: &str) -> bool {
        let lowered = text.to_ascii_lowercase();
        self.owners.iter().zip(&self.patterns).any(|((owner, role), regex)| {
            *owner == rule && *role == Role::Main && regex.get().is_some_and(|r| r.is_match(lowered.as_bytes()))
        }) || self.kind_matches(text).contains(&rule)
    }
}

/// Finds the pattern that makes a set too large, by compiling each alone (only on this error path).
fn culprit(all: &[(&PreparedPattern, usize)]) -> MatcherError {
    all.iter()
        .find(|(p, _)| build(&p.hir, PATTERN_SIZE_LIMIT).is_err_and(|e| e.size_limit().is_some()))
        .map_or(MatcherError::SetTooLarge, |(p, rule)| MatcherError::PatternTooLarge {
            rule: *rule,
            offset: p.offset,
        })
}

/// Widens a byte range to whole characters: ASCII-mode patterns can stop inside a multi-byte one.
fn snap_to_chars(text: &str, mut range: Range<usize>) -> Range<usize> {
    while !text.is_char_boundary(range.start) {
        range.start -= 1;
    }
    while range.end < text.len() && !text.is_char_boundary(range.end) {
        range.end += 1;
    }
    range
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Folding a pattern to lower case and running it on lowercased text finds exactly what the
    /// pattern finds case-insensitively on the original text, classes and negations included.
    #[test]
    fn lowercase_folding_matches_like_case_insensitive_search() {
        let patterns = [
            r"\bI(?:'m|\s+am)\s+not\s+a\s+fan\s+of\s+QA\b",
            r"[A-Z]{2,}",
            r"[^a-z ]+",
            r"\W+",
            r"[^A-Z]{3}",
            r"\bAPI[sS]?\b",
            r"(?:Kafka|kafka|KAFKA)\s+\w+",
            r"[M-q]+",
            r"[^A-Z]+\s[^m-q]",
            r"[^.!?]{0,20}\bnot\b",
            r"[a-z&&[^aeiou]]+",
        ];
        let texts = [
            "I'm not a fan of QA at all.",
            "i AM NOT A FAN OF qa",
            "We moved the APIs to Kafka Streams, then KAFKA topics.",
            "Mixed CASE Text, with PUNCT!!! and digits 42.",
            "ÉTÉ Résumé naïve — I’M fine",
            "mnopQ MNOPQ [\\]^_` xyz",
        ];
        for pattern in patterns {
            let hir = parse(pattern, false).unwrap();
            let folded = build(&hir, PATTERN_SIZE_LIMIT).unwrap();
            let reference = regex::bytes::RegexBuilder::new(pattern)
                .case_insensitive(true)
                .unicode(false)
                .build()
                .unwrap();
            for text in texts {
                let lowered = text.to_ascii_lowercase();
                let ours: Vec<_> = folded.find_iter(lowered.as_bytes()).map(|m| m.range()).collect();
                let theirs: Vec<_> = reference.find_iter(text.as_bytes()).map(|m| m.range()).collect();
                assert_eq!(ours, theirs, "{pattern} on {text:?}");
            }
        }
    }

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

    #[test]
    fn spans_are_widened_to_character_boundaries() {
        let text = "a é b";
        assert_eq!(snap_to_chars(text, 2..3), 2..4);
        assert_eq!(snap_to_chars(text, 3..5), 2..5);
    }
}

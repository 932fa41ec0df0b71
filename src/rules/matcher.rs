//! Compiled matchers for a whole rule set. A sentence is first run through one Aho-Corasick
//! automaton holding the literal words every pattern requires (computed when star-check is built
//! for the built-in rules, see `build.rs`; when a rule file is loaded for others); only the
//! patterns whose required words all occur in the sentence are then run, and each pattern is
//! compiled the first time a sentence needs it. A run over one answer so compiles a fifth of the
//! rule set; a run over thousands compiles each pattern once. Word lists are literal sets too.
//!
//! Patterns run in ASCII mode where they can (`\w`, `\b`, `\s` and case folding over ASCII): the
//! text has its typographic quotes folded already, and a Unicode class under a bounded repeat such as
//! `[^.!?]{0,60}` compiles to ten times the automaton, which a linter pays on every start. A pattern
//! that needs Unicode (`\pL`, say) keeps it.

use super::Rule;
use super::RulePatterns;
use super::literals::LiteralSet;
use super::pattern::{self, Factor, MAX_FACTORS};
use crate::rules::schema::{QuestionKind, RuleType};
use regex_automata::meta::{self, Regex};
use regex_syntax::hir::Hir;
use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, OnceLock};

/// Compiled size one pattern may reach. Generous for real phrase lists, small enough that a
/// runaway pattern is refused with a message instead of eating memory.
pub const PATTERN_SIZE_LIMIT: usize = 1 << 21;

/// A built-in pattern as the build script parsed it: the text to compile, its mode, its HIR (see
/// [`pattern::encode`]; empty if it did not read back the same) and the words it requires (see
/// [`pattern::required_factors`]).
struct KnownPattern {
    text: &'static str,
    parsed: &'static str,
    unicode: bool,
    hir: &'static [u8],
    factors: &'static [&'static [(&'static [u8], u8)]],
}

// `static KNOWN_PATTERNS: &[KnownPattern]`, sorted by `text`.
include!(concat!(env!("OUT_DIR"), "/known_patterns.rs"));

fn known(text: &str) -> Option<&'static KnownPattern> {
    KNOWN_PATTERNS
        .binary_search_by(|known| known.text.cmp(text))
        .ok()
        .map(|i| &KNOWN_PATTERNS[i])
}

/// The words a pattern requires: from the build script's table, or computed at load.
#[derive(Debug, Clone)]
enum Factors {
    Known(&'static [&'static [(&'static [u8], u8)]]),
    Computed(Arc<Vec<Factor>>),
}

impl Factors {
    /// Calls `f` with each literal of each factor: the factor's index, the literal and where it
    /// must sit (see [`pattern::placement`]).
    fn for_each_literal<'a>(&'a self, mut f: impl FnMut(usize, &'a [u8], u8)) {
        match self {
            Factors::Known(factors) => {
                for (index, factor) in factors.iter().enumerate() {
                    for &(literal, flags) in *factor {
                        f(index, literal, flags);
                    }
                }
            }
            Factors::Computed(factors) => {
                for (index, factor) in factors.iter().enumerate() {
                    for (literal, flags) in factor {
                        f(index, literal, *flags);
                    }
                }
            }
        }
    }
}

/// A pattern checked and ready to compile: the text in the mode it runs in and the words it
/// requires. A built-in pattern was checked when star-check was built and is not parsed here at
/// all; any other is parsed and compiled now, so that a bad or oversized pattern is reported when
/// its rule file is loaded, and the regex is kept.
#[derive(Debug, Clone)]
pub struct PreparedPattern {
    text: Arc<str>,
    unicode: bool,
    /// The encoded HIR of a built-in pattern.
    hir: Option<&'static [u8]>,
    factors: Factors,
    compiled: Option<Regex>,
}

/// One rule's patterns, validated but not yet compiled.
#[derive(Debug, Clone, Default)]
pub struct PreparedPatterns {
    pub main: Vec<PreparedPattern>,
    pub versus: Vec<PreparedPattern>,
    pub unless: Vec<PreparedPattern>,
    pub unless_overlapping: Vec<PreparedPattern>,
}

impl PreparedPatterns {
    /// Checks a rule's patterns; an error carries the offset of the bad pattern in its file.
    pub fn prepare(patterns: &RulePatterns) -> Result<PreparedPatterns, (usize, String)> {
        let prepare_all = |list: &[(String, usize)]| -> Result<Vec<PreparedPattern>, (usize, String)> {
            list.iter()
                .map(|(text, offset)| prepare_cached(text).map_err(|e| (*offset, e)))
                .collect()
        };
        Ok(PreparedPatterns {
            main: prepare_all(&patterns.main)?,
            versus: prepare_all(&patterns.versus)?,
            unless: prepare_all(&patterns.unless)?,
            unless_overlapping: prepare_all(&patterns.unless_overlapping)?,
        })
    }
}

thread_local! {
    /// Patterns this thread has prepared while loading, by text. Rule packs repeat patterns (every
    /// red-flag rule has the same `unless` list), so each is parsed and compiled once.
    static PREPARED: RefCell<HashMap<String, Result<PreparedPattern, String>>> = RefCell::new(HashMap::new());
}

fn prepare_cached(text: &str) -> Result<PreparedPattern, String> {
    if let Some(known) = known(text) {
        return Ok(PreparedPattern {
            text: known.parsed.into(),
            unicode: known.unicode,
            hir: (!known.hir.is_empty()).then_some(known.hir),
            factors: Factors::Known(known.factors),
            compiled: None,
        });
    }
    if let Some(found) = PREPARED.with(|cache| cache.borrow().get(text).cloned()) {
        return found;
    }
    let prepared = pattern::prepare(text).and_then(|(hir, parsed, unicode)| {
        let regex = build(&hir, PATTERN_SIZE_LIMIT).map_err(|e| {
            if e.size_limit().is_some() {
                too_large_message()
            } else {
                e.to_string()
            }
        })?;
        Ok(PreparedPattern {
            text: parsed.into(),
            unicode,
            hir: None,
            factors: Factors::Computed(Arc::new(pattern::required_factors(&hir))),
            compiled: Some(regex),
        })
    });
    PREPARED.with(|cache| cache.borrow_mut().insert(text.to_string(), prepared.clone()));
    prepared
}

/// Empties this thread's cache of prepared patterns, once a rule set is loaded.
pub fn forget_prepared() {
    PREPARED.with(|cache| cache.borrow_mut().clear());
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

/// One pattern's regex. It only runs on a sentence that holds every word the pattern requires, so
/// literal prefilters would buy little: building them (literal extraction and the reverse-inner
/// search) was two thirds of the time spent compiling these regexes.
fn build(hir: &Hir, size_limit: usize) -> Result<Regex, Box<meta::BuildError>> {
    build_with(hir, size_limit, true)
}

/// [`build`], with lazy DFAs (`hybrid`) or without: then there is no reverse NFA to compile and no
/// DFA state to build, and a search runs the bounded backtracker (or the PikeVM on a long text),
/// which finds the same matches more slowly.
fn build_with(hir: &Hir, size_limit: usize, hybrid: bool) -> Result<Regex, Box<meta::BuildError>> {
    meta::Builder::new()
        .configure(
            meta::Config::new()
                .nfa_size_limit(Some(size_limit))
                .auto_prefilter(false)
                .dfa(false)
                .hybrid(hybrid)
                .onepass(false)
                .utf8_empty(false)
                // Only where a whole match lies is ever asked: groups in a rule's pattern are for
                // grouping, so the NFA keeps no capture states for them.
                .which_captures(regex_automata::nfa::thompson::WhichCaptures::Implicit),
        )
        .build_from_hir(hir)
        .map_err(Box::new)
}

/// The message for a pattern over the size limit.
pub fn too_large_message() -> String {
    format!(
        "pattern is too large: it compiles to more than {} KiB; split it into several patterns or use `phrases`",
        PATTERN_SIZE_LIMIT / 1024
    )
}

/// Searches a pattern makes with its first, cheaper regex before it is compiled in full. On one
/// answer most patterns run a few times: compiling them without lazy DFAs halved what compiling
/// cost, and a lazy DFA pays for its states only over many searches. A folder of answers soon
/// passes this and gets the fast searches.
const FIRST_USES: u32 = 16;

/// Inputs from which a run compiles every pattern in full at its first use: over this many files
/// nearly every pattern soon passes [`FIRST_USES`], and compiling it twice cost a folder of 1,000
/// answers a tenth of its time. Measured by callgrind on generated answers: 8 files cost a fifth
/// more compiled in full at once, 32 files 4% less.
const MANY_INPUTS: usize = 24;

/// Set by [`expect_inputs`]: the process checks enough inputs that every pattern is compiled in
/// full at once. It is the process's workload, not any rule set's, so it is process-wide.
static COMPILE_IN_FULL: AtomicBool = AtomicBool::new(false);

/// Tells the matchers how many inputs this process is about to check (see [`MANY_INPUTS`]). The
/// matches found are the same either way; only the cost of compiling and searching changes.
pub fn expect_inputs(inputs: usize) {
    if inputs >= MANY_INPUTS {
        COMPILE_IN_FULL.store(true, Ordering::Relaxed);
    }
}

/// A regex compiled the first time it is used, once cheaply and again in full after
/// [`FIRST_USES`] searches (both find the same matches); shared by every rule with the pattern.
#[derive(Debug)]
struct LazyRegex {
    text: Arc<str>,
    unicode: bool,
    hir: Option<&'static [u8]>,
    size_limit: usize,
    /// Without lazy DFAs (see [`build_with`]), for the first searches.
    first: OnceLock<Option<Regex>>,
    cell: OnceLock<Option<Regex>>,
    uses: AtomicU32,
}

impl Clone for LazyRegex {
    fn clone(&self) -> LazyRegex {
        LazyRegex {
            text: self.text.clone(),
            unicode: self.unicode,
            hir: self.hir,
            size_limit: self.size_limit,
            first: self.first.clone(),
            cell: self.cell.clone(),
            uses: AtomicU32::new(self.uses.load(Ordering::Relaxed)),
        }
    }
}

impl LazyRegex {
    fn new(pattern: &PreparedPattern) -> LazyRegex {
        LazyRegex {
            text: pattern.text.clone(),
            unicode: pattern.unicode,
            hir: pattern.hir,
            size_limit: PATTERN_SIZE_LIMIT,
            first: OnceLock::new(),
            cell: match &pattern.compiled {
                Some(regex) => OnceLock::from(Some(regex.clone())),
                None => OnceLock::new(),
            },
            uses: AtomicU32::new(0),
        }
    }

    /// The compiled regex for one search. A built-in pattern was checked when star-check was built
    /// (and a test compiles every one); should one still fail, it matches nothing rather than
    /// stopping the run.
    fn get(&self) -> Option<&Regex> {
        if let Some(full) = self.cell.get() {
            return full.as_ref();
        }
        if !COMPILE_IN_FULL.load(Ordering::Relaxed) && self.uses.fetch_add(1, Ordering::Relaxed) < FIRST_USES {
            return self.first.get_or_init(|| self.compile(false)).as_ref();
        }
        self.full()
    }

    /// The regex compiled in full.
    fn full(&self) -> Option<&Regex> {
        self.cell.get_or_init(|| self.compile(true)).as_ref()
    }

    fn compile(&self, hybrid: bool) -> Option<Regex> {
        self.hir
            .and_then(pattern::decode)
            .or_else(|| pattern::parse(&self.text, self.unicode).ok())
            .and_then(|hir| build_with(&hir, self.size_limit, hybrid).ok())
    }
}

/// One regex over a list of patterns, each a branch (`(?:a)|(?:b)`), for a caller that only asks
/// whether a text matches: `[answer-evidence]`'s lists. The built-in lists are in the build
/// script's table, so a run neither parses nor checks them, and each is compiled the first time
/// an answer needs it (a technical answer never asks for a story). Any other list is parsed and
/// compiled now, in ASCII mode, so that a bad pattern is reported when its file is loaded.
#[derive(Debug, Clone)]
pub struct LazyListRegex(LazyRegex);

/// Size limit for a whole list: the regex crate's default, which such lists were compiled with.
const LIST_SIZE_LIMIT: usize = 10 << 20;

impl LazyListRegex {
    /// The list as one pattern; an empty list matches nothing. Errors are the regex crate's.
    pub fn new(patterns: &[String]) -> Result<LazyListRegex, String> {
        let joined = list_pattern(patterns);
        if let Some(known) = known(&joined).filter(|k| !k.unicode && !k.hir.is_empty()) {
            return Ok(LazyListRegex(LazyRegex {
                text: known.parsed.into(),
                unicode: false,
                hir: Some(known.hir),
                size_limit: LIST_SIZE_LIMIT,
                first: OnceLock::new(),
                cell: OnceLock::new(),
                uses: AtomicU32::new(0),
            }));
        }
        let hir = pattern::parse(&joined, false)?;
        let regex = build(&hir, LIST_SIZE_LIMIT).map_err(|e| e.to_string())?;
        Ok(LazyListRegex(LazyRegex {
            text: joined.into(),
            unicode: false,
            hir: None,
            size_limit: LIST_SIZE_LIMIT,
            first: OnceLock::new(),
            cell: OnceLock::from(Some(regex)),
            uses: AtomicU32::new(0),
        }))
    }

    /// Whether the list matches `text`, case-insensitively (`text` need not be lowercased).
    pub fn is_match(&self, text: &str) -> bool {
        let Some(regex) = self.0.get() else {
            return false;
        };
        with_lowercase(text, |lowered| regex.is_match(lowered.as_bytes()))
    }
}

/// A list of patterns as the one pattern [`LazyListRegex`] compiles (the build script writes the
/// same text into its table).
pub fn list_pattern(patterns: &[String]) -> String {
    if patterns.is_empty() {
        return r"[^\x00-\xff]".to_string();
    }
    patterns
        .iter()
        .map(|p| format!("(?:{p})"))
        .collect::<Vec<_>>()
        .join("|")
}

/// A hash map for the short keys of compiling matchers (a gate's 7,000 literal look-ups, pattern
/// texts). Their keys are the rule files' own text, so the standard map's protection against
/// chosen keys buys nothing here, and its hash was a twentieth of checking one answer. Nothing
/// iterates these maps, so the hash decides no order.
type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

/// The 64-bit FNV-1a hash.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = (self.0 ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// Which patterns could match a text: one pass over the text finding the literals of every
/// pattern's required factors (see [`LiteralSet`]), then the patterns whose factors all had a
/// literal in the text where it must sit (as a word, at the start). Patterns that require nothing
/// always pass.
#[derive(Debug)]
struct Gate {
    literals: LiteralSet,
    /// For each literal of the set: the patterns needing it, each with its factor's bit and
    /// where the literal must sit (see [`pattern::placement`]).
    uses: Vec<Vec<(u32, u64, u8)>>,
    /// For each pattern, the bits of all its factors (0 when it requires nothing).
    complete: Vec<u64>,
    ungated: Vec<u32>,
}

/// A gate's per-search state, kept between sentences so that a search allocates nothing.
#[derive(Debug, Clone, Default)]
pub struct GateScratch {
    found: Vec<u64>,
    touched: Vec<u32>,
}

impl Gate {
    fn new<'a>(patterns: impl IntoIterator<Item = &'a Factors>) -> Gate {
        let mut ids: FastMap<&[u8], usize> = FastMap::default();
        let mut literals: Vec<&[u8]> = Vec::new();
        let mut uses: Vec<Vec<(u32, u64, u8)>> = Vec::new();
        let mut complete = Vec::new();
        let mut ungated = Vec::new();
        for (index, factors) in patterns.into_iter().enumerate() {
            let mut all = 0u64;
            factors.for_each_literal(|factor, literal, flags| {
                if factor >= MAX_FACTORS {
                    return;
                }
                let bit = 1u64 << factor;
                all |= bit;
                let id = *ids.entry(literal).or_insert_with(|| {
                    literals.push(literal);
                    uses.push(Vec::new());
                    literals.len() - 1
                });
                uses[id].push((index as u32, bit, flags));
            });
            if all == 0 {
                ungated.push(index as u32);
            }
            complete.push(all);
        }
        Gate {
            literals: LiteralSet::new(&literals),
            uses,
            complete,
            ungated,
        }
    }

    /// Writes to `out` the patterns that could match `text` (already lowercased), in index order.
    fn candidates(&self, text: &[u8], scratch: &mut GateScratch, out: &mut Vec<u32>) {
        out.clear();
        out.extend_from_slice(&self.ungated);
        scratch.found.resize(self.complete.len(), 0);
        self.literals.for_each_match(text, |literal, range| {
            let sits = pattern::placement(text, range);
            for &(pattern, bit, flags) in &self.uses[literal as usize] {
                if flags & !sits != 0 {
                    continue;
                }
                let seen = &mut scratch.found[pattern as usize];
                if *seen == 0 {
                    scratch.touched.push(pattern);
                }
                *seen |= bit;
            }
        });
        for pattern in scratch.touched.drain(..) {
            let seen = std::mem::take(&mut scratch.found[pattern as usize]);
            if seen == self.complete[pattern as usize] {
                out.push(pattern);
            }
        }
        out.sort_unstable();
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Main,
    Versus,
}

/// A word list matched on word boundaries in lowercased text (so case-insensitively), leftmost
/// longest: where terms overlap, the one that starts first, and of those the longest.
#[derive(Debug, Clone)]
pub struct Lexicon {
    pub name: String,
    terms: LiteralSet,
}

impl Lexicon {
    fn find_into(&self, text: &str, out: &mut Vec<Range<usize>>) {
        let is_word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
        for m in self.terms.leftmost_longest(text.as_bytes()) {
            let (Some(first), Some(last)) = (text[m.start..].chars().next(), text[..m.end].chars().next_back()) else {
                continue;
            };
            let before = text[..m.start].chars().next_back();
            let after = text[m.end..].chars().next();
            // A term that itself starts or ends with punctuation (".NET", "C++") needs no boundary there.
            if (is_word(Some(first)) && is_word(before)) || (is_word(Some(last)) && is_word(after)) {
                continue;
            }
            out.push(m);
        }
    }
}

/// The compiled form of every pattern in a rule set.
#[derive(Debug)]
pub struct Matchers {
    gate: Gate,
    patterns: Vec<LazyRegex>,
    /// The rules (and which of their lists) each pattern of `patterns` belongs to.
    owners: Vec<Vec<(usize, Role)>>,
    /// Per pattern, the kinds of answer any of its rules applies to, one bit a kind
    /// ([`kind_bit`]): a story is never searched for a technical rule's patterns. The evidence
    /// rules of technical and situational answers cost a behavioral answer 5.7 M instructions
    /// compiling patterns whose hits no rule would read.
    pattern_kinds: Vec<u8>,
    unless: Vec<Vec<Arc<LazyRegex>>>,
    /// Each rule's `unless-overlapping` patterns, shared like `unless`.
    unless_overlapping: Vec<Vec<Arc<LazyRegex>>>,
    pub lexicons: Vec<Lexicon>,
    /// Question-kind patterns, run on the question rather than the answer.
    kind_gate: Gate,
    kind_patterns: Vec<LazyRegex>,
    kind_owners: Vec<usize>,
    rule_count: usize,
    rule_lexicon: Vec<Option<usize>>,
    /// Each talking point's cues, by rule (empty for other rules). They are not in the gate: only
    /// the matched question's points are looked for, so an answer never pays for the other
    /// questions' cues.
    cues: Vec<Cues>,
}

/// A talking point's cues, gated as the answer patterns are (see [`Gate`]); the gate is built the
/// first time the point is looked for, so a run pays only for the points of the questions its
/// answers matched.
#[derive(Debug, Default)]
struct Cues {
    patterns: Vec<LazyRegex>,
    factors: Vec<Factors>,
    gate: OnceLock<Gate>,
}

/// Where each rule's patterns matched, as byte ranges of the answer's plain text in match order.
#[derive(Debug, Clone)]
pub struct Hits {
    pub main: Vec<Vec<Range<usize>>>,
    pub versus: Vec<Vec<Range<usize>>>,
    /// Scratch space for the gate, reused so that scanning allocates nothing per sentence.
    gate: GateScratch,
    candidates: Vec<u32>,
}

impl Matchers {
    pub fn compile<'a>(
        rules: &[Rule],
        patterns: &'a [PreparedPatterns],
        lexicons: &[(String, Vec<String>)],
    ) -> Matchers {
        let mut answer_patterns: Vec<(&PreparedPattern, usize, Role)> = Vec::new();
        let mut kind_patterns: Vec<(&PreparedPattern, usize)> = Vec::new();
        for (index, (rule, compiled)) in rules.iter().zip(patterns).enumerate() {
            if rule.rule_type == RuleType::Kind {
                kind_patterns.extend(compiled.main.iter().map(|p| (p, index)));
                continue;
            }
            if rule.rule_type == RuleType::Coverage {
                continue;
            }
            answer_patterns.extend(compiled.main.iter().map(|p| (p, index, Role::Main)));
            answer_patterns.extend(compiled.versus.iter().map(|p| (p, index, Role::Versus)));
        }
        let lexicons = lexicons
            .iter()
            .map(|(name, terms)| {
                // Terms in lower case, since the text they are matched against is.
                let terms: Vec<String> = terms
                    .iter()
                    .map(|t| t.trim().to_ascii_lowercase())
                    .filter(|t| !t.is_empty())
                    .collect();
                Lexicon {
                    name: name.clone(),
                    terms: LiteralSet::new(&terms.iter().map(|t| t.as_bytes()).collect::<Vec<_>>()),
                }
            })
            .collect();
        // Rules that share an `unless` pattern share its regex, so it is compiled once.
        let mut shared: FastMap<(&str, bool), Arc<LazyRegex>> = FastMap::default();
        let mut share = |lists: &mut dyn Iterator<Item = &'a [PreparedPattern]>| -> Vec<Vec<Arc<LazyRegex>>> {
            lists
                .map(|list| {
                    list.iter()
                        .map(|pattern| {
                            shared
                                .entry((&*pattern.text, pattern.unicode))
                                .or_insert_with(|| Arc::new(LazyRegex::new(pattern)))
                                .clone()
                        })
                        .collect()
                })
                .collect()
        };
        let unless = share(&mut patterns.iter().map(|p| p.unless.as_slice()));
        let unless_overlapping = share(&mut patterns.iter().map(|p| p.unless_overlapping.as_slice()));
        // A pattern that several rules share (the first-person pattern counts for two) is
        // searched once a sentence, and its matches go to each rule.
        let mut unique: Vec<&PreparedPattern> = Vec::new();
        let mut owners: Vec<Vec<(usize, Role)>> = Vec::new();
        let mut index_of: FastMap<(&str, bool), usize> = FastMap::default();
        for (pattern, rule, role) in &answer_patterns {
            let index = *index_of.entry((&*pattern.text, pattern.unicode)).or_insert_with(|| {
                unique.push(pattern);
                owners.push(Vec::new());
                unique.len() - 1
            });
            owners[index].push((*rule, *role));
        }
        let pattern_kinds = owners
            .iter()
            .map(|rules_of| {
                rules_of.iter().fold(0u8, |bits, (rule, _)| {
                    bits | QuestionKind::ALL
                        .iter()
                        .filter(|kind| rules[*rule].applies_to(**kind))
                        .fold(0, |b, kind| b | kind_bit(*kind))
                })
            })
            .collect();
        Matchers {
            gate: Gate::new(unique.iter().map(|p| &p.factors)),
            patterns: unique.iter().map(|p| LazyRegex::new(p)).collect(),
            owners,
            pattern_kinds,
            unless,
            unless_overlapping,
            lexicons,
            kind_gate: Gate::new(kind_patterns.iter().map(|(p, _)| &p.factors)),
            kind_patterns: kind_patterns.iter().map(|(p, _)| LazyRegex::new(p)).collect(),
            kind_owners: kind_patterns.iter().map(|(_, rule)| *rule).collect(),
            rule_count: rules.len(),
            rule_lexicon: rules.iter().map(|r| r.lexicon).collect(),
            cues: rules
                .iter()
                .zip(patterns)
                .map(|(rule, compiled)| match rule.rule_type {
                    RuleType::Coverage => Cues {
                        patterns: compiled.main.iter().map(LazyRegex::new).collect(),
                        factors: compiled.main.iter().map(|p| p.factors.clone()).collect(),
                        gate: OnceLock::new(),
                    },
                    _ => Cues::default(),
                })
                .collect(),
        }
    }

    /// Empty hit lists for every rule.
    pub fn new_hits(&self) -> Hits {
        Hits {
            main: vec![Vec::new(); self.rule_count],
            versus: vec![Vec::new(); self.rule_count],
            gate: GateScratch::default(),
            candidates: Vec::new(),
        }
    }

    /// Adds every match in one sentence (at plain offset `base`) to `hits`: one pass of the gate,
    /// then positions for just the patterns whose required words occur, then the word lists its
    /// rules refer to. Scanning a sentence at a time keeps `^` and `$` meaning the sentence's start
    /// and end, and keeps a pattern from matching across two sentences.
    ///
    /// The patterns a sentence needs are compiled here, on this thread. Compiling the first
    /// answer's patterns (a fifth of the rule set, 4 ms) on both cores was tried: each half then
    /// took as long as the whole, so it gained nothing.
    pub fn scan_sentence(&self, sentence: &str, base: usize, hits: &mut Hits) {
        self.scan_sentence_for(sentence, base, None, hits);
    }

    /// [`Self::scan_sentence`] for an answer of `kind` (`None`: any kind), leaving out the
    /// patterns of rules that do not apply to it, so their hits stay empty.
    pub fn scan_sentence_for(&self, sentence: &str, base: usize, kind: Option<QuestionKind>, hits: &mut Hits) {
        let wanted = kind.map_or(u8::MAX, kind_bit);
        with_lowercase(sentence, |lowered| {
            let mut candidates = std::mem::take(&mut hits.candidates);
            self.gate
                .candidates(lowered.as_bytes(), &mut hits.gate, &mut candidates);
            for &pattern in &candidates {
                if self.pattern_kinds[pattern as usize] & wanted != 0 {
                    self.find_pattern(pattern, lowered, base, hits);
                }
            }
            hits.candidates = candidates;
            self.find_lexicons(lowered, base, hits);
        });
    }

    fn find_pattern(&self, pattern: u32, sentence: &str, base: usize, hits: &mut Hits) {
        let Some(regex) = self.patterns[pattern as usize].get() else {
            return;
        };
        let owners = &self.owners[pattern as usize];
        for m in regex.find_iter(sentence.as_bytes()).filter(|m| !m.is_empty()) {
            let range = snap_to_chars(sentence, m.range());
            let range = range.start + base..range.end + base;
            for &(rule, role) in owners {
                match role {
                    Role::Main => hits.main[rule].push(range.clone()),
                    Role::Versus => hits.versus[rule].push(range.clone()),
                }
            }
        }
    }

    fn find_lexicons(&self, sentence: &str, base: usize, hits: &mut Hits) {
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

    /// Whether a match of one of rule `rule`'s `unless-overlapping` patterns in `sentence` overlaps
    /// `hit` (a byte range of `sentence`): the hit-level counterpart of [`Self::is_excepted`].
    pub fn is_hit_excepted(&self, rule: usize, sentence: &str, hit: Range<usize>) -> bool {
        if self.unless_overlapping[rule].is_empty() {
            return false;
        }
        with_lowercase(sentence, |lowered| {
            self.unless_overlapping[rule].iter().any(|r| {
                r.get().is_some_and(|r| {
                    r.find_iter(lowered.as_bytes())
                        .any(|m| !m.is_empty() && m.start() < hit.end && hit.start < m.end())
                })
            })
        })
    }

    /// Kind rules whose patterns match `question`, each once, in rule order.
    pub fn kind_matches(&self, question: &str) -> Vec<usize> {
        let mut candidates = Vec::new();
        let mut rules: Vec<usize> = with_lowercase(question, |lowered| {
            self.kind_gate
                .candidates(lowered.as_bytes(), &mut GateScratch::default(), &mut candidates);
            candidates
                .iter()
                .filter(|&&p| {
                    self.kind_patterns[p as usize]
                        .get()
                        .is_some_and(|r| r.is_match(lowered.as_bytes()))
                })
                .map(|&p| self.kind_owners[p as usize])
                .collect()
        });
        rules.dedup();
        rules
    }

    /// Whether one of talking point `rule`'s cues matches `text` (case-insensitively).
    pub fn cue_matches(&self, rule: usize, text: &str) -> bool {
        let Some(cues) = self.cues.get(rule).filter(|c| !c.patterns.is_empty()) else {
            return false;
        };
        let gate = cues.gate.get_or_init(|| Gate::new(&cues.factors));
        with_lowercase(text, |lowered| {
            let mut candidates = Vec::new();
            gate.candidates(lowered.as_bytes(), &mut GateScratch::default(), &mut candidates);
            candidates.iter().any(|&cue| {
                cues.patterns[cue as usize]
                    .get()
                    .is_some_and(|r| r.is_match(lowered.as_bytes()))
            })
        })
    }

    /// Whether rule `rule`'s main patterns match anywhere in `text` (used to check cue examples).
    pub fn rule_matches(&self, rule: usize, text: &str) -> bool {
        let lowered = text.to_ascii_lowercase();
        // A match that an `unless-overlapping` pattern covers does not count, as in a checked answer.
        let kept = |r: &Regex| {
            r.find_iter(lowered.as_bytes())
                .any(|m| !self.is_hit_excepted(rule, text, m.start()..m.end()))
        };
        self.owners
            .iter()
            .zip(&self.patterns)
            .any(|(owners, regex)| owners.contains(&(rule, Role::Main)) && regex.get().is_some_and(kept))
            || self.kind_matches(text).contains(&rule)
    }
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

/// A kind's bit in [`Matchers`]' per-pattern kind sets.
fn kind_bit(kind: QuestionKind) -> u8 {
    1 << QuestionKind::ALL.iter().position(|k| *k == kind).unwrap_or(0)
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
            let hir = pattern::parse(pattern, false).unwrap();
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

    /// An answer of one kind is not searched for the patterns of rules that only apply to others:
    /// a story never compiles a technical answer's trade-off patterns.
    #[test]
    fn an_answer_is_searched_only_for_its_kinds_rules() {
        let rules = crate::rules::RuleSet::defaults().unwrap();
        let trade_off = rules
            .rules
            .iter()
            .position(|r| r.id == "trade-offs/none-weighed")
            .unwrap();
        let first_person = rules
            .rules
            .iter()
            .position(|r| r.id == "ownership/no-first-person")
            .unwrap();
        let sentence = "I picked Postgres, but it depends on the write load.";
        let scan = |kind| {
            let mut hits = rules.matchers.new_hits();
            rules.matchers.scan_sentence_for(sentence, 0, kind, &mut hits);
            hits
        };
        let story = scan(Some(QuestionKind::Behavioral));
        assert!(story.main[trade_off].is_empty(), "{:?}", story.main[trade_off]);
        assert_eq!(story.main[first_person], vec![0..1]);
        let technical = scan(Some(QuestionKind::Technical));
        assert!(!technical.main[trade_off].is_empty());
        assert_eq!(scan(None).main[trade_off], technical.main[trade_off]);
    }

    /// The gate only ever skips a pattern that cannot match: on every line of every fixture and
    /// every rule example, each
    /// built-in pattern that matches is among the gate's candidates. Every built-in pattern is also
    /// in the build script's table (none is parsed at load) and compiles within the size limit.
    #[test]
    fn the_gate_never_hides_a_match_of_a_built_in_pattern() {
        let rules = crate::rules::RuleSet::defaults().unwrap();
        let matchers = &rules.matchers;
        let mut lines = Vec::new();
        for (_, text) in crate::rules::DEFAULT_RULE_FILES {
            let spec: crate::rules::schema::RuleFileSpec = toml::from_str(text).unwrap();
            for rule in spec.rule {
                let examples = rule.examples.get_ref();
                lines.extend(
                    examples
                        .flag
                        .iter()
                        .chain(&examples.pass)
                        .map(|e| e.to_ascii_lowercase()),
                );
                let texts = rule
                    .patterns
                    .iter()
                    .chain(&rule.versus)
                    .chain(&rule.unless)
                    .chain(&rule.unless_overlapping);
                let phrases = rule
                    .phrases
                    .iter()
                    .map(|p| crate::rules::phrase_to_pattern(p.get_ref()));
                for text in texts.map(|t| t.get_ref().clone()).chain(phrases) {
                    let known = known(&text).unwrap_or_else(|| panic!("{text} is not in the build script's table"));
                    assert!(pattern::decode(known.hir).is_some(), "{text} has no HIR in the table");
                }
            }
        }
        for regex in matchers.patterns.iter().chain(&matchers.kind_patterns) {
            assert!(regex.get().is_some(), "{} does not compile", regex.text);
        }
        for folder in std::fs::read_dir("fixtures").unwrap() {
            let folder = folder.unwrap().path();
            for file in std::fs::read_dir(&folder).into_iter().flatten() {
                let text = std::fs::read_to_string(file.unwrap().path()).unwrap_or_default();
                lines.extend(text.lines().map(str::to_ascii_lowercase));
            }
        }
        assert!(lines.len() > 1000, "fixtures not found");
        let (mut scratch, mut candidates, mut matched) = (GateScratch::default(), Vec::new(), 0);
        for (gate, patterns) in [
            (&matchers.gate, &matchers.patterns),
            (&matchers.kind_gate, &matchers.kind_patterns),
        ] {
            for line in &lines {
                gate.candidates(line.as_bytes(), &mut scratch, &mut candidates);
                for (index, regex) in patterns.iter().enumerate() {
                    if regex.get().unwrap().is_match(line.as_bytes()) {
                        matched += 1;
                        assert!(
                            candidates.contains(&(index as u32)),
                            "the gate hid `{}` on {line:?}",
                            regex.text
                        );
                    }
                }
            }
        }
        assert!(matched > 1000, "only {matched} matches: the test checks too little");
    }

    /// Every built-in `[answer-evidence]` list is in the build script's table (so a run neither
    /// parses nor checks it) and compiles; a list given in a rule file is checked when loaded.
    #[test]
    fn answer_evidence_lists_are_known_and_others_are_checked_at_load() {
        for (_, text) in crate::rules::DEFAULT_RULE_FILES {
            let spec: crate::rules::schema::RuleFileSpec = toml::from_str(text).unwrap();
            let Some(evidence) = spec.answer_evidence else { continue };
            for list in [
                &evidence.clause,
                &evidence.story,
                &evidence.explanation,
                &evidence.placeholder,
            ] {
                let joined = list_pattern(list);
                assert!(
                    known(&joined).is_some_and(|k| !k.unicode && !k.hir.is_empty()),
                    "{joined} is not known"
                );
                let regex = LazyListRegex::new(list).unwrap();
                assert!(
                    regex.0.cell.get().is_none() && regex.0.first.get().is_none(),
                    "a built-in list was compiled at load"
                );
                assert!(regex.0.get().is_some(), "{joined} does not compile");
            }
        }
        let user = LazyListRegex::new(&[r"\bwe\s+shipped\b".to_string(), r"\bI\s+did".to_string()]).unwrap();
        assert!(user.is_match("Then We Shipped it."));
        assert!(user.is_match("i did"));
        assert!(!user.is_match("we ship"));
        assert!(!LazyListRegex::new(&[]).unwrap().is_match("anything"));
        assert!(LazyListRegex::new(&["(unclosed".to_string()]).is_err());
    }

    /// A proptest runner for `cases` cases that writes no failure file: a failing input is shrunk
    /// and shown, and belongs in a test of its own.
    fn runner(cases: u32) -> proptest::test_runner::TestRunner {
        proptest::test_runner::TestRunner::new(proptest::test_runner::Config {
            cases,
            failure_persistence: None,
            ..proptest::test_runner::Config::default()
        })
    }

    /// Sentences stitched from the rule examples' words, in any order and case, with any
    /// punctuation between: text that meets the patterns' words in every place and combination.
    /// Whatever a built-in pattern matches there, the gate lets through.
    #[test]
    fn the_gate_never_hides_a_match_in_stitched_text() {
        use proptest::prelude::*;
        static RULES: OnceLock<crate::rules::RuleSet> = OnceLock::new();
        let rules = RULES.get_or_init(|| crate::rules::RuleSet::defaults().unwrap());
        let mut words: Vec<String> = Vec::new();
        for (_, text) in crate::rules::DEFAULT_RULE_FILES {
            let spec: crate::rules::schema::RuleFileSpec = toml::from_str(text).unwrap();
            for rule in spec.rule {
                let examples = rule.examples.get_ref();
                for example in examples.flag.iter().chain(&examples.pass) {
                    words.extend(example.split_whitespace().map(str::to_string));
                }
            }
        }
        words.sort();
        words.dedup();
        const SEPARATORS: [&str; 13] = [" ", "  ", ", ", ". ", "-", "", "'", "\u{a0}", " (", "% ", "$", "é", "_"];
        let word = proptest::sample::select(words);
        let piece = (word, proptest::sample::select(&SEPARATORS[..]), any::<bool>()).prop_map(|(w, sep, upper)| {
            let w = if upper { w.to_uppercase() } else { w };
            format!("{w}{sep}")
        });
        let sentence = proptest::collection::vec(piece, 1..14).prop_map(|pieces| pieces.concat());
        runner(256)
            .run(&sentence, |sentence| {
                let lowered = sentence.to_ascii_lowercase();
                let matchers = &rules.matchers;
                let (mut scratch, mut candidates) = (GateScratch::default(), Vec::new());
                for (gate, patterns) in [
                    (&matchers.gate, &matchers.patterns),
                    (&matchers.kind_gate, &matchers.kind_patterns),
                ] {
                    gate.candidates(lowered.as_bytes(), &mut scratch, &mut candidates);
                    for (index, regex) in patterns.iter().enumerate() {
                        if regex.get().unwrap().is_match(lowered.as_bytes()) {
                            prop_assert!(
                                candidates.contains(&(index as u32)),
                                "the gate hid `{}` on {:?}",
                                regex.text,
                                sentence
                            );
                        }
                    }
                }
                Ok(())
            })
            .unwrap();
    }

    #[test]
    fn the_gate_passes_patterns_whose_required_words_all_occur() {
        let prepared: Vec<PreparedPattern> = [r"\bkind\s+of\b", r"\b(?:sort|kind)\s+of\s+helped", r"\bi\s+\w+"]
            .iter()
            .map(|text| prepare_cached(&format!("(?:{text})")).unwrap())
            .collect();
        let gate = Gate::new(prepared.iter().map(|p| &p.factors));
        let (mut scratch, mut candidates) = (GateScratch::default(), Vec::new());
        let mut check = |text: &str| {
            gate.candidates(text.as_bytes(), &mut scratch, &mut candidates);
            candidates.clone()
        };
        // "i" is too short to gate on, so the last pattern is always a candidate.
        assert_eq!(check("it sort of helped"), [1, 2]);
        assert_eq!(check("kind of"), [0, 2]);
        // Both words of the first pattern must occur; "of" alone is not enough.
        assert_eq!(check("one of them"), [2]);
        // A word the pattern puts after a boundary must start a word: not "kind" in "mankind".
        assert_eq!(check("mankind offers"), [2]);
        assert_eq!(check("this kind of thing"), [0, 2]);
    }

    /// For patterns of any shape built from words, boundaries, groups, repeats and classes, and text
    /// made of the same words: whenever the pattern, compiled as a run compiles it, matches the
    /// lowercased text, each of its factors has a literal inside the match, sitting where its
    /// flags say. (It found that an empty match inside "é" made the regex crate panic.)
    #[test]
    fn every_match_holds_every_factor() {
        use proptest::prelude::*;
        const WORDS: [&str; 8] = ["kind", "of", "um", "API", "ab", "so", "é", "x"];
        let atom = prop_oneof![
            proptest::sample::select(&WORDS[..]).prop_map(str::to_string),
            Just(r"\b".to_string()),
            Just(r"\s+".to_string()),
            Just(r"\d".to_string()),
            Just("^".to_string()),
            Just("[sd]".to_string()),
            Just("[$€]".to_string()),
            Just("[^.!?]*".to_string()),
            Just(r"\w*".to_string()),
        ];
        let pattern = atom.prop_recursive(3, 24, 4, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 1..4).prop_map(|parts| parts.concat()),
                proptest::collection::vec(inner.clone(), 2..4).prop_map(|parts| format!("(?:{})", parts.join("|"))),
                (inner, proptest::sample::select(&["?", "+", "*", "{2}", "{1,3}"][..]))
                    .prop_map(|(part, repeat)| format!("(?:{part}){repeat}")),
            ]
        });
        let text_piece = prop_oneof![
            proptest::sample::select(&WORDS[..]).prop_map(str::to_string),
            proptest::sample::select(&[" ", "", "  ", ".", "7", "$", "S", "d", "-"][..]).prop_map(str::to_string),
        ];
        let text = proptest::collection::vec(text_piece, 0..12).prop_map(|pieces| pieces.concat());
        runner(512)
            .run(&(pattern, text), |(pattern, text)| {
                let Ok((hir, _, _)) = pattern::prepare(&pattern) else {
                    return Ok(());
                };
                let lowered = text.to_ascii_lowercase();
                let regex = build(&hir, PATTERN_SIZE_LIMIT).expect("small patterns compile");
                for found in regex.find_iter(lowered.as_bytes()) {
                    let matched = &lowered.as_bytes()[..found.end()];
                    for factor in pattern::required_factors(&hir) {
                        let present = factor.iter().any(|(literal, flags)| {
                            (found.start()..=found.end().saturating_sub(literal.len())).any(|at| {
                                matched.get(at..at + literal.len()) == Some(literal.as_slice())
                                    && flags & !pattern::placement(lowered.as_bytes(), at..at + literal.len()) == 0
                            })
                        });
                        prop_assert!(present, "{pattern:?} matched {text:?} without {factor:?}");
                    }
                }
                Ok(())
            })
            .unwrap();
    }

    /// A pattern parsed for bytes can match inside a character; with the regex crate's default
    /// handling of empty matches, `find_iter` then panicked ("reverse search must match if forward
    /// search does") on this pattern and "é". Empty matches are dropped and others widened to
    /// whole characters, so empty matches may fall anywhere.
    #[test]
    fn an_empty_match_inside_a_character_does_not_panic() {
        let hir = pattern::parse(r"(?:\w*|[^.!?]*)|[^.!?]*", false).unwrap();
        let regex = build(&hir, PATTERN_SIZE_LIMIT).unwrap();
        let found: Vec<_> = regex.find_iter("xé é".as_bytes()).map(|m| m.range()).collect();
        assert_eq!(found, [0..1, 2..2, 3..3, 4..4, 5..5, 6..6]);
    }

    #[test]
    fn spans_are_widened_to_character_boundaries() {
        let text = "a é b";
        assert_eq!(snap_to_chars(text, 2..3), 2..4);
        assert_eq!(snap_to_chars(text, 3..5), 2..5);
    }
}

//! Compiled matchers for a whole rule set. Every answer-text pattern of every rule sits in one
//! `RegexSet`, so an answer is scanned once to learn which patterns occur at all; only those are then
//! run for positions. Word lists go through one Aho-Corasick automaton each.

use super::error::RuleError;
use super::{Rule, RulePatterns};
use crate::rules::schema::RuleType;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::{Regex, RegexBuilder, RegexSet, RegexSetBuilder};
use std::ops::Range;

/// Compiled size one pattern may reach. Generous for real phrase lists, small enough that a
/// runaway pattern is refused with a message instead of eating memory.
const PATTERN_SIZE_LIMIT: usize = 1 << 21;
const SET_SIZE_LIMIT: usize = 1 << 26;

/// One rule's compiled patterns.
#[derive(Debug, Clone)]
pub struct CompiledPatterns {
    pub main: Vec<Regex>,
    pub versus: Vec<Regex>,
    pub unless: Vec<Regex>,
}

impl CompiledPatterns {
    /// Compiles a rule's patterns; an error carries the offset of the bad pattern in its file.
    pub fn compile(patterns: &RulePatterns) -> Result<CompiledPatterns, (usize, String)> {
        let compile_all = |list: &[(String, usize)]| -> Result<Vec<Regex>, (usize, String)> {
            list.iter()
                .map(|(pattern, offset)| compile_pattern(pattern).map_err(|e| (*offset, e)))
                .collect()
        };
        Ok(CompiledPatterns {
            main: compile_all(&patterns.main)?,
            versus: compile_all(&patterns.versus)?,
            unless: compile_all(&patterns.unless)?,
        })
    }
}

fn compile_pattern(pattern: &str) -> Result<Regex, String> {
    RegexBuilder::new(pattern)
        .case_insensitive(true)
        .size_limit(PATTERN_SIZE_LIMIT)
        .build()
        .map_err(|e| match e {
            regex::Error::CompiledTooBig(limit) => format!(
                "pattern is too large: it compiles to more than {} KiB; split it into several patterns or use `phrases`",
                limit / 1024
            ),
            other => {
                // The regex crate draws a caret diagram over several lines; keep its last line,
                // which says what is wrong, and name the pattern instead.
                let text = other.to_string();
                let reason = text.lines().rev().find_map(|l| l.trim().strip_prefix("error: ")).unwrap_or(text.trim());
                format!("invalid regex `{pattern}`: {reason}")
            }
        })
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
        let bytes = text.as_bytes();
        for m in self.automaton.find_iter(text) {
            let before = text[..m.start()].chars().next_back();
            let after = text[m.end()..].chars().next();
            let is_word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
            // A term that itself starts or ends with punctuation (".NET", "C++") needs no boundary there.
            let term_starts_word = is_word(text[m.start()..].chars().next());
            let term_ends_word = bytes[m.end() - 1].is_ascii_alphanumeric() || !bytes[m.end() - 1].is_ascii();
            if (term_starts_word && is_word(before)) || (term_ends_word && is_word(after)) {
                continue;
            }
            out.push(m.start()..m.end());
        }
    }
}

/// The compiled form of every pattern in a rule set.
#[derive(Debug)]
pub struct Matchers {
    set: RegexSet,
    regexes: Vec<Regex>,
    owners: Vec<(usize, Role)>,
    unless: Vec<Vec<Regex>>,
    pub lexicons: Vec<Lexicon>,
    /// Question-kind patterns, run on the question rather than the answer: (rule, regex).
    kind_patterns: Vec<(usize, Regex)>,
    rule_count: usize,
    rule_lexicon: Vec<Option<usize>>,
}

/// Where each rule's patterns matched in one text, as byte ranges in match order.
#[derive(Debug, Clone, Default)]
pub struct Hits {
    pub main: Vec<Vec<Range<usize>>>,
    pub versus: Vec<Vec<Range<usize>>>,
}

impl Matchers {
    pub fn compile(
        rules: &[Rule],
        patterns: &[CompiledPatterns],
        lexicons: &[(String, Vec<String>)],
    ) -> Result<Matchers, RuleError> {
        let mut regexes = Vec::new();
        let mut owners = Vec::new();
        let mut kind_patterns = Vec::new();
        for (index, (rule, compiled)) in rules.iter().zip(patterns).enumerate() {
            if rule.rule_type == RuleType::Kind {
                kind_patterns.extend(compiled.main.iter().map(|r| (index, r.clone())));
                continue;
            }
            for (role, list) in [(Role::Main, &compiled.main), (Role::Versus, &compiled.versus)] {
                for regex in list {
                    regexes.push(regex.clone());
                    owners.push((index, role));
                }
            }
        }
        let set = RegexSetBuilder::new(regexes.iter().map(Regex::as_str))
            .case_insensitive(true)
            .size_limit(SET_SIZE_LIMIT)
            .build()
            .map_err(|e| RuleError {
                path: "rules".into(),
                line: 1,
                column: 1,
                rule: None,
                message: format!("the rule set's patterns are too large to compile together: {e}"),
            })?;
        let lexicons = lexicons
            .iter()
            .map(|(name, terms)| {
                let automaton = AhoCorasickBuilder::new()
                    .ascii_case_insensitive(true)
                    .match_kind(MatchKind::LeftmostLongest)
                    .build(terms.iter().map(|t| t.trim()).filter(|t| !t.is_empty()))
                    .map_err(|e| RuleError {
                        path: "rules".into(),
                        line: 1,
                        column: 1,
                        rule: None,
                        message: format!("lexicon `{name}` cannot be compiled: {e}"),
                    })?;
                Ok(Lexicon {
                    name: name.clone(),
                    automaton,
                })
            })
            .collect::<Result<Vec<_>, RuleError>>()?;
        Ok(Matchers {
            set,
            regexes,
            owners,
            unless: patterns.iter().map(|p| p.unless.clone()).collect(),
            lexicons,
            kind_patterns,
            rule_count: rules.len(),
            rule_lexicon: rules.iter().map(|r| r.lexicon).collect(),
        })
    }

    /// Empty hit lists for every rule.
    pub fn new_hits(&self) -> Hits {
        Hits {
            main: vec![Vec::new(); self.rule_count],
            versus: vec![Vec::new(); self.rule_count],
        }
    }

    /// Adds every match in one sentence (at plain offset `base`) to `hits`: one pass of the set, then
    /// positions for just the patterns that occur, then the word lists rules refer to. Scanning a
    /// sentence at a time keeps `^` and `$` meaning the sentence's start and end, and keeps a
    /// pattern from matching across two sentences.
    pub fn scan_sentence(&self, sentence: &str, base: usize, hits: &mut Hits) {
        let shift = |r: Range<usize>| r.start + base..r.end + base;
        for pattern in self.set.matches(sentence).iter() {
            let (rule, role) = self.owners[pattern];
            let out = match role {
                Role::Main => &mut hits.main[rule],
                Role::Versus => &mut hits.versus[rule],
            };
            out.extend(
                self.regexes[pattern]
                    .find_iter(sentence)
                    .filter(|m| !m.is_empty())
                    .map(|m| shift(m.range())),
            );
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
            hits.main[rule].extend(ranges.iter().cloned().map(shift));
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
        self.unless[rule].iter().any(|r| r.is_match(sentence))
    }

    /// Total weight per rule of kind rules matching `question`: (rule index, matched).
    pub fn kind_matches<'a>(&'a self, question: &'a str) -> impl Iterator<Item = usize> + 'a {
        let mut last = None;
        self.kind_patterns.iter().filter_map(move |(rule, regex)| {
            if last == Some(*rule) || !regex.is_match(question) {
                return None;
            }
            last = Some(*rule);
            Some(*rule)
        })
    }

    /// Matches of rule `rule`'s main patterns in an arbitrary text (used for kind and cue examples).
    pub fn rule_matches(&self, rule: usize, text: &str) -> bool {
        self.owners
            .iter()
            .zip(&self.regexes)
            .any(|((owner, role), regex)| *owner == rule && *role == Role::Main && regex.is_match(text))
            || self
                .kind_patterns
                .iter()
                .any(|(owner, regex)| *owner == rule && regex.is_match(text))
    }
}

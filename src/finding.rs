//! What a rule reports about one answer. It sits apart from `analysis` so that scoring, which only
//! reads findings, does not depend on the analysis that produces them.

use crate::rules::schema::{Category, Severity};
use std::ops::Range;

/// One finding: a rule that fired, where, and what it says.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// Index of the rule in the rule set.
    pub rule: usize,
    pub severity: Severity,
    pub category: Category,
    /// The rule's message with any `{value}`, `{min}`, `{max}` filled in.
    pub message: String,
    /// Byte range in the original source.
    pub span: Range<usize>,
    /// The matched text, for findings about specific words.
    pub matched: Option<String>,
    /// The finding is about the answer as a whole (its length, a missing STAR part) and points at
    /// the answer's first word only because it must point somewhere: the human report lists it
    /// once, without quoting that word.
    pub whole_answer: bool,
}

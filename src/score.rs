//! From findings to a score: per-kind category weights, penalties per finding, the red-flag cap.

use crate::finding::Finding;
use crate::rules::schema::{Category, QuestionKind, Severity};
use crate::rules::{RuleDetail, RuleSet};
use serde::Serialize;

/// The score of one answer, split by category.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScoreCard {
    pub total: u32,
    pub grade: Grade,
    /// Categories that carry points for this kind, in the fixed category order.
    pub categories: Vec<CategoryScore>,
    /// The rule whose cap lowered the total, if one did (a red flag, a far too short answer).
    pub capped_by: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CategoryScore {
    #[serde(rename = "id")]
    pub category: Category,
    pub score: u32,
    pub max: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Grade {
    Weak,
    NeedsWork,
    Good,
    Strong,
}

impl Grade {
    /// The bands the project promises: strong ≥ 80, good ≥ 65, needs-work ≥ 45, weak below.
    pub fn of(score: u32) -> Grade {
        match score {
            80.. => Grade::Strong,
            65.. => Grade::Good,
            45.. => Grade::NeedsWork,
            _ => Grade::Weak,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Grade::Strong => "strong",
            Grade::Good => "good",
            Grade::NeedsWork => "needs-work",
            Grade::Weak => "weak",
        }
    }
}

/// Scores an answer of `kind` from its findings. Each finding costs its rule's penalty (or the
/// default for its severity) as a share of its category's points; a category bottoms out at zero so
/// that ten hedges do not sink an otherwise strong story. A red flag caps the total. Points are
/// earned by being an answer: a finding of an `answer` check that says the text is none keeps only
/// its `cap` as a share of every category's points.
pub fn score(kind: QuestionKind, findings: &[Finding], rules: &RuleSet) -> ScoreCard {
    let weights = rules.scoring.weights.get(&kind);
    let earned = findings
        .iter()
        .filter_map(|f| {
            let rule = &rules.rules[f.rule];
            match rule.detail {
                RuleDetail::Answer { check } if check.is_non_answer() => Some(rule.cap.unwrap_or(0)),
                _ => None,
            }
        })
        .min()
        .map_or(1.0, |cap| f64::from(cap.min(100)) / 100.0);
    let mut spent = [0.0f64; 8];
    let mut red_flag = None;
    let mut rule_cap: Option<(u32, usize)> = None;
    for finding in findings {
        let rule = &rules.rules[finding.rule];
        let penalty = rule
            .penalty
            .unwrap_or_else(|| rules.scoring.penalty.get(&finding.severity).copied().unwrap_or(0.0));
        let slot = Category::ALL.iter().position(|c| *c == finding.category).unwrap_or(0);
        spent[slot] += penalty;
        if finding.category == Category::RedFlags && finding.severity == Severity::Error {
            red_flag.get_or_insert(finding.rule);
        }
        if let Some(cap) = rule.cap
            && rule_cap.is_none_or(|(lowest, _)| cap < lowest)
        {
            rule_cap = Some((cap, finding.rule));
        }
    }
    let categories: Vec<CategoryScore> = Category::ALL
        .iter()
        .enumerate()
        .filter_map(|(slot, &category)| {
            let max = weights.and_then(|w| w.get(&category)).copied().unwrap_or(0);
            (max > 0).then(|| CategoryScore {
                category,
                max,
                score: (max as f64 * earned * (1.0 - spent[slot].min(1.0))).round() as u32,
            })
        })
        .collect();
    let sum: u32 = categories.iter().map(|c| c.score).sum();
    // The lowest cap that applies wins: a red flag's, or a rule's own `cap`.
    let caps = red_flag
        .map(|rule| (rules.scoring.red_flag_cap, rule))
        .into_iter()
        .chain(rule_cap);
    let lowest = caps.min_by_key(|(cap, _)| *cap).filter(|(cap, _)| sum > *cap);
    let total = lowest.map_or(sum, |(cap, _)| cap).min(100);
    ScoreCard {
        total,
        grade: Grade::of(total),
        categories,
        capped_by: lowest.map(|(_, rule)| rule),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grade_bands() {
        assert_eq!(Grade::of(100), Grade::Strong);
        assert_eq!(Grade::of(80), Grade::Strong);
        assert_eq!(Grade::of(79), Grade::Good);
        assert_eq!(Grade::of(65), Grade::Good);
        assert_eq!(Grade::of(64), Grade::NeedsWork);
        assert_eq!(Grade::of(45), Grade::NeedsWork);
        assert_eq!(Grade::of(44), Grade::Weak);
        assert_eq!(Grade::of(0), Grade::Weak);
    }
}

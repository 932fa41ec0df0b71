//! From findings to a score: per-kind category weights, penalties per finding, the red-flag cap.

use crate::finding::Finding;
use crate::rules::schema::{Category, QuestionKind, Severity};
use crate::rules::{RuleDetail, RuleSet};
use serde::Serialize;
use std::collections::BTreeMap;

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
    score_answer(kind, findings, rules, false)
}

/// [`score`], for an answer whose question matched the bank when `with_coverage`: the kind's
/// `[scoring.coverage]` points go to talking-point coverage and the other categories share the
/// rest in proportion. Without a match the weights are exactly `[scoring.weights]`.
pub fn score_answer(kind: QuestionKind, findings: &[Finding], rules: &RuleSet, with_coverage: bool) -> ScoreCard {
    let coverage_points = if with_coverage {
        rules.scoring.coverage.get(&kind).copied().unwrap_or(0).min(100)
    } else {
        0
    };
    let scaled = rules
        .scoring
        .weights
        .get(&kind)
        .map(|weights| with_coverage_share(weights, coverage_points));
    let weights = scaled.as_ref();
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
    let mut spent = [0.0f64; Category::ALL.len()];
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

/// `weights` (summing to 100) with `coverage` points moved to the coverage category: the others
/// are scaled to share `100 - coverage`, rounded so that they still sum exactly (largest
/// remainder first, ties to the earlier category).
fn with_coverage_share(weights: &BTreeMap<Category, u32>, coverage: u32) -> BTreeMap<Category, u32> {
    if coverage == 0 {
        return weights.clone();
    }
    let rest = 100 - coverage;
    let total: u32 = weights
        .iter()
        .filter(|(c, _)| **c != Category::Coverage)
        .map(|(_, w)| w)
        .sum();
    if total == 0 {
        return weights.clone();
    }
    let mut scaled: Vec<(Category, u32, u32)> = weights
        .iter()
        .filter(|(c, _)| **c != Category::Coverage)
        .map(|(&c, &w)| {
            let exact = w * rest;
            (c, exact / total, exact % total)
        })
        .collect();
    let mut left = rest - scaled.iter().map(|(_, w, _)| w).sum::<u32>();
    let mut order: Vec<usize> = (0..scaled.len()).collect();
    order.sort_by(|&a, &b| scaled[b].2.cmp(&scaled[a].2).then(a.cmp(&b)));
    for i in order {
        if left == 0 {
            break;
        }
        if scaled[i].1 > 0 || scaled[i].2 > 0 {
            scaled[i].1 += 1;
            left -= 1;
        }
    }
    let mut out: BTreeMap<Category, u32> = scaled.into_iter().map(|(c, w, _)| (c, w)).collect();
    out.insert(Category::Coverage, coverage);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coverage_takes_its_share_and_the_rest_still_sums_to_100() {
        let weights: BTreeMap<Category, u32> = [
            (Category::Specificity, 25),
            (Category::TradeOffs, 25),
            (Category::Wording, 25),
            (Category::RedFlags, 10),
            (Category::Length, 15),
        ]
        .into();
        let shared = with_coverage_share(&weights, 20);
        assert_eq!(shared.values().sum::<u32>(), 100);
        assert_eq!(shared[&Category::Coverage], 20);
        assert_eq!(shared[&Category::Specificity], 20);
        assert_eq!(shared[&Category::RedFlags], 8);
        assert_eq!(with_coverage_share(&weights, 0), weights);
    }

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

//! What changed between two versions of an answer: the score, the findings fixed and new (by
//! rule), the STAR parts and the talking points gained and lost. Built from the two answers'
//! reports, so it agrees with what `star-check` says of each.

use crate::report::AnswerReport;
use serde::Serialize;
use std::collections::BTreeMap;

/// The JSON shape's version; bumped on any incompatible change.
pub const DIFF_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AnswerDiff {
    pub version: u32,
    pub score: ScoreChange,
    /// Rules that fired on the old version and no longer do.
    pub fixed: Vec<String>,
    /// Rules that fire on the new version and did not on the old.
    pub new: Vec<String>,
    /// Rules that fire on both, with how often: a rule whose count changed is progress (or not)
    /// even though it is in neither list.
    #[serde(skip)]
    pub still: Vec<(String, usize, usize)>,
    pub parts_gained: Vec<String>,
    pub parts_lost: Vec<String>,
    pub points_gained: Vec<String>,
    pub points_lost: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ScoreChange {
    pub old: u32,
    pub new: u32,
}

impl ScoreChange {
    pub fn change(self) -> i64 {
        i64::from(self.new) - i64::from(self.old)
    }
}

/// Compares `old` with `new`. `points` gives an answer's talking points as (id, covered); an
/// answer with no matched question has none.
pub fn compare(
    old: &AnswerReport,
    new: &AnswerReport,
    points: impl Fn(&AnswerReport) -> Vec<(String, bool)>,
) -> AnswerDiff {
    let counts = |answer: &AnswerReport| {
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for diagnostic in &answer.diagnostics {
            *counts.entry(diagnostic.rule.clone()).or_default() += 1;
        }
        counts
    };
    let (before, after) = (counts(old), counts(new));
    let fixed = before.keys().filter(|r| !after.contains_key(*r)).cloned().collect();
    let added = after.keys().filter(|r| !before.contains_key(*r)).cloned().collect();
    let still = before
        .iter()
        .filter_map(|(rule, &was)| after.get(rule).map(|&now| (rule.clone(), was, now)))
        .collect();
    let parts = |answer: &AnswerReport| -> Vec<&'static str> {
        answer.star.as_ref().map_or_else(Vec::new, |star| {
            [
                ("situation", &star.situation),
                ("task", &star.task),
                ("action", &star.action),
                ("result", &star.result),
            ]
            .into_iter()
            .filter(|(_, part)| part.present)
            .map(|(name, _)| name)
            .collect()
        })
    };
    let (old_parts, new_parts) = (parts(old), parts(new));
    // A part only counts as gained or lost where STAR applies to both versions.
    let both_star = old.star.is_some() && new.star.is_some();
    let difference = |a: &[&str], b: &[&str]| -> Vec<String> {
        if !both_star {
            return Vec::new();
        }
        a.iter().filter(|p| !b.contains(p)).map(|p| p.to_string()).collect()
    };
    let covered = |answer: &AnswerReport| -> Vec<String> {
        points(answer)
            .into_iter()
            .filter(|(_, covered)| *covered)
            .map(|(id, _)| id)
            .collect()
    };
    let (old_points, new_points) = (covered(old), covered(new));
    AnswerDiff {
        version: DIFF_VERSION,
        score: ScoreChange {
            old: old.score,
            new: new.score,
        },
        fixed,
        new: added,
        still,
        parts_gained: difference(&new_parts, &old_parts),
        parts_lost: difference(&old_parts, &new_parts),
        points_gained: new_points.iter().filter(|p| !old_points.contains(p)).cloned().collect(),
        points_lost: old_points.iter().filter(|p| !new_points.contains(p)).cloned().collect(),
    }
}

//! Progress: the history summed up per question (attempts, best, latest, the trend of scores) and
//! per category (the average share of points on each question's latest attempt, so that a
//! category you have since fixed stops dragging the average down).

use super::history::Attempt;
use serde::Serialize;
use std::collections::BTreeMap;

/// The JSON shape's version; bumped on any incompatible change.
pub const PROGRESS_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Progress {
    pub version: u32,
    pub questions: Vec<QuestionProgress>,
    pub categories: Vec<CategoryAverage>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QuestionProgress {
    pub id: String,
    pub attempts: usize,
    pub best: u32,
    pub latest: u32,
    /// Every score, oldest first.
    pub scores: Vec<u32>,
    /// When the latest attempt was scored (RFC 3339).
    #[serde(skip)]
    pub last_date: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CategoryAverage {
    pub id: String,
    /// 0-1, rounded to two places.
    pub average: f64,
}

/// Sums up `attempts` (in any order; they are sorted by date, and lines with the same date keep
/// their order in the file). Questions come in order of their latest attempt, most recent last,
/// as a log reads.
pub fn summarise(attempts: &[Attempt]) -> Progress {
    let mut ordered: Vec<&Attempt> = attempts.iter().collect();
    ordered.sort_by(|a, b| a.date.cmp(&b.date));
    let mut by_question: BTreeMap<&str, Vec<&Attempt>> = BTreeMap::new();
    for attempt in &ordered {
        by_question
            .entry(attempt.question_id.as_str())
            .or_default()
            .push(attempt);
    }
    let mut questions: Vec<QuestionProgress> = by_question
        .iter()
        .map(|(id, attempts)| {
            let scores: Vec<u32> = attempts.iter().map(|a| a.score).collect();
            QuestionProgress {
                id: id.to_string(),
                attempts: scores.len(),
                best: scores.iter().copied().max().unwrap_or(0),
                latest: scores.last().copied().unwrap_or(0),
                last_date: attempts.last().map(|a| a.date.clone()).unwrap_or_default(),
                scores,
            }
        })
        .collect();
    questions.sort_by(|a, b| a.last_date.cmp(&b.last_date).then_with(|| a.id.cmp(&b.id)));
    let mut sums: BTreeMap<&str, (f64, usize)> = BTreeMap::new();
    for latest in by_question.values().filter_map(|attempts| attempts.last()) {
        for (category, share) in &latest.categories {
            let entry = sums.entry(category.as_str()).or_default();
            entry.0 += share;
            entry.1 += 1;
        }
    }
    let categories = sums
        .into_iter()
        .map(|(id, (sum, count))| CategoryAverage {
            id: id.to_string(),
            average: (sum / count as f64 * 100.0).round() / 100.0,
        })
        .collect();
    Progress {
        version: PROGRESS_VERSION,
        questions,
        categories,
    }
}

/// Scores as a row of bars on the 0-100 scale (`▁` below 13, `█` from 88), the same scale for every
/// question so that rows compare.
pub fn sparkline(scores: &[u32]) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    scores
        .iter()
        .map(|&score| BARS[(score.min(100) as usize * BARS.len() / 100).min(BARS.len() - 1)])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::practice::history::HISTORY_VERSION;

    fn attempt(question: &str, date: &str, score: u32, structure: f64) -> Attempt {
        Attempt {
            version: HISTORY_VERSION,
            date: date.into(),
            question_id: question.into(),
            question: None,
            path: None,
            score,
            grade: None,
            categories: BTreeMap::from([("structure".to_string(), structure)]),
        }
    }

    #[test]
    fn questions_are_summed_up_in_date_order() {
        let attempts = [
            attempt("slow-api", "2026-12-02T09:00:00Z", 81, 1.0),
            attempt("jwt", "2026-12-01T12:00:00Z", 55, 0.5),
            attempt("slow-api", "2026-12-01T10:00:00Z", 40, 0.25),
        ];
        let progress = summarise(&attempts);
        let ids: Vec<&str> = progress.questions.iter().map(|q| q.id.as_str()).collect();
        assert_eq!(ids, ["jwt", "slow-api"]);
        let slow = &progress.questions[1];
        assert_eq!((slow.attempts, slow.best, slow.latest), (2, 81, 81));
        assert_eq!(slow.scores, [40, 81]);
        // Latest attempts only: slow-api's 1.0 and jwt's 0.5.
        assert_eq!(
            progress.categories,
            [CategoryAverage {
                id: "structure".into(),
                average: 0.75
            }]
        );
    }

    #[test]
    fn sparkline_uses_one_scale() {
        assert_eq!(sparkline(&[0, 12, 13, 50, 87, 88, 100]), "▁▁▂▅▇██");
        assert_eq!(sparkline(&[]), "");
    }
}

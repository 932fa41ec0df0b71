//! Talking-point coverage: which of the matched bank question's points the answer covers, and
//! the first sentence that covers each. A point is covered when one of its cues (its
//! `coverage/…` rule's patterns) matches a sentence, or a section heading.

use crate::document::Answer;
use crate::rules::RuleSet;

/// The talking points of one question, as one answer covers them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coverage {
    /// Index into `RuleSet::questions`.
    pub question: usize,
    pub points: Vec<PointCoverage>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PointCoverage {
    /// Index into the question's points.
    pub point: usize,
    /// The `coverage/…` rule of the point.
    pub rule: usize,
    /// The first sentence a cue matched, if any did.
    pub sentence: Option<usize>,
}

impl Coverage {
    /// Measures the points of question `question` in `answer`. A point whose rule a config
    /// disabled is left out: it neither counts nor costs.
    pub fn measure(question: usize, answer: &Answer, rules: &RuleSet) -> Coverage {
        let points = rules.questions[question]
            .points
            .iter()
            .enumerate()
            .filter(|(_, point)| !rules.rules[point.rule].disabled)
            .map(|(index, point)| {
                let said = (0..answer.sentences.len())
                    .find(|&i| rules.matchers.cue_matches(point.rule, answer.sentence_text(i)));
                // A section heading that names the point ("## Testing and deployment") covers it
                // with the section's first sentence.
                let headed = answer
                    .section_labels
                    .iter()
                    .filter(|(_, heading)| rules.matchers.cue_matches(point.rule, heading))
                    .map(|(sentence, _)| *sentence)
                    .min();
                PointCoverage {
                    point: index,
                    rule: point.rule,
                    sentence: said.into_iter().chain(headed).min(),
                }
            })
            .collect();
        Coverage { question, points }
    }

    pub fn covered(&self) -> usize {
        self.points.iter().filter(|p| p.sentence.is_some()).count()
    }

    /// The rules of the points no sentence covers.
    pub fn missing(&self) -> impl Iterator<Item = usize> + '_ {
        self.points.iter().filter(|p| p.sentence.is_none()).map(|p| p.rule)
    }
}

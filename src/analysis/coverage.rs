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

/// Whether `heading` names the point `id` by one of its words ("## Outcome" for `outcome`, "## Our
/// challenges" for `challenges`): words of five letters or more, compared by their first five letters
/// so that plurals and "-ing" forms agree. Short words ("your", "the", "part") name nothing alone.
fn heading_names_point(heading: &str, id: &str) -> bool {
    const SIGNIFICANT: usize = 5;
    let prefix = |word: &str| -> Option<String> {
        (word.chars().count() >= SIGNIFICANT).then(|| word.chars().take(SIGNIFICANT).collect::<String>())
    };
    let named: Vec<String> = id.split('-').filter_map(prefix).collect();
    heading
        .split(|c: char| !c.is_alphanumeric())
        .filter_map(|word| prefix(&word.to_lowercase()))
        .any(|word| named.contains(&word))
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
                // A section heading that names the point ("## Testing and deployment", "## Outcome")
                // covers it with the section's first sentence: by a cue, or by a word of its id.
                let headed = answer
                    .section_labels
                    .iter()
                    .filter(|(_, heading)| {
                        rules.matchers.cue_matches(point.rule, heading) || heading_names_point(heading, &point.id)
                    })
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

#[cfg(test)]
mod tests {
    use super::heading_names_point;

    #[test]
    fn a_heading_names_a_point_by_a_word_of_its_id() {
        assert!(heading_names_point("Outcome", "outcome"));
        assert!(heading_names_point("Outcomes and numbers", "outcome"));
        assert!(heading_names_point("Testing", "testing-deployment"));
        assert!(heading_names_point("What went wrong", "what-went-wrong"));
        assert!(!heading_names_point("My part", "your-part"));
        assert!(!heading_names_point("Results", "outcome"));
    }
}

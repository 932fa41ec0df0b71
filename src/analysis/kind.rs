//! Which kind of question an answer responds to, from the `kind` rules' cues in the question.

use crate::rules::schema::QuestionKind;
use crate::rules::{RuleDetail, RuleSet};

/// Where an answer's kind came from, so the report can say whether it was guessed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KindSource {
    /// `--kind` on the command line or `kind` in front matter.
    Given,
    /// Inferred from the question's wording.
    Inferred,
    /// The kind of the bank question the question matched (or `--question-id` chose).
    Matched,
    /// No question: the STAR coaching applies.
    Default,
    /// A question none of whose words names a kind: the STAR coaching applies, and the report
    /// says how to give the kind, since the guess may well be wrong.
    Unrecognised,
}

/// Infers the kind of `question` from the rule set's `kind` rules: the kind with the highest total
/// weight wins, ties going to the rule listed first.
pub fn infer(question: Option<&str>, rules: &RuleSet) -> (QuestionKind, KindSource) {
    let Some(question) = question.filter(|q| !q.trim().is_empty()) else {
        return (QuestionKind::Behavioral, KindSource::Default);
    };
    let question = fold_quotes(question);
    let mut totals: Vec<(QuestionKind, f64, usize)> = Vec::new();
    for rule_index in rules.matchers.kind_matches(&question) {
        let rule = &rules.rules[rule_index];
        if let RuleDetail::Kind { kind, weight } = rule.detail
            && !rule.disabled
        {
            match totals.iter_mut().find(|(k, _, _)| *k == kind) {
                Some(entry) => entry.1 += weight,
                None => totals.push((kind, weight, rule_index)),
            }
        }
    }
    totals
        .into_iter()
        .max_by(|a, b| a.1.total_cmp(&b.1).then(b.2.cmp(&a.2)))
        .map_or((QuestionKind::Behavioral, KindSource::Unrecognised), |(kind, _, _)| {
            (kind, KindSource::Inferred)
        })
}

/// Questions come from headings and front matter, outside the Markdown pass that folds quotes.
fn fold_quotes(text: &str) -> String {
    text.replace(['\u{2018}', '\u{2019}'], "'")
        .replace(['\u{201C}', '\u{201D}'], "\"")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::RuleSet;

    #[test]
    fn infers_each_kind_from_typical_questions() {
        let rules = RuleSet::defaults().unwrap();
        let cases = [
            (
                "Tell me about a time you disagreed with your lead.",
                QuestionKind::Behavioral,
            ),
            (
                "What would you do if the database went down during a release?",
                QuestionKind::Situational,
            ),
            (
                "What’s the difference between REST and GraphQL?",
                QuestionKind::Technical,
            ),
            ("How would you design a URL shortener?", QuestionKind::Technical),
            ("Tell me about yourself", QuestionKind::Intro),
            (
                "Walk me through a backend project you’re proud of.",
                QuestionKind::Project,
            ),
            (
                "How would you decide whether to add a cache in front of a slow read endpoint?",
                QuestionKind::Technical,
            ),
            (
                "How do you know when to split a service out of the monolith?",
                QuestionKind::Technical,
            ),
        ];
        for (question, expected) in cases {
            assert_eq!(infer(Some(question), &rules).0, expected, "{question}");
        }
        assert_eq!(infer(None, &rules), (QuestionKind::Behavioral, KindSource::Default));
        assert_eq!(
            infer(Some("Hello?"), &rules),
            (QuestionKind::Behavioral, KindSource::Unrecognised)
        );
    }
}

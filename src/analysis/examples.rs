//! Runs the examples every rule carries (`examples.flag` must fire, `examples.pass` must not), so a
//! rule pack tests itself: `cargo test` runs the built-in ones, `star-check rules test` a user's.

use super::{analyze_document, kind};
use crate::document::Document;
use crate::rules::{RuleDetail, RuleSet};

/// An example that did not behave as its rule says it should.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleFailure {
    pub rule: String,
    pub origin: String,
    /// `true` for a `flag` example that did not fire, `false` for a `pass` example that did.
    pub expected_to_fire: bool,
    pub text: String,
}

/// Checks the examples of every rule for which `select` returns true.
pub fn check_examples(rules: &RuleSet, select: &dyn Fn(&str) -> bool) -> (usize, Vec<ExampleFailure>) {
    let mut checked = 0;
    let mut failures = Vec::new();
    for (index, rule) in rules.rules.iter().enumerate() {
        if !select(&rule.origin) {
            continue;
        }
        let cases = rule
            .examples
            .flag
            .iter()
            .map(|t| (t, true))
            .chain(rule.examples.pass.iter().map(|t| (t, false)));
        for (text, expected_to_fire) in cases {
            checked += 1;
            if fires(rules, index, text) != expected_to_fire {
                failures.push(ExampleFailure {
                    rule: rule.id.clone(),
                    origin: rule.origin.clone(),
                    expected_to_fire,
                    text: text.clone(),
                });
            }
        }
    }
    (checked, failures)
}

/// Whether rule `index` fires on `text`, taken as the rule's kind of input: a sentence for cues, a
/// question for kind rules, a whole answer otherwise.
pub fn fires(rules: &RuleSet, index: usize, text: &str) -> bool {
    let rule = &rules.rules[index];
    match rule.detail {
        RuleDetail::StarCue { .. } => {
            let folded = text
                .replace(['\u{2018}', '\u{2019}'], "'")
                .replace(['\u{201C}', '\u{201D}'], "\"");
            rules.matchers.rule_matches(index, &folded)
        }
        RuleDetail::Kind { kind: expected, .. } => kind::infer(Some(text), rules).0 == expected,
        _ => {
            let is_label = |heading: &str| rules.star_labels.heading_label(heading).is_some();
            let Ok(document) = Document::parse(text, &is_label) else {
                return false;
            };
            // The whole file, suppression comments included, as a checked file goes.
            analyze_document(&document, text, Some(rule.example_kind()), rules)
                .iter()
                .any(|analysis| analysis.findings.iter().any(|f| f.rule == index))
        }
    }
}

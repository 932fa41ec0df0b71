//! Settings that adjust a compiled rule set: rules switched off or given another severity, length
//! targets and the speaking rate. A config file's `[rules]`, `[length]` and `speaking-rate-wpm` end
//! up here, applied once to the rule set compiled for that config.

use super::schema::{LengthTarget, QuestionKind, Severity};
use super::selector::RuleSelector;
use super::{RuleDetail, RuleSet};

/// Adjustments to a rule set, each already validated by whoever wrote them.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// Rules to switch off.
    pub disable: Vec<RuleSelector>,
    /// New severities; where several name one rule, the narrowest selector wins.
    pub severity: Vec<(RuleSelector, Severity)>,
    /// Replaces `[scoring] speaking-rate-wpm`.
    pub speaking_rate_wpm: Option<f64>,
    /// Replaces one bound of the range of every metric rule that declares the target.
    pub targets: Vec<(QuestionKind, LengthTarget, f64)>,
}

impl RuleSet {
    /// Applies `overrides`. Rules are switched off rather than removed, so that every index into
    /// the compiled matchers stays valid.
    pub fn apply(&mut self, overrides: &Overrides) {
        for rule in &mut self.rules {
            if overrides.disable.iter().any(|s| s.matches(&rule.id)) {
                rule.disabled = true;
            }
            let narrowest = overrides
                .severity
                .iter()
                .filter(|(selector, _)| selector.matches(&rule.id))
                .max_by_key(|(selector, _)| selector.specificity());
            if let Some((_, severity)) = narrowest {
                rule.severity = *severity;
            }
            if let RuleDetail::Metric {
                range,
                ranges,
                target: Some(declared),
                ..
            } = &mut rule.detail
            {
                for (kind, target, value) in &overrides.targets {
                    if target != declared {
                        continue;
                    }
                    let [min, max] = ranges
                        .get(kind)
                        .copied()
                        .or(*range)
                        .unwrap_or([f64::NEG_INFINITY, f64::INFINITY]);
                    let bounds = if target.is_min() { [*value, max] } else { [min, *value] };
                    ranges.insert(*kind, bounds);
                }
            }
        }
        if let Some(rate) = overrides.speaking_rate_wpm {
            self.scoring.speaking_rate_wpm = rate;
        }
    }

    /// The bound a length target currently has for `kind`, and the rule file it comes from: the
    /// first enabled rule that declares the target. `None` when no rule uses the target.
    pub fn length_target(&self, kind: QuestionKind, target: LengthTarget) -> Option<(f64, &str)> {
        self.rules
            .iter()
            .filter(|r| !r.disabled)
            .find_map(|rule| match &rule.detail {
                RuleDetail::Metric {
                    range,
                    ranges,
                    target: Some(declared),
                    ..
                } if *declared == target => {
                    let [min, max] = ranges.get(&kind).copied().or(*range)?;
                    Some((if target.is_min() { min } else { max }, rule.origin.as_str()))
                }
                _ => None,
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn disables_relevels_and_moves_length_targets() {
        let mut rules = RuleSet::defaults().unwrap();
        let before = rules
            .length_target(QuestionKind::Behavioral, LengthTarget::MinWords)
            .unwrap();
        assert_eq!(before, (90.0, "rules/metrics.toml"));
        rules.apply(&Overrides {
            disable: vec![RuleSelector::parse("red-flag/*").unwrap()],
            severity: vec![
                (RuleSelector::parse("wording/*").unwrap(), Severity::Error),
                (RuleSelector::parse("wording/hedge").unwrap(), Severity::Warning),
            ],
            speaking_rate_wpm: Some(150.0),
            targets: vec![(QuestionKind::Behavioral, LengthTarget::MinWords, 120.0)],
        });
        assert!(rules.rule("red-flag/no-tests").unwrap().disabled);
        assert!(!rules.rule("wording/hedge").unwrap().disabled);
        assert_eq!(rules.rule("wording/hedge").unwrap().severity, Severity::Warning);
        assert_eq!(rules.rule("wording/filler").unwrap().severity, Severity::Error);
        assert_eq!(rules.scoring.speaking_rate_wpm, 150.0);
        assert_eq!(
            rules.length_target(QuestionKind::Behavioral, LengthTarget::MinWords),
            Some((120.0, "rules/metrics.toml"))
        );
        // Other kinds, and rules without the target (the far-too-short floor), keep their ranges.
        assert_eq!(
            rules.length_target(QuestionKind::Intro, LengthTarget::MinWords),
            Some((45.0, "rules/metrics.toml"))
        );
        let RuleDetail::Metric { ranges, .. } = &rules.rule("length/far-too-short").unwrap().detail else {
            panic!("a metric rule")
        };
        assert_eq!(ranges[&QuestionKind::Behavioral], [25.0, f64::INFINITY]);
    }
}

//! `star-check explain RULE_ID`: everything a candidate or a rule author wants to know about one
//! rule, from the rule's own TOML (as `ruff rule` does from a rule's docs).

use super::ExitStatus;
use super::rules::{LoadedRules, RuleSelection, load, report_load_errors};
use crate::rules::schema::{MetricKind, QuestionKind, StarCheck, SuppressionCheck};
use crate::rules::{Rule, RuleDetail};
use std::fmt::Write as _;

/// Text is wrapped to this many columns: readable in any terminal, and the same everywhere.
const WIDTH: usize = 100;

#[derive(Debug, clap::Args)]
pub struct ExplainArgs {
    /// The rule's id, as in a report: `red-flag/no-tests`.
    #[arg(value_name = "RULE_ID")]
    pub rule: String,

    #[command(flatten)]
    pub selection: RuleSelection,
}

/// Prints the rule's explanation; an unknown id is an error (exit 2) that names the closest ids.
pub fn run(
    args: &ExplainArgs,
    out: &mut dyn std::io::Write,
    err: &mut dyn std::io::Write,
) -> std::io::Result<ExitStatus> {
    let loaded = match load(&args.selection, &[]) {
        Ok(loaded) => loaded,
        Err(errors) => return report_load_errors(&errors, err),
    };
    let id = args.rule.trim();
    let Some(rule) = loaded.set.rule(id) else {
        let ids: Vec<&str> = loaded.set.rules.iter().map(|r| r.id.as_str()).collect();
        let hint = match closest(id, &ids).as_slice() {
            [] => "`star-check rules` lists every rule".to_string(),
            close => format!(
                "did you mean {}?",
                close.iter().map(|id| format!("`{id}`")).collect::<Vec<_>>().join(", ")
            ),
        };
        super::print_error(err, format_args!("unknown rule `{id}`; {hint}"))?;
        return Ok(ExitStatus::Error);
    };
    out.write_all(explanation(rule, &loaded).as_bytes())?;
    Ok(ExitStatus::Success)
}

/// The explanation of one rule, as printed.
pub fn explanation(rule: &Rule, loaded: &LoadedRules) -> String {
    let mut text = String::new();
    let kinds = match &rule.kinds {
        None => "every kind".to_string(),
        Some(kinds) => kinds.iter().map(|k| k.id()).collect::<Vec<_>>().join(", "),
    };
    let severity = if rule.rule_type.reports() {
        rule.severity.name()
    } else {
        "no findings"
    };
    let _ = writeln!(text, "{}", rule.id);
    let _ = writeln!(
        text,
        "  {severity} · {} · {} rule · scope: {} · kinds: {kinds}",
        rule.category.id(),
        rule.rule_type.name(),
        rule.scope.name()
    );
    let origin = match loaded.definition_line(rule) {
        Some(line) => format!("{}:{line}", rule.origin),
        None => rule.origin.clone(),
    };
    let _ = writeln!(text, "  defined in {origin}");
    if !rule.supersedes.is_empty() {
        let outranked: Vec<&str> = rule
            .supersedes
            .iter()
            .map(|&i| loaded.set.rules[i].id.as_str())
            .collect();
        let line = format!(
            "supersedes {}: reported instead of it when both fire",
            outranked.join(", ")
        );
        text.push_str(&wrap(&line, "  ", "  "));
    }
    if let Some(detail) = detail(rule) {
        text.push_str(&wrap(&detail, "  ", "  "));
    }
    section(&mut text, "What it checks", &rule.message);
    if let Some(unnamed) = &rule.unnamed_message {
        let title = format!(
            "When no sentence is likely enough to name (all under {}: [star] name-sentence-floor)",
            loaded.set.star.name_sentence_floor
        );
        section(&mut text, &title, unnamed);
    }
    if let Some(role) = role(rule) {
        section(&mut text, "What it is for", &role);
    }
    section(&mut text, "Why it matters", &rule.source);
    section(&mut text, "What to do instead", &rule.advice);
    match rule.suggestion.as_deref() {
        Some("") => section(&mut text, "Suggestion", "remove the matched words"),
        Some(suggestion) => section(
            &mut text,
            "Suggestion",
            &format!("replace the matched words with \"{suggestion}\""),
        ),
        None => {}
    }
    examples(&mut text, "Fires on", &rule.examples.flag);
    examples(&mut text, "Does not fire on", &rule.examples.pass);
    text
}

fn section(text: &mut String, title: &str, body: &str) {
    let _ = writeln!(text, "\n{title}");
    text.push_str(&wrap(body, "  ", "  "));
}

fn examples(text: &mut String, title: &str, examples: &[String]) {
    // Talking points have cues, not examples.
    if examples.is_empty() {
        return;
    }
    let _ = writeln!(text, "\n{title}");
    for example in examples {
        text.push_str(&wrap(example, "  - ", "    "));
    }
}

/// The type-specific settings that decide when a rule fires, in a line.
fn detail(rule: &Rule) -> Option<String> {
    let range = |r: &[f64; 2]| match (r[0], r[1]) {
        (min, max) if max.is_infinite() => format!("at least {min}"),
        (min, max) if min <= 0.0 => format!("at most {max}"),
        (min, max) => format!("{min} to {max}"),
    };
    match &rule.detail {
        RuleDetail::Phrase => None,
        RuleDetail::Coverage { .. } => Some(
            "a talking point of a bank question (rules/questions.toml): fires when the answer's question matched it and no sentence matches one of the point's cues".into(),
        ),
        RuleDetail::StarCue {
            part,
            weight,
            second_label,
        } => Some(if *second_label {
            format!(
                "cue for {} (weight {weight}); its match makes {} a second label",
                part.id(),
                part.id()
            )
        } else {
            format!("cue for {} (weight {weight})", part.id())
        }),
        RuleDetail::Kind { kind, weight } => Some(format!("points to a {} question (weight {weight})", kind.id())),
        RuleDetail::Star { check, part, share } => Some(match (check, part) {
            (StarCheck::Missing, Some(part)) => format!("fires when no sentence is read as {}", part.id()),
            (StarCheck::Unclear, Some(part)) => format!(
                "fires when the model is sure neither that the answer tells {} nor that it does not",
                part.id()
            ),
            (StarCheck::MaxShare, Some(part)) => {
                format!("fires when {} is over {}% of the words", part.id(), share * 100.0)
            }
            (StarCheck::MinShare, Some(part)) => {
                format!("fires when {} is under {}% of the words", part.id(), share * 100.0)
            }
            _ => "fires when a part comes back after a later one".to_string(),
        }),
        RuleDetail::Evidence { min_count, code_counts } => Some(format!(
            "fires when fewer than {min_count} match in scope{}",
            if *code_counts { ", and the answer has no code block" } else { "" }
        )),
        RuleDetail::Suppression { check } => Some(
            match check {
                SuppressionCheck::Unused => "fires at a suppression comment that hid no finding",
                SuppressionCheck::Invalid => "fires at a suppression comment that names no known directive or rule",
            }
            .to_string(),
        ),
        RuleDetail::Answer { check } => Some(if check.is_non_answer() {
            "fires when the text is not an answer; it is then the answer's only finding, and its cap is the share of every category's points the answer keeps (see [answer-evidence])".to_string()
        } else {
            "fires when the answer has sentences on topic but none of the kind this check asks for (see [answer-evidence])".to_string()
        }),
        RuleDetail::Metric {
            metric,
            range: default,
            ranges,
            target,
            ..
        } => {
            let name = match metric {
                MetricKind::Ratio => "ratio",
                MetricKind::SentenceShare => "share of sentences",
                MetricKind::Count => "count",
                MetricKind::Words => "words",
                MetricKind::SpeakingSeconds => "speaking seconds",
                MetricKind::DetailShare => "share of concrete details",
                MetricKind::LongestSentence => "words in the longest sentence",
            };
            let mut allowed: Vec<String> = default.iter().map(range).collect();
            allowed.extend(
                QuestionKind::ALL
                    .iter()
                    .filter_map(|k| ranges.get(k).map(|r| format!("{} {}", k.id(), range(r)))),
            );
            let config = target.map_or(String::new(), |t| {
                format!(" (a config's [length.KIND] {} replaces the bound)", t.id())
            });
            Some(format!("{name} allowed: {}{config}", allowed.join("; ")))
        }
    }
}

/// For rules that never report, what they do instead.
fn role(rule: &Rule) -> Option<String> {
    match &rule.detail {
        RuleDetail::StarCue { part, .. } => Some(format!(
            "This rule reports nothing itself: it is a cue the STAR decoder weighs when it reads a sentence as {}. Its examples are single sentences.",
            part.id()
        )),
        RuleDetail::Kind { kind, .. } => Some(format!(
            "This rule reports nothing itself: it helps infer from the question that an answer is {}. Its examples are questions.",
            kind.id()
        )),
        _ => None,
    }
}

/// Wraps each line of `body` at word boundaries to [`WIDTH`] columns, the first line of each
/// paragraph after `first`, the rest after `rest`.
fn wrap(body: &str, first: &str, rest: &str) -> String {
    let mut text = String::new();
    let mut prefix = first;
    for paragraph in body.trim().lines() {
        let mut line = String::from(prefix);
        let mut empty = true;
        for word in paragraph.split_whitespace() {
            if !empty && line.chars().count() + 1 + word.chars().count() > WIDTH {
                text.push_str(&line);
                text.push('\n');
                line = String::from(rest);
                empty = true;
            }
            if !empty {
                line.push(' ');
            }
            line.push_str(word);
            empty = false;
        }
        text.push_str(line.trim_end());
        text.push('\n');
        prefix = rest;
    }
    text
}

/// Up to three ids close to `query`: those that contain it (a prefix, a namespace, the part after
/// the `/`) if any, else those within a small edit distance, nearest first.
fn closest<'a>(query: &str, ids: &[&'a str]) -> Vec<&'a str> {
    if query.is_empty() {
        return Vec::new();
    }
    let mut containing: Vec<&str> = ids.iter().copied().filter(|id| id.contains(query)).collect();
    if !containing.is_empty() {
        containing.sort();
        containing.truncate(3);
        return containing;
    }
    let limit = (query.chars().count() / 4).max(2);
    let mut near: Vec<(usize, &str)> = ids
        .iter()
        .map(|&id| (edit_distance(query, id), id))
        .filter(|&(distance, _)| distance <= limit)
        .collect();
    near.sort();
    near.into_iter().take(3).map(|(_, id)| id).collect()
}

/// Levenshtein distance, by characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_counts_single_character_edits() {
        assert_eq!(edit_distance("no-test", "no-tests"), 1);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
    }

    #[test]
    fn closest_prefers_containing_ids_then_near_misses() {
        let ids = [
            "red-flag/no-tests",
            "red-flag/no-git",
            "wording/hedge",
            "wording/filler",
        ];
        assert_eq!(closest("red-flag/no-test", &ids), ["red-flag/no-tests"]);
        assert_eq!(closest("red-flag/no-gti", &ids), ["red-flag/no-git"]);
        assert_eq!(closest("no-tests", &ids), ["red-flag/no-tests"]);
        assert_eq!(closest("wording/", &ids), ["wording/filler", "wording/hedge"]);
        assert!(closest("completely-else", &ids).is_empty());
    }

    #[test]
    fn wrap_breaks_at_words_and_indents_continuations() {
        let long = "word ".repeat(30);
        let wrapped = wrap(&long, "  - ", "    ");
        let lines: Vec<&str> = wrapped.lines().collect();
        assert_eq!(lines.len(), 2);
        assert!(lines[0].starts_with("  - word") && lines[0].len() <= WIDTH);
        assert!(lines[1].starts_with("    word"));
    }
}

//! Hovers, in Markdown: on an answer's first line its score card; on a finding the rule's advice
//! and the guide passage it encodes; on a sentence its STAR part and what made the model read it so.

use super::checked::Checked;
use crate::analysis;
use crate::analysis::star::labels::Explicit;
use crate::document::Document;
use crate::report::checklist::opening;
use crate::report::{AnswerReport, DiagnosticReport, SentenceReport};
use crate::rules::schema::Part;
use crate::rules::{RuleDetail, RuleSet};
use std::fmt::Write;

/// The hover text at byte `offset`, sections separated by rules, or `None` when nothing is there.
pub fn hover(checked: &Checked, offset: usize) -> Option<String> {
    let (index, answer) = checked.answer_at(offset)?;
    let mut sections = Vec::new();
    if checked.lines.line_of(offset) + 1 == answer.line {
        sections.push(answer_card(answer));
    }
    let rules = &checked.profile.rules;
    for finding in answer.diagnostics.iter().filter(|d| covers(&d.span, offset)) {
        sections.push(finding_card(finding, rules));
    }
    if answer.star.is_some()
        && let Some(sentence) = answer.sentences.iter().find(|s| covers(&s.span, offset))
    {
        sections.push(sentence_card(checked, index, sentence));
    }
    (!sections.is_empty()).then(|| sections.join("\n\n---\n\n"))
}

/// Whether a span holds `offset`, its end included so that a hover just after a word still finds it.
fn covers(span: &std::ops::Range<usize>, offset: usize) -> bool {
    span.start <= offset && offset <= span.end
}

/// The answer's score card: score, grade, pass or fail, each category's points and the STAR parts.
/// One function, so the question bank's talking-point checklist can join it here.
pub fn answer_card(answer: &AnswerReport) -> String {
    let mut out = String::new();
    let verdict = if answer.passed { "passes" } else { "fails" };
    let _ = writeln!(
        out,
        "**star-check: {}/100 {}** ({verdict}) · {} answer · {} words · about {} s to say",
        answer.score,
        answer.grade.name(),
        answer.kind.id(),
        answer.words,
        answer.speaking_seconds
    );
    if let Some(question) = &answer.question {
        let _ = writeln!(out, "\n*{}*", question.trim());
    }
    let _ = writeln!(out, "\n| category | points |\n|---|---|");
    for category in &answer.categories {
        let _ = writeln!(
            out,
            "| {} | {}/{} |",
            category.category.id(),
            category.score,
            category.max
        );
    }
    if let Some(star) = &answer.star {
        let _ = writeln!(out, "\n**STAR**");
        for (part, report) in star.parts() {
            let sentences: Vec<String> = report.sentences.iter().map(|i| (i + 1).to_string()).collect();
            let told = if report.present {
                format!("sentence {}", sentences.join(", "))
            } else {
                "missing".to_string()
            };
            let _ = writeln!(out, "- {}: {told} (confidence {:.2})", part.title(), report.confidence);
        }
    }
    // The matched question's talking points, as the human report's checklist shows them.
    if let (Some(coverage), Some(id)) = (&answer.coverage, &answer.question_id) {
        let _ = writeln!(
            out,
            "\n**Talking points of `{id}`: {} of {} covered**",
            coverage.covered, coverage.total
        );
        for point in &coverage.points {
            match point.sentence.and_then(|i| answer.sentences.get(i)) {
                Some(sentence) => {
                    let _ = writeln!(out, "- ✔ {}: \"{}\"", point.id, opening(&sentence.text));
                }
                None => {
                    let _ = writeln!(out, "- ✘ {}: {}", point.id, point.advice);
                }
            }
        }
    }
    if let Some(rule) = &answer.capped_by {
        let _ = writeln!(out, "\nCapped by `{rule}`.");
    }
    out.trim_end().to_string()
}

/// A finding: what it says, what to do, the suggested replacement, and the guide passage.
fn finding_card(finding: &DiagnosticReport, rules: &RuleSet) -> String {
    let mut out = format!(
        "**{}** · {} · {}\n\n{}",
        finding.rule,
        finding.severity.name(),
        finding.category.id(),
        finding.message
    );
    if let Some(advice) = &finding.advice {
        let _ = write!(out, "\n\n**What to do:** {advice}");
    }
    match finding.suggestion.as_deref() {
        Some("") => out.push_str("\n\n**Suggestion:** remove it"),
        Some(suggestion) => {
            let _ = write!(out, "\n\n**Suggestion:** \"{suggestion}\"");
        }
        None => {}
    }
    if let Some(rule) = rules.rule(&finding.rule) {
        let _ = write!(
            out,
            "\n\n**From the guide** (NEWCV, \"Backend developer interview questions\"):\n\n> {}",
            rule.source.trim()
        );
    }
    out
}

/// A sentence's STAR part and why: the label the candidate wrote, the cue rules that matched it,
/// and the model's probability of each part for it.
fn sentence_card(checked: &Checked, answer_index: usize, sentence: &SentenceReport) -> String {
    let parts: Vec<&str> = sentence
        .labels
        .iter()
        .filter_map(|letter| Part::ALL.into_iter().find(|p| p.letter() == *letter))
        .map(Part::title)
        .collect();
    let mut out = match parts.as_slice() {
        [] => format!("**Sentence {}: no STAR part**", sentence.index + 1),
        [one] => format!("**Sentence {}: {one}**", sentence.index + 1),
        [first, rest @ ..] => format!(
            "**Sentence {}: {first}**, and it also tells the {}",
            sentence.index + 1,
            rest.join(", ")
        ),
    };
    let Some(evidence) = sentence_evidence(checked, answer_index, sentence.index) else {
        return out;
    };
    let mut why = Vec::new();
    match evidence.explicit {
        Some(Explicit::Own(part)) => why.push(format!("you labelled it {}", part.title())),
        Some(Explicit::Carried(part)) => {
            why.push(format!("it follows your {} label in the same paragraph", part.title()))
        }
        None => {}
    }
    // Cues grouped by the part they point to: a Task sentence often has an Action cue too, and the
    // model weighs them with everything else.
    let rules = &checked.profile.rules;
    for part in Part::ALL {
        let cues: Vec<String> = evidence
            .cues
            .iter()
            .filter(|&&rule| matches!(rules.rules[rule].detail, RuleDetail::StarCue { part: p, .. } if p == part))
            .map(|&rule| format!("`{}`", rules.rules[rule].id))
            .collect();
        if !cues.is_empty() {
            why.push(format!("{} wording ({})", part.title(), cues.join(", ")));
        }
    }
    if !why.is_empty() {
        let _ = write!(out, "\n\nWhy: {}.", why.join("; "));
    }
    let odds: Vec<String> = Part::ALL
        .iter()
        .map(|p| format!("{} {:.0}%", p.letter(), evidence.part_probability[p.index()] * 100.0))
        .collect();
    let _ = write!(
        out,
        "\n\nThe model's reading of this sentence, with its place, words and tense: {}.",
        odds.join(" · ")
    );
    out
}

/// The model's evidence for one sentence, from the buffer the report came from.
fn sentence_evidence(
    checked: &Checked,
    answer_index: usize,
    sentence: usize,
) -> Option<analysis::star::SentenceEvidence> {
    let rules = &checked.profile.rules;
    let is_label = |heading: &str| rules.star_labels.heading_label(heading).is_some();
    let document = Document::parse(&checked.text, &is_label).ok()?;
    let answer = document.answers.get(answer_index)?;
    let hits = analysis::scan(answer, rules);
    analysis::star::evidence(answer, &hits, rules).into_iter().nth(sentence)
}

//! Quick fixes for the findings under the cursor: apply the rule's replacement, insert a prompt for
//! a missing STAR part where the part belongs, or switch the rule off with a suppression comment
//! (see `analysis::suppress` for the syntax) for the next line or the whole file.

use super::checked::Checked;
use super::diagnostics::finding_diagnostic;
use super::positions::{Encoding, Positions};
use crate::report::{AnswerReport, DiagnosticReport};
use crate::rules::RuleDetail;
use crate::rules::schema::{Part, StarCheck};
use lsp_types::{CodeAction, CodeActionKind, CodeActionOrCommand, TextEdit, Uri, WorkspaceEdit};
use std::collections::HashMap;
use std::ops::Range;

/// The fixes for findings whose span meets the byte range `wanted`.
pub fn code_actions(
    checked: &Checked,
    encoding: Encoding,
    uri: &Uri,
    wanted: Range<usize>,
) -> Vec<CodeActionOrCommand> {
    let positions = Positions::new(&checked.text, &checked.lines, encoding);
    let mut actions = Vec::new();
    for answer in checked.answers() {
        for finding in &answer.diagnostics {
            if finding.span.start > wanted.end || finding.span.end < wanted.start {
                continue;
            }
            let diagnostic = finding_diagnostic(finding, &positions);
            let mut fix = |title: String, edit: (Range<usize>, String), preferred: bool| {
                actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title,
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![diagnostic.clone()]),
                    edit: Some(WorkspaceEdit {
                        changes: Some(HashMap::from([(
                            uri.clone(),
                            vec![TextEdit {
                                range: positions.range(edit.0),
                                new_text: edit.1,
                            }],
                        )])),
                        ..WorkspaceEdit::default()
                    }),
                    is_preferred: preferred.then_some(true),
                    ..CodeAction::default()
                }));
            };
            if let Some(replacement) = replacement(&checked.text, finding) {
                let matched = &checked.text[finding.span.clone()];
                let title = match finding.suggestion.as_deref() {
                    Some("") => format!("Remove \"{matched}\""),
                    _ => format!("Replace \"{matched}\" with \"{}\"", replacement.1),
                };
                fix(title, replacement, true);
            }
            if let Some((part, prompt)) = missing_part(checked, finding) {
                let title = format!("Add a {} prompt: \"{prompt}\"", part.title());
                fix(title, prompt_edit(&checked.text, answer, part, prompt), true);
            }
            let line = checked.lines.line_of(finding.span.start);
            let line_start = positions.line_span(line).start;
            let indent: String = checked.text[line_start..]
                .chars()
                .take_while(|c| *c == ' ' || *c == '\t')
                .collect();
            fix(
                format!("Disable {} for the next line", finding.rule),
                (
                    line_start..line_start,
                    format!("{indent}<!-- star-check-disable-next-line {} -->\n", finding.rule),
                ),
                false,
            );
            fix(
                format!("Disable {} for this file", finding.rule),
                file_directive(checked, &finding.rule),
                false,
            );
        }
    }
    actions
}

/// The rule's replacement of the matched words. An empty suggestion deletes them, with one space
/// beside them, so "I basically rewrote" becomes "I rewrote" rather than "I  rewrote".
fn replacement(text: &str, finding: &DiagnosticReport) -> Option<(Range<usize>, String)> {
    let suggestion = finding.suggestion.as_ref()?;
    let span = finding.span.clone();
    text.get(span.clone())?;
    if !suggestion.is_empty() {
        return Some((span, suggestion.clone()));
    }
    let before = text[..span.start].chars().next_back();
    let after = text[span.end..].chars().next();
    let range = match (before, after) {
        (_, Some(' ')) => span.start..span.end + 1,
        (Some(' '), _) => span.start - 1..span.end,
        _ => span,
    };
    Some((range, String::new()))
}

/// The part a `star` finding says is missing, with the rule's prompt for it.
fn missing_part<'c>(checked: &'c Checked, finding: &DiagnosticReport) -> Option<(Part, &'c str)> {
    let rule = checked.profile.rules.rule(&finding.rule)?;
    match rule.detail {
        RuleDetail::Star {
            check: StarCheck::Missing,
            part: Some(part),
            ..
        } => Some((part, rule.prompt.as_deref()?)),
        _ => None,
    }
}

/// Where a missing part's prompt goes: as a paragraph of its own before the first sentence of a
/// later part, or after the answer's last sentence when no later part is told.
fn prompt_edit(text: &str, answer: &AnswerReport, part: Part, prompt: &str) -> (Range<usize>, String) {
    let later = |letters: &[&str]| {
        letters
            .first()
            .and_then(|l| Part::ALL.iter().find(|p| p.letter() == *l))
            .is_some_and(|p| *p > part)
    };
    if let Some(next) = answer.sentences.iter().find(|s| later(&s.labels)) {
        let at = next.span.start;
        let line_start = text[..at].rfind(['\n', '\r']).map_or(0, |i| i + 1);
        let starts_line = text[line_start..at].trim().is_empty();
        let new_text = if starts_line {
            format!("{prompt}\n\n")
        } else {
            format!("\n\n{prompt}\n\n")
        };
        return (at..at, new_text);
    }
    let end = answer.sentences.last().map_or(text.len(), |s| s.span.end);
    (end..end, format!("\n\n{prompt}"))
}

/// A `star-check-disable-file` comment for `rule`, on a line of its own before the first answer:
/// below any front matter, which must stay at the very top of the file.
fn file_directive(checked: &Checked, rule: &str) -> (Range<usize>, String) {
    let line = checked.answers().first().map_or(0, |a| a.line - 1);
    let at = checked.lines.line_range(&checked.text, line).start;
    (at..at, format!("<!-- star-check-disable-file {rule} -->\n"))
}

//! The report as LSP diagnostics, inlay hints and code lenses: one diagnostic a finding, and the
//! answer's score on its first line, which every client shows even without hints or lenses.

use super::checked::Checked;
use super::positions::{Encoding, Positions};
use crate::report::AnswerReport;
use crate::report::short::{FILE_ERROR_ID, SCORE_ID};
use crate::rules::schema::Severity;
use lsp_types::{
    CodeLens, Command, Diagnostic, DiagnosticSeverity, InlayHint, InlayHintLabel, NumberOrString, Position, Range,
};

/// The `source` of every diagnostic, so a client's list says where it came from.
pub const SOURCE: &str = "star-check";

/// The score line of an answer: `72/100 good · missing: Result`, the missing STAR parts (parts no
/// sentence tells) only for kinds that have them.
pub fn score_line(answer: &AnswerReport) -> String {
    let mut line = format!("{}/100 {}", answer.score, answer.grade.name());
    if let Some(star) = &answer.star {
        let missing: Vec<&str> = star.missing().into_iter().map(|p| p.title()).collect();
        if !missing.is_empty() {
            line.push_str(" · missing: ");
            line.push_str(&missing.join(", "));
        }
    }
    line
}

pub fn severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    }
}

/// The range of an answer's first line, where its score is shown.
fn first_line(positions: &Positions, answer: &AnswerReport) -> Range {
    positions.range(positions.line_span(answer.line - 1))
}

/// Every diagnostic of a checked buffer: per answer its score, then its findings in report order;
/// a buffer that could not be checked gets one error at its start saying why.
pub fn diagnostics(checked: &Checked, encoding: Encoding) -> Vec<Diagnostic> {
    let positions = Positions::new(&checked.text, &checked.lines, encoding);
    let answers = match &checked.answers {
        Ok(answers) => answers,
        // A buffer with nothing typed yet is not an error worth a red mark.
        Err(_) if checked.text.trim().is_empty() => return Vec::new(),
        Err(error) => {
            return vec![Diagnostic {
                range: Range::new(Position::new(0, 0), Position::new(0, 0)),
                severity: Some(DiagnosticSeverity::ERROR),
                code: Some(NumberOrString::String(FILE_ERROR_ID.into())),
                source: Some(SOURCE.into()),
                message: error.clone(),
                ..Diagnostic::default()
            }];
        }
    };
    let mut out = Vec::new();
    for answer in answers {
        out.push(Diagnostic {
            range: first_line(&positions, answer),
            severity: Some(DiagnosticSeverity::INFORMATION),
            code: Some(NumberOrString::String(SCORE_ID.into())),
            source: Some(SOURCE.into()),
            message: score_line(answer),
            ..Diagnostic::default()
        });
        out.extend(
            answer
                .diagnostics
                .iter()
                .map(|finding| finding_diagnostic(finding, &positions)),
        );
    }
    out
}

/// One finding as the client sees it: its span, its rule's severity, the rule id as `code`. Code
/// actions name the same diagnostic they fix.
pub fn finding_diagnostic(finding: &crate::report::DiagnosticReport, positions: &Positions) -> Diagnostic {
    Diagnostic {
        range: positions.range(finding.span.clone()),
        severity: Some(severity(finding.severity)),
        code: Some(NumberOrString::String(finding.rule.clone())),
        source: Some(SOURCE.into()),
        message: finding.message.clone(),
        ..Diagnostic::default()
    }
}

/// The score at the end of each answer's first line, for clients that show inlay hints.
pub fn inlay_hints(checked: &Checked, encoding: Encoding, visible: Range) -> Vec<InlayHint> {
    let positions = Positions::new(&checked.text, &checked.lines, encoding);
    checked
        .answers()
        .iter()
        .map(|answer| (first_line(&positions, answer).end, answer))
        .filter(|(at, _)| visible.start <= *at && *at <= visible.end)
        .map(|(position, answer)| InlayHint {
            position,
            label: InlayHintLabel::String(score_line(answer)),
            kind: None,
            text_edits: None,
            tooltip: None,
            padding_left: Some(true),
            padding_right: None,
            data: None,
        })
        .collect()
}

/// The score above each answer, for clients that show code lenses. A lens must carry a command;
/// this one has none to run (an empty command id), so clients show it as text.
pub fn code_lenses(checked: &Checked, encoding: Encoding) -> Vec<CodeLens> {
    let positions = Positions::new(&checked.text, &checked.lines, encoding);
    checked
        .answers()
        .iter()
        .map(|answer| CodeLens {
            range: first_line(&positions, answer),
            command: Some(Command {
                title: score_line(answer),
                command: String::new(),
                arguments: None,
            }),
            data: None,
        })
        .collect()
}

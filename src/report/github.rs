//! `--format github`: GitHub Actions workflow commands, which the runner turns into annotations on
//! the pull request and the run summary.

use super::short::{SCORE_ID, file_error};
use super::{DiagnosticReport, Renderer, Report};
use crate::rules::schema::Severity;
use std::io::Write;

/// Renders one workflow command a line:
///
/// ```text
/// ::notice file=PATH,line=L,col=1,title=score::72/100 good
/// ::error file=PATH,line=L,col=C,endLine=L2,endColumn=C2,title=RULE-ID::MESSAGE%0Ahelp: ADVICE
/// ::error file=PATH,line=1,col=1,title=io::MESSAGE
/// ::error file=PATH,line=1,col=1,title=config::not checked: its config CONFIG has errors: DETAIL
/// ```
///
/// `error`, `warning` and `info` findings become `::error`, `::warning` and `::notice`. The advice
/// (and a suggested rewording, if the rule has one) follows the message on lines of their own, as
/// `help:` and `suggestion:` do in the human report: the annotation box shows line breaks, so the
/// advice reads as its own paragraph under the message.
pub struct GithubRenderer;

impl Renderer for GithubRenderer {
    fn render(&self, report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
        for file in &report.files {
            let path = escape_property(&file.path);
            if let Some(error) = &file.error {
                let (id, message) = file_error(file, error);
                writeln!(
                    out,
                    "::error file={path},line=1,col=1,title={id}::{}",
                    escape_data(&message)
                )?;
            }
            for answer in &file.answers {
                writeln!(
                    out,
                    "::notice file={path},line={},col=1,title={SCORE_ID}::{}",
                    answer.line,
                    escape_data(&format!("{}/100 {}", answer.score, answer.grade.name()))
                )?;
                for diagnostic in &answer.diagnostics {
                    writeln!(
                        out,
                        "::{} file={path},line={},col={},endLine={},endColumn={},title={}::{}",
                        command(diagnostic.severity),
                        diagnostic.line,
                        diagnostic.column,
                        diagnostic.end_line,
                        diagnostic.end_column,
                        escape_property(&diagnostic.rule),
                        escape_data(&annotation_text(diagnostic))
                    )?;
                }
            }
        }
        Ok(())
    }
}

fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

/// The message, then the advice and any suggested rewording on lines of their own.
fn annotation_text(diagnostic: &DiagnosticReport) -> String {
    let mut text = diagnostic.message.clone();
    if let Some(advice) = &diagnostic.advice {
        text.push_str("\nhelp: ");
        text.push_str(advice);
    }
    match diagnostic.suggestion.as_deref() {
        Some("") => text.push_str("\nsuggestion: remove it"),
        Some(suggestion) => {
            text.push_str("\nsuggestion: ");
            text.push_str(suggestion);
        }
        None => {}
    }
    text
}

/// Escapes a command's message as the runner unescapes it: `%` first, so that the escapes it writes
/// are not escaped again, then the line breaks that would end the command.
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a property value (`file=`, `title=`): as [`escape_data`], plus `:` and `,`, which would
/// otherwise end the property list or the property.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_escape_percent_and_line_breaks_only() {
        assert_eq!(
            escape_data("100% sure: a, b\r\nnext\nlast"),
            "100%25 sure: a, b%0D%0Anext%0Alast"
        );
        // An escape already in the text stays literal text once the runner unescapes it.
        assert_eq!(escape_data("%0A"), "%250A");
    }

    #[test]
    fn properties_also_escape_colon_and_comma() {
        assert_eq!(
            escape_property("answers/q1: 50%, take\n2.md"),
            "answers/q1%3A 50%25%2C take%0A2.md"
        );
        assert_eq!(escape_property("red-flag/no-tests"), "red-flag/no-tests");
    }
}

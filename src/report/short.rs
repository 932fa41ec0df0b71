//! `--format short`: one line a finding, `path:line:col: severity[rule-id] message`, and one line an
//! answer with its score, so that Vim's `errorformat`, Emacs' compilation mode and VS Code problem
//! matchers read the output as it is.

use super::{Renderer, Report};
use std::io::Write;

/// The pseudo rule id of a file that could not be read or parsed.
pub const FILE_ERROR_ID: &str = "io";
/// The pseudo rule id of a file left unchecked because its config (or the rules) has errors.
pub const CONFIG_ERROR_ID: &str = "config";
/// The pseudo rule id of an answer's score line.
pub const SCORE_ID: &str = "score";

/// The pseudo rule id and message of a file that could not be checked: `config` with the config's
/// first error after the reason, or `io`.
pub fn file_error(file: &super::FileReport, error: &str) -> (&'static str, String) {
    match &file.config_error {
        Some(detail) => (CONFIG_ERROR_ID, format!("{error}: {detail}")),
        None => (FILE_ERROR_ID, error.to_string()),
    }
}

/// Renders one line per finding. Lines are the contract README documents:
///
/// ```text
/// path:line:col: info[score] 72/100 good, pass
/// path:line:col: severity[rule-id] message
/// path:1:1: error[io] message
/// path:1:1: error[config] not checked: its config CONFIG has errors: CONFIG:L:C: message
/// ```
///
/// Per answer the score line comes first (at the answer's first line, column 1), then its findings
/// in report order. A file that could not be checked gets an `error[io]` line at 1:1 (`error[config]`
/// when its config has errors) as well as the usual line on stderr, because editors and CI turn only
/// located lines into problems.
pub struct ShortRenderer;

impl Renderer for ShortRenderer {
    fn render(&self, report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
        for file in &report.files {
            if let Some(error) = &file.error {
                let (id, message) = file_error(file, error);
                writeln!(out, "{}:1:1: error[{id}] {}", file.path, one_line(&message))?;
            }
            for answer in &file.answers {
                writeln!(
                    out,
                    "{}:{}:1: info[{SCORE_ID}] {}/100 {}, {}",
                    file.path,
                    answer.line,
                    answer.score,
                    answer.grade.name(),
                    if answer.passed { "pass" } else { "fail" }
                )?;
                for diagnostic in &answer.diagnostics {
                    writeln!(
                        out,
                        "{}:{}:{}: {}[{}] {}",
                        file.path,
                        diagnostic.line,
                        diagnostic.column,
                        diagnostic.severity.name(),
                        diagnostic.rule,
                        one_line(&diagnostic.message)
                    )?;
                }
            }
        }
        Ok(())
    }
}

/// A message on one line: a rule pack's multi-line message would otherwise break the one line a
/// finding contract, and an editor would read its second line as a stray, unlocated entry.
fn one_line(text: &str) -> String {
    if text.contains(['\n', '\r']) {
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_kept_to_one_line() {
        assert_eq!(one_line("Vague words: say  which."), "Vague words: say  which.");
        assert_eq!(
            one_line("First line,\r\n  then the second.\n"),
            "First line, then the second."
        );
    }
}

//! `--format short`: one line a finding, `path:line:col: severity[rule-id] message`, and one line an
//! answer with its score, so that Vim's `errorformat`, Emacs' compilation mode and VS Code problem
//! matchers read the output as it is.

use super::{Renderer, Report};
use std::io::Write;

/// The pseudo rule id of a file that could not be read or parsed.
pub const FILE_ERROR_ID: &str = "io";
/// The pseudo rule id of an answer's score line.
pub const SCORE_ID: &str = "score";

/// Renders one line per finding. Lines are the contract README documents:
///
/// ```text
/// path:line:col: info[score] 72/100 good
/// path:line:col: severity[rule-id] message
/// path:1:1: error[io] message
/// ```
///
/// Per answer the score line comes first (at the answer's first line, column 1), then its findings
/// in report order. A file that could not be checked gets an `error[io]` line at 1:1 as well as the
/// usual line on stderr, because editors and CI turn only located lines into problems.
pub struct ShortRenderer;

impl Renderer for ShortRenderer {
    fn render(&self, report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
        for file in &report.files {
            if let Some(error) = &file.error {
                writeln!(out, "{}:1:1: error[{FILE_ERROR_ID}] {}", file.path, one_line(error))?;
            }
            for answer in &file.answers {
                writeln!(
                    out,
                    "{}:{}:1: info[{SCORE_ID}] {}/100 {}",
                    file.path,
                    answer.line,
                    answer.score,
                    answer.grade.name()
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

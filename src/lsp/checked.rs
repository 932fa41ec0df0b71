//! One analysis of an editor's buffer: the same `check_text` the check command runs on a file, kept
//! with the text it was run on, so that hovers and code actions answer from the report the client
//! was shown.

use crate::cli::check::check_text;
use crate::cli::settings::Profile;
use crate::document::LineIndex;
use crate::report::AnswerReport;
use std::path::Path;
use std::rc::Rc;

pub struct Checked {
    pub text: String,
    pub lines: LineIndex,
    /// The answers' reports, or why the text could not be checked (bad front matter, no answer).
    pub answers: Result<Vec<AnswerReport>, String>,
    /// The profile it was checked under: its rules give a finding's guide passage and prompt.
    pub profile: Rc<Profile>,
}

impl Checked {
    /// Checks `text`, the buffer of the file at `file` (absolute; `None` for an unsaved buffer),
    /// under `profile`: the config's `[kinds]` globs see the file's path, as in a check run.
    pub fn new(text: &str, file: Option<&Path>, profile: Rc<Profile>) -> Checked {
        let glob_kind = file.and_then(|f| profile.glob_kind(f)).map(|(kind, _)| kind);
        let answers = check_text(text, None, &profile, glob_kind);
        Checked {
            text: text.to_string(),
            lines: LineIndex::new(text),
            answers,
            profile,
        }
    }

    pub fn answers(&self) -> &[AnswerReport] {
        self.answers.as_deref().unwrap_or_default()
    }

    /// The answer whose text holds byte `offset`: the last one starting at or before its line.
    pub fn answer_at(&self, offset: usize) -> Option<(usize, &AnswerReport)> {
        let line = self.lines.line_of(offset) + 1;
        self.answers().iter().enumerate().rev().find(|(_, a)| a.line <= line)
    }
}

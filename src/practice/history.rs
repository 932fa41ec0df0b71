//! The practice history: one JSON line per scored attempt at a known question, appended to
//! `.star-check/history.jsonl`. A line is written with a single `write` on a file opened for
//! appending, so two runs recording at once never interleave their lines, and a run that dies
//! mid-way leaves at most one torn last line, which reading skips with a warning.

use super::clock::Timestamp;
use crate::report::AnswerReport;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The folder and file name of the history, beside the nearest config (or in the current folder).
pub const HISTORY_FOLDER: &str = ".star-check";
pub const HISTORY_FILE: &str = "history.jsonl";

/// The shape of a history line; bumped on any incompatible change.
pub const HISTORY_VERSION: u32 = 1;

/// One scored attempt.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attempt {
    pub version: u32,
    /// When it was scored, RFC 3339 in UTC; lines sort by it as text.
    pub date: String,
    pub question_id: String,
    /// The question as the answer gave it, if it did.
    #[serde(default)]
    pub question: Option<String>,
    /// The answer file, as given on the command line (`-` for standard input).
    #[serde(default)]
    pub path: Option<String>,
    pub score: u32,
    #[serde(default)]
    pub grade: Option<String>,
    /// Each category's share of its points, 0-1, by category id.
    #[serde(default)]
    pub categories: BTreeMap<String, f64>,
}

impl Attempt {
    /// The attempt an answer's report records, or `None` when its question is not in the bank
    /// (progress is kept per question, so an answer to an unknown question has nowhere to go).
    pub fn from_answer(answer: &AnswerReport, path: &str, at: Timestamp) -> Option<Attempt> {
        let question_id = answer.question_id.clone()?;
        let categories = answer
            .categories
            .iter()
            .filter(|c| c.max > 0)
            .map(|c| {
                let share = f64::from(c.score) / f64::from(c.max);
                (c.category.id().to_string(), (share * 1000.0).round() / 1000.0)
            })
            .collect();
        Some(Attempt {
            version: HISTORY_VERSION,
            date: at.date_time(),
            question_id,
            question: answer.question.clone(),
            path: Some(path.to_string()),
            score: answer.score,
            grade: serde_json::to_value(answer.grade)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string)),
            categories,
        })
    }
}

/// Where the history of a folder lives: `.star-check/history.jsonl` beside `config` when there is
/// one, else in `folder`.
pub fn location(folder: &Path, config: Option<&Path>) -> PathBuf {
    let base = config.and_then(Path::parent).unwrap_or(folder);
    base.join(HISTORY_FOLDER).join(HISTORY_FILE)
}

/// Appends `attempts` to the history at `path`, creating its folder. Each line goes out in one
/// `write` call on a file opened with `O_APPEND`, which the kernel applies as one unit: lines from
/// runs recording at the same time do not interleave.
pub fn append(path: &Path, attempts: &[Attempt]) -> std::io::Result<()> {
    if attempts.is_empty() {
        return Ok(());
    }
    if let Some(folder) = path.parent() {
        std::fs::create_dir_all(folder)?;
    }
    let mut file = std::fs::OpenOptions::new().create(true).append(true).open(path)?;
    for attempt in attempts {
        let mut line = serde_json::to_string(attempt).map_err(std::io::Error::other)?;
        line.push('\n');
        file.write_all(line.as_bytes())?;
    }
    file.sync_data()
}

/// What reading a history gave: the attempts, and a warning for each line that was skipped.
#[derive(Debug, Default)]
pub struct Read {
    pub attempts: Vec<Attempt>,
    /// `history.jsonl:3: not a history line (expected value at line 1 column 1); skipped`.
    pub warnings: Vec<String>,
}

/// Parses a history's text; `name` is how warnings name the file. Blank lines are allowed; a line
/// that is not an attempt (corrupt, torn, from a newer version) is skipped with a warning naming
/// its line number, and the others are kept.
pub fn parse(text: &str, name: &str) -> Read {
    let mut read = Read::default();
    for (index, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<Attempt>(line) {
            Ok(attempt) if attempt.version == HISTORY_VERSION => read.attempts.push(attempt),
            Ok(attempt) => read.warnings.push(format!(
                "{name}:{}: history line of version {} (this star-check reads version {HISTORY_VERSION}); skipped",
                index + 1,
                attempt.version
            )),
            Err(error) => read
                .warnings
                .push(format!("{name}:{}: not a history line ({error}); skipped", index + 1)),
        }
    }
    read
}

/// Reads the history at `path`; a history that does not exist yet is empty, not an error.
pub fn read(path: &Path, name: &str) -> Result<Read, String> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(parse(&String::from_utf8_lossy(&bytes), name)),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(Read::default()),
        Err(error) => Err(format!("{name}: cannot read the practice history: {error}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attempt(question: &str, score: u32) -> Attempt {
        Attempt {
            version: HISTORY_VERSION,
            date: "2026-12-01T10:00:00Z".into(),
            question_id: question.into(),
            question: None,
            path: Some("answer.md".into()),
            score,
            grade: Some("good".into()),
            categories: BTreeMap::from([("structure".to_string(), 0.75)]),
        }
    }

    #[test]
    fn corrupt_and_torn_lines_are_skipped_with_their_line_numbers() {
        let good = serde_json::to_string(&attempt("slow-api", 72)).unwrap();
        let text = format!(
            "{good}\nnot json\n\n{{\"version\": 7, \"date\": \"x\", \"question_id\": \"a\", \"score\": 1}}\n{good}\n{{\"version\":1,\"da"
        );
        let read = parse(&text, "history.jsonl");
        assert_eq!(read.attempts.len(), 2);
        assert_eq!(read.warnings.len(), 3, "{:?}", read.warnings);
        assert!(
            read.warnings[0].starts_with("history.jsonl:2: not a history line ("),
            "{}",
            read.warnings[0]
        );
        assert!(
            read.warnings[1].starts_with("history.jsonl:4: history line of version 7"),
            "{}",
            read.warnings[1]
        );
        assert!(
            read.warnings[2].starts_with("history.jsonl:6: "),
            "{}",
            read.warnings[2]
        );
    }

    #[test]
    fn appending_adds_whole_lines_and_creates_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        let path = location(dir.path(), None);
        assert_eq!(path, dir.path().join(".star-check/history.jsonl"));
        append(&path, &[attempt("slow-api", 40)]).unwrap();
        append(&path, &[attempt("slow-api", 81), attempt("jwt", 66)]).unwrap();
        let read = read(&path, "h").unwrap();
        assert!(read.warnings.is_empty());
        let scores: Vec<u32> = read.attempts.iter().map(|a| a.score).collect();
        assert_eq!(scores, [40, 81, 66]);
    }

    #[test]
    fn the_history_sits_beside_the_config() {
        let config = Path::new("/home/me/prep/star-check.toml");
        assert_eq!(
            location(Path::new("/home/me/prep/answers"), Some(config)),
            Path::new("/home/me/prep/.star-check/history.jsonl")
        );
    }

    #[test]
    fn a_missing_history_is_empty() {
        let dir = tempfile::tempdir().unwrap();
        let read = read(&dir.path().join("none.jsonl"), "none.jsonl").unwrap();
        assert!(read.attempts.is_empty() && read.warnings.is_empty());
    }
}

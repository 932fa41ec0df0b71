//! The question bank: matching reworded questions to their bank question (every
//! `tests/question-rewordings/*.tsv`, each with its own figure), talking-point coverage on
//! project walk-throughs, section headings, and the JSON, short and `questions` outputs.
//! `cargo test --test questions -- --nocapture` prints the figures.

mod common;

use common::*;
use star_check::analysis::{QuestionChoice, match_question};
use star_check::rules::RuleSet;
use std::path::Path;

/// One line of a rewording file: the id it must match (`none`: nothing) and the question.
struct Rewording {
    file: String,
    line: usize,
    expected: Option<String>,
    question: String,
}

/// Every `*.tsv` in `tests/question-rewordings/`, so that a held-out set written by someone else
/// is measured by dropping it in (`heldout.tsv`). Lines starting with `#` are comments.
fn rewordings() -> Vec<(String, Vec<Rewording>)> {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/question-rewordings");
    let mut files: Vec<_> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "tsv"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            let text = std::fs::read_to_string(&path).unwrap();
            let cases = text
                .lines()
                .enumerate()
                .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
                .map(|(i, line)| {
                    let (id, question) = line
                        .split_once('\t')
                        .unwrap_or_else(|| panic!("{name}:{}: expected `id<TAB>question`", i + 1));
                    Rewording {
                        file: name.clone(),
                        line: i + 1,
                        expected: (id.trim() != "none").then(|| id.trim().to_string()),
                        question: question.trim().to_string(),
                    }
                })
                .collect();
            (name, cases)
        })
        .collect()
}

#[test]
fn reworded_questions_find_their_bank_question() {
    let rules = RuleSet::defaults().unwrap();
    let choice = QuestionChoice::default();
    let sets = rewordings();
    assert!(sets.iter().any(|(name, _)| name == "own.tsv"));
    for (name, cases) in &sets {
        for case in cases {
            if let Some(id) = &case.expected {
                assert!(
                    rules.questions.iter().any(|q| &q.id == id),
                    "{}:{}: `{id}` is not a bank question",
                    case.file,
                    case.line
                );
            }
        }
        let mut wrong = Vec::new();
        let (mut right, mut matched_none, mut expected_none) = (0, 0, 0);
        for case in cases {
            let found = match_question(Some(&case.question), &choice, &rules);
            let got = found.map(|m| rules.questions[m.question].id.clone());
            if case.expected.is_none() {
                expected_none += 1;
                matched_none += usize::from(got.is_none());
            }
            if std::env::var_os("QUESTIONS_VERBOSE").is_some() { eprintln!("{:.2} {} {:?}", found.map_or(0.0, |m| m.similarity), got.as_deref().unwrap_or("none"), case.question); }
            if got == case.expected {
                right += 1;
            } else {
                wrong.push(format!(
                    "{}:{}: {:?} → {} {:.2} (expected {})",
                    case.file,
                    case.line,
                    case.question,
                    got.as_deref().unwrap_or("none"),
                    found.map_or(0.0, |m| m.similarity),
                    case.expected.as_deref().unwrap_or("none")
                ));
            }
        }
        let accuracy = right as f64 / cases.len().max(1) as f64;
        eprintln!(
            "{name}: {right} of {} right ({accuracy:.2}); {matched_none} of {expected_none} questions outside the bank matched nothing",
            cases.len()
        );
        for line in &wrong {
            eprintln!("  {line}");
        }
        if name == "own.tsv" {
            assert!(cases.len() >= 60, "own.tsv holds {} questions, fewer than 60", cases.len());
            assert!(accuracy >= 0.9, "accuracy {accuracy:.2} on {name}:\n{}", wrong.join("\n"));
        }
    }
}

//! `star-check [PATHS]`: check answers and report on them.

use super::input::{self, DecodeError, Input, Origin};
use super::{Args, ExitStatus, Format, use_color};
use crate::analysis;
use crate::document::{Document, DocumentError, LineIndex};
use crate::report::human::HumanRenderer;
use crate::report::json::JsonRenderer;
use crate::report::{AnswerReport, FileReport, PassPolicy, Renderer, Report};
use crate::rules::schema::QuestionKind;
use crate::rules::{LoadOptions, RuleSet, RuleSource};

/// Runs a check as the arguments say, writing the report to `out` and errors to `err`.
pub fn run(args: &Args, out: &mut dyn std::io::Write, err: &mut dyn std::io::Write) -> std::io::Result<ExitStatus> {
    let rules = match load_rules(args) {
        Ok(rules) => rules,
        Err(errors) => {
            for error in errors {
                writeln!(err, "star-check: {error}")?;
            }
            return Ok(ExitStatus::Error);
        }
    };
    let policy = PassPolicy {
        min_score: args.min_score,
    };
    let mut files = Vec::new();
    for input in input::gather(&args.paths) {
        match check_input(&input, args, &rules, policy) {
            Checked::File { report, notice } => {
                for message in notice.iter().chain(&report.error) {
                    writeln!(err, "star-check: {}: {message}", report.path)?;
                }
                files.push(report);
            }
            Checked::Skipped(notice) => writeln!(err, "star-check: {}: {notice}", input.name)?,
        }
    }
    let report = Report::new(files);
    let renderer: Box<dyn Renderer> = match args.format {
        Format::Human => {
            let color = use_color(args.color);
            // `colored` keeps its own global idea of whether to colour; make it agree with ours.
            colored::control::set_override(color);
            Box::new(HumanRenderer {
                color,
                min_score: args.min_score,
            })
        }
        Format::Json => Box::new(JsonRenderer),
    };
    renderer.render(&report, out)?;
    out.flush()?;
    Ok(status_of(&report))
}

fn status_of(report: &Report) -> ExitStatus {
    if report.files.iter().any(|f| f.error.is_some()) {
        ExitStatus::Error
    } else if report.summary.failed > 0 {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    }
}

pub fn load_rules(args: &Args) -> Result<RuleSet, Vec<crate::rules::error::RuleError>> {
    let mut extra = Vec::new();
    for path in &args.rules {
        extra.extend(RuleSource::read(path).map_err(|e| vec![e])?);
    }
    RuleSet::load(LoadOptions {
        default_rules: !args.no_default_rules,
        extra,
    })
}

/// What became of one input.
#[derive(Debug)]
pub enum Checked {
    /// Checked, or failed with the report's `error`; `notice` is a line for stderr that is not an
    /// error (bad bytes replaced under `--lossy`).
    File { report: FileReport, notice: Option<String> },
    /// Left out of the report, with a notice for stderr: a binary file found in a folder.
    Skipped(String),
}

/// Reads, parses and analyses one input. Problems become the file's `error`, never a panic.
pub fn check_input(input: &Input, args: &Args, rules: &RuleSet, policy: PassPolicy) -> Checked {
    let mut file = FileReport {
        path: input.name.clone(),
        error: input.error.clone(),
        answers: Vec::new(),
        source: String::new(),
    };
    let failed = |mut file: FileReport, error: String| {
        file.error = Some(error);
        Checked::File {
            report: file,
            notice: None,
        }
    };
    if file.error.is_some() {
        return Checked::File {
            report: file,
            notice: None,
        };
    }
    let bytes = match &input.origin {
        Origin::File(path) => input::read_file(path, args.max_bytes),
        Origin::Stdin => input::read_stdin(args.max_bytes),
    };
    let bytes = match bytes {
        Ok(bytes) => bytes,
        Err(error) => return failed(file, error),
    };
    let decoded = match input::decode(bytes, args.lossy) {
        Ok(decoded) => decoded,
        Err(error @ DecodeError::Binary(_)) if input.in_folder => return Checked::Skipped(error.to_string()),
        Err(error) => return failed(file, error.to_string()),
    };
    match check_text(&decoded.text, input.origin == Origin::Stdin, args, rules, policy) {
        Ok(answers) => file.answers = answers,
        Err(error) => file.error = Some(error),
    }
    file.source = decoded.text;
    Checked::File {
        report: file,
        notice: decoded.notice,
    }
}

fn check_text(
    text: &str,
    from_stdin: bool,
    args: &Args,
    rules: &RuleSet,
    policy: PassPolicy,
) -> Result<Vec<AnswerReport>, String> {
    let is_label = |heading: &str| rules.star_labels.heading_label(heading).is_some();
    let mut document = Document::parse(text, &is_label).map_err(|e| match e {
        DocumentError::Empty if text.trim().is_empty() => "empty answer: there is nothing to check".to_string(),
        other => other.to_string(),
    })?;
    let front_matter_kind = match &document.front_matter.kind {
        Some(name) => Some(QuestionKind::parse(name).ok_or_else(|| {
            format!(
                "unknown kind `{name}` in front matter (expected behavioral, situational, technical, intro or project)"
            )
        })?),
        None => None,
    };
    if from_stdin && let Some(question) = &args.question {
        document.answers[0].question = Some(question.clone());
    }
    let kind = args.kind.map(QuestionKind::from).or(front_matter_kind);
    let lines = LineIndex::new(text);
    Ok(document
        .answers
        .iter()
        .map(|answer| {
            let analysis = analysis::analyze(answer, text, kind, rules);
            AnswerReport::build(answer, &analysis, text, &lines, rules, policy)
        })
        .collect())
}

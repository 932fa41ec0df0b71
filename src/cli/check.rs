//! `star-check [PATHS]`: check answers and report on them.

use super::input::{self, Input, Origin};
use super::{Args, ExitStatus, Format, use_color};
use crate::analysis;
use crate::document::{Document, DocumentError, LineIndex};
use crate::report::github::GithubRenderer;
use crate::report::human::HumanRenderer;
use crate::report::json::JsonRenderer;
use crate::report::sarif::SarifRenderer;
use crate::report::short::ShortRenderer;
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
    let inputs = input::gather(&args.paths);
    let files = in_parallel(&inputs, |input| check_input(input, args, &rules, policy));
    for file in &files {
        if let Some(error) = &file.error {
            writeln!(err, "star-check: {}: {error}", file.path)?;
        }
    }
    let report = Report::new(files);
    let renderer: Box<dyn Renderer + '_> = match args.format {
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
        Format::Short => Box::new(ShortRenderer),
        Format::Github => Box::new(GithubRenderer),
        Format::Sarif => Box::new(SarifRenderer { rules: &rules }),
    };
    renderer.render(&report, out)?;
    out.flush()?;
    Ok(status_of(&report))
}

/// Runs `check` over every input on all cores, keeping the inputs' order in the result. Rules are
/// compiled once and shared; each worker takes the next unclaimed input, so one long file does not
/// hold up a whole share of the others.
pub fn in_parallel<T: Send>(inputs: &[Input], check: impl Fn(&Input) -> T + Sync) -> Vec<T> {
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(inputs.len());
    if workers <= 1 {
        return inputs.iter().map(check).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut results: Vec<(usize, T)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let index = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(input) = inputs.get(index) else { break };
                        done.push((index, check(input)));
                    }
                    done
                })
            })
            .collect();
        // A worker that panicked would be a bug; propagate it rather than drop its files silently.
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    });
    results.sort_by_key(|(index, _)| *index);
    results.into_iter().map(|(_, result)| result).collect()
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

/// Reads, parses and analyses one input. Problems become the file's `error`, never a panic.
pub fn check_input(input: &Input, args: &Args, rules: &RuleSet, policy: PassPolicy) -> FileReport {
    let mut file = FileReport {
        path: input.name.clone(),
        error: input.error.clone(),
        answers: Vec::new(),
        source: String::new(),
    };
    if file.error.is_some() {
        return file;
    }
    let bytes = match &input.origin {
        Origin::File(path) => std::fs::read(path),
        Origin::Stdin => input::read_stdin(),
    };
    let text = match bytes.map_err(|e| io_message(&e)).and_then(input::decode) {
        Ok(text) => text,
        Err(error) => {
            file.error = Some(error);
            return file;
        }
    };
    match check_text(&text, input.origin == Origin::Stdin, args, rules, policy) {
        Ok(answers) => file.answers = answers,
        Err(error) => file.error = Some(error),
    }
    file.source = text;
    file
}

fn io_message(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        std::io::ErrorKind::NotFound => "no such file or folder".into(),
        std::io::ErrorKind::IsADirectory => "is a folder".into(),
        _ => error.to_string(),
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

//! `star-check [PATHS]`: check answers and report on them.

use super::input::{self, DecodeError, Input, Origin};
use super::settings::{Profile, Resolver};
use super::{Args, ExitStatus, Format, use_color};
use crate::analysis;
use crate::document::{Document, DocumentError, LineIndex};
use crate::practice::history::Attempt;
use crate::report::github::GithubRenderer;
use crate::report::human::HumanRenderer;
use crate::report::json::JsonRenderer;
use crate::report::sarif::SarifRenderer;
use crate::report::short::ShortRenderer;
use crate::report::statistics::StatisticsRenderer;
use crate::report::{AnswerReport, FileReport, Renderer, Report};
use crate::rules::schema::QuestionKind;
use std::collections::HashMap;

/// One input to check, with the profile (settings and rules) that applies to it and the kind the
/// config's `[kinds]` gives it.
struct Job<'a> {
    input: &'a Input,
    profile: &'a Profile,
    glob_kind: Option<QuestionKind>,
}

/// Runs a check as the arguments say, writing the report to `out` and errors to `err`.
pub fn run(args: &Args, out: &mut dyn std::io::Write, err: &mut dyn std::io::Write) -> std::io::Result<ExitStatus> {
    let mut resolver = Resolver::new(&args.settings);
    let status = run_with(args, &mut resolver, out, err);
    // The compiled rule sets are needed until the process ends, which gives their memory back at
    // once: freeing them piece by piece cost a sixtieth of checking one answer. `run` is the
    // command's last step (`cli::run`), so nothing is left holding them.
    std::mem::forget(resolver);
    status
}

fn run_with(
    args: &Args,
    resolver: &mut Resolver,
    out: &mut dyn std::io::Write,
    err: &mut dyn std::io::Write,
) -> std::io::Result<ExitStatus> {
    // Configs are found and their rule sets compiled before any file is checked. Each bad config
    // is reported once; the files under it are reported as not checked and the others are checked
    // as usual. When nothing could be built (a bad `--rules` file, a bad `--config`), the errors are
    // the whole output: every file would only repeat them.
    let inputs = input::gather_with(&args.paths, &mut |path| resolver.wants(path));
    let assigned: Vec<Option<usize>> = inputs.iter().map(|input| resolver.profile_for(input)).collect();
    if !resolver.errors.is_empty() {
        for error in &resolver.errors {
            super::print_error(err, error)?;
        }
    }
    // A file under a config that has errors is not checked: its `error` says why, and the config's
    // first error goes with it to the one-line formats.
    let mut config_errors: Vec<Option<String>> = Vec::with_capacity(inputs.len());
    let inputs: Vec<Input> = inputs
        .into_iter()
        .zip(&assigned)
        .map(|(mut input, index)| {
            let unchecked = index.is_none() && input.error.is_none();
            if unchecked {
                input.error = Some(resolver.why_unchecked(&input));
            }
            config_errors.push(unchecked.then(|| resolver.unchecked_detail(&input)).flatten());
            input
        })
        .collect();
    if resolver.profiles.is_empty() {
        // Nothing could be built (a bad `--rules` file, a bad `--config`, the one config over the
        // files): the errors on stderr are the whole output, except in the one-line formats, where
        // an editor or CI lists only lines located in a file, so each file gets one.
        if matches!(args.format, Format::Short | Format::Github) {
            let files = inputs
                .iter()
                .zip(config_errors)
                .map(|(input, config_error)| FileReport {
                    path: input.name.clone(),
                    error: input.error.clone(),
                    answers: Vec::new(),
                    source: String::new(),
                    config_error,
                })
                .collect();
            let report = Report::new(files);
            match args.format {
                Format::Github => GithubRenderer.render(&report, out)?,
                _ => ShortRenderer.render(&report, out)?,
            }
            out.flush()?;
        }
        return Ok(ExitStatus::Error);
    }
    let jobs: Vec<Job> = inputs
        .iter()
        .zip(assigned)
        .map(|(input, index)| {
            // An input with no profile has its `error` set and is never analysed; the first profile
            // only gives it a place in the run.
            let profile = &resolver.profiles[index.unwrap_or(0)];
            let glob_kind = match &input.origin {
                Origin::File(path) => profile.glob_kind(&resolver.absolute(path)).map(|(kind, _)| kind),
                Origin::Stdin => None,
            };
            Job {
                input,
                profile,
                glob_kind,
            }
        })
        .collect();
    let question = args.question.as_deref();
    let reading = Reading {
        lossy: args.lossy,
        max_bytes: args.max_bytes,
    };
    crate::rules::matcher::expect_inputs(jobs.len());
    let checked = in_parallel(&jobs, |job| {
        check_input(job.input, question, job.profile, job.glob_kind, reading)
    });
    let mut files = Vec::with_capacity(checked.len());
    for ((job, checked), config_error) in jobs.iter().zip(checked).zip(config_errors) {
        match checked {
            Checked::File { mut report, notice } => {
                report.config_error = config_error;
                for message in notice.iter().chain(&report.error) {
                    super::print_error(err, format_args!("{}: {message}", report.path))?;
                }
                files.push(report);
            }
            Checked::Skipped(notice) => super::print_error(err, format_args!("{}: {notice}", job.input.name))?,
        }
    }
    let report = Report::new(files);
    let status = status_of(&report);
    if args.record {
        record_attempts(&report, args, err)?;
    }
    if args.statistics {
        // Rule ids mean the same in every profile; the first message found for an id is used.
        let mut messages = HashMap::new();
        for rule in resolver.profiles.iter().flat_map(|p| &p.rules.rules) {
            messages.entry(rule.id.clone()).or_insert_with(|| rule.message.clone());
        }
        StatisticsRenderer {
            messages,
            json: args.format == Format::Json,
        }
        .render(&report, out)?;
        out.flush()?;
        return Ok(status);
    }
    // `--quiet` keeps failing answers only. JSON and SARIF are for programs, which can filter on
    // `passed` themselves, so they always hold every answer.
    let quiet = args.quiet && !matches!(args.format, Format::Json | Format::Sarif);
    let report = if quiet { report.only_failing() } else { report };
    if quiet && report.files.is_empty() {
        return Ok(status);
    }
    // SARIF describes the rules of one rule set; with several configs, the first one's (rule ids
    // are the same in all; a rule only another config adds is reported without a descriptor).
    let Some(first) = resolver.profiles.first() else {
        return Ok(status);
    };
    let renderer: Box<dyn Renderer + '_> = match args.format {
        Format::Human => {
            let color = use_color(args.color);
            // `colored` keeps its own global idea of whether to colour; make it agree with ours.
            colored::control::set_override(color);
            Box::new(HumanRenderer {
                color,
                min_score: pass_mark(&resolver.profiles),
                verbose: args.verbose,
            })
        }
        Format::Json => Box::new(JsonRenderer),
        Format::Short => Box::new(ShortRenderer),
        Format::Github => Box::new(GithubRenderer),
        Format::Sarif => Box::new(SarifRenderer { rules: &first.rules }),
    };
    renderer.render(&report, out)?;
    out.flush()?;
    Ok(status)
}

/// `--record`: appends an attempt for each answer whose question matched the bank. Answers to
/// questions outside the bank have no place in a per-question history and are left out.
fn record_attempts(report: &Report, args: &Args, err: &mut dyn std::io::Write) -> std::io::Result<()> {
    let now = crate::practice::clock::Timestamp::now();
    let attempts: Vec<_> = report
        .files
        .iter()
        .flat_map(|file| {
            file.answers
                .iter()
                .filter_map(move |answer| Attempt::from_answer(answer, &file.path, now))
        })
        .collect();
    super::progress::record(
        &super::progress::history_path(args.settings.config.as_deref()),
        &attempts,
        err,
    )?;
    Ok(())
}

/// The pass mark the summary names: the one every profile shares, or none when configs differ.
fn pass_mark(profiles: &[Profile]) -> Option<u32> {
    let first = profiles.first().map(|p| p.min_score.value)?;
    profiles.iter().all(|p| p.min_score.value == first).then_some(first)
}

/// Runs `check` over every input on all cores, keeping the inputs' order in the result. Rules are
/// compiled once and shared; each worker takes the next unclaimed input, so one long file does not
/// hold up a whole share of the others.
pub fn in_parallel<I: Sync, T: Send>(inputs: &[I], check: impl Fn(&I) -> T + Sync) -> Vec<T> {
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

/// Checks one file named on the command line (or `-`) as a plain check would: the same config
/// discovery, rules and analysis. For commands that compare or record answers. A file that cannot
/// be checked, or a config that cannot be built, is an error naming it.
pub fn check_one(
    path: &std::path::Path,
    settings: &super::SettingsArgs,
    question: Option<&str>,
    reading: Reading,
) -> Result<FileReport, String> {
    let mut resolver = Resolver::new(settings);
    let inputs = input::gather_with(&[path.to_path_buf()], &mut |_| true);
    let Some(input) = inputs.first() else {
        return Err(format!("{}: nothing to check", path.display()));
    };
    let Some(index) = resolver.profile_for(input) else {
        return Err(resolver.errors.join("; "));
    };
    let profile = &resolver.profiles[index];
    let glob_kind = match &input.origin {
        Origin::File(file) => profile.glob_kind(&resolver.absolute(file)).map(|(kind, _)| kind),
        Origin::Stdin => None,
    };
    match check_input(input, question, profile, glob_kind, reading) {
        Checked::File { report, .. } => match &report.error {
            Some(error) => Err(format!("{}: {error}", report.path)),
            None => Ok(report),
        },
        Checked::Skipped(notice) => Err(format!("{}: {notice}", input.name)),
    }
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

/// How input is read: the command line's `--lossy` and `--max-bytes`.
#[derive(Debug, Clone, Copy)]
pub struct Reading {
    pub lossy: bool,
    /// 0: no limit.
    pub max_bytes: u64,
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

/// Reads, parses and analyses one input under `profile`. `question` (`--question`) is the first
/// answer's question, as the command line is the strongest setting;
/// `glob_kind` is the kind the config's `[kinds]` gives the file. Problems become the file's
/// `error`, never a panic.
pub fn check_input(
    input: &Input,
    question: Option<&str>,
    profile: &Profile,
    glob_kind: Option<QuestionKind>,
    reading: Reading,
) -> Checked {
    let mut file = FileReport {
        path: input.name.clone(),
        error: input.error.clone(),
        answers: Vec::new(),
        source: String::new(),
        config_error: None,
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
        Origin::File(path) => input::read_file(path, reading.max_bytes),
        Origin::Stdin => input::read_stdin(reading.max_bytes),
    };
    let bytes = match bytes {
        Ok(bytes) => bytes,
        Err(error) => return failed(file, error),
    };
    let decoded = match input::decode(bytes, reading.lossy) {
        Ok(decoded) => decoded,
        Err(error @ DecodeError::Binary(_)) if input.in_folder => return Checked::Skipped(error.to_string()),
        Err(error) => return failed(file, error.to_string()),
    };
    match check_text(&decoded.text, question, profile, glob_kind) {
        Ok(answers) => file.answers = answers,
        Err(error) => file.error = Some(error),
    }
    file.source = decoded.text;
    Checked::File {
        report: file,
        notice: decoded.notice,
    }
}

/// Parses and analyses one file's text under `profile`: what `check_input` does once the text is
/// read, and what the language server and `practice` do with text they hold. `question` stands in
/// for the first answer's own question. Errors are the file's `error`.
pub fn check_text(
    text: &str,
    question: Option<&str>,
    profile: &Profile,
    glob_kind: Option<QuestionKind>,
) -> Result<Vec<AnswerReport>, String> {
    let rules = &profile.rules;
    let headings = analysis::headings::AnswerHeadings {
        rules,
        choice: &profile.question,
    };
    let mut document = Document::parse(text, &headings).map_err(|e| match e {
        DocumentError::Empty if text.trim().is_empty() => "empty answer: there is nothing to check".to_string(),
        other => other.to_string(),
    })?;
    let front_matter_kind = match &document.front_matter.kind {
        Some(name) => Some(QuestionKind::parse(name).ok_or_else(|| {
            format!(
                "unknown kind `{name}` in front matter (expected behavioral, situational, technical, intro, project or general)"
            )
        })?),
        None => None,
    };
    if let Some(question) = question {
        document.answers[0].question = Some(question.to_string());
    }
    // The narrower the setting, the stronger: the command line, then the file's own front matter,
    // then the config's glob for its folder; otherwise the kind is inferred from the question.
    let kind = profile.kind.or(front_matter_kind).or(glob_kind);
    let lines = LineIndex::new(text);
    let analyses = analysis::analyze_document_with(&document, text, kind, &profile.question, rules);
    let policy = profile.policy();
    Ok(document
        .answers
        .iter()
        .zip(&analyses)
        .map(|(answer, analysis)| AnswerReport::build(answer, analysis, text, &lines, rules, policy))
        .collect())
}

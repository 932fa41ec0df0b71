//! `star-check rules test PATH...`: run the examples embedded in rule files, so that someone who
//! writes or shares a rule pack can see that each rule fires where it says and nowhere else.

use super::{RuleSelection, load, report_load_errors};
use crate::analysis::examples::{ExampleFailure, check_examples};
use crate::cli::ExitStatus;
use crate::rules::RuleSource;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct TestArgs {
    /// Rule files, or folders of rule files, whose examples to run. They are loaded on top of the
    /// built-in rules (so ids must not clash), or alone with `--no-default-rules`.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    // `--rules` names files the tested ones depend on (word lists, say): loaded, not tested.
    #[command(flatten)]
    pub selection: RuleSelection,
}

/// Runs the examples of the rules defined in `args.paths`: 0 when all behave, 1 when some do not,
/// 2 when the files do not load.
pub fn run(args: &TestArgs, out: &mut dyn std::io::Write, err: &mut dyn std::io::Write) -> std::io::Result<ExitStatus> {
    let mut tested = Vec::new();
    for path in &args.paths {
        match RuleSource::read(path) {
            Ok(sources) => tested.extend(sources.into_iter().map(|s| s.path)),
            Err(error) => return report_load_errors(&[error], err),
        }
    }
    let loaded = match load(&args.selection, &args.paths) {
        Ok(loaded) => loaded,
        Err(errors) => return report_load_errors(&errors, err),
    };
    let rules = &loaded.set;
    let selected = |origin: &str| tested.iter().any(|path| path == origin);
    let rule_count = rules.rules.iter().filter(|r| selected(&r.origin)).count();
    if rule_count == 0 {
        crate::cli::print_error(err, format_args!("no rules to test in {}", list(&args.paths)))?;
        return Ok(ExitStatus::Error);
    }
    let (checked, failures) = check_examples(rules, &selected);
    for failure in &failures {
        writeln!(out, "{}", failure_line(failure))?;
    }
    let files = tested.len();
    let outcome = match failures.len() {
        0 => "all passed".to_string(),
        n => format!("{n} failed"),
    };
    writeln!(
        out,
        "tested {checked} example{} of {rule_count} rule{} in {files} file{}: {outcome}",
        plural(checked),
        plural(rule_count),
        plural(files)
    )?;
    Ok(if failures.is_empty() {
        ExitStatus::Success
    } else {
        ExitStatus::Failure
    })
}

/// `path: rule-id: flag example did not fire: "…"`; the text is quoted and escaped (`\n`) so that
/// each failure stays on one line.
fn failure_line(failure: &ExampleFailure) -> String {
    let what = if failure.expected_to_fire {
        "flag example did not fire"
    } else {
        "pass example fired"
    };
    format!("{}: {}: {what}: {:?}", failure.origin, failure.rule, failure.text)
}

fn list(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

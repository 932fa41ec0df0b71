//! `star-check progress`: the practice history summed up per question and per category; and where
//! that history lives, for the commands that record into it (`--record`, `practice`).

use super::config;
use super::{ExitStatus, print_error};
use crate::practice::history::{self, Attempt};
use crate::practice::progress::{self, Progress};
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct ProgressArgs {
    /// `human` for a person, `json` for programs (the shape README documents).
    #[arg(long, value_enum, default_value_t = ProgressFormat::Human)]
    pub format: ProgressFormat,

    /// Read this history file instead of `.star-check/history.jsonl` beside the nearest config.
    #[arg(long, value_name = "PATH")]
    pub history: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ProgressFormat {
    Human,
    Json,
}

/// The history file for runs from the current folder: `.star-check/history.jsonl` beside `config`
/// (the `--config` given), else beside the nearest star-check.toml in the current folder or above,
/// else in the current folder.
pub fn history_path(config_given: Option<&Path>) -> PathBuf {
    let cwd = std::env::current_dir().unwrap_or_default();
    let config = match config_given {
        Some(path) => Some(config::absolute(&cwd, path)),
        None => cwd.ancestors().find_map(config::in_folder),
    };
    history::location(&cwd, config.as_deref())
}

/// How messages name the history: relative to the current folder when it is under it.
pub fn display(path: &Path) -> String {
    let cwd = std::env::current_dir().unwrap_or_default();
    path.strip_prefix(&cwd).unwrap_or(path).display().to_string()
}

/// Appends attempts to the history, saying on stderr (once) if it cannot.
pub fn record(path: &Path, attempts: &[Attempt], err: &mut dyn std::io::Write) -> std::io::Result<bool> {
    match history::append(path, attempts) {
        Ok(()) => Ok(true),
        Err(error) => {
            print_error(
                err,
                format_args!("{}: cannot record the attempt: {error}", display(path)),
            )?;
            Ok(false)
        }
    }
}

pub fn run(
    args: &ProgressArgs,
    out: &mut dyn std::io::Write,
    err: &mut dyn std::io::Write,
) -> std::io::Result<ExitStatus> {
    let path = args.history.clone().unwrap_or_else(|| history_path(None));
    let name = display(&path);
    let read = match history::read(&path, &name) {
        Ok(read) => read,
        Err(error) => {
            print_error(err, error)?;
            return Ok(ExitStatus::Error);
        }
    };
    for warning in &read.warnings {
        print_error(err, format_args!("warning: {warning}"))?;
    }
    let summary = progress::summarise(&read.attempts);
    match args.format {
        ProgressFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &summary).map_err(std::io::Error::other)?;
            writeln!(out)?;
        }
        ProgressFormat::Human => render(&summary, &name, out)?,
    }
    out.flush()?;
    Ok(ExitStatus::Success)
}

fn render(summary: &Progress, name: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    if summary.questions.is_empty() {
        writeln!(
            out,
            "No practice recorded yet in {name}. Run `star-check practice`, or check an answer with `--record`."
        )?;
        return Ok(());
    }
    let width = summary.questions.iter().map(|q| q.id.len()).max().unwrap_or(8).max(8);
    writeln!(out, "{:<width$}  attempts  best  latest  trend", "question")?;
    for question in &summary.questions {
        writeln!(
            out,
            "{:<width$}  {:>8}  {:>4}  {:>6}  {}",
            question.id,
            question.attempts,
            question.best,
            question.latest,
            progress::sparkline(&question.scores)
        )?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "categories (average share of points, latest attempt at each question)"
    )?;
    for category in &summary.categories {
        let filled = (category.average * 20.0).round() as usize;
        writeln!(
            out,
            "  {:<12} {:>3.0}%  {}{}",
            category.id,
            category.average * 100.0,
            "█".repeat(filled.min(20)),
            "░".repeat(20 - filled.min(20))
        )?;
    }
    Ok(())
}

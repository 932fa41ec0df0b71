//! `star-check diff OLD NEW`: what changed between two versions of an answer, from a check of each
//! under the same settings.

use super::check::{self, Reading};
use super::{ExitStatus, SettingsArgs, print_error};
use crate::practice::diff::{self, AnswerDiff};
use crate::report::{AnswerReport, FileReport};
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// The earlier version of the answer.
    pub old: PathBuf,
    /// The later version.
    pub new: PathBuf,

    /// Which answer of files holding several to compare (1 is the first).
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..))]
    pub answer: u32,

    /// `human` for a person, `json` for programs (the shape README documents).
    #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
    pub format: DiffFormat,

    #[command(flatten)]
    pub settings: SettingsArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    Human,
    Json,
}

/// Prints the comparison; exit 0 when both versions could be checked, 2 (with one line naming the
/// file) when either could not.
pub fn run(args: &DiffArgs, out: &mut dyn std::io::Write, err: &mut dyn std::io::Write) -> std::io::Result<ExitStatus> {
    let reading = Reading {
        lossy: false,
        max_bytes: 10_000_000,
    };
    let mut checked = Vec::new();
    let mut failed = false;
    for path in [&args.old, &args.new] {
        match check::check_one(path, &args.settings, None, reading).and_then(|file| pick(file, args.answer)) {
            Ok(answer) => checked.push(answer),
            Err(error) => {
                print_error(err, error)?;
                failed = true;
            }
        }
    }
    if failed {
        return Ok(ExitStatus::Error);
    }
    let (old, new) = (&checked[0], &checked[1]);
    let compared = diff::compare(old, new, talking_points);
    match args.format {
        DiffFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &compared).map_err(std::io::Error::other)?;
            writeln!(out)?;
        }
        DiffFormat::Human => render(&compared, old, new, args, out)?,
    }
    out.flush()?;
    Ok(ExitStatus::Success)
}

/// The `n`th answer (1-based) of a checked file.
fn pick(mut file: FileReport, n: u32) -> Result<AnswerReport, String> {
    let count = file.answers.len();
    let index = n as usize - 1;
    if index >= count {
        return Err(format!(
            "{}: has {count} answer{}, so there is no answer {n} to compare",
            file.path,
            if count == 1 { "" } else { "s" }
        ));
    }
    Ok(file.answers.swap_remove(index))
}

/// An answer's talking points as (id, covered), from its matched question's coverage; none when
/// its question matched no bank question.
fn talking_points(answer: &AnswerReport) -> Vec<(String, bool)> {
    answer.coverage.as_ref().map_or_else(Vec::new, |coverage| {
        coverage.points.iter().map(|p| (p.id.clone(), p.covered)).collect()
    })
}

fn render(
    compared: &AnswerDiff,
    old: &AnswerReport,
    new: &AnswerReport,
    args: &DiffArgs,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    writeln!(out, "{} → {}", args.old.display(), args.new.display())?;
    let change = compared.score.change();
    let sign = if change > 0 { "+" } else { "" };
    write!(
        out,
        "  score   {} → {} ({sign}{change})",
        compared.score.old, compared.score.new
    )?;
    if old.grade != new.grade {
        write!(out, ", {} → {}", old.grade.name(), new.grade.name())?;
    }
    writeln!(out)?;
    let list = |items: &[String]| {
        if items.is_empty() {
            "none".to_string()
        } else {
            items.join(", ")
        }
    };
    writeln!(out, "  fixed   {}", list(&compared.fixed))?;
    writeln!(out, "  new     {}", list(&compared.new))?;
    let changed: Vec<String> = compared
        .still
        .iter()
        .filter(|(_, was, now)| was != now)
        .map(|(rule, was, now)| format!("{rule} ×{was} → ×{now}"))
        .collect();
    if !changed.is_empty() {
        writeln!(out, "  fewer/more  {}", changed.join(", "))?;
    }
    if old.star.is_some() && new.star.is_some() {
        writeln!(
            out,
            "  parts   gained: {}; lost: {}",
            list(&compared.parts_gained),
            list(&compared.parts_lost)
        )?;
    }
    if !compared.points_gained.is_empty() || !compared.points_lost.is_empty() {
        writeln!(
            out,
            "  points  gained: {}; lost: {}",
            list(&compared.points_gained),
            list(&compared.points_lost)
        )?;
    }
    Ok(())
}

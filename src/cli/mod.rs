//! The command line: arguments, and which command runs. Each command lives in its own module.

pub mod check;
pub mod input;

use crate::rules::schema::QuestionKind;
use clap::{Parser, ValueEnum};
use std::io::IsTerminal;
use std::path::PathBuf;

/// Coaches written answers to backend developer interview questions: STAR structure, red flags,
/// weak wording, missing specifics and trade-offs, with a score from 0 to 100.
#[derive(Debug, Parser)]
#[command(name = "star-check", version, about, long_about = None)]
pub struct Args {
    /// Answer files (Markdown or text) or folders to check; `-` reads standard input. With no path,
    /// reads standard input, or lets you type an answer at the terminal.
    pub paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// The interview question, for an answer read from standard input or typed in.
    #[arg(long, value_name = "TEXT")]
    pub question: Option<String>,

    /// The kind of question, instead of inferring it from the question (overrides front matter).
    #[arg(long, value_enum)]
    pub kind: Option<KindArg>,

    /// Extra rule files or folders of rule files, added to the built-in rules.
    #[arg(long = "rules", value_name = "PATH")]
    pub rules: Vec<PathBuf>,

    /// Do not load the built-in rules (their scoring and STAR parameters still apply).
    #[arg(long)]
    pub no_default_rules: bool,

    /// An answer scoring below this fails (exit code 1).
    #[arg(long, value_name = "N", default_value_t = 60, value_parser = clap::value_parser!(u32).range(0..=100))]
    pub min_score: u32,

    /// When to use colour in the human report.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// Check a file that is not valid UTF-8 anyway, with U+FFFD in place of each bad byte sequence.
    #[arg(long)]
    pub lossy: bool,

    /// Refuse a file (or standard input) larger than N bytes; 0 means no limit.
    #[arg(long, value_name = "N", default_value_t = 10_000_000)]
    pub max_bytes: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KindArg {
    Behavioral,
    Situational,
    Technical,
    Intro,
    Project,
}

impl From<KindArg> for QuestionKind {
    fn from(kind: KindArg) -> QuestionKind {
        match kind {
            KindArg::Behavioral => QuestionKind::Behavioral,
            KindArg::Situational => QuestionKind::Situational,
            KindArg::Technical => QuestionKind::Technical,
            KindArg::Intro => QuestionKind::Intro,
            KindArg::Project => QuestionKind::Project,
        }
    }
}

/// How a run ended, mapped to the exit code by `main`: 0, 1 or 2.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// Every answer passed.
    Success,
    /// Some answer scored below the pass mark or has an `error` finding.
    Failure,
    /// Usage, I/O or rule errors (reported on stderr; the rest was still checked).
    Error,
}

impl ExitStatus {
    pub fn code(self) -> i32 {
        match self {
            ExitStatus::Success => 0,
            ExitStatus::Failure => 1,
            ExitStatus::Error => 2,
        }
    }
}

/// Decides colour once: `--color`, then `NO_COLOR`, then whether stdout is a terminal.
pub fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stdout().is_terminal()
        }
    }
}

/// Runs the command the arguments name, writing reports to `out` and errors to `err`.
pub fn run(args: &Args, out: &mut dyn std::io::Write, err: &mut dyn std::io::Write) -> std::io::Result<ExitStatus> {
    check::run(args, out, err)
}

//! The command line: arguments, and which command runs. Each command lives in its own module.

pub mod check;
pub mod completions;
pub mod config;
pub mod diff;
pub mod explain;
pub mod init;
pub mod input;
pub mod man;
pub mod practice;
pub mod progress;
pub mod questions;
pub mod rules;
pub mod settings;
pub mod show_config;

use crate::rules::schema::QuestionKind;
use clap::{Parser, Subcommand, ValueEnum};
pub use config::FailOn;
use std::io::IsTerminal;
use std::path::PathBuf;

/// Coaches written answers to backend developer interview questions: STAR structure, red flags,
/// weak wording, missing specifics and trade-offs, with a score from 0 to 100.
#[derive(Debug, Parser)]
#[command(name = "star-check", version, about, long_about = None, args_conflicts_with_subcommands = true)]
pub struct Args {
    /// A command other than checking answers; with none, star-check checks the paths given.
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Answer files (Markdown or text) or folders to check; `-` reads standard input. With no path,
    /// reads standard input, or lets you type an answer at the terminal.
    pub paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// The interview question of the first answer of each input (standard input, a typed answer or
    /// a file); it wins over a question the file gives.
    #[arg(long, value_name = "TEXT")]
    pub question: Option<String>,

    #[command(flatten)]
    pub settings: SettingsArgs,

    /// Print only the answers that fail (and nothing when all pass); `--format json` still prints
    /// every answer.
    #[arg(long, short)]
    pub quiet: bool,

    /// In the human report, print every finding with its source line, instead of one entry a rule
    /// with the places it fired.
    #[arg(long, short)]
    pub verbose: bool,

    /// Add each scored answer whose question is in the bank to the practice history
    /// (`.star-check/history.jsonl` beside the nearest config), for `star-check progress`.
    #[arg(long)]
    pub record: bool,

    /// Print how many findings each rule produced, most frequent first, instead of the report.
    #[arg(long)]
    pub statistics: bool,

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

/// The settings a config file can also give; the command line wins over the config. Shared by the
/// check and `star-check config`, so that `config` shows what a check with the same flags would use.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct SettingsArgs {
    /// Use this config file instead of the nearest star-check.toml or .star-check.toml.
    #[arg(long, value_name = "PATH", conflicts_with = "isolated")]
    pub config: Option<PathBuf>,

    /// Ignore every config file.
    #[arg(long)]
    pub isolated: bool,

    /// The kind of question, instead of inferring it from the question (overrides front matter and
    /// the config's `[kinds]`).
    #[arg(long, value_enum)]
    pub kind: Option<KindArg>,

    /// Extra rule files or folders of rule files, added to the built-in rules (and the config's).
    #[arg(long = "rules", value_name = "PATH")]
    pub rules: Vec<PathBuf>,

    /// Do not load the built-in rules (their scoring and STAR parameters still apply).
    #[arg(long)]
    pub no_default_rules: bool,

    /// An answer scoring below this fails (exit code 1). [default: 60]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(0..=100))]
    pub min_score: Option<u32>,

    /// An answer with a finding at or above this severity fails, whatever its score; `never`: only
    /// the score decides. [default: error]
    #[arg(long, value_enum, value_name = "SEVERITY")]
    pub fail_on: Option<FailOn>,

    /// Coach every answer against this bank question (`star-check questions` lists the ids),
    /// whatever its question says.
    #[arg(long, value_name = "ID")]
    pub question_id: Option<String>,

    /// Also match the topics of a role track: java, python, nodejs or cloud.
    #[arg(long, value_name = "NAME")]
    pub track: Option<String>,
}

/// The commands besides checking. Each lives in its own module and runs with its own arguments.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the settings in force for a file or folder, and where each came from.
    Config(show_config::ConfigArgs),
    /// List the loaded rules, or test the examples in rule files (`rules test PATH...`).
    Rules(rules::RulesArgs),
    /// Explain a rule: what it checks, why it matters, what to do instead, and its examples.
    Explain(explain::ExplainArgs),
    /// List the question bank: each question's id, kind and first phrasing.
    Questions(questions::QuestionsArgs),
    /// Create a commented star-check.toml and an answers/ folder with one template per question kind.
    Init(init::InitArgs),
    /// Print a shell completion script to standard output.
    Completions(completions::CompletionsArgs),
    /// Print the manual page (roff) to standard output, or the page of one command.
    Man(man::ManArgs),
    /// Practise: answer a question from the bank (typed or piped), get the report, and keep a record.
    Practice(practice::PracticeArgs),
    /// Show your practice history: per question the attempts, best and latest score and the trend.
    Progress(progress::ProgressArgs),
    /// Compare two versions of an answer: score change, findings fixed and new, parts gained and lost.
    Diff(diff::DiffArgs),
    /// Run the language server on standard input and output, for live coaching in an editor.
    Lsp(LspArgs),
}

/// `star-check lsp`. The server always speaks over stdio; `--stdio` is accepted because editors'
/// generic LSP clients pass it.
#[derive(Debug, clap::Args)]
pub struct LspArgs {
    /// Speak LSP over standard input and output (the only transport, and the default).
    #[arg(long)]
    pub stdio: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// For a person at a terminal: score, STAR map, and each finding under its source line.
    Human,
    /// The whole report as JSON, the shape README documents.
    Json,
    /// One line a finding and a score line an answer: `path:line:col: severity[rule-id] message`.
    Short,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
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
    General,
}

impl From<KindArg> for QuestionKind {
    fn from(kind: KindArg) -> QuestionKind {
        match kind {
            KindArg::Behavioral => QuestionKind::Behavioral,
            KindArg::Situational => QuestionKind::Situational,
            KindArg::Technical => QuestionKind::Technical,
            KindArg::Intro => QuestionKind::Intro,
            KindArg::Project => QuestionKind::Project,
            KindArg::General => QuestionKind::General,
        }
    }
}

/// How a run ended, mapped to the exit code by `main`: 0, 1 or 2.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// Every answer passed.
    Success,
    /// Some answer scored below the pass mark or has a finding at or above `fail-on`.
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
/// Writes an error or notice to stderr as `star-check: MESSAGE`, on one line whatever it quotes:
/// a path, rule id or pattern holding a line break is shown escaped (`\n`), so that editors and
/// scripts reading stderr a line at a time get one error a line.
pub fn print_error(err: &mut dyn std::io::Write, message: impl std::fmt::Display) -> std::io::Result<()> {
    let line = crate::rules::error::one_line(message.to_string());
    writeln!(err, "star-check: {line}")
}

pub fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stdout().is_terminal()
        }
    }
}

/// Parses the command line. A command's name is always the command, wherever the options put it,
/// as `ruff check` is: clap alone would run `star-check config` but check a folder named `config`
/// in `star-check --format short config`, because an option before a command makes clap read the
/// word as a path. Here the word is moved before the options and the line parsed again, so options
/// the command does not take are refused by clap's usual error. A path that is spelled like a command
/// is checked when written as a path (`./config`) or after `--`; when a file or folder of that name
/// is here, a hint on stderr says so.
pub fn parse_args(argv: Vec<std::ffi::OsString>, err: &mut dyn std::io::Write) -> Args {
    use clap::{CommandFactory, FromArgMatches};
    let matches = Args::command().get_matches_from(argv.clone());
    let args = Args::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    let commands: Vec<String> = Args::command()
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    let named = |word: &std::ffi::OsStr| commands.iter().find(|c| word == c.as_str()).cloned();
    let command_word = match (&args.command, args.paths.first()) {
        (Some(_), _) => matches.subcommand_name().map(str::to_string),
        (None, Some(first)) => named(first.as_os_str()),
        (None, None) => None,
    };
    let Some(word) = command_word else {
        return args;
    };
    let after_dashes = args.command.is_none()
        && argv
            .iter()
            .skip(1)
            .take_while(|a| *a != word.as_str())
            .any(|a| a == "--");
    if after_dashes {
        return args;
    }
    if std::path::Path::new(&word).exists() {
        let _ = print_error(
            err,
            format_args!(
                "hint: `{word}` runs the {word} command; to check the file or folder named {word}, write ./{word}"
            ),
        );
    }
    if args.command.is_some() {
        return args;
    }
    // The occurrence that clap read as the first path: removing it leaves the other paths. After
    // `--` every word is a path, as the user asked.
    let position = (1..argv.len()).filter(|&i| argv[i] == word.as_str()).find(|&i| {
        if argv[1..i].iter().any(|a| a == "--") {
            return false;
        }
        let mut without = argv.clone();
        without.remove(i);
        Args::try_parse_from(without).is_ok_and(|rest| rest.paths.as_slice() == &args.paths[1..])
    });
    let Some(position) = position else {
        return args;
    };
    let mut reordered = vec![argv[0].clone(), argv[position].clone()];
    reordered.extend(argv[1..position].iter().cloned());
    reordered.extend(argv[position + 1..].iter().cloned());
    Args::parse_from(reordered)
}

/// Runs the command the arguments name, writing reports to `out` and errors to `err`.
pub fn run(args: &Args, out: &mut dyn std::io::Write, err: &mut dyn std::io::Write) -> std::io::Result<ExitStatus> {
    match &args.command {
        None => check::run(args, out, err),
        Some(Command::Config(config_args)) => show_config::run(config_args, out, err),
        Some(Command::Rules(rules_args)) => rules::run(rules_args, out, err),
        Some(Command::Explain(explain_args)) => explain::run(explain_args, out, err),
        Some(Command::Questions(questions_args)) => questions::run(questions_args, out, err),
        Some(Command::Init(init_args)) => init::run(init_args, out, err),
        Some(Command::Completions(completions_args)) => completions::run(completions_args, out),
        Some(Command::Man(man_args)) => man::run(man_args, out, err),
        Some(Command::Practice(practice_args)) => practice::run(practice_args, out, err),
        Some(Command::Progress(progress_args)) => progress::run(progress_args, out, err),
        Some(Command::Diff(diff_args)) => diff::run(diff_args, out, err),
        Some(Command::Lsp(_)) => crate::lsp::run(out, err),
    }
}

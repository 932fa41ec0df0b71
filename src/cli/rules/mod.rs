//! `star-check rules`: list the loaded rules, as aligned columns or JSON. `rules test` lives in
//! [`test`]; the loading both share (and `explain` uses) lives here.

pub mod test;

use super::ExitStatus;
use crate::rules::error::RuleError;
use crate::rules::schema::{Category, Examples, QuestionKind, RuleType, Scope, Severity};
use crate::rules::{DEFAULT_RULE_FILES, LoadOptions, Rule, RuleSet, RuleSource};
use clap::{Subcommand, ValueEnum};
use serde::Serialize;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct RulesArgs {
    #[command(subcommand)]
    pub command: Option<RulesCommand>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Human)]
    pub format: ListFormat,

    #[command(flatten)]
    pub selection: RuleSelection,
}

#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// Run the examples embedded in rule files (`examples.flag` must fire, `examples.pass` must not)
    /// and report each one that does not behave.
    Test(test::TestArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Human,
    Json,
}

/// Which rules a command loads, as the check does: the built-in rules unless `--no-default-rules`,
/// plus the files and folders given with `--rules`.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct RuleSelection {
    /// Extra rule files or folders of rule files, added to the built-in rules.
    #[arg(long = "rules", value_name = "PATH")]
    pub rules: Vec<PathBuf>,

    /// Do not load the built-in rules.
    #[arg(long)]
    pub no_default_rules: bool,
}

/// A loaded rule set with the text of every file it came from, so that a rule's definition can be
/// found again (`explain` points at its line).
pub struct LoadedRules {
    pub set: RuleSet,
    /// (path, text) of each rule file read, built-in ones first.
    pub files: Vec<(String, String)>,
}

impl LoadedRules {
    /// The 1-based line of the `id = "…"` that defines `rule` in its file, when it can be found.
    pub fn definition_line(&self, rule: &Rule) -> Option<usize> {
        let (_, text) = self.files.iter().find(|(path, _)| *path == rule.origin)?;
        text.lines().position(|line| defines(line, &rule.id)).map(|i| i + 1)
    }
}

fn defines(line: &str, id: &str) -> bool {
    line.split_once('=')
        .is_some_and(|(key, value)| key.trim() == "id" && value.trim().trim_matches(['"', '\'']).trim() == id)
}

/// Loads the built-in rules (unless `no_default_rules`), then `extra` rule files and folders.
pub fn load(selection: &RuleSelection, extra: &[PathBuf]) -> Result<LoadedRules, Vec<RuleError>> {
    let mut sources = Vec::new();
    for path in selection.rules.iter().chain(extra) {
        for source in RuleSource::read(path).map_err(|e| vec![e])? {
            // The same file named twice would otherwise be a wall of "duplicate rule id" errors.
            if !sources.iter().any(|s: &RuleSource| s.path == source.path) {
                sources.push(source);
            }
        }
    }
    let mut files: Vec<(String, String)> = DEFAULT_RULE_FILES
        .iter()
        .map(|(path, text)| (path.to_string(), text.to_string()))
        .collect();
    files.extend(sources.iter().map(|s| (s.path.clone(), s.text.clone())));
    let set = RuleSet::load(LoadOptions {
        default_rules: !selection.no_default_rules,
        extra: sources,
    })?;
    Ok(LoadedRules { set, files })
}

/// Writes each load error as a one-line message on `err`, as the check does.
pub fn report_load_errors(errors: &[RuleError], err: &mut dyn std::io::Write) -> std::io::Result<ExitStatus> {
    for error in errors {
        crate::cli::print_error(err, error)?;
    }
    Ok(ExitStatus::Error)
}

/// A rule as `rules --format json` prints it.
#[derive(Debug, Serialize)]
pub struct RuleInfo<'a> {
    pub id: &'a str,
    #[serde(rename = "type")]
    pub rule_type: RuleType,
    pub category: Category,
    /// `null` for rules that never report a finding (`star-cue`, `kind`).
    pub severity: Option<Severity>,
    pub scope: Scope,
    /// `null` means every kind.
    pub kinds: Option<&'a [QuestionKind]>,
    pub message: &'a str,
    pub advice: &'a str,
    pub suggestion: Option<&'a str>,
    pub source: &'a str,
    pub origin: &'a str,
    pub line: Option<usize>,
    /// Whether the rule reports findings, or only feeds the STAR decoder or kind inference.
    pub reports: bool,
    pub examples: &'a Examples,
}

impl<'a> RuleInfo<'a> {
    pub fn new(rule: &'a Rule, line: Option<usize>) -> Self {
        let reports = rule.rule_type.reports();
        RuleInfo {
            id: &rule.id,
            rule_type: rule.rule_type,
            category: rule.category,
            severity: reports.then_some(rule.severity),
            scope: rule.scope,
            kinds: rule.kinds.as_deref(),
            message: &rule.message,
            advice: &rule.advice,
            suggestion: rule.suggestion.as_deref(),
            source: &rule.source,
            origin: &rule.origin,
            line,
            reports,
            examples: &rule.examples,
        }
    }
}

#[derive(Serialize)]
struct RuleList<'a> {
    version: u32,
    rules: Vec<RuleInfo<'a>>,
}

/// Runs `star-check rules` (or `rules test`).
pub fn run(
    args: &RulesArgs,
    out: &mut dyn std::io::Write,
    err: &mut dyn std::io::Write,
) -> std::io::Result<ExitStatus> {
    if let Some(RulesCommand::Test(test_args)) = &args.command {
        return test::run(test_args, out, err);
    }
    let loaded = match load(&args.selection, &[]) {
        Ok(loaded) => loaded,
        Err(errors) => return report_load_errors(&errors, err),
    };
    match args.format {
        ListFormat::Human => write_table(&loaded.set, out)?,
        ListFormat::Json => {
            let list = RuleList {
                version: 1,
                // Talking points are listed by `star-check questions --format json`.
                rules: loaded
                    .set
                    .rules
                    .iter()
                    .filter(|rule| rule.rule_type != RuleType::Coverage)
                    .map(|rule| RuleInfo::new(rule, loaded.definition_line(rule)))
                    .collect(),
            };
            serde_json::to_writer_pretty(&mut *out, &list).map_err(std::io::Error::from)?;
            writeln!(out)?;
        }
    }
    Ok(ExitStatus::Success)
}

/// One line a rule, columns aligned: id, category, severity, scope, type, message. Rules that do
/// not report (STAR cues, kind rules) show `-` for severity: they shape the analysis instead.
fn write_table(rules: &RuleSet, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let header = ["ID", "CATEGORY", "SEVERITY", "SCOPE", "TYPE", "MESSAGE"];
    // Talking points are hundreds of rules of one shape; `star-check questions` lists them.
    let rows: Vec<[&str; 6]> = rules
        .rules
        .iter()
        .filter(|rule| rule.rule_type != RuleType::Coverage)
        .map(|rule| {
            let severity = if rule.rule_type.reports() {
                rule.severity.name()
            } else {
                "-"
            };
            [
                rule.id.as_str(),
                rule.category.id(),
                severity,
                rule.scope.name(),
                rule.rule_type.name(),
                rule.message.as_str(),
            ]
        })
        .collect();
    let mut widths = header.map(str::len);
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    for row in std::iter::once(&header).chain(&rows) {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            if i + 1 == row.len() {
                line.push_str(cell);
            } else {
                line.push_str(cell);
                line.extend(std::iter::repeat_n(' ', widths[i] - cell.chars().count() + 2));
            }
        }
        writeln!(out, "{line}")?;
    }
    let listed = |r: &&crate::rules::Rule| r.rule_type != RuleType::Coverage;
    let reporting = rules
        .rules
        .iter()
        .filter(listed)
        .filter(|r| r.rule_type.reports())
        .count();
    let total = rules.rules.iter().filter(listed).count();
    let points = rules.rules.len() - total;
    if points > 0 {
        writeln!(
            out,
            "\n{points} talking-point rules (coverage/QUESTION/POINT) of {} bank questions are left out: `star-check questions` lists them",
            rules.questions.len()
        )?;
    }
    writeln!(
        out,
        "\n{total} rule{} ({reporting} reporting findings, {} guiding the analysis: star-cue rules label STAR parts, kind rules infer the question kind)",
        if total == 1 { "" } else { "s" },
        total - reporting
    )?;
    Ok(())
}

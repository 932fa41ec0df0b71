//! `star-check config [PATH]`: the settings in force for a file or folder, each with where it came
//! from (a default, a rule file, the config file, the command line), in aligned columns.

use super::settings::{Profile, Resolver, Source};
use super::{ExitStatus, SettingsArgs};
use crate::document::Document;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct ConfigArgs {
    /// The answer file or folder to show the settings for [default: the current folder].
    pub path: Option<PathBuf>,

    #[command(flatten)]
    pub settings: SettingsArgs,
}

/// One printed line: setting, value, where the value came from.
type Row = (String, String, String);

pub fn run(args: &ConfigArgs, out: &mut dyn Write, err: &mut dyn Write) -> std::io::Result<ExitStatus> {
    let mut resolver = Resolver::new(&args.settings);
    let path = args.path.clone().unwrap_or_else(|| PathBuf::from("."));
    let absolute = resolver.absolute(&path);
    if !absolute.exists() {
        super::print_error(err, format_args!("{}: no such file or folder", path.display()))?;
        return Ok(ExitStatus::Error);
    }
    let file = absolute.is_file().then_some(absolute.as_path());
    let folder = match file {
        Some(file) => file.parent().map_or_else(|| absolute.clone(), Path::to_path_buf),
        None => absolute.clone(),
    };
    let Some(index) = resolver.profile_for_folder(&folder) else {
        for error in &resolver.errors {
            super::print_error(err, error)?;
        }
        return Ok(ExitStatus::Error);
    };
    let rows = rows(&resolver.profiles[index], &args.settings, file);
    let key_width = rows.iter().map(|r| r.0.chars().count()).max().unwrap_or(0);
    let value_width = rows.iter().map(|r| r.1.chars().count()).max().unwrap_or(0);
    for (key, value, source) in rows {
        let line = format!("{key:<key_width$}  {value:<value_width$}  {source}");
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(ExitStatus::Success)
}

fn rows(profile: &Profile, cli: &SettingsArgs, file: Option<&Path>) -> Vec<Row> {
    let mut rows: Vec<Row> = Vec::new();
    let mut row = |key: &str, value: String, source: String| rows.push((key.to_string(), value, source));
    let config = match (&profile.config, cli.isolated) {
        (Some(config), _) => {
            let how = if cli.config.is_some() {
                "command line (--config)"
            } else {
                "found walking up from the path"
            };
            (config.display.clone(), how.to_string())
        }
        (None, true) => ("(none)".into(), "command line (--isolated)".into()),
        (None, false) => ("(none)".into(), "none found walking up from the path".into()),
    };
    row("config file", config.0, config.1);
    row(
        "min-score",
        profile.min_score.value.to_string(),
        profile.min_score.source.to_string(),
    );
    row(
        "fail-on",
        profile.fail_on.value.name().into(),
        profile.fail_on.source.to_string(),
    );
    let front_matter = file.and_then(|f| front_matter_kind(profile, f));
    let kind = match (profile.kind, front_matter, file.and_then(|f| profile.glob_kind(f))) {
        (Some(kind), _, _) => (kind.id().to_string(), Source::CommandLine.to_string()),
        (None, Some(kind), _) => (kind, "the file's front matter".to_string()),
        (None, None, Some((kind, glob))) => {
            let config = profile.config.as_ref().map_or(String::new(), |c| c.display.clone());
            (kind.id().to_string(), format!("{config} [kinds] \"{glob}\""))
        }
        (None, None, None) if file.is_some() => ("inferred from the question".into(), "default".into()),
        (None, None, None) => (
            "per file: front matter, [kinds], else the question".into(),
            "default".into(),
        ),
    };
    row("kind", kind.0, kind.1);
    if profile.kinds.is_empty() {
        row("kinds", "(none)".into(), Source::Default.to_string());
    }
    for entry in &profile.kinds {
        let (glob, kind) = &entry.value;
        row(
            "kinds",
            format!("\"{}\" = {}", glob.pattern, kind.id()),
            entry.source.to_string(),
        );
    }
    for (key, globs) in [("include", &profile.include), ("exclude", &profile.exclude)] {
        let list: Vec<&str> = globs.value.iter().map(|g| g.pattern.as_str()).collect();
        row(key, list_or_none(&list), globs.source.to_string());
    }
    row(
        "rules.defaults",
        if profile.default_rules.value { "on" } else { "off" }.into(),
        profile.default_rules.source.to_string(),
    );
    let lists = [
        ("rules.extra", &profile.extra_rules),
        ("rules.disable", &profile.disable),
    ];
    for (key, list) in lists {
        if list.is_empty() {
            row(key, "(none)".into(), Source::Default.to_string());
        }
        for entry in list {
            row(key, entry.value.clone(), entry.source.to_string());
        }
    }
    if profile.severity.is_empty() {
        row("rules.severity", "(none)".into(), Source::Default.to_string());
    }
    for entry in &profile.severity {
        let (selector, severity) = &entry.value;
        row(
            "rules.severity",
            format!("\"{selector}\" = {}", severity.name()),
            entry.source.to_string(),
        );
    }
    row(
        "speaking-rate-wpm",
        profile.speaking_rate_wpm.value.to_string(),
        profile.speaking_rate_wpm.source.to_string(),
    );
    for (kind, target, value) in profile.length_targets() {
        row(
            &format!("length.{}", kind.id()),
            format!("{} = {}", target.id(), value.value),
            value.source.to_string(),
        );
    }
    rows
}

/// The `kind` a file's front matter gives, as written; `None` when it gives none or cannot be read
/// (the check itself reports why).
fn front_matter_kind(profile: &Profile, file: &Path) -> Option<String> {
    let text = std::fs::read_to_string(file).ok()?;
    let is_label = |heading: &str| profile.rules.star_labels.heading_label(heading).is_some();
    Document::parse(&text, &is_label).ok()?.front_matter.kind
}

fn list_or_none(list: &[&str]) -> String {
    if list.is_empty() {
        "(none)".into()
    } else {
        list.join(", ")
    }
}

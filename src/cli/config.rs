//! The config file, `star-check.toml` or `.star-check.toml`: its schema (serde types that refuse
//! unknown keys), finding the nearest one, reading it, and the checks serde cannot make (ranges,
//! globs, rule names), each error with the file, line and column.

use crate::document::LineIndex;
use crate::rules::schema::{QuestionKind, Severity};
use crate::rules::selector::RuleSelector;
use globset::{Glob, GlobBuilder, GlobMatcher};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};
use std::sync::OnceLock;
use toml::Spanned;

/// Names a config file may have, in the order they are looked for in each folder (as ruff prefers
/// `.ruff.toml` to `ruff.toml`).
pub const CONFIG_NAMES: [&str; 2] = [".star-check.toml", "star-check.toml"];

/// What a walked folder picks up when no config says `include`.
pub const DEFAULT_INCLUDE: [&str; 3] = ["*.md", "*.markdown", "*.txt"];

/// A config file as written. Every value is optional: what is missing comes from the defaults, and
/// the command line overrides what is here.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default, rename_all = "kebab-case")]
pub struct ConfigFile {
    /// The pass mark, 0 to 100.
    pub min_score: Option<Spanned<u32>>,
    /// The lowest severity that fails an answer.
    pub fail_on: Option<FailOn>,
    /// Words per minute, for speaking time; replaces `[scoring] speaking-rate-wpm`.
    pub speaking_rate_wpm: Option<Spanned<f64>>,
    /// Globs of the files a walked folder picks up; replaces the default (`*.md`, `*.markdown`, `*.txt`).
    pub include: Option<Vec<Spanned<String>>>,
    /// Globs of files a walked folder skips.
    pub exclude: Vec<Spanned<String>>,
    pub rules: RulesTable,
    /// Glob to question kind, for files under the config's folder; a later glob wins.
    pub kinds: BTreeMap<Spanned<String>, QuestionKind>,
    /// Length targets per question kind.
    pub length: BTreeMap<QuestionKind, LengthTable>,
}

/// `[rules]`: which rules run and how loudly.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default, rename_all = "kebab-case")]
pub struct RulesTable {
    /// Rule ids or namespaces (`red-flag/*`) to switch off.
    pub disable: Vec<Spanned<String>>,
    /// Rule id or namespace to its new severity.
    pub severity: BTreeMap<Spanned<String>, Severity>,
    /// Rule files or folders of them, relative to the config file, added to the built-in rules.
    pub extra: Vec<Spanned<String>>,
}

/// `[length.KIND]`: bounds that replace those of the rules declaring the same `target`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default, rename_all = "kebab-case")]
pub struct LengthTable {
    pub min_words: Option<Spanned<f64>>,
    pub max_words: Option<Spanned<f64>>,
    pub min_seconds: Option<Spanned<f64>>,
    pub max_seconds: Option<Spanned<f64>>,
}

impl LengthTable {
    /// The targets set, in the order [`crate::rules::schema::LengthTarget::ALL`] lists them.
    pub fn targets(&self) -> Vec<(crate::rules::schema::LengthTarget, &Spanned<f64>)> {
        use crate::rules::schema::LengthTarget::*;
        [
            (MinWords, &self.min_words),
            (MaxWords, &self.max_words),
            (MinSeconds, &self.min_seconds),
            (MaxSeconds, &self.max_seconds),
        ]
        .into_iter()
        .filter_map(|(target, value)| value.as_ref().map(|v| (target, v)))
        .collect()
    }
}

/// When a finding fails an answer, whatever its score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum FailOn {
    /// An `error` finding fails the answer.
    Error,
    /// A `warning` or `error` finding fails the answer.
    Warning,
    /// Only the score decides.
    Never,
}

impl FailOn {
    /// The lowest severity that fails an answer, if any does.
    pub fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Never => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            FailOn::Error => "error",
            FailOn::Warning => "warning",
            FailOn::Never => "never",
        }
    }
}

/// A config file that was read and parsed.
#[derive(Debug)]
pub struct LoadedConfig {
    /// Absolute, with `.` and `..` resolved.
    pub path: PathBuf,
    /// How messages name it: relative to the current folder when it is under it.
    pub display: String,
    pub text: String,
    pub file: ConfigFile,
}

impl LoadedConfig {
    /// The folder its relative paths and globs start from.
    pub fn folder(&self) -> &Path {
        self.path.parent().unwrap_or(Path::new("/"))
    }

    /// An error at byte `offset` of the file, as `PATH:LINE:COL: message`.
    pub fn error_at(&self, offset: usize, message: impl std::fmt::Display) -> String {
        position_error(&self.display, &self.text, offset, message)
    }
}

fn position_error(path: &str, text: &str, offset: usize, message: impl std::fmt::Display) -> String {
    let at = LineIndex::new(text).line_col(text, offset);
    format!("{path}:{}:{}: {message}", at.line, at.column)
}

/// Reads and parses a config file, then checks what serde cannot. Errors are whole lines for
/// stderr (without the `star-check: ` prefix).
pub fn load(path: &Path, display: String) -> Result<LoadedConfig, Vec<String>> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        let why = match e.kind() {
            std::io::ErrorKind::NotFound => "no such file".to_string(),
            std::io::ErrorKind::InvalidData => "not UTF-8 text".to_string(),
            _ => e.to_string(),
        };
        vec![format!("{display}: cannot read config file: {why}")]
    })?;
    let file: ConfigFile = toml::from_str(&text).map_err(|e| {
        let offset = e.span().map_or(0, |span| span.start);
        vec![position_error(
            &display,
            &text,
            offset,
            e.message().trim().replace('\n', " "),
        )]
    })?;
    let config = LoadedConfig {
        path: path.to_path_buf(),
        display,
        text,
        file,
    };
    let errors = validate(&config);
    if errors.is_empty() { Ok(config) } else { Err(errors) }
}

/// Checks the values serde accepted: ranges, globs, rule names, that extra rule paths exist.
fn validate(config: &LoadedConfig) -> Vec<String> {
    let file = &config.file;
    let mut errors = Vec::new();
    let mut fail = |offset: usize, message: String| errors.push(config.error_at(offset, message));
    if let Some(min) = &file.min_score
        && *min.get_ref() > 100
    {
        fail(min.span().start, "`min-score` is a score from 0 to 100".into());
    }
    if let Some(rate) = &file.speaking_rate_wpm
        && !(rate.get_ref().is_finite() && *rate.get_ref() > 0.0)
    {
        fail(
            rate.span().start,
            "`speaking-rate-wpm` is a positive number of words a minute".into(),
        );
    }
    let globs = file
        .include
        .iter()
        .flatten()
        .chain(&file.exclude)
        .chain(file.kinds.keys());
    for glob in globs {
        if let Err(why) = PathGlob::new(glob.get_ref()) {
            fail(glob.span().start, why);
        }
    }
    for selector in file.rules.disable.iter().chain(file.rules.severity.keys()) {
        if let Err(why) = RuleSelector::parse(selector.get_ref()) {
            fail(selector.span().start, why);
        }
    }
    for extra in &file.rules.extra {
        if !config.folder().join(extra.get_ref()).exists() {
            fail(
                extra.span().start,
                format!("no rule file or folder `{}` next to this config", extra.get_ref()),
            );
        }
    }
    for table in file.length.values() {
        for (target, value) in table.targets() {
            if value.get_ref().is_nan() || *value.get_ref() < 0.0 {
                fail(value.span().start, format!("`{}` is a number, 0 or more", target.id()));
            }
        }
    }
    errors
}

/// The config file in `folder` itself, if any.
pub fn in_folder(folder: &Path) -> Option<PathBuf> {
    CONFIG_NAMES
        .iter()
        .map(|name| folder.join(name))
        .find(|path| path.is_file())
}

/// `path` made absolute against `cwd`, with `.` and `..` resolved by hand: the file may not exist,
/// and symlinks are left as written, so globs see the path the user sees.
pub fn absolute(cwd: &Path, path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in cwd.join(path).components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// A glob over paths relative to a config's folder, read as `.gitignore` reads them: a pattern with
/// no `/` matches a file name at any depth (`*.md`); one with a `/` at its start or in its middle
/// matches the whole relative path (`technical/**`), where `*` stays inside one folder and `**`
/// crosses folders; a trailing `/` means everything under such a folder (`drafts/` at any depth,
/// `/drafts/` only at the top).
///
/// The glob is parsed (and so checked) when it is made, and compiled to its regex the first time a
/// path is matched: a run on files named outright never matches a path, and compiling the default
/// includes cost such a run 1.1 M instructions.
#[derive(Debug, Clone)]
pub struct PathGlob {
    pub pattern: String,
    glob: Glob,
    matcher: OnceLock<GlobMatcher>,
    whole_path: bool,
}

impl PathGlob {
    pub fn new(pattern: &str) -> Result<PathGlob, String> {
        let leading_slash = pattern.starts_with('/');
        let body = pattern.trim_start_matches("./").trim_start_matches('/');
        let folder = body.ends_with('/');
        let body = body.trim_end_matches('/');
        if body.is_empty() {
            return Err("an empty glob matches nothing".into());
        }
        // As in .gitignore, a `/` at the start or in the middle anchors the glob to the config's
        // folder; a trailing one only says "a folder".
        let anchored = leading_slash || body.contains('/');
        let (expanded, whole_path) = match (anchored, folder) {
            (true, true) => (format!("{body}/**"), true),
            (true, false) => (body.to_string(), true),
            (false, true) => (format!("**/{body}/**"), true),
            (false, false) => (body.to_string(), false),
        };
        let glob = GlobBuilder::new(&expanded)
            .literal_separator(true)
            .build()
            .map_err(|e| format!("invalid glob `{pattern}`: {}", e.kind()))?;
        Ok(PathGlob {
            pattern: pattern.to_string(),
            glob,
            matcher: OnceLock::new(),
            whole_path,
        })
    }

    /// Whether the glob matches `relative`, a path under the config's folder.
    pub fn is_match(&self, relative: &Path) -> bool {
        let matcher = self.matcher.get_or_init(|| self.glob.compile_matcher());
        if self.whole_path {
            matcher.is_match(relative)
        } else {
            relative.file_name().is_some_and(|name| matcher.is_match(name))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glob(pattern: &str) -> PathGlob {
        PathGlob::new(pattern).unwrap()
    }

    #[test]
    fn globs_without_a_slash_match_names_at_any_depth() {
        assert!(glob("*.md").is_match(Path::new("a.md")));
        assert!(glob("*.md").is_match(Path::new("deep/down/a.md")));
        assert!(!glob("*.md").is_match(Path::new("a.mdx")));
        assert!(glob("draft-*").is_match(Path::new("x/draft-1.md")));
    }

    #[test]
    fn globs_with_a_slash_match_the_relative_path() {
        assert!(glob("technical/**").is_match(Path::new("technical/cap.md")));
        assert!(glob("technical/**").is_match(Path::new("technical/db/index.md")));
        assert!(!glob("technical/**").is_match(Path::new("behavioral/technical/x.md")));
        assert!(glob("technical/*.md").is_match(Path::new("technical/cap.md")));
        assert!(!glob("technical/*.md").is_match(Path::new("technical/db/index.md")));
        assert!(glob("drafts/").is_match(Path::new("drafts/x/y.md")));
        assert!(glob("drafts/").is_match(Path::new("answers/drafts/y.md")));
        assert!(!glob("drafts/").is_match(Path::new("drafts.md")));
        assert!(glob("/drafts/").is_match(Path::new("drafts/y.md")));
        assert!(!glob("/drafts/").is_match(Path::new("answers/drafts/y.md")));
        assert!(glob("/top.md").is_match(Path::new("top.md")));
        assert!(!glob("/top.md").is_match(Path::new("a/top.md")));
        assert!(glob("**/intro.md").is_match(Path::new("a/b/intro.md")));
    }

    #[test]
    fn bad_globs_say_why() {
        assert_eq!(
            PathGlob::new("answers/[a-").unwrap_err(),
            "invalid glob `answers/[a-`: unclosed character class; missing ']'"
        );
        assert!(PathGlob::new("").is_err());
    }

    #[test]
    fn absolute_resolves_dots_without_touching_the_disk() {
        let cwd = Path::new("/home/me/project");
        assert_eq!(
            absolute(cwd, Path::new("../other/./a.md")),
            PathBuf::from("/home/me/other/a.md")
        );
        assert_eq!(absolute(cwd, Path::new("/abs/x.md")), PathBuf::from("/abs/x.md"));
    }

    /// The example config with its `#key = value` examples switched on, each replacing the active
    /// line with the same key in its table.
    fn uncommented(example: &str) -> String {
        let mut lines: Vec<String> = Vec::new();
        let mut table_start = 0;
        for line in example.lines() {
            let example = line
                .strip_prefix('#')
                .filter(|rest| rest.starts_with(|c: char| c.is_ascii_lowercase() || c == '"' || c == '['));
            let line = example.unwrap_or(line).to_string();
            if line.starts_with('[') {
                table_start = lines.len();
            } else if example.is_some()
                && let Some((key, _)) = line.split_once(" = ")
            {
                let same_key = |l: &String| l.split_once(" = ").is_some_and(|(k, _)| k == key);
                if let Some(at) = lines[table_start..].iter().position(same_key) {
                    lines.remove(table_start + at);
                }
            }
            lines.push(line);
        }
        lines.join("\n")
    }

    #[test]
    fn the_example_config_parses_and_validates_with_and_without_its_examples() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("star-check.toml");
        let example = include_str!("star-check.example.toml");
        std::fs::write(&path, example).unwrap();
        let config = load(&path, "star-check.toml".into()).unwrap();
        assert_eq!(config.file.min_score.as_ref().map(|m| *m.get_ref()), Some(60));
        assert_eq!(config.file.fail_on, Some(FailOn::Error));
        assert!(config.file.length.is_empty() && config.file.rules.disable.is_empty());

        std::fs::create_dir(dir.path().join("house-rules")).unwrap();
        std::fs::write(&path, uncommented(example)).unwrap();
        let config = load(&path, "star-check.toml".into()).unwrap_or_else(|e| panic!("{e:?}"));
        let file = &config.file;
        assert_eq!(file.speaking_rate_wpm.as_ref().map(|r| *r.get_ref()), Some(150.0));
        assert_eq!(file.exclude.len(), 2);
        assert_eq!(file.rules.disable.len(), 2);
        assert_eq!(file.rules.extra.len(), 1);
        assert_eq!(file.rules.severity.len(), 2);
        assert_eq!(file.kinds.len(), 2);
        let behavioral = &file.length[&QuestionKind::Behavioral];
        assert_eq!(behavioral.min_words.as_ref().map(|v| *v.get_ref()), Some(120.0));
        assert_eq!(file.length[&QuestionKind::Intro].targets().len(), 1);
    }

    #[test]
    fn unknown_keys_and_wrong_types_have_positions() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("star-check.toml");
        std::fs::write(&path, "min-score = 70\n\n[rules]\ndisabel = [\"wording/hedge\"]\n").unwrap();
        let errors = load(&path, "star-check.toml".into()).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert!(
            errors[0].starts_with("star-check.toml:4:1: unknown field `disabel`, expected one of"),
            "{}",
            errors[0]
        );
        std::fs::write(&path, "fail-on = \"warnings\"\n").unwrap();
        let errors = load(&path, "star-check.toml".into()).unwrap_err();
        assert!(
            errors[0].starts_with("star-check.toml:1:11: unknown variant `warnings`"),
            "{}",
            errors[0]
        );
    }
}

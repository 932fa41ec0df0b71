//! The settings that apply to a checked file: built-in defaults, then the nearest config file, then
//! the command line, each value remembering where it came from (which `star-check config` prints).
//! Settings and the rule set compiled for them form a [`Profile`]; the [`Resolver`] builds one per
//! config file in use, never one per checked file.

use super::SettingsArgs;
use super::config::{self, DEFAULT_INCLUDE, FailOn, LoadedConfig, PathGlob};
use super::input::{self, Input, Origin};
use crate::report::PassPolicy;
use crate::rules::overrides::Overrides;
use crate::rules::schema::{LengthTarget, QuestionKind, Severity};
use crate::rules::selector::RuleSelector;
use crate::rules::{LoadOptions, RuleSet, RuleSource};
use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// The pass mark when neither a config nor the command line sets one.
pub const DEFAULT_MIN_SCORE: u32 = 60;

/// Where a setting's value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// star-check's own default.
    Default,
    /// A value in a rule file (the built-in `rules/metrics.toml`, or one of yours).
    RuleFile(String),
    /// A config file, as messages name it.
    Config(String),
    CommandLine,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Default => write!(f, "default"),
            Source::RuleFile(path) => write!(f, "default ({path})"),
            Source::Config(path) => write!(f, "{path}"),
            Source::CommandLine => write!(f, "command line"),
        }
    }
}

/// A value and where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Sourced<T> {
    pub value: T,
    pub source: Source,
}

fn sourced<T>(value: T, source: Source) -> Sourced<T> {
    Sourced { value, source }
}

/// Everything that applies to the files under one config (or under none): the settings with their
/// sources, and the rule set compiled and adjusted for them.
#[derive(Debug)]
pub struct Profile {
    pub config: Option<LoadedConfig>,
    pub rules: RuleSet,
    pub min_score: Sourced<u32>,
    pub fail_on: Sourced<FailOn>,
    /// `--kind`, which beats front matter and `[kinds]`.
    pub kind: Option<QuestionKind>,
    /// `[kinds]` globs in file order (the last that matches wins).
    pub kinds: Vec<Sourced<(PathGlob, QuestionKind)>>,
    pub include: Sourced<Vec<PathGlob>>,
    pub exclude: Sourced<Vec<PathGlob>>,
    pub default_rules: Sourced<bool>,
    pub extra_rules: Vec<Sourced<String>>,
    pub disable: Vec<Sourced<String>>,
    pub severity: Vec<Sourced<(String, Severity)>>,
    pub speaking_rate_wpm: Sourced<f64>,
    /// Length targets the config sets, by kind.
    pub length: Vec<(QuestionKind, LengthTarget)>,
    /// `--question-id` and `--track`, resolved against this profile's question bank.
    pub question: crate::analysis::QuestionChoice,
}

impl Profile {
    pub fn policy(&self) -> PassPolicy {
        PassPolicy {
            min_score: self.min_score.value,
            fail_on: self.fail_on.value.threshold(),
        }
    }

    /// The path of `file` relative to the config's folder, when the file is under it.
    fn relative<'p>(&self, file: &'p Path) -> Option<&'p Path> {
        file.strip_prefix(self.config.as_ref()?.folder()).ok()
    }

    /// The kind `[kinds]` gives `file` (an absolute path), with the glob that gave it.
    pub fn glob_kind(&self, file: &Path) -> Option<(QuestionKind, &str)> {
        let relative = self.relative(file)?;
        self.kinds
            .iter()
            .rev()
            .find(|k| k.value.0.is_match(relative))
            .map(|k| (k.value.1, k.value.0.pattern.as_str()))
    }

    /// Whether a folder walk should check `file` (an absolute path): `include`, then `exclude`.
    pub fn wants(&self, file: &Path) -> bool {
        let relative = self.relative(file).unwrap_or(file);
        // Outside the config's folder (with `--config`), globs still see the file's name.
        let relative = if relative.is_absolute() {
            Path::new(relative.file_name().unwrap_or_default())
        } else {
            relative
        };
        self.include.value.iter().any(|g| g.is_match(relative))
            && !self.exclude.value.iter().any(|g| g.is_match(relative))
    }

    /// Length targets that some rule uses, by kind: value and source.
    pub fn length_targets(&self) -> Vec<(QuestionKind, LengthTarget, Sourced<f64>)> {
        let mut out = Vec::new();
        for kind in QuestionKind::ALL {
            for target in LengthTarget::ALL {
                let Some((value, origin)) = self.rules.length_target(kind, target) else {
                    continue;
                };
                let source = match (&self.config, self.length.contains(&(kind, target))) {
                    (Some(config), true) => Source::Config(config.display.clone()),
                    _ => Source::RuleFile(origin.to_string()),
                };
                out.push((kind, target, sourced(value, source)));
            }
        }
        out
    }
}

/// Finds the config for each file and builds (and caches) a profile per config.
pub struct Resolver<'a> {
    cli: &'a SettingsArgs,
    cwd: PathBuf,
    /// Folder to the config file that applies there (`None`: none does).
    nearest: HashMap<PathBuf, Option<PathBuf>>,
    /// Config file (`None`: no config) to its profile (`None`: it could not be built).
    built: HashMap<Option<PathBuf>, Option<usize>>,
    pub profiles: Vec<Profile>,
    /// Errors, each a line for stderr, each config's once.
    pub errors: Vec<String>,
}

impl<'a> Resolver<'a> {
    pub fn new(cli: &'a SettingsArgs) -> Resolver<'a> {
        Resolver {
            cli,
            cwd: std::env::current_dir().unwrap_or_default(),
            nearest: HashMap::new(),
            built: HashMap::new(),
            profiles: Vec::new(),
            errors: Vec::new(),
        }
    }

    /// `path` made absolute against the current folder.
    pub fn absolute(&self, path: &Path) -> PathBuf {
        config::absolute(&self.cwd, path)
    }

    /// How messages name a path: relative to the current folder when it is under it.
    pub fn display(&self, path: &Path) -> String {
        path.strip_prefix(&self.cwd).unwrap_or(path).display().to_string()
    }

    /// The config file for files in `folder` (absolute): `--config`, none with `--isolated`, else
    /// the nearest one in the folder or above it.
    fn config_for(&mut self, folder: &Path) -> Option<PathBuf> {
        if self.cli.isolated {
            return None;
        }
        if let Some(path) = &self.cli.config {
            return Some(self.absolute(path));
        }
        if let Some(found) = self.nearest.get(folder) {
            return found.clone();
        }
        let found = match config::in_folder(folder) {
            Some(path) => Some(path),
            None => folder.parent().and_then(|parent| self.config_for(parent)),
        };
        self.nearest.insert(folder.to_path_buf(), found.clone());
        found
    }

    /// The profile for files in `folder` (absolute), building it on first use. `None` when its
    /// config or rules have errors (recorded in [`Self::errors`]).
    pub fn profile_for_folder(&mut self, folder: &Path) -> Option<usize> {
        let config = self.config_for(folder);
        if let Some(built) = self.built.get(&config) {
            return *built;
        }
        let result = self.build(config.as_deref());
        let index = match result {
            Ok(profile) => {
                self.profiles.push(profile);
                Some(self.profiles.len() - 1)
            }
            Err(errors) => {
                self.errors.extend(errors);
                None
            }
        };
        self.built.insert(config, index);
        index
    }

    /// The profile for an input: its file's folder, or the current folder for standard input.
    pub fn profile_for(&mut self, input: &Input) -> Option<usize> {
        let folder = match &input.origin {
            Origin::File(path) => {
                let file = self.absolute(path);
                file.parent().map_or_else(|| self.cwd.clone(), Path::to_path_buf)
            }
            Origin::Stdin => self.cwd.clone(),
        };
        self.profile_for_folder(&folder)
    }

    /// Whether a folder walk should pick up `path`, as the config over it says. Under a config
    /// that has errors, every answer file is picked up, so that each is reported as not checked
    /// rather than silently left out.
    pub fn wants(&mut self, path: &Path) -> bool {
        let file = self.absolute(path);
        let folder = file.parent().map_or_else(|| self.cwd.clone(), Path::to_path_buf);
        match self.profile_for_folder(&folder) {
            Some(index) => self.profiles[index].wants(&file),
            None => input::has_answer_extension(path),
        }
    }

    /// Why an input whose profile could not be built is not checked, naming the config (or, with
    /// no config, the rules) that failed.
    /// The first error of the config (or rules) that left `input` unchecked, for the one line an
    /// editor shows for the file: the stderr line that names it is not located in the file.
    pub fn unchecked_detail(&mut self, input: &Input) -> Option<String> {
        let folder = match &input.origin {
            Origin::File(path) => {
                let file = self.absolute(path);
                file.parent().map_or_else(|| self.cwd.clone(), Path::to_path_buf)
            }
            Origin::Stdin => self.cwd.clone(),
        };
        let prefix = self
            .config_for(&folder)
            .map(|config| format!("{}:", self.display(&config)));
        let errors = &self.errors;
        prefix
            .and_then(|prefix| errors.iter().find(|e| e.starts_with(&prefix)))
            .or(errors.first())
            .cloned()
    }

    pub fn why_unchecked(&mut self, input: &Input) -> String {
        let folder = match &input.origin {
            Origin::File(path) => {
                let file = self.absolute(path);
                file.parent().map_or_else(|| self.cwd.clone(), Path::to_path_buf)
            }
            Origin::Stdin => self.cwd.clone(),
        };
        match self.config_for(&folder) {
            Some(config) => format!("not checked: its config {} has errors", self.display(&config)),
            None => "not checked: the rules have errors".to_string(),
        }
    }

    fn build(&self, config_path: Option<&Path>) -> Result<Profile, Vec<String>> {
        let config = match config_path {
            Some(path) => Some(config::load(path, self.display(path))?),
            None => None,
        };
        let cli = self.cli;
        let from_config = || Source::Config(config.as_ref().map(|c| c.display.clone()).unwrap_or_default());
        let file = config.as_ref().map(|c| &c.file);

        let mut extra_rules = Vec::new();
        let mut sources = Vec::new();
        let mut errors = Vec::new();
        let config_extras = config.iter().flat_map(|c| {
            c.file
                .rules
                .extra
                .iter()
                .map(move |e| (c.folder().join(e.get_ref()), e.get_ref().clone(), from_config()))
        });
        let cli_extras = cli
            .rules
            .iter()
            .map(|p| (p.clone(), p.display().to_string(), Source::CommandLine));
        for (path, shown, source) in config_extras.chain(cli_extras) {
            match RuleSource::read(&path) {
                Ok(read) => sources.extend(read),
                Err(e) => errors.push(e.to_string()),
            }
            extra_rules.push(sourced(shown, source));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let default_rules = if cli.no_default_rules {
            sourced(false, Source::CommandLine)
        } else {
            sourced(true, Source::Default)
        };
        let mut rules = RuleSet::load(LoadOptions {
            default_rules: default_rules.value,
            extra: sources,
        })
        .map_err(|errors| errors.iter().map(ToString::to_string).collect::<Vec<_>>())?;

        let mut overrides = Overrides::default();
        let mut disable = Vec::new();
        let mut severity = Vec::new();
        let mut length = Vec::new();
        if let Some(config) = &config {
            let table = &config.file.rules;
            let mut known = |written: &toml::Spanned<String>| -> Option<RuleSelector> {
                let selector = RuleSelector::parse(written.get_ref()).ok()?;
                if rules.rules.iter().any(|r| selector.matches(&r.id)) {
                    Some(selector)
                } else {
                    errors.push(config.error_at(
                        written.span().start,
                        format!("`{}` matches no loaded rule", written.get_ref()),
                    ));
                    None
                }
            };
            for written in &table.disable {
                if let Some(selector) = known(written) {
                    overrides.disable.push(selector);
                    disable.push(sourced(written.get_ref().clone(), from_config()));
                }
            }
            for (written, level) in &table.severity {
                if let Some(selector) = known(written) {
                    overrides.severity.push((selector, *level));
                    severity.push(sourced((written.get_ref().clone(), *level), from_config()));
                }
            }
            for (kind, table) in &config.file.length {
                for (target, value) in table.targets() {
                    let used = rules.rules.iter().any(|r| {
                        matches!(&r.detail, crate::rules::RuleDetail::Metric { target: Some(t), .. } if *t == target)
                    });
                    if !used {
                        errors.push(config.error_at(
                            value.span().start,
                            format!(
                                "no loaded rule has `target = \"{}\"`, so this sets nothing",
                                target.id()
                            ),
                        ));
                        continue;
                    }
                    overrides.targets.push((*kind, target, *value.get_ref()));
                    length.push((*kind, target));
                }
            }
            overrides.speaking_rate_wpm = config.file.speaking_rate_wpm.as_ref().map(|r| *r.get_ref());
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let speaking_rate_wpm = match overrides.speaking_rate_wpm {
            Some(rate) => sourced(rate, from_config()),
            None => sourced(
                rules.scoring.speaking_rate_wpm,
                Source::RuleFile("rules/scoring.toml".into()),
            ),
        };
        rules.apply(&overrides);

        let globs = |list: &[toml::Spanned<String>]| -> Vec<PathGlob> {
            // Validated when the config was loaded.
            list.iter().filter_map(|g| PathGlob::new(g.get_ref()).ok()).collect()
        };
        let include = match file.and_then(|f| f.include.as_ref()) {
            Some(list) => sourced(globs(list), from_config()),
            None => sourced(
                DEFAULT_INCLUDE.iter().filter_map(|g| PathGlob::new(g).ok()).collect(),
                Source::Default,
            ),
        };
        let exclude = match file.filter(|f| !f.exclude.is_empty()) {
            Some(f) => sourced(globs(&f.exclude), from_config()),
            None => sourced(Vec::new(), Source::Default),
        };
        let mut kinds: Vec<_> = file.iter().flat_map(|f| f.kinds.iter()).collect();
        kinds.sort_by_key(|(glob, _)| glob.span().start);
        let kinds = kinds
            .into_iter()
            .filter_map(|(glob, kind)| {
                PathGlob::new(glob.get_ref())
                    .ok()
                    .map(|g| sourced((g, *kind), from_config()))
            })
            .collect();
        let min_score = match (cli.min_score, file.and_then(|f| f.min_score.as_ref())) {
            (Some(n), _) => sourced(n, Source::CommandLine),
            (None, Some(n)) => sourced(*n.get_ref(), from_config()),
            (None, None) => sourced(DEFAULT_MIN_SCORE, Source::Default),
        };
        let fail_on = match (cli.fail_on, file.and_then(|f| f.fail_on)) {
            (Some(f), _) => sourced(f, Source::CommandLine),
            (None, Some(f)) => sourced(f, from_config()),
            (None, None) => sourced(FailOn::Error, Source::Default),
        };
        let question = super::questions::choice(&rules, cli.question_id.as_deref(), cli.track.as_deref())
            .map_err(|message| vec![message])?;
        Ok(Profile {
            question,
            rules,
            min_score,
            fail_on,
            kind: cli.kind.map(QuestionKind::from),
            kinds,
            include,
            exclude,
            default_rules,
            extra_rules,
            disable,
            severity,
            speaking_rate_wpm,
            length,
            config,
        })
    }
}

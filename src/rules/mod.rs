//! Rule files: loading and validating TOML, then compiling every pattern once into matchers that
//! scan an answer in as few passes as the regex crate allows.

pub mod built_in;
pub mod error;
pub mod literals;
pub mod matcher;
pub mod overrides;
pub mod pattern;
pub mod questions;
pub mod schema;
pub mod selector;
pub mod spanned;

use error::{ErrorContext, RuleError};
pub use matcher::{Hits, Matchers};
pub use pattern::phrase_to_pattern;
use schema::*;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// The rule files compiled into the binary. A test checks that every `rules/*.toml` is listed.
pub const DEFAULT_RULE_FILES: &[(&str, &str)] = &[
    ("rules/kinds.toml", include_str!("../../rules/kinds.toml")),
    ("rules/star.toml", include_str!("../../rules/star.toml")),
    ("rules/star-model.toml", include_str!("../../rules/star-model.toml")),
    ("rules/red-flags.toml", include_str!("../../rules/red-flags.toml")),
    ("rules/wording.toml", include_str!("../../rules/wording.toml")),
    ("rules/evidence.toml", include_str!("../../rules/evidence.toml")),
    (
        "rules/answer-evidence.toml",
        include_str!("../../rules/answer-evidence.toml"),
    ),
    ("rules/metrics.toml", include_str!("../../rules/metrics.toml")),
    ("rules/technologies.toml", include_str!("../../rules/technologies.toml")),
    ("rules/scoring.toml", include_str!("../../rules/scoring.toml")),
    ("rules/suppressions.toml", include_str!("../../rules/suppressions.toml")),
    ("rules/questions.toml", include_str!("../../rules/questions.toml")),
];

/// What a rule does beyond the fields every rule shares.
#[derive(Debug, Clone)]
pub enum RuleDetail {
    Phrase,
    StarCue {
        part: Part,
        weight: f64,
        /// Its match makes `part` a second label of the sentence (see `RuleSpec::second_label`).
        second_label: bool,
    },
    Star {
        check: StarCheck,
        part: Option<Part>,
        share: f64,
    },
    Evidence {
        min_count: usize,
        /// A code block in the answer is evidence (`code-counts`).
        code_counts: bool,
    },
    Metric {
        metric: MetricKind,
        range: Option<[f64; 2]>,
        ranges: BTreeMap<QuestionKind, [f64; 2]>,
        min_count: usize,
        /// The length target a config file may set for this rule's range.
        target: Option<LengthTarget>,
    },
    Kind {
        kind: QuestionKind,
        weight: f64,
    },
    /// Reports on suppression comments; fired by `analysis::suppress`, not by the rule loop.
    Suppression {
        check: SuppressionCheck,
    },
    /// Whether the text is an answer at all; judged from `[answer-evidence]` by `analysis::answer`.
    Answer {
        check: AnswerCheck,
    },
    /// A talking point of a bank question: indices into [`RuleSet::questions`] and its points.
    /// Fires when the answer's question matched that question and no cue matched the answer.
    Coverage {
        question: usize,
        point: usize,
    },
}

/// A validated rule.
#[derive(Debug, Clone)]
pub struct Rule {
    pub id: String,
    pub rule_type: RuleType,
    pub category: Category,
    pub severity: Severity,
    pub scope: Scope,
    pub kinds: Option<Vec<QuestionKind>>,
    pub message: String,
    pub advice: String,
    pub suggestion: Option<String>,
    /// What an editor inserts for a missing STAR part (see `RuleSpec::prompt`).
    pub prompt: Option<String>,
    /// An unclear STAR part's message when no sentence is likely enough to name (see
    /// `RuleSpec::unnamed_message`).
    pub unnamed_message: Option<String>,
    pub source: String,
    pub penalty: Option<f64>,
    /// Highest score an answer with this finding can get.
    pub cap: Option<u32>,
    /// Indices of the rules this one outranks (`supersedes` in TOML): their findings are dropped
    /// from an answer this rule fires on.
    pub supersedes: Vec<usize>,
    pub examples: Examples,
    /// The file the rule came from, for `explain` and error messages.
    pub origin: String,
    /// Index into [`Matchers`] lexicons when the rule counts a word list.
    pub lexicon: Option<usize>,
    pub detail: RuleDetail,
    /// Switched off by a config file: compiled (so indices stay put) but never run.
    pub disabled: bool,
}

impl Rule {
    pub fn applies_to(&self, kind: QuestionKind) -> bool {
        self.kinds.as_ref().is_none_or(|kinds| kinds.contains(&kind))
    }

    /// The kind a rule's examples are analysed as: the first it applies to.
    pub fn example_kind(&self) -> QuestionKind {
        match &self.detail {
            RuleDetail::Kind { kind, .. } => *kind,
            _ => self
                .kinds
                .as_ref()
                .and_then(|k| k.first().copied())
                .unwrap_or(QuestionKind::Behavioral),
        }
    }
}

/// Everything the analysis needs: rules, their compiled matchers, the STAR decoder's parameters and
/// the scoring weights. Built once per process.
pub struct RuleSet {
    pub rules: Vec<Rule>,
    pub matchers: Matchers,
    pub star: StarSpec,
    /// The STAR labels of `[star.labels]`, compiled.
    pub star_labels: crate::analysis::star::LabelMatchers,
    /// The fitted STAR labeller of `[star-model]`.
    pub star_model: crate::analysis::star::StarModel,
    pub scoring: ScoringSpec,
    /// `[answer-evidence]`, compiled.
    pub answer_evidence: crate::analysis::answer::AnswerEvidence,
    /// The question bank; each talking point is also a `coverage/…` rule of `rules`.
    pub questions: Vec<questions::Question>,
    /// The bank's phrasings indexed for matching, built once with the rule set.
    pub question_index: crate::analysis::question_match::QuestionIndex,
}

/// One rule file's text and the name it is reported under.
pub struct RuleSource {
    pub path: String,
    pub text: String,
}

impl RuleSource {
    pub fn defaults() -> Vec<RuleSource> {
        DEFAULT_RULE_FILES
            .iter()
            .map(|(path, text)| RuleSource {
                path: path.to_string(),
                text: text.to_string(),
            })
            .collect()
    }

    /// Reads a rule file, or every `*.toml` in a folder (sorted, not recursive).
    pub fn read(path: &Path) -> Result<Vec<RuleSource>, RuleError> {
        let io_error = |e: std::io::Error| RuleError {
            path: path.display().to_string(),
            line: 1,
            column: 1,
            rule: None,
            message: format!("cannot read rule file: {e}"),
        };
        if path.is_dir() {
            let mut files: Vec<_> = std::fs::read_dir(path)
                .map_err(io_error)?
                .filter_map(|entry| entry.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "toml") && p.is_file())
                .collect();
            files.sort();
            let mut sources = Vec::new();
            for file in files {
                sources.extend(RuleSource::read(&file)?);
            }
            return Ok(sources);
        }
        let text = std::fs::read_to_string(path).map_err(io_error)?;
        Ok(vec![RuleSource {
            path: path.display().to_string(),
            text,
        }])
    }
}

/// How to assemble a rule set.
pub struct LoadOptions {
    pub default_rules: bool,
    pub extra: Vec<RuleSource>,
}

impl std::fmt::Debug for RuleSet {
    // The compiled automata are megabytes of tables; a debug print names the rules instead.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RuleSet")
            .field("rules", &self.rules.iter().map(|r| &r.id).collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

impl RuleSet {
    /// The built-in rule set.
    pub fn defaults() -> Result<RuleSet, Vec<RuleError>> {
        RuleSet::load(LoadOptions {
            default_rules: true,
            extra: Vec::new(),
        })
    }

    /// Loads and compiles rules. Parameters (`[star]`, `[scoring]`) always start from the built-in
    /// files, so `--no-default-rules` drops the built-in rules and word lists but keeps the engine
    /// tuned; a later file that defines them replaces them.
    pub fn load(options: LoadOptions) -> Result<RuleSet, Vec<RuleError>> {
        let mut sources = RuleSource::defaults();
        let default_count = sources.len();
        sources.extend(options.extra);
        let mut errors = Vec::new();
        let mut parsed = Vec::new();
        for (i, source) in sources.iter().enumerate() {
            let context = ErrorContext {
                path: &source.path,
                text: &source.text,
            };
            // A built-in file was parsed when star-check was built; any other is parsed now.
            let stored = (i < default_count).then(|| built_in::spec(&source.path, &source.text));
            let spec = match stored.flatten() {
                Some(spec) => Ok(spec),
                None => toml::from_str::<RuleFileSpec>(&source.text),
            };
            match spec {
                Ok(mut spec) => {
                    if i < default_count && !options.default_rules {
                        spec.rule.clear();
                        spec.lexicon.clear();
                        spec.question.clear();
                    }
                    parsed.push((i, spec));
                }
                Err(e) => errors.push(context.from_toml(&e)),
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        compile(&sources, parsed)
    }

    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }
}

fn compile(sources: &[RuleSource], parsed: Vec<(usize, RuleFileSpec)>) -> Result<RuleSet, Vec<RuleError>> {
    let mut errors = Vec::new();
    let mut star = None;
    let mut star_model = None;
    let mut scoring = None;
    let mut answer_evidence: Option<(usize, AnswerEvidenceSpec)> = None;
    let mut coverage: Option<CoverageSpec> = None;
    let mut question_matching: Option<QuestionMatchingSpec> = None;
    let mut question_specs: Vec<(usize, QuestionSpec)> = Vec::new();
    let mut lexicons: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut specs = Vec::new();
    for (i, spec) in parsed {
        let source = &sources[i];
        let context = ErrorContext {
            path: &source.path,
            text: &source.text,
        };
        if let Some(s) = spec.star {
            if !(0.0..=1.0).contains(&s.name_sentence_floor) {
                let offset = source.text.find("name-sentence-floor").unwrap_or(0);
                errors.push(context.at(offset, None, "`name-sentence-floor` is a probability, from 0 to 1"));
            }
            star = Some(s);
        }
        if let Some(s) = spec.star_model {
            match crate::analysis::star::StarModel::from_spec(s) {
                Ok(model) => star_model = Some(model),
                Err(message) => {
                    let offset = source.text.find("[star-model").unwrap_or(0);
                    errors.push(context.at(offset, None, message));
                }
            }
        }
        if let Some(s) = spec.scoring {
            if let Err(message) = validate_scoring(&s) {
                let offset = source.text.find("[scoring").unwrap_or(0);
                errors.push(context.at(offset, None, message));
            }
            scoring = Some(s);
        }
        if let Some(s) = spec.answer_evidence {
            answer_evidence = Some((i, s));
        }
        if let Some(c) = spec.coverage {
            coverage = Some(c);
        }
        if let Some(m) = spec.question_matching {
            question_matching = Some(m);
        }
        question_specs.extend(spec.question.into_iter().map(|q| (i, q)));
        for (name, lexicon) in spec.lexicon {
            lexicons.entry(name).or_default().extend(lexicon.terms);
        }
        specs.extend(spec.rule.into_iter().map(|rule| (i, rule)));
    }
    let lexicon_names: Vec<String> = lexicons.keys().cloned().collect();
    // Compiled once every file's word lists are in, since `vocabulary` names lexicons.
    let answer_evidence =
        answer_evidence.and_then(|(i, spec)| {
            match crate::analysis::answer::AnswerEvidence::from_spec(&spec, &lexicons) {
                Ok(compiled) => Some(compiled),
                Err(message) => {
                    let source = &sources[i];
                    let context = ErrorContext {
                        path: &source.path,
                        text: &source.text,
                    };
                    let offset = source.text.find("[answer-evidence").unwrap_or(0);
                    errors.push(context.at(offset, None, message));
                    None
                }
            }
        });
    // Duplicate ids first, in file order, so the error names the later definition.
    let mut seen: HashMap<String, String> = HashMap::new();
    let mut unique = Vec::with_capacity(specs.len());
    for (i, spec) in specs {
        let source = &sources[i];
        let id = spec.id.get_ref().clone();
        if let Some(first) = seen.get(&id) {
            let context = ErrorContext {
                path: &source.path,
                text: &source.text,
            };
            errors.push(context.at(
                spec.id.span().start,
                Some(&id),
                format!("duplicate rule id (first defined in {first})"),
            ));
            continue;
        }
        seen.insert(id, source.path.clone());
        unique.push((i, spec));
    }
    // One thread: a built-in pattern is looked up in the build script's table, not parsed, so
    // checking the built-in rules takes half a millisecond. Spreading it over both cores (as when
    // every pattern was parsed here) now costs more in starting threads than it saves.
    // `supersedes` names rules by id, which may be defined in a later file: resolved once every
    // rule is in.
    let superseding: Vec<(usize, String, Vec<spanned::Spanned<String>>)> = unique
        .iter()
        .map(|(i, spec)| (*i, spec.id.get_ref().clone(), spec.supersedes.clone()))
        .collect();
    let validated: Vec<Result<(Rule, matcher::PreparedPatterns), RuleError>> = unique
        .into_iter()
        .map(|(i, spec)| {
            let source = &sources[i];
            let context = ErrorContext {
                path: &source.path,
                text: &source.text,
            };
            validate_rule(spec, &lexicon_names, &context, source)
        })
        .collect();
    matcher::forget_prepared();
    let mut rules = Vec::with_capacity(validated.len());
    let mut pattern_sources = Vec::with_capacity(validated.len());
    for result in validated {
        match result {
            Ok((rule, patterns)) => {
                pattern_sources.push(patterns);
                rules.push(rule);
            }
            Err(e) => errors.push(e),
        }
    }
    // Talking points become rules after every `[[rule]]`, so rule indices stay those of the files.
    let questions = match questions::compile(
        question_specs,
        coverage.as_ref(),
        sources,
        &mut rules,
        &mut pattern_sources,
    ) {
        Ok(questions) => questions,
        Err(mut question_errors) => {
            errors.append(&mut question_errors);
            Vec::new()
        }
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    resolve_supersedes(sources, &superseding, &mut rules, &mut errors);
    if !errors.is_empty() {
        return Err(errors);
    }
    let question_index = match (&question_matching, questions.is_empty()) {
        (Some(spec), _) => crate::analysis::question_match::QuestionIndex::build(&questions, spec),
        (None, true) => crate::analysis::question_match::QuestionIndex::default(),
        (None, false) => return Err(missing_table("question-matching")),
    };
    let lexicon_terms: Vec<(String, Vec<String>)> = lexicons.into_iter().collect();
    let matchers = Matchers::compile(&rules, &pattern_sources, &lexicon_terms);
    let missing = missing_table;
    let star = star.ok_or_else(|| missing("star"))?;
    let star_labels = crate::analysis::star::LabelMatchers::compile(&star);
    Ok(RuleSet {
        rules,
        matchers,
        star,
        star_labels,
        star_model: star_model.ok_or_else(|| missing("star-model"))?,
        scoring: scoring.ok_or_else(|| missing("scoring"))?,
        answer_evidence: answer_evidence.ok_or_else(|| missing("answer-evidence"))?,
        questions,
        question_index,
    })
}

/// Turns each rule's `supersedes` ids into rule indices; `superseding` is in the order of `rules`.
/// An unknown id, or a rule that names itself, is an error at the id.
fn resolve_supersedes(
    sources: &[RuleSource],
    superseding: &[(usize, String, Vec<spanned::Spanned<String>>)],
    rules: &mut [Rule],
    errors: &mut Vec<RuleError>,
) {
    let index: HashMap<String, usize> = rules.iter().enumerate().map(|(i, r)| (r.id.clone(), i)).collect();
    for (rule, (source, id, names)) in superseding.iter().enumerate() {
        let context = ErrorContext {
            path: &sources[*source].path,
            text: &sources[*source].text,
        };
        for name in names {
            match index.get(name.get_ref()) {
                Some(&other) if other != rule => rules[rule].supersedes.push(other),
                Some(_) => errors.push(context.at(
                    name.span().start,
                    Some(id),
                    "a rule cannot supersede itself".to_string(),
                )),
                None => errors.push(context.at(
                    name.span().start,
                    Some(id),
                    format!("`supersedes` names unknown rule `{}`", name.get_ref()),
                )),
            }
        }
    }
}

fn missing_table(what: &str) -> Vec<RuleError> {
    vec![RuleError {
        path: "rules".into(),
        line: 1,
        column: 1,
        rule: None,
        message: format!("no rule file defines [{what}]"),
    }]
}

fn validate_scoring(scoring: &ScoringSpec) -> Result<(), String> {
    for kind in QuestionKind::ALL {
        let Some(weights) = scoring.weights.get(&kind) else {
            return Err(format!("[scoring.weights] has no entry for kind `{}`", kind.id()));
        };
        let total: u32 = weights.values().sum();
        if total != 100 {
            return Err(format!("[scoring.weights.{}] sums to {total}, not 100", kind.id()));
        }
    }
    if let Some((kind, points)) = scoring.coverage.iter().find(|(_, p)| **p > 100) {
        return Err(format!(
            "[scoring.coverage] gives `{}` {points} points, more than 100",
            kind.id()
        ));
    }
    for severity in [Severity::Info, Severity::Warning, Severity::Error] {
        if !scoring.penalty.contains_key(&severity) {
            return Err(format!("[scoring.penalty] has no entry for `{}`", severity.name()));
        }
    }
    Ok(())
}

/// Patterns of one rule as written: (pattern text, offset in its file).
pub struct RulePatterns {
    pub main: Vec<(String, usize)>,
    pub versus: Vec<(String, usize)>,
    pub unless: Vec<(String, usize)>,
    pub unless_overlapping: Vec<(String, usize)>,
}

fn validate_rule(
    spec: RuleSpec,
    lexicon_names: &[String],
    context: &ErrorContext<'_>,
    source: &RuleSource,
) -> Result<(Rule, matcher::PreparedPatterns), RuleError> {
    let id = spec.id.get_ref().clone();
    let fail = |offset: usize, message: String| Err(context.at(offset, Some(&id), message));
    let id_offset = spec.id.span().start;
    if !valid_id(&id) {
        return fail(
            id_offset,
            "rule ids are kebab-case with a namespace, like `wording/hedge`".into(),
        );
    }
    // Keys that only make sense for some types: (key, present, offset, types that accept it).
    use RuleType::*;
    let span_of = |s: Option<std::ops::Range<usize>>| s.map_or(id_offset, |r| r.start);
    let keyed: [(&str, bool, usize, &[RuleType]); 17] = [
        (
            "patterns",
            !spec.patterns.is_empty(),
            span_of(spec.patterns.first().map(|p| p.span())),
            &[Phrase, StarCue, Evidence, Metric, Kind],
        ),
        (
            "phrases",
            !spec.phrases.is_empty(),
            span_of(spec.phrases.first().map(|p| p.span())),
            &[Phrase, StarCue, Evidence, Metric, Kind],
        ),
        (
            "unless",
            !spec.unless.is_empty(),
            span_of(spec.unless.first().map(|p| p.span())),
            &[Phrase, Evidence, Metric],
        ),
        (
            "unless-overlapping",
            !spec.unless_overlapping.is_empty(),
            span_of(spec.unless_overlapping.first().map(|p| p.span())),
            &[Phrase, Evidence, Metric, StarCue],
        ),
        (
            "versus",
            !spec.versus.is_empty(),
            span_of(spec.versus.first().map(|p| p.span())),
            &[Metric],
        ),
        (
            "lexicon",
            spec.lexicon.is_some(),
            span_of(spec.lexicon.as_ref().map(|p| p.span())),
            &[Evidence, Metric],
        ),
        (
            "part",
            spec.part.is_some(),
            span_of(spec.part.as_ref().map(|p| p.span())),
            &[StarCue, Star],
        ),
        (
            "weight",
            spec.weight.is_some(),
            span_of(spec.weight.as_ref().map(|p| p.span())),
            &[StarCue, Kind],
        ),
        (
            "check",
            spec.check.is_some(),
            span_of(spec.check.as_ref().map(|p| p.span())),
            &[Star, Suppression, Answer],
        ),
        (
            "share",
            spec.share.is_some(),
            span_of(spec.share.as_ref().map(|p| p.span())),
            &[Star],
        ),
        (
            "min-count",
            spec.min_count.is_some(),
            span_of(spec.min_count.as_ref().map(|p| p.span())),
            &[Evidence, Metric],
        ),
        (
            "code-counts",
            spec.code_counts.is_some(),
            span_of(spec.code_counts.as_ref().map(|p| p.span())),
            &[Evidence],
        ),
        (
            "metric",
            spec.metric.is_some(),
            span_of(spec.metric.as_ref().map(|p| p.span())),
            &[Metric],
        ),
        (
            "kind",
            spec.kind.is_some(),
            span_of(spec.kind.as_ref().map(|p| p.span())),
            &[Kind],
        ),
        (
            "target",
            spec.target.is_some(),
            span_of(spec.target.as_ref().map(|p| p.span())),
            &[Metric],
        ),
        (
            "prompt",
            spec.prompt.is_some(),
            span_of(spec.prompt.as_ref().map(|p| p.span())),
            &[Star],
        ),
        (
            "unnamed-message",
            spec.unnamed_message.is_some(),
            span_of(spec.unnamed_message.as_ref().map(|p| p.span())),
            &[Star],
        ),
    ];
    for (key, present, offset, types) in keyed {
        if present && !types.contains(&spec.rule_type) {
            return fail(
                offset,
                format!("`{key}` does not apply to {} rules", spec.rule_type.name()),
            );
        }
    }
    if spec.rule_type == Coverage {
        // Coverage rules are made from a question's points, with a rule set's indices.
        return fail(
            id_offset,
            "coverage rules are made from a `[[question]]`'s `points`, not written as rules".into(),
        );
    }
    let examples_offset = spec.examples.span().start;
    let examples = spec.examples.into_inner();
    if examples.flag.is_empty() || examples.pass.is_empty() {
        return fail(
            examples_offset,
            "a rule needs at least one `examples.flag` and one `examples.pass`".into(),
        );
    }
    let severity = match (spec.severity, spec.rule_type.reports()) {
        (Some(s), _) => s,
        (None, false) => Severity::Info,
        (None, true) => return fail(id_offset, "missing `severity` (error, warning or info)".into()),
    };
    let needs_text = matches!(spec.rule_type, Phrase | StarCue | Kind | Evidence);
    if needs_text && spec.patterns.is_empty() && spec.phrases.is_empty() && spec.lexicon.is_none() {
        return fail(
            id_offset,
            format!("a {} rule needs `patterns` or `phrases`", spec.rule_type.name()),
        );
    }
    let lexicon = match &spec.lexicon {
        Some(name) => match lexicon_names.iter().position(|n| n == name.get_ref()) {
            Some(index) => Some(index),
            None => return fail(name.span().start, format!("unknown lexicon `{}`", name.get_ref())),
        },
        None => None,
    };
    let require = |value: Option<usize>, key: &str| -> Result<(), RuleError> {
        match value {
            Some(_) => Ok(()),
            None => Err(context.at(
                id_offset,
                Some(&id),
                format!("a {} rule needs `{key}`", spec.rule_type.name()),
            )),
        }
    };
    if let Some(penalty) = &spec.penalty
        && !(0.0..=1.0).contains(penalty.get_ref())
    {
        return fail(
            penalty.span().start,
            "`penalty` is a share of the category's points, from 0 to 1".into(),
        );
    }
    if let Some(cap) = &spec.cap
        && *cap.get_ref() > 100
    {
        return fail(cap.span().start, "`cap` is a score from 0 to 100".into());
    }
    let detail = match spec.rule_type {
        Phrase => RuleDetail::Phrase,
        StarCue => {
            require(spec.part.as_ref().map(|_| 0), "part")?;
            require(spec.weight.as_ref().map(|_| 0), "weight")?;
            RuleDetail::StarCue {
                part: *spec.part.as_ref().unwrap().get_ref(),
                weight: *spec.weight.as_ref().unwrap().get_ref(),
                second_label: spec.second_label,
            }
        }
        Star => {
            require(spec.check.as_ref().map(|_| 0), "check")?;
            let check_spec = spec.check.as_ref().unwrap();
            let Some(check) = check_spec.get_ref().star() else {
                return fail(
                    check_spec.span().start,
                    "a star rule's `check` is missing, unclear, order, max-share or min-share".into(),
                );
            };
            let part = spec.part.as_ref().map(|p| *p.get_ref());
            if check != StarCheck::Order && part.is_none() {
                return fail(id_offset, "this `check` needs a `part`".into());
            }
            let share = spec.share.as_ref().map_or(0.0, |s| *s.get_ref());
            if matches!(check, StarCheck::MaxShare | StarCheck::MinShare) && spec.share.is_none() {
                return fail(id_offset, "a share check needs `share` (0 to 1)".into());
            }
            match (&spec.unnamed_message, check) {
                (Some(unnamed), check) if check != StarCheck::Unclear => {
                    return fail(
                        unnamed.span().start,
                        format!(
                            "`unnamed-message` does not apply to star rules with `check = \"{}\"`",
                            check.name()
                        ),
                    );
                }
                // Its `message` names a sentence; without one there is nothing to say.
                (None, StarCheck::Unclear) => {
                    return fail(
                        id_offset,
                        "a star rule with `check = \"unclear\"` needs `unnamed-message`, for when no sentence is likely enough to name".into(),
                    );
                }
                _ => {}
            }
            RuleDetail::Star { check, part, share }
        }
        Evidence => RuleDetail::Evidence {
            min_count: spec.min_count.as_ref().map_or(1, |m| *m.get_ref()),
            code_counts: spec.code_counts.as_ref().is_some_and(|c| *c.get_ref()),
        },
        Metric => {
            require(spec.metric.as_ref().map(|_| 0), "metric")?;
            let metric = *spec.metric.as_ref().unwrap().get_ref();
            if spec.range.is_none() && spec.ranges.is_empty() {
                return fail(id_offset, "a metric rule needs `range` or `ranges`".into());
            }
            let needs_patterns = matches!(metric, MetricKind::Ratio | MetricKind::SentenceShare);
            let needs_versus = matches!(metric, MetricKind::Ratio | MetricKind::DetailShare);
            if needs_patterns && spec.patterns.is_empty() && spec.phrases.is_empty() {
                return fail(id_offset, "this metric needs `patterns` or `phrases`".into());
            }
            if needs_versus && spec.versus.is_empty() {
                return fail(
                    id_offset,
                    "a ratio or detail-share metric needs `versus` patterns".into(),
                );
            }
            if metric == MetricKind::Count && spec.patterns.is_empty() && spec.phrases.is_empty() && lexicon.is_none() {
                return fail(
                    id_offset,
                    "a count metric needs `patterns`, `phrases` or `lexicon`".into(),
                );
            }
            let target = spec.target.as_ref().map(|t| (*t.get_ref(), t.span().start));
            if let Some((target, offset)) = target
                && target.metric() != metric
            {
                return fail(
                    offset,
                    format!(
                        "`target = \"{}\"` needs `metric = \"{}\"`",
                        target.id(),
                        if target.metric() == MetricKind::Words {
                            "words"
                        } else {
                            "speaking-seconds"
                        }
                    ),
                );
            }
            RuleDetail::Metric {
                metric,
                range: spec.range.as_ref().map(|r| *r.get_ref()),
                ranges: spec.ranges.clone(),
                min_count: spec.min_count.as_ref().map_or(0, |m| *m.get_ref()),
                target: target.map(|(t, _)| t),
            }
        }
        Kind => {
            require(spec.kind.as_ref().map(|_| 0), "kind")?;
            require(spec.weight.as_ref().map(|_| 0), "weight")?;
            RuleDetail::Kind {
                kind: *spec.kind.as_ref().unwrap().get_ref(),
                weight: *spec.weight.as_ref().unwrap().get_ref(),
            }
        }
        Suppression => {
            require(spec.check.as_ref().map(|_| 0), "check")?;
            let check_spec = spec.check.as_ref().unwrap();
            let Some(check) = check_spec.get_ref().suppression() else {
                return fail(
                    check_spec.span().start,
                    "a suppression rule's `check` is unused or invalid".into(),
                );
            };
            RuleDetail::Suppression { check }
        }
        Coverage => {
            return fail(
                id_offset,
                "coverage rules are made from a `[[question]]`'s `points`, not written as rules".into(),
            );
        }
        Answer => {
            require(spec.check.as_ref().map(|_| 0), "check")?;
            let check_spec = spec.check.as_ref().unwrap();
            let Some(check) = check_spec.get_ref().answer() else {
                return fail(
                    check_spec.span().start,
                    "an answer rule's `check` is placeholder, repeats-question, no-sentences, keyword-list, off-topic, no-story or no-explanation".into(),
                );
            };
            RuleDetail::Answer { check }
        }
    };
    let default_scope = match spec.rule_type {
        Phrase | StarCue => Scope::Sentence,
        _ => Scope::Answer,
    };
    let mut main: Vec<(String, usize)> = spec
        .patterns
        .iter()
        .map(|p| (p.get_ref().clone(), p.span().start))
        .collect();
    main.extend(
        spec.phrases
            .iter()
            .map(|p| (phrase_to_pattern(p.get_ref()), p.span().start)),
    );
    let patterns = RulePatterns {
        main,
        versus: spec
            .versus
            .iter()
            .map(|p| (p.get_ref().clone(), p.span().start))
            .collect(),
        unless: spec
            .unless
            .iter()
            .map(|p| (p.get_ref().clone(), p.span().start))
            .collect(),
        unless_overlapping: spec
            .unless_overlapping
            .iter()
            .map(|p| (p.get_ref().clone(), p.span().start))
            .collect(),
    };
    let compiled = matcher::PreparedPatterns::prepare(&patterns)
        .map_err(|(offset, message)| context.at(offset, Some(&id), message))?;
    let rule = Rule {
        id,
        rule_type: spec.rule_type,
        category: spec.category,
        severity,
        scope: spec.scope.unwrap_or(default_scope),
        kinds: spec.kinds,
        message: spec.message,
        advice: spec.advice,
        suggestion: spec.suggestion,
        prompt: spec.prompt.map(|p| p.into_inner()),
        unnamed_message: spec.unnamed_message.map(|m| m.into_inner()),
        source: spec.source,
        penalty: spec.penalty.map(|p| p.into_inner()),
        cap: spec.cap.map(|c| c.into_inner()),
        supersedes: Vec::new(),
        examples,
        origin: source.path.clone(),
        lexicon,
        detail,
        disabled: false,
    };
    Ok((rule, compiled))
}

fn valid_id(id: &str) -> bool {
    let segment_ok = |s: &str| {
        !s.is_empty()
            && !s.starts_with('-')
            && !s.ends_with('-')
            && !s.contains("--")
            && s.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    };
    let segments: Vec<&str> = id.split('/').collect();
    segments.len() >= 2 && segments.iter().all(|s| segment_ok(s))
}

#[cfg(test)]
mod tests;

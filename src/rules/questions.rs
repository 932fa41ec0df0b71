//! The question bank (`[[question]]` tables, `rules/questions.toml`): validated once at load, with
//! each talking point turned into a `coverage/<question>/<point>` rule, so that a missing point is
//! a finding like any other (suppressed, disabled, re-levelled, rendered in every format); its
//! cues are compiled with every other rule's patterns but looked for only when its question matched.

use super::error::{ErrorContext, RuleError};
use super::matcher::PreparedPatterns;
use super::schema::{Category, CoverageSpec, Examples, Part, QuestionKind, QuestionSpec, RuleType, Scope};
use super::{Rule, RuleDetail, RulePatterns, RuleSource};
use std::collections::HashMap;

/// A question of the bank, as loaded.
#[derive(Debug, Clone)]
pub struct Question {
    pub id: String,
    pub kind: QuestionKind,
    pub phrasings: Vec<String>,
    pub assesses: String,
    pub source: String,
    /// The role track the question belongs to; `None` for questions every track is asked.
    pub track: Option<String>,
    pub points: Vec<TalkingPoint>,
    /// The rule file it came from.
    pub origin: String,
}

/// One talking point, with the index of its `coverage/…` rule in the rule set.
#[derive(Debug, Clone)]
pub struct TalkingPoint {
    pub id: String,
    pub advice: String,
    pub part: Option<Part>,
    pub rule: usize,
}

impl Question {
    /// Whether the question is asked on the given track (questions without a track always are).
    pub fn on_track(&self, track: Option<&str>) -> bool {
        match &self.track {
            None => true,
            Some(own) => track.is_some_and(|t| t.eq_ignore_ascii_case(own)),
        }
    }
}

/// Turns every file's `[[question]]` tables into questions and their point rules, which are
/// appended to `rules` (and their cues to `patterns`) starting at `rules.len()`. Errors name the
/// file and the question (and point) entry.
pub fn compile(
    specs: Vec<(usize, QuestionSpec)>,
    coverage: Option<&CoverageSpec>,
    sources: &[RuleSource],
    rules: &mut Vec<Rule>,
    patterns: &mut Vec<PreparedPatterns>,
) -> Result<Vec<Question>, Vec<RuleError>> {
    let mut errors = Vec::new();
    let mut questions: Vec<Question> = Vec::new();
    let mut first_defined: HashMap<String, String> = HashMap::new();
    for (file, spec) in specs {
        let source = &sources[file];
        let context = ErrorContext {
            path: &source.path,
            text: &source.text,
        };
        let id = spec.id.get_ref().clone();
        let at = spec.id.span().start;
        let fail = |message: String| context.at(at, None, format!("question `{id}`: {message}"));
        if !kebab_case(&id) {
            errors.push(fail("question ids are kebab-case, like `rest-vs-graphql`".into()));
            continue;
        }
        if let Some(first) = first_defined.get(&id) {
            errors.push(fail(format!("duplicate question id (first defined in {first})")));
            continue;
        }
        if spec.phrasings.iter().all(|p| p.trim().is_empty()) {
            errors.push(fail("a question needs at least one of `phrasings`".into()));
            continue;
        }
        if spec.points.is_empty() {
            errors.push(fail("a question needs at least one of `points`".into()));
            continue;
        }
        let Some(coverage) = coverage else {
            errors.push(fail(
                "no rule file defines [coverage], which says how a missing point is reported".into(),
            ));
            continue;
        };
        first_defined.insert(id.clone(), source.path.clone());
        let mut points: Vec<TalkingPoint> = Vec::new();
        let share = 1.0 / spec.points.len() as f64;
        for point in &spec.points {
            let point_id = point.id.get_ref().clone();
            let point_at = point.id.span().start;
            let point_fail = |offset: usize, message: String| {
                context.at(offset, None, format!("question `{id}`: point `{point_id}`: {message}"))
            };
            if !kebab_case(&point_id) {
                errors.push(point_fail(
                    point_at,
                    "point ids are kebab-case, like `error-handling`".into(),
                ));
                continue;
            }
            if points.iter().any(|p| p.id == point_id) {
                errors.push(point_fail(point_at, "duplicate point id in this question".into()));
                continue;
            }
            if point.cues.is_empty() {
                errors.push(point_fail(point_at, "a point needs at least one of `cues`".into()));
                continue;
            }
            let written = RulePatterns {
                main: point
                    .cues
                    .iter()
                    .map(|cue| (cue.get_ref().clone(), cue.span().start))
                    .collect(),
                versus: Vec::new(),
                unless: Vec::new(),
                unless_overlapping: Vec::new(),
            };
            let prepared = match PreparedPatterns::prepare(&written) {
                Ok(prepared) => prepared,
                Err((offset, message)) => {
                    errors.push(point_fail(offset, message));
                    continue;
                }
            };
            let rule = rules.len();
            rules.push(Rule {
                id: format!("coverage/{id}/{point_id}"),
                rule_type: RuleType::Coverage,
                category: Category::Coverage,
                severity: coverage.severity,
                scope: Scope::Answer,
                kinds: None,
                message: coverage
                    .message
                    .replace("{point}", &point_id)
                    .replace("{question}", &id),
                advice: point.advice.clone(),
                suggestion: None,
                prompt: None,
                unnamed_message: None,
                supersedes: Vec::new(),
                source: format!("{} ({})", spec.source, coverage.source),
                // Every point carries an equal share of the coverage points.
                penalty: Some(share),
                cap: None,
                examples: Examples::default(),
                origin: source.path.clone(),
                lexicon: None,
                detail: RuleDetail::Coverage {
                    question: questions.len(),
                    point: points.len(),
                },
                disabled: false,
            });
            patterns.push(prepared);
            points.push(TalkingPoint {
                id: point_id,
                advice: point.advice.clone(),
                part: point.part,
                rule,
            });
        }
        questions.push(Question {
            id,
            kind: spec.kind,
            phrasings: spec.phrasings,
            assesses: spec.assesses,
            source: spec.source,
            track: spec.track.map(|t| t.to_ascii_lowercase()),
            points,
            origin: source.path.clone(),
        });
    }
    if errors.is_empty() { Ok(questions) } else { Err(errors) }
}

fn kebab_case(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

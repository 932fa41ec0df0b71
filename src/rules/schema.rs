//! The TOML schema of rule files, as serde types. Every table denies unknown keys so that a typo in
//! a user's rule pack is an error with a position, not a rule that silently never fires.
//!
//! The types also serialize: the build script parses the built-in rule files with them and stores
//! them in a compact form (see `rules::built_in`), so a field added here reaches the built-in
//! rules without further code.

use super::spanned::Spanned;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One rule file: rules, word lists, STAR decoder parameters and scoring.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RuleFileSpec {
    #[serde(default)]
    pub rule: Vec<RuleSpec>,
    #[serde(default)]
    pub lexicon: BTreeMap<String, LexiconSpec>,
    pub star: Option<StarSpec>,
    pub star_model: Option<StarModelSpec>,
    pub scoring: Option<ScoringSpec>,
    pub answer_evidence: Option<AnswerEvidenceSpec>,
    /// The question bank (`rules/questions.toml`): each `[[question]]` with its talking points.
    #[serde(default)]
    pub question: Vec<QuestionSpec>,
    /// How a missing talking point is reported (`[coverage]`, in `questions.toml`).
    pub coverage: Option<CoverageSpec>,
    /// How a question is matched to the bank (`[question-matching]`); a later file's replaces it.
    pub question_matching: Option<QuestionMatchingSpec>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RuleType {
    Phrase,
    StarCue,
    Star,
    Evidence,
    Metric,
    Kind,
    Suppression,
    Answer,
    /// A talking point of a bank question (`coverage/<question>/<point>`), made from
    /// `[[question.points]]`; never written as a `[[rule]]`.
    Coverage,
}

impl RuleType {
    pub fn name(self) -> &'static str {
        match self {
            RuleType::Phrase => "phrase",
            RuleType::StarCue => "star-cue",
            RuleType::Star => "star",
            RuleType::Evidence => "evidence",
            RuleType::Metric => "metric",
            RuleType::Kind => "kind",
            RuleType::Suppression => "suppression",
            RuleType::Answer => "answer",
            RuleType::Coverage => "coverage",
        }
    }

    /// Whether rules of this type report findings (cues and kind rules only feed other analyses).
    pub fn reports(self) -> bool {
        !matches!(self, RuleType::StarCue | RuleType::Kind)
    }
}

/// The categories a score is split into; every rule belongs to one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    Structure,
    Specificity,
    Ownership,
    Impact,
    TradeOffs,
    Wording,
    RedFlags,
    Length,
    /// The matched bank question's talking points; carries points only when a question matched.
    Coverage,
}

impl Category {
    pub const ALL: [Category; 9] = [
        Category::Structure,
        Category::Specificity,
        Category::Ownership,
        Category::Impact,
        Category::TradeOffs,
        Category::Wording,
        Category::RedFlags,
        Category::Length,
        Category::Coverage,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Category::Structure => "structure",
            Category::Specificity => "specificity",
            Category::Ownership => "ownership",
            Category::Impact => "impact",
            Category::TradeOffs => "trade-offs",
            Category::Wording => "wording",
            Category::RedFlags => "red-flags",
            Category::Length => "length",
            Category::Coverage => "coverage",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// The kinds of interview question star-check knows how to coach.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum QuestionKind {
    Behavioral,
    Situational,
    Technical,
    Intro,
    Project,
    /// Neither a story, a hypothetical, a concept, the introduction nor a project: "What's your
    /// greatest weakness?", "Why this company?", salary, five years. Coached on length, wording and
    /// red flags only.
    General,
}

impl QuestionKind {
    pub const ALL: [QuestionKind; 6] = [
        QuestionKind::Behavioral,
        QuestionKind::Situational,
        QuestionKind::Technical,
        QuestionKind::Intro,
        QuestionKind::Project,
        QuestionKind::General,
    ];

    pub fn id(self) -> &'static str {
        match self {
            QuestionKind::Behavioral => "behavioral",
            QuestionKind::Situational => "situational",
            QuestionKind::Technical => "technical",
            QuestionKind::Intro => "intro",
            QuestionKind::Project => "project",
            QuestionKind::General => "general",
        }
    }

    pub fn parse(text: &str) -> Option<QuestionKind> {
        QuestionKind::ALL
            .into_iter()
            .find(|k| k.id().eq_ignore_ascii_case(text.trim()))
    }
}

/// The four STAR parts, in the order a well-told story gives them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Part {
    Situation,
    Task,
    Action,
    Result,
}

impl Part {
    pub const ALL: [Part; 4] = [Part::Situation, Part::Task, Part::Action, Part::Result];

    pub fn index(self) -> usize {
        self as usize
    }

    pub fn id(self) -> &'static str {
        match self {
            Part::Situation => "situation",
            Part::Task => "task",
            Part::Action => "action",
            Part::Result => "result",
        }
    }

    /// The part's name as a heading or label writes it: "Situation".
    pub fn title(self) -> &'static str {
        match self {
            Part::Situation => "Situation",
            Part::Task => "Task",
            Part::Action => "Action",
            Part::Result => "Result",
        }
    }

    pub fn letter(self) -> &'static str {
        match self {
            Part::Situation => "S",
            Part::Task => "T",
            Part::Action => "A",
            Part::Result => "R",
        }
    }
}

/// Where a rule looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    Answer,
    Sentence,
    Situation,
    Task,
    Action,
    Result,
}

impl Scope {
    pub fn part(self) -> Option<Part> {
        match self {
            Scope::Situation => Some(Part::Situation),
            Scope::Task => Some(Part::Task),
            Scope::Action => Some(Part::Action),
            Scope::Result => Some(Part::Result),
            Scope::Answer | Scope::Sentence => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Scope::Answer => "answer",
            Scope::Sentence => "sentence",
            Scope::Situation => "situation",
            Scope::Task => "task",
            Scope::Action => "action",
            Scope::Result => "result",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum StarCheck {
    Missing,
    /// The model is not sure either way: the part may be told by the sentence likeliest to be it.
    Unclear,
    Order,
    MaxShare,
    MinShare,
}

impl StarCheck {
    /// The `check` value as written in TOML.
    pub fn name(self) -> &'static str {
        match self {
            StarCheck::Missing => "missing",
            StarCheck::Unclear => "unclear",
            StarCheck::Order => "order",
            StarCheck::MaxShare => "max-share",
            StarCheck::MinShare => "min-share",
        }
    }
}

/// What a `suppression` rule reports about `<!-- star-check-disable … -->` comments.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SuppressionCheck {
    /// A suppression that suppressed no finding.
    Unused,
    /// A comment that looks like a suppression but names no known directive or rule.
    Invalid,
}

/// What an `answer` rule reports: which evidence that the answer is an answer is missing (see
/// `analysis::answer`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AnswerCheck {
    /// Placeholder text: "I don't know", "N/A", "TODO", lorem ipsum.
    Placeholder,
    /// The question said back.
    RepeatsQuestion,
    /// No sentence with a verb: one word, gibberish.
    NoSentences,
    /// Topic words with no sentence that explains them.
    KeywordList,
    /// Sentences about something else.
    OffTopic,
    /// No first-person action (behavioral, project, situational, intro).
    NoStory,
    /// No explanatory clause (technical).
    NoExplanation,
}

impl AnswerCheck {
    /// Whether the check says the text is not an answer at all: its finding is then the answer's
    /// only one, and its `cap` is the share of every category's points the answer keeps.
    pub fn is_non_answer(self) -> bool {
        !matches!(self, AnswerCheck::NoStory | AnswerCheck::NoExplanation)
    }
}

/// The `check` key as written: star checks and suppression checks share it, and the rule's type
/// decides which are allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CheckSpec {
    Missing,
    Unclear,
    Order,
    MaxShare,
    MinShare,
    Unused,
    Invalid,
    Placeholder,
    RepeatsQuestion,
    NoSentences,
    KeywordList,
    OffTopic,
    NoStory,
    NoExplanation,
}

impl CheckSpec {
    pub fn star(self) -> Option<StarCheck> {
        match self {
            CheckSpec::Missing => Some(StarCheck::Missing),
            CheckSpec::Unclear => Some(StarCheck::Unclear),
            CheckSpec::Order => Some(StarCheck::Order),
            CheckSpec::MaxShare => Some(StarCheck::MaxShare),
            CheckSpec::MinShare => Some(StarCheck::MinShare),
            _ => None,
        }
    }

    pub fn answer(self) -> Option<AnswerCheck> {
        match self {
            CheckSpec::Placeholder => Some(AnswerCheck::Placeholder),
            CheckSpec::RepeatsQuestion => Some(AnswerCheck::RepeatsQuestion),
            CheckSpec::NoSentences => Some(AnswerCheck::NoSentences),
            CheckSpec::KeywordList => Some(AnswerCheck::KeywordList),
            CheckSpec::OffTopic => Some(AnswerCheck::OffTopic),
            CheckSpec::NoStory => Some(AnswerCheck::NoStory),
            CheckSpec::NoExplanation => Some(AnswerCheck::NoExplanation),
            _ => None,
        }
    }

    pub fn suppression(self) -> Option<SuppressionCheck> {
        match self {
            CheckSpec::Unused => Some(SuppressionCheck::Unused),
            CheckSpec::Invalid => Some(SuppressionCheck::Invalid),
            _ => None,
        }
    }
}

/// A length target a config file can set (`[length.KIND] min-words = 120`), and which bound of a
/// metric rule's range it replaces. Rules opt in with `target`, so the mechanism never needs to
/// know rule ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LengthTarget {
    MinWords,
    MaxWords,
    MinSeconds,
    MaxSeconds,
}

impl LengthTarget {
    pub const ALL: [LengthTarget; 4] = [
        LengthTarget::MinWords,
        LengthTarget::MaxWords,
        LengthTarget::MinSeconds,
        LengthTarget::MaxSeconds,
    ];

    pub fn id(self) -> &'static str {
        match self {
            LengthTarget::MinWords => "min-words",
            LengthTarget::MaxWords => "max-words",
            LengthTarget::MinSeconds => "min-seconds",
            LengthTarget::MaxSeconds => "max-seconds",
        }
    }

    /// The metric whose range the target bounds.
    pub fn metric(self) -> MetricKind {
        match self {
            LengthTarget::MinWords | LengthTarget::MaxWords => MetricKind::Words,
            LengthTarget::MinSeconds | LengthTarget::MaxSeconds => MetricKind::SpeakingSeconds,
        }
    }

    /// Whether the target is the range's lower bound (else its upper bound).
    pub fn is_min(self) -> bool {
        matches!(self, LengthTarget::MinWords | LengthTarget::MinSeconds)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MetricKind {
    Ratio,
    SentenceShare,
    Count,
    Words,
    SpeakingSeconds,
    /// Concrete details (matches of `patterns`/`lexicon`, plus names: capitalised words that do
    /// not open a sentence) against `versus` (evaluative words): share of the first, as `ratio`.
    /// Names need the text's case, which patterns never see (see `analysis::details`).
    DetailShare,
    /// Words in the longest sentence in scope: a sentence that runs on hides where one STAR part
    /// ends and the next begins, for a listener and for the labeller alike.
    LongestSentence,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Examples {
    #[serde(default)]
    pub flag: Vec<String>,
    #[serde(default)]
    pub pass: Vec<String>,
}

/// One `[[rule]]` table. Type-specific keys are optional here and checked against `type` when the
/// rule is compiled, so that a key that does not apply is reported rather than ignored.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RuleSpec {
    pub id: Spanned<String>,
    #[serde(rename = "type")]
    pub rule_type: RuleType,
    pub category: Category,
    pub severity: Option<Severity>,
    pub scope: Option<Scope>,
    pub kinds: Option<Vec<QuestionKind>>,
    pub message: String,
    pub advice: String,
    pub suggestion: Option<String>,
    /// For a `star` rule about a missing part: the line an editor inserts where the part belongs,
    /// for the candidate to answer ("Result: what changed, and by how much?").
    pub prompt: Option<Spanned<String>>,
    /// For a `star` rule with `check = "unclear"`: the message when no sentence is likely enough
    /// to be the part to name (see `[star] name-sentence-floor`); the finding then spans the
    /// answer, as a missing part's does.
    pub unnamed_message: Option<Spanned<String>>,
    pub source: String,
    pub penalty: Option<Spanned<f64>>,
    /// Highest score an answer with this finding can get.
    pub cap: Option<Spanned<u32>>,
    /// Rules this one outranks: when both fire on an answer, only this one is reported and scored
    /// ("far too short" over "too short"), so one problem is told once, at its strongest.
    #[serde(default)]
    pub supersedes: Vec<Spanned<String>>,
    pub examples: Spanned<Examples>,
    #[serde(default)]
    pub patterns: Vec<Spanned<String>>,
    #[serde(default)]
    pub phrases: Vec<Spanned<String>>,
    #[serde(default)]
    pub unless: Vec<Spanned<String>>,
    /// Hit-level exceptions: a match is dropped only when a match of one of these overlaps it, so
    /// "this kind of traffic" exempts its own "kind of" and not the other hedges of its sentence.
    #[serde(default)]
    pub unless_overlapping: Vec<Spanned<String>>,
    #[serde(default)]
    pub versus: Vec<Spanned<String>>,
    pub lexicon: Option<Spanned<String>>,
    pub part: Option<Spanned<Part>>,
    pub weight: Option<Spanned<f64>>,
    /// A `star-cue` rule whose match makes its part a sentence's second label ("…, which cut it to
    /// 90 ms" tells a Result inside an Action), whatever the sentence's own label.
    #[serde(default)]
    pub second_label: bool,
    pub check: Option<Spanned<CheckSpec>>,
    pub share: Option<Spanned<f64>>,
    pub min_count: Option<Spanned<usize>>,
    /// For an `evidence` rule: a code block in the answer is evidence too. Code is not analysed
    /// as text, so an example given as a snippet would otherwise go unseen.
    pub code_counts: Option<Spanned<bool>>,
    pub metric: Option<Spanned<MetricKind>>,
    pub range: Option<Spanned<[f64; 2]>>,
    #[serde(default)]
    pub ranges: BTreeMap<QuestionKind, [f64; 2]>,
    pub kind: Option<Spanned<QuestionKind>>,
    /// For `words` and `speaking-seconds` metrics: the config file's length target that replaces a
    /// bound of `range` (`min-words`, `max-words`, `min-seconds`, `max-seconds`).
    pub target: Option<Spanned<LengthTarget>>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LexiconSpec {
    pub terms: Vec<String>,
    pub source: Option<String>,
}

/// Parameters of the STAR decoder (see `analysis::star`).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct StarSpec {
    /// Kinds whose answers are decoded into STAR parts.
    pub kinds: Vec<QuestionKind>,
    /// Words that, at the start of a sentence followed by ':' or a dash, or as a heading, label a part.
    pub labels: BTreeMap<Part, Vec<String>>,
    /// Score added to a part for a sentence that carries its explicit label, or sits under a heading
    /// that names the part.
    pub label_weight: f64,
    /// Score added to a part for the sentences after its inline label in the same paragraph: enough
    /// to keep a sentence with no cue in the labelled part, not enough to file a plain action
    /// ("Situation: the API was slow. I added an index.") under Situation.
    #[serde(default = "default_carried_label_weight")]
    pub carried_label_weight: f64,
    /// Least probability the sentence likeliest to be an unclear part must have of being that part
    /// for the finding to name it ("Is \"…\" your Task?"). Below it, the finding names no sentence
    /// and takes its rule's `unnamed-message`: a question about a sentence that is almost surely
    /// not the part reads as nonsense to the candidate.
    pub name_sentence_floor: f64,
}

/// The fitted STAR labeller (`rules/star-model.toml`; see `analysis::star::model`). A later rule
/// file's `[star-model]` replaces the built-in one.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct StarModelSpec {
    pub version: u32,
    /// The states, in the order every row of numbers follows: `["S", "T", "A", "R", "-"]`.
    pub labels: Vec<String>,
    pub start: [f64; 5],
    pub end: [f64; 5],
    /// `transitions[from][to]`.
    pub transitions: [[f64; 5]; 5],
    /// Added to `transitions` across a paragraph, list item or section break.
    pub paragraph_transitions: [[f64; 5]; 5],
    /// Per part (S, T, A, R): a part whose presence probability is at least this is present.
    pub present_threshold: [f64; 4],
    /// Per part: below this a part is reported missing; between the two it is unclear.
    pub missing_threshold: [f64; 4],
    #[serde(default)]
    pub allow_none: bool,
    /// One line a feature: its name, then its weight for each state.
    pub weights: WeightLines,
}

/// A `[star-model]`'s `weights`. In TOML they are text, one line a feature ("w:profil 0.1 -0.2 …"),
/// which reads well in a diff. The build script stores the built-in model already parsed, since
/// reading two and a half thousand lines of numbers was a twelfth of checking one answer; user
/// rule packs are parsed when they load, with an error naming the line that is wrong.
#[derive(Debug, Clone, PartialEq)]
pub enum WeightLines {
    Text(Vec<String>),
    Parsed(Vec<(String, [f32; 5])>),
}

impl WeightLines {
    pub fn len(&self) -> usize {
        match self {
            WeightLines::Text(lines) => lines.len(),
            WeightLines::Parsed(rows) => rows.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Each feature's name and weights, in order; an error names the line that is wrong (1-based).
    pub fn into_rows(self) -> Result<Vec<(String, [f32; 5])>, String> {
        match self {
            WeightLines::Parsed(rows) => Ok(rows),
            WeightLines::Text(lines) => lines
                .iter()
                .enumerate()
                .map(|(n, line)| parse_weight_line(n + 1, line))
                .collect(),
        }
    }
}

/// Line `number` of `weights`: a feature's name, then exactly five numbers.
fn parse_weight_line(number: usize, line: &str) -> Result<(String, [f32; 5]), String> {
    let mut fields = line.split_whitespace();
    let name = fields.next().ok_or_else(|| format!("weights line {number} is empty"))?;
    let mut row = [0f32; 5];
    for slot in &mut row {
        let field = fields
            .next()
            .ok_or_else(|| format!("weights line {number} (`{name}`) needs 5 numbers"))?;
        *slot = field
            .parse()
            .map_err(|_| format!("weights line {number} (`{name}`): `{field}` is not a number"))?;
    }
    if fields.next().is_some() {
        return Err(format!("weights line {number} (`{name}`) has more than 5 numbers"));
    }
    Ok((name.to_string(), row))
}

/// Text for a human-readable format (TOML), parsed rows for a binary one (the build script's
/// postcard): a line that does not parse fails the binary form, and the build then stores none.
impl Serialize for WeightLines {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match (self, serializer.is_human_readable()) {
            (WeightLines::Text(lines), true) => lines.serialize(serializer),
            (WeightLines::Parsed(rows), false) => rows.serialize(serializer),
            (WeightLines::Parsed(rows), true) => rows
                .iter()
                .map(|(name, row)| {
                    let numbers: Vec<String> = row.iter().map(f32::to_string).collect();
                    format!("{name} {}", numbers.join(" "))
                })
                .collect::<Vec<_>>()
                .serialize(serializer),
            (WeightLines::Text(_), false) => self
                .clone()
                .into_rows()
                .map_err(serde::ser::Error::custom)?
                .serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for WeightLines {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        if deserializer.is_human_readable() {
            Vec::<String>::deserialize(deserializer).map(WeightLines::Text)
        } else {
            Vec::<(String, [f32; 5])>::deserialize(deserializer).map(WeightLines::Parsed)
        }
    }
}

fn default_carried_label_weight() -> f64 {
    1.5
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ScoringSpec {
    /// Highest score an answer with a red flag (an `error` in `red-flags`) can get.
    pub red_flag_cap: u32,
    pub speaking_rate_wpm: f64,
    /// Share of its category's points one finding costs, by severity.
    pub penalty: BTreeMap<Severity, f64>,
    /// Points per category for each kind; each kind sums to 100.
    pub weights: BTreeMap<QuestionKind, BTreeMap<Category, u32>>,
    /// Points the talking-point coverage carries per kind when the answer's question matched the
    /// bank; the other categories then share the rest in proportion. A kind not listed gets none,
    /// and an answer with no matched question is scored on `weights` alone.
    #[serde(default)]
    pub coverage: BTreeMap<QuestionKind, u32>,
}

/// One `[[question]]` of the bank: a question the guide discusses, how it is asked, what
/// interviewers assess in the answer and the talking points a strong answer covers.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct QuestionSpec {
    pub id: Spanned<String>,
    pub kind: QuestionKind,
    /// Ways the question is asked; the first is the one `star-check questions` shows.
    pub phrasings: Vec<String>,
    /// What interviewers assess in the answer.
    pub assesses: String,
    /// The guide passage the question and its points come from.
    pub source: String,
    /// A role track (`java`, `python`, `nodejs`, `cloud`): the question is matched only with
    /// `--track NAME`.
    pub track: Option<String>,
    #[serde(default)]
    pub points: Vec<PointSpec>,
}

/// One talking point of a question.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PointSpec {
    pub id: Spanned<String>,
    /// Patterns (the rule pattern syntax) any one of which, in a sentence, covers the point.
    pub cues: Vec<Spanned<String>>,
    /// One line: what to say to cover it.
    pub advice: String,
    /// The STAR part the point is, where it is one.
    pub part: Option<Part>,
}

/// `[coverage]`: how a missing talking point is reported.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct CoverageSpec {
    /// The finding's message; `{point}` is the point's id, `{question}` the question's.
    pub message: String,
    pub severity: Severity,
    /// Where the finding's advice comes from in the guide, for `explain` and SARIF.
    pub source: String,
}

/// `[answer-evidence]`: the word lists and thresholds `answer` rules judge by (see
/// `analysis::answer`). A later rule file's table replaces the built-in one.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct AnswerEvidenceSpec {
    /// A sentence matching one of these is a clause, not a list of words.
    pub clause: Vec<String>,
    /// A sentence matching one of these tells the speaker's own actions.
    pub story: Vec<String>,
    /// A sentence matching one of these explains: a definition, a cause, a condition.
    pub explanation: Vec<String>,
    /// A sentence matching one of these is placeholder text.
    pub placeholder: Vec<String>,
    /// Share of sentences that must be placeholders for the `placeholder` check.
    pub placeholder_share: f64,
    /// Words that never make an answer on topic.
    pub stopwords: Vec<String>,
    /// Lexicons whose single-word terms count as on topic for every question.
    pub vocabulary: Vec<String>,
    pub min_topic_words: usize,
    pub keyword_list_max_clause_share: f64,
    pub keyword_list_min_terms: usize,
    pub repeat_share: f64,
    pub repeat_extra_words: usize,
}

/// `[question-matching]`: the word lists and threshold the bank is matched by (see
/// `analysis::question_match`).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct QuestionMatchingSpec {
    /// A question whose best similarity is below this matches no bank question.
    pub threshold: f64,
    /// Least similarity at which a heading that is only a topic ("## Idempotency") asks its bank
    /// question and starts an answer; below it, the heading names a section ("## Challenges").
    pub heading_threshold: f64,
    /// Factor on the similarity to a bank question of another kind than the question's wording
    /// names (see `kinds.toml`): "Tell me about a time you made an endpoint faster" is a story, not
    /// "How would you handle a slow API?".
    pub kind_disagreement: f64,
    /// Words that say nothing about which question is asked ("tell", "me", "about", "how").
    pub stopwords: Vec<String>,
    /// Words read as another before stemming: abbreviations and spellings ("authn" =
    /// "authentication", "k8s" = "kubernetes").
    #[serde(default)]
    pub synonyms: BTreeMap<String, String>,
    /// Weight of a question word no bank phrasing has, relative to the rarest bank word.
    pub unknown_word_weight: f64,
    /// Least character-trigram similarity at which a word counts as a misspelling of a bank word.
    pub typo_similarity: f64,
}

//! The report: what every renderer is fed. It is built once from the analyses, with byte spans
//! turned into lines and columns, and serialises as the JSON contract documented in README.

pub mod checklist;
pub mod github;
pub mod human;
pub mod json;
pub mod sarif;
pub mod short;
pub mod statistics;

use crate::analysis::star::Verdict;
use crate::analysis::{AnswerAnalysis, KindSource};
use crate::document::{Answer, LineIndex};
use crate::rules::RuleSet;
use crate::rules::schema::{Part, QuestionKind, Severity};
use crate::score::{CategoryScore, Grade};
use serde::Serialize;
use std::ops::Range;

/// The version of the JSON shape; bumped on any incompatible change.
pub const REPORT_VERSION: u32 = 1;

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub version: u32,
    pub files: Vec<FileReport>,
    pub summary: Summary,
}

#[derive(Debug, Clone, Serialize)]
pub struct FileReport {
    /// The path as given (or found by walking a folder); `-` for standard input.
    pub path: String,
    /// Why the file could not be checked, if it could not.
    pub error: Option<String>,
    pub answers: Vec<AnswerReport>,
    /// The file's text, for renderers that quote source lines.
    #[serde(skip)]
    pub source: String,
    /// When the file was not checked because its config (or the rules) has errors: the first of
    /// them, which the one-line formats put on the file's line as an `error[config]`.
    #[serde(skip)]
    pub config_error: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AnswerReport {
    pub question: Option<String>,
    pub kind: QuestionKind,
    pub line: usize,
    pub score: u32,
    pub grade: Grade,
    pub passed: bool,
    pub words: usize,
    pub speaking_seconds: u32,
    pub categories: Vec<CategoryScore>,
    /// The fixes worth the most points, most first: what the human report leads with.
    pub top_fixes: Vec<FixReport>,
    pub star: Option<StarReport>,
    /// The bank question the answer's question matched, or `--question-id` chose.
    pub question_id: Option<String>,
    /// How closely the question matched it, 0–1 (two decimals); 1 when chosen by id.
    pub question_match: Option<f64>,
    /// The matched question's talking points and which the answer covers.
    pub coverage: Option<CoverageReport>,
    pub sentences: Vec<SentenceReport>,
    pub diagnostics: Vec<DiagnosticReport>,
    #[serde(skip)]
    pub kind_source: KindSource,
    /// The rule whose cap lowered the score, if any.
    #[serde(skip)]
    pub capped_by: Option<String>,
}

/// One fix: every finding of `rule` resolved would gain `points`.
#[derive(Debug, Clone, Serialize)]
pub struct FixReport {
    pub rule: String,
    pub points: u32,
    pub message: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct StarReport {
    pub situation: PartReport,
    pub task: PartReport,
    pub action: PartReport,
    pub result: PartReport,
}

impl StarReport {
    /// Each part with its name, in STAR order.
    pub fn parts(&self) -> [(Part, &PartReport); 4] {
        [
            (Part::Situation, &self.situation),
            (Part::Task, &self.task),
            (Part::Action, &self.action),
            (Part::Result, &self.result),
        ]
    }

    /// The parts no sentence tells, in STAR order.
    pub fn missing(&self) -> Vec<Part> {
        self.parts()
            .into_iter()
            .filter(|(_, report)| !report.present)
            .map(|(part, _)| part)
            .collect()
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct CoverageReport {
    pub covered: usize,
    pub total: usize,
    pub points: Vec<PointReport>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PointReport {
    pub id: String,
    pub covered: bool,
    /// Index of the first sentence that covers it (as in `sentences`), or null.
    pub sentence: Option<usize>,
    pub advice: String,
    /// The STAR part the point is, where it is one.
    #[serde(skip)]
    pub part: Option<Part>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PartReport {
    pub present: bool,
    /// `present`, `unclear` or `missing`: what the STAR findings say of the part, so that a map
    /// never calls "missing" a part a finding only asks about.
    pub verdict: &'static str,
    /// The probability that the part's likeliest sentence tells it, rounded to two places.
    pub confidence: f64,
    pub sentences: Vec<usize>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SentenceReport {
    pub index: usize,
    /// The sentence as written in the file, without emphasis or link syntax, whitespace collapsed.
    pub text: String,
    pub line: usize,
    pub column: usize,
    pub label: Option<&'static str>,
    /// Every part the sentence tells, its own first: `["A", "R"]` for an action and its result.
    pub labels: Vec<&'static str>,
    /// Byte range in the file, for the language server's hovers and edits.
    #[serde(skip)]
    pub span: Range<usize>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DiagnosticReport {
    pub rule: String,
    pub category: crate::rules::schema::Category,
    pub severity: Severity,
    pub message: String,
    pub advice: Option<String>,
    pub suggestion: Option<String>,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub matched: Option<String>,
    /// Byte range in the file, for renderers that underline it.
    #[serde(skip)]
    pub span: Range<usize>,
    /// About the answer as a whole (see `Finding::whole_answer`).
    #[serde(skip)]
    pub whole_answer: bool,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Summary {
    pub files: usize,
    pub answers: usize,
    pub passed: usize,
    pub failed: usize,
    /// `error` findings, plus files that could not be checked.
    pub errors: usize,
    pub warnings: usize,
}

/// What decides whether an answer passes.
#[derive(Debug, Clone, Copy)]
pub struct PassPolicy {
    pub min_score: u32,
    /// The lowest severity of finding that fails an answer whatever its score; `None`: only the
    /// score decides.
    pub fail_on: Option<Severity>,
}

impl AnswerReport {
    /// Builds the report of one analysed answer of the file whose text is `source`.
    pub fn build(
        answer: &Answer,
        analysis: &AnswerAnalysis,
        source: &str,
        lines: &LineIndex,
        rules: &RuleSet,
        policy: PassPolicy,
    ) -> AnswerReport {
        let position = |offset: usize| lines.line_col(source, offset);
        let sentences: Vec<SentenceReport> = answer
            .sentences
            .iter()
            .enumerate()
            .map(|(index, sentence)| {
                let at = position(sentence.span.start);
                SentenceReport {
                    index,
                    text: collapse_whitespace(&answer.written_text(source, sentence.span.clone())),
                    line: at.line,
                    column: at.column,
                    label: analysis.star_reading.labels[index].map(Part::letter),
                    labels: analysis.star_reading.labels[index]
                        .into_iter()
                        .chain(analysis.star_reading.secondary[index])
                        .map(Part::letter)
                        .collect(),
                    span: sentence.span.clone(),
                }
            })
            .collect();
        let star = analysis.star.then(|| {
            let part = |part: Part| {
                let sentences: Vec<usize> = analysis
                    .star_reading
                    .labels
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| analysis.star_reading.sentence_tells(*i, part))
                    .map(|(i, _)| i)
                    .collect();
                let verdict = match analysis.star_reading.verdict(part) {
                    Verdict::Present => "present",
                    Verdict::Unclear(_) => "unclear",
                    Verdict::Missing => "missing",
                };
                PartReport {
                    present: !sentences.is_empty(),
                    verdict,
                    confidence: (analysis.star_reading.confidence[part.index()] * 100.0).round() / 100.0,
                    sentences,
                }
            };
            StarReport {
                situation: part(Part::Situation),
                task: part(Part::Task),
                action: part(Part::Action),
                result: part(Part::Result),
            }
        });
        let diagnostics: Vec<DiagnosticReport> = analysis
            .findings
            .iter()
            .map(|finding| {
                let rule = &rules.rules[finding.rule];
                let start = position(finding.span.start);
                let end = position(finding.span.end);
                DiagnosticReport {
                    rule: rule.id.clone(),
                    category: finding.category,
                    severity: finding.severity,
                    message: finding.message.clone(),
                    advice: Some(rule.advice.clone()).filter(|a| !a.is_empty()),
                    suggestion: rule.suggestion.clone(),
                    line: start.line,
                    column: start.column,
                    end_line: end.line,
                    end_column: end.column,
                    matched: finding.matched.clone(),
                    span: finding.span.clone(),
                    whole_answer: finding.whole_answer,
                }
            })
            .collect();
        let question = analysis.question_match.map(|m| &rules.questions[m.question]);
        let coverage = analysis.coverage.as_ref().zip(question).map(|(coverage, question)| {
            let points: Vec<PointReport> = coverage
                .points
                .iter()
                .map(|p| {
                    let point = &question.points[p.point];
                    PointReport {
                        id: point.id.clone(),
                        covered: p.sentence.is_some(),
                        sentence: p.sentence,
                        advice: point.advice.clone(),
                        part: point.part,
                    }
                })
                .collect();
            CoverageReport {
                covered: coverage.covered(),
                total: points.len(),
                points,
            }
        });
        let fails = |severity: Severity| policy.fail_on.is_some_and(|threshold| severity >= threshold);
        let failing_finding = diagnostics.iter().any(|d| fails(d.severity));
        AnswerReport {
            question: answer.question.clone(),
            kind: analysis.kind,
            line: position(answer.start).line,
            score: analysis.score.total,
            grade: analysis.score.grade,
            passed: analysis.score.total >= policy.min_score && !failing_finding,
            words: analysis.words,
            speaking_seconds: analysis.speaking_seconds,
            categories: analysis.score.categories.clone(),
            top_fixes: analysis
                .top_fixes
                .iter()
                .map(|fix| FixReport {
                    rule: rules.rules[fix.rule].id.clone(),
                    points: fix.points,
                    message: fix.message.clone(),
                })
                .collect(),
            star,
            question_id: question.map(|q| q.id.clone()),
            question_match: analysis.question_match.map(|m| (m.similarity * 100.0).round() / 100.0),
            coverage,
            sentences,
            diagnostics,
            kind_source: analysis.kind_source,
            capped_by: analysis.score.capped_by.map(|rule| rules.rules[rule].id.clone()),
        }
    }
}

/// A sentence as written (inline code and all, so it still reads), on one line.
fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl Report {
    /// Assembles a report and its summary from per-file reports.
    pub fn new(files: Vec<FileReport>) -> Report {
        let mut summary = Summary {
            files: files.len(),
            ..Summary::default()
        };
        for file in &files {
            summary.errors += usize::from(file.error.is_some());
            for answer in &file.answers {
                summary.answers += 1;
                if answer.passed {
                    summary.passed += 1;
                } else {
                    summary.failed += 1;
                }
                for diagnostic in &answer.diagnostics {
                    match diagnostic.severity {
                        Severity::Error => summary.errors += 1,
                        Severity::Warning => summary.warnings += 1,
                        Severity::Info => {}
                    }
                }
            }
        }
        Report {
            version: REPORT_VERSION,
            files,
            summary,
        }
    }
}

impl Report {
    /// The report with only its failing answers (and files that could not be checked), for
    /// `--quiet`; the summary still counts everything.
    pub fn only_failing(mut self) -> Report {
        for file in &mut self.files {
            file.answers.retain(|a| !a.passed);
        }
        self.files.retain(|f| f.error.is_some() || !f.answers.is_empty());
        self
    }
}

/// Output formats; each is one renderer fed the same [`Report`].
pub trait Renderer {
    fn render(&self, report: &Report, out: &mut dyn std::io::Write) -> std::io::Result<()>;
}

//! `--format sarif`: a SARIF 2.1.0 log, as serde types, for GitHub code scanning and other SARIF
//! viewers. Rule metadata comes from the loaded rule set; results come from the report.

use super::{Renderer, Report};
use crate::rules::RuleSet;
use crate::rules::schema::{Category, QuestionKind, RuleType, Severity};
use crate::score::Grade;
use serde::Serialize;
use std::collections::HashMap;
use std::io::Write;

pub const SARIF_SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// Renders the report as one SARIF run. It holds the rule set because `tool.driver.rules[]`
/// describes every rule that can report, not only those that fired, and the report carries only
/// rule ids.
pub struct SarifRenderer<'a> {
    pub rules: &'a RuleSet,
}

impl Renderer for SarifRenderer<'_> {
    fn render(&self, report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
        serde_json::to_writer_pretty(&mut *out, &self.log(report)).map_err(std::io::Error::from)?;
        writeln!(out)
    }
}

impl<'a> SarifRenderer<'a> {
    /// Builds the log: one descriptor per reporting rule, one result per finding, unreadable files
    /// as tool execution notifications, and each answer's score in the run's property bag.
    pub fn log(&self, report: &'a Report) -> Log<'a> {
        // Talking points are hundreds of rules; a log describes those it reports, as every result
        // needs its descriptor.
        let reported: std::collections::HashSet<&str> = report
            .files
            .iter()
            .flat_map(|f| &f.answers)
            .flat_map(|a| &a.diagnostics)
            .map(|d| d.rule.as_str())
            .collect();
        let descriptors: Vec<Descriptor<'a>> = self
            .rules
            .rules
            .iter()
            .filter(|rule| rule.rule_type.reports() && !rule.disabled)
            .filter(|rule| rule.rule_type != RuleType::Coverage || reported.contains(rule.id.as_str()))
            .map(|rule| Descriptor {
                id: &rule.id,
                name: pascal_case(&rule.id),
                short_description: Text { text: &rule.message },
                full_description: Text { text: &rule.source },
                help: Text { text: &rule.advice },
                default_configuration: Configuration {
                    level: level(rule.severity),
                },
                properties: DescriptorProperties {
                    category: rule.category,
                    tags: [rule.category.id()],
                },
            })
            .collect();
        let index: HashMap<&str, usize> = descriptors.iter().enumerate().map(|(i, d)| (d.id, i)).collect();
        let mut results = Vec::new();
        let mut notifications = Vec::new();
        let mut answers = Vec::new();
        for file in &report.files {
            let uri = artifact_uri(&file.path);
            if let Some(error) = &file.error {
                notifications.push(Notification {
                    level: "error",
                    message: Text { text: error },
                    locations: vec![Location::new(uri.clone(), Region::at(1, 1))],
                });
            }
            for answer in &file.answers {
                answers.push(AnswerScore {
                    uri: uri.clone(),
                    line: answer.line,
                    question: answer.question.as_deref(),
                    kind: answer.kind,
                    score: answer.score,
                    grade: answer.grade,
                    passed: answer.passed,
                });
                for diagnostic in &answer.diagnostics {
                    results.push(SarifResult {
                        rule_id: &diagnostic.rule,
                        rule_index: index.get(diagnostic.rule.as_str()).copied(),
                        level: level(diagnostic.severity),
                        message: Text {
                            text: &diagnostic.message,
                        },
                        locations: [Location::new(
                            uri.clone(),
                            Region {
                                start_line: diagnostic.line,
                                start_column: diagnostic.column,
                                end_line: diagnostic.end_line,
                                end_column: diagnostic.end_column,
                            },
                        )],
                    });
                }
            }
        }
        Log {
            schema: SARIF_SCHEMA,
            version: "2.1.0",
            runs: [Run {
                tool: Tool {
                    driver: Driver {
                        name: env!("CARGO_PKG_NAME"),
                        version: env!("CARGO_PKG_VERSION"),
                        information_uri: Some(env!("CARGO_PKG_REPOSITORY")).filter(|uri| !uri.is_empty()),
                        rules: descriptors,
                    },
                },
                invocations: [Invocation {
                    execution_successful: notifications.is_empty(),
                    tool_execution_notifications: notifications,
                }],
                column_kind: "unicodeCodePoints",
                results,
                properties: RunProperties { answers },
            }],
        }
    }
}

/// `error`, `warning`, `note`: SARIF's name for our `info` is `note`.
fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// `red-flag/no-tests` → `RedFlagNoTests`: SARIF asks for a rule name that reads as an identifier.
fn pascal_case(id: &str) -> String {
    id.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .map(|first| first.to_uppercase().chain(chars).collect::<String>())
                .unwrap_or_default()
        })
        .collect()
}

/// The path as a URI reference: forward slashes, a leading `./` dropped, and every byte outside
/// RFC 3986's unreserved and sub-delimiter characters percent-encoded. A relative path stays
/// relative (code scanning resolves it against the repository root); an absolute one becomes a
/// `file:` URI.
pub fn artifact_uri(path: &str) -> String {
    let slashed = path.replace('\\', "/");
    let mut relative = slashed.as_str();
    while let Some(rest) = relative.strip_prefix("./") {
        relative = rest;
    }
    let windows_drive =
        relative.len() >= 2 && relative.as_bytes()[1] == b':' && relative.as_bytes()[0].is_ascii_alphabetic();
    if relative.starts_with('/') {
        format!("file://{}", encode(relative, false))
    } else if windows_drive {
        format!("file:///{}{}", &relative[..2], encode(&relative[2..], false))
    } else {
        // A colon in a relative reference's first segment would read as a scheme.
        encode(relative, true)
    }
}

fn encode(path: &str, encode_colon: bool) -> String {
    let mut uri = String::with_capacity(path.len());
    for byte in path.bytes() {
        let keep =
            byte.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=@".contains(&byte) || (byte == b':' && !encode_colon);
        if keep {
            uri.push(byte as char);
        } else {
            uri.push_str(&format!("%{byte:02X}"));
        }
    }
    uri
}

#[derive(Serialize)]
pub struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool<'a>,
    invocations: [Invocation<'a>; 1],
    column_kind: &'static str,
    results: Vec<SarifResult<'a>>,
    properties: RunProperties<'a>,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'static str,
    version: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    information_uri: Option<&'static str>,
    rules: Vec<Descriptor<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Descriptor<'a> {
    id: &'a str,
    name: String,
    short_description: Text<'a>,
    full_description: Text<'a>,
    help: Text<'a>,
    default_configuration: Configuration,
    properties: DescriptorProperties,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct DescriptorProperties {
    category: Category,
    /// Code scanning filters alerts by tags; the category is the useful one.
    tags: [&'static str; 1],
}

#[derive(Serialize)]
struct Text<'a> {
    text: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: &'static str,
    message: Text<'a>,
    locations: [Location; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
}

impl Location {
    fn new(uri: String, region: Region) -> Location {
        Location {
            physical_location: PhysicalLocation {
                artifact_location: ArtifactLocation { uri },
                region,
            },
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
struct ArtifactLocation {
    uri: String,
}

/// 1-based lines and columns, columns in Unicode scalar values (`run.columnKind`); `endColumn` is
/// the column just past the last character, as in the JSON report.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
}

impl Region {
    fn at(line: usize, column: usize) -> Region {
        Region {
            start_line: line,
            start_column: column,
            end_line: line,
            end_column: column,
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation<'a> {
    /// False when some file could not be checked (the run then exits 2).
    execution_successful: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tool_execution_notifications: Vec<Notification<'a>>,
}

#[derive(Serialize)]
struct Notification<'a> {
    level: &'static str,
    message: Text<'a>,
    locations: Vec<Location>,
}

/// SARIF has no place for a score, so each answer's score goes in the run's property bag, which
/// the schema leaves open.
#[derive(Serialize)]
struct RunProperties<'a> {
    answers: Vec<AnswerScore<'a>>,
}

#[derive(Serialize)]
struct AnswerScore<'a> {
    uri: String,
    line: usize,
    question: Option<&'a str>,
    kind: QuestionKind,
    score: u32,
    grade: Grade,
    passed: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_names_are_pascal_case_ids() {
        assert_eq!(pascal_case("red-flag/no-tests"), "RedFlagNoTests");
        assert_eq!(pascal_case("star/missing-result"), "StarMissingResult");
    }

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(artifact_uri("answers/q1.md"), "answers/q1.md");
        assert_eq!(artifact_uri("./answers/q1.md"), "answers/q1.md");
        assert_eq!(artifact_uri("answers\\behavioral\\q1.md"), "answers/behavioral/q1.md");
        assert_eq!(artifact_uri("my answers/q#1 50%.md"), "my%20answers/q%231%2050%25.md");
        assert_eq!(artifact_uri("réponse.md"), "r%C3%A9ponse.md");
        assert_eq!(artifact_uri("q1: intro.md"), "q1%3A%20intro.md");
        assert_eq!(artifact_uri("/home/me/answers/q1.md"), "file:///home/me/answers/q1.md");
        assert_eq!(artifact_uri("C:\\answers\\q1.md"), "file:///C:/answers/q1.md");
        assert_eq!(artifact_uri("-"), "-");
    }
}

//! Accuracy over every fixture: each answer carries the verdict a careful coach gave it in its
//! front matter (`[expect]`), and the tool must agree. One run of the binary over `fixtures/`.

mod common;

use common::*;
use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;

#[derive(Debug, Deserialize)]
struct FrontMatter {
    expect: Expect,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    kind: String,
    quality: Option<String>,
    #[serde(default)]
    missing: Vec<String>,
    #[serde(default)]
    flags: Vec<String>,
    #[serde(default)]
    absent: Vec<String>,
    /// Each sentence's STAR label, for fitting and measuring the labeller (see
    /// `analysis::star::corpus`); `tests/star_model.rs` reads them.
    #[serde(default, rename = "sentences")]
    _sentences: Vec<(String, String)>,
}

struct Case {
    path: String,
    expect: Expect,
    answer: Value,
}

fn expectation(path: &str) -> Expect {
    let text = std::fs::read_to_string(path).unwrap();
    let front = text
        .split("+++")
        .nth(1)
        .unwrap_or_else(|| panic!("{path} has no TOML front matter"));
    toml::from_str::<FrontMatter>(front)
        .unwrap_or_else(|e| panic!("{path}: {e}"))
        .expect
}

/// Every single-answer fixture with its expectation and the tool's verdict. The binary runs once
/// per test process; every test reads the same report.
fn cases() -> Vec<Case> {
    static REPORT: std::sync::OnceLock<Value> = std::sync::OnceLock::new();
    let report = REPORT.get_or_init(|| json_report(&["fixtures"]).0);
    let mut cases = Vec::new();
    for file in report["files"].as_array().unwrap() {
        let path = file["path"].as_str().unwrap().to_string();
        assert!(file["error"].is_null(), "{path}: {}", file["error"]);
        if path.contains("/multi/") || path.ends_with("README.md") {
            continue;
        }
        let answers = file["answers"].as_array().unwrap();
        assert_eq!(answers.len(), 1, "{path} should hold one answer");
        cases.push(Case {
            expect: expectation(&path),
            path,
            answer: answers[0].clone(),
        });
    }
    assert!(cases.len() >= 40, "only {} fixtures", cases.len());
    cases
}

fn matches_pattern(rule: &str, pattern: &str) -> bool {
    match pattern.strip_suffix("/*") {
        Some(namespace) => rule.starts_with(&format!("{namespace}/")),
        None => rule == pattern,
    }
}

#[test]
fn kinds_are_inferred_from_the_questions() {
    let wrong: Vec<String> = cases()
        .iter()
        .filter(|c| c.answer["kind"] != c.expect.kind.as_str())
        .map(|c| format!("{}: expected {}, got {}", c.path, c.expect.kind, c.answer["kind"]))
        .collect();
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn missing_star_parts_are_found_with_high_precision_and_recall() {
    let (mut true_positive, mut false_positive, mut false_negative) = (0, 0, 0);
    let mut mistakes = Vec::new();
    for case in cases()
        .iter()
        .filter(|c| matches!(c.expect.kind.as_str(), "behavioral" | "project"))
    {
        let star = &case.answer["star"];
        assert!(star.is_object(), "{}: no STAR analysis", case.path);
        for part in ["situation", "task", "action", "result"] {
            let predicted = star[part]["present"] == false;
            let expected = case.expect.missing.iter().any(|m| m == part);
            match (predicted, expected) {
                (true, true) => true_positive += 1,
                (true, false) => {
                    false_positive += 1;
                    mistakes.push(format!("{}: {part} reported missing", case.path));
                }
                (false, true) => {
                    false_negative += 1;
                    mistakes.push(format!("{}: missing {part} not found", case.path));
                }
                (false, false) => {}
            }
        }
    }
    let precision = true_positive as f64 / (true_positive + false_positive) as f64;
    let recall = true_positive as f64 / (true_positive + false_negative) as f64;
    // `cargo test --test accuracy -- --nocapture` shows the figures.
    eprintln!(
        "missing STAR parts: {true_positive} found, {false_positive} wrongly, {false_negative} missed: \
         precision {precision:.2}, recall {recall:.2}"
    );
    assert!(
        true_positive >= 15,
        "too few missing parts in the fixtures to measure: {true_positive}"
    );
    assert!(
        precision >= 0.9 && recall >= 0.9,
        "precision {precision:.2}, recall {recall:.2}\n{mistakes:#?}"
    );
}

#[test]
fn every_expected_finding_fires() {
    let mut misses = Vec::new();
    for case in cases() {
        let ids = rule_ids(&case.answer);
        for flag in &case.expect.flags {
            if !ids.contains(flag) {
                misses.push(format!("{}: {flag} did not fire (got {ids:?})", case.path));
            }
        }
    }
    assert!(misses.is_empty(), "{misses:#?}");
}

#[test]
fn every_red_flag_id_is_exercised_by_some_fixture() {
    let cases = cases();
    let fired: Vec<String> = cases.iter().flat_map(|c| rule_ids(&c.answer)).collect();
    for id in [
        "red-flag/dislikes-debugging",
        "red-flag/only-wants-to-code",
        "red-flag/no-tests",
        "red-flag/no-git",
        "red-flag/copied-project",
        "red-flag/dislikes-code-review",
        "red-flag/ignores-documentation",
        "red-flag/unknown-resume-tech",
        "red-flag/dismisses-security",
    ] {
        assert!(fired.iter().any(|f| f == id), "{id} never fires on the fixtures");
    }
}

#[test]
fn nothing_fires_that_a_fixture_rules_out_and_traps_have_no_red_flags() {
    let mut wrong = Vec::new();
    let cases = cases();
    for case in &cases {
        for id in rule_ids(&case.answer) {
            if case.expect.absent.iter().any(|pattern| matches_pattern(&id, pattern)) {
                wrong.push(format!("{}: {id} fired", case.path));
            }
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
    let traps: Vec<&Case> = cases.iter().filter(|c| c.path.contains("/traps/")).collect();
    assert!(traps.len() >= 5);
    for trap in traps {
        assert!(
            trap.expect.absent.iter().any(|p| p == "red-flag/*"),
            "{} must rule out red flags",
            trap.path
        );
    }
}

#[test]
fn strong_answers_outscore_weak_ones_of_the_same_kind() {
    // Per kind: (score, path) of the strong answers, then of the weak ones.
    type Scored = Vec<(u64, String)>;
    let mut by_kind: BTreeMap<String, (Scored, Scored)> = BTreeMap::new();
    for case in cases() {
        let score = case.answer["score"].as_u64().unwrap();
        let entry = by_kind.entry(case.expect.kind.clone()).or_default();
        match case.expect.quality.as_deref() {
            Some("strong") => entry.0.push((score, case.path.clone())),
            Some("weak") => entry.1.push((score, case.path.clone())),
            _ => {}
        }
    }
    for (kind, (strong, weak)) in by_kind {
        let (Some(lowest_strong), Some(highest_weak)) = (strong.iter().min(), weak.iter().max()) else {
            continue;
        };
        assert!(
            lowest_strong.0 > highest_weak.0,
            "{kind}: strong {lowest_strong:?} does not beat weak {highest_weak:?}"
        );
    }
}

#[test]
fn grades_match_the_coachs_verdict_at_the_extremes() {
    let mut wrong = Vec::new();
    for case in cases() {
        let grade = case.answer["grade"].as_str().unwrap();
        match case.expect.quality.as_deref() {
            Some("strong") if !matches!(grade, "strong" | "good") => {
                wrong.push(format!("{}: strong answer graded {grade}", case.path))
            }
            Some("weak") if !matches!(grade, "weak" | "needs-work") => {
                wrong.push(format!("{}: weak answer graded {grade}", case.path))
            }
            _ => {}
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

//! The machine formats editors and CI read: `short` (Vim, Emacs, VS Code), `github` (Actions
//! workflow commands) and `sarif` (code scanning), each fed the same report as `json`.

mod common;

use common::*;
use serde_json::Value;
use std::io::Read;
use std::process::{Command, Stdio};

const FLAKY_CI: &str = "fixtures/behavioral/flaky-ci-no-result.md";
const WEAK_INTRO: &str = "fixtures/intro/generic-likes-coding.txt";

/// The red flag in the flaky-CI story: line 23, character column 386 to 424.
const FLAKY_CI_RED_FLAG: &str = "fixtures/behavioral/flaky-ci-no-result.md:23:386: error[red-flag/dislikes-code-review] \
     Saying you dislike code reviews signals that you resist feedback and collaboration.";

/// A user's rule whose message and advice hold every character GitHub's escaping cares about.
const AWKWARD_RULE: &str = r#"[[rule]]
id = "house/synergy"
type = "phrase"
category = "wording"
severity = "warning"
message = "Say 100% what you did: no synergy, please.\nName the work."
advice = "Name the change, e.g. the API: what it does."
source = "our style guide"
phrases = ["synergy"]
examples.flag = ["We had synergy."]
examples.pass = ["We had a plan."]
"#;

/// Runs with `--format FORMAT` plus `args`; returns stdout, stderr and the exit code.
#[track_caller]
fn run(format: &str, args: &[&str]) -> (String, String, i32) {
    let output = star_check().args(["--format", format]).args(args).output().unwrap();
    (
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
        output.status.code().unwrap_or(-1),
    )
}

#[track_caller]
fn sarif(args: &[&str]) -> Value {
    let (stdout, stderr, _) = run("sarif", args);
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {stdout}\n{stderr}"))
}

/// Checks `log` against the official SARIF 2.1.0 schema (OASIS, errata 01) shipped beside the tests.
#[track_caller]
fn assert_valid_sarif(log: &Value) {
    let schema: Value =
        serde_json::from_str(include_str!("sarif-schema-2.1.0.json")).expect("the shipped schema is JSON");
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "not valid SARIF 2.1.0:\n{}", errors.join("\n"));
}

// --- short ---------------------------------------------------------------------------------------

#[test]
fn short_snapshot() {
    let (stdout, stderr, code) = run("short", &[FLAKY_CI, WEAK_INTRO]);
    assert_eq!(code, 1);
    assert_eq!(stderr, "");
    insta::assert_snapshot!("short_flaky_ci_and_weak_intro", stdout);
}

#[test]
fn short_puts_the_score_line_first_then_findings_in_report_order() {
    let (stdout, _, _) = run("short", &[FLAKY_CI]);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines[0],
        "fixtures/behavioral/flaky-ci-no-result.md:19:1: info[score] 40/100 weak, fail"
    );
    assert!(lines.contains(&FLAKY_CI_RED_FLAG), "{stdout}");
    let (report, _) = json_report(&[FLAKY_CI]);
    let ids: Vec<String> = lines[1..]
        .iter()
        .map(|l| l.split('[').nth(1).unwrap().split(']').next().unwrap().to_string())
        .collect();
    assert_eq!(ids, rule_ids(first_answer(&report)));
}

#[test]
fn short_has_one_line_per_finding_and_answer_across_all_fixtures() {
    let (stdout, _, _) = run("short", &["fixtures"]);
    let (report, _) = json_report(&["fixtures"]);
    let mut expected = Vec::new();
    for file in report["files"].as_array().unwrap() {
        let path = file["path"].as_str().unwrap();
        for answer in file["answers"].as_array().unwrap() {
            expected.push(format!(
                "{path}:{}:1: info[score] {}/100 {}, {}",
                answer["line"],
                answer["score"],
                answer["grade"].as_str().unwrap(),
                if answer["passed"].as_bool().unwrap() {
                    "pass"
                } else {
                    "fail"
                }
            ));
            for d in answer["diagnostics"].as_array().unwrap() {
                expected.push(format!(
                    "{path}:{}:{}: {}[{}] {}",
                    d["line"],
                    d["column"],
                    d["severity"].as_str().unwrap(),
                    d["rule"].as_str().unwrap(),
                    d["message"].as_str().unwrap()
                ));
            }
        }
    }
    assert!(expected.len() > 100, "the fixtures have many findings");
    assert_eq!(stdout.lines().collect::<Vec<_>>(), expected);
}

#[test]
fn short_reads_as_errorformat_and_problem_matcher_lines() {
    // The regex README gives VS Code, in Rust's syntax (the same as JavaScript's for this pattern).
    let matcher = regex::Regex::new(r"^(.*):(\d+):(\d+): (error|warning|info)\[([^\]]+)\] (.*)$").unwrap();
    let (stdout, _, _) = run("short", &["fixtures"]);
    for line in stdout.lines() {
        assert!(matcher.is_match(line), "{line}");
    }
    let captures = matcher.captures(FLAKY_CI_RED_FLAG).unwrap();
    let fields: Vec<&str> = (1..=6).map(|i| captures.get(i).unwrap().as_str()).collect();
    assert_eq!(
        fields,
        [
            "fixtures/behavioral/flaky-ci-no-result.md",
            "23",
            "386",
            "error",
            "red-flag/dislikes-code-review",
            "Saying you dislike code reviews signals that you resist feedback and collaboration."
        ]
    );
}

#[test]
fn short_keeps_a_multi_line_message_on_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let rules = write(dir.path(), "house.toml", AWKWARD_RULE);
    let answer = write(
        dir.path(),
        "q1.md",
        "We shipped it on time and the synergy was great.\n",
    );
    let (stdout, _, _) = run("short", &["--rules", rules.to_str().unwrap(), answer.to_str().unwrap()]);
    let expected = format!(
        "{}:1:31: warning[house/synergy] Say 100% what you did: no synergy, please. Name the work.",
        answer.display()
    );
    assert!(stdout.lines().any(|l| l == expected), "{stdout}");
}

#[test]
fn short_reports_a_file_that_cannot_be_checked_on_both_streams() {
    let dir = tempfile::tempdir().unwrap();
    let empty = write(dir.path(), "empty.md", "  \n\n");
    let (stdout, stderr, code) = run("short", &[empty.to_str().unwrap(), WEAK_INTRO]);
    assert_eq!(code, 2);
    let path = empty.display();
    assert_eq!(
        stdout.lines().next().unwrap(),
        format!("{path}:1:1: error[io] empty answer: there is nothing to check")
    );
    assert_eq!(
        stdout.lines().nth(1).unwrap(),
        format!("{WEAK_INTRO}:10:1: info[score] 36/100 weak, fail")
    );
    assert_eq!(
        stderr,
        format!("star-check: {path}: empty answer: there is nothing to check\n")
    );
}

#[test]
fn short_from_standard_input_is_named_dash() {
    let output = star_check()
        .args(["--format", "short", "--question", "Tell me about yourself"])
        .write_stdin("I'm a backend developer who likes coding and learning new technologies.")
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.starts_with("-:1:1: info[score] "), "{stdout}");
    assert!(stdout.contains("\n-:1:"), "{stdout}");
}

// --- github --------------------------------------------------------------------------------------

#[test]
fn github_snapshot() {
    let (stdout, stderr, code) = run("github", &[FLAKY_CI, WEAK_INTRO]);
    assert_eq!(code, 1);
    assert_eq!(stderr, "");
    insta::assert_snapshot!("github_flaky_ci_and_weak_intro", stdout);
}

#[test]
fn github_red_flag_is_an_error_annotation_with_its_span_and_advice() {
    let (stdout, _, _) = run("github", &[FLAKY_CI]);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines[0],
        "::notice file=fixtures/behavioral/flaky-ci-no-result.md,line=19,col=1,title=score::40/100 weak"
    );
    let flag = lines
        .iter()
        .find(|l| l.contains("title=red-flag/dislikes-code-review"))
        .unwrap();
    assert_eq!(
        *flag,
        "::error file=fixtures/behavioral/flaky-ci-no-result.md,line=23,col=386,endLine=23,endColumn=424,\
         title=red-flag/dislikes-code-review::\
         Saying you dislike code reviews signals that you resist feedback and collaboration.\
         %0Ahelp: Describe how code review helps you: a comment that improved your design, how you review \
         others' code, and how you keep PRs easy to review."
    );
    let filler = lines.iter().find(|l| l.contains("title=wording/filler")).unwrap();
    assert!(filler.starts_with("::notice "), "info findings are notices: {filler}");
    assert!(filler.ends_with("%0Asuggestion: remove it"), "{filler}");
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("::warning ") && l.contains("title=wording/vague"))
    );
}

#[test]
fn github_escapes_messages_and_properties() {
    let dir = tempfile::tempdir().unwrap();
    let rules = write(dir.path(), "house.toml", AWKWARD_RULE);
    let answer = write(
        dir.path(),
        "q1: retro, 50%.md",
        "We shipped it on time and the synergy was great.\n",
    );
    let (stdout, _, _) = run(
        "github",
        &["--rules", rules.to_str().unwrap(), answer.to_str().unwrap()],
    );
    let file = format!("{}/q1%3A retro%2C 50%25.md", dir.path().display());
    let expected = format!(
        "::warning file={file},line=1,col=31,endLine=1,endColumn=38,title=house/synergy::\
         Say 100%25 what you did: no synergy, please.%0AName the work.%0Ahelp: Name the change, e.g. the API: what it does."
    );
    assert!(stdout.lines().any(|l| l == expected), "{stdout}");
    // Nothing but the command's own `::` separators is left unescaped in a property list.
    for line in stdout.lines() {
        let properties = line.split("::").nth(1).unwrap();
        assert!(!properties.contains(['\n', '\r']), "{line}");
        for property in properties.split_once(' ').unwrap().1.split(',') {
            let (_, value) = property.split_once('=').unwrap();
            assert!(!value.contains(':'), "{line}");
        }
    }
}

#[test]
fn github_reports_a_file_that_cannot_be_checked() {
    let dir = tempfile::tempdir().unwrap();
    let empty = write(dir.path(), "empty.md", "\n");
    let (stdout, _, code) = run("github", &[empty.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert_eq!(
        stdout,
        format!(
            "::error file={},line=1,col=1,title=io::empty answer: there is nothing to check\n",
            empty.display()
        )
    );
}

// --- sarif ---------------------------------------------------------------------------------------

#[test]
fn sarif_of_every_fixture_is_valid_against_the_official_schema() {
    let log = sarif(&["fixtures"]);
    assert_valid_sarif(&log);
    assert!(log["runs"][0]["results"].as_array().unwrap().len() > 100);
}

#[test]
fn sarif_with_unreadable_files_user_rules_and_odd_paths_is_valid() {
    let dir = tempfile::tempdir().unwrap();
    let rules = write(dir.path(), "house.toml", AWKWARD_RULE);
    let odd = write(
        dir.path(),
        "q1: retro, 50% é.md",
        "We shipped it on time and the synergy was great.\n",
    );
    let empty = write(dir.path(), "empty.md", "\n");
    let log = sarif(&[
        "--rules",
        rules.to_str().unwrap(),
        odd.to_str().unwrap(),
        empty.to_str().unwrap(),
    ]);
    assert_valid_sarif(&log);
    let run = &log["runs"][0];
    let invocation = &run["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let notification = &invocation["toolExecutionNotifications"][0];
    assert_eq!(notification["level"], "error");
    assert_eq!(
        notification["message"]["text"],
        "empty answer: there is nothing to check"
    );
    let result = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "house/synergy")
        .unwrap();
    let uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        .as_str()
        .unwrap();
    assert!(uri.starts_with("file:///"), "{uri}");
    assert!(uri.ends_with("/q1:%20retro,%2050%25%20%C3%A9.md"), "{uri}");
    assert_eq!(
        result["message"]["text"],
        "Say 100% what you did: no synergy, please.\nName the work."
    );
}

/// The schema check is only worth something if it fails on a log that breaks the schema. (The
/// schema is draft 4, which has no `uri-reference` format, so validators skip that one; the unit
/// tests of `sarif::artifact_uri` cover the encoding of paths instead.)
#[test]
fn the_schema_check_rejects_what_sarif_forbids() {
    let valid = sarif(&[FLAKY_CI]);
    let schema: Value = serde_json::from_str(include_str!("sarif-schema-2.1.0.json")).unwrap();
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap();
    assert!(validator.is_valid(&valid));
    let breakages: [(&str, Value); 4] = [
        ("/runs/0/results/0/level", "info".into()),
        (
            "/runs/0/results/0/locations/0/physicalLocation/region/startColumn",
            0.into(),
        ),
        ("/$schema", "not a URI".into()),
        ("/runs/0/columnKind", "bytes".into()),
    ];
    for (pointer, value) in breakages {
        let mut broken = valid.clone();
        *broken.pointer_mut(pointer).unwrap() = value;
        assert!(!validator.is_valid(&broken), "{pointer} was accepted");
    }
}

#[test]
fn sarif_snapshot() {
    let mut log = sarif(&[FLAKY_CI, WEAK_INTRO]);
    assert_valid_sarif(&log);
    // Keep the snapshot to the rules that fired: the full list is checked below against the rule set,
    // and would make every rule edit a snapshot change.
    let run = &mut log["runs"][0];
    let fired: Vec<Value> = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["ruleId"].clone())
        .collect();
    let rules = run["tool"]["driver"]["rules"].as_array_mut().unwrap();
    rules.retain(|rule| fired.contains(&rule["id"]));
    run["tool"]["driver"]["version"] = "[version]".into();
    for result in run["results"].as_array_mut().unwrap() {
        result["ruleIndex"] = "[index]".into();
    }
    insta::assert_json_snapshot!("sarif_flaky_ci_and_weak_intro", log);
}

#[test]
fn sarif_describes_every_reporting_rule_and_indexes_results_into_them() {
    let log = sarif(&["fixtures"]);
    let run = &log["runs"][0];
    assert_eq!(log["version"], "2.1.0");
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "star-check");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));

    let rule_set = star_check::rules::RuleSet::defaults().unwrap();
    // Talking points (`coverage/…`, after every other rule) are described when a result uses them.
    let coverage = star_check::rules::schema::RuleType::Coverage;
    let reporting: Vec<&star_check::rules::Rule> = rule_set
        .rules
        .iter()
        .filter(|r| r.rule_type.reports() && r.rule_type != coverage)
        .collect();
    let descriptors = driver["rules"].as_array().unwrap();
    let mut reported_points: Vec<&str> = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["ruleId"].as_str().filter(|id| id.starts_with("coverage/")))
        .collect();
    reported_points.sort();
    reported_points.dedup();
    assert!(!reported_points.is_empty());
    assert_eq!(descriptors.len(), reporting.len() + reported_points.len());
    assert!(
        reporting.len() < rule_set.rules.len(),
        "cue and kind rules are left out"
    );
    for (descriptor, rule) in descriptors.iter().zip(&reporting) {
        assert_eq!(descriptor["id"], rule.id.as_str());
        assert_eq!(descriptor["shortDescription"]["text"], rule.message.as_str());
        assert_eq!(descriptor["fullDescription"]["text"], rule.source.as_str());
        assert_eq!(descriptor["help"]["text"], rule.advice.as_str());
        let level = match rule.severity.name() {
            "info" => "note",
            other => other,
        };
        assert_eq!(descriptor["defaultConfiguration"]["level"], level, "{}", rule.id);
        assert_eq!(descriptor["properties"]["category"], rule.category.id());
    }

    let results = run["results"].as_array().unwrap();
    for result in results {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(descriptors[index]["id"], result["ruleId"], "{result}");
    }
    let (report, _) = json_report(&["fixtures"]);
    let findings: usize = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["answers"].as_array().unwrap())
        .map(|a| a["diagnostics"].as_array().unwrap().len())
        .sum();
    assert_eq!(results.len(), findings, "one result per finding");
    let answers = run["properties"]["answers"].as_array().unwrap();
    assert_eq!(answers.len() as u64, report["summary"]["answers"].as_u64().unwrap());
}

#[test]
fn sarif_red_flag_result_has_its_region() {
    let log = sarif(&[FLAKY_CI]);
    let run = &log["runs"][0];
    let result = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "red-flag/dislikes-code-review")
        .unwrap();
    assert_eq!(result["level"], "error");
    assert_eq!(
        result["locations"][0]["physicalLocation"],
        serde_json::json!({
            "artifactLocation": { "uri": "fixtures/behavioral/flaky-ci-no-result.md" },
            "region": { "startLine": 23, "startColumn": 386, "endLine": 23, "endColumn": 424 }
        })
    );
    assert_eq!(
        run["properties"]["answers"][0],
        serde_json::json!({
            "uri": "fixtures/behavioral/flaky-ci-no-result.md",
            "line": 19,
            "question": run["properties"]["answers"][0]["question"].clone(),
            "kind": "behavioral",
            "score": 40,
            "grade": "weak",
            "passed": false
        })
    );
}

/// A reader that stops early (`| head`) ends a long report quietly, in every serialised format.
#[test]
fn a_closed_pipe_ends_a_long_report_quietly() {
    for format in ["sarif", "json"] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_star-check"))
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args(["--format", format, "fixtures"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = [0u8; 1];
        child.stdout.take().unwrap().read_exact(&mut first).unwrap();
        let output = child.wait_with_output().unwrap();
        assert_eq!(String::from_utf8_lossy(&output.stderr), "", "{format}");
        assert_eq!(output.status.code(), Some(0), "{format}");
    }
}

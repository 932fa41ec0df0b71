//! End-to-end tests of the practice commands: `diff`, `progress`, and recording attempts.

mod common;

use common::star_check;
use serde_json::Value;
use std::path::Path;

/// A first draft: what happened and what I did, but no outcome, and hedged.
const DRAFT: &str = "---\nquestion: Tell me about a time you fixed a slow API.\nkind: behavioral\n---\n\
Last spring our order-history endpoint started timing out for our biggest customers. \
I was asked to find out why before the quarterly billing run. \
I think I basically profiled the queries and I added a composite index on customer and date, \
and I moved the PDF rendering to a background job.\n";

/// The same story with a measured result and without the hedges.
const REVISED: &str = "---\nquestion: Tell me about a time you fixed a slow API.\nkind: behavioral\n---\n\
Last spring our order-history endpoint started timing out for our biggest customers. \
I was asked to find out why before the quarterly billing run. \
I profiled the queries with EXPLAIN ANALYZE, added a composite index on customer and date, \
and moved the PDF rendering to a background job. \
The p95 latency fell from 4.2 s to 310 ms, and the billing run finished without a single timeout.\n";

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

fn strings(value: &Value) -> Vec<&str> {
    value.as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect()
}

#[test]
fn diff_names_the_fixes_and_the_part_gained() {
    let dir = tempfile::tempdir().unwrap();
    let old = write(dir.path(), "draft.md", DRAFT);
    let new = write(dir.path(), "revised.md", REVISED);
    let output = star_check()
        .args(["diff", "--isolated", "--format", "json", &old, &new])
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let diff: Value = serde_json::from_slice(&output.stdout).unwrap();
    insta::assert_json_snapshot!("diff_json", diff);
    assert_eq!(diff["version"], 1);
    let (before, after) = (
        diff["score"]["old"].as_u64().unwrap(),
        diff["score"]["new"].as_u64().unwrap(),
    );
    assert!(after > before, "{before} -> {after}");
    let fixed = strings(&diff["fixed"]);
    assert!(fixed.contains(&"star/missing-result"), "{fixed:?}");
    assert!(fixed.contains(&"wording/hedge"), "{fixed:?}");
    assert_eq!(strings(&diff["parts_gained"]), ["result"]);
    assert!(strings(&diff["parts_lost"]).is_empty());
    // The question matched the bank's slow-API question: the revision proves its gain.
    assert!(strings(&diff["points_gained"]).contains(&"validate-gain"), "{diff}");
    assert!(strings(&diff["points_lost"]).is_empty(), "{diff}");

    // The human form says the same in a few lines.
    let output = star_check().args(["diff", "--isolated", &old, &new]).output().unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.contains(&format!("  score   {before} → {after} (+{})", after - before)),
        "{text}"
    );
    assert!(text.contains("star/missing-result"), "{text}");
    assert!(text.contains("  parts   gained: result; lost: none"), "{text}");
}

#[test]
fn diff_of_a_missing_file_names_it_and_fails() {
    let dir = tempfile::tempdir().unwrap();
    let new = write(dir.path(), "revised.md", REVISED);
    let missing = dir.path().join("nope.md").display().to_string();
    let output = star_check()
        .args(["diff", "--isolated", &missing, &new])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("nope.md"), "{stderr}");
    assert!(output.stdout.is_empty());
}

#[test]
fn diff_of_an_answer_a_file_does_not_have_says_how_many_it_has() {
    let dir = tempfile::tempdir().unwrap();
    let old = write(dir.path(), "draft.md", DRAFT);
    let output = star_check()
        .args(["diff", "--isolated", "--answer", "2", &old, &old])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("has 1 answer, so there is no answer 2 to compare"),
        "{stderr}"
    );
}

const HISTORY: &str = r#"{"version":1,"date":"2026-11-30T09:00:00Z","question_id":"slow-api","score":40,"categories":{"structure":0.5,"impact":0.2}}
{"version":1,"date":"2026-11-30T09:05:00Z","question_id":"jwt","score":70,"categories":{"structure":1.0}}
this line was torn by a crash
{"version":1,"date":"2026-12-01T10:00:00Z","question_id":"slow-api","score":81,"categories":{"structure":0.9,"impact":0.8}}
"#;

#[test]
fn progress_sums_up_the_history_and_skips_a_corrupt_line_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".star-check")).unwrap();
    std::fs::write(dir.path().join(".star-check/history.jsonl"), HISTORY).unwrap();
    let output = star_check()
        .current_dir(dir.path())
        .args(["progress", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.starts_with("star-check: warning: .star-check/history.jsonl:3: not a history line"),
        "{stderr}"
    );
    let progress: Value = serde_json::from_slice(&output.stdout).unwrap();
    insta::assert_json_snapshot!("progress_json", progress);
    assert_eq!(progress["questions"][1]["id"], "slow-api");
    assert_eq!(progress["questions"][1]["scores"], serde_json::json!([40, 81]));

    let output = star_check().current_dir(dir.path()).arg("progress").output().unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    let row = text.lines().find(|l| l.starts_with("slow-api")).unwrap();
    assert_eq!(
        row.split_whitespace().collect::<Vec<_>>(),
        ["slow-api", "2", "81", "81", "▄▇"]
    );
}

#[test]
fn progress_with_no_history_says_how_to_start() {
    let dir = tempfile::tempdir().unwrap();
    let output = star_check().current_dir(dir.path()).arg("progress").output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.starts_with("No practice recorded yet in .star-check/history.jsonl."),
        "{text}"
    );
}

/// A short technical answer of my own to the JWT question.
const JWT_ANSWER: &str = "A JWT is a signed token with three parts: a header, a payload of claims such as the user id \
and an expiry, and a signature. The server checks the signature with its secret or public key, so it needs no \
session store, which is why JWTs suit stateless APIs. The trade-off is revocation: a stolen token stays valid \
until it expires, so I keep access tokens short-lived, around 15 minutes, and send them only over HTTPS.\n";

fn history_lines(dir: &Path) -> Vec<Value> {
    std::fs::read_to_string(dir.join(".star-check/history.jsonl"))
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn practice_piped_shows_the_question_scores_saves_and_records() {
    let dir = tempfile::tempdir().unwrap();
    let output = star_check()
        .current_dir(dir.path())
        .args(["practice", "--id", "jwt", "--save", "answers", "--format", "json"])
        .write_stdin(JWT_ANSWER)
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.starts_with("Question (jwt, technical): "), "{stderr}");
    assert!(stderr.contains("\nInterviewers assess: "), "{stderr}");
    // stdout is the check's JSON report, nothing else.
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let answer = &report["files"][0]["answers"][0];
    assert_eq!(answer["question_id"], "jwt");
    assert_eq!(answer["kind"], "technical");
    let score = answer["score"].as_u64().unwrap();

    let saved: Vec<_> = std::fs::read_dir(dir.path().join("answers"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(saved.len(), 1);
    let name = saved[0].file_name().unwrap().to_str().unwrap().to_string();
    assert!(name.starts_with("jwt-") && name.ends_with(".md"), "{name}");
    let text = std::fs::read_to_string(&saved[0]).unwrap();
    assert!(
        text.starts_with("---\nquestion: \"What is a JWT?\"\nquestion-id: jwt\nkind: technical\ndate: "),
        "{text}"
    );
    assert!(
        text.contains(&format!("\nscore: {score}\n---\nA JWT is a signed token")),
        "{text}"
    );
    assert!(stderr.contains(&format!("Saved as answers/{name}")), "{stderr}");

    let history = history_lines(dir.path());
    assert_eq!(history.len(), 1);
    assert_eq!(history[0]["question_id"], "jwt");
    assert_eq!(history[0]["score"].as_u64(), Some(score));

    // The saved answer checks again to the same score.
    let (again, _) = common::json_report(&[saved[0].to_str().unwrap()]);
    assert_eq!(common::first_answer(&again)["score"].as_u64(), Some(score));
}

#[test]
fn practice_picks_the_question_practised_least() {
    let dir = tempfile::tempdir().unwrap();
    let shown = |stdin: &str| {
        let output = star_check()
            .current_dir(dir.path())
            .args(["practice", "--kind", "technical", "--no-hints"])
            .write_stdin(stdin)
            .output()
            .unwrap();
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(!stderr.contains("Interviewers assess"), "--no-hints: {stderr}");
        stderr.lines().next().unwrap().to_string()
    };
    let first = shown(JWT_ANSWER);
    assert!(
        first.starts_with("Question (") && first.contains(", technical): "),
        "{first}"
    );
    let second = shown(JWT_ANSWER);
    assert_ne!(first, second, "a question just practised is not picked again first");
    assert_eq!(history_lines(dir.path()).len(), 2);
}

#[test]
fn practice_refuses_an_empty_answer_and_an_unknown_question() {
    let dir = tempfile::tempdir().unwrap();
    let output = star_check()
        .current_dir(dir.path())
        .args(["practice", "--id", "jwt"])
        .write_stdin("  \n")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.ends_with("star-check: -: empty answer: nothing was typed, so there is nothing to score\n"),
        "{stderr}"
    );
    assert!(history_lines(dir.path()).is_empty(), "nothing recorded");

    let output = star_check()
        .current_dir(dir.path())
        .args(["practice", "--id", "jwtt"])
        .write_stdin(JWT_ANSWER)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stderr, "star-check: unknown question id `jwtt`; did you mean `jwt`?\n");
}

/// Typed at a terminal: `script` (util-linux) gives the command a pseudo-terminal, so the countdown
/// runs and the prompt says how to finish.
#[test]
fn practice_typed_at_a_terminal_counts_down_and_scores() {
    let binary = assert_cmd::cargo::cargo_bin("star-check");
    let dir = tempfile::tempdir().unwrap();
    let command = format!(
        "{} practice --id jwt --time 1 --no-record --color never",
        binary.display()
    );
    let mut child = std::process::Command::new("script")
        .args(["-q", "-e", "-c", &command, "/dev/null"])
        .current_dir(dir.path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("`script` (util-linux) runs the practice at a pseudo-terminal");
    let mut stdin = child.stdin.take().unwrap();
    // Type after the time is up, then end the answer with Ctrl-D on an empty line.
    std::thread::sleep(std::time::Duration::from_millis(1600));
    use std::io::Write;
    stdin.write_all(JWT_ANSWER.as_bytes()).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(300));
    stdin.write_all(b"\x04").unwrap();
    std::thread::sleep(std::time::Duration::from_millis(300));
    drop(stdin);
    let output = child.wait_with_output().unwrap();
    let text = String::from_utf8_lossy(&output.stdout).replace("\r\n", "\n");
    assert!(text.contains("Question (jwt, technical): What is a JWT?"), "{text}");
    assert!(text.contains("You have 0:01."), "{text}");
    assert!(
        text.contains("Press Ctrl-D on an empty line") || text.contains("press Ctrl-D on an empty line"),
        "{text}"
    );
    assert!(
        text.contains("[time is up: finish your sentence, then press Ctrl-D]"),
        "{text}"
    );
    assert!(text.contains("talking points of `jwt`"), "{text}");
    assert!(text.contains("You took 0:0"), "{text}");
}

#[test]
fn check_record_appends_answers_with_a_bank_question() {
    let dir = tempfile::tempdir().unwrap();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/behavioral/slow-invoices-endpoint.md");
    let output = star_check()
        .current_dir(dir.path())
        .args(["--record", "--isolated", "--format", "short", fixture.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let history = history_lines(dir.path());
    assert_eq!(history.len(), 1);
    assert_eq!(history[0]["question_id"], "performance-improvement-story");
    assert!(
        history[0]["path"]
            .as_str()
            .unwrap()
            .ends_with("slow-invoices-endpoint.md")
    );
    let output = star_check()
        .current_dir(dir.path())
        .args(["progress", "--format", "json"])
        .output()
        .unwrap();
    let progress: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(progress["questions"][0]["id"], "performance-improvement-story");
    assert_eq!(progress["questions"][0]["attempts"], 1);
}

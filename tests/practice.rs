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

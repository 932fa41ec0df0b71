//! Inline suppression comments, the findings that keep them honest, and the gating flags that
//! decide what is printed: `--quiet` and `--statistics`.

mod common;

use common::*;
use serde_json::Value;
use std::path::Path;

/// A short technical answer whose findings sit on known lines: three about the whole answer on
/// line 1, hedges on lines 3 and 4, a filler on line 5.
const ANSWER: &str = "\
# What is the difference between a process and a thread?

I think a process has its own memory, and its threads share it.
Maybe threads are cheaper to start, so Nginx uses few processes.
Basically, a crash in one thread can take the whole process down.
";

/// Checks `text` as `answer.md` in a fresh folder, ignoring any config above it.
fn check(text: &str) -> Value {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "answer.md", text);
    let output = star_check()
        .current_dir(dir.path())
        .args(["--isolated", "--format", "json", "answer.md"])
        .output()
        .unwrap();
    serde_json::from_slice(&output.stdout).unwrap()
}

/// (rule, line, column) of every finding of the first answer.
fn findings(report: &Value) -> Vec<(String, u64, u64)> {
    first_answer(report)["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn owned(list: &[(&str, u64, u64)]) -> Vec<(String, u64, u64)> {
    list.iter().map(|(r, l, c)| (r.to_string(), *l, *c)).collect()
}

/// The answer's findings on lines 3 to 5 (the whole-answer ones on line 1 never change here).
fn body_findings(report: &Value) -> Vec<(String, u64, u64)> {
    findings(report).into_iter().filter(|f| f.1 > 1).collect()
}

#[test]
fn without_comments_every_finding_is_reported() {
    let report = check(ANSWER);
    assert_eq!(
        findings(&report),
        owned(&[
            ("trade-offs/none-weighed", 1, 1),
            ("specificity/no-example", 1, 1),
            ("length/too-short", 1, 1),
            ("wording/hedge", 3, 1),
            ("wording/hedge", 4, 1),
            ("wording/filler", 5, 1),
        ])
    );
}

#[test]
fn disable_next_line_covers_the_next_line_with_text_only() {
    let text = ANSWER.replace(
        "Maybe",
        "<!-- star-check-disable-next-line wording/hedge -->\n\n<!-- a note -->\nMaybe",
    );
    assert_eq!(
        body_findings(&check(&text)),
        owned(&[("wording/hedge", 3, 1), ("wording/filler", 8, 1)])
    );
}

#[test]
fn disable_line_covers_its_own_line() {
    let text = ANSWER.replace(
        "few processes.",
        "few processes. <!-- star-check-disable-line wording/hedge -->",
    );
    assert_eq!(
        body_findings(&check(&text)),
        owned(&[("wording/hedge", 3, 1), ("wording/filler", 5, 1)])
    );
}

#[test]
fn disable_and_enable_cover_the_lines_between() {
    // Every rule from line 3; hedges enabled again on line 5: the second hedge (line 6) is back,
    // the filler (line 7) is still off.
    let text = ANSWER
        .replace("I think", "<!-- star-check-disable -->\nI think")
        .replace("Maybe", "<!-- star-check-enable wording/hedge -->\nMaybe");
    assert_eq!(body_findings(&check(&text)), owned(&[("wording/hedge", 6, 1)]));

    // With ids, and a plain enable that ends the range before the filler: the filler id hid
    // nothing, and says so.
    let text = ANSWER
        .replace(
            "I think",
            "<!-- star-check-disable wording/hedge, wording/filler -->\nI think",
        )
        .replace("Basically", "<!-- star-check-enable -->\nBasically");
    let report = check(&text);
    assert_eq!(
        body_findings(&report),
        owned(&[("suppression/unused", 3, 1), ("wording/filler", 7, 1)])
    );
    assert_eq!(
        diagnostic(first_answer(&report), "suppression/unused")["message"],
        "Unused suppression: no `wording/filler` finding where this comment applies."
    );
}

#[test]
fn disable_file_works_from_anywhere_and_takes_namespaces() {
    let text = format!("{ANSWER}\n<!-- star-check-disable-file wording/* -->\n");
    let report = check(&text);
    assert_eq!(body_findings(&report), []);
    assert_eq!(findings(&report).len(), 3);
    // No ids: every rule, including the whole-answer findings on the heading.
    let report = check(&format!("<!-- star-check-disable-file -->\n{ANSWER}"));
    assert_eq!(findings(&report), []);
}

#[test]
fn suppressed_findings_do_not_count_in_the_score() {
    let wording = |report: &Value| {
        first_answer(report)["categories"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == "wording")
            .unwrap()["score"]
            .clone()
    };
    let plain = check(ANSWER);
    let suppressed = check(&format!("{ANSWER}\n<!-- star-check-disable-file wording/* -->\n"));
    // Two hedges and a filler cost 0.1 each of the technical kind's 25 wording points.
    assert_eq!(wording(&plain), 18);
    assert_eq!(wording(&suppressed), 25);
    assert_eq!(
        first_answer(&suppressed)["score"].as_u64().unwrap(),
        first_answer(&plain)["score"].as_u64().unwrap() + 7
    );
}

#[test]
fn an_unused_suppression_is_an_info_finding_at_the_comment() {
    let text = ANSWER.replace(
        "Maybe",
        "<!-- star-check-disable-next-line wording/filler wording/hedge -->\nMaybe",
    );
    let report = check(&text);
    assert_eq!(
        body_findings(&report),
        owned(&[
            ("wording/hedge", 3, 1),
            ("suppression/unused", 4, 1),
            ("wording/filler", 6, 1)
        ])
    );
    let unused = diagnostic(first_answer(&report), "suppression/unused");
    assert_eq!(unused["severity"], "info");
    assert_eq!(
        unused["message"],
        "Unused suppression: no `wording/filler` finding where this comment applies."
    );
    assert_eq!(
        (unused["end_line"].as_u64(), unused["end_column"].as_u64()),
        (Some(4), Some(67))
    );
    // Unused suppressions cost nothing: the same answer with only the used id scores the same.
    let plain = check(&ANSWER.replace("Maybe", "<!-- star-check-disable-next-line wording/hedge -->\nMaybe"));
    assert_eq!(findings(&plain).len(), 5);
    assert_eq!(first_answer(&report)["score"], first_answer(&plain)["score"]);
}

#[test]
fn a_suppression_with_no_ids_that_hides_nothing_is_reported_too() {
    let text = ANSWER.replace("Basically, a", "<!-- star-check-disable-line -->\nA");
    let report = check(&text);
    let unused = diagnostic(first_answer(&report), "suppression/unused");
    assert_eq!(
        unused["message"],
        "Unused suppression: no star-check finding where this comment applies."
    );
    assert_eq!((unused["line"].as_u64(), unused["column"].as_u64()), (Some(5), Some(1)));
}

#[test]
fn unknown_rule_ids_and_directives_are_invalid_at_their_column() {
    let text = ANSWER
        .replace(
            "Maybe",
            "<!-- star-check-disable-next-line wording/hedging, wording/hedge -->\nMaybe",
        )
        .replace("Basically", "<!--  star-check-disabel -->\nBasically");
    let report = check(&text);
    assert_eq!(
        body_findings(&report),
        owned(&[
            ("wording/hedge", 3, 1),
            ("suppression/invalid", 4, 35),
            ("suppression/invalid", 6, 7),
            ("wording/filler", 7, 1),
        ])
    );
    let messages: Vec<&str> = first_answer(&report)["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "suppression/invalid")
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert_eq!(
        messages,
        [
            "Invalid suppression: `wording/hedging` matches no rule.",
            "Invalid suppression: `star-check-disabel` is not a directive."
        ]
    );
}

#[test]
fn suppression_findings_are_hidden_only_by_comments_that_name_them() {
    let unused = ANSWER.replace("Basically, a", "<!-- star-check-disable-line wording/hedge -->\nA");
    let report = check(&format!(
        "{unused}\n<!-- star-check-disable-file suppression/unused -->\n"
    ));
    assert_eq!(
        body_findings(&report),
        owned(&[("wording/hedge", 3, 1), ("wording/hedge", 4, 1)])
    );
    // A comment without ids hides findings, not the report that another comment is unused.
    let report = check(&format!("{unused}\n<!-- star-check-disable-file -->\n"));
    assert_eq!(findings(&report), owned(&[("suppression/unused", 5, 1)]));
}

#[test]
fn comments_in_code_and_ordinary_comments_are_not_suppressions() {
    let text = format!("{ANSWER}\n```\n<!-- star-check-disable-file -->\n```\n\n<!-- TODO: add numbers -->\n");
    // The same answer with the same code block holding no comment: nothing is hidden.
    let plain = format!("{ANSWER}\n```\nlet total = 0;\n```\n");
    let reported = findings(&check(&text));
    assert_eq!(reported, findings(&check(&plain)));
    assert!(reported.iter().any(|(id, _, _)| id == "wording/hedge"), "{reported:?}");
}

/// A folder with a strong answer and a weak one. The weak one (a short definition, 64/100) clears
/// the default pass mark, so the tests that need it to fail gate on warnings, as `--fail-on warning`
/// does in the README: it has two, the strong answer none.
fn strong_and_weak() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(
        root.join("fixtures/behavioral/slow-invoices-endpoint.md"),
        dir.path().join("strong.md"),
    )
    .unwrap();
    write(dir.path(), "weak.md", ANSWER);
    dir
}

#[test]
fn quiet_prints_only_failing_answers_and_the_summary() {
    let dir = strong_and_weak();
    let output = star_check()
        .current_dir(dir.path())
        .args(["--isolated", "--quiet", "--fail-on", "warning", "--color", "never", "."])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.starts_with("./weak.md:1 What is the difference"), "{stdout}");
    assert!(!stdout.contains("strong.md"), "{stdout}");
    assert!(
        stdout.ends_with("Checked 2 files, 2 answers: 1 passed, 1 failed (pass mark 60). 0 errors, 2 warnings.\n"),
        "{stdout}"
    );
}

#[test]
fn quiet_prints_nothing_when_everything_passes_and_json_keeps_every_answer() {
    let dir = strong_and_weak();
    let output = star_check()
        .current_dir(dir.path())
        .args(["--isolated", "-q", "--fail-on", "warning", "strong.md"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(String::from_utf8(output.stdout).unwrap(), "");

    let output = star_check()
        .current_dir(dir.path())
        .args(["--isolated", "-q", "--fail-on", "warning", "--format", "json", "."])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["files"].as_array().unwrap().len(), 2);
}

#[test]
fn quiet_applies_to_the_short_format_too() {
    let dir = strong_and_weak();
    let output = star_check()
        .current_dir(dir.path())
        .args([
            "--isolated",
            "-q",
            "--fail-on",
            "warning",
            "--format",
            "short",
            "strong.md",
            "weak.md",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        "weak.md:1:1: info[score] 64/100 needs-work, fail
weak.md:1:1: warning[trade-offs/none-weighed] No trade-off is weighed: the answer never says when the choice would be wrong or what it costs.
weak.md:1:1: info[specificity/no-example] No concrete example: the explanation stays a textbook definition.
weak.md:1:1: warning[length/too-short] Too short for this kind of question: 36 words, and a full answer needs at least 40.
weak.md:3:1: info[wording/hedge] Hedging makes you sound unsure of your own work.
weak.md:4:1: info[wording/hedge] Hedging makes you sound unsure of your own work.
weak.md:5:1: info[wording/filler] Filler words take up time and make the answer sound less sure and less organised.
"
    );
}

#[test]
fn statistics_count_findings_by_rule_instead_of_the_report() {
    let dir = strong_and_weak();
    let output = star_check()
        .current_dir(dir.path())
        .args(["--isolated", "--statistics", "--fail-on", "warning", "."])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        "   2  wording/hedge            [info]     Hedging makes you sound unsure of your own work.
   1  length/too-short         [warning]  Too short for this kind of question: … words, and a full answer needs at least ….
   1  specificity/no-example   [info]     No concrete example: the explanation stays a textbook definition.
   1  trade-offs/none-weighed  [warning]  No trade-off is weighed: the answer never says when the choice would be wrong or what it costs.
   1  wording/filler           [info]     Filler words take up time and make the answer sound less sure and less organised.
"
    );
}

#[test]
fn statistics_as_json() {
    let dir = strong_and_weak();
    let output = star_check()
        .current_dir(dir.path())
        .args(["--isolated", "--statistics", "--format", "json", "weak.md"])
        .output()
        .unwrap();
    let rows: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(rows.as_array().unwrap().len(), 5);
    assert_eq!(
        rows[0],
        serde_json::json!({
            "count": 2,
            "rule": "wording/hedge",
            "severity": "info",
            "message": "Hedging makes you sound unsure of your own work."
        })
    );
    // Nothing found: an empty list, and for people no output at all.
    let output = star_check()
        .current_dir(dir.path())
        .args(["--isolated", "--statistics", "--format", "json", "strong.md"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(output.stdout).unwrap(), "[]\n");
}

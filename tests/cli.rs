//! The command line as a user meets it: inputs, exit codes, errors, the human and JSON reports.

mod common;

use common::*;
use predicates::prelude::*;

const STRONG: &str = "fixtures/behavioral/slow-invoices-endpoint.md";
const WEAK_INTRO: &str = "fixtures/intro/generic-likes-coding.txt";

#[test]
fn human_report_of_a_strong_answer() {
    let output = star_check().args(["--color", "never", STRONG]).output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    insta::assert_snapshot!("human_strong", String::from_utf8(output.stdout).unwrap());
}

#[test]
fn human_report_of_a_weak_answer_with_findings() {
    let output = star_check()
        .args(["--color", "never", "fixtures/behavioral/flaky-ci-no-result.md"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    insta::assert_snapshot!("human_flaky_ci", String::from_utf8(output.stdout).unwrap());
}

#[test]
fn json_report_snapshot() {
    let (report, code) = json_report(&["fixtures/behavioral/memory-leak-no-result.md"]);
    assert_eq!(code, 1);
    insta::assert_json_snapshot!("json_memory_leak", report);
}

#[test]
fn json_report_has_exactly_the_documented_shape() {
    let (report, _) = json_report(&[STRONG]);
    let keys = |v: &serde_json::Value| {
        let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
        k.sort();
        k
    };
    assert_eq!(keys(&report), ["files", "summary", "version"]);
    assert_eq!(report["version"], 1);
    assert_eq!(keys(&report["files"][0]), ["answers", "error", "path"]);
    let answer = first_answer(&report);
    assert_eq!(
        keys(answer),
        [
            "categories",
            "coverage",
            "diagnostics",
            "grade",
            "kind",
            "line",
            "passed",
            "question",
            "question_id",
            "question_match",
            "score",
            "sentences",
            "speaking_seconds",
            "star",
            "top_fixes",
            "words"
        ]
    );
    assert_eq!(keys(&answer["categories"][0]), ["id", "max", "score"]);
    for fix in answer["top_fixes"].as_array().unwrap() {
        assert_eq!(keys(fix), ["message", "points", "rule"]);
    }
    assert_eq!(keys(&answer["star"]), ["action", "result", "situation", "task"]);
    assert_eq!(
        keys(&answer["star"]["task"]),
        ["confidence", "present", "sentences", "verdict"]
    );
    for part in ["situation", "task", "action", "result"] {
        let verdict = answer["star"][part]["verdict"].as_str().unwrap();
        assert!(
            ["present", "unclear", "missing"].contains(&verdict),
            "{part}: {verdict}"
        );
        assert_eq!(verdict == "present", answer["star"][part]["present"] == true, "{part}");
        let confidence = answer["star"][part]["confidence"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&confidence), "{part}: {confidence}");
        assert_eq!((confidence * 100.0).round() / 100.0, confidence, "{part}: two decimals");
    }
    assert_eq!(
        keys(&answer["sentences"][0]),
        ["column", "index", "label", "labels", "line", "text"]
    );
    for sentence in answer["sentences"].as_array().unwrap() {
        let labels = sentence["labels"].as_array().unwrap();
        assert_eq!(
            labels.first(),
            Some(&sentence["label"]),
            "the sentence's own label comes first"
        );
    }
    assert_eq!(
        keys(&report["summary"]),
        ["answers", "errors", "failed", "files", "passed", "warnings"]
    );
    let total: u64 = answer["categories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["max"].as_u64().unwrap())
        .sum();
    assert_eq!(total, 100);
}

#[test]
fn a_red_flag_is_located_by_line_and_character_column() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "answer.md",
        "+++\nquestion = \"Tell me about a time you shipped under pressure.\"\n+++\nWe were late — really late.\nHonestly, I *don’t* write tests when we’re rushed.\n",
    );
    let (report, code) = json_report(&[path.to_str().unwrap()]);
    assert_eq!(code, 1, "a red flag is an error finding");
    let answer = first_answer(&report);
    let flag = diagnostic(answer, "red-flag/no-tests");
    assert_eq!(flag["severity"], "error");
    assert_eq!(flag["category"], "red-flags");
    assert_eq!((flag["line"].as_u64(), flag["column"].as_u64()), (Some(5), Some(11)));
    assert_eq!(flag["end_line"], 5);
    let matched = flag["matched"].as_str().unwrap();
    assert!(matched.starts_with("I *don’t* write tests"), "{matched}");
    assert_eq!(
        flag["end_column"].as_u64().unwrap() - flag["column"].as_u64().unwrap(),
        matched.chars().count() as u64
    );
    assert!(answer["score"].as_u64().unwrap() <= 40, "a red flag caps the score");
}

#[test]
fn stdin_with_a_question_and_the_dash_path() {
    let answer = "I'm a backend developer who likes coding and learning new technologies.";
    for args in [
        vec!["--format", "json", "--question", "Tell me about yourself"],
        vec!["--format", "json", "--question", "Tell me about yourself", "-"],
    ] {
        let output = star_check().args(&args).write_stdin(answer).output().unwrap();
        let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(report["files"][0]["path"], "-");
        let first = first_answer(&report);
        assert_eq!(first["question"], "Tell me about yourself");
        assert_eq!(first["kind"], "intro");
        assert_eq!(first["star"], serde_json::Value::Null);
        assert_eq!(first["grade"], "weak");
        assert!(rule_ids(first).contains(&"wording/generic-claim".to_string()));
        assert_eq!(output.status.code(), Some(1));
    }
}

/// `--question` is the question of a file's first answer too, and wins over the file's own.
#[test]
fn a_question_on_the_command_line_applies_to_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("jwt.txt");
    std::fs::write(
        &path,
        "Q: Tell me about a time you failed.\n\nA JWT is a signed token with a header, claims and a signature.\n",
    )
    .unwrap();
    let output = star_check()
        .args(["--format", "json", "--question", "What is a JWT?"])
        .arg(&path)
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let first = first_answer(&report);
    assert_eq!(first["question"], "What is a JWT?");
    assert_eq!(first["kind"], "technical");
    assert_eq!(first["star"], serde_json::Value::Null);
}

#[test]
fn the_guides_weak_intro_in_our_words_is_weak() {
    let (report, code) = json_report(&[WEAK_INTRO]);
    assert_eq!(code, 1);
    let answer = first_answer(&report);
    assert_eq!(answer["kind"], "intro");
    assert_eq!(answer["grade"], "weak");
    let ids = rule_ids(answer);
    for rule in [
        "wording/generic-claim",
        "specificity/no-technologies",
        "specificity/no-systems-built",
        "length/far-too-short",
    ] {
        assert!(ids.contains(&rule.to_string()), "{rule} missing from {ids:?}");
    }
    // One length finding: "far too short" supersedes "too short".
    assert!(!ids.contains(&"length/too-short".to_string()), "{ids:?}");
}

#[test]
fn kind_flag_overrides_the_question() {
    let (report, _) = json_report(&["--kind", "technical", STRONG]);
    let answer = first_answer(&report);
    assert_eq!(answer["kind"], "technical");
    assert_eq!(answer["star"], serde_json::Value::Null);
    assert!(
        answer["sentences"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["label"].is_null())
    );
}

#[test]
fn front_matter_kind_is_used_and_a_bad_one_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let good = write(
        dir.path(),
        "a.md",
        "---\nkind: technical\n---\nREST exposes resources over HTTP, but GraphQL lets clients pick fields.\n",
    );
    let bad = write(dir.path(), "b.md", "---\nkind: riddle\n---\nSome answer text here.\n");
    let (report, code) = json_report(&[good.to_str().unwrap(), bad.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert_eq!(first_answer(&report)["kind"], "technical");
    let error = report["files"][1]["error"].as_str().unwrap();
    assert!(error.starts_with("unknown kind `riddle` in front matter"), "{error}");
}

#[test]
fn several_answers_in_one_file_split_at_headings() {
    let (report, _) = json_report(&["fixtures/multi/practice-session-1.md"]);
    let answers = report["files"][0]["answers"].as_array().unwrap();
    let summary: Vec<(String, String, u64)> = answers
        .iter()
        .map(|a| {
            (
                a["question"].as_str().unwrap().to_string(),
                a["kind"].as_str().unwrap().to_string(),
                a["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            ("Tell me about yourself.".to_string(), "intro".to_string(), 6),
            (
                "What's your strongest backend language?".to_string(),
                "intro".to_string(),
                8
            ),
            (
                "Tell me about a time you fixed a production bug under pressure.".to_string(),
                "behavioral".to_string(),
                12
            ),
            (
                "How would you design a rate limiter for a public API?".to_string(),
                "technical".to_string(),
                16
            ),
        ]
    );
}

#[test]
fn folders_are_walked_and_bad_paths_do_not_stop_the_others() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    write(dir.path(), ".gitignore", "drafts/\n");
    write(
        dir.path(),
        "answers/one.md",
        "I led the migration of our sessions to Redis and cut login latency by 40%.\n",
    );
    write(dir.path(), "answers/notes.rs", "fn main() {}\n");
    write(dir.path(), "drafts/skip.md", "draft\n");
    let missing = dir.path().join("nope.md");
    let output = star_check()
        .args([
            "--format",
            "json",
            dir.path().to_str().unwrap(),
            missing.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let paths: Vec<&str> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths.len(), 2);
    assert!(paths[0].ends_with("answers/one.md"), "{paths:?}");
    assert_eq!(report["files"][1]["error"], "no such file or folder");
    assert!(report["summary"]["errors"].as_u64().unwrap() >= 1);
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(
        stderr,
        format!("star-check: {}: no such file or folder\n", missing.display())
    );
}

#[test]
fn exit_codes() {
    star_check().arg(STRONG).assert().code(0);
    star_check().arg(WEAK_INTRO).assert().code(1);
    star_check()
        .args(["--min-score", "0", "fixtures/technical/read-cache-medium.md"])
        .assert()
        .code(0);
    star_check()
        .args(["--min-score", "101", STRONG])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--min-score"));
    star_check().arg("--format=yaml").assert().code(2);
}

#[test]
fn a_bad_rule_file_is_refused_with_its_position() {
    let dir = tempfile::tempdir().unwrap();
    let rules = write(
        dir.path(),
        "mine.toml",
        "[[rule]]\nid = \"custom/x\"\ntype = \"phrase\"\ncategory = \"wording\"\nseverity = \"info\"\nmessage = \"m\"\nadvice = \"a\"\nsource = \"s\"\npatterns = ['''(oops''']\nexamples.flag = [\"x\"]\nexamples.pass = [\"y\"]\n",
    );
    star_check()
        .args(["--rules", rules.to_str().unwrap(), STRONG])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::starts_with(format!(
            "star-check: {}:9:13: rule `custom/x`: invalid regex `(oops`: unclosed group",
            rules.display()
        )));
}

#[test]
fn user_rules_alone_with_no_default_rules() {
    let dir = tempfile::tempdir().unwrap();
    let rules = write(
        dir.path(),
        "mine.toml",
        "[[rule]]\nid = \"house/synergy\"\ntype = \"phrase\"\ncategory = \"wording\"\nseverity = \"warning\"\nmessage = \"Say what you did instead of 'synergy'.\"\nadvice = \"Name the work.\"\nsource = \"our style guide\"\nphrases = [\"synergy\"]\nexamples.flag = [\"We had synergy.\"]\nexamples.pass = [\"We had a plan.\"]\n",
    );
    let output = star_check()
        .args([
            "--format",
            "json",
            "--no-default-rules",
            "--rules",
            rules.to_str().unwrap(),
            "-",
        ])
        .write_stdin("Honestly, I don't write tests, but the synergy was great.")
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(rule_ids(first_answer(&report)), vec!["house/synergy"]);
    assert_eq!(diagnostic(first_answer(&report), "house/synergy")["column"], 40);
}

#[test]
fn colour_only_when_asked_or_at_a_terminal() {
    let plain = star_check().arg(STRONG).output().unwrap();
    assert!(!String::from_utf8(plain.stdout).unwrap().contains('\u{1b}'));
    let colored = star_check().args(["--color", "always", STRONG]).output().unwrap();
    assert!(String::from_utf8(colored.stdout).unwrap().contains("\u{1b}["));
}

#[test]
fn empty_and_invalid_input_get_one_line_errors() {
    let dir = tempfile::tempdir().unwrap();
    let empty = write(dir.path(), "empty.md", "  \n\n");
    let latin1 = dir.path().join("latin1.txt");
    std::fs::write(&latin1, b"caf\xe9 answer").unwrap();
    let output = star_check()
        .args([empty.to_str().unwrap(), latin1.to_str().unwrap(), STRONG])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(
        stderr,
        format!(
            "star-check: {}: empty answer: there is nothing to check\nstar-check: {}: invalid UTF-8 at byte offset 3 (--lossy checks it anyway)\n",
            empty.display(),
            latin1.display()
        )
    );
    assert!(
        String::from_utf8(output.stdout)
            .unwrap()
            .contains("slow-invoices-endpoint.md:25")
    );
}

/// A run over many files compiles its patterns another way (in full at once, see
/// `rules::matcher::expect_inputs`); what it finds in each file is what checking that file alone finds.
#[test]
fn a_file_checked_in_a_large_folder_gets_the_report_it_gets_alone() {
    let dir = tempfile::tempdir().unwrap();
    let fixtures: Vec<_> = std::fs::read_dir("fixtures/behavioral")
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "md"))
        .collect();
    assert!(fixtures.len() >= 30, "enough fixtures for a large run");
    let mut names: Vec<String> = Vec::new();
    for path in fixtures.iter().take(30) {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        std::fs::copy(path, dir.path().join(&name)).unwrap();
        names.push(name);
    }
    names.sort();
    let (folder, _) = json_report(&[dir.path().to_str().unwrap()]);
    let files = folder["files"].as_array().unwrap();
    assert_eq!(files.len(), 30);
    for name in [&names[0], &names[13], &names[29]] {
        let path = dir.path().join(name);
        let (alone, _) = json_report(&[path.to_str().unwrap()]);
        let in_folder = files
            .iter()
            .find(|file| file["path"].as_str().unwrap().ends_with(name.as_str()))
            .unwrap();
        assert_eq!(in_folder["answers"], alone["files"][0]["answers"], "{name}");
    }
}

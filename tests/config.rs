//! The config file as a user meets it: finding it, `--config` and `--isolated`, every setting, its
//! errors with positions, the command line winning over it, and `star-check config`.

mod common;

use common::*;
use serde_json::Value;
use std::path::Path;
use std::process::Output;

const STRONG: &str = include_str!("../fixtures/behavioral/slow-invoices-endpoint.md");

/// The strong answer with a last line that adds a hedge, a filler and a red flag (line 18).
fn flawed() -> String {
    format!("{STRONG}\nI think it was my best fix, although honestly, I don't write tests unless someone makes me.\n")
}

fn run(dir: &Path, args: &[&str]) -> Output {
    star_check().current_dir(dir).args(args).output().unwrap()
}

/// Runs in `dir` with `--format json`; the report, one list of rule ids per file, the exit code.
#[track_caller]
fn json_in(dir: &Path, args: &[&str]) -> (Value, Vec<Vec<String>>, i32) {
    let output = star_check()
        .current_dir(dir)
        .args(["--format", "json"])
        .args(args)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}); stderr: {}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    let ids = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| rule_ids(&f["answers"][0]))
        .collect();
    (report, ids, output.status.code().unwrap_or(-1))
}

fn has(ids: &[String], rule: &str) -> bool {
    ids.iter().any(|id| id == rule)
}

/// Runs with `config` as `star-check.toml` next to the strong answer; returns stderr and the code.
#[track_caller]
fn config_error(config: &str) -> (String, i32) {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "star-check.toml", config);
    write(dir.path(), "a.md", STRONG);
    let output = run(dir.path(), &["a.md"]);
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "",
        "a bad config checks nothing"
    );
    (String::from_utf8(output.stderr).unwrap(), output.status.code().unwrap())
}

#[test]
fn the_nearest_config_above_each_file_applies() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "star-check.toml", "[rules]\ndisable = [\"wording/hedge\"]\n");
    write(
        root,
        "sub/.star-check.toml",
        "[rules]\ndisable = [\"wording/filler\"]\n",
    );
    write(root, "a.md", &flawed());
    write(root, "sub/deeper/b.md", &flawed());
    let (_, ids, _) = json_in(root, &["a.md", "sub/deeper/b.md"]);
    assert!(
        !has(&ids[0], "wording/hedge") && has(&ids[0], "wording/filler"),
        "{ids:?}"
    );
    assert!(
        has(&ids[1], "wording/hedge") && !has(&ids[1], "wording/filler"),
        "{ids:?}"
    );

    // A folder with both names: the dotted one wins, as `.ruff.toml` wins over `ruff.toml`.
    write(
        root,
        "sub/deeper/star-check.toml",
        "[rules]\ndisable = [\"red-flag/*\"]\n",
    );
    write(
        root,
        "sub/deeper/.star-check.toml",
        "[rules]\ndisable = [\"wording/*\"]\n",
    );
    let (_, ids, _) = json_in(root, &["sub/deeper/b.md"]);
    assert!(
        has(&ids[0], "red-flag/no-tests") && !has(&ids[0], "wording/hedge"),
        "{ids:?}"
    );
    std::fs::remove_file(root.join("sub/deeper/star-check.toml")).unwrap();
    std::fs::remove_file(root.join("sub/deeper/.star-check.toml")).unwrap();

    // Standard input takes the config of the current folder.
    let output = star_check()
        .current_dir(root.join("sub"))
        .args(["--format", "json"])
        .write_stdin(flawed())
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let ids = rule_ids(first_answer(&report));
    assert!(has(&ids, "wording/hedge") && !has(&ids, "wording/filler"), "{ids:?}");
}

#[test]
fn config_names_one_file_and_isolated_ignores_them_all() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "star-check.toml", "[rules]\ndisable = [\"wording/hedge\"]\n");
    write(root, "elsewhere/strict.toml", "[rules]\ndisable = [\"red-flag/*\"]\n");
    write(root, "a.md", &flawed());
    write(root, "sub/b.md", &flawed());

    let (_, ids, _) = json_in(root, &["--config", "elsewhere/strict.toml", "a.md", "sub/b.md"]);
    for file in &ids {
        assert!(has(file, "wording/hedge") && !has(file, "red-flag/no-tests"), "{ids:?}");
    }
    let (_, ids, _) = json_in(root, &["--isolated", "a.md"]);
    assert!(
        has(&ids[0], "wording/hedge") && has(&ids[0], "red-flag/no-tests"),
        "{ids:?}"
    );

    let output = run(root, &["--config", "missing.toml", "a.md"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(output.stderr).unwrap(),
        "star-check: missing.toml: cannot read config file: no such file\n"
    );
    let output = run(root, &["--config", "x.toml", "--isolated", "a.md"]);
    assert_eq!(output.status.code(), Some(2), "the two flags conflict");
}

#[test]
fn unknown_keys_are_errors_with_line_and_column() {
    let (stderr, code) = config_error("min-score = 70\n\n[rules]\ndisabel = [\"wording/hedge\"]\n");
    assert_eq!(code, 2);
    assert_eq!(
        stderr,
        "star-check: star-check.toml:4:1: unknown field `disabel`, expected one of `disable`, `severity`, `extra`\n"
    );
    let (stderr, _) = config_error("[length.behavior]\nmin-words = 1\n");
    assert_eq!(
        stderr,
        "star-check: star-check.toml:1:9: unknown variant `behavior`, expected one of `behavioral`, `situational`, `technical`, `intro`, `project`, `general`\n"
    );
}

#[test]
fn wrong_types_and_bad_values_are_errors_with_line_and_column() {
    let cases = [
        (
            "min-score = \"high\"\n",
            "star-check.toml:1:13: invalid type: string \"high\", expected u32",
        ),
        (
            "min-score = 170\n",
            "star-check.toml:1:13: `min-score` is a score from 0 to 100",
        ),
        (
            "fail-on = \"warnings\"\n",
            "star-check.toml:1:11: unknown variant `warnings`, expected one of `error`, `warning`, `never`",
        ),
        (
            "[length.behavioral]\nmin-words = \"lots\"\n",
            "star-check.toml:2:13: invalid type: string \"lots\", expected f64",
        ),
        (
            "[kinds]\n\"technical/**\" = \"technicl\"\n",
            "star-check.toml:2:18: unknown variant `technicl`, expected one of `behavioral`, `situational`, `technical`, `intro`, `project`, `general`",
        ),
        (
            "exclude = [\"[a-\"]\n",
            "star-check.toml:1:12: invalid glob `[a-`: unclosed character class; missing ']'",
        ),
        (
            "[rules]\ndisable = [\"hedge\"]\n",
            "star-check.toml:2:12: `hedge` is not a rule id (like `wording/hedge`), a namespace (like `red-flag/*`) or `*`",
        ),
        (
            "[rules]\ndisable = [\"wording/hedge\", \"wording/hedgehog\"]\n",
            "star-check.toml:2:29: `wording/hedgehog` matches no loaded rule",
        ),
        (
            "[rules.severity]\n\"shouting/*\" = \"error\"\n",
            "star-check.toml:2:1: `shouting/*` matches no loaded rule",
        ),
        (
            "[rules]\nextra = [\"house/\"]\n",
            "star-check.toml:2:10: no rule file or folder `house/` next to this config",
        ),
        (
            "[length.intro]\nmax-words = 200\n",
            "star-check.toml:2:13: no loaded rule has `target = \"max-words\"`, so this sets nothing",
        ),
    ];
    for (config, expected) in cases {
        let (stderr, code) = config_error(config);
        assert_eq!(
            (stderr.as_str(), code),
            (format!("star-check: {expected}\n").as_str(), 2)
        );
    }
}

#[test]
fn rules_are_disabled_by_id_and_namespace() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "star-check.toml",
        "[rules]\ndisable = [\"wording/hedge\", \"red-flag/*\"]\n",
    );
    write(dir.path(), "a.md", &flawed());
    let (report, ids, code) = json_in(dir.path(), &["a.md"]);
    assert_eq!(ids[0], ["wording/filler"]);
    // Without the red flag the score is no longer capped at 40, and the answer passes.
    assert_eq!(first_answer(&report)["score"], 99);
    assert_eq!(code, 0);
}

#[test]
fn rules_are_relevelled_and_an_id_beats_its_namespace() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "star-check.toml",
        "[rules.severity]\n\"wording/*\" = \"warning\"\n\"wording/hedge\" = \"error\"\n\"red-flag/*\" = \"info\"\n",
    );
    write(dir.path(), "a.md", &flawed());
    let (report, _, code) = json_in(dir.path(), &["a.md"]);
    let answer = first_answer(&report);
    assert_eq!(diagnostic(answer, "wording/hedge")["severity"], "error");
    assert_eq!(diagnostic(answer, "wording/filler")["severity"], "warning");
    assert_eq!(diagnostic(answer, "red-flag/no-tests")["severity"], "info");
    // The hedge is now an error, so the answer fails whatever its score.
    assert_eq!(answer["passed"], false);
    assert_eq!(code, 1);
}

#[test]
fn kinds_come_from_globs_after_front_matter_and_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "star-check.toml",
        "[kinds]\n\"technical/**\" = \"technical\"\n\"technical/intro-*\" = \"intro\"\n",
    );
    let answer = "Caching keeps hot data in memory. I used Redis in front of PostgreSQL.\n";
    write(root, "technical/cache.md", answer);
    write(root, "technical/intro-me.md", answer);
    write(
        root,
        "technical/front.md",
        &format!("---\nkind: project\n---\n{answer}"),
    );
    write(root, "cache.md", answer);
    let files = [
        "technical/cache.md",
        "technical/intro-me.md",
        "technical/front.md",
        "cache.md",
    ];
    let kinds = |report: &Value| -> Vec<String> {
        report["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["answers"][0]["kind"].as_str().unwrap().to_string())
            .collect()
    };
    let (report, _, _) = json_in(root, &files);
    assert_eq!(kinds(&report), ["technical", "intro", "project", "behavioral"]);
    let mut args = vec!["--kind", "situational"];
    args.extend(files);
    let (report, _, _) = json_in(root, &args);
    assert_eq!(kinds(&report), ["situational"; 4]);
}

#[test]
fn length_targets_and_speaking_rate_move_the_length_findings() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "star-check.toml",
        "speaking-rate-wpm = 100\n\n[length.behavioral]\nmin-words = 400\nmax-seconds = 120\n",
    );
    write(dir.path(), "a.md", STRONG);
    let (report, ids, _) = json_in(dir.path(), &["a.md"]);
    let answer = first_answer(&report);
    assert_eq!(ids[0], ["length/too-short", "length/too-long"]);
    assert_eq!(answer["words"], 271);
    assert_eq!(answer["speaking_seconds"], 163);
    assert_eq!(
        diagnostic(answer, "length/too-short")["message"],
        "Too short for this kind of question: 271 words, and a full answer needs at least 400."
    );
    assert_eq!(
        diagnostic(answer, "length/too-long")["message"],
        "This would take about 163 seconds to say; aim for under 120."
    );
    // Another kind keeps the built-in targets.
    let (_, ids, _) = json_in(dir.path(), &["--kind", "project", "a.md"]);
    assert_eq!(ids[0], Vec::<String>::new());
}

#[test]
fn include_and_exclude_pick_the_files_a_folder_walk_checks() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "star-check.toml",
        "include = [\"*.md\", \"*.text\"]\nexclude = [\"drafts/\", \"answers/old-*\"]\n",
    );
    for name in [
        "answers/a.md",
        "answers/b.text",
        "answers/c.txt",
        "answers/old-1.md",
        "answers/drafts/d.md",
        "drafts/e.md",
    ] {
        write(root, name, STRONG);
    }
    let (report, _, _) = json_in(root, &["."]);
    assert_eq!(report_paths(&report), ["./answers/a.md", "./answers/b.text"]);
    // A file named on the command line is checked whatever the globs say.
    let (report, _, _) = json_in(root, &["answers", "drafts/e.md"]);
    assert_eq!(report_paths(&report), ["answers/a.md", "answers/b.text", "drafts/e.md"]);
    // A folder where everything is excluded is an error, as an empty folder is.
    let output = run(root, &["drafts"]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn min_score_and_fail_on_from_the_config_and_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "a.md", &flawed());
    // The flawed answer scores 40 (capped by its red flag, an error).
    let code = |config: &str, flags: &[&str]| {
        write(root, "star-check.toml", config);
        let mut args = flags.to_vec();
        args.push("a.md");
        json_in(root, &args).2
    };
    assert_eq!(code("", &[]), 1);
    assert_eq!(code("min-score = 40\nfail-on = \"never\"\n", &[]), 0);
    assert_eq!(code("min-score = 41\nfail-on = \"never\"\n", &[]), 1);
    assert_eq!(
        code("min-score = 40\nfail-on = \"never\"\n", &["--fail-on", "error"]),
        1
    );
    assert_eq!(code("min-score = 40\nfail-on = \"never\"\n", &["--min-score", "41"]), 1);
    assert_eq!(
        code("min-score = 90\n", &["--min-score", "40", "--fail-on", "never"]),
        0
    );
    // Warnings: the strong answer has none, a short one has several.
    write(root, "a.md", STRONG);
    assert_eq!(code("fail-on = \"warning\"\n", &[]), 0);
    write(root, "a.md", "Caching keeps hot data in memory.\n");
    assert_eq!(
        code("min-score = 0\nfail-on = \"warning\"\n", &["--kind", "technical"]),
        1
    );
    assert_eq!(
        code("min-score = 0\nfail-on = \"error\"\n", &["--kind", "technical"]),
        0
    );
}

#[test]
fn the_summary_names_the_pass_mark_unless_configs_differ() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "a/star-check.toml", "min-score = 70\n");
    write(root, "b/star-check.toml", "min-score = 80\n");
    write(root, "a/x.md", STRONG);
    write(root, "b/x.md", STRONG);
    let summary = |args: &[&str]| {
        let output = run(root, args);
        String::from_utf8(output.stdout)
            .unwrap()
            .lines()
            .last()
            .unwrap()
            .to_string()
    };
    assert_eq!(
        summary(&["--color", "never", "a", "b"]),
        "Checked 2 files, 2 answers: 2 passed, 0 failed (pass marks differ by config). 0 errors, 0 warnings."
    );
    assert_eq!(
        summary(&["--color", "never", "--min-score", "75", "a", "b"]),
        "Checked 2 files, 2 answers: 2 passed, 0 failed (pass mark 75). 0 errors, 0 warnings."
    );
}

#[test]
fn extra_rules_are_read_relative_to_the_config() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "team/star-check.toml", "[rules]\nextra = [\"house-rules/\"]\n");
    write(
        root,
        "team/house-rules/kerfuffle.toml",
        r#"
[[rule]]
id = "house/kerfuffle"
type = "phrase"
category = "wording"
severity = "warning"
message = "We do not say kerfuffle here."
advice = "Say what worked together."
source = "our own house style"
phrases = ["kerfuffle"]
examples.flag = ["What a kerfuffle."]
examples.pass = ["We found a bug."]
"#,
    );
    write(
        root,
        "team/answers/a.md",
        &format!("{STRONG}\nThe kerfuffle was over.\n"),
    );
    let (_, ids, _) = json_in(root, &["team/answers/a.md"]);
    assert_eq!(ids[0], ["house/kerfuffle"]);
}

#[test]
fn star_check_config_prints_every_setting_and_its_source() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "star-check.toml",
        r#"min-score = 70
speaking-rate-wpm = 150
exclude = ["drafts/"]

[rules]
disable = ["wording/filler", "red-flag/*"]
extra = ["house/"]

[rules.severity]
"wording/hedge" = "warning"

[kinds]
"technical/**" = "technical"

[length.behavioral]
min-words = 120
max-seconds = 150
"#,
    );
    std::fs::create_dir(root.join("house")).unwrap();
    write(root, "technical/cache.md", "Caching keeps hot data in memory.\n");
    let output = run(root, &["config", "--fail-on", "warning", "technical/cache.md"]);
    assert_eq!(output.status.code(), Some(0));
    insta::assert_snapshot!("config_output", String::from_utf8(output.stdout).unwrap());

    let output = run(root, &["config", "--isolated"]);
    let stdout = String::from_utf8(output.stdout).unwrap();
    let first_lines: Vec<&str> = stdout.lines().take(3).collect();
    assert_eq!(
        first_lines,
        [
            "config file         (none)                                              command line (--isolated)",
            "min-score           60                                                  default",
            "fail-on             error                                               default",
        ]
    );
    // The file's own front matter beats [kinds], and says so.
    write(
        root,
        "technical/fm.md",
        "---\nkind: intro\n---\nI build payment APIs in Go.\n",
    );
    let output = run(root, &["config", "technical/fm.md"]);
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout.contains("\nkind                intro                       the file's front matter\n"),
        "{stdout}"
    );

    let output = run(root, &["config", "nowhere/x.md"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(output.stderr).unwrap(),
        "star-check: nowhere/x.md: no such file or folder\n"
    );
}

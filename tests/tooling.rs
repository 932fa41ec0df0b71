//! The tooling commands: `rules`, `rules test`, `explain`, `init`, `completions` and `man`.

mod common;

use common::*;
use std::path::Path;

/// A rule pack whose examples all behave.
const GOOD_PACK: &str = r#"[[rule]]
id = "custom/blame-the-intern"
type = "phrase"
category = "red-flags"
severity = "error"
message = "Blaming a junior colleague shows a lack of ownership."
advice = "Say what you did to fix it and what you changed so it cannot happen again."
source = "These responses signal weak engineering maturity, poor collaboration, or lack of ownership."
phrases = ["the intern broke"]
examples.flag = ["The intern broke the build, so it was not my fault."]
examples.pass = ["I broke the build, so I added a pre-merge check."]
"#;

fn stdout(output: &std::process::Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

/// Splits a table line into its cells (columns are separated by at least two spaces).
fn cells(line: &str) -> Vec<&str> {
    line.split("  ").map(str::trim).filter(|c| !c.is_empty()).collect()
}

#[test]
fn rules_lists_each_rule_in_aligned_columns() {
    let output = star_check().arg("rules").output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        cells(lines[0]),
        ["ID", "CATEGORY", "SEVERITY", "SCOPE", "TYPE", "MESSAGE"]
    );
    let no_tests = lines
        .iter()
        .find(|l| l.starts_with("red-flag/no-tests "))
        .expect("a line for red-flag/no-tests");
    assert_eq!(
        cells(no_tests),
        [
            "red-flag/no-tests",
            "red-flags",
            "error",
            "sentence",
            "phrase",
            "Admitting you skip tests signals that your code is not production-ready."
        ]
    );
    // Cues and kind rules are listed too, with no severity: they never report.
    let cue = lines
        .iter()
        .find(|l| l.starts_with("star-cue/situation-when-where "))
        .unwrap();
    assert_eq!(
        &cells(cue)[..5],
        [
            "star-cue/situation-when-where",
            "structure",
            "-",
            "sentence",
            "star-cue"
        ]
    );
    // Every row's message starts in the header's MESSAGE column.
    let column = lines[0].find("MESSAGE").unwrap();
    let rows: Vec<&&str> = lines[1..].iter().take_while(|l| !l.is_empty()).collect();
    assert!(rows.len() >= 50, "{} rules", rows.len());
    for row in rows {
        assert_eq!(row.chars().nth(column - 1), Some(' '), "{row}");
        assert_ne!(row.chars().nth(column), Some(' '), "{row}");
    }
    assert!(
        lines
            .last()
            .unwrap()
            .ends_with(" guiding the analysis: star-cue rules label STAR parts, kind rules infer the question kind)"),
        "{text}"
    );
}

#[test]
fn rules_as_json_carry_every_field() {
    let output = star_check().args(["rules", "--format", "json"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    let list: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(list["version"], 1);
    let rules = list["rules"].as_array().unwrap();
    assert!(rules.len() >= 50, "{} rules", rules.len());
    for rule in rules {
        let mut keys: Vec<&str> = rule.as_object().unwrap().keys().map(String::as_str).collect();
        keys.sort();
        assert_eq!(
            keys,
            [
                "advice",
                "category",
                "examples",
                "id",
                "kinds",
                "line",
                "message",
                "origin",
                "reports",
                "scope",
                "severity",
                "source",
                "suggestion",
                "type"
            ]
        );
        assert!(
            !rule["examples"]["flag"].as_array().unwrap().is_empty(),
            "{}",
            rule["id"]
        );
    }
    let no_tests = rules.iter().find(|r| r["id"] == "red-flag/no-tests").unwrap();
    assert_eq!(no_tests["type"], "phrase");
    assert_eq!(no_tests["category"], "red-flags");
    assert_eq!(no_tests["severity"], "error");
    assert_eq!(no_tests["scope"], "sentence");
    assert_eq!(no_tests["origin"], "rules/red-flags.toml");
    assert_eq!(no_tests["reports"], true);
    let cue = rules.iter().find(|r| r["type"] == "star-cue").unwrap();
    assert_eq!(cue["severity"], serde_json::Value::Null);
    assert_eq!(cue["reports"], false);
}

#[test]
fn rules_honour_extra_rule_files_and_no_default_rules() {
    let dir = tempfile::tempdir().unwrap();
    let pack = write(dir.path(), "pack.toml", GOOD_PACK);
    let output = star_check()
        .args(["rules", "--no-default-rules", "--rules"])
        .arg(&pack)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 4, "{text}");
    assert_eq!(
        cells(lines[1]),
        [
            "custom/blame-the-intern",
            "red-flags",
            "error",
            "sentence",
            "phrase",
            "Blaming a junior colleague shows a lack of ownership."
        ]
    );
    assert_eq!(
        lines[3],
        "1 rule (1 reporting findings, 0 guiding the analysis: star-cue rules label STAR parts, kind rules infer the question kind)"
    );
}

#[test]
fn explain_prints_what_why_advice_and_examples() {
    let output = star_check().args(["explain", "red-flag/no-tests"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(stderr(&output), "");
    insta::assert_snapshot!("explain_no_tests", stdout(&output));
}

#[test]
fn explain_names_the_rules_a_rule_supersedes() {
    let output = star_check().args(["explain", "length/far-too-short"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    let header: Vec<&str> = text.lines().take(4).collect();
    assert_eq!(
        header[3], "  supersedes length/too-short: reported instead of it when both fire",
        "{text}"
    );
}

#[test]
fn explain_a_cue_says_it_reports_nothing() {
    let output = star_check()
        .args(["explain", "star-cue/situation-when-where"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    assert!(text.starts_with("star-cue/situation-when-where\n  no findings · structure · star-cue rule · scope: sentence · kinds: every kind\n  defined in rules/star.toml:"), "{text}");
    assert!(text.contains("\nWhat it is for\n  This rule reports nothing itself: it is a cue the STAR decoder weighs when it reads a sentence as\n  situation. Its examples are single sentences.\n"), "{text}");
}

#[test]
fn explain_an_unclear_rule_gives_both_its_messages_and_the_floor() {
    let output = star_check().args(["explain", "star/unclear-task"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    let header: Vec<&str> = text.lines().take(4).collect();
    assert_eq!(
        header[3], "  fires when the model is sure neither that the answer tells task nor that it does not",
        "{text}"
    );
    assert!(
        text.contains(
            "\nWhat it checks\n  Is \"{sentence}\" your Task? Say what was yours to do.\n\n\
             When no sentence is likely enough to name (all under 0.05: [star] name-sentence-floor)\n  \
             No sentence clearly says what was yours to do: say what you owned or what the goal was.\n"
        ),
        "{text}"
    );
}

#[test]
fn explain_an_unknown_rule_names_the_closest() {
    let output = star_check().args(["explain", "red-flag/no-test"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(stdout(&output), "");
    assert_eq!(
        stderr(&output),
        "star-check: unknown rule `red-flag/no-test`; did you mean `red-flag/no-tests`?\n"
    );
    let output = star_check().args(["explain", "nothing/like-it"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "star-check: unknown rule `nothing/like-it`; `star-check rules` lists every rule\n"
    );
}

#[test]
fn rules_test_passes_a_good_pack() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "good.toml", GOOD_PACK);
    let output = star_check()
        .current_dir(dir.path())
        .args(["rules", "test", "good.toml"])
        .output()
        .unwrap();
    assert_eq!(stderr(&output), "");
    assert_eq!(stdout(&output), "tested 2 examples of 1 rule in 1 file: all passed\n");
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn rules_test_reports_each_failing_example() {
    let dir = tempfile::tempdir().unwrap();
    let bad = GOOD_PACK
        .replace(
            r#"examples.flag = ["The intern broke the build, so it was not my fault."]"#,
            r#"examples.flag = ["The intern broke the build, so it was not my fault.", "An intern broke prod."]"#,
        )
        .replace(
            r#"examples.pass = ["I broke the build, so I added a pre-merge check."]"#,
            "examples.pass = [\"I broke the build, so I added a pre-merge check.\", \"\"\"Then the intern broke\nit again.\"\"\"]",
        );
    write(dir.path(), "packs/bad.toml", &bad);
    write(dir.path(), "packs/good.toml", &GOOD_PACK.replace("custom/", "other/"));
    let output = star_check()
        .current_dir(dir.path())
        .args(["rules", "test", "packs"])
        .output()
        .unwrap();
    assert_eq!(stderr(&output), "");
    assert_eq!(
        stdout(&output),
        "packs/bad.toml: custom/blame-the-intern: flag example did not fire: \"An intern broke prod.\"\n\
         packs/bad.toml: custom/blame-the-intern: pass example fired: \"Then the intern broke\\nit again.\"\n\
         tested 6 examples of 2 rules in 2 files: 2 failed\n"
    );
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn rules_test_refuses_a_pack_that_does_not_load() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "broken.toml",
        &GOOD_PACK.replace(r#"phrases = ["the intern broke"]"#, "patterns = ['(oops']"),
    );
    let output = star_check()
        .current_dir(dir.path())
        .args(["rules", "test", "broken.toml"])
        .output()
        .unwrap();
    assert_eq!(stdout(&output), "");
    assert_eq!(
        stderr(&output),
        "star-check: broken.toml:9:13: rule `custom/blame-the-intern`: invalid regex `(oops`: unclosed group\n"
    );
    assert_eq!(output.status.code(), Some(2));
    // An id that clashes with a built-in rule is a load error too, unless the built-ins are left out.
    write(
        dir.path(),
        "clash.toml",
        &GOOD_PACK.replace("custom/blame-the-intern", "red-flag/no-tests"),
    );
    let output = star_check()
        .current_dir(dir.path())
        .args(["rules", "test", "clash.toml"])
        .output()
        .unwrap();
    assert_eq!(
        stderr(&output),
        "star-check: clash.toml:2:6: rule `red-flag/no-tests`: duplicate rule id (first defined in rules/red-flags.toml)\n"
    );
    assert_eq!(output.status.code(), Some(2));
    let output = star_check()
        .current_dir(dir.path())
        .args(["rules", "test", "--no-default-rules", "clash.toml"])
        .output()
        .unwrap();
    assert_eq!(stdout(&output), "tested 2 examples of 1 rule in 1 file: all passed\n");
    assert_eq!(output.status.code(), Some(0));
}

fn snapshot_of(dir: &Path) -> Vec<(String, String)> {
    let mut files = Vec::new();
    for entry in walk(dir) {
        let name = entry.strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/");
        files.push((name, std::fs::read_to_string(&entry).unwrap()));
    }
    files.sort();
    files
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(walk(&path));
        } else {
            found.push(path);
        }
    }
    found
}

#[test]
fn init_writes_a_config_and_one_template_per_kind_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "answers/intro.md", "My own intro, kept.\n");
    let output = star_check().current_dir(dir.path()).arg("init").output().unwrap();
    assert_eq!(stderr(&output), "");
    assert_eq!(
        stdout(&output),
        "created star-check.toml\n\
         created answers/behavioral.md\n\
         created answers/situational.md\n\
         created answers/technical.md\n\
         skipped answers/intro.md (already exists)\n\
         created answers/project.md\n\
         created answers/general.md\n\
         Write your answers under the prompts in answers/, then run `star-check answers/`.\n"
    );
    assert_eq!(output.status.code(), Some(0));
    let files = snapshot_of(dir.path());
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "answers/behavioral.md",
            "answers/general.md",
            "answers/intro.md",
            "answers/project.md",
            "answers/situational.md",
            "answers/technical.md",
            "star-check.toml"
        ]
    );
    assert_eq!(files[2].1, "My own intro, kept.\n");
    insta::assert_snapshot!("init_behavioral_template", files[0].1);
    let config = &files[6].1;
    assert!(
        config.contains("\nmin-score = 60\n") && config.contains("\nfail-on = \"error\"\n"),
        "{config}"
    );

    // A second run creates nothing and changes nothing.
    let output = star_check().current_dir(dir.path()).arg("init").output().unwrap();
    assert_eq!(
        stdout(&output),
        "skipped star-check.toml (already exists)\n\
         skipped answers/behavioral.md (already exists)\n\
         skipped answers/situational.md (already exists)\n\
         skipped answers/technical.md (already exists)\n\
         skipped answers/intro.md (already exists)\n\
         skipped answers/project.md (already exists)\n\
         skipped answers/general.md (already exists)\n"
    );
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(snapshot_of(dir.path()), files);
}

#[test]
fn init_into_a_new_folder_and_beside_a_hidden_config() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "prep/.star-check.toml", "min-score = 70\n");
    let output = star_check()
        .current_dir(dir.path())
        .args(["init", "prep"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    assert!(
        text.starts_with(
            "skipped prep/star-check.toml (.star-check.toml already exists)\ncreated prep/answers/behavioral.md\n"
        ),
        "{text}"
    );
    assert!(text.ends_with("then run `star-check prep/answers/`.\n"), "{text}");
    assert!(!dir.path().join("prep/star-check.toml").exists());
}

#[test]
fn a_filled_in_template_is_read_as_one_star_answer() {
    let dir = tempfile::tempdir().unwrap();
    star_check().current_dir(dir.path()).arg("init").output().unwrap();
    let path = dir.path().join("answers/behavioral.md");
    let mut text = std::fs::read_to_string(&path).unwrap();
    for (heading, story) in [
        (
            "## Situation",
            "Last spring our invoices endpoint in the billing service took six seconds for large customers, and support tickets about it doubled.",
        ),
        (
            "## Task",
            "I owned the billing API that quarter, so I was asked to get the endpoint under 500 ms before the invoicing run.",
        ),
        (
            "## Action",
            "I profiled it with the PostgreSQL slow-query log and found a sequential scan plus an N+1 loop over line items. I added a composite index, replaced the loop with one join and load-tested the change with k6.",
        ),
        (
            "## Result",
            "The p95 dropped from six seconds to 240 ms, and the tickets stopped within a week.",
        ),
    ] {
        let at = text.find(heading).unwrap();
        let end = at + text[at..].find("-->").unwrap() + 3;
        text.insert_str(end, &format!("\n\n{story}"));
    }
    std::fs::write(&path, text).unwrap();
    let (report, _) = json_report(&[path.to_str().unwrap()]);
    let answers = report["files"][0]["answers"].as_array().unwrap();
    assert_eq!(answers.len(), 1);
    assert_eq!(
        answers[0]["question"],
        "Tell me about a time you fixed a problem in production."
    );
    assert_eq!(answers[0]["kind"], "behavioral");
    let labels: Vec<&str> = answers[0]["sentences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["S", "T", "A", "A", "R"]);
}

#[test]
fn completions_for_bash_know_the_subcommands() {
    let output = star_check().args(["completions", "bash"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    let script = stdout(&output);
    assert!(script.contains("complete -F _star__check "), "{script}");
    for word in ["rules", "explain", "init", "completions", "man", "--no-default-rules"] {
        assert!(script.contains(word), "no `{word}` in the bash completions");
    }
    for shell in ["zsh", "fish", "powershell"] {
        let output = star_check().args(["completions", shell]).output().unwrap();
        assert_eq!(output.status.code(), Some(0), "{shell}");
        assert!(stdout(&output).contains("explain"), "{shell}");
    }
}

/// Sources the bash script and asks it to complete, as bash does on Tab: past a subcommand too,
/// which clap_complete's script gets wrong on its own for a hyphenated name (clap-rs/clap#6421).
#[cfg(target_os = "linux")]
#[test]
fn bash_completes_subcommands_and_their_options() {
    let dir = tempfile::tempdir().unwrap();
    let output = star_check().args(["completions", "bash"]).output().unwrap();
    let script = write(dir.path(), "star-check.bash", &stdout(&output));
    let complete = |words: &str| {
        let program = format!(
            "source '{}'; COMP_WORDS=({words}); COMP_CWORD=$((${{#COMP_WORDS[@]}}-1)); \
             _star__check star-check \"${{COMP_WORDS[-1]}}\" \"${{COMP_WORDS[-2]}}\"; echo \"${{COMPREPLY[*]}}\"",
            script.display()
        );
        let output = std::process::Command::new("bash")
            .args(["-c", &program])
            .output()
            .unwrap();
        assert_eq!(stderr(&output), "");
        stdout(&output).trim_end().to_string()
    };
    assert_eq!(complete("star-check ex"), "explain");
    assert_eq!(complete("star-check rules t"), "test");
    assert_eq!(complete("star-check rules test --n"), "--no-default-rules");
    assert_eq!(complete("star-check rules --format j"), "json");
    assert_eq!(complete("star-check completions p"), "powershell");
}

#[test]
fn man_prints_a_roff_page() {
    let output = star_check().arg("man").output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    let page = stdout(&output);
    assert!(page.contains("\n.TH star-check 1 "), "{page}");
    assert!(page.contains("\n.SH NAME\n"), "{page}");
    assert!(page.contains("star\\-check\\-explain"), "{page}");
}

#[test]
fn a_path_still_checks_when_subcommands_exist() {
    let (report, code) = json_report(&["fixtures/intro/generic-likes-coding.txt"]);
    assert_eq!(code, 1);
    assert_eq!(report["files"][0]["path"], "fixtures/intro/generic-likes-coding.txt");
}

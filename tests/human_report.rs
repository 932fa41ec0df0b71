//! The human report's layout on a long answer: the fixes worth most points first, then the STAR
//! map, then the findings with a rule's repeats under one message. JSON and the one-line formats
//! keep every finding.

mod common;

use common::{first_answer, json_report, rule_ids, star_check, stdout_of, write};

const RAMBLING: &str = "fixtures/behavioral/rambling-migration-lock-mistake.md";

fn human(args: &[&str]) -> String {
    let output = star_check().args(["--color", "never"]).args(args).output().unwrap();
    stdout_of(&output)
}

/// Index of the first line of the first finding (`error[…`, `warning[…`, `info[…`).
#[track_caller]
fn first_finding_line(report: &[&str]) -> usize {
    report
        .iter()
        .position(|line| {
            ["error[", "warning[", "info["]
                .iter()
                .any(|level| line.starts_with(level))
        })
        .expect("the report has findings")
}

#[test]
fn a_rambling_answer_leads_with_its_length_and_fits_one_screen_above_the_findings() {
    let report = human(&[RAMBLING]);
    let lines: Vec<&str> = report.lines().collect();
    let findings = first_finding_line(&lines);
    assert!(findings <= 40, "{findings} lines above the findings:\n{report}");
    let fixes = lines
        .iter()
        .position(|l| *l == "  fix first")
        .expect("a `fix first` block");
    let map = lines.iter().position(|l| *l == "  STAR map").expect("a STAR map");
    assert!(
        fixes < map && map < findings,
        "fixes, then the STAR map, then the findings"
    );
    assert_eq!(
        lines[fixes + 1],
        "    +9   This would take about 288 seconds to say; aim for under 180. [length/too-long]"
    );
    // The score line comes first.
    assert!(lines[3].starts_with("  score  77/100"), "{}", lines[3]);
    let (json, code) = json_report(&[RAMBLING]);
    assert_eq!(code, 0);
    let sentences = first_answer(&json)["sentences"].as_array().unwrap().len();
    assert_eq!(sentences, 21);
    // A long answer's map has a line a run of sentences with the same part: S×4 T×2 A×2 S×2 A×5
    // T A×2 R×3, 21 sentences in 8 lines.
    let map_lines: Vec<&str> = lines[map + 1..]
        .iter()
        .take_while(|l| l.starts_with("    "))
        .copied()
        .collect();
    assert_eq!(map_lines.len(), 8, "{map_lines:#?}");
    assert!(
        map_lines[0].starts_with("    S  33:1    ×4  Okay, so this is going"),
        "{}",
        map_lines[0]
    );
    assert!(
        map_lines[5].starts_with("    T  41:1        After that"),
        "{}",
        map_lines[5]
    );
    let verbose = human(&["--verbose", RAMBLING]);
    let verbose_map = verbose.lines().skip_while(|l| *l != "  STAR map").skip(1);
    assert_eq!(
        verbose_map.take_while(|l| l.starts_with("    ")).count(),
        sentences,
        "--verbose maps every sentence"
    );
}

#[test]
fn repeats_of_a_rule_are_one_message_with_every_place_listed() {
    let report = human(&[RAMBLING]);
    let lines: Vec<&str> = report.lines().collect();
    let title = "info[wording/hedge] ×10: Hedging makes you sound unsure of your own work.";
    let at = lines.iter().position(|l| *l == title).expect(title);
    assert_eq!(lines.iter().filter(|l| l.starts_with("info[wording/hedge]")).count(), 1);
    assert_eq!(
        lines[at + 1],
        format!("  --> {RAMBLING}:33:397  \"I think\""),
        "each place with the words it matched"
    );
    let places: Vec<&&str> = lines[at + 1..].iter().take_while(|l| l.starts_with("  --> ")).collect();
    assert_eq!(places.len(), 10);
    assert_eq!(
        lines[at + 11],
        "  = help: State what you did and what happened; if you are unsure of a detail, say so once and give your best estimate."
    );
    assert_eq!(lines[at + 12], "  = note: suggestion: remove it");
    let advice = "State what you did and what happened";
    assert_eq!(report.matches(advice).count(), 1, "the advice once, not ten times");
}

#[test]
fn a_whole_answer_finding_is_listed_once_without_a_snippet() {
    let report = human(&[RAMBLING]);
    let lines: Vec<&str> = report.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.starts_with("info[length/too-long]: "))
        .expect("the length finding");
    assert_eq!(lines[at + 1], format!("  --> {RAMBLING}:33:1"));
    assert!(
        lines[at + 2].starts_with("  = help: Keep the Situation short"),
        "{}",
        lines[at + 2]
    );
    assert_eq!(lines[at + 3], "", "no quoted source line");
    assert_eq!(report.matches("[length/").count(), 2, "one length finding, and its fix");
}

#[test]
fn verbose_keeps_every_finding_with_its_snippet() {
    let report = human(&["--verbose", RAMBLING]);
    let hedges = report.matches("info[wording/hedge]: Hedging").count();
    assert_eq!(hedges, 10);
    assert!(!report.contains("×10"));
    assert!(
        report.contains("  fix first\n    +9   "),
        "the fixes lead in verbose too"
    );
}

#[test]
fn machine_formats_keep_every_finding() {
    let (json, _) = json_report(&[RAMBLING]);
    let ids = rule_ids(first_answer(&json));
    assert_eq!(ids.iter().filter(|id| *id == "wording/hedge").count(), 10);
    for format in ["short", "github"] {
        let output = star_check().args(["--format", format, RAMBLING]).output().unwrap();
        let hedges = stdout_of(&output).matches("wording/hedge").count();
        assert_eq!(hedges, 10, "--format {format}");
    }
}

#[test]
fn top_fixes_in_json_are_the_human_reports_and_worth_what_they_say() {
    let (json, _) = json_report(&[RAMBLING]);
    let answer = first_answer(&json);
    let fixes = answer["top_fixes"].as_array().unwrap();
    assert_eq!(fixes[0]["rule"], "length/too-long");
    assert_eq!(fixes[0]["points"], 9);
    assert_eq!(
        fixes[0]["message"],
        "This would take about 288 seconds to say; aim for under 180."
    );
    assert!(fixes.len() <= 3);
    let score = answer["score"].as_u64().unwrap();
    // Switching a rule off in a config is the same as fixing every one of its findings: the score
    // must rise by exactly the points the fix promised.
    let dir = tempfile::tempdir().unwrap();
    for fix in fixes {
        let rule = fix["rule"].as_str().unwrap();
        let config = write(
            dir.path(),
            "star-check.toml",
            &format!("[rules]\ndisable = [\"{rule}\"]\n"),
        );
        let (fixed, _) = json_report(&["--config", config.to_str().unwrap(), RAMBLING]);
        let new_score = first_answer(&fixed)["score"].as_u64().unwrap();
        assert_eq!(new_score - score, fix["points"].as_u64().unwrap(), "{rule}");
    }
}

#[test]
fn a_fix_worth_nothing_is_not_offered() {
    // Twelve fillers and twelve hedges each empty the wording category alone: fixing the hedges
    // without the fillers gains nothing, so the hedges are no top fix.
    let (json, _) = json_report(&[RAMBLING]);
    let fixes = first_answer(&json)["top_fixes"].as_array().unwrap().clone();
    assert!(fixes.iter().all(|f| f["points"].as_u64().unwrap() > 0));
    assert!(!fixes.iter().any(|f| f["rule"] == "wording/hedge"));
}

#[test]
fn human_report_of_a_rambling_answer() {
    let output = star_check()
        .env("NO_COLOR", "1")
        .args(["--color", "never", RAMBLING])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    insta::assert_snapshot!("human_rambling_migration", stdout_of(&output));
}

/// The fenced block that follows `marker` in README.md.
#[track_caller]
fn readme_block_after(marker: &str) -> String {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let at = readme
        .find(marker)
        .unwrap_or_else(|| panic!("README has no {marker:?}"));
    let open = at + readme[at..].find("```").unwrap();
    let body = open + readme[open..].find('\n').unwrap() + 1;
    let close = body + readme[body..].find("\n```").unwrap();
    readme[body..=close].to_string()
}

#[test]
fn readme_shows_the_report_this_binary_prints() {
    let block = readme_block_after("## What a report looks like\n");
    let intro = block.lines().next().unwrap();
    assert_eq!(
        intro,
        "fixtures/intro/generic-likes-coding.txt:10 Tell me about yourself."
    );
    assert_eq!(block, human(&["fixtures/intro/generic-likes-coding.txt"]));
}

#[test]
fn readmes_set_up_command_runs_on_an_example_that_passes() {
    let block = readme_block_after("## Set up\n");
    let command = block.trim();
    let example = command
        .strip_prefix("cargo install --path . && star-check ")
        .unwrap_or_else(|| panic!("unexpected set-up command: {command}"));
    let output = star_check().arg(example).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stdout_of(&output));
}

/// Fixing "this is not an answer" is worth what the text then scores with its other problems
/// (here a one-liner's length cap), not a perfect score.
#[test]
fn fixing_a_non_answer_is_worth_what_the_answer_would_then_score() {
    let dir = tempfile::tempdir().unwrap();
    let answer = write(
        dir.path(),
        "todo.md",
        "+++\nquestion = \"Tell me about a time you fixed a slow API.\"\n+++\nTODO\n",
    );
    let path = answer.to_str().unwrap();
    let (json, _) = json_report(&[path]);
    let first = first_answer(&json);
    assert_eq!(rule_ids(first), ["answer/placeholder"]);
    let fix = &first["top_fixes"][0];
    assert_eq!(fix["rule"], "answer/placeholder");
    let config = write(dir.path(), "off.toml", "[rules]\ndisable = [\"answer/placeholder\"]\n");
    let (fixed, _) = json_report(&["--config", config.to_str().unwrap(), path]);
    let fixed = first_answer(&fixed);
    assert!(rule_ids(fixed).contains(&"length/far-too-short".to_string()));
    let gain = fixed["score"].as_u64().unwrap() - first["score"].as_u64().unwrap();
    assert_eq!(fix["points"].as_u64().unwrap(), gain);
    assert!(fixed["score"].as_u64().unwrap() <= 55, "capped as a one-liner");
}

/// A rule whose message is filled in per finding (which rule a suppression names) keeps each
/// message beside its place when its findings are grouped.
#[test]
fn grouped_findings_keep_a_message_that_differs() {
    let dir = tempfile::tempdir().unwrap();
    let answer = write(
        dir.path(),
        "suppressed.md",
        "At my last job our checkout API was slow. I was asked to fix it. I replaced an N+1 query with a join. \
         <!-- star-check-disable-line red-flag/no-tests -->\np95 dropped from 900 ms to 120 ms. \
         <!-- star-check-disable-line wording/filler -->\n",
    );
    let path = answer.to_str().unwrap();
    let report = human(&["--kind", "behavioral", path]);
    let lines: Vec<&str> = report.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.starts_with("info[suppression/unused] ×2: Unused suppression: no `red-flag/no-tests` finding"))
        .unwrap_or_else(|| panic!("{report}"));
    assert_eq!(lines[at + 1], format!("  --> {path}:1:103"));
    assert_eq!(
        lines[at + 2],
        format!("  --> {path}:2:36  Unused suppression: no `wording/filler` finding where this comment applies.")
    );
}

#[test]
fn readmes_short_format_example_is_this_binarys_output() {
    let command = "$ star-check --format short fixtures/behavioral/flaky-ci-no-result.md\n";
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let after = readme.split_once(command).expect("the example command").1;
    let example = &after[..=after.find("\n```").unwrap()];
    let output = star_check()
        .args(["--format", "short", "fixtures/behavioral/flaky-ci-no-result.md"])
        .output()
        .unwrap();
    assert_eq!(example, stdout_of(&output));
}

/// The STAR map names a part the findings only ask about as unclear, never as missing, and the
/// JSON's `verdict` agrees with the finding.
#[test]
fn the_star_map_tells_an_unclear_part_from_a_missing_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "feedback.txt",
        "When I was a junior developer at an agency, I built the checkout for a shoe shop.\n\
         In a code review, my tech lead told me my pull requests were too large to review well.\n\
         I asked her to show me what a good pull request looked like, and I started splitting my work into small steps.\n\
         I also wrote a short description for each one.\n\
         My reviews got much faster, and my lead began asking me to review other people's code.\n",
    );
    let question = "Tell me about a time you received critical feedback.";
    let path = path.to_str().unwrap();
    let report = human(&["--question", question, path]);
    assert!(report.contains("    unclear: Task\n"), "{report}");
    assert!(!report.contains("missing: Task"), "{report}");
    let (json, _) = json_report(&["--question", question, path]);
    let answer = first_answer(&json);
    assert_eq!(answer["star"]["task"]["verdict"], "unclear");
    assert_eq!(answer["star"]["result"]["verdict"], "present");
    assert!(rule_ids(answer).contains(&"star/unclear-task".to_string()));
    assert!(!rule_ids(answer).contains(&"star/missing-task".to_string()));
}

//! Recall of the phrase rules on paraphrases: sentences written the way candidates really write
//! them (lower case, curly quotes, typos, bullets, emphasis, the phrase in the middle of a long
//! sentence), kept apart from the rules' own examples in `tests/paraphrases/*.toml`. Each table is
//! named after a rule id: `flag` holds sentences that rule must fire on, `none` sentences it must
//! not fire on (for red flags: negations, reported speech, growth stories and questions, on which
//! no red flag at all may fire).
//!
//! The binary runs once over a folder holding one file per sentence. Red-flag sentences are checked
//! alone; wording sentences sit on the fourth line of a short story (situation, task, the sentence,
//! result) so that rules scoped to the Action see them there, and only findings on that line count.
//! `cargo test --test paraphrases -- --nocapture` prints recall per rule and every miss.

mod common;

use common::*;
use std::collections::BTreeMap;

/// Red flags must catch nearly every paraphrase, and never fire on a trap.
const RED_FLAG_RECALL: f64 = 0.95;
/// Weak wording is advice, not a verdict; most paraphrases must still be caught.
const WORDING_RECALL: f64 = 0.85;

const STORY_BEFORE: &str = "Last spring our checkout API slowed down badly during a sale.\n\
                            I was asked to get it back under control before the next campaign.\n\n";
// The sentence gets a paragraph of its own: one written in lower case, or without a full stop, would
// otherwise run on into the sentence before or after it (UAX #29 does not break before a lower-case
// letter).
/// The line of a story file that holds the sentence under test.
const SENTENCE_LINE: u64 = 4;
const STORY_AFTER: &str = "\n\nAfterwards p95 latency went from 900 ms to 200 ms.\n";

/// One sentence to check: the rule it belongs to and whether that rule should fire.
struct Case {
    rule: String,
    text: String,
    flag: bool,
}

fn load(path: &str) -> Vec<Case> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let table: toml::Table = toml::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut cases = Vec::new();
    for (rule, entry) in table {
        let entry = entry
            .as_table()
            .unwrap_or_else(|| panic!("{path}: `{rule}` is not a table"));
        for (key, flag) in [("flag", true), ("none", false)] {
            for text in entry.get(key).and_then(|v| v.as_array()).into_iter().flatten() {
                cases.push(Case {
                    rule: rule.clone(),
                    text: text.as_str().expect("sentences are strings").to_string(),
                    flag,
                });
            }
        }
        for key in entry.keys() {
            assert!(
                key == "flag" || key == "none",
                "{path}: `{rule}` has unknown key `{key}`"
            );
        }
    }
    cases
}

/// What fired on each case: (rule id, first line) of every diagnostic, by case index.
fn run(cases: &[Case], story: bool) -> Vec<Vec<(String, u64)>> {
    let dir = tempfile::tempdir().unwrap();
    for (index, case) in cases.iter().enumerate() {
        let text = if story {
            format!("{STORY_BEFORE}{}{STORY_AFTER}", case.text)
        } else {
            format!("{}\n", case.text)
        };
        write(dir.path(), &format!("case-{index:04}.md"), &text);
    }
    let folder = dir.path().to_str().unwrap();
    let (report, _) = json_report(&["--isolated", "--kind", "behavioral", folder]);
    let mut fired = vec![Vec::new(); cases.len()];
    for file in report["files"].as_array().unwrap() {
        let path = file["path"].as_str().unwrap();
        assert!(file["error"].is_null(), "{path}: {}", file["error"]);
        let name = path.rsplit('/').next().unwrap();
        let index: usize = name["case-".len()..name.len() - ".md".len()].parse().unwrap();
        for answer in file["answers"].as_array().unwrap() {
            for d in answer["diagnostics"].as_array().unwrap() {
                let line = d["line"].as_u64().unwrap_or(0);
                fired[index].push((d["rule"].as_str().unwrap().to_string(), line));
            }
        }
    }
    fired
}

#[derive(Default)]
struct Tally {
    caught: usize,
    flags: usize,
    false_flags: usize,
    traps: usize,
    misses: Vec<String>,
    wrong: Vec<String>,
}

impl Tally {
    fn recall(&self) -> f64 {
        self.caught as f64 / self.flags.max(1) as f64
    }
}

fn print(title: &str, tallies: &BTreeMap<String, Tally>) -> (f64, usize) {
    let (mut caught, mut flags, mut false_flags, mut traps) = (0, 0, 0, 0);
    println!("\n{title}");
    for (rule, t) in tallies {
        println!(
            "  {rule:32} recall {:>3}/{:<3} = {:.2}   false flags {}/{}",
            t.caught,
            t.flags,
            t.recall(),
            t.false_flags,
            t.traps
        );
        for miss in &t.misses {
            println!("      missed: {miss}");
        }
        for wrong in &t.wrong {
            println!("      false flag: {wrong}");
        }
        caught += t.caught;
        flags += t.flags;
        false_flags += t.false_flags;
        traps += t.traps;
    }
    let recall = caught as f64 / flags.max(1) as f64;
    println!(
        "  {:32} recall {caught:>3}/{flags:<3} = {recall:.2}   false flags {false_flags}/{traps}",
        "all"
    );
    (recall, false_flags)
}

#[test]
fn red_flags_catch_paraphrases_and_spare_traps() {
    let cases = load("tests/paraphrases/red-flags.toml");
    let fired = run(&cases, false);
    let mut tallies: BTreeMap<String, Tally> = BTreeMap::new();
    for (case, fired) in cases.iter().zip(&fired) {
        let t = tallies.entry(case.rule.clone()).or_default();
        let red: Vec<&str> = fired
            .iter()
            .map(|(rule, _)| rule.as_str())
            .filter(|rule| rule.starts_with("red-flag/"))
            .collect();
        if case.flag {
            t.flags += 1;
            if red.contains(&case.rule.as_str()) {
                t.caught += 1;
            } else {
                t.misses.push(format!("{:?} (fired: {red:?})", case.text));
            }
        } else {
            t.traps += 1;
            if !red.is_empty() {
                t.false_flags += 1;
                t.wrong.push(format!("{:?} ({red:?})", case.text));
            }
        }
    }
    for (rule, t) in &tallies {
        assert!(t.flags >= 15, "{rule} has {} paraphrases, want at least 15", t.flags);
        assert!(t.traps >= 8, "{rule} has {} traps, want at least 8", t.traps);
    }
    assert_eq!(tallies.len(), 9, "one table per red flag of the guide");
    let (recall, false_flags) = print("red flags", &tallies);
    assert!(
        recall >= RED_FLAG_RECALL,
        "red-flag recall {recall:.2} < {RED_FLAG_RECALL}"
    );
    assert_eq!(false_flags, 0, "red flags fired on traps");
}

#[test]
fn weak_wording_is_caught_in_paraphrases() {
    let cases = load("tests/paraphrases/wording.toml");
    let fired = run(&cases, true);
    let mut tallies: BTreeMap<String, Tally> = BTreeMap::new();
    for (case, fired) in cases.iter().zip(&fired) {
        let t = tallies.entry(case.rule.clone()).or_default();
        // The sentence under test is the story's fourth line.
        let hit = fired
            .iter()
            .any(|(rule, line)| *rule == case.rule && *line == SENTENCE_LINE);
        if case.flag {
            t.flags += 1;
            if hit {
                t.caught += 1;
            } else {
                let on_line: Vec<&str> = fired
                    .iter()
                    .filter(|(_, l)| *l == SENTENCE_LINE)
                    .map(|(r, _)| r.as_str())
                    .collect();
                t.misses.push(format!("{:?} (fired: {on_line:?})", case.text));
            }
        } else {
            t.traps += 1;
            if hit {
                t.false_flags += 1;
                t.wrong.push(format!("{:?}", case.text));
            }
        }
    }
    for (rule, t) in &tallies {
        assert!(t.flags >= 20, "{rule} has {} paraphrases, want at least 20", t.flags);
    }
    let (recall, false_flags) = print("weak wording", &tallies);
    for (rule, t) in &tallies {
        assert!(
            t.recall() >= WORDING_RECALL,
            "{rule}: recall {:.2} < {WORDING_RECALL}",
            t.recall()
        );
    }
    assert!(
        recall >= WORDING_RECALL,
        "weak-wording recall {recall:.2} < {WORDING_RECALL}"
    );
    assert_eq!(
        false_flags, 0,
        "wording rules fired on sentences written not to trip them"
    );
}

/// The data files must stay loadable and each sentence distinct, or recall means less than it says.
#[test]
fn paraphrase_sets_hold_no_duplicates() {
    for path in ["tests/paraphrases/red-flags.toml", "tests/paraphrases/wording.toml"] {
        let cases = load(path);
        let mut seen = std::collections::HashSet::new();
        for case in &cases {
            assert!(
                seen.insert(case.text.to_lowercase()),
                "{path}: duplicate {:?}",
                case.text
            );
        }
    }
}

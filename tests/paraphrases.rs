//! Recall of the phrase rules on paraphrases: sentences written the way candidates really write
//! them (lower case, curly quotes, typos, bullets, emphasis, the phrase in the middle of a long
//! sentence), kept apart from the rules' own examples in `tests/paraphrases/*.toml`. Each table is
//! named after a rule id: `flag` holds sentences that rule must fire on, `none` sentences it must
//! not fire on (for red flags: negations, reported speech, growth stories and questions, on which
//! no red flag at all may fire). The `held-out-*` sets were written later, before the rules were
//! changed for them, and their figures are printed apart: they are the ones that say how well the
//! rules generalise.
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

/// How many sentences each table of a set must hold, so that a recall figure means something.
struct Minimum {
    flags: usize,
    traps: usize,
}

/// Runs the red-flag set at `path`, prints its figures under `title` and checks them.
fn check_red_flags(path: &str, title: &str, minimum: Minimum) {
    let cases = load(path);
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
        assert!(
            t.flags >= minimum.flags,
            "{path}: {rule} has {} paraphrases, want at least {}",
            t.flags,
            minimum.flags
        );
        assert!(
            t.traps >= minimum.traps,
            "{path}: {rule} has {} traps, want at least {}",
            t.traps,
            minimum.traps
        );
    }
    assert_eq!(tallies.len(), 9, "{path}: one table per red flag of the guide");
    let (recall, false_flags) = print(title, &tallies);
    assert!(
        recall >= RED_FLAG_RECALL,
        "{title}: red-flag recall {recall:.2} < {RED_FLAG_RECALL}"
    );
    assert_eq!(false_flags, 0, "{title}: red flags fired on traps");
}

/// Runs the weak-wording set at `path`, prints its figures under `title` and checks them.
fn check_wording(path: &str, title: &str, minimum: Minimum) {
    let cases = load(path);
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
        assert!(
            t.flags >= minimum.flags,
            "{path}: {rule} has {} paraphrases, want at least {}",
            t.flags,
            minimum.flags
        );
        assert!(
            t.traps >= minimum.traps,
            "{path}: {rule} has {} traps, want at least {}",
            t.traps,
            minimum.traps
        );
    }
    let (recall, false_flags) = print(title, &tallies);
    for (rule, t) in &tallies {
        assert!(
            t.recall() >= WORDING_RECALL,
            "{title}: {rule}: recall {:.2} < {WORDING_RECALL}",
            t.recall()
        );
    }
    assert!(
        recall >= WORDING_RECALL,
        "{title}: weak-wording recall {recall:.2} < {WORDING_RECALL}"
    );
    assert_eq!(
        false_flags, 0,
        "{title}: wording rules fired on sentences written not to trip them"
    );
}

#[test]
fn red_flags_catch_paraphrases_and_spare_traps() {
    check_red_flags(
        "tests/paraphrases/red-flags.toml",
        "red flags",
        Minimum { flags: 15, traps: 8 },
    );
}

#[test]
fn weak_wording_is_caught_in_paraphrases() {
    check_wording(
        "tests/paraphrases/wording.toml",
        "weak wording",
        Minimum { flags: 20, traps: 0 },
    );
}

/// The held-out sets were written before the rules were last changed and without reading the sets
/// above, so their figures are the ones that say how the rules generalise (issue 10).
#[test]
fn red_flags_catch_held_out_paraphrases_and_spare_traps() {
    check_red_flags(
        "tests/paraphrases/held-out-red-flags.toml",
        "held-out red flags",
        Minimum { flags: 12, traps: 6 },
    );
}

#[test]
fn weak_wording_is_caught_in_held_out_paraphrases() {
    check_wording(
        "tests/paraphrases/held-out-wording.toml",
        "held-out weak wording",
        Minimum { flags: 15, traps: 5 },
    );
}

/// The data files must stay loadable and each sentence distinct, or recall means less than it says.
#[test]
fn paraphrase_sets_hold_no_duplicates() {
    // Each pair is checked as one set: a held-out sentence that is also in the fitted set would
    // not be held out.
    for paths in [
        [
            "tests/paraphrases/red-flags.toml",
            "tests/paraphrases/held-out-red-flags.toml",
        ],
        [
            "tests/paraphrases/wording.toml",
            "tests/paraphrases/held-out-wording.toml",
        ],
    ] {
        let mut seen = std::collections::HashSet::new();
        for path in paths {
            for case in load(path) {
                assert!(
                    seen.insert(case.text.to_lowercase()),
                    "{path}: duplicate {:?}",
                    case.text
                );
            }
        }
    }
}

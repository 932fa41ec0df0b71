//! The small harness every integration test shares: run the built binary, read its JSON.

#![allow(dead_code)]

use assert_cmd::Command;
use serde_json::Value;
use std::path::Path;

/// The `star-check` binary, run from the package root with colour and config from the environment
/// switched off so that output is the same everywhere.
pub fn star_check() -> Command {
    let mut command = Command::cargo_bin("star-check").expect("the binary is built");
    command
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR")
        .env("CLICOLOR", "0");
    command
}

/// Runs with `--format json` plus `args`; returns the parsed report and the exit code.
#[track_caller]
pub fn json_report(args: &[&str]) -> (Value, i32) {
    let output = star_check().arg("--format").arg("json").args(args).output().unwrap();
    let report: Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", String::from_utf8_lossy(&output.stdout)));
    (report, output.status.code().unwrap_or(-1))
}

/// `text` checked as a behavioral answer on standard input, with no config file: the first answer
/// of the JSON report.
#[track_caller]
pub fn behavioral_answer(text: &str) -> Value {
    let output = star_check()
        .args(["--isolated", "--format", "json", "--kind", "behavioral", "-"])
        .write_stdin(text)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    first_answer(&report).clone()
}

/// The first answer of the first file of a report.
pub fn first_answer(report: &Value) -> &Value {
    &report["files"][0]["answers"][0]
}

/// Rule ids of an answer's diagnostics, in report order.
pub fn rule_ids(answer: &Value) -> Vec<String> {
    answer["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap().to_string())
        .collect()
}

/// The diagnostic of `rule` in `answer`, which must exist.
#[track_caller]
pub fn diagnostic<'a>(answer: &'a Value, rule: &str) -> &'a Value {
    answer["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == rule)
        .unwrap_or_else(|| panic!("no `{rule}` among {:?}", rule_ids(answer)))
}

pub fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&path, text).unwrap();
    path
}

/// The binary as a plain `std::process::Command`, set up as [`star_check`] is, for tests that need
/// what assert_cmd does not offer: closing a pipe early, signals, running as another user.
pub fn star_check_std() -> std::process::Command {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_star-check"));
    command
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR")
        .env("CLICOLOR", "0");
    command
}

/// Stdout of a run as text.
pub fn stdout_of(output: &std::process::Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

/// Stderr of a run as text.
pub fn stderr_of(output: &std::process::Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

/// The paths of a JSON report's files, in order.
pub fn report_paths(report: &Value) -> Vec<String> {
    report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap().to_string())
        .collect()
}

//! Every kind of bad input: each gets its one-line message on stderr and its exit code, and the other
//! files of the same run are still checked and reported. (`tests/config.rs` has every way a config
//! file can be wrong; here, that the files under other configs are still checked.)

mod common;

use common::*;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Stdio;

/// A strong answer that passes, checked beside each bad input to show the run goes on.
const STRONG: &str = "fixtures/behavioral/slow-invoices-endpoint.md";

fn path_str(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// Runs `--format json` over `args`, returning the report, the exit code and stderr.
#[track_caller]
fn run_json(args: &[&str]) -> (serde_json::Value, i32, String) {
    let output = star_check().arg("--format").arg("json").args(args).output().unwrap();
    let report = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", String::from_utf8_lossy(&output.stdout)));
    (report, output.status.code().unwrap_or(-1), stderr_of(&output))
}

/// Asserts that `STRONG` was checked in `report`: it is listed with its answer and no error.
#[track_caller]
fn assert_strong_reported(report: &serde_json::Value) {
    let strong = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == STRONG)
        .unwrap_or_else(|| panic!("{STRONG} missing from {:?}", report_paths(report)));
    assert_eq!(strong["error"], serde_json::Value::Null);
    assert_eq!(strong["answers"][0]["passed"], true);
}

#[test]
fn a_missing_path() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope.md");
    let (report, code, stderr) = run_json(&[path_str(&missing), STRONG]);
    assert_eq!(code, 2);
    assert_eq!(
        stderr,
        format!("star-check: {}: no such file or folder\n", missing.display())
    );
    assert_eq!(report["files"][0]["error"], "no such file or folder");
    assert_strong_reported(&report);
}

/// A path, rule id or config value holding a line break is quoted escaped, so that each error is
/// still one line of stderr (found by fuzzing the rule loader with an id over several lines).
#[test]
fn names_with_line_breaks_are_quoted_on_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("two\nlines.md");
    let (report, code, stderr) = run_json(&[path_str(&missing), STRONG]);
    assert_eq!(code, 2);
    let shown = missing.display().to_string().replace('\n', "\\n");
    assert_eq!(stderr, format!("star-check: {shown}: no such file or folder\n"));
    assert_strong_reported(&report);

    let output = star_check().args(["explain", "wording/x\ny"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = stderr_of(&output);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("star-check: unknown rule `wording/x\\ny`;"),
        "{stderr}"
    );

    let rule = r#"[[rule]]
id = "a/b\nc"
type = "phrase"
category = "wording"
severity = "info"
message = "m"
advice = "a"
source = "s"
phrases = ["synergy"]
examples = { flag = ["We had synergy."], pass = ["We shipped."] }
"#;
    let rules = write(dir.path(), "bad-id.toml", rule);
    let output = star_check().arg("--rules").arg(&rules).arg(STRONG).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = stderr_of(&output);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("`a/b\\nc`"), "{stderr}");
}

/// A config with a value of the wrong type is reported once with its line and column; the answers
/// under it are each reported as not checked, and an answer under no config is checked as usual.
#[test]
fn a_config_with_a_wrong_type() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "drafts/star-check.toml", "min-score = \"high\"\n");
    write(
        dir.path(),
        "drafts/conflict.md",
        "I told my lead the plan would slip.\n",
    );
    let drafts = dir.path().join("drafts");
    let (report, code, stderr) = run_json(&[path_str(&drafts), STRONG]);
    assert_eq!(code, 2);
    let config = drafts.join("star-check.toml");
    let answer = drafts.join("conflict.md");
    assert_eq!(
        stderr,
        format!(
            "star-check: {}:1:13: invalid type: string \"high\", expected u32\n\
             star-check: {}: not checked: its config {} has errors\n",
            config.display(),
            answer.display(),
            config.display()
        )
    );
    assert_eq!(
        report_paths(&report),
        vec![answer.display().to_string(), STRONG.to_string()]
    );
    assert_eq!(report["files"][0]["answers"], serde_json::json!([]));
    assert_strong_reported(&report);
}

#[test]
fn a_folder_with_no_answers() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "notes.rs", "fn main() {}\n");
    write(dir.path(), "picture.png", "not really\n");
    let (report, code, stderr) = run_json(&[path_str(dir.path()), STRONG]);
    assert_eq!(code, 2);
    assert_eq!(
        stderr,
        format!(
            "star-check: {}: no answer files (*.md, *.markdown, *.txt) in this folder\n",
            dir.path().display()
        )
    );
    assert_strong_reported(&report);
}

/// A file its reader may not open. Permissions do not stop root (tests often run as root in
/// containers), so as root the binary is run as `nobody` instead; if even that is impossible (no
/// right to change user), the case says so on stderr and checks nothing, since no file can be made
/// unreadable.
#[test]
fn an_unreadable_file() {
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::process::CommandExt;
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let secret = write(dir.path(), "secret.md", "I led the migration and cut latency by 40%.\n");
    let readable = write(
        dir.path(),
        "open.md",
        &std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(STRONG)).unwrap(),
    );
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o000)).unwrap();
    let mut command = star_check_std();
    command.args(["--format", "json", path_str(&secret), path_str(&readable)]);
    if std::fs::read(&secret).is_ok() {
        // Privileged: drop to nobody for the run.
        command.uid(65534).gid(65534);
    }
    let output = match command.output() {
        Ok(output) => output,
        Err(error) => {
            eprintln!("an_unreadable_file: cannot run as another user ({error}); no file is unreadable here");
            return;
        }
    };
    assert_eq!(output.status.code(), Some(2), "{}", stderr_of(&output));
    assert_eq!(
        stderr_of(&output),
        format!("star-check: {}: permission denied\n", secret.display())
    );
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["files"][0]["error"], "permission denied");
    assert_eq!(report["files"][1]["answers"][0]["passed"], true);
}

#[test]
fn invalid_utf8_names_the_byte_and_lossy_checks_it_anyway() {
    let dir = tempfile::tempdir().unwrap();
    let latin1 = dir.path().join("latin1.md");
    std::fs::write(&latin1, b"I led the caf\xe9 migration. I don't write tests.\n").unwrap();
    let (report, code, stderr) = run_json(&[path_str(&latin1), STRONG]);
    assert_eq!(code, 2);
    assert_eq!(
        stderr,
        format!(
            "star-check: {}: invalid UTF-8 at byte offset 13 (--lossy checks it anyway)\n",
            latin1.display()
        )
    );
    assert_strong_reported(&report);

    let (report, code, stderr) = run_json(&["--lossy", path_str(&latin1), STRONG]);
    assert_eq!(code, 1, "the red flag fails the answer; a lossy read is not an error");
    assert_eq!(
        stderr,
        format!(
            "star-check: {}: invalid UTF-8 at byte offset 13; checked with U+FFFD in place of the bad bytes\n",
            latin1.display()
        )
    );
    let answer = first_answer(&report);
    assert_eq!(answer["sentences"][0]["text"], "I led the caf\u{FFFD} migration.");
    // Columns count the replacement character as one, as an editor shows it.
    let flag = diagnostic(answer, "red-flag/no-tests");
    assert_eq!((flag["line"].as_u64(), flag["column"].as_u64()), (Some(1), Some(27)));
    assert_strong_reported(&report);
}

#[test]
fn utf16_with_a_byte_order_mark_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notepad.txt");
    let text = "Honestly, I don\u{2019}t write tests.\r\n";
    let bytes: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    std::fs::write(&path, bytes).unwrap();
    let (report, code, stderr) = run_json(&[path_str(&path)]);
    assert_eq!((code, stderr.as_str()), (1, ""));
    let flag = diagnostic(first_answer(&report), "red-flag/no-tests");
    assert_eq!(flag["matched"], "I don\u{2019}t write tests");
    assert_eq!(flag["column"], 11);
}

#[test]
fn a_binary_file_named_is_an_error_and_one_in_a_folder_is_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let binary = dir.path().join("answers/export.txt");
    std::fs::create_dir_all(binary.parent().unwrap()).unwrap();
    std::fs::write(&binary, b"PK\x03\x04\x14\x00\x00\x00zip").unwrap();
    write(
        dir.path(),
        "answers/strong.md",
        &std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(STRONG)).unwrap(),
    );

    let (report, code, stderr) = run_json(&[path_str(&binary), STRONG]);
    assert_eq!(code, 2);
    assert_eq!(
        stderr,
        format!(
            "star-check: {}: binary file (a NUL byte at offset 5), skipped\n",
            binary.display()
        )
    );
    assert_strong_reported(&report);

    let (report, code, stderr) = run_json(&[path_str(&dir.path().join("answers"))]);
    assert_eq!(code, 0, "a binary file in a folder is not an error");
    assert_eq!(
        stderr,
        format!(
            "star-check: {}: binary file (a NUL byte at offset 5), skipped\n",
            binary.display()
        )
    );
    let paths = report_paths(&report);
    assert_eq!(paths.len(), 1, "{paths:?}");
    assert!(paths[0].ends_with("strong.md"));
}

#[test]
fn empty_whitespace_only_and_no_text_answers() {
    let dir = tempfile::tempdir().unwrap();
    let empty = write(dir.path(), "empty.md", "");
    let blank = write(dir.path(), "blank.md", " \t\r\n\n\u{A0}\n");
    let code_only = write(
        dir.path(),
        "code.md",
        "# Question?\n\n```\nfn main() {}\n```\n<!-- note -->\n",
    );
    let (report, code, stderr) = run_json(&[path_str(&empty), path_str(&blank), path_str(&code_only), STRONG]);
    assert_eq!(code, 2);
    assert_eq!(
        stderr,
        format!(
            "star-check: {}: empty answer: there is nothing to check\n\
             star-check: {}: empty answer: there is nothing to check\n\
             star-check: {}: no answer text found (only headings, code, comments or whitespace)\n",
            empty.display(),
            blank.display(),
            code_only.display()
        )
    );
    assert_strong_reported(&report);
}

#[test]
fn end_of_input_on_an_empty_stdin() {
    let output = star_check().write_stdin("").output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr_of(&output),
        "star-check: -: empty answer: there is nothing to check\n"
    );
    assert!(stdout_of(&output).contains("Checked 1 file, 0 answers"));
}

/// A 100 MB file is refused from its size alone, before a byte is read (the file here is sparse, so
/// the test writes nothing to disk).
#[test]
fn a_file_over_max_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.md");
    std::fs::File::create(&big).unwrap().set_len(104_857_600).unwrap();
    let (report, code, stderr) = run_json(&[path_str(&big), STRONG]);
    assert_eq!(code, 2);
    assert_eq!(
        stderr,
        format!(
            "star-check: {}: file is 104857600 bytes, over --max-bytes 10000000\n",
            big.display()
        )
    );
    assert_strong_reported(&report);

    let small = write(dir.path(), "small.md", "I led the migration and cut latency by 40%.\n");
    let (_, code, stderr) = run_json(&["--max-bytes", "20", path_str(&small)]);
    assert_eq!(code, 2);
    assert_eq!(
        stderr,
        format!(
            "star-check: {}: file is 44 bytes, over --max-bytes 20\n",
            small.display()
        )
    );
    let (_, code, stderr) = run_json(&["--max-bytes", "44", path_str(&small)]);
    assert_eq!((code, stderr.as_str()), (1, ""), "exactly at the limit is fine");
    let (_, code, stderr) = run_json(&["--max-bytes", "0", path_str(&small)]);
    assert_eq!((code, stderr.as_str()), (1, ""), "0 means no limit");

    let output = star_check()
        .args(["--max-bytes", "10", "-"])
        .write_stdin("I led the migration.")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(stderr_of(&output), "star-check: -: input is over --max-bytes 10\n");
}

/// `--max-bytes 0` lifts the limit; a device that never ends is still read only up to the limit.
#[test]
fn a_device_is_read_only_up_to_max_bytes() {
    let (_, code, stderr) = run_json(&["--max-bytes", "1000", "/dev/zero"]);
    assert_eq!(code, 2);
    assert_eq!(stderr, "star-check: /dev/zero: file is over --max-bytes 1000\n");
}

/// One line of a megabyte with no punctuation: 200,000 words, checked in linear time.
#[test]
fn a_megabyte_line_with_no_punctuation() {
    let dir = tempfile::tempdir().unwrap();
    let words = [
        "we", "maybe", "cache", "latency", "postgres", "index", "queue", "service", "deploy", "review", "tests",
        "users", "shard", "replica", "worker", "schema",
    ];
    let line: Vec<&str> = (0..200_000).map(|i| words[i % words.len()]).collect();
    let line = line.join(" ");
    assert!(line.len() > 1_000_000);
    let long = write(dir.path(), "long.md", &line);
    let (report, code, stderr) = run_json(&[path_str(&long), STRONG]);
    assert_eq!((code, stderr.as_str()), (1, ""));
    let answer = first_answer(&report);
    assert_eq!(answer["words"], 200_000);
    // With no punctuation, the line is cut into sentences of at most 2,000 bytes at word boundaries,
    // so that the STAR decoder and the per-sentence rules see sentence-sized pieces.
    let sentences = answer["sentences"].as_array().unwrap();
    assert_eq!(sentences.len(), 665);
    assert_eq!(sentences[0]["column"], 1);
    assert!(
        sentences
            .iter()
            .all(|s| s["line"] == 1 && s["text"].as_str().unwrap().len() <= 2000)
    );
    assert!(
        sentences
            .windows(2)
            .all(|w| w[0]["column"].as_u64() < w[1]["column"].as_u64())
    );
    let hedges = answer["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "wording/hedge")
        .count();
    // Thousands of findings on one line: once quadratic (each rescanned the line), now linear.
    assert_eq!(hedges, 12_500);
    assert_strong_reported(&report);
    // The human report quotes each finding's line; it must get through them all too.
    let human = star_check().arg(path_str(&long)).output().unwrap();
    assert_eq!(human.status.code(), Some(1));
    assert!(stdout_of(&human).contains("Checked 1 file, 1 answer"));
}

#[test]
fn deeply_nested_markdown() {
    let dir = tempfile::tempdir().unwrap();
    let quotes = format!("{} I don't write tests.\n", ">".repeat(10_000));
    let quoted = write(dir.path(), "quotes.md", &quotes);
    let mut lists = String::new();
    for depth in 0..2_000 {
        lists.push_str(&format!("{}- level {depth}\n", "  ".repeat(depth)));
    }
    let listed = write(dir.path(), "lists.md", &lists);
    let brackets = write(
        dir.path(),
        "brackets.md",
        &format!("{}x{}\n", "[".repeat(50_000), "](".repeat(50_000)),
    );
    let emphasis = write(
        dir.path(),
        "emphasis.md",
        &format!("{}word{}\n", "*_".repeat(20_000), "_*".repeat(20_000)),
    );
    let (report, code, stderr) = run_json(&[
        path_str(&quoted),
        path_str(&listed),
        path_str(&brackets),
        path_str(&emphasis),
        STRONG,
    ]);
    assert_eq!((code, stderr.as_str()), (1, ""));
    let quote = first_answer(&report);
    assert_eq!(diagnostic(quote, "red-flag/no-tests")["column"], 10_002);
    assert_eq!(report["files"][1]["answers"][0]["words"], 4_000);
    assert_eq!(report["files"][3]["answers"][0]["words"], 1);
    assert_strong_reported(&report);
}

/// Old Mac files end lines with a lone `\r`: lines are counted as an editor counts them.
#[test]
fn lone_carriage_returns_end_lines() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "mac.md", "I led the fix.\rHonestly, I don't write tests.\r");
    let (report, _, stderr) = run_json(&[path_str(&path)]);
    assert_eq!(stderr, "");
    let flag = diagnostic(first_answer(&report), "red-flag/no-tests");
    assert_eq!((flag["line"].as_u64(), flag["column"].as_u64()), (Some(2), Some(11)));
    let human = star_check().arg(path_str(&path)).output().unwrap();
    let human = stdout_of(&human);
    assert!(!human.contains('\r'), "a raw carriage return would rewind the terminal");
    assert!(human.contains(&format!("--> {}:2:11", path.display())), "{human}");
}

fn rule_file(dir: &Path, patterns: &str) -> PathBuf {
    write(
        dir,
        "mine.toml",
        &format!(
            "[[rule]]\nid = \"custom/x\"\ntype = \"phrase\"\ncategory = \"wording\"\nseverity = \"info\"\n\
             message = \"m\"\nadvice = \"a\"\nsource = \"s\"\npatterns = [{patterns}]\n\
             examples.flag = [\"x\"]\nexamples.pass = [\"y\"]\n"
        ),
    )
}

/// A rule whose regex would compile to megabytes is refused with a size-limit error, quickly and
/// without the memory it would take.
#[test]
fn a_rule_with_a_huge_regex() {
    let dir = tempfile::tempdir().unwrap();
    let rules = rule_file(dir.path(), r"'''(?:\w\s\pL){3000}'''");
    let output = star_check()
        .args(["--rules", path_str(&rules), STRONG])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty(), "no report without rules");
    assert_eq!(
        stderr_of(&output),
        format!(
            "star-check: {}:9:13: rule `custom/x`: pattern is too large: it compiles to more than 2048 KiB; \
             split it into several patterns or use `phrases`\n",
            rules.display()
        )
    );
}

/// An invalid pattern written over several lines is still named on one line.
#[test]
fn a_rule_with_a_bad_multi_line_regex() {
    let dir = tempfile::tempdir().unwrap();
    let rules = rule_file(dir.path(), "'''(a\n|b'''");
    let output = star_check()
        .args(["--rules", path_str(&rules), STRONG])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr_of(&output),
        format!(
            "star-check: {}:9:13: rule `custom/x`: invalid regex `(a\\n|b`: unclosed group\n",
            rules.display()
        )
    );
}

#[test]
fn a_rule_file_that_is_not_toml() {
    let dir = tempfile::tempdir().unwrap();
    let prose = write(dir.path(), "notes.toml", "These are my notes, not rules.\n");
    let output = star_check()
        .args(["--rules", path_str(&prose), STRONG])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    let stderr = stderr_of(&output);
    assert!(
        stderr.starts_with(&format!("star-check: {}:1:7: ", prose.display())),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");

    let binary = dir.path().join("rules.toml");
    std::fs::write(&binary, b"\x89PNG\r\n\x1a\n\0\0").unwrap();
    let output = star_check()
        .args(["--rules", path_str(&binary), STRONG])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr_of(&output),
        format!(
            "star-check: {}:1:1: cannot read rule file: stream did not contain valid UTF-8\n",
            binary.display()
        )
    );

    let missing = dir.path().join("missing.toml");
    let output = star_check()
        .args(["--rules", path_str(&missing), STRONG])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr_of(&output),
        format!(
            "star-check: {}:1:1: cannot read rule file: No such file or directory (os error 2)\n",
            missing.display()
        )
    );
}

/// `star-check fixtures/ | head -1`: the reader goes away, star-check exits quietly with 0.
#[test]
fn output_to_a_closed_pipe() {
    for format in ["human", "json"] {
        let mut child = star_check_std()
            .args(["--format", format, "fixtures/"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let output = child.wait_with_output().unwrap();
        assert_eq!(output.status.code(), Some(0), "{format}: {}", stderr_of(&output));
        assert_eq!(stderr_of(&output), "", "{format}");
    }
}

/// Ctrl-C while an answer is being typed or piped in: the default SIGINT action ends the process
/// before anything is written, so there is no partial report and no panic message. (At a terminal
/// the shell shows exit status 130.) A test run whose own SIGINT is ignored (a background job)
/// passes that on to the child, which then reads to the end of input instead.
#[test]
fn interrupted_while_reading_stdin() {
    let mut child = star_check_std()
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(b"I was halfway through typing").unwrap();
    let killed = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    drop(stdin);
    let output = child.wait_with_output().unwrap();
    assert!(!stderr_of(&output).contains("panicked"), "{}", stderr_of(&output));
    if sigint_ignored() {
        assert_eq!(output.status.code(), Some(1));
    } else {
        use std::os::unix::process::ExitStatusExt;
        assert_eq!(output.status.signal(), Some(2), "{:?}", output.status);
        assert!(output.stdout.is_empty(), "a partial report was written");
        assert_eq!(stderr_of(&output), "");
    }
}

/// Whether this process ignores SIGINT (bit 2 of `SigIgn` in /proc/self/status), which its
/// children inherit.
fn sigint_ignored() -> bool {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("SigIgn:"))
        .and_then(|mask| u64::from_str_radix(mask.trim(), 16).ok())
        .is_some_and(|mask| mask & (1 << 1) != 0)
}

#[test]
fn symbolic_link_loops_and_broken_links() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("answers");
    write(
        &root,
        "strong.md",
        &std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(STRONG)).unwrap(),
    );
    std::fs::create_dir_all(root.join("sub")).unwrap();
    std::os::unix::fs::symlink(&root, root.join("sub/loop")).unwrap();
    std::os::unix::fs::symlink(root.join("gone.md"), root.join("dangling.md")).unwrap();
    let named = dir.path().join("named.md");
    std::os::unix::fs::symlink(dir.path().join("nowhere.md"), &named).unwrap();
    let (report, code, stderr) = run_json(&[path_str(&root), path_str(&named)]);
    assert_eq!(code, 2);
    assert_eq!(
        stderr,
        format!(
            "star-check: {dangling}: broken symbolic link\n\
             star-check: {looped}: symbolic link loop: it leads back to {root}, skipped\n\
             star-check: {named}: broken symbolic link\n",
            dangling = root.join("dangling.md").display(),
            looped = root.join("sub/loop").display(),
            root = root.display(),
            named = named.display(),
        )
    );
    let paths = report_paths(&report);
    assert_eq!(paths.len(), 4, "{paths:?}");
    assert!(paths[1].ends_with("strong.md"), "{paths:?}");
    assert_eq!(report["files"][1]["answers"][0]["passed"], true);
}

//! What a new user tripped on (issue 11, item 10): bold STAR labels left `**` in sentences, a
//! `.gitignore` outside a git repository, a bad config that left an editor's problem list empty, a
//! command name read as a folder, and manual pages that were named but never generated.

mod common;

use common::{first_answer, json_report, star_check, stderr_of, stdout_of, write};
use std::path::Path;

const WEAK_INTRO: &str = "fixtures/intro/generic-likes-coding.txt";

#[test]
fn bold_star_labels_leave_no_asterisks_in_the_sentence_text() {
    let dir = tempfile::tempdir().unwrap();
    let answer = write(
        dir.path(),
        "bold.md",
        "**Situation:** our API was slow. **Task:** I had to fix it. I added an [index](https://x.test/i) \
         and `p95` fell from 900 ms to 120 ms.\n",
    );
    let path = answer.to_str().unwrap();
    let (report, _) = json_report(&["--kind", "behavioral", path]);
    let texts: Vec<&str> = first_answer(&report)["sentences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["text"].as_str().unwrap())
        .collect();
    assert_eq!(
        texts,
        [
            "Situation: our API was slow.",
            "Task: I had to fix it.",
            "I added an index and `p95` fell from 900 ms to 120 ms."
        ]
    );
    let output = star_check()
        .args(["--color", "never", "--kind", "behavioral", path])
        .output()
        .unwrap();
    let human = stdout_of(&output);
    assert!(
        human.contains("    S    1:3     Situation: our API was slow.\n"),
        "{human}"
    );
    assert!(human.contains("    T    1:36    Task: I had to fix it.\n"), "{human}");
}

/// `tempfile` makes folders under the system's temporary folder, which is not in a git repository.
#[test]
fn gitignore_is_respected_outside_a_git_repository() {
    let dir = tempfile::tempdir().unwrap();
    assert!(
        !dir.path().ancestors().any(|folder| folder.join(".git").exists()),
        "the test needs a folder outside any git repository"
    );
    write(dir.path(), ".gitignore", "drafts/\n");
    write(dir.path(), "drafts/unfinished.md", "I started writing this.\n");
    let kept = write(dir.path(), "kept.txt", &std::fs::read_to_string(WEAK_INTRO).unwrap());
    let (report, _) = json_report(&[dir.path().to_str().unwrap()]);
    let paths: Vec<&str> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, [kept.to_str().unwrap()]);
}

#[test]
fn a_bad_config_over_one_file_puts_a_line_on_the_file_in_short_and_github() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "star-check.toml", "min-score = \"high\"\n");
    write(
        dir.path(),
        "answer.txt",
        &std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(WEAK_INTRO)).unwrap(),
    );
    let detail = "star-check.toml:1:13: invalid type: string \"high\", expected u32";
    let run = |format: &str| {
        star_check()
            .current_dir(dir.path())
            .args(["--format", format, "answer.txt"])
            .output()
            .unwrap()
    };
    let short = run("short");
    assert_eq!(short.status.code(), Some(2));
    assert_eq!(
        stdout_of(&short),
        format!("answer.txt:1:1: error[config] not checked: its config star-check.toml has errors: {detail}\n")
    );
    assert_eq!(stderr_of(&short), format!("star-check: {detail}\n"));
    let github = run("github");
    assert_eq!(github.status.code(), Some(2));
    assert_eq!(
        stdout_of(&github),
        format!(
            "::error file=answer.txt,line=1,col=1,title=config::not checked: its config star-check.toml has errors: {detail}\n"
        )
    );
}

#[test]
fn a_file_under_a_bad_config_beside_a_good_one_is_a_config_error_too() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "drafts/star-check.toml", "min-score = \"high\"\n");
    write(dir.path(), "drafts/a.txt", "I told my lead the plan would slip.\n");
    write(
        dir.path(),
        "b.txt",
        &std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(WEAK_INTRO)).unwrap(),
    );
    let output = star_check()
        .current_dir(dir.path())
        .args(["--isolated", "--format", "short", "b.txt"])
        .output()
        .unwrap();
    assert!(stdout_of(&output).starts_with("b.txt:10:1: info[score]"));
    let output = star_check()
        .current_dir(dir.path())
        .args(["--format", "short", "drafts/a.txt", "b.txt"])
        .output()
        .unwrap();
    let lines = stdout_of(&output);
    let first = lines.lines().next().unwrap();
    assert_eq!(
        first,
        "drafts/a.txt:1:1: error[config] not checked: its config drafts/star-check.toml has errors: \
         drafts/star-check.toml:1:13: invalid type: string \"high\", expected u32"
    );
    assert!(lines.contains("\nb.txt:10:1: info[score] "), "{lines}");
}

#[test]
fn a_command_name_runs_the_command_and_a_folder_of_that_name_is_written_as_a_path() {
    let dir = tempfile::tempdir().unwrap();
    let intro = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(WEAK_INTRO)).unwrap();
    write(dir.path(), "config/intro.txt", &intro);
    let run = |args: &[&str]| star_check().current_dir(dir.path()).args(args).output().unwrap();
    let hint = "star-check: hint: `config` runs the config command; to check the file or folder named config, write ./config\n";

    // The command, with a hint because a folder of that name is here.
    let command = run(&["config"]);
    assert_eq!(command.status.code(), Some(0));
    assert!(
        stdout_of(&command).starts_with("config file "),
        "{}",
        stdout_of(&command)
    );
    assert_eq!(stderr_of(&command), hint);

    // An option before the command word does not turn the word into a path: the command's parser
    // refuses an option it does not take.
    let refused = run(&["--format", "short", "config"]);
    assert_eq!(refused.status.code(), Some(2));
    assert_eq!(stdout_of(&refused), "");
    let stderr = stderr_of(&refused);
    assert!(stderr.starts_with(hint), "{stderr}");
    assert!(stderr.contains("unexpected argument '--format' found"), "{stderr}");
    assert!(stderr.contains("Usage: star-check config [OPTIONS] [PATH]"), "{stderr}");

    // An option the command shares works wherever it is written.
    let shared = run(&["--isolated", "config"]);
    assert_eq!(shared.status.code(), Some(0));
    assert!(stdout_of(&shared).starts_with("config file "));

    // Written as a path, the folder is checked, with no hint.
    let checked = run(&["--format", "short", "./config"]);
    assert_eq!(checked.status.code(), Some(1));
    assert!(
        stdout_of(&checked).starts_with("./config/intro.txt:10:1: info[score] "),
        "{}",
        stdout_of(&checked)
    );
    assert_eq!(stderr_of(&checked), "");

    // After `--`, every word is a path.
    let dashes = run(&["--format", "short", "--", "config"]);
    assert!(
        stdout_of(&dashes).starts_with("config/intro.txt:10:1: info[score] "),
        "{}",
        stdout_of(&dashes)
    );
    assert_eq!(stderr_of(&dashes), "");

    // A later path spelled like a command is a path.
    let later = run(&["--format", "short", "./config/intro.txt", "config"]);
    assert!(
        stdout_of(&later).contains("\nconfig/intro.txt:10:1: info[score] "),
        "{}",
        stdout_of(&later)
    );
}

#[test]
fn no_hint_when_no_folder_shadows_the_command() {
    let dir = tempfile::tempdir().unwrap();
    let output = star_check().current_dir(dir.path()).arg("config").output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(stderr_of(&output), "");
}

/// Every page a manual page names (`star\-check\-config(1)`) can be printed, and names only pages
/// that can: the pages are walked from the main one.
#[test]
fn every_manual_page_named_is_generated() {
    let mut pending = vec![Vec::<String>::new()];
    let mut seen = Vec::new();
    while let Some(command) = pending.pop() {
        let output = star_check().arg("man").args(&command).output().unwrap();
        assert_eq!(
            output.status.code(),
            Some(0),
            "star-check man {command:?}: {}",
            stderr_of(&output)
        );
        let page = stdout_of(&output);
        let title = std::iter::once("star-check".to_string())
            .chain(command.iter().cloned())
            .collect::<Vec<_>>()
            .join("-");
        assert!(page.contains(&format!("\n.TH {title} 1 ")), "{title}: {page}");
        for (at, _) in page.match_indices("(1)") {
            let start = page[..at].rfind(|c: char| c.is_whitespace()).map_or(0, |i| i + 1);
            let named = page[start..at].replace("\\-", "-");
            let Some(rest) = named.strip_prefix("star-check-") else {
                continue;
            };
            let sub: Vec<String> = rest.split('-').map(str::to_string).collect();
            if !seen.contains(&sub) {
                seen.push(sub.clone());
                pending.push(sub);
            }
        }
    }
    for page in [&["config"][..], &["rules", "test"], &["man"], &["help"]] {
        assert!(seen.iter().any(|s| s == page), "{page:?} not named in {seen:?}");
    }
}

#[test]
fn man_refuses_a_command_that_does_not_exist() {
    let output = star_check().args(["man", "confg"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(stdout_of(&output), "");
    // The list names every command, whatever commands are added later.
    let stderr = stderr_of(&output);
    assert!(
        stderr.starts_with("star-check: man: star-check has no command `confg` (it has: config, rules, explain, "),
        "{stderr}"
    );
    assert!(stderr.ends_with(", help)\n") && stderr.lines().count() == 1, "{stderr}");
}

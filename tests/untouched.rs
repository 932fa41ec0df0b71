//! star-check never modifies a user's files: every way of running it over a copy of `fixtures/`
//! leaves each file's bytes, permissions and modification time, and each folder's listing and
//! modification time (which a temporary file created and removed would change), as they were.

mod common;

use common::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

#[derive(Debug, PartialEq, Eq)]
struct Entry {
    bytes: Option<Vec<u8>>,
    mode: u32,
    modified: SystemTime,
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Every file and folder under `root`, with what a write would change.
fn snapshot(root: &Path) -> BTreeMap<PathBuf, Entry> {
    use std::os::unix::fs::MetadataExt;
    let mut entries = BTreeMap::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(path) = pending.pop() {
        let metadata = std::fs::symlink_metadata(&path).unwrap();
        let bytes = if metadata.is_dir() {
            pending.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
            None
        } else {
            Some(std::fs::read(&path).unwrap())
        };
        entries.insert(
            path.strip_prefix(root).unwrap().to_path_buf(),
            Entry {
                bytes,
                mode: metadata.mode(),
                modified: metadata.modified().unwrap(),
            },
        );
    }
    entries
}

#[test]
fn no_command_modifies_the_files_it_checks() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("answers");
    copy_tree(&Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures"), &root);
    // A file checked with --lossy and one a folder walk skips, so those paths run too.
    std::fs::write(root.join("latin1.md"), b"I led the caf\xe9 migration.\n").unwrap();
    std::fs::write(root.join("export.txt"), b"PK\x03\x04\0\0").unwrap();
    let rules = write(dir.path(), "rules/mine.toml", "[scoring]\nred-flag-cap = 40\n");
    // A config inside the checked folder, so config discovery reads it too.
    std::fs::write(
        root.join("star-check.toml"),
        "min-score = 50\n[rules]\ndisable = [\"wording/filler\"]\n",
    )
    .unwrap();
    let before = snapshot(&root);
    let rules_before = snapshot(rules.parent().unwrap());
    assert!(before.len() > 50, "the fixtures were copied");

    let folder = root.to_str().unwrap();
    let one = root.join("behavioral/slow-invoices-endpoint.md");
    let one = one.to_str().unwrap();
    let runs: &[&[&str]] = &[
        &[folder],
        &["--format", "json", folder],
        &["--color", "always", "--lossy", folder],
        &["--kind", "technical", "--min-score", "0", one],
        &["--rules", rules.to_str().unwrap(), "--no-default-rules", folder],
        &["--max-bytes", "10", folder],
        &[one, one],
        &["--format", "short", folder],
        &["--format", "github", folder],
        &["--format", "sarif", folder],
        &["--statistics", folder],
        &["--quiet", "--isolated", folder],
        &["config", folder],
        &["rules", "test", rules.to_str().unwrap()],
        &["explain", "red-flag/no-tests"],
        &["--help"],
        &["--version"],
    ];
    for args in runs {
        let output = star_check().args(*args).output().unwrap();
        assert!(output.status.code().is_some(), "{args:?} was killed");
        assert!(
            !stderr_of(&output).contains("panicked"),
            "{args:?}: {}",
            stderr_of(&output)
        );
    }
    let from_stdin = star_check()
        .args(["--question", "Tell me about a time you fixed a slow endpoint.", "-"])
        .write_stdin(std::fs::read(one).unwrap())
        .output()
        .unwrap();
    assert!(from_stdin.status.code().is_some());

    let after = snapshot(&root);
    let changed: Vec<&PathBuf> = before
        .keys()
        .chain(after.keys())
        .filter(|path| before.get(*path) != after.get(*path))
        .collect();
    assert!(changed.is_empty(), "changed, created or removed: {changed:?}");
    assert!(
        rules_before == snapshot(rules.parent().unwrap()),
        "the rule folder changed"
    );
}

//! Gathering what to check: files, folders walked as ripgrep walks them, standard input, or an answer
//! typed at the terminal.

use ignore::WalkBuilder;
use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};

/// Extensions of the files a folder walk picks up.
pub const ANSWER_EXTENSIONS: &[&str] = &["md", "markdown", "txt"];

/// Where one input comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    File(PathBuf),
    Stdin,
}

/// One thing to check, or the reason it cannot be checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// The name reports use: the path as given or as found under a folder; `-` for standard input.
    pub name: String,
    pub origin: Origin,
    /// Set when the input could not even be found (a missing path, an empty folder, a walk error).
    pub error: Option<String>,
}

impl Input {
    fn file(path: PathBuf) -> Input {
        Input {
            name: display(&path),
            origin: Origin::File(path),
            error: None,
        }
    }

    fn failed(path: &Path, error: String) -> Input {
        Input {
            name: display(path),
            origin: Origin::File(path.to_path_buf()),
            error: Some(error),
        }
    }
}

fn display(path: &Path) -> String {
    path.display().to_string()
}

/// Expands the command-line paths into inputs, in the order given, each folder's files sorted.
/// No paths means standard input. A folder walk picks up `*.md`, `*.markdown` and `*.txt`.
pub fn gather(paths: &[PathBuf]) -> Vec<Input> {
    gather_with(paths, &mut |path| has_answer_extension(path))
}

fn has_answer_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| ANSWER_EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e)))
}

/// As [`gather`], with `wanted` deciding which files a folder walk picks up (a config's `include`
/// and `exclude`). Files named on the command line are always checked: naming one is explicit.
pub fn gather_with(paths: &[PathBuf], wanted: &mut dyn FnMut(&Path) -> bool) -> Vec<Input> {
    if paths.is_empty() {
        return vec![Input {
            name: "-".into(),
            origin: Origin::Stdin,
            error: None,
        }];
    }
    let mut inputs = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input {
                name: "-".into(),
                origin: Origin::Stdin,
                error: None,
            });
        } else if path.is_dir() {
            walk(path, wanted, &mut inputs);
        } else if path.exists() {
            inputs.push(Input::file(path.clone()));
        } else {
            inputs.push(Input::failed(path, "no such file or folder".into()));
        }
    }
    inputs
}

fn walk(root: &Path, wanted: &mut dyn FnMut(&Path) -> bool, inputs: &mut Vec<Input>) {
    let before = inputs.len();
    let walker = WalkBuilder::new(root)
        .follow_links(true)
        .sort_by_file_path(|a, b| a.cmp(b))
        .build();
    for entry in walker {
        match entry {
            Ok(entry) => {
                let is_file = entry.file_type().is_some_and(|t| t.is_file());
                if is_file && wanted(entry.path()) {
                    inputs.push(Input::file(entry.into_path()));
                }
            }
            Err(error) => {
                let message = error.to_string();
                let path = error_path(&error).unwrap_or_else(|| root.to_path_buf());
                inputs.push(Input::failed(&path, message.replace('\n', " ")));
            }
        }
    }
    if inputs.len() == before {
        inputs.push(Input::failed(
            root,
            "no answer files (*.md, *.markdown, *.txt) in this folder".into(),
        ));
    }
}

fn error_path(error: &ignore::Error) -> Option<PathBuf> {
    match error {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => error_path(err),
        ignore::Error::Loop { child, .. } => Some(child.clone()),
        _ => None,
    }
}

/// Reads standard input. At a terminal, first tells the person how to finish typing.
pub fn read_stdin() -> std::io::Result<Vec<u8>> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        eprintln!("Type or paste your answer, then press Ctrl-D on an empty line to finish (Ctrl-C to cancel).");
    }
    let mut bytes = Vec::new();
    stdin.lock().read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Turns raw bytes into text, or says why they are not an answer: binary files are recognised by a
/// NUL byte near the start, as git and ripgrep do; invalid UTF-8 is reported with its byte offset.
pub fn decode(bytes: Vec<u8>) -> Result<String, String> {
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return Err("binary file, skipped".into());
    }
    let bytes = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
    String::from_utf8(bytes).map_err(|e| format!("invalid UTF-8 at byte offset {}", e.utf8_error().valid_up_to()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_names_the_bad_byte_and_skips_binaries() {
        assert_eq!(decode(b"ok \xE2\x80\x99".to_vec()).unwrap(), "ok \u{2019}");
        assert_eq!(
            decode(b"abc\xFFdef".to_vec()).unwrap_err(),
            "invalid UTF-8 at byte offset 3"
        );
        assert_eq!(decode(b"\x89PNG\0\0".to_vec()).unwrap_err(), "binary file, skipped");
        assert_eq!(decode(b"\xEF\xBB\xBFhi".to_vec()).unwrap(), "hi");
    }

    #[test]
    fn folders_are_walked_sorted_with_gitignore_and_missing_paths_reported() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir(root.join(".git")).unwrap();
        std::fs::write(root.join(".gitignore"), "drafts/\n").unwrap();
        std::fs::create_dir_all(root.join("drafts")).unwrap();
        std::fs::create_dir_all(root.join("b")).unwrap();
        std::fs::write(root.join("drafts/x.md"), "x").unwrap();
        std::fs::write(root.join("b/two.txt"), "x").unwrap();
        std::fs::write(root.join("a.markdown"), "x").unwrap();
        std::fs::write(root.join("notes.rs"), "x").unwrap();
        let inputs = gather(&[root.to_path_buf(), root.join("missing.md")]);
        let names: Vec<String> = inputs
            .iter()
            .map(|i| i.name.strip_prefix(&display(root)).unwrap_or(&i.name).to_string())
            .collect();
        assert_eq!(names, vec!["/a.markdown", "/b/two.txt", "/missing.md"]);
        assert_eq!(inputs[2].error.as_deref(), Some("no such file or folder"));
    }
}

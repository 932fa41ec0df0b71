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
    /// Whether a folder walk found it, rather than the command line naming it. A binary file found
    /// in a folder is skipped with a notice; one named on the command line is an error.
    pub in_folder: bool,
}

impl Input {
    fn file(path: PathBuf, in_folder: bool) -> Input {
        Input {
            name: display(&path),
            origin: Origin::File(path),
            error: None,
            in_folder,
        }
    }

    fn stdin() -> Input {
        Input {
            name: "-".into(),
            origin: Origin::Stdin,
            error: None,
            in_folder: false,
        }
    }

    fn failed(path: &Path, error: String) -> Input {
        Input {
            name: display(path),
            origin: Origin::File(path.to_path_buf()),
            error: Some(error),
            in_folder: false,
        }
    }
}

fn display(path: &Path) -> String {
    path.display().to_string()
}

/// Whether a folder walk picks up `path` when no config says otherwise.
pub fn has_answer_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| ANSWER_EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e)))
}

/// Expands the command-line paths into inputs, in the order given, each folder's files sorted.
/// No paths means standard input. `wanted` decides which files a folder walk picks up (a config's
/// `include` and `exclude`, else [`has_answer_extension`]). Files named on the command line are
/// always checked: naming one is explicit.
pub fn gather_with(paths: &[PathBuf], wanted: &mut dyn FnMut(&Path) -> bool) -> Vec<Input> {
    if paths.is_empty() {
        return vec![Input::stdin()];
    }
    let mut inputs = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::stdin());
        } else if path.is_dir() {
            walk(path, wanted, &mut inputs);
        } else if path.exists() {
            inputs.push(Input::file(path.clone(), false));
        } else if path.symlink_metadata().is_ok() {
            inputs.push(Input::failed(path, "broken symbolic link".into()));
        } else {
            inputs.push(Input::failed(path, "no such file or folder".into()));
        }
    }
    inputs
}

fn walk(root: &Path, wanted: &mut dyn FnMut(&Path) -> bool, inputs: &mut Vec<Input>) {
    let before = inputs.len();
    // `.gitignore` is honoured outside a git repository too (ripgrep's `--no-require-git`): a folder
    // of practice answers is often not a repository, and whoever wrote a `.gitignore` there meant
    // it. Inside a repository nothing changes.
    let walker = WalkBuilder::new(root)
        .require_git(false)
        .follow_links(true)
        .sort_by_file_path(|a, b| a.cmp(b))
        .build();
    for entry in walker {
        match entry {
            Ok(entry) => {
                let is_file = entry.file_type().is_some_and(|t| t.is_file());
                if is_file && wanted(entry.path()) {
                    inputs.push(Input::file(entry.into_path(), true));
                }
            }
            // One bad entry (a loop, a broken link, a folder it may not read) is reported on its own
            // line and the walk goes on.
            Err(error) => {
                let path = error_path(&error).unwrap_or_else(|| root.to_path_buf());
                let is_link = path.symlink_metadata().is_ok_and(|m| m.file_type().is_symlink());
                let message = if is_link && !path.exists() {
                    "broken symbolic link".to_string()
                } else {
                    walk_error_message(&error)
                };
                inputs.push(Input::failed(&path, message));
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

/// The walker's errors say "IO error for operation on PATH: …" and name the path again; the report
/// names the path once, so only what went wrong is kept.
fn walk_error_message(error: &ignore::Error) -> String {
    match error {
        ignore::Error::Loop { ancestor, .. } => {
            format!("symbolic link loop: it leads back to {}, skipped", display(ancestor))
        }
        ignore::Error::WithPath { err, .. } => walk_error_message(err),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => walk_error_message(err),
        ignore::Error::Io(io) => io_message(io),
        other => other.to_string().replace(['\n', '\r'], " "),
    }
}

/// An I/O error as a report states it, without the "(os error N)" a person cannot act on.
pub fn io_message(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        std::io::ErrorKind::NotFound => "no such file or folder".into(),
        std::io::ErrorKind::IsADirectory => "is a folder".into(),
        _ => error.to_string().replace(['\n', '\r'], " "),
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

/// Reads a file, refusing one over `max_bytes` (0: no limit) before reading it when its size is
/// known, and while reading otherwise (a device, a file that grows), so memory stays bounded.
pub fn read_file(path: &Path, max_bytes: u64) -> Result<Vec<u8>, String> {
    let file = std::fs::File::open(path).map_err(|e| io_message(&e))?;
    let metadata = file.metadata().map_err(|e| io_message(&e))?;
    if metadata.is_dir() {
        return Err("is a folder".into());
    }
    if max_bytes > 0 && metadata.len() > max_bytes {
        return Err(format!(
            "file is {} bytes, over --max-bytes {max_bytes}",
            metadata.len()
        ));
    }
    let capacity = usize::try_from(metadata.len()).unwrap_or(0);
    read_limited(file, capacity, max_bytes).map_err(|e| match e {
        ReadError::Io(e) => io_message(&e),
        ReadError::TooLarge => format!("file is over --max-bytes {max_bytes}"),
    })
}

/// Reads standard input, up to `max_bytes` (0: no limit). At a terminal, first tells the person how
/// to finish typing. Ctrl-C there ends the process as any terminal program (exit status 130 in a
/// shell) before anything is written, so no partial report appears.
pub fn read_stdin(max_bytes: u64) -> Result<Vec<u8>, String> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        eprintln!("Type or paste your answer, then press Ctrl-D on an empty line to finish (Ctrl-C to cancel).");
    }
    read_limited(stdin.lock(), 0, max_bytes).map_err(|e| match e {
        ReadError::Io(e) => io_message(&e),
        ReadError::TooLarge => format!("input is over --max-bytes {max_bytes}"),
    })
}

enum ReadError {
    Io(std::io::Error),
    TooLarge,
}

fn read_limited(reader: impl Read, capacity: usize, max_bytes: u64) -> Result<Vec<u8>, ReadError> {
    let mut bytes = Vec::with_capacity(capacity);
    if max_bytes == 0 {
        let mut reader = reader;
        reader.read_to_end(&mut bytes).map_err(ReadError::Io)?;
        return Ok(bytes);
    }
    // One byte past the limit tells "exactly at the limit" from "over it".
    reader
        .take(max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > max_bytes {
        return Err(ReadError::TooLarge);
    }
    Ok(bytes)
}

/// Text ready to check, and a notice for stderr when it was not quite what the file held.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub notice: Option<String>,
}

/// Why bytes are not an answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// A NUL byte near the start: an image, an archive, a compiled file.
    #[error("binary file (a NUL byte at offset {0}), skipped")]
    Binary(usize),
    #[error("invalid UTF-8 at byte offset {0} (--lossy checks it anyway)")]
    InvalidUtf8(usize),
    #[error("invalid UTF-16 at byte offset {0} (--lossy checks it anyway)")]
    InvalidUtf16(usize),
}

/// Turns raw bytes into text, or says why they are not an answer. Binary files are recognised by a
/// NUL byte in the first 8 KiB, as git and ripgrep do. UTF-8 is expected (a byte-order mark is
/// dropped); UTF-16 with a byte-order mark, as Windows Notepad saves "Unicode" text, is decoded.
/// Invalid text is reported with its byte offset, or with `lossy` checked anyway with U+FFFD in
/// place of each bad sequence.
pub fn decode(bytes: Vec<u8>, lossy: bool) -> Result<Decoded, DecodeError> {
    if let Some((rest, big_endian)) = utf16_body(&bytes) {
        return decode_utf16(rest, big_endian, lossy);
    }
    let head = &bytes[..bytes.len().min(8192)];
    if let Some(at) = head.iter().position(|&b| b == 0) {
        return Err(DecodeError::Binary(at));
    }
    let bom = if bytes.starts_with(b"\xEF\xBB\xBF") { 3 } else { 0 };
    let mut bytes = bytes;
    bytes.drain(..bom);
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Decoded { text, notice: None }),
        Err(error) => {
            let at = error.utf8_error().valid_up_to() + bom;
            if !lossy {
                return Err(DecodeError::InvalidUtf8(at));
            }
            Ok(Decoded {
                text: String::from_utf8_lossy(error.as_bytes()).into_owned(),
                notice: Some(format!(
                    "invalid UTF-8 at byte offset {at}; checked with U+FFFD in place of the bad bytes"
                )),
            })
        }
    }
}

fn utf16_body(bytes: &[u8]) -> Option<(&[u8], bool)> {
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        Some((rest, false))
    } else {
        bytes.strip_prefix(b"\xFE\xFF").map(|rest| (rest, true))
    }
}

fn decode_utf16(body: &[u8], big_endian: bool, lossy: bool) -> Result<Decoded, DecodeError> {
    let units = body.chunks(2).map(|pair| match (pair, big_endian) {
        ([a, b], false) => u16::from_le_bytes([*a, *b]),
        ([a, b], true) => u16::from_be_bytes([*a, *b]),
        // An odd trailing byte cannot be a code unit.
        _ => 0xDC00,
    });
    let mut text = String::with_capacity(body.len() / 2);
    let mut bad = None;
    let mut at = 2;
    for unit in char::decode_utf16(units) {
        match unit {
            Ok(c) => {
                text.push(c);
                at += 2 * c.len_utf16();
            }
            Err(_) => {
                bad.get_or_insert(at);
                text.push(char::REPLACEMENT_CHARACTER);
                at += 2;
            }
        }
    }
    match bad {
        None => Ok(Decoded { text, notice: None }),
        Some(at) if lossy => Ok(Decoded {
            text,
            notice: Some(format!(
                "invalid UTF-16 at byte offset {at}; checked with U+FFFD in place of the bad bytes"
            )),
        }),
        Some(at) => Err(DecodeError::InvalidUtf16(at)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_names_the_bad_byte_and_skips_binaries() {
        let text = |bytes: &[u8]| decode(bytes.to_vec(), false).map(|d| d.text);
        assert_eq!(text(b"ok \xE2\x80\x99").unwrap(), "ok \u{2019}");
        assert_eq!(text(b"abc\xFFdef").unwrap_err(), DecodeError::InvalidUtf8(3));
        assert_eq!(text(b"\xEF\xBB\xBFab\xFF").unwrap_err(), DecodeError::InvalidUtf8(5));
        assert_eq!(text(b"\x89PNG\0\0").unwrap_err(), DecodeError::Binary(4));
        assert_eq!(
            DecodeError::Binary(4).to_string(),
            "binary file (a NUL byte at offset 4), skipped"
        );
        assert_eq!(text(b"\xEF\xBB\xBFhi").unwrap(), "hi");
    }

    #[test]
    fn lossy_decoding_replaces_bad_bytes_and_says_so() {
        let decoded = decode(b"caf\xE9 ok\xFF".to_vec(), true).unwrap();
        assert_eq!(decoded.text, "caf\u{FFFD} ok\u{FFFD}");
        assert_eq!(
            decoded.notice.as_deref(),
            Some("invalid UTF-8 at byte offset 3; checked with U+FFFD in place of the bad bytes")
        );
        assert_eq!(decode(b"fine".to_vec(), true).unwrap().notice, None);
    }

    #[test]
    fn utf16_with_a_byte_order_mark_is_decoded() {
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("I’m é 👩‍💻".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode(le, false).unwrap().text, "I’m é 👩‍💻");
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("ok".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(decode(be, false).unwrap().text, "ok");
        // A lone low surrogate after "a".
        let bad = vec![0xFF, 0xFE, b'a', 0, 0x00, 0xDC];
        assert_eq!(decode(bad.clone(), false).unwrap_err(), DecodeError::InvalidUtf16(4));
        assert_eq!(decode(bad, true).unwrap().text, "a\u{FFFD}");
    }

    #[test]
    fn reading_stops_at_the_byte_limit() {
        assert!(read_limited(&b"12345"[..], 0, 5).is_ok());
        assert!(matches!(read_limited(&b"123456"[..], 0, 5), Err(ReadError::TooLarge)));
        assert_eq!(read_limited(&b"123456"[..], 0, 0).ok(), Some(b"123456".to_vec()));
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
        let inputs = gather_with(&[root.to_path_buf(), root.join("missing.md")], &mut |path| {
            has_answer_extension(path)
        });
        let names: Vec<String> = inputs
            .iter()
            .map(|i| i.name.strip_prefix(&display(root)).unwrap_or(&i.name).to_string())
            .collect();
        assert_eq!(names, vec!["/a.markdown", "/b/two.txt", "/missing.md"]);
        assert_eq!(inputs[2].error.as_deref(), Some("no such file or folder"));
    }
}

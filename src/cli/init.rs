//! `star-check init [DIR]`: start a practice folder with a commented `star-check.toml` and one
//! answer template per question kind. It never overwrites a file, and writes each one atomically.

use super::ExitStatus;
use std::io::Write as _;
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// The folder to set up (created if missing).
    #[arg(default_value = ".", value_name = "DIR")]
    pub dir: PathBuf,
}

/// The files `init` writes, relative to its folder, with their contents.
pub const FILES: &[(&str, &str)] = &[
    ("star-check.toml", include_str!("star-check.example.toml")),
    ("answers/behavioral.md", include_str!("templates/behavioral.md")),
    ("answers/situational.md", include_str!("templates/situational.md")),
    ("answers/technical.md", include_str!("templates/technical.md")),
    ("answers/intro.md", include_str!("templates/intro.md")),
    ("answers/project.md", include_str!("templates/project.md")),
    ("answers/general.md", include_str!("templates/general.md")),
];

/// Writes every file of [`FILES`] that does not exist yet, saying for each what happened.
pub fn run(args: &InitArgs, out: &mut dyn std::io::Write, err: &mut dyn std::io::Write) -> std::io::Result<ExitStatus> {
    let mut status = ExitStatus::Success;
    let mut created = 0;
    for (name, contents) in FILES {
        let path = args.dir.join(name);
        let shown = shown(&args.dir, name);
        // A hidden `.star-check.toml` is the same settings file: a second one would shadow it.
        let hidden = args.dir.join(".star-check.toml");
        if *name == "star-check.toml" && hidden.exists() {
            writeln!(out, "skipped {shown} (.star-check.toml already exists)")?;
            continue;
        }
        match create_new(&path, contents.as_bytes()) {
            Ok(true) => {
                created += 1;
                writeln!(out, "created {shown}")?;
            }
            Ok(false) => writeln!(out, "skipped {shown} (already exists)")?,
            Err(error) => {
                super::print_error(err, format_args!("{shown}: cannot create: {error}"))?;
                status = ExitStatus::Error;
            }
        }
    }
    if created > 0 {
        let answers = shown(&args.dir, "answers/");
        writeln!(
            out,
            "Write your answers under the prompts in {answers}, then run `star-check {answers}`."
        )?;
    }
    Ok(status)
}

/// The path as the user will recognise it: relative to the folder they named, or to the current
/// folder when they named none.
fn shown(dir: &Path, name: &str) -> String {
    if dir == Path::new(".") {
        name.to_string()
    } else {
        format!("{}/{name}", dir.display().to_string().trim_end_matches('/'))
    }
}

/// Writes `contents` to `path` unless it exists: `Ok(false)` when it does. The text goes to a
/// temporary file in the same folder first, so that `path` never holds half a file.
fn create_new(path: &Path, contents: &[u8]) -> std::io::Result<bool> {
    if path.symlink_metadata().is_ok() {
        return Ok(false);
    }
    let folder = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(folder)?;
    let name = path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
    let temp = folder.join(format!(".{name}.star-check-{}.tmp", std::process::id()));
    let result = write_then_link(&temp, path, contents);
    let _ = std::fs::remove_file(&temp);
    result
}

fn write_then_link(temp: &Path, path: &Path, contents: &[u8]) -> std::io::Result<bool> {
    let mut file = std::fs::OpenOptions::new().write(true).create_new(true).open(temp)?;
    file.write_all(contents)?;
    file.sync_all()?;
    drop(file);
    // A hard link, unlike a rename, fails when `path` appeared in the meantime, so a file someone
    // just wrote is never replaced. Where links are not supported, fall back to a rename.
    match std::fs::hard_link(temp, path) {
        Ok(()) => Ok(true),
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
        Err(_) if path.symlink_metadata().is_err() => std::fs::rename(temp, path).map(|()| true),
        Err(error) => Err(error),
    }
}

//! Which settings and compiled rules apply to a document: the `star-check.toml` found from its
//! folder, as the check command finds it, built once and kept until the config or a rule file it
//! names changes on disk. Compiling the rules takes milliseconds; a keystroke must not pay for it.

use crate::cli::SettingsArgs;
use crate::cli::config;
use crate::cli::settings::{Profile, Resolver};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::time::SystemTime;

/// What a file looked like on disk: enough to tell that it changed without reading it.
type Stamp = Vec<(PathBuf, Option<(SystemTime, u64)>)>;

/// A profile, or the errors (one line each) that kept it from being built.
pub type Built = Result<Rc<Profile>, Rc<Vec<String>>>;

struct Entry {
    stamp: Stamp,
    built: Built,
}

/// The profiles built so far, by config file (`None`: no config applies).
#[derive(Default)]
pub struct Profiles {
    entries: HashMap<Option<PathBuf>, Entry>,
}

/// A profile looked up for a document, and whether it was (re)built just now: the server tells the
/// client about a build's errors once, not on every keystroke.
pub struct Lookup {
    pub built: Built,
    pub fresh: bool,
    pub config: Option<PathBuf>,
}

impl Profiles {
    /// The profile for documents in `folder` (absolute): the nearest config in it or above it,
    /// rebuilt when that config, or a rule file or folder it adds, changed since it was built.
    pub fn for_folder(&mut self, folder: &Path) -> Lookup {
        let config = folder.ancestors().find_map(config::in_folder);
        let stamp = stamp_of(config.as_deref());
        if let Some(entry) = self.entries.get(&config)
            && entry.stamp == stamp
        {
            return Lookup {
                built: entry.built.clone(),
                fresh: false,
                config,
            };
        }
        let built = build(folder);
        self.entries.insert(
            config.clone(),
            Entry {
                stamp,
                built: built.clone(),
            },
        );
        Lookup {
            built,
            fresh: true,
            config,
        }
    }

    /// Forgets every profile, so the next lookup rebuilds: a watched file changed in a way the
    /// stamps may not show (a rule file added to a folder the config names).
    pub fn clear(&mut self) {
        self.entries.clear();
    }
}

/// The settings of a check run with no flags: the server has no command line of its own.
fn no_flags() -> &'static SettingsArgs {
    static SETTINGS: std::sync::OnceLock<SettingsArgs> = std::sync::OnceLock::new();
    SETTINGS.get_or_init(SettingsArgs::default)
}

/// Builds the profile for `folder` exactly as the check command would for a file in it.
fn build(folder: &Path) -> Built {
    let mut resolver = Resolver::new(no_flags());
    match resolver.profile_for_folder(folder) {
        Some(index) => Ok(Rc::new(resolver.profiles.swap_remove(index))),
        None => Err(Rc::new(resolver.errors)),
    }
}

/// The stamp of a config and of the rule files and folders its `[rules] extra` names (a folder's
/// `*.toml` files each). A config that does not load is stamped alone: fixing it changes its stamp.
fn stamp_of(config: Option<&Path>) -> Stamp {
    let Some(config) = config else {
        return Vec::new();
    };
    let mut paths = vec![config.to_path_buf()];
    if let Ok(loaded) = config::load(config, config.display().to_string()) {
        for extra in &loaded.file.rules.extra {
            let path = loaded.folder().join(extra.get_ref());
            if let Ok(entries) = std::fs::read_dir(&path) {
                let mut files: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
                files.retain(|p| p.extension().is_some_and(|e| e == "toml"));
                files.sort();
                paths.extend(files);
            }
            paths.push(path);
        }
    }
    paths
        .into_iter()
        .map(|path| {
            let seen = std::fs::metadata(&path)
                .ok()
                .and_then(|m| Some((m.modified().ok()?, m.len())));
            (path, seen)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_profile_is_reused_until_its_config_changes() {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("star-check.toml");
        std::fs::write(&config, "min-score = 70\n").unwrap();
        let nested = dir.path().join("answers");
        std::fs::create_dir(&nested).unwrap();
        let mut profiles = Profiles::default();
        let first = profiles.for_folder(&nested);
        assert!(first.fresh);
        assert_eq!(first.config.as_deref(), Some(config.as_path()));
        assert_eq!(first.built.as_ref().unwrap().min_score.value, 70);
        assert!(!profiles.for_folder(&nested).fresh);

        // A different length is a different stamp even within the file system's time resolution.
        std::fs::write(&config, "min-score = 75 # stricter\n").unwrap();
        let again = profiles.for_folder(&nested);
        assert!(again.fresh);
        assert_eq!(again.built.as_ref().unwrap().min_score.value, 75);

        std::fs::write(&config, "min-score = 700\n").unwrap();
        let broken = profiles.for_folder(&nested);
        let errors = broken.built.err().unwrap();
        assert!(errors[0].contains("`min-score` is a score from 0 to 100"), "{errors:?}");
    }
}

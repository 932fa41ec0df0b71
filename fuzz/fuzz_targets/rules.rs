//! Arbitrary bytes as a user's rule file (`--rules FILE`): loading must return a rule set or errors,
//! never panic, however broken the TOML, the patterns or the values. A file that loads has its
//! examples run too, as `cargo test` runs the built-in ones.

#![no_main]

use libfuzzer_sys::fuzz_target;
use star_check::analysis::examples::check_examples;
use star_check::rules::{LoadOptions, RuleSet, RuleSource};

const PATH: &str = "fuzz.toml";

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // Without the built-in rules, so that each run compiles only the fuzzed file's patterns; the
    // built-in `[star]` and `[scoring]` parameters are still read, as with `--no-default-rules`.
    let loaded = RuleSet::load(LoadOptions {
        default_rules: false,
        extra: vec![RuleSource {
            path: PATH.into(),
            text: text.into(),
        }],
    });
    match loaded {
        Ok(rules) => {
            check_examples(&rules, &|origin| origin == PATH);
        }
        Err(errors) => {
            assert!(!errors.is_empty());
            for error in errors {
                assert!(error.line >= 1 && error.column >= 1);
                assert!(!error.to_string().contains('\n'), "a rule error is one line: {error}");
            }
        }
    }
});

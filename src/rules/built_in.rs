//! The built-in rule files as the build script parsed them: each file's `RuleFileSpec`, spans
//! included, in postcard. Parsing the half megabyte of built-in TOML was a quarter of checking one
//! answer; reading it back from this form costs a small part of that. User rule packs and
//! configs are still read from TOML.

use super::schema::RuleFileSpec;

/// One built-in rule file as stored by `build.rs`.
struct BuiltInSpec {
    /// The path `DEFAULT_RULE_FILES` names it by.
    path: &'static str,
    /// The length of the text it was parsed from: a stored form that does not fit the embedded
    /// text is not used.
    text_len: usize,
    bytes: &'static [u8],
}

// `static BUILT_IN_SPECS: &[BuiltInSpec]`, one entry a rule file that parsed.
include!(concat!(env!("OUT_DIR"), "/built_in_specs.rs"));

/// The parsed form of built-in file `path` whose text is `text`, or `None` when the build script
/// stored none for it (it did not parse: loading then parses the TOML and reports why).
pub fn spec(path: &str, text: &str) -> Option<RuleFileSpec> {
    let stored = BUILT_IN_SPECS
        .iter()
        .find(|stored| stored.path == path && stored.text_len == text.len())?;
    postcard::from_bytes(stored.bytes).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::DEFAULT_RULE_FILES;
    use crate::rules::schema::WeightLines;

    /// Every built-in rule file has a stored form, and it is what parsing its TOML gives: every
    /// field, and every span errors are reported at (`Debug` prints both).
    #[test]
    fn stored_form_of_each_built_in_file_equals_its_parsed_toml() {
        for (path, text) in DEFAULT_RULE_FILES {
            let stored = spec(path, text).unwrap_or_else(|| panic!("{path} has no stored form"));
            let mut parsed: RuleFileSpec = toml::from_str(text).unwrap();
            // The stored model holds its weights parsed; the TOML's, parsed, must be the same.
            if let Some(model) = &mut parsed.star_model {
                let text = std::mem::replace(&mut model.weights, WeightLines::Parsed(Vec::new()));
                model.weights = WeightLines::Parsed(text.into_rows().unwrap());
            }
            assert_eq!(format!("{stored:#?}"), format!("{parsed:#?}"), "{path}");
        }
    }

    /// Spans survive the stored form: the first rule's id is found at its span in the file.
    #[test]
    fn stored_form_keeps_spans() {
        let (path, text) = DEFAULT_RULE_FILES
            .iter()
            .find(|(path, _)| *path == "rules/red-flags.toml")
            .unwrap();
        let stored = spec(path, text).unwrap();
        let id = &stored.rule[0].id;
        assert_eq!(&text[id.span()], format!("{:?}", id.get_ref()));
    }

    /// Text that is not the text the form was made from is not given the stored form.
    #[test]
    fn stored_form_is_not_used_for_other_text() {
        let (path, text) = DEFAULT_RULE_FILES[0];
        assert!(spec(path, &format!("{text}\n# edited\n")).is_none());
        assert!(spec("rules/not-built-in.toml", text).is_none());
    }
}

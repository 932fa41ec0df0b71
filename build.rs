//! Parses every pattern of the built-in rules (`rules/*.toml`) once, when star-check is built, and
//! writes the table `src/rules/matcher.rs` includes: each pattern's text, the text and mode it is
//! compiled in, its parsed form (HIR) as bytes, and the words a match requires (with where in the
//! sentence each must sit). A run then parses
//! no built-in pattern at all: it looks the words up, and compiles a pattern from its HIR only
//! when a sentence holds them all.
//!
//! A pattern that does not parse is left out of the table; loading the rules then parses it and
//! reports the error with its file, line and column, as for any rule file.
//!
//! It also parses every built-in rule file into the schema's types (`src/rules/schema.rs`, spans
//! kept) and stores each in postcard, a compact binary form that `rules::built_in` reads back in
//! a tenth of the time parsing the TOML takes. A file that does not parse is not stored; loading
//! then parses its TOML and reports the error as for any rule file.

#[allow(dead_code)]
#[path = "src/rules/pattern.rs"]
mod pattern;

#[allow(dead_code)]
#[path = "src/rules/schema.rs"]
mod schema;

#[allow(dead_code)]
#[path = "src/rules/spanned.rs"]
mod spanned;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

fn main() {
    println!("cargo::rerun-if-changed=rules");
    println!("cargo::rerun-if-changed=src/rules/pattern.rs");
    println!("cargo::rerun-if-changed=src/rules/schema.rs");
    println!("cargo::rerun-if-changed=src/rules/spanned.rs");
    let root = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let mut files: Vec<_> = std::fs::read_dir(Path::new(&root).join("rules"))
        .expect("the rules folder is beside Cargo.toml")
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    let mut table: BTreeMap<String, String> = BTreeMap::new();
    for path in &files {
        for text in pattern_texts(path) {
            if table.contains_key(&text) {
                continue;
            }
            if let Some(entry) = entry(&text) {
                table.insert(text, entry);
            }
        }
    }
    let mut out = String::from("static KNOWN_PATTERNS: &[KnownPattern] = &[\n");
    for entry in table.values() {
        out.push_str(entry);
    }
    out.push_str("];\n");
    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    std::fs::write(Path::new(&out_dir).join("known_patterns.rs"), out).expect("OUT_DIR is writable");
    write_built_in_specs(&files, Path::new(&out_dir));
}

/// Writes each rule file that parses as `<name>.postcard` in `out_dir`, and the table
/// `rules::built_in` includes: `static BUILT_IN_SPECS: &[BuiltInSpec]`, each file's path as
/// `DEFAULT_RULE_FILES` names it, the length of the text it was parsed from and its bytes.
fn write_built_in_specs(files: &[std::path::PathBuf], out_dir: &Path) {
    let mut table = String::from("static BUILT_IN_SPECS: &[BuiltInSpec] = &[\n");
    for path in files {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let Ok(spec) = toml::from_str::<schema::RuleFileSpec>(&text) else {
            continue;
        };
        // The binary form parses `[star-model]` weights; a line that does not is not stored, and
        // loading then parses the TOML and names the line.
        let Ok(bytes) = postcard::to_allocvec(&spec) else {
            continue;
        };
        let name = path.file_name().expect("a rule file has a name").to_string_lossy();
        let stored = out_dir.join(format!("{name}.postcard"));
        std::fs::write(&stored, bytes).expect("OUT_DIR is writable");
        let _ = writeln!(
            table,
            "    BuiltInSpec {{ path: {:?}, text_len: {}, bytes: include_bytes!({:?}) }},",
            format!("rules/{name}"),
            text.len(),
            stored.display().to_string(),
        );
    }
    table.push_str("];\n");
    std::fs::write(out_dir.join("built_in_specs.rs"), table).expect("OUT_DIR is writable");
}

/// Every pattern a rule file gives, as the rule loader turns it into a regex: `patterns`,
/// `versus`, `unless` and `unless-overlapping` as written, `phrases` through `phrase_to_pattern`. A file that is not
/// valid TOML gives none (loading reports it).
fn pattern_texts(path: &Path) -> Vec<String> {
    let Ok(text) = std::fs::read_to_string(path) else {
        return Vec::new();
    };
    let Ok(file) = text.parse::<toml::Table>() else {
        return Vec::new();
    };
    let strings = |rule: &toml::Value, key: &str| -> Vec<String> {
        rule.get(key)
            .and_then(|v| v.as_array())
            .map(|list| list.iter().filter_map(|v| v.as_str().map(str::to_string)).collect())
            .unwrap_or_default()
    };
    let mut texts = Vec::new();
    // `[answer-evidence]` compiles each list as one pattern, joined as `matcher::list_pattern`
    // joins it (a unit test there checks that every built-in list is in the table).
    if let Some(evidence) = file.get("answer-evidence") {
        for key in ["clause", "story", "explanation", "placeholder"] {
            let list = strings(evidence, key);
            texts.push(if list.is_empty() {
                r"[^\x00-\xff]".to_string()
            } else {
                list.iter().map(|p| format!("(?:{p})")).collect::<Vec<_>>().join("|")
            });
        }
    }
    // A bank question's talking points are rules too, whose patterns are their `cues`.
    for question in file.get("question").and_then(|q| q.as_array()).into_iter().flatten() {
        for point in question.get("points").and_then(|p| p.as_array()).into_iter().flatten() {
            texts.extend(strings(point, "cues"));
        }
    }
    let Some(rules) = file.get("rule").and_then(|r| r.as_array()) else {
        return texts;
    };
    for rule in rules {
        for key in ["patterns", "versus", "unless", "unless-overlapping"] {
            texts.extend(strings(rule, key));
        }
        texts.extend(strings(rule, "phrases").iter().map(|p| pattern::phrase_to_pattern(p)));
    }
    texts
}

/// One `KnownPattern { .. }` line of the table, or `None` for a pattern that does not parse.
fn entry(text: &str) -> Option<String> {
    let (hir, parsed, unicode) = pattern::prepare(text).ok()?;
    let mut factors = String::new();
    for factor in pattern::required_factors(&hir) {
        factors.push_str("&[");
        for (literal, flags) in factor {
            let _ = write!(factors, "(b\"{}\", {flags}),", literal.escape_ascii());
        }
        factors.push_str("],");
    }
    // The HIR only if it reads back the same (else a run parses the text, as for any pattern).
    let mut encoded = Vec::new();
    pattern::encode(&hir, &mut encoded);
    if pattern::decode(&encoded).as_ref() != Some(&hir) {
        encoded.clear();
    }
    let encoded = encoded.escape_ascii();
    Some(format!(
        "    KnownPattern {{ text: {text:?}, parsed: {parsed:?}, unicode: {unicode}, hir: b\"{encoded}\", factors: &[{factors}] }},\n"
    ))
}

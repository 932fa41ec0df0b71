//! Labelled answers to fit and measure the STAR model on: our own fixtures (each sentence labelled
//! in its front matter, `expect.sentences`) and any corpus in the JSON-lines shape of the shared
//! development corpus (`{"id", "source", "question", "kind", "text", "sentences": [{"text",
//! "label"}], "parts_present", "quality"}`). Used by the fitting tool and by tests, never by a check.

use crate::rules::schema::{Part, QuestionKind};
use serde::Deserialize;
use std::path::Path;

/// One answer with a person's labels.
#[derive(Debug, Clone)]
pub struct LabelledAnswer {
    pub id: String,
    /// What cross-validation folds by: answers from one source are never scored by weights fitted
    /// on their siblings (a repository for the corpus; the fixture's own file for fixtures).
    pub source: String,
    pub question: Option<String>,
    pub kind: QuestionKind,
    /// The text star-check is given (a fixture's whole file, front matter included).
    pub text: String,
    pub sentences: Vec<LabelledSentence>,
    /// The parts a person found, in `Part::ALL` order.
    pub parts_present: Vec<Part>,
    /// A person's judgement: 3 strong, 2 ok (medium), 1 weak.
    pub quality: Option<u8>,
}

/// A labelled stretch of the text: its byte range and its parts (none: no part; two: a sentence
/// that tells two, main first).
#[derive(Debug, Clone)]
pub struct LabelledSentence {
    pub range: std::ops::Range<usize>,
    pub parts: Vec<Part>,
}

impl LabelledAnswer {
    /// The person's label of the text at byte `at`: the stretch holding it.
    pub fn parts_at(&self, at: usize) -> Option<&[Part]> {
        self.sentences
            .iter()
            .find(|s| s.range.contains(&at))
            .map(|s| s.parts.as_slice())
    }
}

impl LabelledAnswer {
    /// The answer with every sentence whose main part is `part` removed, the rest joined by
    /// spaces (as the corpus scorer builds its ablations), or `None` if nothing would be left.
    pub fn without(&self, part: Part) -> Option<LabelledAnswer> {
        let mut text = String::new();
        let mut sentences = Vec::new();
        for sentence in self.sentences.iter().filter(|s| s.parts.first() != Some(&part)) {
            let piece = self.text[sentence.range.clone()].trim();
            if piece.is_empty() {
                continue;
            }
            if !text.is_empty() {
                text.push(' ');
            }
            let start = text.len();
            text.push_str(piece);
            sentences.push(LabelledSentence {
                range: start..text.len(),
                parts: sentence.parts.iter().copied().filter(|p| *p != part).collect(),
            });
        }
        if sentences.is_empty() {
            return None;
        }
        Some(LabelledAnswer {
            id: format!("{} without {}", self.id, part.id()),
            text,
            sentences,
            parts_present: self.parts_present.iter().copied().filter(|p| *p != part).collect(),
            ..self.clone()
        })
    }

    /// Whether a person found all four parts.
    pub fn is_complete(&self) -> bool {
        Part::ALL.iter().all(|p| self.parts_present.contains(p))
    }
}

fn quality_rank(quality: &str) -> Option<u8> {
    match quality {
        "strong" => Some(3),
        "ok" | "medium" => Some(2),
        "weak" => Some(1),
        _ => None,
    }
}

fn parse_parts(label: &str) -> Result<Vec<Part>, String> {
    if label == "-" || label.is_empty() {
        return Ok(Vec::new());
    }
    label
        .chars()
        .map(|c| match c {
            'S' => Ok(Part::Situation),
            'T' => Ok(Part::Task),
            'A' => Ok(Part::Action),
            'R' => Ok(Part::Result),
            other => Err(format!("`{other}` is not a STAR label (S, T, A, R or -)")),
        })
        .collect()
}

#[derive(Deserialize)]
struct CorpusRow {
    id: String,
    source: String,
    #[serde(default)]
    question: String,
    kind: String,
    text: String,
    sentences: Vec<CorpusSentence>,
    #[serde(default)]
    parts_present: Vec<String>,
    quality: Option<String>,
}

#[derive(Deserialize)]
struct CorpusSentence {
    text: String,
    label: Option<String>,
}

/// Reads a corpus in JSON lines. The fold of an answer is its repository (`owner/repo`).
pub fn read_corpus(path: &Path) -> Result<Vec<LabelledAnswer>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut answers = Vec::new();
    for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let row: CorpusRow = serde_json::from_str(line).map_err(|e| format!("{}:{}: {e}", path.display(), n + 1))?;
        let kind = QuestionKind::parse(&row.kind)
            .ok_or_else(|| format!("{}:{}: unknown kind `{}`", path.display(), n + 1, row.kind))?;
        // Each sentence is found where the last one was found or after, as the corpus scorer does.
        let mut sentences = Vec::new();
        let mut position = 0;
        for sentence in &row.sentences {
            let probe: String = sentence.text.chars().take(40).collect();
            let Some(found) = row.text[position..].find(&probe).map(|k| k + position) else {
                continue;
            };
            position = found;
            let parts = parse_parts(sentence.label.as_deref().unwrap_or("-"))
                .map_err(|e| format!("{}:{}: {e}", path.display(), n + 1))?;
            sentences.push(LabelledSentence {
                range: found..(found + sentence.text.len()).min(row.text.len()),
                parts,
            });
        }
        let parts_present = parse_parts(&row.parts_present.concat()).unwrap_or_default();
        answers.push(LabelledAnswer {
            id: row.id,
            source: row.source.split(':').next().unwrap_or_default().to_string(),
            question: Some(row.question).filter(|q| !q.trim().is_empty()),
            kind,
            text: row.text,
            sentences,
            parts_present,
            quality: row.quality.as_deref().and_then(quality_rank),
        });
    }
    Ok(answers)
}

#[derive(Deserialize)]
struct FixtureFront {
    question: Option<String>,
    expect: FixtureExpect,
}

#[derive(Deserialize)]
struct FixtureExpect {
    kind: String,
    quality: Option<String>,
    #[serde(default)]
    missing: Vec<String>,
    #[serde(default)]
    sentences: Vec<(String, String)>,
}

/// Reads every fixture under `folder` (recursively) whose front matter labels its sentences.
pub fn read_fixtures(folder: &Path) -> Result<Vec<LabelledAnswer>, String> {
    let mut paths = Vec::new();
    collect_files(folder, &mut paths).map_err(|e| format!("{}: {e}", folder.display()))?;
    paths.sort();
    let mut answers = Vec::new();
    for path in paths {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(&path).map_err(|e| format!("{shown}: {e}"))?;
        let Some(front) = text.strip_prefix("+++\n").and_then(|rest| rest.split_once("\n+++")) else {
            continue;
        };
        let parsed: FixtureFront = toml::from_str(front.0).map_err(|e| format!("{shown}: {e}"))?;
        if parsed.expect.sentences.is_empty() {
            continue;
        }
        let kind = QuestionKind::parse(&parsed.expect.kind)
            .ok_or_else(|| format!("{shown}: unknown kind `{}`", parsed.expect.kind))?;
        // The labels quote each sentence's opening as a reader sees it, Markdown marks removed;
        // find them in the answer's text with the same marks removed (curly quotes folded,
        // whitespace collapsed).
        let body = 4 + front.0.len() + 4;
        let (haystack, origin) = normalise(&text[body..]);
        let mut starts = Vec::new();
        let mut position = 0;
        for (label, prefix) in &parsed.expect.sentences {
            let parts = parse_parts(label).map_err(|e| format!("{shown}: {e}"))?;
            let (needle, _) = normalise(prefix);
            let found = haystack[position..]
                .find(needle.as_str())
                .ok_or_else(|| format!("{shown}: labelled sentence not found in order: `{prefix}`"))?;
            position += found;
            starts.push((body + origin[position], parts));
            position += needle.len();
        }
        let sentences = starts
            .iter()
            .enumerate()
            .map(|(i, (start, parts))| LabelledSentence {
                range: *start..starts.get(i + 1).map_or(text.len(), |next| next.0),
                parts: parts.clone(),
            })
            .collect();
        let missing: Vec<Part> = parsed
            .expect
            .missing
            .iter()
            .filter_map(|m| Part::ALL.into_iter().find(|p| p.id() == m))
            .collect();
        answers.push(LabelledAnswer {
            id: shown.clone(),
            source: shown,
            question: parsed.question,
            kind,
            parts_present: Part::ALL.into_iter().filter(|p| !missing.contains(p)).collect(),
            quality: parsed.expect.quality.as_deref().and_then(quality_rank),
            text,
            sentences,
        });
    }
    Ok(answers)
}

fn collect_files(folder: &Path, out: &mut Vec<std::path::PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(folder)? {
        let path = entry?.path();
        if path.is_dir() {
            collect_files(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "md" || e == "txt")
            && path.file_name().is_some_and(|n| n != "README.md")
        {
            out.push(path);
        }
    }
    Ok(())
}

/// `text` with curly quotes folded, Markdown emphasis and code marks dropped and whitespace
/// collapsed, with the offset in `text` of each byte kept.
fn normalise(text: &str) -> (String, Vec<usize>) {
    let mut out = String::new();
    let mut origin = Vec::new();
    let mut last_space = true;
    for (at, c) in text.char_indices() {
        let c = match c {
            '\u{2018}' | '\u{2019}' => '\'',
            '\u{201C}' | '\u{201D}' => '"',
            '*' | '`' | '_' => continue,
            c if c.is_whitespace() => ' ',
            c => c,
        };
        if c == ' ' && last_space {
            continue;
        }
        last_space = c == ' ';
        let mut buffer = [0; 4];
        for _ in c.encode_utf8(&mut buffer).bytes() {
            origin.push(at);
        }
        out.push(c);
    }
    (out, origin)
}

//! STAR labels the candidate wrote: "Situation:", "**Result** –", a "### Task" heading. They are
//! the strongest evidence the labeller has, and hold for their own sentence (or section).

use crate::document::Answer;
use crate::rules::schema::{Part, StarSpec};
use regex_automata::meta::Regex;
use regex_automata::util::syntax;
use std::sync::OnceLock;

/// Explicit labels written by the candidate ("Situation:", "**Result** –", a "### Task" heading):
/// one regex for inline labels and one for headings, each with a pattern per part. Most answers
/// have neither, so each regex is built the first time a sentence starts with a label (or a
/// heading is checked): building both was 0.6 ms, a twentieth of a one-answer run.
#[derive(Debug)]
pub struct LabelMatchers {
    parts: Vec<Part>,
    /// Every label's words, lower case.
    phrases: Vec<Vec<String>>,
    inline: LazyLabels,
    heading: LazyLabels,
}

#[derive(Debug)]
struct LazyLabels {
    patterns: Vec<String>,
    regex: OnceLock<Option<Regex>>,
}

impl LazyLabels {
    /// Small anchored patterns checked once a sentence: one regex for the list, without the full
    /// and one-pass DFAs, with ASCII case folding. Should the regex not build (a label list over
    /// the size limit), no label is recognised.
    fn get(&self) -> Option<&Regex> {
        self.regex
            .get_or_init(|| {
                Regex::builder()
                    .syntax(label_syntax())
                    .configure(Regex::config().dfa(false).onepass(false).auto_prefilter(false))
                    .build_many(&self.patterns)
                    .ok()
            })
            .as_ref()
    }
}

fn label_syntax() -> syntax::Config {
    syntax::Config::new().case_insensitive(true).unicode(false)
}

impl LabelMatchers {
    /// The label patterns, built on first use. A label's words are escaped, so the patterns are
    /// valid whatever the words; parsing them here to be sure took as long as building them.
    pub fn compile(star: &StarSpec) -> LabelMatchers {
        let mut parts = Vec::new();
        let mut phrases = Vec::new();
        let mut inline = Vec::new();
        let mut heading = Vec::new();
        for (part, words) in &star.labels {
            let alternation = words
                .iter()
                .map(|w| regex_syntax::escape(w.trim()).replace(' ', r"\s+"))
                .collect::<Vec<_>>()
                .join("|");
            parts.push(*part);
            phrases.extend(
                words
                    .iter()
                    .map(|w| w.split_whitespace().map(str::to_ascii_lowercase).collect()),
            );
            inline.push(format!(r"^(?:{alternation})\s*(?::|(?:-|–|—)\s|\.\s)"));
            heading.push(format!(r"^(?:\d+\.\s*)?(?:{alternation})\s*[:.]?\s*$"));
        }
        let lazy = |patterns| LazyLabels {
            patterns,
            regex: OnceLock::new(),
        };
        LabelMatchers {
            parts,
            phrases,
            inline: lazy(inline),
            heading: lazy(heading),
        }
    }

    /// The part a sentence's leading label names, if it has one. All patterns are anchored at the
    /// start, so the first part in `[star.labels]` order that matches wins.
    pub fn inline_label(&self, sentence: &str) -> Option<Part> {
        if !self.phrases.iter().any(|phrase| starts_with_phrase(sentence, phrase)) {
            return None;
        }
        let found = self.inline.get()?.find(sentence)?;
        Some(self.parts[found.pattern().as_usize()])
    }

    /// The part a heading's whole text names, if it is a STAR section heading.
    pub fn heading_label(&self, heading: &str) -> Option<Part> {
        let found = self.heading.get()?.find(heading.trim())?;
        Some(self.parts[found.pattern().as_usize()])
    }
}

/// Whether `text` starts with `words` (lower case), in any case and with any whitespace between.
fn starts_with_phrase(text: &str, words: &[String]) -> bool {
    let mut rest = text.as_bytes();
    for (i, word) in words.iter().enumerate() {
        if i > 0 {
            let spaces = rest.iter().take_while(|b| b.is_ascii_whitespace()).count();
            if spaces == 0 {
                return false;
            }
            rest = &rest[spaces..];
        }
        match rest.get(..word.len()) {
            Some(start) if start.eq_ignore_ascii_case(word.as_bytes()) => rest = &rest[word.len()..],
            _ => return false,
        }
    }
    !words.is_empty()
}

/// A label the candidate wrote, as it bears on one sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Explicit {
    /// The sentence starts with the label, or sits under a heading that names the part.
    Own(Part),
    /// An earlier sentence of the same paragraph starts with the label.
    Carried(Part),
}

/// The explicit label in force for each sentence: a sentence's own leading label, or a section
/// heading until the next heading, holds for it; an inline label is carried, more weakly, to the
/// sentences after it in the same paragraph.
pub fn explicit_labels(answer: &Answer, labels: &LabelMatchers) -> Vec<Option<Explicit>> {
    let mut result = vec![None; answer.sentences.len()];
    // Every section heading ends the one before it; one that names no part ("## What I built")
    // leaves its section unlabelled.
    let mut heading_sections: Vec<(usize, Option<Part>)> = answer
        .section_labels
        .iter()
        .map(|(index, text)| (*index, labels.heading_label(text)))
        .collect();
    heading_sections.sort_by_key(|(index, _)| *index);
    let mut section: Option<Part> = None;
    let mut inline: Option<Part> = None;
    for (i, sentence) in answer.sentences.iter().enumerate() {
        if let Some((_, part)) = heading_sections.iter().rev().find(|(start, _)| *start == i) {
            section = *part;
            inline = None;
        }
        let starts_paragraph =
            i == 0 || answer.plain.text[answer.sentences[i - 1].plain.end..sentence.plain.start].contains('\n');
        if starts_paragraph {
            inline = None;
        }
        result[i] = match labels.inline_label(answer.sentence_text(i)) {
            Some(part) => {
                inline = Some(part);
                Some(Explicit::Own(part))
            }
            None => section.map(Explicit::Own).or(inline.map(Explicit::Carried)),
        };
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::RuleSet;
    use Part::*;

    #[test]
    fn a_label_phrase_is_found_in_any_case_and_spacing() {
        let words = |text: &str| text.split(' ').map(str::to_string).collect::<Vec<_>>();
        assert!(starts_with_phrase("The  SITUATION: slow", &words("the situation")));
        assert!(starts_with_phrase("the\tsituation", &words("the situation")));
        assert!(!starts_with_phrase("thesituation", &words("the situation")));
        assert!(!starts_with_phrase("The team", &words("the situation")));
        assert!(!starts_with_phrase(" Task:", &words("task")));
    }

    #[test]
    fn label_matchers_need_a_separator() {
        let rules = RuleSet::defaults().unwrap();
        assert_eq!(rules.star_labels.inline_label("Result – it worked"), Some(Result));
        assert_eq!(rules.star_labels.inline_label("Context-switching hurt"), None);
        assert_eq!(rules.star_labels.heading_label("2. Task:"), Some(Task));
        assert_eq!(rules.star_labels.heading_label("Task force"), None);
    }
}

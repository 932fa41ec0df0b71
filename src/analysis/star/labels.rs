//! STAR labels the candidate wrote: "Situation:", "**Result** –", a "### Task" heading. They are
//! the strongest evidence the labeller has, and hold for their own sentence (or section).

use crate::document::Answer;
use crate::rules::schema::{Part, StarSpec};
use regex_automata::meta::Regex;
use regex_automata::util::syntax;
use std::sync::OnceLock;

/// Explicit labels written by the candidate ("Situation:", "**Result** –", a "### Task" heading).
/// An inline label is a label's words and a colon or dash, checked by hand: building a regex for it
/// cost 1.8 M instructions, a thirtieth of a one-answer run, in every answer with a sentence that
/// merely starts "The result…". Headings are matched by one regex with a pattern per part, built
/// the first time a heading is checked.
#[derive(Debug)]
pub struct LabelMatchers {
    parts: Vec<Part>,
    /// Every label's words, lower case, with the index in `parts` of the part it names, in
    /// `[star.labels]` order.
    phrases: Vec<(usize, Vec<String>)>,
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
        let mut heading = Vec::new();
        for (part, words) in &star.labels {
            let alternation = words
                .iter()
                .map(|w| regex_syntax::escape(w.trim()).replace(' ', r"\s+"))
                .collect::<Vec<_>>()
                .join("|");
            let index = parts.len();
            parts.push(*part);
            phrases.extend(
                words
                    .iter()
                    .map(|w| (index, w.split_whitespace().map(str::to_ascii_lowercase).collect())),
            );
            heading.push(format!(r"^(?:\d+\.\s*)?(?:{alternation})\s*[:.]?\s*$"));
        }
        let lazy = |patterns| LazyLabels {
            patterns,
            regex: OnceLock::new(),
        };
        LabelMatchers {
            parts,
            phrases,
            heading: lazy(heading),
        }
    }

    /// The part a sentence's leading label names, if it has one: a label's words at the start,
    /// then (after any spaces) a colon, or a dash or full stop and a space ("Result – it
    /// worked", not "Context-switching"). The first part in `[star.labels]` order wins.
    pub fn inline_label(&self, sentence: &str) -> Option<Part> {
        self.phrases
            .iter()
            .find(|(_, phrase)| phrase_rest(sentence, phrase).is_some_and(ends_label))
            .map(|(index, _)| self.parts[*index])
    }

    /// The part a heading's whole text names, if it is a STAR section heading.
    pub fn heading_label(&self, heading: &str) -> Option<Part> {
        let found = self.heading.get()?.find(heading.trim())?;
        Some(self.parts[found.pattern().as_usize()])
    }
}

/// ASCII whitespace as a regex's `\s` reads it in ASCII mode (vertical tab included).
fn is_space(byte: u8) -> bool {
    byte.is_ascii_whitespace() || byte == 0x0b
}

/// What follows `words` (lower case) at the start of `text`, in any case and with any whitespace
/// between them; `None` if `text` does not start with them.
fn phrase_rest<'a>(text: &'a str, words: &[String]) -> Option<&'a [u8]> {
    let mut rest = text.as_bytes();
    for (i, word) in words.iter().enumerate() {
        if i > 0 {
            let spaces = rest.iter().take_while(|b| is_space(**b)).count();
            if spaces == 0 {
                return None;
            }
            rest = &rest[spaces..];
        }
        match rest.get(..word.len()) {
            Some(start) if start.eq_ignore_ascii_case(word.as_bytes()) => rest = &rest[word.len()..],
            _ => return None,
        }
    }
    (!words.is_empty()).then_some(rest)
}

/// Whether what follows a label's words makes it a label: spaces, then a colon, or a dash (`-`,
/// `–`, `—`) or a full stop followed by a space.
fn ends_label(rest: &[u8]) -> bool {
    let spaces = rest.iter().take_while(|b| is_space(**b)).count();
    let rest = &rest[spaces..];
    let spaced = |mark: &[u8]| {
        rest.strip_prefix(mark)
            .is_some_and(|after| after.first().is_some_and(|b| is_space(*b)))
    };
    rest.first() == Some(&b':') || ["-", "–", "—", "."].iter().any(|mark| spaced(mark.as_bytes()))
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
        assert_eq!(
            phrase_rest("The  SITUATION: slow", &words("the situation")),
            Some(&b": slow"[..])
        );
        assert_eq!(phrase_rest("the\tsituation", &words("the situation")), Some(&b""[..]));
        assert_eq!(phrase_rest("thesituation", &words("the situation")), None);
        assert_eq!(phrase_rest("The team", &words("the situation")), None);
        assert_eq!(phrase_rest(" Task:", &words("task")), None);
    }

    #[test]
    fn label_matchers_need_a_separator() {
        let rules = RuleSet::defaults().unwrap();
        assert_eq!(rules.star_labels.inline_label("Result – it worked"), Some(Result));
        assert_eq!(rules.star_labels.inline_label("Context-switching hurt"), None);
        assert_eq!(rules.star_labels.inline_label("RESULTS : p95 fell"), Some(Result));
        assert_eq!(rules.star_labels.inline_label("The result: p95 fell"), Some(Result));
        assert_eq!(rules.star_labels.inline_label("My  role — lead"), Some(Task));
        assert_eq!(rules.star_labels.inline_label("Action. I paged the DBA"), Some(Action));
        assert_eq!(rules.star_labels.inline_label("Action—I paged"), None);
        assert_eq!(rules.star_labels.inline_label("The result was good"), None);
        assert_eq!(rules.star_labels.inline_label("Result."), None);
        assert_eq!(rules.star_labels.heading_label("2. Task:"), Some(Task));
        assert_eq!(rules.star_labels.heading_label("Task force"), None);
    }
}

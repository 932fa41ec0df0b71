//! STAR labelling: every sentence of a story gets Situation, Task, Action, Result or none, decoded
//! over the whole answer at once (Viterbi) from the cue rules' weights and a preference for the
//! S → T → A → R order. A single keyword therefore does not decide a sentence: "we had a deadline"
//! in the middle of the actions stays an action unless the cues for Task are strong.

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

/// Number of states: the four parts, then "no part yet".
const NONE: usize = 4;

/// Labels each sentence. `cue_scores[i][p]` is the summed weight of part `p`'s cues in sentence `i`.
pub fn decode(answer: &Answer, cue_scores: &[[f64; 4]], labels: &LabelMatchers, star: &StarSpec) -> Vec<Option<Part>> {
    let n = answer.sentences.len();
    if n == 0 {
        return Vec::new();
    }
    let explicit = explicit_labels(answer, labels);
    let emission = |i: usize, state: usize| -> f64 {
        if state == NONE {
            return star.none_score;
        }
        let strongest = cue_scores[i].iter().copied().fold(0.0, f64::max);
        let mut score = cue_scores[i][state] - star.contrast * (strongest - cue_scores[i][state]);
        match explicit[i] {
            Some(Explicit::Own(part)) if part == Part::ALL[state] => score += star.label_weight,
            Some(Explicit::Carried(part)) if part == Part::ALL[state] => score += star.carried_label_weight,
            _ => {}
        }
        if i == 0 && state == Part::Situation.index() {
            score += star.edge_bonus;
        }
        if i + 1 == n && state == Part::Result.index() && n > 1 {
            score += star.edge_bonus;
        }
        score
    };
    let transition = |from: usize, to: usize| -> f64 {
        match (from, to) {
            (NONE, NONE) => 0.0,
            (NONE, to) => star.skip * to as f64,
            (_, NONE) => f64::NEG_INFINITY,
            (from, to) if from == to => star.stay,
            (from, to) if to > from => star.skip * (to - from - 1) as f64,
            _ => star.backward,
        }
    };
    // A story with no cue at all has no parts: every sentence is "none".
    let any_cue = cue_scores.iter().any(|s| s.iter().any(|&w| w > 0.0)) || explicit.iter().any(Option::is_some);
    if !any_cue {
        return vec![None; n];
    }
    let mut score = vec![[f64::NEG_INFINITY; 5]; n];
    let mut back = vec![[0usize; 5]; n];
    for (state, slot) in score[0].iter_mut().enumerate() {
        *slot = transition(NONE, state) + emission(0, state);
    }
    for i in 1..n {
        for to in 0..5 {
            let (best_from, best) = (0..5)
                .map(|from| (from, score[i - 1][from] + transition(from, to)))
                .fold((NONE, f64::NEG_INFINITY), |acc, x| if x.1 > acc.1 { x } else { acc });
            score[i][to] = best + emission(i, to);
            back[i][to] = best_from;
        }
    }
    let mut state = (0..5).fold(NONE, |acc, s| if score[n - 1][s] > score[n - 1][acc] { s } else { acc });
    let mut path = vec![None; n];
    for i in (0..n).rev() {
        path[i] = (state != NONE).then(|| Part::ALL[state]);
        state = back[i][state];
    }
    path
}

/// A label the candidate wrote, as it bears on one sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Explicit {
    /// The sentence starts with the label, or sits under a heading that names the part.
    Own(Part),
    /// An earlier sentence of the same paragraph starts with the label.
    Carried(Part),
}

/// The explicit label in force for each sentence: a sentence's own leading label, or a section
/// heading until the next heading, holds for it; an inline label is carried, more weakly, to the
/// sentences after it in the same paragraph.
fn explicit_labels(answer: &Answer, labels: &LabelMatchers) -> Vec<Option<Explicit>> {
    let mut result = vec![None; answer.sentences.len()];
    let mut heading_sections: Vec<(usize, Part)> = answer
        .section_labels
        .iter()
        .filter_map(|(index, text)| labels.heading_label(text).map(|p| (*index, p)))
        .collect();
    heading_sections.sort_by_key(|(index, _)| *index);
    let mut section: Option<Part> = None;
    let mut inline: Option<Part> = None;
    for (i, sentence) in answer.sentences.iter().enumerate() {
        if let Some((_, part)) = heading_sections.iter().rev().find(|(start, _)| *start == i) {
            section = Some(*part);
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
    use crate::document::Document;
    use crate::rules::RuleSet;

    fn labels_of(text: &str) -> Vec<Option<Part>> {
        let rules = RuleSet::defaults().unwrap();
        let is_label = |h: &str| rules.star_labels.heading_label(h).is_some();
        let document = Document::parse(text, &is_label).unwrap();
        let analysis = crate::analysis::analyze(&document.answers[0], text, None, &rules);
        analysis.labels
    }

    use Part::*;

    #[test]
    fn a_plain_story_decodes_in_order() {
        let text = "Last spring our checkout API kept timing out during sales. \
                    I was asked to fix it before Black Friday. \
                    I profiled the endpoint and found an N+1 query. \
                    I replaced it with a join and added an index. \
                    As a result, p95 latency fell from 2 s to 200 ms.";
        assert_eq!(
            labels_of(text),
            vec![Some(Situation), Some(Task), Some(Action), Some(Action), Some(Result)]
        );
    }

    #[test]
    fn a_neutral_sentence_continues_the_part_before_it() {
        let text = "Our search API was slow. I added a trigram index. It took an afternoon. \
                    Search latency dropped by 80%.";
        assert_eq!(
            labels_of(text),
            vec![Some(Situation), Some(Action), Some(Action), Some(Result)]
        );
    }

    #[test]
    fn explicit_labels_win_over_cues_and_lean_on_the_rest_of_their_paragraph() {
        let text = "**Result:** latency fell by 60%.\n\n**Situation:** our API was slow. Customers were unhappy.\n";
        assert_eq!(labels_of(text), vec![Some(Result), Some(Situation), Some(Situation)]);
        // A sentence after the label whose cues plainly name another part is read as that part.
        let text = "Situation: our API was slow.\nI profiled it and added an index, cutting p95 latency from 900 ms to 120 ms.\n";
        assert_eq!(labels_of(text)[0], Some(Situation));
        assert_ne!(labels_of(text)[1], Some(Situation));
    }

    #[test]
    fn heading_labels_mark_sections() {
        let text = "### Situation\nOur API was slow.\n\n### Action\nThings happened. More things.\n";
        assert_eq!(labels_of(text), vec![Some(Situation), Some(Action), Some(Action)]);
    }

    #[test]
    fn a_story_with_no_cues_has_no_parts() {
        assert_eq!(labels_of("Hello there. Nice weather."), vec![None, None]);
    }

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

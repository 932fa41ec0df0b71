//! Which headings ask a question and which name a section of the answer around them, for
//! `Document::parse`. A practice file holds several answers under question headings ("## Why
//! Go?", "## Tell me about yourself", "## Idempotency"); a project walk-through holds one answer
//! under section headings ("## My role", "## What I built", "## Challenges").

use super::{QuestionChoice, match_question};
use crate::document::{HeadingRole, Headings};
use crate::rules::RuleSet;

/// The headings of answers checked with `rules`: STAR labels from `[star.labels]`, questions by
/// their form or by the bank.
pub struct AnswerHeadings<'a> {
    pub rules: &'a RuleSet,
    pub choice: &'a QuestionChoice,
}

/// Words an interview question opens with: asking ("How do you…", "Why…") or telling ("Tell me…",
/// "Describe…"). Lower case.
const INTERROGATIVES: &[&str] = &[
    "how", "what", "what's", "whats", "why", "when", "which", "who", "where", "should", "would", "could", "can", "do",
    "does", "did", "is", "are", "have", "has", "will",
];
/// Verbs that, right after an interrogative, make it a question ("What is…", "How does…").
const ASKING_VERBS: &[&str] = &[
    "is", "are", "was", "were", "do", "does", "did", "would", "should", "can", "could", "will", "has", "have",
    "happens", "makes", "causes",
];
const IMPERATIVES: &[&str] = &[
    "tell", "describe", "explain", "design", "walk", "give", "compare", "name", "imagine",
];

impl Headings for AnswerHeadings<'_> {
    fn is_star_label(&self, heading: &str) -> bool {
        self.rules.star_labels.heading_label(heading).is_some()
    }

    fn role(&self, heading: &str, asked: bool) -> HeadingRole {
        match reads_as_question(heading) {
            Some(true) => HeadingRole::Question,
            Some(false) => HeadingRole::Section,
            // A bare topic ("Idempotency", "Kafka vs RabbitMQ") asks its bank question, unless the
            // front matter already gave the file's question: then it is a section of that answer.
            // A heading is a few words, so it must match more closely than a question does.
            None if !asked
                && match_question(Some(heading), self.choice_without_force(), self.rules)
                    .is_some_and(|m| m.similarity >= self.rules.question_index.heading_threshold) =>
            {
                HeadingRole::Question
            }
            None => HeadingRole::Section,
        }
    }
}

impl AnswerHeadings<'_> {
    /// `--question-id` forces the answers' question, not what a heading is.
    fn choice_without_force(&self) -> &QuestionChoice {
        static FREE: QuestionChoice = QuestionChoice {
            forced: None,
            track: None,
        };
        if self.choice.forced.is_none() {
            self.choice
        } else {
            &FREE
        }
    }
}

/// Whether a heading's form says it asks (`Some(true)`), says it does not (`Some(false)`: "What I
/// built", "How we deploy", first person and no question mark), or says neither (a topic).
pub fn reads_as_question(heading: &str) -> Option<bool> {
    let text = heading.trim();
    if text.ends_with('?') {
        return Some(true);
    }
    let words: Vec<String> = text
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase().replace('\u{2019}', "'"))
        .collect();
    let Some(first) = words.first() else {
        return Some(false);
    };
    if (first == "q" || first == "question") && text.contains(':') {
        return Some(true);
    }
    let addresses_you = words
        .iter()
        .any(|w| matches!(w.as_str(), "you" | "your" | "yourself" | "you're" | "you've" | "you'd"));
    let first_person = words
        .iter()
        .any(|w| matches!(w.as_str(), "i" | "my" | "we" | "our" | "i'm" | "i've" | "us"));
    if IMPERATIVES.contains(&first.as_str()) {
        // "Walk me through…", "Tell me about yourself" ask; "Describe" alone is not a heading anyone writes.
        return Some(true);
    }
    if INTERROGATIVES.contains(&first.as_str()) {
        // "What is a JWT", "How does caching work" ask; "What it is for", "How it works" and
        // "What I built" name a section, unless they address the reader.
        let asks = addresses_you
            || first.ends_with("'s")
            || words.get(1).is_some_and(|w| ASKING_VERBS.contains(&w.as_str()))
            || ASKING_VERBS.contains(&first.as_str());
        return match (asks, first_person) {
            (true, _) => Some(true),
            (false, true) => Some(false),
            (false, false) => None,
        };
    }
    if first_person && !addresses_you {
        return Some(false);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn question_forms_ask_and_first_person_sections_do_not() {
        for heading in [
            "Why Go?",
            "Tell me about yourself",
            "How do you handle critical feedback",
            "What is a JWT",
            "Q: REST vs GraphQL",
            "Walk me through a project you built",
        ] {
            assert_eq!(reads_as_question(heading), Some(true), "{heading}");
        }
        for heading in ["What I built", "My role", "How we deploy", "Why I chose Postgres"] {
            assert_eq!(reads_as_question(heading), Some(false), "{heading}");
        }
        for heading in [
            "Idempotency",
            "Challenges",
            "Kafka vs RabbitMQ",
            "Outcome",
            "What it is for",
            "How it works",
        ] {
            assert_eq!(reads_as_question(heading), None, "{heading}");
        }
    }

    #[test]
    fn a_topic_heading_asks_only_when_it_matches_the_bank_and_no_question_was_given() {
        let rules = RuleSet::defaults().unwrap();
        let choice = QuestionChoice::default();
        let headings = AnswerHeadings {
            rules: &rules,
            choice: &choice,
        };
        assert_eq!(headings.role("Idempotency", false), HeadingRole::Question);
        assert_eq!(headings.role("Rate limiter working", false), HeadingRole::Question);
        assert_eq!(headings.role("Idempotency", true), HeadingRole::Section);
        assert_eq!(headings.role("Challenges", false), HeadingRole::Section);
        assert_eq!(headings.role("Testing and deployment", false), HeadingRole::Section);
        assert_eq!(headings.role("What I built", false), HeadingRole::Section);
        assert_eq!(headings.role("What I built", true), HeadingRole::Section);
        assert_eq!(headings.role("Why Go?", true), HeadingRole::Question);
        assert!(headings.is_star_label("Result"));
    }
}

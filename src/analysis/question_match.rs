//! Which bank question an answer's question is: content-word overlap, weighted by how rare each
//! word is among the bank's questions, with misspelt words matched by character trigrams.
//!
//! Why this and not a model: a question is a handful of words, the bank is a few dozen questions,
//! and a person should be able to see why "Kafka vs RabbitMQ" found `kafka-vs-rabbitmq` (both
//! rare words shared) while "Tell me about a time you fixed flaky tests" found nothing (no rare
//! word shared with any question). The index is built once per rule set.

use super::answer::{stem, words};
use crate::rules::questions::Question;
use crate::rules::schema::QuestionMatchingSpec;
use std::collections::{BTreeSet, HashMap, HashSet};

/// The bank's phrasings as weighted stems, ready to match questions against.
#[derive(Debug, Clone, Default)]
pub struct QuestionIndex {
    stopwords: HashSet<String>,
    synonyms: HashMap<String, String>,
    /// Least similarity for a match.
    pub threshold: f64,
    /// Least similarity for a bare topic heading ("## Caching") to ask its bank question.
    pub heading_threshold: f64,
    /// Factor on the similarity of a bank question whose kind the question's wording disagrees with.
    pub kind_disagreement: f64,
    unknown_word_weight: f64,
    typo_similarity: f64,
    /// How telling each stem is: `ln(1 + questions / questions using it)`.
    weights: HashMap<String, f64>,
    rarest: f64,
    /// Every phrasing (and each question's id read as a title): its question, its stems and the
    /// sum of their weights, which every match needs and is the same for every question asked.
    phrasings: Vec<(usize, Vec<String>, f64)>,
    /// Per phrasing, whether it sets two things against each other ("REST vs GraphQL", "Should I
    /// use Postgres or MongoDB?", "the difference between authn and authz").
    comparisons: Vec<bool>,
    /// Every stem of the bank long enough to be misspelt (four letters or more), with its
    /// trigrams, for misspelling look-ups; built once, so a look-up computes only the asked word's.
    vocabulary: Vec<(String, Vec<[char; 3]>)>,
}

/// A bank question an answer's question matched, and how closely (0–1).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct QuestionMatch {
    /// Index into the rule set's questions.
    pub question: usize,
    pub similarity: f64,
    /// Chosen with `--question-id` rather than matched.
    pub forced: bool,
}

impl QuestionIndex {
    /// Indexes `questions` under `[question-matching]`.
    pub fn build(questions: &[Question], spec: &QuestionMatchingSpec) -> QuestionIndex {
        let mut index = QuestionIndex {
            stopwords: spec.stopwords.iter().map(|w| w.to_lowercase()).collect(),
            synonyms: spec
                .synonyms
                .iter()
                .map(|(from, to)| (from.to_lowercase(), to.to_lowercase()))
                .collect(),
            threshold: spec.threshold,
            kind_disagreement: spec.kind_disagreement,
            heading_threshold: spec.heading_threshold,
            unknown_word_weight: spec.unknown_word_weight,
            typo_similarity: spec.typo_similarity,
            ..QuestionIndex::default()
        };
        let mut users: HashMap<String, BTreeSet<usize>> = HashMap::new();
        for (q, question) in questions.iter().enumerate() {
            let title = question.id.replace('-', " ");
            for text in question.phrasings.iter().map(String::as_str).chain([title.as_str()]) {
                let stems = index.stems(text);
                if stems.is_empty() {
                    continue;
                }
                for stem in &stems {
                    users.entry(stem.clone()).or_default().insert(q);
                }
                index.phrasings.push((q, stems, 0.0));
                index.comparisons.push(is_comparison(text));
            }
        }
        let total = questions.len().max(1) as f64;
        index.weights = users
            .iter()
            .map(|(stem, qs)| (stem.clone(), (1.0 + total / qs.len() as f64).ln()))
            .collect();
        index.rarest = index.weights.values().copied().fold(0.0, f64::max);
        for (_, stems, mass) in &mut index.phrasings {
            *mass = stems.iter().map(|s| index.weights[s]).sum();
        }
        index.vocabulary = users
            .into_keys()
            .filter(|stem| stem.chars().count() >= 4)
            .map(|stem| {
                let grams = trigrams(&stem);
                (stem, grams)
            })
            .collect();
        index.vocabulary.sort();
        index
    }

    /// The content stems of `text`, each once, in order: abbreviations read as their words,
    /// hyphenated and slashed words split, stopwords dropped.
    pub fn stems(&self, text: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let push = |word: &str, out: &mut Vec<String>| {
            let word = word.trim_matches(|c: char| !c.is_alphanumeric() && c != '#' && c != '+');
            if word.is_empty() || self.stopwords.contains(word) || !word.chars().any(char::is_alphanumeric) {
                return;
            }
            let stemmed = stem(word);
            if !out.contains(&stemmed) {
                out.push(stemmed);
            }
        };
        for word in words(text) {
            let word = self.synonyms.get(&word).cloned().unwrap_or(word);
            for piece in word.split([' ', '-', '/']) {
                let piece = self.synonyms.get(piece).map_or(piece, String::as_str);
                for part in piece.split([' ', '-', '/']) {
                    push(part, &mut out);
                }
            }
        }
        out
    }

    /// The best bank question for `question` among those `eligible`, if it reaches the threshold.
    pub fn best(&self, question: &str, eligible: &dyn Fn(usize) -> bool) -> Option<QuestionMatch> {
        let ranked = self.ranked(question, eligible);
        ranked
            .first()
            .filter(|(_, similarity)| *similarity >= self.threshold)
            .map(|&(question, similarity)| QuestionMatch {
                question,
                similarity,
                forced: false,
            })
    }

    /// Every eligible question with a similarity above zero, most similar first (ties: bank order).
    pub fn ranked(&self, question: &str, eligible: &dyn Fn(usize) -> bool) -> Vec<(usize, f64)> {
        let asked = self.stems(question);
        if asked.is_empty() {
            return Vec::new();
        }
        // Each asked stem as the bank knows it: itself, or the bank word it misspells (with the
        // trigram similarity as how much it counts), or unknown.
        let resolved: Vec<(Option<String>, f64, f64)> = asked
            .iter()
            .map(|stem| match self.weights.get(stem) {
                Some(&weight) => (Some(stem.clone()), 1.0, weight),
                None => match self.misspelling_of(stem) {
                    Some((known, similarity)) => {
                        let weight = self.weights[&known];
                        (Some(known), similarity, weight)
                    }
                    None => (None, 0.0, self.rarest * self.unknown_word_weight),
                },
            })
            .collect();
        // "REST or gRPC?" is not "REST or GraphQL?" with a word missing: when a term the question
        // compares is one the bank has never seen, no comparison in the bank is about it ("stress
        // or pressure" may still find a phrasing that compares nothing).
        let compares_the_unknown = self.compared_terms(question).any(|term| {
            // A term is known if any piece of it is: "non-relational" by "relational".
            let pieces = self.stems(&term);
            !pieces.is_empty()
                && !pieces
                    .iter()
                    .any(|piece| self.weights.contains_key(piece) || self.resembles_a_bank_word(piece))
        });
        let asked_mass: f64 = resolved.iter().map(|(_, _, w)| w).sum();
        let mut best: HashMap<usize, f64> = HashMap::new();
        for (&(q, ref stems, phrasing_mass), &compares) in self.phrasings.iter().zip(&self.comparisons) {
            if !eligible(q) || (compares && compares_the_unknown) {
                continue;
            }
            let shared: f64 = resolved
                .iter()
                .filter_map(|(known, credit, weight)| {
                    known.as_ref().filter(|k| stems.contains(k)).map(|_| credit * weight)
                })
                .sum();
            if shared == 0.0 {
                continue;
            }
            // The harmonic mean of how much of the question the phrasing explains and how much of
            // the phrasing the question says: one shared word in five is no match either way.
            let similarity = 2.0 * shared / (asked_mass + phrasing_mass);
            let entry = best.entry(q).or_insert(0.0);
            *entry = entry.max(similarity.min(1.0));
        }
        let mut ranked: Vec<(usize, f64)> = best.into_iter().collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        ranked
    }

    /// The words a comparison question sets against each other: either side of "vs", "versus",
    /// "or" and "over", and the two of "between X and Y" (synonyms applied, stopwords skipped).
    fn compared_terms(&self, question: &str) -> impl Iterator<Item = String> {
        let tokens: Vec<String> = words(question)
            .map(|w| self.synonyms.get(&w).cloned().unwrap_or(w))
            .collect();
        let content = |i: usize| tokens.get(i).filter(|w| !self.stopwords.contains(w.as_str())).cloned();
        let mut terms = Vec::new();
        for (i, token) in tokens.iter().enumerate() {
            match token.as_str() {
                "vs" | "versus" | "or" | "over" => {
                    // "X vs Y": both sides must be content words for this to be a comparison.
                    if let (Some(before), Some(after)) = (i.checked_sub(1).and_then(content), content(i + 1)) {
                        terms.push(before);
                        terms.push(after);
                    }
                }
                "between" => {
                    if let Some(and) = tokens[i..].iter().position(|t| t == "and").map(|p| p + i) {
                        terms.extend(content(i + 1));
                        terms.extend(content(and + 1));
                    }
                }
                _ => {}
            }
        }
        terms.into_iter()
    }

    /// Whether `stem` is close to some bank word, more loosely than a misspelling: a swapped pair
    /// of letters ("kafak") shares only a quarter of its trigrams with the word meant.
    fn resembles_a_bank_word(&self, stem: &str) -> bool {
        let grams = trigrams(stem);
        stem.chars().count() >= 4
            && self
                .vocabulary
                .iter()
                .any(|(_, known)| jaccard(&grams, known) >= self.typo_similarity / 2.0)
    }

    /// The bank stem `stem` most likely misspells, with its trigram similarity, if one is close
    /// enough. Short words are left alone: "api" and "apu" share no trigram worth trusting.
    fn misspelling_of(&self, stem: &str) -> Option<(String, f64)> {
        if stem.chars().count() < 4 {
            return None;
        }
        let grams = trigrams(stem);
        self.vocabulary
            .iter()
            .map(|(known, known_grams)| (known, jaccard(&grams, known_grams)))
            .filter(|(_, similarity)| *similarity >= self.typo_similarity)
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(a.0)))
            .map(|(known, similarity)| (known.clone(), similarity))
    }
}

/// Whether a bank phrasing sets two things against each other: it has a "vs", "versus", "or",
/// "over" or "between" as a word. A plain scan, since every phrasing is checked at every start.
fn is_comparison(text: &str) -> bool {
    text.split(|c: char| !c.is_ascii_alphabetic()).any(|w| {
        ["vs", "versus", "or", "over", "between"]
            .iter()
            .any(|k| w.eq_ignore_ascii_case(k))
    })
}

/// Jaccard similarity of two words' character trigrams, each word padded with a space either side
/// so that first and last letters count.
pub fn trigram_similarity(a: &str, b: &str) -> f64 {
    jaccard(&trigrams(a), &trigrams(b))
}

/// A word's character trigrams, padded with a space either side, sorted and each once.
fn trigrams(word: &str) -> Vec<[char; 3]> {
    let chars: Vec<char> = std::iter::once(' ').chain(word.chars()).chain([' ']).collect();
    let mut grams: Vec<[char; 3]> = chars.windows(3).map(|w| [w[0], w[1], w[2]]).collect();
    grams.sort_unstable();
    grams.dedup();
    grams
}

/// Jaccard similarity of two sorted, deduplicated trigram lists.
fn jaccard(a: &[[char; 3]], b: &[[char; 3]]) -> f64 {
    let (mut i, mut j, mut shared) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let union = a.len() + b.len() - shared;
    if union == 0 {
        return 0.0;
    }
    shared as f64 / union as f64
}

/// The ids of `ids` closest to `wanted`, for "did you mean": those sharing most trigrams, best first.
pub fn near_ids<'a>(wanted: &str, ids: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut scored: Vec<(&str, f64)> = ids
        .map(|id| {
            let whole = trigram_similarity(wanted, id);
            // A word of the id typed alone ("graphql") should find the id that holds it.
            let part = id.split('-').map(|w| trigram_similarity(wanted, w)).fold(0.0, f64::max);
            (id, whole.max(part * 0.9))
        })
        .filter(|(_, s)| *s >= 0.3)
        .collect();
    scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
    scored.into_iter().take(3).map(|(id, _)| id).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::RuleSet;

    fn best(question: &str) -> Option<String> {
        let rules = RuleSet::defaults().unwrap();
        rules
            .question_index
            .best(question, &|q| rules.questions[q].track.is_none())
            .map(|m| rules.questions[m.question].id.clone())
    }

    #[test]
    fn trigrams_forgive_a_letter() {
        assert!(trigram_similarity("idempotency", "idempotancy") > 0.5);
        assert!(trigram_similarity("cache", "queue") < 0.2);
        assert_eq!(trigram_similarity("jwt", "jwt"), 1.0);
    }

    #[test]
    fn topics_rewordings_and_typos_find_their_question() {
        assert_eq!(best("Idempotency").as_deref(), Some("idempotency"));
        assert_eq!(best("Kafka vs RabbitMQ").as_deref(), Some("kafka-vs-rabbitmq"));
        assert_eq!(best("Rate limiter working").as_deref(), Some("rate-limiter"));
        assert_eq!(
            best("explian the diffrence between authn and authz").as_deref(),
            Some("authn-vs-authz")
        );
        assert_eq!(
            best("How do you handle critical feedback?").as_deref(),
            Some("critical-feedback")
        );
    }

    #[test]
    fn a_question_the_bank_lacks_matches_nothing() {
        assert_eq!(best("What are your salary expectations?"), None);
        assert_eq!(best("What is your favourite film?"), None);
    }

    #[test]
    fn a_comparison_with_a_term_the_bank_lacks_matches_nothing() {
        // Shares "choose" and "REST" with `rest-vs-graphql`, but compares something else.
        assert_eq!(
            best("How would you choose between REST and gRPC for an internal service?"),
            None
        );
        // It may still find a question that compares nothing ("What is a REST API?").
        assert_ne!(best("REST or gRPC?").as_deref(), Some("rest-vs-graphql"));
        assert_eq!(best("Kafka vs Kinesis"), None);
        // Known terms, typos and extra words after the comparison still find their question.
        assert_eq!(
            best("Should we use REST or GraphQL for our dashboards?").as_deref(),
            Some("rest-vs-graphql")
        );
        assert_eq!(best("Kafak vs RabbitMQ").as_deref(), Some("kafka-vs-rabbitmq"));
        assert_eq!(
            best("Relational vs non-relational databases").as_deref(),
            Some("sql-vs-nosql")
        );
        // An "or" in a story question compares nothing the bank would: its questions still match.
        assert_eq!(
            best("What is your biggest weakness or blind spot?").as_deref(),
            Some("weakness")
        );
        assert_eq!(
            best("Tell me about a time you failed or struggled.").as_deref(),
            Some("mistake")
        );
    }

    #[test]
    fn near_ids_name_the_closest() {
        let ids = ["rest-api", "rest-vs-graphql", "jwt", "sql-vs-nosql"];
        assert_eq!(
            near_ids("rest-vs-graphq", ids.into_iter()).first(),
            Some(&"rest-vs-graphql")
        );
        assert_eq!(near_ids("graphql", ids.into_iter()).first(), Some(&"rest-vs-graphql"));
    }
}

//! Evidence that an answer is an answer: sentences that are clauses, words about the question, and
//! a story or an explanation. Measured once per answer; `answer` rules report what is missing. The
//! word lists and thresholds are `[answer-evidence]` in `rules/answer-evidence.toml`.

use crate::analysis::star::model::Fnv;
use crate::document::Answer;
use crate::rules::matcher::LazyListRegex;
use crate::rules::schema::{AnswerCheck, AnswerEvidenceSpec};
use regex::bytes::RegexBuilder;
use std::collections::BTreeMap;
use std::hash::BuildHasherDefault;

/// Word sets are looked up for every word of every answer; FNV beats SipHash on short trusted keys.
type WordSet = std::collections::HashSet<String, BuildHasherDefault<Fnv>>;

/// `[answer-evidence]`, compiled.
#[derive(Debug, Clone)]
pub struct AnswerEvidence {
    clause: LazyListRegex,
    story: LazyListRegex,
    explanation: LazyListRegex,
    placeholder: LazyListRegex,
    placeholder_share: f64,
    stopwords: WordSet,
    /// Stems of the single-word terms of the `vocabulary` lexicons.
    vocabulary: WordSet,
    min_topic_words: usize,
    keyword_list_max_clause_share: f64,
    keyword_list_min_terms: usize,
    repeat_share: f64,
    repeat_extra_words: usize,
}

/// What one answer shows of being an answer.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Measures {
    pub words: usize,
    pub sentences: usize,
    pub clause_sentences: usize,
    /// Share of the answer's words that stand in clause sentences.
    pub clause_share: f64,
    pub placeholder_sentences: usize,
    /// `None` when not asked for (see [`Wanted`]).
    pub story_sentences: Option<usize>,
    pub explanation_sentences: Option<usize>,
    /// Content words (not stopwords).
    pub content_words: usize,
    /// Content words in a `vocabulary` lexicon.
    pub vocabulary_words: usize,
    /// Content words in a `vocabulary` lexicon or sharing a stem with a content word of the question.
    pub topic_words: usize,
    /// With a question that has content words: content words of the answer that are not the
    /// question's, and the share that are.
    pub repeat: Option<(usize, f64)>,
}

/// Which of the measures that only an ordinary check uses to measure: `no-story` and
/// `no-explanation` each apply to some kinds only, and a list not asked for is never compiled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Wanted {
    pub story: bool,
    pub explanation: bool,
}

impl Wanted {
    /// Both.
    pub const ALL: Wanted = Wanted {
        story: true,
        explanation: true,
    };
}

impl AnswerEvidence {
    /// Compiles the table; `lexicons` are every word list loaded, by name.
    pub fn from_spec(spec: &AnswerEvidenceSpec, lexicons: &BTreeMap<String, Vec<String>>) -> Result<Self, String> {
        // One regex a list, in ASCII mode: these run once a sentence and only ask whether
        // something matches. The built-in lists were parsed when star-check was built and each is
        // compiled when an answer first needs it: compiling all four at every start was a seventh
        // of a one-answer run.
        let compile = |key: &str, patterns: &[String]| -> Result<LazyListRegex, String> {
            let build = |pattern: &str| RegexBuilder::new(pattern).case_insensitive(true).unicode(false).build();
            LazyListRegex::new(patterns).map_err(|joined_error| {
                // Name the pattern that is wrong, which only compiling them one by one can tell.
                patterns
                    .iter()
                    .find_map(|p| {
                        build(p)
                            .err()
                            .map(|e| format!("[answer-evidence] `{key}` pattern `{p}` does not compile: {e}"))
                    })
                    .unwrap_or_else(|| {
                        format!("[answer-evidence] `{key}` patterns do not compile together: {joined_error}")
                    })
            })
        };
        let mut vocabulary = WordSet::default();
        // A lexicon that is not loaded counts as empty: `--no-default-rules` drops the built-in
        // word lists but keeps this table, like `[star]` and `[scoring]`.
        for terms in spec.vocabulary.iter().filter_map(|name| lexicons.get(name)) {
            vocabulary.extend(
                terms
                    .iter()
                    .filter(|t| !t.contains(' '))
                    .map(|t| stem(&t.to_lowercase())),
            );
        }
        Ok(AnswerEvidence {
            clause: compile("clause", &spec.clause)?,
            story: compile("story", &spec.story)?,
            explanation: compile("explanation", &spec.explanation)?,
            placeholder: compile("placeholder", &spec.placeholder)?,
            placeholder_share: spec.placeholder_share,
            stopwords: spec.stopwords.iter().map(|w| w.to_lowercase()).collect(),
            vocabulary,
            min_topic_words: spec.min_topic_words,
            keyword_list_max_clause_share: spec.keyword_list_max_clause_share,
            keyword_list_min_terms: spec.keyword_list_min_terms,
            repeat_share: spec.repeat_share,
            repeat_extra_words: spec.repeat_extra_words,
        })
    }

    /// Measures `answer`, the story and explanation sentences only if `wanted` asks for them.
    pub fn measure(&self, answer: &Answer, wanted: Wanted) -> Measures {
        let mut m = Measures {
            words: answer.words,
            sentences: answer.sentences.len(),
            story_sentences: wanted.story.then_some(0),
            explanation_sentences: wanted.explanation.then_some(0),
            ..Measures::default()
        };
        let mut clause_words = 0;
        let mut answer_stems = Vec::new();
        for (index, sentence) in answer.sentences.iter().enumerate() {
            let text = fold_quotes(answer.sentence_text(index));
            let any = |regex: &LazyListRegex| regex.is_match(&text);
            if any(&self.clause) {
                m.clause_sentences += 1;
                clause_words += sentence.words;
            }
            m.placeholder_sentences += usize::from(any(&self.placeholder));
            if wanted.story {
                *m.story_sentences.get_or_insert_default() += usize::from(any(&self.story));
            }
            if wanted.explanation {
                *m.explanation_sentences.get_or_insert_default() += usize::from(any(&self.explanation));
            }
            answer_stems.extend(self.content_stems(&text));
        }
        m.clause_share = clause_words as f64 / answer.words.max(1) as f64;
        m.content_words = answer_stems.len();
        m.vocabulary_words = answer_stems.iter().filter(|s| self.vocabulary.contains(*s)).count();
        let question: WordSet = answer
            .question
            .as_deref()
            .map(|q| self.content_stems(&fold_quotes(q)).into_iter().collect())
            .unwrap_or_default();
        m.topic_words = answer_stems
            .iter()
            .filter(|s| self.vocabulary.contains(*s) || question.contains(*s))
            .count();
        if !question.is_empty() {
            let shared = answer_stems.iter().filter(|s| question.contains(*s)).count();
            m.repeat = Some((
                answer_stems.len() - shared,
                shared as f64 / answer_stems.len().max(1) as f64,
            ));
        }
        m
    }

    /// The check that fires on `m`, with the `{value}` its message shows. At most one non-answer
    /// check fires, the first in this order: placeholder, the question said back, no sentence or a
    /// keyword list, off topic. `no-story` and `no-explanation` are asked only of an answer that
    /// passed those (each rule's `kinds` says which applies).
    pub fn verdicts(&self, m: &Measures) -> Vec<(AnswerCheck, String)> {
        if m.sentences > 0 && m.placeholder_sentences as f64 / m.sentences as f64 >= self.placeholder_share {
            return vec![(AnswerCheck::Placeholder, String::new())];
        }
        if let Some((extra, share)) = m.repeat
            && share >= self.repeat_share
            && extra <= self.repeat_extra_words
        {
            return vec![(AnswerCheck::RepeatsQuestion, String::new())];
        }
        let listy = m.clause_sentences == 0 || m.clause_share < self.keyword_list_max_clause_share;
        if listy && m.vocabulary_words >= self.keyword_list_min_terms {
            return vec![(AnswerCheck::KeywordList, format!("{} terms", m.vocabulary_words))];
        }
        if m.clause_sentences == 0 {
            let words = if m.words == 1 {
                "1 word".to_string()
            } else {
                format!("{} words", m.words)
            };
            return vec![(AnswerCheck::NoSentences, words)];
        }
        // Off topic is judged against a question: with none, there is nothing to be off.
        if m.repeat.is_some() && m.topic_words < self.min_topic_words {
            return vec![(
                AnswerCheck::OffTopic,
                format!("{} of {} words on topic", m.topic_words, m.words),
            )];
        }
        let mut ordinary = Vec::new();
        if m.story_sentences == Some(0) {
            ordinary.push((AnswerCheck::NoStory, String::new()));
        }
        if m.explanation_sentences == Some(0) {
            ordinary.push((AnswerCheck::NoExplanation, String::new()));
        }
        ordinary
    }

    /// Stems of the words of `text` that are not stopwords.
    fn content_stems(&self, text: &str) -> Vec<String> {
        words(text)
            .filter(|w| !self.stopwords.contains(w.as_str()) && w.chars().any(char::is_alphabetic))
            .map(stem_owned)
            .collect()
    }
}

/// `text` with typographic quotes made plain. Sentence text comes folded already (the Markdown pass
/// folds it once), so this copies only a text that still has one, such as a question.
fn fold_quotes(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains(['\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}']) {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(
        text.replace(['\u{2018}', '\u{2019}'], "'")
            .replace(['\u{201C}', '\u{201D}'], "\""),
    )
}

/// Lower-case words, keeping the characters that belong inside technology names ("node.js", "c#",
/// "trade-offs", "pub/sub") and dropping punctuation at either end.
pub(crate) fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !(c.is_alphanumeric() || matches!(c, '-' | '.' | '#' | '+' | '/' | '\'')))
        .map(|w| w.trim_matches(|c: char| matches!(c, '-' | '.' | '/' | '\'')))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

/// A crude English stem, enough to match "databases" with "database" and "caching" with "cache":
/// one common suffix off, then a final "e".
pub(crate) fn stem(word: &str) -> String {
    stem_owned(word.to_string())
}

/// [`stem`] of a word the caller owns, cut in place: no second copy of every word of an answer.
pub(crate) fn stem_owned(mut stem: String) -> String {
    const SUFFIXES: [&str; 12] = [
        "ations", "ation", "ments", "ment", "ings", "ing", "ies", "ied", "ed", "es", "s", "ly",
    ];
    let word_len = stem.len();
    for suffix in SUFFIXES {
        if stem.len() >= suffix.len() + 3 && stem.ends_with(suffix) && !(suffix == "s" && stem.ends_with("ss")) {
            stem.truncate(stem.len() - suffix.len());
            if suffix.starts_with("ie") {
                stem.push('y');
            }
            break;
        }
    }
    if stem.len() > 3 && stem.ends_with('e') {
        stem.pop();
    }
    // "debugging" and "planned" lose the doubled consonant their suffix brought: "debug", "plan".
    let bytes = stem.as_bytes();
    if stem.len() > 3 && stem.len() < word_len {
        let (last, before) = (bytes[bytes.len() - 1], bytes[bytes.len() - 2]);
        if last == before && !matches!(last, b'l' | b's' | b'z' | b'f' | b'e' | b'o') && last.is_ascii_alphabetic() {
            stem.pop();
        }
    }
    stem
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Document;
    use crate::rules::RuleSet;

    /// The checks that fire on `text` asked `question`, by the built-in `[answer-evidence]`.
    fn all_checks(question: &str, text: &str) -> Vec<AnswerCheck> {
        let rules = RuleSet::defaults().unwrap();
        let source = format!("+++\nquestion = \"{question}\"\n+++\n{text}\n");
        let document = Document::parse(&source, &|_: &str| false).unwrap();
        let evidence = &rules.answer_evidence;
        let measures = evidence.measure(&document.answers[0], Wanted::ALL);
        evidence
            .verdicts(&measures)
            .into_iter()
            .map(|(check, _)| check)
            .collect()
    }

    /// The non-answer checks among [`all_checks`].
    fn checks(question: &str, text: &str) -> Vec<AnswerCheck> {
        let mut checks = all_checks(question, text);
        checks.retain(|c| c.is_non_answer());
        checks
    }

    #[test]
    fn one_non_answer_check_at_most() {
        let q = "How do you design a database schema?";
        assert_eq!(checks(q, "TODO"), [AnswerCheck::Placeholder]);
        assert_eq!(
            checks(q, "How do you design a database schema?"),
            [AnswerCheck::RepeatsQuestion]
        );
        assert_eq!(checks(q, "asdf qwer zxcv"), [AnswerCheck::NoSentences]);
        assert_eq!(
            checks(q, "Postgres, schema, normalization, indexes, joins"),
            [AnswerCheck::KeywordList]
        );
        assert_eq!(
            checks(q, "We baked bread on Sunday. The kids loved the crust."),
            [AnswerCheck::OffTopic]
        );
    }

    #[test]
    fn a_real_answer_has_clauses_topic_words_and_a_story() {
        let q = "Tell me about a time you fixed a slow query.";
        let answer = "Our report query took twelve seconds. I added a composite index and the report loaded in 800 ms.";
        // A story need not explain: `no-explanation` applies to technical answers only.
        assert_eq!(all_checks(q, answer), [AnswerCheck::NoExplanation]);
        let general = "Slow queries are annoying. Indexes usually help with them.";
        assert_eq!(all_checks(q, general), [AnswerCheck::NoStory]);
    }

    #[test]
    fn topic_words_come_from_the_question_by_stem() {
        // No vocabulary word, but "gardening" shares its stem with the question's "garden".
        let q = "Describe your garden.";
        assert_eq!(checks(q, "I spend my evenings gardening with tomatoes and beans."), []);
        assert_eq!(
            checks("Describe your week.", "I spend my evenings with tomatoes and beans."),
            [AnswerCheck::OffTopic]
        );
    }

    /// A bad pattern in a user's `[answer-evidence]` is reported when the rules load, by name.
    #[test]
    fn a_bad_list_pattern_is_named_at_load() {
        let (_, text) = crate::rules::DEFAULT_RULE_FILES
            .iter()
            .find(|(name, _)| name.ends_with("answer-evidence.toml"))
            .unwrap();
        let spec: crate::rules::schema::RuleFileSpec = toml::from_str(text).unwrap();
        let mut evidence = spec.answer_evidence.unwrap();
        evidence.story.push(r"\bI\s+(shipped".to_string());
        let error = AnswerEvidence::from_spec(&evidence, &BTreeMap::new()).unwrap_err();
        assert!(
            error.starts_with(r"[answer-evidence] `story` pattern `\bI\s+(shipped` does not compile:"),
            "{error}"
        );
    }

    #[test]
    fn stems_match_inflections() {
        assert_eq!(stem("databases"), stem("database"));
        assert_eq!(stem("caching"), stem("cache"));
        assert_eq!(stem("caches"), stem("cache"));
        assert_eq!(stem("queues"), stem("queue"));
        assert_eq!(stem("deployment"), stem("deploy"));
        assert_eq!(stem("trade-offs"), stem("trade-off"));
        assert_eq!(stem("replies"), "reply");
        assert_eq!(stem("debugging"), stem("debug"));
        assert_eq!(stem("planned"), stem("plan"));
        assert_eq!(stem("logged"), stem("log"));
        assert_eq!(stem("called"), stem("call"));
        assert_eq!(stem("process"), "process");
    }

    #[test]
    fn words_keep_technology_names() {
        let found: Vec<String> = words("Node.js, C# and pub/sub (trade-offs).").collect();
        assert_eq!(found, ["node.js", "c#", "and", "pub/sub", "trade-offs"]);
    }
}

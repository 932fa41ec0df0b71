//! Sentences and words of an answer's plain text, from unicode-segmentation plus the repairs a
//! written answer needs ("e.g. Redis", "U.S. teams" and "approx. 40" must not end a sentence).

use std::ops::Range;
use unicode_segmentation::UnicodeSegmentation;

/// Abbreviations after which UAX #29 would wrongly break before a capital letter or a number.
/// These are facts of English orthography rather than coaching advice, so they live here and not in
/// `rules/`.
const ABBREVIATIONS: &[&str] = &[
    "e.g.", "i.e.", "etc.", "vs.", "v.", "approx.", "incl.", "esp.", "resp.", "cf.", "dr.", "mr.", "mrs.", "ms.",
    "prof.", "sr.", "jr.", "st.", "no.", "fig.", "inc.", "ltd.", "co.", "corp.", "dept.", "u.s.", "u.k.", "e.u.",
    "a.m.", "p.m.", "ph.d.",
];

/// Byte ranges of the sentences of `text`, trimmed of surrounding whitespace; empty ones dropped.
pub fn sentence_ranges(text: &str) -> Vec<Range<usize>> {
    let mut sentences: Vec<Range<usize>> = Vec::new();
    let mut glue_next = false;
    for (start, piece) in text.split_sentence_bound_indices() {
        let Some(range) = trimmed(text, start..start + piece.len()) else {
            continue;
        };
        if glue_next && let Some(last) = sentences.last_mut() {
            last.end = range.end;
        } else {
            sentences.push(range.clone());
        }
        // A sentence ending in an abbreviation continues unless a line break intervened.
        let current = sentences.last().cloned().unwrap_or(range);
        glue_next = ends_with_abbreviation(&text[current.clone()]) && !piece.contains('\n');
    }
    sentences
}

fn trimmed(text: &str, range: Range<usize>) -> Option<Range<usize>> {
    let slice = &text[range.clone()];
    let start_trim = slice.len() - slice.trim_start().len();
    let inner = slice.trim();
    if inner.is_empty() {
        return None;
    }
    let start = range.start + start_trim;
    Some(start..start + inner.len())
}

fn ends_with_abbreviation(sentence: &str) -> bool {
    let last_word = sentence.rsplit(char::is_whitespace).next().unwrap_or("");
    let last_word = last_word.trim_start_matches(['(', '"', '\'']);
    if last_word.is_empty() {
        return false;
    }
    let lower = last_word.to_lowercase();
    ABBREVIATIONS.iter().any(|abbr| lower == *abbr)
}

/// Number of words in `text`, as unicode-segmentation counts them (numbers count as words).
pub fn word_count(text: &str) -> usize {
    text.unicode_words().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        sentence_ranges(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn abbreviations_versions_and_decimals_do_not_split() {
        let text = "I used a cache, e.g. Redis, for sessions. Latency fell 3.5 times on v2.1 of the API. \
                    It ran on Node.js in U.S. East regions, i.e. two zones. Done!";
        assert_eq!(
            sentences(text),
            vec![
                "I used a cache, e.g. Redis, for sessions.",
                "Latency fell 3.5 times on v2.1 of the API.",
                "It ran on Node.js in U.S. East regions, i.e. two zones.",
                "Done!",
            ]
        );
    }

    #[test]
    fn line_breaks_end_sentences_without_punctuation() {
        let text = "Cut p99 latency by 40%\nSaved two hours a week";
        assert_eq!(
            sentences(text),
            vec!["Cut p99 latency by 40%", "Saved two hours a week"]
        );
    }

    #[test]
    fn abbreviation_at_line_end_does_not_glue_the_next_line() {
        let text = "We compared Postgres vs.\nMongo was next.";
        assert_eq!(sentences(text), vec!["We compared Postgres vs.", "Mongo was next."]);
    }

    #[test]
    fn words_are_counted_by_unicode_rules() {
        assert_eq!(word_count("I don't write 2 tests, e.g. for Node.js"), 8);
        assert_eq!(word_count("   "), 0);
    }
}

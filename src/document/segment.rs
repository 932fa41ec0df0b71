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

/// Longest run of text treated as one sentence. Real sentences are far shorter; a paste with no
/// punctuation at all (a megabyte on one line) is cut at word boundaries instead, which keeps every
/// per-sentence pass bounded and the matchers' lazy DFA from giving up on one enormous haystack.
pub const MAX_SENTENCE_BYTES: usize = 2000;

/// Byte ranges of the sentences of `text`, trimmed of surrounding whitespace; empty ones dropped.
pub fn sentence_ranges(text: &str) -> Vec<Range<usize>> {
    let mut bounded = Vec::new();
    for sentence in natural_sentences(text) {
        split_long(text, sentence, &mut bounded);
    }
    bounded
}

/// Cuts a range longer than [`MAX_SENTENCE_BYTES`] at the last whitespace before each limit (or at
/// a character boundary, for text with no whitespace at all).
fn split_long(text: &str, mut range: Range<usize>, out: &mut Vec<Range<usize>>) {
    while range.len() > MAX_SENTENCE_BYTES {
        let mut limit = range.start + MAX_SENTENCE_BYTES;
        while !text.is_char_boundary(limit) {
            limit -= 1;
        }
        let cut = text[range.start..limit]
            .rfind(char::is_whitespace)
            .map_or(limit, |i| range.start + i);
        let cut = if cut <= range.start { limit } else { cut };
        if let Some(piece) = trimmed(text, range.start..cut) {
            out.push(piece);
        }
        range.start = cut;
    }
    if let Some(piece) = trimmed(text, range) {
        out.push(piece);
    }
}

fn natural_sentences(text: &str) -> Vec<Range<usize>> {
    let mut sentences: Vec<Range<usize>> = Vec::new();
    let mut previous_piece_broke_line = true;
    for (start, piece) in text.split_sentence_bound_indices() {
        let Some(range) = trimmed(text, start..start + piece.len()) else {
            continue;
        };
        // A sentence ending in an abbreviation continues unless a line break intervened.
        let glue = !previous_piece_broke_line
            && sentences
                .last()
                .is_some_and(|last| ends_with_abbreviation(&text[last.clone()], &text[range.clone()]));
        match sentences.last_mut() {
            Some(last) if glue => last.end = range.end,
            _ => sentences.push(range),
        }
        previous_piece_broke_line = piece.contains('\n');
    }
    let mut split = Vec::with_capacity(sentences.len());
    for sentence in sentences {
        split_before_lower_case(text, sentence, &mut split);
    }
    split
}

/// UAX #29 does not break before a lower-case letter ("It was slow. we added a cache."), which
/// people who type fast, or write English as a second language, do all the time. Break there too,
/// unless the word before the stop is an abbreviation or a single letter ("e.g. redis", "a. b.").
fn split_before_lower_case(text: &str, sentence: Range<usize>, out: &mut Vec<Range<usize>>) {
    let slice = &text[sentence.clone()];
    let bytes = slice.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        if matches!(bytes[i], b'.' | b'!' | b'?') {
            let mut j = i + 1;
            while j < bytes.len() && matches!(bytes[j], b'"' | b'\'' | b')') {
                j += 1;
            }
            let spaces = bytes[j..].iter().take_while(|b| b.is_ascii_whitespace()).count();
            let next = j + spaces;
            if spaces > 0 && next < bytes.len() && bytes[next].is_ascii_lowercase() {
                let before = &slice[start..=i];
                let word = before.rsplit(char::is_whitespace).next().unwrap_or("");
                let letters = word.trim_matches(|c: char| !c.is_alphanumeric()).chars().count();
                // One letter before the stop is an initial or a list mark ("a. b."); one digit
                // with a percent sign is a number that ends the sentence ("above 2%. after that").
                if (letters > 1 || word.ends_with("%."))
                    && !ends_with_abbreviation(before, &slice[next..])
                    && !word[..word.len() - 1].contains('.')
                {
                    if let Some(piece) = trimmed(text, sentence.start + start..sentence.start + j) {
                        out.push(piece);
                    }
                    start = next;
                }
            }
            i = j.max(i + 1);
            continue;
        }
        i += 1;
    }
    if let Some(piece) = trimmed(text, sentence.start + start..sentence.end) {
        out.push(piece);
    }
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

/// Whether `sentence` ends in an abbreviation that `next` continues. "ms." after a number is a
/// unit ("90 ms. Then I…"), and "no." is the abbreviation of "number" only before one ("No. 5").
fn ends_with_abbreviation(sentence: &str, next: &str) -> bool {
    let mut words = sentence.rsplit(char::is_whitespace);
    let last_word = words.next().unwrap_or("");
    let last_word = last_word.trim_start_matches(['(', '"', '\'']);
    if last_word.is_empty() {
        return false;
    }
    let lower = last_word.to_lowercase();
    match lower.as_str() {
        "ms." => !words
            .next()
            .is_some_and(|w| w.chars().last().is_some_and(|c| c.is_ascii_digit())),
        "no." => next.trim_start().starts_with(|c: char| c.is_ascii_digit()),
        "etc." => next.trim_start().starts_with(|c: char| !c.is_uppercase()),
        _ => ABBREVIATIONS.iter().any(|abbr| lower == *abbr),
    }
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
    fn a_run_without_punctuation_is_cut_at_word_boundaries() {
        let text = "word ".repeat(1000) + &"é".repeat(3000);
        let ranges = sentence_ranges(&text);
        assert!(ranges.iter().all(|r| r.len() <= MAX_SENTENCE_BYTES), "{ranges:?}");
        assert!(
            ranges
                .iter()
                .all(|r| text.is_char_boundary(r.start) && text.is_char_boundary(r.end))
        );
        assert!(
            ranges
                .iter()
                .all(|r| !text[r.clone()].starts_with(' ') && !text[r.clone()].ends_with(' '))
        );
        let kept: usize = ranges
            .iter()
            .map(|r| text[r.clone()].chars().filter(|c| !c.is_whitespace()).count())
            .sum();
        assert_eq!(kept, 4000 + 3000, "every character but the spaces is in some piece");
    }

    #[test]
    fn units_numbers_and_lower_case_starts_end_sentences() {
        let text = "It cut p95 to 90 ms. Then I wrote a test. Ms. Chen agreed. finance said no. The database \
                    stayed, etc. So we moved on. it was slow. we added a cache, e.g. redis. Issue No. 5 closed. errors \
                    went above 2%. after that i rolled back.";
        assert_eq!(
            sentences(text),
            vec![
                "It cut p95 to 90 ms.",
                "Then I wrote a test.",
                "Ms. Chen agreed.",
                "finance said no.",
                "The database stayed, etc.",
                "So we moved on.",
                "it was slow.",
                "we added a cache, e.g. redis.",
                "Issue No. 5 closed.",
                "errors went above 2%.",
                "after that i rolled back.",
            ]
        );
    }

    #[test]
    fn words_are_counted_by_unicode_rules() {
        assert_eq!(word_count("I don't write 2 tests, e.g. for Node.js"), 8);
        assert_eq!(word_count("   "), 0);
    }
}

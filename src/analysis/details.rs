//! Names in a sentence: the concrete details that only the text's case shows (systems, tools,
//! companies, places, people), counted for `detail-share` metrics beside their patterns.
//!
//! Patterns run on lower-cased text, which keeps them fast and forgiving, but "we moved the billing
//! jobs to Kubernetes at Acme" and "we moved the jobs to a better platform" differ mostly in two
//! capitalised words. A capitalised word that does not open a sentence or a line is a name or an
//! acronym in nearly all English prose; a run of them ("Google Cloud", "US Navy") is one name.

/// How many names sentence `text` holds: runs of capitalised words other than the sentence's (or
/// a line's) first word, the pronoun "I" and its contractions, and words just after a colon or an
/// opening quote, where English capitalises anyway.
pub fn names(text: &str) -> usize {
    let mut count = 0;
    let mut in_name = false;
    let mut opens = true;
    for (word, after) in words(text) {
        let starts_clause = opens || matches!(after, Some(':' | '"' | '\n' | '(' | '-' | '*' | '>'));
        opens = false;
        let capitalised = word.chars().next().is_some_and(char::is_uppercase) && !is_pronoun_i(word);
        if capitalised && !starts_clause {
            if !in_name {
                count += 1;
            }
            in_name = true;
        } else {
            in_name = false;
        }
    }
    count
}

/// "I", "I'm", "I've", "I'd", "I'll" (straight or curly apostrophe): capitalised by rule, no name.
fn is_pronoun_i(word: &str) -> bool {
    let rest = word.strip_prefix('I').unwrap_or(word);
    rest.len() < word.len() && matches!(rest, "" | "'m" | "'ve" | "'d" | "'ll" | "’m" | "’ve" | "’d" | "’ll")
}

/// The words of `text` (runs starting with a letter, holding letters, digits and `'’-.&/`), each
/// with the last non-space character before it, if any, so that a caller can tell a word that
/// opens a line or follows a colon. A word separated from the previous one by a line break gets
/// `'\n'`.
fn words(text: &str) -> impl Iterator<Item = (&str, Option<char>)> {
    let mut rest = text;
    let mut before: Option<char> = None;
    std::iter::from_fn(move || {
        loop {
            let c = rest.chars().next()?;
            if c.is_alphabetic() {
                let end = rest
                    .char_indices()
                    .find(|&(_, ch)| !(ch.is_alphanumeric() || "'’-.&/".contains(ch)))
                    .map_or(rest.len(), |(i, _)| i);
                let word = rest[..end].trim_end_matches(['.', '-', '\'', '’', '/', '&']);
                let after = before;
                before = word.chars().last();
                rest = &rest[end..];
                return Some((word, after));
            }
            if c == '\n' {
                before = Some('\n');
            } else if !c.is_whitespace() && before != Some('\n') {
                before = Some(c);
            }
            rest = &rest[c.len_utf8()..];
        }
    })
}

#[cfg(test)]
mod tests {
    use super::names;

    #[test]
    fn a_run_of_capitalised_words_is_one_name() {
        assert_eq!(names("We moved the nightly jobs from Google Cloud to Hetzner."), 2);
    }

    #[test]
    fn sentence_openers_and_the_pronoun_are_not_names() {
        assert_eq!(names("Then I asked why, and I'm glad I did."), 0);
        assert_eq!(names("I’ve rewritten it since."), 0);
    }

    #[test]
    fn acronyms_count_and_line_openers_do_not() {
        assert_eq!(
            names("Paged at night because the ETL job failed\nRestarted it by hand"),
            1
        );
    }

    #[test]
    fn words_after_a_colon_or_an_opening_quote_are_not_names() {
        assert_eq!(names("The rule was simple: Nobody merges on Fridays."), 1);
        assert_eq!(names("She wrote \"Please review\" on every ticket."), 0);
    }

    #[test]
    fn lower_case_prose_has_no_names() {
        assert_eq!(names("the whole team worked really hard and it went great"), 0);
    }
}

//! What the STAR labeller knows about a sentence: named features, each a short string
//! (`w:profil`, `cue:star-cue/result-outcome`, `pos:first`). The same function feeds the fitting
//! tool and the labeller at run time, so a weight fitted for a name means the same thing in both.
//!
//! The names are the model's vocabulary: `rules/star-model.toml` holds one line of weights per name.
//! Words are lower-cased and lightly stemmed ("profiled", "profiling" → `profil`) because 62 real
//! answers cannot teach every inflection; numbers become `<n>` so that "from 900 to 120 ms" and
//! "from 4 to 2 s" share their features.

/// One sentence as the labeller sees it.
#[derive(Debug, Clone, Copy)]
pub struct SentenceView<'a> {
    /// The sentence's plain text (Markdown removed).
    pub text: &'a str,
    /// Whether a paragraph, list item or section starts with this sentence.
    pub starts_paragraph: bool,
    /// Whether the sentence is the story's headline: a first line of its own with no full stop
    /// ("Mentored a junior backend engineer at Acme"), which names the story rather than opening it.
    pub headline: bool,
}

/// Whether the first sentence of an answer reads as a headline: a paragraph of its own, with no
/// closing punctuation, of at most `HEADLINE_WORDS` words, above at least two more paragraphs. A
/// headline says what the story is about (often its result), so the sentences under it keep the
/// places they would have without it: the one after it opens the story.
pub fn is_headline(text: &str, own_paragraph: bool, paragraphs_after: usize) -> bool {
    const HEADLINE_WORDS: usize = 20;
    let trimmed = text.trim_end();
    own_paragraph
        && paragraphs_after >= 2
        && !trimmed.ends_with(['.', '!', '?', ':', ';', '…'])
        && !trimmed.ends_with(['"', '”', ')'])
        && trimmed.split_whitespace().count() <= HEADLINE_WORDS
}

/// Words a sentence opens with that say where a story is: "so", "then", "finally", "as a result".
/// Their features are kept apart from the same words elsewhere in the sentence.
const OPENING_WORDS: usize = 2;

/// Calls `emit(name)` for every feature of sentence `index` of `sentences`, except cue features,
/// which come from the rule matches (see [`super::cue_feature`]). `buffer` is reused between calls
/// so that naming a feature allocates nothing at run time.
pub fn sentence_features(sentences: &[SentenceView], index: usize, buffer: &mut String, emit: &mut dyn FnMut(&str)) {
    let sentence = sentences[index];
    emit("bias");
    // A headline has no place in the story; the sentences under it count from the one after it.
    let headlines = sentences.iter().take_while(|s| s.headline).count();
    if sentence.headline {
        emit("headline");
    } else {
        place_features(&sentences[headlines..], index - headlines, buffer, emit);
    }
    word_features(sentence.text, buffer, emit);
}

/// Where sentence `index` sits in `sentences`: first, last, which fifth, which paragraph.
fn place_features(sentences: &[SentenceView], index: usize, buffer: &mut String, emit: &mut dyn FnMut(&str)) {
    let sentence = sentences[index];
    let n = sentences.len();
    // Where the sentence sits: first, last, and which fifth of the answer.
    if n == 1 {
        emit("pos:only");
    } else {
        if index == 0 {
            emit("pos:first");
        }
        if index + 1 == n {
            emit("pos:last");
        }
        let fifth = (index * 5 / n).min(4);
        buffer.clear();
        buffer.push_str("pos:fifth");
        buffer.push(char::from(b'0' + fifth as u8));
        emit(buffer);
    }
    if sentence.starts_paragraph && index > 0 {
        emit("para:start");
    }
    // How far from either end, for the first and last few sentences: a story opens on its
    // Situation and closes on its Result whatever its length.
    for (prefix, distance) in [("pos:from-start", index), ("pos:from-end", n - 1 - index)] {
        if distance < 3 && n > 1 {
            buffer.clear();
            buffer.push_str(prefix);
            buffer.push(char::from(b'0' + distance as u8));
            emit(buffer);
        }
    }
    // Which paragraph (or list item) of how many: answers written part by part put one part in each.
    let paragraphs = sentences.iter().filter(|s| s.starts_paragraph).count().max(1);
    let paragraph = sentences[..=index].iter().filter(|s| s.starts_paragraph).count().max(1) - 1;
    if paragraphs > 1 {
        buffer.clear();
        if paragraphs <= 6 {
            buffer.push_str(&format!("para:{}of{}", paragraph + 1, paragraphs));
        } else {
            buffer.push_str(&format!("para:fifth{}", (paragraph * 5 / paragraphs).min(4)));
        }
        emit(buffer);
        if paragraph + 1 == paragraphs {
            emit("para:last");
        }
    }
}

/// The sentence's length, words, opening words, word pairs and word classes.
fn word_features(text: &str, buffer: &mut String, emit: &mut dyn FnMut(&str)) {
    let words: Vec<String> = words_of(text);
    let length = match words.len() {
        0..=5 => "len:short",
        6..=15 => "len:medium",
        16..=30 => "len:long",
        _ => "len:very-long",
    };
    emit(length);

    let mut counts = WordCounts::default();
    for (i, word) in words.iter().enumerate() {
        counts.add(word);
        let stem = stem(word);
        feature(buffer, "w:", stem, emit);
        if i < OPENING_WORDS {
            feature(buffer, if i == 0 { "f1:" } else { "f2:" }, stem, emit);
        }
        if let Some(next) = words.get(i + 1) {
            buffer.clear();
            buffer.push_str("b:");
            buffer.push_str(stem);
            buffer.push('_');
            buffer.push_str(self::stem(next));
            emit(buffer);
        }
    }
    counts.emit(emit);
}

fn feature(buffer: &mut String, prefix: &str, word: &str, emit: &mut dyn FnMut(&str)) {
    buffer.clear();
    buffer.push_str(prefix);
    buffer.push_str(word);
    emit(buffer);
}

/// Counts of the word classes the labeller weighs as a whole: who acts (I or we), tense, numbers.
#[derive(Debug, Default)]
struct WordCounts {
    first_person: usize,
    we: usize,
    past: usize,
    present_or_future: usize,
    numbers: usize,
    percent: usize,
    units: usize,
}

impl WordCounts {
    fn add(&mut self, word: &str) {
        match word {
            "i" | "i'm" | "i've" | "i'd" | "i'll" | "me" | "my" | "myself" | "mine" => self.first_person += 1,
            "we" | "we're" | "we've" | "we'd" | "we'll" | "us" | "our" | "ours" => self.we += 1,
            "was" | "were" | "had" | "did" | "got" | "went" | "made" | "took" | "found" | "built" | "wrote" | "led"
            | "saw" | "knew" | "began" | "told" | "gave" | "came" | "became" | "ran" | "set" | "kept" | "felt"
            | "thought" | "brought" | "caught" | "chose" | "spent" | "sent" | "left" | "learnt" | "taught" => {
                self.past += 1
            }
            "will" | "would" | "is" | "are" | "am" | "can" | "should" | "always" | "now" => self.present_or_future += 1,
            "<n>" => self.numbers += 1,
            "%" | "percent" => self.percent += 1,
            "ms" | "seconds" | "minutes" | "hours" | "days" | "weeks" | "months" | "x" | "times" | "k" => {
                self.units += 1
            }
            w if w.len() > 4 && w.ends_with("ed") => self.past += 1,
            _ => {}
        }
    }

    fn emit(&self, emit: &mut dyn FnMut(&str)) {
        let flags = [
            (self.first_person > 0, "has:i"),
            (self.we > 0, "has:we"),
            (self.first_person == 0 && self.we == 0, "has:no-person"),
            (self.past > 0, "has:past"),
            (self.past == 0, "has:no-past"),
            (self.present_or_future > 0, "has:present"),
            (self.numbers > 0, "has:number"),
            (self.numbers > 1, "has:numbers"),
            (self.percent > 0, "has:percent"),
            (self.numbers > 0 && self.units > 0, "has:measure"),
        ];
        for (on, name) in flags {
            if on {
                emit(name);
            }
        }
    }
}

/// Lower-case words of `text`, apostrophes kept inside words (curly ones folded), numbers as `<n>`
/// and `%` as a word of its own.
pub fn words_of(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let flush = |current: &mut String, words: &mut Vec<String>| {
        if current.is_empty() {
            return;
        }
        let word = current.trim_matches('\'');
        if !word.is_empty() {
            if word.bytes().any(|b| b.is_ascii_digit()) && word.bytes().all(|b| !b.is_ascii_alphabetic() || b == b'k') {
                words.push("<n>".to_string());
            } else if word.bytes().next().is_some_and(|b| b.is_ascii_digit()) {
                // "900ms", "3x", "10k": a number and its unit.
                words.push("<n>".to_string());
                let unit = word.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ',');
                if !unit.is_empty() {
                    words.push(unit.to_string());
                }
            } else {
                words.push(word.to_string());
            }
        }
        current.clear();
    };
    for c in text.chars() {
        match c {
            c if c.is_alphanumeric() => current.extend(c.to_lowercase()),
            '\'' | '’' | '‘' if !current.is_empty() => current.push('\''),
            '.' | ',' if current.bytes().last().is_some_and(|b| b.is_ascii_digit()) => current.push(c),
            '%' => {
                flush(&mut current, &mut words);
                words.push("%".to_string());
            }
            _ => flush(&mut current, &mut words),
        }
    }
    flush(&mut current, &mut words);
    words
}

/// A crude English stem: enough to let "optimised", "optimizing" and "optimizes" share a weight.
pub fn stem(word: &str) -> &str {
    if word.len() <= 4 || word.starts_with('<') {
        return word;
    }
    let word = word.strip_suffix("'s").unwrap_or(word);
    for suffix in ["ingly", "ings", "ing", "edly", "ied", "ies", "ed", "es", "ly", "s"] {
        if let Some(stem) = word.strip_suffix(suffix)
            && stem.len() >= 3
        {
            // "optimised" and "optimized" both stem to "optimi": the British and American
            // spellings share a weight.
            return stem
                .strip_suffix("is")
                .or_else(|| stem.strip_suffix("iz"))
                .map_or(stem, |s| &stem[..s.len() + 1]);
        }
    }
    word
}

#[cfg(test)]
mod tests {
    use super::*;

    fn features_of(texts: &[&str], index: usize) -> Vec<String> {
        let views: Vec<SentenceView> = texts
            .iter()
            .map(|text| SentenceView {
                text,
                starts_paragraph: false,
                headline: false,
            })
            .collect();
        let mut names = Vec::new();
        sentence_features(&views, index, &mut String::new(), &mut |name| {
            names.push(name.to_string())
        });
        names
    }

    #[test]
    fn words_fold_case_quotes_and_numbers() {
        assert_eq!(
            words_of("I didn’t cut p95 from 900ms to 120 ms (-87%)."),
            [
                "i", "didn't", "cut", "p95", "from", "<n>", "ms", "to", "<n>", "ms", "<n>", "%"
            ]
        );
        assert_eq!(
            words_of("It handled 2,000 requests, then 3.5k."),
            ["it", "handled", "<n>", "requests", "then", "<n>"]
        );
    }

    #[test]
    fn stems_join_inflections() {
        assert_eq!(stem("profiled"), stem("profiling"));
        assert_eq!(stem("optimised"), stem("optimized"));
        assert_eq!(stem("queries"), "quer");
        assert_eq!(stem("api"), "api");
    }

    #[test]
    fn a_sentence_is_known_by_its_place_words_and_classes() {
        let names = features_of(&["Our API was slow.", "As a result, latency dropped by 60%."], 1);
        for expected in [
            "pos:last",
            "f1:as",
            "f2:a",
            "b:as_a",
            "w:latency",
            "has:percent",
            "has:past",
        ] {
            assert!(names.iter().any(|n| n == expected), "{expected} missing from {names:?}");
        }
        assert!(!names.iter().any(|n| n == "pos:first"));
    }

    #[test]
    fn a_headline_has_no_place_and_the_story_counts_from_the_line_under_it() {
        let texts = [
            "Moved our invoices to a queue at Acme",
            "Our invoice job timed out.",
            "I moved it to a queue.",
        ];
        let views: Vec<SentenceView> = texts
            .iter()
            .enumerate()
            .map(|(i, text)| SentenceView {
                text,
                starts_paragraph: true,
                headline: i == 0,
            })
            .collect();
        let of = |index: usize| {
            let mut names = Vec::new();
            sentence_features(&views, index, &mut String::new(), &mut |name| {
                names.push(name.to_string())
            });
            names
        };
        assert!(of(0).iter().any(|n| n == "headline"));
        assert!(!of(0).iter().any(|n| n.starts_with("pos:") || n.starts_with("para:")));
        assert!(of(1).iter().any(|n| n == "pos:first"), "{:?}", of(1));
        assert!(of(1).iter().any(|n| n == "para:1of2"), "{:?}", of(1));
        assert!(of(2).iter().any(|n| n == "pos:last"));
    }

    #[test]
    fn a_headline_is_a_short_unpunctuated_paragraph_above_two_more() {
        assert!(is_headline("Mentored a junior engineer at Acme", true, 3));
        // A sentence that ends like one, a line inside a paragraph, a story too short to have a title.
        assert!(!is_headline("Mentored a junior engineer at Acme.", true, 3));
        assert!(!is_headline("Mentored a junior engineer at Acme", false, 3));
        assert!(!is_headline("Mentored a junior engineer at Acme", true, 1));
        let long = "last year our checkout api kept timing out every evening because a nightly job locked the orders table for an hour";
        assert!(!is_headline(long, true, 3));
    }
}

//! A checked file as the analysis sees it: front matter, answers split at headings, each answer's
//! plain text cut into sentences once, and spans that point back into the original text.

pub mod lines;
pub mod markdown;
pub mod segment;

use markdown::{Comment, MetadataFormat, PlainText};
use serde::Deserialize;
use std::ops::Range;

pub use lines::{LineCol, LineIndex};

/// One sentence of an answer: where it is in the plain text and in the original file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    pub plain: Range<usize>,
    pub span: Range<usize>,
    pub words: usize,
}

/// One answer of a file: the text under one heading, or the whole file when it has none.
#[derive(Debug, Clone)]
pub struct Answer {
    pub question: Option<String>,
    /// Byte offset of the answer's first line (its heading, or its first analysed character).
    pub start: usize,
    pub plain: PlainText,
    pub sentences: Vec<Sentence>,
    /// Sentence indices that a section heading opens (a STAR label such as "### Result", or a
    /// heading that is no question, such as "## My role"), with the heading's text.
    pub section_labels: Vec<(usize, String)>,
    pub words: usize,
    /// Source ranges of inline markup in the answer (see `markdown::RawAnswer::markup`).
    pub markup: Vec<Range<usize>>,
    /// Code blocks inside the answer (see `markdown::RawAnswer::code_blocks`).
    pub code_blocks: usize,
}

impl Answer {
    pub fn sentence_text(&self, index: usize) -> &str {
        &self.plain.text[self.sentences[index].plain.clone()]
    }

    /// The text of `span` of the file as written, without the emphasis and link syntax inside it:
    /// inline code, quotes and spacing stay as the user wrote them.
    pub fn written_text(&self, source: &str, span: Range<usize>) -> String {
        let mut text = String::with_capacity(span.len());
        let mut at = span.start;
        let first = self.markup.partition_point(|m| m.end <= span.start);
        for markup in self.markup[first..].iter().take_while(|m| m.start < span.end) {
            let start = markup.start.clamp(at, span.end);
            text.push_str(source.get(at..start).unwrap_or_default());
            at = markup.end.clamp(at, span.end);
        }
        text.push_str(source.get(at..span.end).unwrap_or_default());
        text
    }

    /// The sentence holding plain byte `at`, if any.
    pub fn sentence_at(&self, at: usize) -> Option<usize> {
        let index = self.sentences.partition_point(|s| s.plain.end <= at);
        (index < self.sentences.len() && self.sentences[index].plain.start <= at).then_some(index)
    }
}

/// The settings a file may carry in its front matter. Other keys (title, tags, a fixture's
/// expectations) belong to the user and are ignored.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
pub struct FrontMatter {
    pub question: Option<String>,
    pub kind: Option<String>,
}

/// What a heading that is not a STAR label is to the answers around it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeadingRole {
    /// It asks a question: a new answer starts under it.
    Question,
    /// It names a section of the answer around it ("My role", "Challenges").
    Section,
}

/// Decides what headings are. The document module knows no rules; the analysis supplies this
/// (STAR labels, the question bank). A closure `Fn(&str) -> bool` is one: true for a STAR label,
/// and every other heading is a question.
pub trait Headings {
    /// Whether the heading's whole text is a STAR label ("### Result"): it labels the text under it.
    fn is_star_label(&self, heading: &str) -> bool;

    /// What any other heading is. `asked` says whether the file's front matter already gives its
    /// question, so that a topic heading ("Caching") is more likely a section than a question.
    fn role(&self, heading: &str, asked: bool) -> HeadingRole;
}

impl<F: Fn(&str) -> bool> Headings for F {
    fn is_star_label(&self, heading: &str) -> bool {
        self(heading)
    }

    fn role(&self, _heading: &str, _asked: bool) -> HeadingRole {
        HeadingRole::Question
    }
}

/// A parsed file.
#[derive(Debug, Clone)]
pub struct Document {
    pub front_matter: FrontMatter,
    pub answers: Vec<Answer>,
    pub comments: Vec<Comment>,
}

/// Why a file could not be turned into answers.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DocumentError {
    #[error("invalid front matter: {0}")]
    FrontMatter(String),
    #[error("no answer text found (only headings, code, comments or whitespace)")]
    Empty,
}

impl Document {
    /// Parses `source`. `headings` says which headings are STAR labels, and which of the others ask
    /// a question (a new answer) or name a section of the answer around them.
    pub fn parse(source: &str, headings: &dyn Headings) -> Result<Self, DocumentError> {
        let parsed = markdown::parse(source, &|heading: &str| headings.is_star_label(heading));
        let front_matter = match &parsed.front_matter {
            Some((format, text)) => parse_front_matter(*format, text)?,
            None => FrontMatter::default(),
        };
        let asked = front_matter.question.is_some();
        // Every heading that is no STAR label opened an answer; one that names a section goes
        // back into the answer before it.
        let mut joined: Vec<markdown::RawAnswer> = Vec::with_capacity(parsed.answers.len());
        for raw in parsed.answers {
            let section = raw
                .question
                .as_deref()
                .is_some_and(|heading| headings.role(heading, asked) == HeadingRole::Section);
            match joined.last_mut() {
                Some(previous) if section => previous.absorb(raw),
                _ => joined.push(raw),
            }
        }
        let mut answers = Vec::with_capacity(joined.len());
        for (position, mut raw) in joined.into_iter().enumerate() {
            // Plain-text practice answers often open with the question on a line of its own
            // ("Q: Tell me about…"); with no question from front matter, that line is the question.
            let question_line = match position {
                0 if front_matter.question.is_none() => question_line(source, &mut raw.plain),
                _ => None,
            };
            // After a question line, the answer's first sentence starts past any "A:".
            let answer_start = question_line.as_ref().map_or(0, |(_, start)| *start);
            let sentences: Vec<Sentence> = segment::sentence_ranges(&raw.plain.text)
                .into_iter()
                .filter(|plain| plain.end > answer_start)
                .map(|plain| plain.start.max(answer_start)..plain.end)
                .map(|plain| Sentence {
                    span: raw.plain.source_range(source, plain.clone()),
                    words: segment::word_count(&raw.plain.text[plain.clone()]),
                    plain,
                })
                .collect();
            let words: usize = sentences.iter().map(|s| s.words).sum();
            if words == 0 {
                continue;
            }
            let section_labels = raw
                .section_labels
                .iter()
                .filter_map(|(at, label)| {
                    let index = sentences.partition_point(|s| s.plain.end <= *at);
                    (index < sentences.len()).then(|| (index, label.clone()))
                })
                .collect();
            let asked_inline = question_line.is_some();
            let question = match (position, question_line) {
                (0, Some((question, _))) => Some(question),
                (0, None) => front_matter.question.clone(),
                _ => raw.question.map(|heading| without_question_label(&heading)),
            };
            // After a "Q:" line, the answer starts at its first sentence.
            let start = match raw.start {
                Some(start) if !asked_inline => start,
                _ => sentences[0].span.start,
            };
            answers.push(Answer {
                question,
                start,
                plain: raw.plain,
                sentences,
                section_labels,
                words,
                markup: raw.markup,
                code_blocks: raw.code_blocks,
            });
        }
        if answers.is_empty() {
            return Err(DocumentError::Empty);
        }
        Ok(Document {
            front_matter,
            answers,
            comments: parsed.comments,
        })
    }
}

/// A leading "Q: …" or "Question: …" line, or one that is plainly an interview prompt ("Tell
/// me about a time you failed", "How would you design a rate limiter?"): the question, and the
/// plain offset where the answer after it starts (after an "A:" or "Answer:" that opens it).
///
/// The line is a line of `source`: practice files put the answer on the next line as often as
/// after a blank one, and Markdown joins those two lines into one paragraph. The joining space
/// then becomes a line break in `plain`, so that the question is never read as part of the
/// answer's first sentence.
fn question_line(source: &str, plain: &mut PlainText) -> Option<(String, usize)> {
    let body = plain.text.trim_start();
    let offset = plain.text.len() - body.len();
    // A question line is short (see `reads_as_prompt`), so only its first bytes are looked at:
    // the rest of a long first paragraph is the answer, whatever it holds.
    let head = &body.as_bytes()[..body.len().min(QUESTION_LINE_BYTES)];
    let joined_line = head
        .iter()
        .enumerate()
        .position(|(i, &byte)| byte == b' ' && starts_line_break(source, plain.source_offset(offset + i)));
    let end = match (body.find('\n'), joined_line) {
        (Some(a), Some(b)) => a.min(b),
        (a, b) => a.or(b).unwrap_or(body.len()),
    };
    let line = &body[..end];
    let question = match after_question_label(line) {
        Some(rest) => rest,
        None if reads_as_prompt(line) => line.trim(),
        None => return None,
    };
    // The rest of the file must still hold an answer.
    let rest = &body[end..];
    if question.is_empty() || rest.trim().is_empty() {
        return None;
    }
    let question = question.to_string();
    let answer = rest.trim_start();
    let mut answer_start = offset + end + rest.len() - answer.len();
    if let Some((prefix, after)) = answer.split_once(':') {
        let prefix = prefix.trim();
        if (prefix.eq_ignore_ascii_case("a") || prefix.eq_ignore_ascii_case("answer")) && !after.trim().is_empty() {
            answer_start += answer.len() - after.trim_start().len();
        }
    }
    if Some(end) == joined_line {
        // A space and a line break are both one byte: every offset stays where it was.
        plain.text.replace_range(offset + end..offset + end + 1, "\n");
    }
    Some((question, answer_start))
}

/// The longest first line read as a question: thirty words fit in it.
const QUESTION_LINE_BYTES: usize = 300;

/// Whether the source at `at` is a line break, after any spaces or tabs: where Markdown joined
/// two lines of a paragraph with a space.
fn starts_line_break(source: &str, at: usize) -> bool {
    source
        .get(at..)
        .is_some_and(|rest| rest.trim_start_matches([' ', '\t']).starts_with(['\n', '\r']))
}

/// A heading's question without the label practice files put before it: "Q: REST vs GraphQL?",
/// "Q1. Why Rust?", "Question 3 - …" ask "REST vs GraphQL?" and "Why Rust?".
fn without_question_label(heading: &str) -> String {
    after_question_label(heading).unwrap_or(heading.trim()).to_string()
}

/// The text after a leading question label ("Q:", "Q1.", "Question 3 -"), when there is one and
/// something follows it; a line or a heading that only starts with a word like "Queues:" has none.
fn after_question_label(text: &str) -> Option<&str> {
    let (label, rest) = text.trim().split_once([':', '.', ')', '-'])?;
    let label = label.trim().to_ascii_lowercase();
    // "q" or "question", then nothing or a number.
    let number = label
        .strip_prefix("question")
        .or_else(|| label.strip_prefix('q'))
        .map(str::trim)?;
    let rest = rest.trim();
    (number.bytes().all(|b| b.is_ascii_digit()) && !rest.is_empty()).then_some(rest)
}

/// Whether a line on its own is an interview prompt rather than the answer's first sentence: it
/// opens the way interviewers ask ("Tell me about…", "Describe a time…", "Walk me through…",
/// "How would you…", "What is…?") and is short. A story's first sentence says where and when.
fn reads_as_prompt(line: &str) -> bool {
    const OPENERS: [&str; 16] = [
        "tell me about ",
        "tell us about ",
        "describe a ",
        "describe the ",
        "describe how ",
        "describe your ",
        "walk me through ",
        "give me an example",
        "give an example",
        "share a time ",
        "talk about a time ",
        "how would you ",
        "what would you ",
        "what do you ",
        "why do you ",
        "have you ever ",
    ];
    let line = line.trim();
    // A longer first line is a paragraph of the answer, and is not lowercased and counted for
    // nothing.
    if line.len() > QUESTION_LINE_BYTES {
        return false;
    }
    let lower = line.to_lowercase();
    let words = line.split_whitespace().count();
    let opens = OPENERS.iter().any(|o| lower.starts_with(o));
    let asks = line.ends_with('?')
        && [
            "what ",
            "why ",
            "how ",
            "which ",
            "when ",
            "should ",
            "can you ",
            "could you ",
        ]
        .iter()
        .any(|o| lower.starts_with(o));
    // An imperative prompt may end in a full stop ("Walk me through a project you are proud
    // of."); a question that does not end in "?" is a story's sentence.
    (opens || asks) && (3..=30).contains(&words) && (asks || !line.ends_with('.') || is_imperative(&lower))
}

/// Whether a prompt opens with an imperative ("Tell me about…", "Walk me through…", "Describe…").
fn is_imperative(lower: &str) -> bool {
    ["tell ", "walk ", "describe ", "give ", "share ", "talk "]
        .iter()
        .any(|verb| lower.starts_with(verb))
}

fn parse_front_matter(format: MetadataFormat, text: &str) -> Result<FrontMatter, DocumentError> {
    match format {
        MetadataFormat::Toml => toml::from_str(text).map_err(|e| DocumentError::FrontMatter(e.message().to_string())),
        MetadataFormat::Yaml => Ok(parse_yaml_scalars(text)),
    }
}

/// Reads the two top-level scalar keys star-check uses from YAML front matter. A full YAML parser
/// is not worth a dependency for two strings; anything else in the block is the user's own.
fn parse_yaml_scalars(text: &str) -> FrontMatter {
    let mut front_matter = FrontMatter::default();
    for line in text.lines() {
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        if key.starts_with(char::is_whitespace) {
            continue;
        }
        let value = unquote_yaml(value.trim());
        if value.is_empty() {
            continue;
        }
        match key.trim() {
            "question" => front_matter.question = Some(value),
            "kind" => front_matter.kind = Some(value),
            _ => {}
        }
    }
    front_matter
}

fn unquote_yaml(value: &str) -> String {
    let value = match value.find(" #") {
        Some(comment) if !value.starts_with(['"', '\'']) => &value[..comment],
        _ => value,
    };
    for quote in ['"', '\''] {
        if value.len() >= 2 && value.starts_with(quote) && value.ends_with(quote) {
            let inner = &value[1..value.len() - 1];
            return if quote == '\'' {
                inner.replace("''", "'")
            } else {
                inner.replace("\\\"", "\"")
            };
        }
    }
    value.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(source: &str) -> Result<Document, DocumentError> {
        Document::parse(source, &|_: &str| false)
    }

    /// STAR labels and a heading is a section unless it ends with "?".
    struct Asking;

    impl Headings for Asking {
        fn is_star_label(&self, heading: &str) -> bool {
            heading == "Result"
        }
        fn role(&self, heading: &str, _asked: bool) -> HeadingRole {
            if heading.ends_with('?') {
                HeadingRole::Question
            } else {
                HeadingRole::Section
            }
        }
    }

    #[test]
    fn section_headings_stay_in_their_answer_and_keep_the_front_matter_question() {
        let source = "+++\nquestion = \"Walk me through a project.\"\n+++\n## My role\n\nI led the API.\n\n## What I built\n\nA booking service.\n\n### Result\nIt shipped.\n\n## Why Go?\n\nIt is fast.\n";
        let doc = Document::parse(source, &Asking).unwrap();
        assert_eq!(doc.answers.len(), 2);
        let walkthrough = &doc.answers[0];
        assert_eq!(walkthrough.question.as_deref(), Some("Walk me through a project."));
        assert_eq!(walkthrough.sentences.len(), 3);
        assert_eq!(walkthrough.sentence_text(1), "A booking service.");
        assert_eq!(
            walkthrough.section_labels,
            vec![
                (0, "My role".to_string()),
                (1, "What I built".to_string()),
                (2, "Result".to_string())
            ]
        );
        assert_eq!(walkthrough.start, source.find("## My role").unwrap());
        assert_eq!(&source[walkthrough.sentences[1].span.clone()], "A booking service.");
        assert_eq!(doc.answers[1].question.as_deref(), Some("Why Go?"));
    }

    #[test]
    fn yaml_front_matter_gives_question_and_kind() {
        let doc = parse("---\ntitle: x\nquestion: \"Tell me about yourself\"\nkind: intro # why\n---\nI build APIs.\n")
            .unwrap();
        assert_eq!(doc.front_matter.question.as_deref(), Some("Tell me about yourself"));
        assert_eq!(doc.front_matter.kind.as_deref(), Some("intro"));
        assert_eq!(doc.answers[0].question.as_deref(), Some("Tell me about yourself"));
    }

    #[test]
    fn a_leading_q_line_is_the_question() {
        let source =
            "Q: Tell me about a time you disagreed with a teammate.\n\nI asked him to profile it first. It worked.\n";
        let doc = parse(source).unwrap();
        let answer = &doc.answers[0];
        assert_eq!(
            answer.question.as_deref(),
            Some("Tell me about a time you disagreed with a teammate.")
        );
        assert_eq!(answer.sentences.len(), 2);
        assert_eq!(answer.sentence_text(0), "I asked him to profile it first.");
        assert_eq!(answer.start, source.find("I asked").unwrap());
        // Front matter wins; a "Q:" line alone, or a word that only starts with "Q", is an answer.
        let doc = parse("---\nquestion: \"Why Go?\"\n---\nQuestion: why Rust?\n\nBecause it is fast.\n").unwrap();
        assert_eq!(doc.answers[0].question.as_deref(), Some("Why Go?"));
        assert_eq!(parse("Q: is this all?\n").unwrap().answers[0].question, None);
        // A prompt on a line of its own, as practice files often start.
        let answer =
            &parse("tell me about a time you failed\n\nLast year I missed a deadline. I told my lead early.\n")
                .unwrap()
                .answers[0];
        assert_eq!(answer.question.as_deref(), Some("tell me about a time you failed"));
        assert_eq!(answer.sentences.len(), 2);
        let answer = &parse("How would you design a rate limiter?\n\nI would start with a token bucket per client.\n")
            .unwrap()
            .answers[0];
        assert_eq!(answer.question.as_deref(), Some("How would you design a rate limiter?"));
        // A story's own first line is no prompt, nor is a prompt with nothing after it.
        assert_eq!(
            parse("Last year our API was slow\n\nI added an index.\n")
                .unwrap()
                .answers[0]
                .question,
            None
        );
        assert_eq!(
            parse("Tell me about a time you failed\n").unwrap().answers[0].question,
            None
        );
        assert_eq!(
            parse("Queues: I used SQS.\n\nIt scaled.\n").unwrap().answers[0].question,
            None
        );
    }

    #[test]
    fn a_prompt_ending_in_a_full_stop_and_a_labelled_heading_give_the_question() {
        let answer = &parse("Walk me through a project you are proud of.\n\nI built a booking API in Go.\n")
            .unwrap()
            .answers[0];
        assert_eq!(
            answer.question.as_deref(),
            Some("Walk me through a project you are proud of.")
        );
        assert_eq!(answer.sentence_text(0), "I built a booking API in Go.");
        // A story's first sentence is still no prompt, full stop or not.
        assert_eq!(
            parse("What I did first was profile the endpoint.\n\nIt was slow.\n")
                .unwrap()
                .answers[0]
                .question,
            None
        );
        let doc =
            parse("## Q: REST vs GraphQL?\n\nREST is simpler to cache.\n\n## Q2. Why Rust?\n\nIt is fast.\n").unwrap();
        let questions: Vec<_> = doc.answers.iter().map(|a| a.question.as_deref()).collect();
        assert_eq!(questions, [Some("REST vs GraphQL?"), Some("Why Rust?")]);
        assert_eq!(without_question_label("Queues: SQS or Kafka?"), "Queues: SQS or Kafka?");
        assert_eq!(
            without_question_label("Question 3 - How do you test?"),
            "How do you test?"
        );
        assert_eq!(
            without_question_label("Questions about caching: why?"),
            "Questions about caching: why?"
        );
        // A first line labelled the same way is the question too.
        let answer = &parse("Q1: Why Rust?\nIt is fast and safe.\n").unwrap().answers[0];
        assert_eq!(answer.question.as_deref(), Some("Why Rust?"));
        assert_eq!(answer.sentence_text(0), "It is fast and safe.");
    }

    #[test]
    fn a_question_line_with_the_answer_on_the_next_line_is_the_question() {
        let source = "Q: Tell me about a time you failed\nLast year I missed a deadline. I told my lead early.\n";
        let answer = &parse(source).unwrap().answers[0];
        assert_eq!(answer.question.as_deref(), Some("Tell me about a time you failed"));
        assert_eq!(answer.sentences.len(), 2);
        assert_eq!(answer.sentence_text(0), "Last year I missed a deadline.");
        assert_eq!(answer.start, source.find("Last year").unwrap());
        // An "A:" that opens the answer is not part of its first sentence; CRLF and a bold "Q:" too.
        let source = "**Q:** What is your greatest weakness?\r\nA: I used to take on too much. I now say no.\r\n";
        let answer = &parse(source).unwrap().answers[0];
        assert_eq!(answer.question.as_deref(), Some("What is your greatest weakness?"));
        assert_eq!(answer.sentence_text(0), "I used to take on too much.");
        assert_eq!(answer.sentences[0].span.start, source.find("I used").unwrap());
        // A story whose first line runs on into the next is one sentence, and no question.
        let answer = &parse("Last year our API was\nslow, so I added an index.\n")
            .unwrap()
            .answers[0];
        assert_eq!(answer.question, None);
        assert_eq!(
            answer.sentence_text(0),
            "Last year our API was slow, so I added an index."
        );
    }

    #[test]
    fn sentence_spans_point_into_the_original() {
        let source = "# Q\n\nI *led* the fix. It took 2 days.\n";
        let doc = parse(source).unwrap();
        let answer = &doc.answers[0];
        assert_eq!(answer.start, 0);
        assert_eq!(answer.sentences.len(), 2);
        assert_eq!(&source[answer.sentences[0].span.clone()], "I *led* the fix.");
        assert_eq!(answer.sentences[1].words, 4);
        assert_eq!(answer.sentence_at(answer.plain.text.find("took").unwrap()), Some(1));
    }

    #[test]
    fn empty_answers_are_dropped_and_an_empty_file_is_an_error() {
        let doc = parse("## Only a heading\n\n## Second\nSome text.\n").unwrap();
        assert_eq!(doc.answers.len(), 1);
        assert_eq!(doc.answers[0].question.as_deref(), Some("Second"));
        assert_eq!(parse("  \n```\ncode\n```\n").unwrap_err(), DocumentError::Empty);
    }

    #[test]
    fn malformed_toml_front_matter_is_an_error() {
        let err = parse("+++\nquestion = \n+++\ntext\n").unwrap_err();
        assert!(matches!(err, DocumentError::FrontMatter(_)));
    }
}

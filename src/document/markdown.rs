//! Markdown to analysable plain text, keeping a map from every plain byte back to the original file.
//!
//! Code (fenced, indented, inline), HTML, images and front matter are not analysed; emphasis and link
//! syntax disappear but their words stay. Typographic quotes are folded to ASCII here, once, so that
//! every rule can be written with `'` and `"` and still match "don’t" or “done”.

use pulldown_cmark::{Event, MetadataBlockKind, Options, Parser, Tag, TagEnd};
use std::ops::Range;

/// Plain text of one answer, with the original byte offset of every plain byte.
#[derive(Debug, Clone, Default)]
pub struct PlainText {
    pub text: String,
    /// `origin[i]` is the offset in the original source of the character that produced plain byte `i`.
    origin: Vec<u32>,
    /// Plain offsets where a list item starts: a line that opens a bullet is not a headline.
    list_items: Vec<usize>,
}

impl PlainText {
    /// Appends `piece` whose characters come from the original text starting at `source_offset`,
    /// character for character when `aligned` (the source slice is the same text), otherwise every
    /// character is attributed to `source_offset` (an entity such as `&amp;`).
    fn push_mapped(&mut self, piece: &str, source_offset: usize, aligned: bool) {
        for (i, ch) in piece.char_indices() {
            let origin = if aligned { source_offset + i } else { source_offset } as u32;
            let folded = fold_typography(ch);
            let before = self.text.len();
            self.text.push(folded);
            self.origin
                .extend(std::iter::repeat_n(origin, self.text.len() - before));
        }
    }

    fn push_break(&mut self, source_offset: usize) {
        if !self.text.is_empty() && !self.text.ends_with('\n') {
            self.text.push('\n');
            self.origin.push(source_offset as u32);
        }
    }

    /// Whether plain offset `at` opens a list item (nothing but spaces between the item's start and it).
    pub fn opens_list_item(&self, at: usize) -> bool {
        self.list_items
            .iter()
            .any(|&start| start <= at && self.text.get(start..at).is_some_and(|gap| gap.trim().is_empty()))
    }

    fn push_space(&mut self, source_offset: usize) {
        if !self.text.is_empty() && !self.text.ends_with([' ', '\n']) {
            self.text.push(' ');
            self.origin.push(source_offset as u32);
        }
    }

    /// The original byte range that produced the plain range `range` (which must be non-empty and lie
    /// on character boundaries of the plain text).
    pub fn source_range(&self, source: &str, range: Range<usize>) -> Range<usize> {
        if range.is_empty() || range.start >= self.origin.len() {
            let at = self.source_offset(range.start);
            return at..at;
        }
        let start = self.origin[range.start] as usize;
        let last = self.origin[range.end - 1] as usize;
        let last_len = source
            .get(last..)
            .and_then(|s| s.chars().next())
            .map_or(0, char::len_utf8);
        start..(last + last_len).max(start)
    }

    /// Appends `other` (text that follows this text in the same file) after a line break.
    pub fn append(&mut self, other: &PlainText, source_offset: usize) {
        self.push_break(source_offset);
        self.text.push_str(&other.text);
        self.origin.extend_from_slice(&other.origin);
    }

    /// The original offset of plain byte `at` (or the end of the last character when `at` is the end).
    pub fn source_offset(&self, at: usize) -> usize {
        match self.origin.get(at) {
            Some(&o) => o as usize,
            None => self.origin.last().map_or(0, |&o| o as usize),
        }
    }
}

fn fold_typography(ch: char) -> char {
    match ch {
        '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{2032}' | '\u{FF07}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201F}' | '\u{2033}' | '\u{FF02}' => '"',
        '\u{00A0}' | '\u{2007}' | '\u{202F}' => ' ',
        other => other,
    }
}

/// One block of answer text as the Markdown parser found it, before sentences are cut.
#[derive(Debug, Clone, Default)]
pub struct RawAnswer {
    /// The heading text that opened this answer, if any.
    pub question: Option<String>,
    /// Byte offset where the answer starts: its heading, or its first analysed character.
    pub start: Option<usize>,
    pub plain: PlainText,
    /// Plain offsets where a STAR section heading ("### Result") begins a section, with its text.
    pub section_labels: Vec<(usize, String)>,
    /// Source ranges of inline markup inside the answer's text: emphasis delimiters (`**`, `_`,
    /// `~~`) and link syntax (`[`, `](url)`), in order. A sentence quoted from the source leaves them
    /// out, so `**Situation:** our API was slow.` reads `Situation: our API was slow.`.
    pub markup: Vec<Range<usize>>,
    /// Code blocks (fenced or indented) inside the answer: not analysed as text, but a snippet is
    /// an example all the same (`code-counts` on an evidence rule).
    pub code_blocks: usize,
}

impl RawAnswer {
    /// Takes in `next`, the answer a heading that turned out to be a section heading opened: its
    /// text follows this one's, and the heading labels the section it starts.
    pub fn absorb(&mut self, next: RawAnswer) {
        let heading = next.question.unwrap_or_default();
        let at = next.start.unwrap_or(0);
        if self.start.is_none() {
            self.start = next.start;
        }
        self.plain.append(&next.plain, at);
        self.code_blocks += next.code_blocks;
        // An empty answer has no break before its first section.
        let base = self.plain.text.len() - next.plain.text.len();
        self.section_labels.push((base, heading));
        self.section_labels.extend(
            next.section_labels
                .into_iter()
                .map(|(offset, label)| (base + offset, label)),
        );
    }
}

/// An HTML comment in the source (suppression comments are read from these).
#[derive(Debug, Clone)]
pub struct Comment {
    pub span: Range<usize>,
    pub text: String,
}

/// What the Markdown pass found in a file.
#[derive(Debug, Clone, Default)]
pub struct ParsedMarkdown {
    pub front_matter: Option<(MetadataFormat, String)>,
    pub answers: Vec<RawAnswer>,
    pub comments: Vec<Comment>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MetadataFormat {
    Toml,
    Yaml,
}

/// Splits `source` into answers at headings and strips Markdown. `is_section_label` says whether a
/// heading's text is a STAR section label (such headings label the text under them instead of
/// starting a new answer).
pub fn parse(source: &str, is_section_label: &dyn Fn(&str) -> bool) -> ParsedMarkdown {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS;
    let mut parsed = ParsedMarkdown::default();
    let mut current = RawAnswer::default();
    // Depth counters rather than booleans: pulldown-cmark nests images in links and so on.
    let mut skipping = 0usize;
    let mut heading: Option<(usize, String)> = None;
    let mut metadata: Option<(MetadataFormat, String)> = None;
    let mut inline = InlineMarkup::default();

    for (event, range) in Parser::new_ext(source, options).into_offset_iter() {
        inline.see(&event, &range, &mut current.markup);
        match event {
            Event::Start(Tag::MetadataBlock(kind)) => {
                let format = match kind {
                    MetadataBlockKind::PlusesStyle => MetadataFormat::Toml,
                    MetadataBlockKind::YamlStyle => MetadataFormat::Yaml,
                };
                metadata = Some((format, String::new()));
            }
            Event::End(TagEnd::MetadataBlock(_)) => parsed.front_matter = metadata.take(),
            Event::Start(Tag::CodeBlock(_)) => {
                skipping += 1;
                current.code_blocks += 1;
            }
            Event::Start(Tag::Image { .. }) => skipping += 1,
            Event::End(TagEnd::CodeBlock | TagEnd::Image) => {
                skipping = skipping.saturating_sub(1);
                current.plain.push_break(range.end.saturating_sub(1));
            }
            Event::Start(Tag::Heading { .. }) => heading = Some((range.start, String::new())),
            Event::End(TagEnd::Heading(_)) => {
                if let Some((start, text)) = heading.take() {
                    let text = text.trim().to_string();
                    if is_section_label(&text) {
                        current.plain.push_break(start);
                        current.section_labels.push((current.plain.text.len(), text));
                    } else {
                        parsed.answers.push(std::mem::take(&mut current));
                        current.question = Some(text);
                        current.start = Some(start);
                    }
                }
            }
            Event::Text(text) => {
                if let Some((_, heading_text)) = heading.as_mut() {
                    heading_text.push_str(&text);
                } else if let Some((_, meta)) = metadata.as_mut() {
                    meta.push_str(&text);
                } else if skipping == 0 {
                    push_text(&mut current, source, &text, range);
                }
            }
            Event::Code(code) => {
                if let Some((_, heading_text)) = heading.as_mut() {
                    heading_text.push_str(&code);
                } else {
                    current.plain.push_space(range.start);
                }
            }
            Event::Html(html) | Event::InlineHtml(html) => collect_comment(&mut parsed.comments, &html, range),
            Event::SoftBreak => current.plain.push_space(range.start),
            Event::HardBreak => current.plain.push_break(range.start),
            Event::Start(Tag::Item) => {
                current.plain.push_break(range.start);
                let at = current.plain.text.len();
                current.plain.list_items.push(at);
            }
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::BlockQuote(_)
                | TagEnd::TableCell
                | TagEnd::TableRow
                | TagEnd::TableHead
                | TagEnd::FootnoteDefinition,
            ) => current.plain.push_break(range.end.saturating_sub(1)),
            _ => {}
        }
    }
    parsed.answers.push(current);
    parsed
}

/// Finds the markup of inline containers (emphasis, strong, strikethrough, links): the bytes of a
/// container's range before its first child and after its last one.
#[derive(Default)]
struct InlineMarkup {
    /// Open containers: their range, and the span of their children so far.
    open: Vec<(Range<usize>, Option<Range<usize>>)>,
}

impl InlineMarkup {
    fn see(&mut self, event: &Event, range: &Range<usize>, markup: &mut Vec<Range<usize>>) {
        match event {
            Event::Start(Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. }) => {
                self.open.push((range.clone(), None));
            }
            Event::End(TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link) => {
                let Some((outer, children)) = self.open.pop() else {
                    return;
                };
                let pieces = match children {
                    Some(inner) => vec![outer.start..inner.start, inner.end..outer.end],
                    None => vec![outer.clone()],
                };
                // An inner container ends before the outer one: keep the list in source order.
                for piece in pieces.into_iter().filter(|r| !r.is_empty()) {
                    let at = markup.partition_point(|m| m.start < piece.start);
                    markup.insert(at, piece);
                }
                self.child(&outer);
            }
            _ if !self.open.is_empty() => self.child(range),
            _ => {}
        }
    }

    fn child(&mut self, range: &Range<usize>) {
        if let Some((_, children)) = self.open.last_mut() {
            let span = children.get_or_insert(range.clone());
            span.start = span.start.min(range.start);
            span.end = span.end.max(range.end);
        }
    }
}

fn push_text(answer: &mut RawAnswer, source: &str, text: &str, range: Range<usize>) {
    answer.start.get_or_insert(range.start);
    let original = &source[range.clone()];
    if original == text {
        answer.plain.push_mapped(text, range.start, true);
    } else if original.ends_with(text) {
        // A backslash escape: the text is the tail of its source range.
        answer.plain.push_mapped(text, range.end - text.len(), true);
    } else {
        answer.plain.push_mapped(text, range.start, false);
    }
}

/// Keeps HTML comments (suppression comments live in them). A comment over several lines arrives
/// as several `Html` events, so a piece that continues an unclosed comment is appended to it.
fn collect_comment(comments: &mut Vec<Comment>, html: &str, range: Range<usize>) {
    if let Some(last) = comments.last_mut()
        && !last.text.contains("-->")
        && last.span.end == range.start
    {
        last.text.push_str(html);
        last.span.end = range.end;
    } else if html.trim_start().starts_with("<!--") {
        comments.push(Comment {
            span: range,
            text: html.to_string(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_labels(_: &str) -> bool {
        false
    }

    #[test]
    fn strips_markup_and_maps_back_to_the_source() {
        let source = "I **don’t** use [Git](https://git-scm.com) `git log`.\n\n```\ncode here\n```\n";
        let parsed = parse(source, &no_labels);
        let answer = &parsed.answers[0];
        assert_eq!(answer.plain.text, "I don't use Git .\n");
        let dont = answer.plain.text.find("don't").unwrap();
        let span = answer.plain.source_range(source, dont..dont + 5);
        assert_eq!(&source[span], "don’t");
        let git = answer.plain.text.find("Git").unwrap();
        assert_eq!(&source[answer.plain.source_range(source, git..git + 3)], "Git");
    }

    #[test]
    fn headings_start_answers_and_section_labels_do_not() {
        let source = "+++\nquestion = \"Q0\"\n+++\nPreamble text.\n\n## Tell me about a time\nStory.\n\n### Result\nIt worked.\n";
        let parsed = parse(source, &|h: &str| h.eq_ignore_ascii_case("result"));
        assert_eq!(parsed.front_matter.as_ref().map(|f| f.0), Some(MetadataFormat::Toml));
        assert!(parsed.front_matter.as_ref().unwrap().1.contains("Q0"));
        assert_eq!(parsed.answers.len(), 2);
        assert_eq!(parsed.answers[0].plain.text, "Preamble text.\n");
        assert_eq!(parsed.answers[1].question.as_deref(), Some("Tell me about a time"));
        assert_eq!(parsed.answers[1].plain.text, "Story.\nIt worked.\n");
        assert_eq!(
            parsed.answers[1].section_labels,
            vec![("Story.\n".len(), "Result".to_string())]
        );
    }

    #[test]
    fn inline_markup_is_found_around_its_words() {
        let source = "**Situation:** our API was slow, see [the graph](https://x.test/g) and *~~old~~ new* `code`.\n";
        let parsed = parse(source, &no_labels);
        let markup: Vec<&str> = parsed.answers[0].markup.iter().map(|r| &source[r.clone()]).collect();
        assert_eq!(markup, ["**", "**", "[", "](https://x.test/g)", "*", "~~", "~~", "*"]);
    }

    #[test]
    fn comments_lists_and_escapes() {
        let source = "<!-- star-check-disable wording/hedge -->\n<!--\nline two\n-->\n- Cut latency 40%\n- Saved \\*two\\* hours\n";
        let parsed = parse(source, &no_labels);
        assert_eq!(parsed.comments.len(), 2);
        assert_eq!(parsed.comments[1].text.trim_end(), "<!--\nline two\n-->");
        assert!(parsed.comments[0].text.contains("wording/hedge"));
        let plain = &parsed.answers[0].plain;
        assert_eq!(plain.text, "Cut latency 40%\nSaved *two* hours\n");
        let star = plain.text.find('*').unwrap();
        assert_eq!(
            plain.source_range(source, star..star + 1),
            source.find("\\*").unwrap() + 1..source.find("\\*").unwrap() + 2
        );
    }
}

//! The default report for a person at a terminal: the question, score and grade with a bar, the
//! categories, the fixes worth the most points, the STAR map, then the findings as rustc and ruff
//! print theirs: repeats of one rule under one message, and findings about the whole answer without
//! a quoted line. `verbose` prints every finding with its source line instead.

use super::{AnswerReport, DiagnosticReport, FileReport, Renderer, Report};
use crate::analysis::KindSource;
use crate::document::LineIndex;
use crate::rules::schema::{Category, Severity};
use crate::score::Grade;
use annotate_snippets::{AnnotationKind, Level, Snippet};
use colored::{ColoredString, Colorize};
use std::io::Write;
use std::ops::Range;

/// Renders for people. Colour is decided once by the caller (see `cli::color`).
pub struct HumanRenderer {
    pub color: bool,
    /// The pass mark, shown in the summary; `None` when config files set different ones.
    pub min_score: Option<u32>,
    /// Every finding on its own with its source line, as `--verbose` asks, instead of repeats
    /// grouped under one message.
    pub verbose: bool,
}

const BAR_CELLS: usize = 20;
const MAP_TEXT_CHARS: usize = 72;
/// Up to this many sentences, the STAR map has a line for each; a longer answer's map has a line
/// for each run of sentences with the same parts.
const MAP_EVERY_SENTENCE_UP_TO: usize = 16;

impl Renderer for HumanRenderer {
    fn render(&self, report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
        for file in &report.files {
            let lines = LineIndex::new(&file.source);
            for answer in &file.answers {
                self.answer(file, &lines, answer, out)?;
            }
        }
        self.summary(report, out)
    }
}

impl HumanRenderer {
    fn paint(&self, text: &str, style: fn(&str) -> ColoredString) -> String {
        if self.color {
            style(text).to_string()
        } else {
            text.to_string()
        }
    }

    fn answer(
        &self,
        file: &FileReport,
        lines: &LineIndex,
        answer: &AnswerReport,
        out: &mut dyn Write,
    ) -> std::io::Result<()> {
        let location = format!("{}:{}", file.path, answer.line);
        let question = answer.question.as_deref().unwrap_or("(no question given)");
        writeln!(
            out,
            "{} {}",
            self.paint(&location, |s| s.bold()),
            self.paint(question, |s| s.bold())
        )?;
        let how = match answer.kind_source {
            KindSource::Given => "as given",
            KindSource::Inferred => "inferred from the question",
            KindSource::Matched => "from the question bank",
            KindSource::Default => "no question to infer from",
            KindSource::Unrecognised => "not recognised in the question; set it with --kind or `kind:` in front matter",
        };
        writeln!(
            out,
            "  {} question ({how}) · {} words · about {} to say",
            answer.kind.id(),
            answer.words,
            spoken(answer.speaking_seconds)
        )?;
        writeln!(out)?;
        let grade = self.grade(answer.grade);
        let verdict = if answer.passed {
            self.paint("pass", |s| s.green())
        } else {
            self.paint("fail", |s| s.red())
        };
        let cap = answer
            .capped_by
            .as_ref()
            .map(|rule| format!(" (capped by {rule})"))
            .unwrap_or_default();
        writeln!(
            out,
            "  score {:>3}/100  {}  {}  {verdict}{cap}",
            answer.score,
            bar(answer.score, 100),
            grade
        )?;
        for category in &answer.categories {
            let id = category.category.id();
            writeln!(
                out,
                "    {id:<12} {:>2}/{:<2}  {}",
                category.score,
                category.max,
                bar(category.score, category.max)
            )?;
        }
        if !answer.top_fixes.is_empty() {
            writeln!(out)?;
            writeln!(out, "  fix first")?;
            for fix in &answer.top_fixes {
                let points = format!("+{}", fix.points);
                writeln!(
                    out,
                    "    {}  {} {}",
                    self.paint(&format!("{points:<3}"), |s| s.green().bold()),
                    fix.message,
                    self.paint(&format!("[{}]", fix.rule), |s| s.dimmed())
                )?;
            }
        }
        if answer.star.is_some() {
            writeln!(out)?;
            writeln!(out, "  STAR map")?;
            // A sentence that tells two parts shows both ("A+R"); the column is as wide as the
            // widest, so the positions stay aligned.
            let width = if answer.sentences.iter().any(|s| s.labels.len() > 1) {
                3
            } else {
                1
            };
            // A long answer's map shows each run of sentences with the same parts as one line (its
            // first sentence and how many there are), so the map stays on the screen; `--verbose`
            // shows every sentence.
            let grouped = !self.verbose && answer.sentences.len() > MAP_EVERY_SENTENCE_UP_TO;
            let mut runs: Vec<(usize, usize)> = Vec::new();
            for (index, sentence) in answer.sentences.iter().enumerate() {
                match runs.last_mut() {
                    Some((first, count)) if grouped && answer.sentences[*first].labels == sentence.labels => {
                        *count += 1;
                    }
                    _ => runs.push((index, 1)),
                }
            }
            for (first, count) in runs {
                let sentence = &answer.sentences[first];
                let label = if sentence.labels.is_empty() {
                    "·".to_string()
                } else {
                    sentence.labels.join("+")
                };
                let label = format!("{label:<width$}");
                let label = match sentence.label {
                    Some(_) => self.paint(&label, |s| s.cyan().bold()),
                    None => self.paint(&label, |s| s.dimmed()),
                };
                let at = format!("{}:{}", sentence.line, sentence.column);
                if grouped {
                    let times = if count > 1 { format!("×{count}") } else { String::new() };
                    let text = shorten(&sentence.text, MAP_TEXT_CHARS - 4);
                    writeln!(out, "    {label}  {at:<7} {times:<3} {text}")?;
                } else {
                    writeln!(out, "    {label}  {at:<7} {}", shorten(&sentence.text, MAP_TEXT_CHARS))?;
                }
            }
            if let Some(star) = &answer.star {
                let parts = [
                    ("Situation", &star.situation),
                    ("Task", &star.task),
                    ("Action", &star.action),
                    ("Result", &star.result),
                ];
                for verdict in ["missing", "unclear"] {
                    let named: Vec<&str> = parts
                        .iter()
                        .filter(|(_, p)| p.verdict == verdict)
                        .map(|(name, _)| *name)
                        .collect();
                    if !named.is_empty() {
                        writeln!(out, "    {verdict}: {}", self.paint(&named.join(", "), |s| s.yellow()))?;
                    }
                }
            }
        }
        super::checklist::write(answer, self.color, out)?;
        writeln!(out)?;
        if self.verbose {
            for diagnostic in &answer.diagnostics {
                self.diagnostic(file, lines, diagnostic, out)?;
            }
            return Ok(());
        }
        // A talking point the checklist shows as missing, with its advice, is not listed again.
        let listed: Vec<DiagnosticReport> = answer
            .diagnostics
            .iter()
            .filter(|d| answer.coverage.is_none() || d.category != Category::Coverage)
            .cloned()
            .collect();
        for group in group_by_rule(&listed) {
            match group.as_slice() {
                [only] if !only.whole_answer => self.diagnostic(file, lines, only, out)?,
                _ => self.grouped(file, &group, out)?,
            }
        }
        Ok(())
    }

    /// A rule's findings under one title, message and advice: a whole-answer finding as its
    /// location alone, repeats as one location line each with the words they matched. Saying the
    /// same advice nine times would bury the findings that differ.
    fn grouped(&self, file: &FileReport, group: &[&DiagnosticReport], out: &mut dyn Write) -> std::io::Result<()> {
        let first = group[0];
        let (level, style): (&str, fn(&str) -> ColoredString) = match first.severity {
            Severity::Error => ("error", |s| s.red().bold()),
            Severity::Warning => ("warning", |s| s.yellow().bold()),
            Severity::Info => ("info", |s| s.bright_blue().bold()),
        };
        let count = if group.len() > 1 {
            format!(" ×{}", group.len())
        } else {
            String::new()
        };
        writeln!(
            out,
            "{}{}: {}",
            self.paint(&format!("{level}[{}]", first.rule), style),
            self.paint(&count, |s| s.bold()),
            self.paint(&first.message, |s| s.bold())
        )?;
        let arrow = self.paint("-->", |s| s.bright_blue().bold());
        for diagnostic in group {
            let mut place = format!("{}:{}:{}", file.path, diagnostic.line, diagnostic.column);
            if let Some(words) = &diagnostic.matched {
                place.push_str(&format!("  \"{}\"", shorten(&collapse(words), MAP_TEXT_CHARS)));
            }
            // A message filled in per finding (the rule a suppression names) is kept with its place.
            if diagnostic.message != first.message {
                place.push_str(&format!("  {}", diagnostic.message));
            }
            writeln!(out, "  {arrow} {place}")?;
        }
        let equals = self.paint("=", |s| s.bright_blue().bold());
        if let Some(advice) = &first.advice {
            writeln!(out, "  {equals} {}: {advice}", self.paint("help", |s| s.bold()))?;
        }
        if let Some(suggestion) = &first.suggestion {
            let suggestion = if suggestion.is_empty() {
                "remove it"
            } else {
                suggestion.as_str()
            };
            writeln!(
                out,
                "  {equals} {}: suggestion: {suggestion}",
                self.paint("note", |s| s.bold())
            )?;
        }
        writeln!(out)
    }

    fn grade(&self, grade: Grade) -> String {
        let name = grade.name();
        match grade {
            Grade::Strong => self.paint(name, |s| s.green().bold()),
            Grade::Good => self.paint(name, |s| s.cyan().bold()),
            Grade::NeedsWork => self.paint(name, |s| s.yellow().bold()),
            Grade::Weak => self.paint(name, |s| s.red().bold()),
        }
    }

    fn diagnostic(
        &self,
        file: &FileReport,
        lines: &LineIndex,
        diagnostic: &DiagnosticReport,
        out: &mut dyn Write,
    ) -> std::io::Result<()> {
        let level = match diagnostic.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
            Severity::Info => Level::INFO,
        };
        // Quote only the lines the span covers, so rendering stays proportional to the finding. The
        // line index finds them without scanning a long line once per finding, and ends lines where
        // the reported line numbers do (`\n`, `\r\n` or a lone `\r`).
        let source = &file.source;
        let span_start = diagnostic.span.start.min(source.len());
        let span_end = diagnostic.span.end.clamp(span_start, source.len());
        let line_start = lines.line_range(source, lines.line_of(span_start)).start;
        let line_end = lines.line_range(source, lines.line_of(span_end)).end.max(span_end);
        // A lone `\r` inside a span over several lines becomes `\n` (same length, so offsets hold):
        // the snippet renderer splits lines at `\n` and a raw `\r` would rewind the terminal's cursor.
        let (excerpt, local, clipped) = if line_end - line_start > MAX_QUOTED_BYTES {
            clip(source, line_start..line_end, span_start..span_end)
        } else {
            (
                source[line_start..line_end].to_string(),
                (span_start - line_start)..(span_end - line_start),
                false,
            )
        };
        let excerpt = lone_carriage_returns_as_newlines(&excerpt);
        let label = diagnostic.matched.as_ref().map(|_| diagnostic.category.id());
        let mut annotation = AnnotationKind::Primary.span(local);
        if let Some(label) = label {
            annotation = annotation.label(label);
        }
        let snippet = Snippet::source(excerpt.as_str())
            .line_start(diagnostic.line)
            .annotation(annotation);
        // The snippet renderer computes the column from the excerpt, and a clipped excerpt starts
        // mid-line: it gets no path, and the location line is added to what it renders.
        let snippet = if clipped {
            snippet
        } else {
            snippet.path(file.path.as_str())
        };
        let mut group = level
            .primary_title(diagnostic.message.as_str())
            .id(diagnostic.rule.as_str())
            .element(snippet);
        if let Some(advice) = &diagnostic.advice {
            group = group.element(Level::HELP.message(advice.as_str()));
        }
        let suggestion = diagnostic.suggestion.as_ref().map(|s| {
            if s.is_empty() {
                "suggestion: remove it".to_string()
            } else {
                format!("suggestion: {s}")
            }
        });
        if let Some(suggestion) = &suggestion {
            group = group.element(Level::NOTE.message(suggestion.as_str()));
        }
        let renderer = if self.color {
            annotate_snippets::Renderer::styled()
        } else {
            annotate_snippets::Renderer::plain()
        };
        let rendered = renderer.render(&[group]);
        if clipped {
            let (title, rest) = rendered.split_once('\n').unwrap_or((&rendered, ""));
            let last_line = diagnostic.line + excerpt.matches('\n').count();
            let width = last_line.to_string().len();
            let arrow = self.paint("-->", |s| s.bright_blue().bold());
            writeln!(out, "{title}")?;
            writeln!(
                out,
                "{:width$}{arrow} {}:{}:{}",
                "", file.path, diagnostic.line, diagnostic.column
            )?;
            writeln!(out, "{rest}")?;
        } else {
            writeln!(out, "{rendered}")?;
        }
        writeln!(out)
    }

    fn summary(&self, report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
        let s = &report.summary;
        let unreadable = report.files.iter().filter(|f| f.error.is_some()).count();
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        let pass_mark = match self.min_score {
            Some(mark) => format!("pass mark {mark}"),
            None => "pass marks differ by config".to_string(),
        };
        let mut line = format!(
            "Checked {}, {}: {} passed, {} failed ({pass_mark}).",
            plural(s.files, "file"),
            plural(s.answers, "answer"),
            s.passed,
            s.failed,
        );
        let findings = s.errors - unreadable;
        line.push_str(&format!(
            " {}, {}",
            plural(findings, "error"),
            plural(s.warnings, "warning")
        ));
        if unreadable > 0 {
            line.push_str(&format!(", {} could not be checked", plural(unreadable, "file")));
        }
        line.push('.');
        let line = if s.failed == 0 && unreadable == 0 {
            self.paint(&line, |t| t.green())
        } else {
            self.paint(&line, |t| t.bold())
        };
        writeln!(out, "{line}")
    }
}

/// Lines longer than this are quoted only around the finding, so that rendering a thousand findings
/// on a one-megabyte line does not quote the megabyte a thousand times.
const MAX_QUOTED_BYTES: usize = 2048;
/// Bytes of context kept on each side of a finding in a clipped line.
const CLIP_CONTEXT_BYTES: usize = 160;

/// The part of `source[lines]` around `span`, with `…` where it was cut, the span within it, and
/// whether anything was cut. A span longer than the quoted window is cut too.
fn clip(source: &str, lines: Range<usize>, span: Range<usize>) -> (String, Range<usize>, bool) {
    let floor = |mut at: usize| {
        while !source.is_char_boundary(at) {
            at -= 1;
        }
        at
    };
    let ceil = |mut at: usize| {
        while !source.is_char_boundary(at) {
            at += 1;
        }
        at
    };
    let start = floor(span.start.saturating_sub(CLIP_CONTEXT_BYTES).max(lines.start));
    let span_end = floor(span.end.min(span.start + MAX_QUOTED_BYTES)).max(span.start);
    let end = ceil((span_end + CLIP_CONTEXT_BYTES).min(lines.end));
    let mut excerpt = String::with_capacity(end - start + 8);
    if start > lines.start {
        excerpt.push('…');
    }
    let offset = excerpt.len();
    excerpt.push_str(&source[start..end]);
    if end < lines.end {
        excerpt.push('…');
    }
    let local = (span.start - start + offset)..(span_end - start + offset);
    (excerpt, local, true)
}

fn lone_carriage_returns_as_newlines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(if c == '\r' && chars.peek() != Some(&'\n') {
            '\n'
        } else {
            c
        });
    }
    out
}

/// An answer's findings by rule, in the order each rule first fired.
fn group_by_rule(diagnostics: &[DiagnosticReport]) -> Vec<Vec<&DiagnosticReport>> {
    let mut groups: Vec<Vec<&DiagnosticReport>> = Vec::new();
    for diagnostic in diagnostics {
        match groups.iter_mut().find(|g| g[0].rule == diagnostic.rule) {
            Some(group) => group.push(diagnostic),
            None => groups.push(vec![diagnostic]),
        }
    }
    groups
}

/// Matched words on one line: a match may run over a line break.
fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn bar(score: u32, max: u32) -> String {
    let filled = if max == 0 {
        0
    } else {
        (score as usize * BAR_CELLS + max as usize / 2) / max as usize
    };
    format!(
        "{}{}",
        "█".repeat(filled.min(BAR_CELLS)),
        "░".repeat(BAR_CELLS - filled.min(BAR_CELLS))
    )
}

fn spoken(seconds: u32) -> String {
    if seconds < 60 {
        format!("{seconds} s")
    } else {
        format!("{} min {:02} s", seconds / 60, seconds % 60)
    }
}

fn shorten(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_string();
    }
    let cut: String = text.chars().take(max_chars - 1).collect();
    format!("{}…", cut.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_and_times() {
        assert_eq!(bar(100, 100), "█".repeat(20));
        assert_eq!(bar(0, 30), "░".repeat(20));
        assert_eq!(bar(15, 30), format!("{}{}", "█".repeat(10), "░".repeat(10)));
        assert_eq!(spoken(59), "59 s");
        assert_eq!(spoken(95), "1 min 35 s");
        assert_eq!(shorten("abcdef", 4), "abc…");
    }
}

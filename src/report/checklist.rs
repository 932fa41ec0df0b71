//! The talking-point checklist of the human report: for an answer whose question matched the
//! bank, each point of the question's rubric, ticked with the opening words of the sentence that
//! covers it, or crossed with what to say.

use super::AnswerReport;
use colored::Colorize;
use std::io::Write;

/// How many words of the covering sentence are quoted.
const OPENING_WORDS: usize = 8;

/// Writes the checklist (nothing when the answer matched no bank question).
pub fn write(answer: &AnswerReport, color: bool, out: &mut dyn Write) -> std::io::Result<()> {
    let (Some(coverage), Some(id)) = (&answer.coverage, &answer.question_id) else {
        return Ok(());
    };
    writeln!(out)?;
    writeln!(
        out,
        "  talking points of `{id}`: {} of {} covered",
        coverage.covered, coverage.total
    )?;
    let width = coverage.points.iter().map(|p| p.id.chars().count()).max().unwrap_or(0);
    for point in &coverage.points {
        let (mark, text) = match point.sentence.and_then(|i| answer.sentences.get(i)) {
            Some(sentence) => ("✔", format!("\"{}\"", opening(&sentence.text))),
            None => ("✘", point.advice.clone()),
        };
        let mark = match (color, point.sentence.is_some()) {
            (false, _) => mark.to_string(),
            (true, true) => mark.green().bold().to_string(),
            (true, false) => mark.yellow().bold().to_string(),
        };
        writeln!(out, "    {mark} {:<width$}  {text}", point.id)?;
    }
    Ok(())
}

/// A sentence's first words, with "…" when there are more. A label the sentence opens with
/// ("Action:", "Step 2:") is left out: the quote shows what covers the point, not its heading.
pub fn opening(text: &str) -> String {
    const LABEL_WORDS: usize = 3;
    let mut words: Vec<&str> = text.split_whitespace().collect();
    if let Some(end) = words
        .iter()
        .take(LABEL_WORDS)
        .position(|w| w.trim_end_matches('*').ends_with(':'))
        && end + 1 < words.len()
    {
        words.drain(..=end);
    }
    if words.len() <= OPENING_WORDS {
        words.join(" ")
    } else {
        format!("{}…", words[..OPENING_WORDS].join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn openings_stop_at_eight_words() {
        assert_eq!(opening("I built it."), "I built it.");
        assert_eq!(
            opening("one two three four five six seven eight nine"),
            "one two three four five six seven eight…"
        );
        assert_eq!(opening("**Action:** I met him."), "I met him.");
        assert_eq!(opening("Step 2: I met him."), "I met him.");
        // Not a label: a colon later in the sentence, or nothing after it.
        assert_eq!(
            opening("I had one goal for the sprint: ship it."),
            "I had one goal for the sprint: ship…"
        );
        assert_eq!(opening("Result:"), "Result:");
    }
}

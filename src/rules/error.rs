//! Errors in rule files, with the file, line, column and rule id a rule author needs to fix them.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleError {
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub rule: Option<String>,
    pub message: String,
}

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}: ", self.path, self.line, self.column)?;
        if let Some(rule) = &self.rule {
            write!(f, "rule `{rule}`: ")?;
        }
        write!(f, "{}", self.message)
    }
}

impl std::error::Error for RuleError {}

/// Builds errors for one file's text, turning byte offsets into positions.
pub struct ErrorContext<'a> {
    pub path: &'a str,
    pub text: &'a str,
}

impl ErrorContext<'_> {
    pub fn at(&self, offset: usize, rule: Option<&str>, message: impl Into<String>) -> RuleError {
        let index = crate::document::LineIndex::new(self.text);
        let position = index.line_col(self.text, offset);
        RuleError {
            path: self.path.to_string(),
            line: position.line,
            column: position.column,
            // An id is quoted as written, and a bad one may hold a line break too.
            rule: rule.map(|id| one_line(id.to_string())),
            message: one_line(message.into()),
        }
    }

    /// An error from the TOML deserializer. Serde does not know which rule it was reading, so the
    /// rule id is recovered from the `[[rule]]` table that encloses the error's position.
    pub fn from_toml(&self, error: &toml::de::Error) -> RuleError {
        let offset = error.span().map_or(0, |span| span.start);
        let rule = enclosing_rule_id(self.text, offset);
        let message = error.message().trim().replace('\n', " ");
        self.at(offset, rule.as_deref(), message)
    }
}

/// Errors are one line on stderr, but a message may quote a value from the file (a name, a
/// pattern) that holds a line break; such characters are shown escaped.
pub fn one_line(message: String) -> String {
    if !message.contains(char::is_control) {
        return message;
    }
    let mut out = String::with_capacity(message.len() + 8);
    for c in message.chars() {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

fn enclosing_rule_id(text: &str, offset: usize) -> Option<String> {
    let offset = offset.min(text.len());
    let header = text[..offset].rfind("[[rule]]")?;
    let block_end = text[header + 8..].find("\n[").map_or(text.len(), |i| header + 8 + i);
    text[header..block_end].lines().find_map(|line| {
        let (key, value) = line.split_once('=')?;
        (key.trim() == "id").then(|| value.trim().trim_matches(['"', '\'']).to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_rule_around_a_position() {
        let text = "[[rule]]\nid = \"a/one\"\n\n[[rule]]\nid = 'b/two'\ncolour = 1\n";
        let offset = text.find("colour").unwrap();
        assert_eq!(enclosing_rule_id(text, offset).as_deref(), Some("b/two"));
        assert_eq!(enclosing_rule_id(text, 3), None);
    }

    #[test]
    fn messages_are_one_line() {
        let context = ErrorContext {
            path: "x.toml",
            text: "a\nb",
        };
        let error = context.at(2, Some("a/b"), "unknown lexicon `x\ny`");
        assert_eq!(error.to_string(), "x.toml:2:1: rule `a/b`: unknown lexicon `x\\ny`");
        // Found by fuzzing: an id with a line break, reported as not kebab-case.
        let error = context.at(2, Some("g/hedge -->\nI think"), "rule ids are kebab-case");
        assert_eq!(
            error.to_string(),
            "x.toml:2:1: rule `g/hedge -->\\nI think`: rule ids are kebab-case"
        );
    }
}

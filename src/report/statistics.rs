//! `--statistics`: how many findings each rule produced over everything checked, most frequent
//! first, printed instead of the report as ruff's `--statistics` does. Aligned text for people,
//! a JSON array with `--format json`.

use super::{Renderer, Report};
use crate::rules::schema::Severity;
use serde::Serialize;
use std::collections::HashMap;
use std::io::Write;

/// One line of the statistics: a rule, at one severity, and how often it fired.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleCount {
    pub count: usize,
    pub rule: String,
    pub severity: Severity,
    /// The rule's message, with the per-finding values (`{value}`, `{min}`, `{max}`) shown as `…`.
    pub message: String,
}

pub struct StatisticsRenderer {
    /// Rule id to its message as written in its rule file.
    pub messages: HashMap<String, String>,
    pub json: bool,
}

impl StatisticsRenderer {
    /// Counts findings by rule and severity (a config may re-level a rule in one folder only),
    /// most frequent first, then by rule id.
    pub fn count(&self, report: &Report) -> Vec<RuleCount> {
        let mut counts: HashMap<(&str, Severity), usize> = HashMap::new();
        let diagnostics = report
            .files
            .iter()
            .flat_map(|f| &f.answers)
            .flat_map(|a| &a.diagnostics);
        for diagnostic in diagnostics {
            *counts
                .entry((diagnostic.rule.as_str(), diagnostic.severity))
                .or_default() += 1;
        }
        let mut rows: Vec<RuleCount> = counts
            .into_iter()
            .map(|((rule, severity), count)| RuleCount {
                count,
                rule: rule.to_string(),
                severity,
                message: self.messages.get(rule).map_or_else(String::new, |m| template(m)),
            })
            .collect();
        rows.sort_by(|a, b| {
            b.count
                .cmp(&a.count)
                .then_with(|| a.rule.cmp(&b.rule))
                .then(b.severity.cmp(&a.severity))
        });
        rows
    }
}

fn template(message: &str) -> String {
    ["{value}", "{min}", "{max}"]
        .iter()
        .fold(message.to_string(), |m, placeholder| m.replace(placeholder, "…"))
}

impl Renderer for StatisticsRenderer {
    fn render(&self, report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
        let rows = self.count(report);
        if self.json {
            serde_json::to_writer_pretty(&mut *out, &rows)?;
            return writeln!(out);
        }
        let count_width = rows.iter().map(|r| r.count.to_string().len()).max().unwrap_or(0).max(4);
        let rule_width = rows.iter().map(|r| r.rule.len()).max().unwrap_or(0);
        let severity_width = rows.iter().map(|r| r.severity.name().len() + 2).max().unwrap_or(0);
        for row in rows {
            let severity = format!("[{}]", row.severity.name());
            writeln!(
                out,
                "{:>count_width$}  {:<rule_width$}  {severity:<severity_width$}  {}",
                row.count, row.rule, row.message
            )?;
        }
        Ok(())
    }
}

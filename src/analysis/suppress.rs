//! Inline suppressions in markdownlint's style: HTML comments that switch rules off for a range of
//! lines, one line, the next line or the whole file, and the `suppression/*` findings that keep them
//! honest (a suppression that hides nothing; a comment that names no directive or no known rule).
//!
//! ```markdown
//! <!-- star-check-disable wording/hedge wording/filler -->   from this line on
//! <!-- star-check-enable -->                                 until here (no ids: every rule)
//! <!-- star-check-disable-line red-flag/* -->                this comment's own line(s)
//! <!-- star-check-disable-next-line -->                      the next line with text on it
//! <!-- star-check-disable-file length/too-long -->           the whole file, wherever it sits
//! ```
//!
//! Matching is by line, as in markdownlint: a finding is suppressed when the line its span starts on
//! is covered. Findings about a whole answer point at its heading (or first word), so that is the
//! line to suppress them on.

use super::{AnswerAnalysis, Finding};
use crate::document::LineIndex;
use crate::document::markdown::Comment;
use crate::rules::schema::SuppressionCheck;
use crate::rules::selector::RuleSelector;
use crate::rules::{RuleDetail, RuleSet};
use std::ops::Range;

/// The directives, as written after `<!--`.
pub const DIRECTIVES: [(&str, DirectiveKind); 5] = [
    ("star-check-disable", DirectiveKind::Disable),
    ("star-check-enable", DirectiveKind::Enable),
    ("star-check-disable-line", DirectiveKind::DisableLine),
    ("star-check-disable-next-line", DirectiveKind::DisableNextLine),
    ("star-check-disable-file", DirectiveKind::DisableFile),
];

/// Every directive name starts with this; a comment whose first word does but that is no
/// directive is reported rather than silently ignored.
const PREFIX: &str = "star-check-";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DirectiveKind {
    Disable,
    Enable,
    DisableLine,
    DisableNextLine,
    DisableFile,
}

/// A rule id, namespace or `*` named in a directive, with where it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named {
    pub text: String,
    pub span: Range<usize>,
}

/// One suppression comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    pub kind: DirectiveKind,
    /// The rules it names; empty means every rule.
    pub rules: Vec<Named>,
    /// The comment, from `<!--` to `-->`.
    pub span: Range<usize>,
}

/// What an HTML comment turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Parsed {
    /// An ordinary comment.
    NotOurs,
    Directive(Directive),
    /// Its first word starts with `star-check-` but is not a directive (`star-check-disabel`).
    Unknown(Named),
}

/// Reads one comment. Ids may be separated by spaces or commas, as markdownlint allows.
pub fn parse_comment(source: &str, comment: &Comment) -> Parsed {
    let Some(raw) = source.get(comment.span.clone()) else {
        return Parsed::NotOurs;
    };
    let Some(open) = raw.find("<!--") else {
        return Parsed::NotOurs;
    };
    let body_start = open + 4;
    let body_end = raw[body_start..].find("-->").map_or(raw.len(), |i| body_start + i);
    let end = if body_end < raw.len() { body_end + 3 } else { raw.len() };
    let base = comment.span.start;
    let mut words = words(&raw[body_start..body_end])
        .into_iter()
        .map(|(start, word)| Named {
            text: word.to_string(),
            span: base + body_start + start..base + body_start + start + word.len(),
        });
    let Some(name) = words.next() else {
        return Parsed::NotOurs;
    };
    if !name.text.starts_with(PREFIX) {
        return Parsed::NotOurs;
    }
    match DIRECTIVES.iter().find(|(n, _)| *n == name.text) {
        Some((_, kind)) => Parsed::Directive(Directive {
            kind: *kind,
            rules: words.collect(),
            span: base + open..base + end,
        }),
        None => Parsed::Unknown(name),
    }
}

/// The `<!-- … -->` comments in one collected comment: an HTML block line may hold several.
fn split_comments(source: &str, comment: &Comment) -> Vec<Comment> {
    let Some(raw) = source.get(comment.span.clone()) else {
        return Vec::new();
    };
    let mut pieces = Vec::new();
    let mut at = 0;
    while let Some(open) = raw[at..].find("<!--") {
        let start = at + open;
        let end = raw[start + 4..].find("-->").map_or(raw.len(), |i| start + 4 + i + 3);
        pieces.push(Comment {
            span: comment.span.start + start..comment.span.start + end,
            text: raw[start..end].to_string(),
        });
        at = end;
    }
    pieces
}

/// Words of a comment body with their byte offsets, split at whitespace and commas.
fn words(body: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, ch) in body.char_indices().chain(std::iter::once((body.len(), ' '))) {
        let separator = ch.is_whitespace() || ch == ',';
        match (separator, start) {
            (true, Some(s)) => {
                out.push((s, &body[s..i]));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    out
}

/// Which rules a directive applies to.
#[derive(Debug, Clone)]
enum Selection {
    All,
    /// The valid, known selectors, each with its index in [`Directive::rules`].
    Some(Vec<(usize, RuleSelector)>),
}

/// A directive prepared for matching: its selection and the lines it covers.
#[derive(Debug)]
struct Active {
    directive: Directive,
    selection: Selection,
    first_line: usize,
    last_line: usize,
    /// For `disable-next-line`: the line it covers.
    target: Option<usize>,
}

impl Active {
    /// Whether the directive names `id`, and through which selector (`None` for "every rule").
    /// With `explicit_only`, "every rule" does not count: suppression findings are hidden only by
    /// comments that name them, so `<!-- star-check-disable-file -->` cannot hide its own report.
    fn selects(&self, id: &str, explicit_only: bool) -> Option<Option<usize>> {
        match &self.selection {
            Selection::All => (!explicit_only).then_some(None),
            Selection::Some(list) => list.iter().find(|(_, s)| s.matches(id)).map(|(i, _)| Some(*i)),
        }
    }
}

/// The directive (and selector) that suppresses a finding of rule `id` on 0-based `line`, if any.
fn suppressor(active: &[Active], id: &str, line: usize, explicit_only: bool) -> Option<(usize, Option<usize>)> {
    for (index, a) in active.iter().enumerate() {
        let covers = match a.directive.kind {
            DirectiveKind::DisableFile => true,
            DirectiveKind::DisableLine => (a.first_line..=a.last_line).contains(&line),
            DirectiveKind::DisableNextLine => a.target == Some(line),
            DirectiveKind::Disable | DirectiveKind::Enable => false,
        };
        if covers && let Some(selector) = a.selects(id, explicit_only) {
            return Some((index, selector));
        }
    }
    // Ranges: replay disable and enable comments up to the finding's line, as markdownlint does.
    let mut state = None;
    for (index, a) in active.iter().enumerate() {
        if a.first_line > line {
            break;
        }
        match a.directive.kind {
            DirectiveKind::Disable => {
                if let Some(selector) = a.selects(id, explicit_only) {
                    state = Some((index, selector));
                }
            }
            DirectiveKind::Enable if a.selects(id, false).is_some() => state = None,
            _ => {}
        }
    }
    state
}

/// Applies the suppression comments of one file to the analyses of its answers: drops the findings
/// they cover and adds `suppression/*` findings, each to the answer its comment sits in (the first
/// answer for comments above it). Returns whether any finding changed, so scores can be redone.
pub fn apply(
    comments: &[Comment],
    source: &str,
    lines: &LineIndex,
    rules: &RuleSet,
    answer_starts: &[usize],
    analyses: &mut [AnswerAnalysis],
) -> bool {
    let mut active = Vec::new();
    let mut invalid: Vec<(Range<usize>, String)> = Vec::new();
    for comment in comments.iter().flat_map(|c| split_comments(source, c)) {
        match parse_comment(source, &comment) {
            Parsed::NotOurs => {}
            Parsed::Unknown(name) => invalid.push((name.span, format!("`{}` is not a directive", name.text))),
            Parsed::Directive(directive) => {
                let selection = select(&directive, rules, &mut invalid);
                let first_line = lines.line_of(directive.span.start);
                let last_line = lines.line_of(directive.span.end.saturating_sub(1).max(directive.span.start));
                let target = (directive.kind == DirectiveKind::DisableNextLine)
                    .then(|| next_text_line(source, lines, comments, last_line))
                    .flatten();
                active.push(Active {
                    directive,
                    selection,
                    first_line,
                    last_line,
                    target,
                });
            }
        }
    }
    if active.is_empty() && invalid.is_empty() {
        return false;
    }
    // Which selectors (or, for "every rule", slot 0 of an empty list) suppressed something.
    let mut used: Vec<Vec<bool>> = active
        .iter()
        .map(|a| vec![false; a.directive.rules.len().max(1)])
        .collect();
    for analysis in analyses.iter_mut() {
        analysis.findings.retain(|finding| {
            let id = &rules.rules[finding.rule].id;
            match suppressor(&active, id, lines.line_of(finding.span.start), false) {
                Some((index, selector)) => {
                    used[index][selector.unwrap_or(0)] = true;
                    false
                }
                None => true,
            }
        });
    }
    let mut reports = Vec::new();
    if let Some(rule) = suppression_rule(rules, SuppressionCheck::Unused) {
        for (a, used) in active.iter().zip(&used) {
            if a.directive.kind == DirectiveKind::Enable {
                continue;
            }
            let unused: Vec<String> = match &a.selection {
                Selection::All if !used[0] => vec!["star-check".to_string()],
                Selection::All => Vec::new(),
                Selection::Some(list) => list
                    .iter()
                    .filter(|(i, s)| !used[*i] && !names_suppression_rules(s))
                    .map(|(i, _)| format!("`{}`", a.directive.rules[*i].text))
                    .collect(),
            };
            if !unused.is_empty() {
                reports.push(finding(rules, rule, a.directive.span.clone(), &unused.join(" or ")));
            }
        }
    }
    if let Some(rule) = suppression_rule(rules, SuppressionCheck::Invalid) {
        for (span, why) in invalid {
            reports.push(finding(rules, rule, span, &why));
        }
    }
    for report in reports {
        let id = &rules.rules[report.rule].id;
        if suppressor(&active, id, lines.line_of(report.span.start), true).is_some() {
            continue;
        }
        let answer = answer_starts
            .partition_point(|&start| start <= report.span.start)
            .saturating_sub(1);
        if let Some(analysis) = analyses.get_mut(answer) {
            analysis.findings.push(report);
        }
    }
    for analysis in analyses.iter_mut() {
        analysis.findings.sort_by_key(|f| (f.span.start, f.rule));
    }
    true
}

/// Resolves a directive's rule names against the rule set; names that are malformed or match no
/// rule are reported and left out (so a typo never widens a directive to every rule).
fn select(directive: &Directive, rules: &RuleSet, invalid: &mut Vec<(Range<usize>, String)>) -> Selection {
    if directive.rules.is_empty() {
        return Selection::All;
    }
    let mut list = Vec::new();
    for (index, named) in directive.rules.iter().enumerate() {
        match RuleSelector::parse(&named.text) {
            Ok(selector) if rules.rules.iter().any(|r| selector.matches(&r.id)) => list.push((index, selector)),
            Ok(_) => invalid.push((named.span.clone(), format!("`{}` matches no rule", named.text))),
            Err(why) => invalid.push((named.span.clone(), why)),
        }
    }
    Selection::Some(list)
}

/// Whether a selector names the suppression rules themselves: such a name is never reported as
/// unused, since what it hides (an unused or invalid suppression) may come and go with edits.
fn names_suppression_rules(selector: &RuleSelector) -> bool {
    match selector {
        RuleSelector::All => false,
        RuleSelector::Namespace(prefix) => prefix.starts_with("suppression/"),
        RuleSelector::Id(id) => id.starts_with("suppression/"),
    }
}

fn suppression_rule(rules: &RuleSet, check: SuppressionCheck) -> Option<usize> {
    rules
        .rules
        .iter()
        .position(|r| !r.disabled && matches!(r.detail, RuleDetail::Suppression { check: c } if c == check))
}

fn finding(rules: &RuleSet, index: usize, span: Range<usize>, value: &str) -> Finding {
    let rule = &rules.rules[index];
    Finding {
        rule: index,
        severity: rule.severity,
        category: rule.category,
        message: rule.message.replace("{value}", value),
        // The span already shows the comment; a `matched` text would also label it with the
        // rule's category, which says nothing about a comment.
        matched: None,
        whole_answer: false,
        span,
    }
}

/// The first line after `after` with text that is not only comments: `disable-next-line` skips
/// blank lines and other comments, so two such comments can stack above one line.
fn next_text_line(source: &str, lines: &LineIndex, comments: &[Comment], after: usize) -> Option<usize> {
    let last = lines.line_of(source.len());
    (after + 1..=last).find(|&line| {
        let range = lines.line_range(source, line);
        let text = &source[range.clone()];
        let Some(first) = text.find(|c: char| !c.is_whitespace()) else {
            return false;
        };
        let end = range.start + text.trim_end().len();
        let mut at = range.start + first;
        while at < end {
            let Some(comment) = comments.iter().find(|c| c.span.start <= at && at < c.span.end) else {
                return true;
            };
            at = comment.span.end;
            while at < end && source[at..].starts_with(char::is_whitespace) {
                at += source[at..].chars().next().map_or(1, char::len_utf8);
            }
        }
        false
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn comment(source: &str, text: &str) -> Comment {
        let start = source.find(text).unwrap();
        Comment {
            span: start..start + text.len(),
            text: text.to_string(),
        }
    }

    fn parse(source: &str) -> Parsed {
        parse_comment(source, &comment(source, source.trim_end()))
    }

    #[test]
    fn directives_with_ids_separated_by_spaces_or_commas() {
        let source = "<!-- star-check-disable wording/hedge, red-flag/*  wording/filler -->";
        let Parsed::Directive(directive) = parse(source) else {
            panic!("a directive")
        };
        assert_eq!(directive.kind, DirectiveKind::Disable);
        assert_eq!(directive.span, 0..source.len());
        let names: Vec<&str> = directive.rules.iter().map(|n| n.text.as_str()).collect();
        assert_eq!(names, ["wording/hedge", "red-flag/*", "wording/filler"]);
        let star = &directive.rules[1];
        assert_eq!(&source[star.span.clone()], "red-flag/*");
    }

    #[test]
    fn every_directive_name_and_no_ids() {
        for (name, kind) in DIRECTIVES {
            let source = format!("<!--{name}-->");
            assert_eq!(
                parse(&source),
                Parsed::Directive(Directive {
                    kind,
                    rules: Vec::new(),
                    span: 0..source.len()
                })
            );
        }
    }

    #[test]
    fn ordinary_comments_and_misspelt_directives() {
        assert_eq!(parse("<!-- TODO: numbers -->"), Parsed::NotOurs);
        assert_eq!(parse("<!-- star-check is strict -->"), Parsed::NotOurs);
        assert_eq!(parse("<!---->"), Parsed::NotOurs);
        let source = "<!--\n  star-check-disabel wording/hedge\n-->";
        assert_eq!(
            parse(source),
            Parsed::Unknown(Named {
                text: "star-check-disabel".into(),
                span: 7..25
            })
        );
    }

    #[test]
    fn a_comment_inside_a_longer_span_is_found_and_trailing_text_is_ignored() {
        let source = "<!-- star-check-disable-line wording/hedge -->\n";
        let Parsed::Directive(directive) = parse_comment(
            source,
            &Comment {
                span: 0..source.len(),
                text: source.into(),
            },
        ) else {
            panic!("a directive")
        };
        assert_eq!(directive.span, 0..source.len() - 1);
    }

    #[test]
    fn several_comments_on_one_line_are_read_apart() {
        let source = "<!-- star-check-disable-line --> <!-- star-check-enable wording/hedge -->\n";
        let pieces = split_comments(
            source,
            &Comment {
                span: 0..source.len(),
                text: source.into(),
            },
        );
        let texts: Vec<&str> = pieces.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "<!-- star-check-disable-line -->",
                "<!-- star-check-enable wording/hedge -->"
            ]
        );
        assert_eq!(&source[pieces[1].span.clone()], pieces[1].text);
    }

    #[test]
    fn next_line_skips_blank_lines_and_comment_only_lines() {
        let source = "<!-- a -->\n\n  <!-- b --> <!-- c -->\ntext <!-- d -->\n";
        let comments: Vec<Comment> = ["<!-- a -->", "<!-- b -->", "<!-- c -->", "<!-- d -->"]
            .iter()
            .map(|c| comment(source, c))
            .collect();
        let lines = LineIndex::new(source);
        assert_eq!(next_text_line(source, &lines, &comments, 0), Some(3));
        assert_eq!(next_text_line(source, &lines, &comments, 3), None);
    }
}

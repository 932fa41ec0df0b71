//! Arbitrary bytes as an answer file, through everything `star-check --lossy FILE` does with it: decode,
//! parse, analyse every answer under every kind, build the report, serialise the JSON and render the
//! human report. Any panic, and any span off a character boundary, is a crash.

#![no_main]

use libfuzzer_sys::fuzz_target;
use star_check::analysis;
use star_check::cli::input;
use star_check::document::{Document, LineIndex};
use star_check::report::human::HumanRenderer;
use star_check::report::json::JsonRenderer;
use star_check::report::{AnswerReport, FileReport, PassPolicy, Renderer, Report};
use star_check::rules::RuleSet;
use star_check::rules::schema::{QuestionKind, Severity};
use std::sync::LazyLock;

static RULES: LazyLock<RuleSet> = LazyLock::new(|| RuleSet::defaults().expect("the built-in rules load"));

fuzz_target!(|data: &[u8]| {
    let Ok(source) = input::decode(data.to_vec(), true).map(|d| d.text) else {
        return;
    };
    let is_label = |heading: &str| RULES.star_labels.heading_label(heading).is_some();
    let Ok(document) = Document::parse(&source, &is_label) else {
        return;
    };
    let lines = LineIndex::new(&source);
    let policy = PassPolicy {
        min_score: 60,
        fail_on: Some(Severity::Error),
    };
    // The first byte picks the kind, so one input explores inferred and given kinds alike.
    let kind = data
        .first()
        .and_then(|b| QuestionKind::ALL.get(usize::from(*b) % (QuestionKind::ALL.len() + 1)))
        .copied();
    let mut answers = Vec::new();
    for answer in &document.answers {
        let analysis = analysis::analyze(answer, &source, kind, &RULES);
        for finding in &analysis.findings {
            assert!(finding.span.start <= finding.span.end && finding.span.end <= source.len());
            assert!(source.is_char_boundary(finding.span.start) && source.is_char_boundary(finding.span.end));
        }
        assert!(analysis.score.total <= 100);
        answers.push(AnswerReport::build(answer, &analysis, &source, &lines, &RULES, policy));
    }
    let report = Report::new(vec![FileReport {
        path: "fuzz.md".into(),
        error: None,
        answers,
        source,
        config_error: None,
    }]);
    let mut out = Vec::new();
    JsonRenderer.render(&report, &mut out).unwrap();
    out.clear();
    HumanRenderer {
        color: false,
        min_score: Some(60),
        verbose: false,
    }
    .render(&report, &mut out)
    .unwrap();
});

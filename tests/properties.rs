//! Properties of the analysis over any text: it never panics, every span it reports lies on
//! character boundaries inside its answer, lines and columns map back to the same byte, scores stay
//! in range, and the same input gives the same bytes out.
//!
//! Case counts are kept moderate so `cargo test` stays quick in a debug build on two cores; the fuzz
//! targets in `fuzz/` explore the same ground for as long as one cares to run them.

use proptest::prelude::*;
use star_check::analysis;
use star_check::analysis::examples::check_examples;
use star_check::cli::input;
use star_check::document::{Document, LineIndex};
use star_check::report::human::HumanRenderer;
use star_check::report::json::JsonRenderer;
use star_check::report::{AnswerReport, FileReport, PassPolicy, Renderer, Report};
use star_check::rules::schema::QuestionKind;
use star_check::rules::{LoadOptions, RuleSet, RuleSource};
use std::sync::LazyLock;

/// Compiling the rules takes far longer than analysing one small text, so every case shares one set.
static RULES: LazyLock<RuleSet> = LazyLock::new(|| RuleSet::defaults().expect("the built-in rules load"));

/// Cases per property; `PROPTEST_CASES=5000 cargo test --release --test properties` searches deeper.
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(96)
}

/// Pieces of Markdown and of interview answers, so that generated texts reach the parser's and the
/// rules' interesting paths (headings that split answers, STAR labels, front matter, red flags)
/// far more often than uniformly random characters would.
const FRAGMENTS: &[&str] = &[
    "# ",
    "## Tell me about a time you fixed a slow endpoint?\n",
    "### Result\n",
    "### Situation\n",
    "Setext heading\n===\n",
    "**Situation:** ",
    "Result – ",
    "*",
    "**",
    "_",
    "~~",
    "`",
    "``",
    "```\ncode here\n```\n",
    "~~~rust\nfn x() {}\n",
    "    indented code\n",
    "> ",
    "> > > ",
    "- ",
    "1. ",
    "  * ",
    "[link](https://example.com)",
    "![image](x.png)",
    "[^1]",
    "[^1]: a footnote\n",
    "|a|b|\n|-|-|\n|c|d|\n",
    "<!-- star-check-disable wording/hedge -->",
    "<!--\nunclosed comment",
    "-->",
    "<div>html</div>",
    "&amp;",
    "&#x1F600;",
    "\\*",
    "\\",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    "\t",
    " ",
    "  \n",
    "\u{0B}\u{0C}\u{1B}[31m",
    "\u{85}\u{2028}\u{2029}",
    "\u{A0}",
    "\u{FEFF}",
    "\u{200B}\u{200D}",
    "I don\u{2019}t write tests.",
    "\u{201C}quoted\u{201D}",
    "I led the migration of our sessions to Redis and cut login latency by 40%. ",
    "We decided to use Postgres because it was simpler, though it cost us some write throughput. ",
    "Honestly, I think maybe we kind of just basically fixed it. ",
    "Security isn't important for internal APIs. ",
    "I'm not a fan of code reviews. ",
    "At my previous company the CI pipeline kept failing. ",
    "I was asked to stabilise it. ",
    "As a result, failures fell from 30% to 2% in two weeks. ",
    "e.g. ",
    "U.S. ",
    "3.5 ",
    "v2.1 ",
    "!",
    "?",
    ".",
    "...",
    "\u{1F469}\u{200D}\u{1F4BB}",
    "\u{1F1FA}\u{1F1F8}",
    "e\u{301}",
    "日本語のテキスト。",
    "中文句子！",
    "한국어 문장. ",
    "\u{5D0}\u{5D1}\u{5D2} \u{627}\u{644}\u{639}\u{631}\u{628}\u{64A}\u{629}",
    "\u{10FFFF}",
];

/// Text that mixes Markdown syntax, answer sentences and arbitrary characters, optionally under
/// front matter of either kind.
fn markdownish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        6 => proptest::sample::select(FRAGMENTS).prop_map(str::to_string),
        2 => "[a-zA-Z ,.]{0,30}",
        1 => any::<String>(),
    ];
    let front_matter = prop_oneof![
        Just(String::new()),
        Just("+++\nquestion = \"Tell me about yourself\"\nkind = \"intro\"\n+++\n".to_string()),
        Just("+++\nquestion = \n+++\n".to_string()),
        Just("---\nquestion: 'What is the difference between a process and a thread?'\n---\n".to_string()),
        Just("---\nkind: nonsense\n".to_string()),
    ];
    (front_matter, proptest::collection::vec(piece, 0..40)).prop_map(|(head, pieces)| head + &pieces.concat())
}

fn is_label(heading: &str) -> bool {
    RULES.star_labels.heading_label(heading).is_some()
}

/// The byte offset of a 1-based line and character column, computed independently of `LineIndex`:
/// lines end at `\n`, `\r\n` or a lone `\r`, as in CommonMark and editors.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let mut start = 0;
    for _ in 1..line {
        let rest = &text[start..];
        let end = rest.find(['\n', '\r']).expect("the line exists");
        start += end + if rest[end..].starts_with("\r\n") { 2 } else { 1 };
    }
    text[start..]
        .char_indices()
        .map(|(i, _)| start + i)
        .chain(std::iter::once(text.len()))
        .nth(column - 1)
        .expect("the column exists")
}

#[track_caller]
fn assert_span(source: &str, region: &std::ops::Range<usize>, span: &std::ops::Range<usize>, what: &str) {
    assert!(span.start <= span.end, "{what}: reversed span {span:?}");
    assert!(
        region.start <= span.start && span.end <= region.end,
        "{what}: span {span:?} outside the answer's region {region:?}"
    );
    assert!(
        source.is_char_boundary(span.start) && source.is_char_boundary(span.end),
        "{what}: span {span:?} splits a character"
    );
}

#[track_caller]
fn assert_maps_back(source: &str, lines: &LineIndex, offset: usize) {
    let at = lines.line_col(source, offset);
    assert_eq!(
        offset_of(source, at.line, at.column),
        offset,
        "offset {offset} became {}:{}",
        at.line,
        at.column
    );
}

/// Builds the whole report of one file, as the check command does.
fn report(source: &str, kind: Option<QuestionKind>) -> Report {
    let mut file = FileReport {
        path: "answer.md".into(),
        error: None,
        answers: Vec::new(),
        source: source.to_string(),
        config_error: None,
    };
    match Document::parse(source, &is_label) {
        Ok(document) => {
            let lines = LineIndex::new(source);
            let policy = PassPolicy {
                min_score: 60,
                fail_on: Some(star_check::rules::schema::Severity::Error),
            };
            for answer in &document.answers {
                let analysis = analysis::analyze(answer, source, kind, &RULES);
                file.answers
                    .push(AnswerReport::build(answer, &analysis, source, &lines, &RULES, policy));
            }
        }
        Err(error) => file.error = Some(error.to_string()),
    }
    Report::new(vec![file])
}

fn render(report: &Report) -> (Vec<u8>, Vec<u8>) {
    let mut json = Vec::new();
    JsonRenderer.render(report, &mut json).unwrap();
    // The grouped report and the verbose one, one after the other.
    let mut human = Vec::new();
    for verbose in [false, true] {
        HumanRenderer {
            color: false,
            min_score: Some(60),
            verbose,
        }
        .render(report, &mut human)
        .unwrap();
    }
    (json, human)
}

/// Every invariant at once, for every answer of `source`, under every kind.
fn check(source: &str) {
    let Ok(document) = Document::parse(source, &is_label) else {
        return;
    };
    let lines = LineIndex::new(source);
    for (i, answer) in document.answers.iter().enumerate() {
        let region_end = document.answers.get(i + 1).map_or(source.len(), |next| next.start);
        let region = answer.start..region_end;
        assert!(source.is_char_boundary(answer.start), "answer start {}", answer.start);
        assert_maps_back(source, &lines, answer.start);
        for sentence in &answer.sentences {
            assert_span(source, &region, &sentence.span, "sentence");
            assert!(!sentence.span.is_empty(), "empty sentence {:?}", sentence.span);
            assert_maps_back(source, &lines, sentence.span.start);
            assert_maps_back(source, &lines, sentence.span.end);
        }
        for kind in [None].into_iter().chain(QuestionKind::ALL.iter().copied().map(Some)) {
            let analysis = analysis::analyze(answer, source, kind, &RULES);
            assert_eq!(analysis.star_reading.labels.len(), answer.sentences.len());
            assert!(analysis.star_reading.confidence.iter().all(|c| (0.0..=1.0).contains(c)));
            for finding in &analysis.findings {
                let what = &RULES.rules[finding.rule].id;
                assert_span(source, &region, &finding.span, what);
                assert_maps_back(source, &lines, finding.span.start);
                assert_maps_back(source, &lines, finding.span.end);
                if let Some(matched) = &finding.matched {
                    assert_eq!(matched, &source[finding.span.clone()], "{what}: matched text");
                }
            }
            let score = &analysis.score;
            assert!(score.total <= 100, "total {}", score.total);
            let max: u32 = score.categories.iter().map(|c| c.max).sum();
            assert!(max <= 100, "category maxima sum to {max}");
            for category in &score.categories {
                assert!(category.score <= category.max, "{category:?}");
            }
            assert!(score.categories.iter().map(|c| c.score).sum::<u32>() >= score.total);
            // Fixes: at most three, each worth something, most first, each a rule that fired.
            let fixes = &analysis.top_fixes;
            assert!(fixes.len() <= 3, "{fixes:?}");
            assert!(fixes.windows(2).all(|w| w[0].points >= w[1].points), "{fixes:?}");
            for fix in fixes {
                assert!(fix.points > 0 && score.total + fix.points <= 100, "{fix:?}");
                assert!(analysis.findings.iter().any(|f| f.rule == fix.rule), "{fix:?}");
            }
        }
    }
}

fn check_deterministic(source: &str) {
    let first = render(&report(source, None));
    let second = render(&report(source, None));
    assert!(first.0 == second.0, "JSON differs between two runs");
    assert!(first.1 == second.1, "human report differs between two runs");
    let forced = render(&report(source, Some(QuestionKind::Project)));
    let again = render(&report(source, Some(QuestionKind::Project)));
    assert!(forced == again, "reports under --kind project differ between two runs");
}

proptest! {
    // Failures are not persisted to a file: a shrunk failing input goes into
    // `known_tricky_inputs_keep_every_invariant` below, where it reads as a test.
    #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn any_unicode_text_keeps_every_invariant(source in any::<String>()) {
        check(&source);
    }

    #[test]
    fn any_markdownish_text_keeps_every_invariant(source in markdownish()) {
        check(&source);
    }

    #[test]
    fn reports_are_deterministic(source in markdownish()) {
        check_deterministic(&source);
    }
}

/// Inputs that property runs or the fuzzers once found wrong are kept as plain tests here and in
/// `tests/regressions/`, so they are checked on every run whatever the random seed.
#[test]
fn known_tricky_inputs_keep_every_invariant() {
    for source in [
        "",
        "\r",
        "a\rb\rI don't write tests.\r",
        "I don't write tests.\r\r\n\r",
        "# \n",
        "> > > > I don't write tests.",
        "+++\n+++\n",
        "---\n---\n",
        "<!--",
        "\u{FEFF}I led it.",
        "[^1]: I don't write tests.\n\nText[^1].\n",
    ] {
        check(source);
        check_deterministic(source);
    }
}

/// Every input a fuzz target crashed on, kept in `tests/regressions/TARGET/` once fixed: answers must
/// keep every invariant above, rule files must load or fail with one-line errors.
#[test]
fn fuzz_regressions_stay_fixed() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/regressions");
    let files = |target: &str| {
        let mut paths: Vec<_> = std::fs::read_dir(root.join(target))
            .map(|dir| dir.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        paths.sort();
        paths
    };
    for path in files("analyze") {
        if let Ok(source) = input::decode(std::fs::read(&path).unwrap(), true).map(|d| d.text) {
            check(&source);
            check_deterministic(&source);
        }
    }
    for path in files("rules") {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let loaded = RuleSet::load(LoadOptions {
            default_rules: false,
            extra: vec![RuleSource {
                path: "fuzz.toml".into(),
                text,
            }],
        });
        match loaded {
            Ok(rules) => {
                check_examples(&rules, &|origin| origin == "fuzz.toml");
            }
            Err(errors) => {
                for error in errors {
                    let line = error.to_string();
                    assert!(
                        !line.contains(['\n', '\r']),
                        "{}: error over several lines: {line}",
                        path.display()
                    );
                }
            }
        }
    }
}

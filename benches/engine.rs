//! criterion benchmarks: rule loading (and a first answer after it), one typical answer, 10,000
//! answers, and each renderer.
//! Run with `cargo bench`; the 10,000-answer corpus is generated in memory from `fixtures/` by the
//! same generator as `examples/corpus.rs` would write (sentences of the fixtures, reshuffled).

use criterion::{BenchmarkId, Criterion, Throughput, black_box, criterion_group, criterion_main};
use star_check::analysis;
use star_check::document::{Document, LineIndex};
use star_check::report::github::GithubRenderer;
use star_check::report::human::HumanRenderer;
use star_check::report::json::JsonRenderer;
use star_check::report::sarif::SarifRenderer;
use star_check::report::short::ShortRenderer;
use star_check::report::{AnswerReport, FileReport, PassPolicy, Renderer, Report};
use star_check::rules::RuleSet;
use star_check::rules::schema::Severity;

const TYPICAL: &str = include_str!("../fixtures/behavioral/slow-invoices-endpoint.md");

fn fixture_texts() -> Vec<String> {
    let mut texts = Vec::new();
    for kind in ["behavioral", "situational", "technical", "intro", "project", "traps"] {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures")
            .join(kind);
        let mut paths: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        paths.sort();
        texts.extend(paths.iter().map(|p| std::fs::read_to_string(p).unwrap()));
    }
    texts
}

/// 10,000 answers: the fixtures repeated with a counter appended, so no two are byte-identical.
fn corpus(count: usize) -> Vec<String> {
    let texts = fixture_texts();
    (0..count)
        .map(|i| format!("{}\nAnswer {i} of the corpus.\n", texts[i % texts.len()]))
        .collect()
}

fn check(text: &str, rules: &RuleSet) -> FileReport {
    let is_label = |h: &str| rules.star_labels.heading_label(h).is_some();
    let document = Document::parse(text, &is_label).unwrap();
    let lines = LineIndex::new(text);
    let answers = document
        .answers
        .iter()
        .map(|answer| {
            let analysis = analysis::analyze(answer, text, None, rules);
            AnswerReport::build(
                answer,
                &analysis,
                text,
                &lines,
                rules,
                PassPolicy {
                    min_score: 60,
                    fail_on: Some(Severity::Error),
                },
            )
        })
        .collect();
    FileReport {
        path: "bench.md".into(),
        error: None,
        answers,
        source: text.to_string(),
        config_error: None,
    }
}

/// Loading compiles no pattern (each is compiled the first time a sentence needs it), so the cold
/// cost of one answer is the second benchmark: load, then analyse one answer from scratch.
fn rule_loading(c: &mut Criterion) {
    c.bench_function("load the built-in rules", |b| {
        b.iter(|| black_box(RuleSet::defaults().unwrap()))
    });
    c.bench_function("load the rules and analyse a first answer", |b| {
        b.iter(|| {
            let rules = RuleSet::defaults().unwrap();
            black_box(check(TYPICAL, &rules).answers.len())
        })
    });
}

fn one_answer(c: &mut Criterion) {
    let rules = RuleSet::defaults().unwrap();
    c.bench_function("analyse one typical answer", |b| {
        b.iter(|| black_box(check(TYPICAL, &rules)))
    });
}

fn many_answers(c: &mut Criterion) {
    let rules = RuleSet::defaults().unwrap();
    let mut group = c.benchmark_group("corpus");
    group.sample_size(10);
    for count in [100, 10_000] {
        let texts = corpus(count);
        group.throughput(Throughput::Bytes(texts.iter().map(|t| t.len() as u64).sum()));
        group.bench_with_input(
            BenchmarkId::new("analyse answers, one thread", count),
            &texts,
            |b, texts| b.iter(|| texts.iter().map(|t| check(t, &rules).answers.len()).sum::<usize>()),
        );
    }
    group.finish();
}

fn renderers(c: &mut Criterion) {
    let rules = RuleSet::defaults().unwrap();
    let report = Report::new(corpus(100).iter().map(|t| check(t, &rules)).collect());
    let mut group = c.benchmark_group("render 100 answers");
    let human = HumanRenderer {
        color: false,
        min_score: Some(60),
        verbose: false,
    };
    group.bench_function("human", |b| b.iter(|| render(&human, &report)));
    group.bench_function("json", |b| b.iter(|| render(&JsonRenderer, &report)));
    group.bench_function("short", |b| b.iter(|| render(&ShortRenderer, &report)));
    group.bench_function("github", |b| b.iter(|| render(&GithubRenderer, &report)));
    let sarif = SarifRenderer { rules: &rules };
    group.bench_function("sarif", |b| b.iter(|| render(&sarif, &report)));
    group.finish();
}

fn render(renderer: &dyn Renderer, report: &Report) -> usize {
    let mut out = Vec::with_capacity(1 << 20);
    renderer.render(report, &mut out).unwrap();
    out.len()
}

criterion_group!(benches, rule_loading, one_answer, many_answers, renderers);
criterion_main!(benches);

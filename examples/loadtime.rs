//! Times loading the built-in rules (a quick look; `cargo bench` measures properly).
use std::time::Instant;
fn main() {
    let t = Instant::now();
    let rules = star_check::rules::RuleSet::defaults().unwrap();
    eprintln!("ruleset {:?} ({} rules)", t.elapsed(), rules.rules.len());
    for s in star_check::rules::RuleSource::defaults() {
        let t = Instant::now();
        let r = star_check::rules::RuleSet::load(star_check::rules::LoadOptions {
            default_rules: false,
            extra: vec![s],
        });
        eprintln!("  {:?}", t.elapsed());
        drop(r);
    }
    let text = std::fs::read_to_string("fixtures/behavioral/slow-invoices-endpoint.md").unwrap();
    let doc = star_check::document::Document::parse(&text, &|_: &str| false).unwrap();
    for _ in 0..3 {
        let t = Instant::now();
        let a = star_check::analysis::analyze(&doc.answers[0], &text, None, &rules);
        eprintln!("analyze {:?} {}", t.elapsed(), a.findings.len());
    }
}

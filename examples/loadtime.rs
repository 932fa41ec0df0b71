//! Times loading the built-in rules (a quick look; `cargo bench` measures properly).
use std::time::Instant;
fn main() {
    let t = Instant::now();
    let rules = star_check::rules::RuleSet::defaults().unwrap();
    eprintln!("ruleset {:?} ({} rules)", t.elapsed(), rules.rules.len());
}

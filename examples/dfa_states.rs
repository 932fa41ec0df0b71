//! Which rule patterns make the matcher's lazy DFA grow: each pattern of `rules/*.toml` gets a lazy
//! DFA of its own, run over every line of the first 300 files in DIR, and the patterns are listed
//! by the memory their DFA reached. A wide bounded gap such as `[^.!?]{0,80}` shows up at the top:
//! it was one sixth of the whole rule set's states before it became `[^.!?]*`.
//!
//!     cargo run --release --example corpus -- 1000 /tmp/corpus
//!     cargo run --release --example dfa_states -- /tmp/corpus
use regex_automata::hybrid;
use regex_automata::nfa::thompson;
use regex_automata::util::syntax;
fn main() {
    let dir = std::env::args().nth(1).unwrap();
    let mut text = String::new();
    for e in std::fs::read_dir(&dir).unwrap().take(300) {
        text.push_str(&std::fs::read_to_string(e.unwrap().path()).unwrap());
    }
    let mut results = Vec::new();
    for f in std::fs::read_dir("rules").unwrap() {
        let p = f.unwrap().path();
        if p.extension().and_then(|e| e.to_str()) != Some("toml") {
            continue;
        }
        let v: toml::Value = toml::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
        let Some(rules) = v.get("rule").and_then(|r| r.as_array()) else {
            continue;
        };
        for r in rules {
            let id = r.get("id").unwrap().as_str().unwrap().to_string();
            let Some(pats) = r.get("patterns").and_then(|p| p.as_array()) else {
                continue;
            };
            for (i, pat) in pats.iter().enumerate() {
                let Some(pat) = pat.as_str() else { continue };
                let nfa = match thompson::Compiler::new()
                    .syntax(syntax::Config::new().case_insensitive(true).unicode(false).utf8(false))
                    .configure(thompson::Config::new().which_captures(thompson::WhichCaptures::None))
                    .build(pat)
                {
                    Ok(n) => n,
                    Err(_) => continue,
                };
                let states = nfa.states().len();
                let dfa = hybrid::dfa::DFA::builder()
                    .configure(hybrid::dfa::Config::new().cache_capacity(1 << 26))
                    .build_from_nfa(nfa)
                    .unwrap();
                let mut cache = dfa.create_cache();
                let t = std::time::Instant::now();
                for line in text.split(['.', '\n']) {
                    let _ = dfa.try_search_fwd(&mut cache, &regex_automata::Input::new(line));
                }
                results.push((cache.memory_usage(), t.elapsed(), states, format!("{id}#{i}")));
            }
        }
    }
    results.sort_by_key(|r| std::cmp::Reverse(r.0));
    let total: usize = results.iter().map(|r| r.0).sum();
    println!("total {total}");
    for r in results.iter().take(25) {
        println!("{:>9} {:>10.2?} nfa {:>6} {}", r.0, r.1, r.2, r.3);
    }
}

//! Writes a reproducible corpus of N answers for benchmarks: `cargo run --release --example corpus --
//! N OUT_DIR [SEED]`. Sentences and questions come from `fixtures/`, mixed into new answers of every
//! kind and length; a few files hold several answers under headings, some have front matter, some a
//! code block. The same N and seed always give the same bytes.

use star_check::document::Document;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// splitmix64: small, seedable and good enough to shuffle sentences; no crate needed for that.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Sentences and questions of one kind of fixture, sentences kept in story order.
#[derive(Default)]
struct Pool {
    questions: Vec<String>,
    stories: Vec<Vec<String>>,
}

fn fixture_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            fixture_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "md" || e == "txt") && !path.ends_with("README.md") {
            out.push(path);
        }
    }
}

fn pools(fixtures: &Path) -> BTreeMap<String, Pool> {
    let mut files = Vec::new();
    fixture_files(fixtures, &mut files);
    let mut pools: BTreeMap<String, Pool> = BTreeMap::new();
    for path in files {
        let kind = path
            .parent()
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let kind = if kind == "traps" || kind == "multi" {
            "behavioral".to_string()
        } else {
            kind
        };
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let Ok(document) = Document::parse(&text, &|_: &str| false) else {
            continue;
        };
        let pool = pools.entry(kind).or_default();
        for answer in &document.answers {
            if let Some(question) = &answer.question {
                pool.questions.push(question.clone());
            }
            let sentences: Vec<String> = (0..answer.sentences.len())
                .map(|i| answer.sentence_text(i).to_string())
                .collect();
            pool.stories.push(sentences);
        }
    }
    pools
}

/// One answer: sentences drawn from stories of its kind, each sentence keeping its relative
/// position so that stories still tend to run Situation → Result.
fn answer_body(rng: &mut Rng, pool: &Pool) -> String {
    let length = 2 + rng.below(22);
    let mut slots: Vec<(f64, String)> = (0..length)
        .map(|_| {
            let story = rng.pick(&pool.stories);
            let index = rng.below(story.len());
            (index as f64 / story.len().max(1) as f64, story[index].clone())
        })
        .collect();
    slots.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut body = String::new();
    for (i, (_, sentence)) in slots.iter().enumerate() {
        body.push_str(sentence);
        body.push(if i % 4 == 3 { '\n' } else { ' ' });
        if i % 4 == 3 {
            body.push('\n');
        }
    }
    body.trim_end().to_string() + "\n"
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(count), Some(out)) = (args.first().and_then(|n| n.parse::<usize>().ok()), args.get(1)) else {
        eprintln!("usage: corpus N OUT_DIR [SEED]");
        std::process::exit(2);
    };
    let seed = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(42u64);
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let pools = pools(&fixtures);
    let kinds: Vec<&String> = pools.keys().collect();
    let out = Path::new(out);
    std::fs::create_dir_all(out).unwrap_or_else(|e| panic!("cannot create {}: {e}", out.display()));
    let mut rng = Rng(seed);
    let mut written = 0;
    let mut file_index = 0;
    let mut bytes = 0usize;
    while written < count {
        let kind = *rng.pick(&kinds);
        let pool = &pools[kind];
        let roll = rng.below(20);
        let mut text = String::new();
        if roll == 0 && count - written >= 3 {
            // A practice session: three answers under headings.
            for _ in 0..3 {
                let kind = *rng.pick(&kinds);
                let pool = &pools[kind];
                text.push_str(&format!(
                    "## {}\n\n{}\n",
                    rng.pick(&pool.questions),
                    answer_body(&mut rng, pool)
                ));
            }
            written += 3;
        } else {
            if roll < 12 {
                let question = rng.pick(&pool.questions).replace('"', "'");
                text.push_str(&format!("+++\nquestion = \"{question}\"\n+++\n"));
            }
            text.push_str(&answer_body(&mut rng, pool));
            if roll == 1 {
                text.push_str(
                    "\n```sql\nCREATE INDEX orders_customer_created ON orders (customer_id, created_at);\n```\n",
                );
            }
            written += 1;
        }
        file_index += 1;
        bytes += text.len();
        let path = out.join(format!("answer-{file_index:05}.md"));
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
    }
    eprintln!(
        "wrote {written} answers in {file_index} files ({bytes} bytes) to {}",
        out.display()
    );
}

//! Fits and measures the STAR model (`rules/star-model.toml`).
//!
//! ```sh
//! # Refit from the fixtures and a labelled corpus, print cross-validated figures, write the model:
//! cargo run --release --example star_model -- fit --corpus ../shared/corpus/answers.jsonl
//! # Only measure (nothing written): cross-validated by source on a corpus, and on the fixtures.
//! cargo run --release --example star_model -- evaluate --corpus ../shared/corpus/answers.jsonl
//! # Also list the unclear Task/Result verdicts and what each `[star] name-sentence-floor` would name:
//! STAR_MODEL_UNCLEAR=1 cargo run --release --example star_model -- evaluate --corpus ../shared/corpus/answers.jsonl
//! ```
//!
//! Everything is deterministic: the same fixtures and corpus always give the same file. Corpus
//! texts never reach the file, only feature weights.

use star_check::analysis::star::corpus::{self, LabelledAnswer};
use star_check::analysis::star::evaluate::{self, Figures, Folds};
use star_check::analysis::star::fit::{self, FitOptions};
use star_check::rules::RuleSet;
use star_check::rules::schema::QuestionKind;
use std::path::PathBuf;
use std::process::ExitCode;

struct Args {
    command: String,
    corpora: Vec<PathBuf>,
    fixtures: PathBuf,
    out: PathBuf,
    options: FitOptions,
}

fn parse_args() -> Result<Args, String> {
    let mut args = std::env::args().skip(1);
    let command = args
        .next()
        .ok_or("usage: star_model fit|evaluate [--corpus FILE]... [--fixtures DIR] [--out FILE]")?;
    let mut parsed = Args {
        command,
        corpora: Vec::new(),
        fixtures: PathBuf::from("fixtures"),
        out: PathBuf::from("rules/star-model.toml"),
        options: FitOptions::default(),
    };
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or(format!("{flag} needs a value"));
        let number = |v: String| v.parse::<f64>().map_err(|_| format!("{flag}: `{v}` is not a number"));
        match flag.as_str() {
            "--corpus" => parsed.corpora.push(value()?.into()),
            "--fixtures" => parsed.fixtures = value()?.into(),
            "--out" => parsed.out = value()?.into(),
            "--l2" => parsed.options.l2 = number(value()?)?,
            "--iterations" => parsed.options.iterations = number(value()?)? as usize,
            "--learning-rate" => parsed.options.learning_rate = number(value()?)?,
            "--min-count" => parsed.options.min_count = number(value()?)? as usize,
            "--fixture-weight" => parsed.options.fixture_weight = number(value()?)?,
            "--ablation-weight" => parsed.options.ablation_weight = number(value()?)?,
            "--word-l2" => parsed.options.word_l2 = number(value()?)?,
            "--allow-none" => parsed.options.allow_none = value()? == "true",
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    Ok(parsed)
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("star_model: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let args = parse_args()?;
    let rules = RuleSet::defaults().map_err(|e| format!("{e:?}"))?;
    let fixtures = corpus::read_fixtures(&args.fixtures)?;
    let mut corpus: Vec<LabelledAnswer> = Vec::new();
    for path in &args.corpora {
        corpus.extend(corpus::read_corpus(path)?);
    }
    println!(
        "data: {} labelled fixtures, {} corpus answers from {} sources",
        fixtures.len(),
        corpus.len(),
        corpus
            .iter()
            .map(|a| a.source.as_str())
            .collect::<std::collections::BTreeSet<_>>()
            .len()
    );
    if std::env::var_os("STAR_MODEL_CUES").is_some() {
        print_cue_table(&fixtures, &rules);
        print_cue_table(&corpus, &rules);
    }
    let mut report = Vec::new();
    let mut presence: [Vec<f64>; 4] = Default::default();
    if !corpus.is_empty() {
        let cv = evaluate::cross_validate(&corpus, &fixtures, Folds::BySource, args.options, &rules)?;
        for (pooled, values) in presence.iter_mut().zip(cv.presence) {
            pooled.extend(values);
        }
        // Every kind the unclear rules apply to (behavioral and project), not only behavioral.
        let unclear = cv_unclear(&cv.verdicts, &rules);
        let behavioral: Vec<_> = cv
            .verdicts
            .into_iter()
            .filter(|v| v.kind == QuestionKind::Behavioral)
            .collect();
        let figures = evaluate::figures(&behavioral);
        if std::env::var_os("STAR_MODEL_CONFUSION").is_some() {
            print_confusion(&behavioral);
        }
        if std::env::var_os("STAR_MODEL_PRESENCE").is_some() {
            print_presence("presence", &behavioral);
        }
        if std::env::var_os("STAR_MODEL_UNCLEAR").is_some() {
            print_unclear("corpus, cross-validated by source", &unclear);
        }
        report.push(line("corpus, behavioral, cross-validated by source", &figures));
    }
    let fixture_cv = evaluate::cross_validate(&fixtures, &corpus, Folds::Sources(5), args.options, &rules)?;
    for (pooled, values) in presence.iter_mut().zip(fixture_cv.presence) {
        pooled.extend(values);
    }
    if std::env::var_os("STAR_MODEL_PRESENCE").is_some() {
        print_presence("fpresence", &fixture_cv.verdicts);
    }
    report.push(line(
        "fixtures, 5 folds by file",
        &evaluate::figures(&fixture_cv.verdicts),
    ));
    if std::env::var_os("STAR_MODEL_UNCLEAR").is_some() {
        print_unclear("fixtures, 5 folds by file", &cv_unclear(&fixture_cv.verdicts, &rules));
        // The shipped model was fitted on both sets: these figures are in-sample, for comparison.
        for (what, answers) in [
            ("corpus, shipped model", &corpus),
            ("fixtures, shipped model", &fixtures),
        ] {
            let verdicts: Vec<_> = answers.iter().filter_map(|a| evaluate::verdict(a, &rules)).collect();
            print_unclear(what, &cv_unclear(&verdicts, &rules));
        }
    }
    for l in &report {
        println!("{l}");
    }
    if args.command == "fit" {
        let prepared: Vec<(fit::Prepared, f64)> = corpus
            .iter()
            .map(|a| (a, 1.0))
            .chain(fixtures.iter().map(|a| (a, args.options.fixture_weight)))
            .flat_map(|(a, w)| {
                fit::prepare_all(a, &rules, args.options)
                    .into_iter()
                    .map(move |(p, weight)| (p, weight * w))
            })
            .collect();
        let training: Vec<(&fit::Prepared, f64)> = prepared.iter().map(|(p, w)| (p, *w)).collect();
        let mut fitted = fit::fit(&training, args.options);
        fitted.thresholds = fit::calibrate(&presence);
        let o = args.options;
        let mut header = format!(
            "The fitted STAR labeller: a linear-chain model over an answer's sentences (src/analysis/star/).\n\
             Written by `cargo run --release --example star_model -- fit{}`; do not edit by hand.\n\
             Fitted on {} labelled fixtures and {} corpus answers (no corpus text is kept here, only weights).\n\
             Options: l2 {} iterations {} learning-rate {} min-count {} fixture-weight {}.\n\
             Final loss per sentence {:.4}.\n",
            args.corpora
                .iter()
                .map(|c| format!(" --corpus {}", c.display()))
                .collect::<String>(),
            fixtures.len(),
            corpus.len(),
            o.l2,
            o.iterations,
            o.learning_rate,
            o.min_count,
            o.fixture_weight,
            fitted.loss,
        );
        for l in &report {
            header.push_str(l);
            header.push('\n');
        }
        let text = fitted.to_toml(&header);
        evaluate::rules_with_model(&text)?;
        let temporary = args.out.with_extension("toml.tmp");
        std::fs::write(&temporary, &text).map_err(|e| format!("{}: {e}", temporary.display()))?;
        std::fs::rename(&temporary, &args.out).map_err(|e| format!("{}: {e}", args.out.display()))?;
        println!("wrote {} ({} features)", args.out.display(), text.lines().count());
    }
    Ok(())
}

fn line(what: &str, figures: &Figures) -> String {
    format!("{what}: {}", figures.summary())
}

/// Rows: the person's label; columns: star-check's (S, T, A, R, none).
fn print_confusion(verdicts: &[evaluate::Verdict]) {
    let mut table = [[0usize; 5]; 4];
    for v in verdicts {
        for (person, ours) in &v.sentences {
            table[person.index()][ours.map_or(4, |p| p.index())] += 1;
        }
    }
    for v in verdicts {
        let ok = v.sentences.iter().filter(|(p, o)| Some(*p) == *o).count();
        let person: String = v.sentences.iter().map(|(p, _)| p.letter()).collect();
        let ours: String = v.sentences.iter().map(|(_, o)| o.map_or("-", |p| p.letter())).collect();
        let quality = v.quality.map_or("-".to_string(), |q| q.to_string());
        println!(
            "  {:45} {ok:2}/{:2} {person:30} {ours:30} score {:3} quality {quality}",
            v.id,
            v.sentences.len(),
            v.score
        );
        if std::env::var_os("STAR_MODEL_SENTENCES").is_some() {
            for ((p, o), text) in v.sentences.iter().zip(&v.sentence_texts) {
                let mark = if Some(*p) == *o { " " } else { "x" };
                let short: String = text.chars().take(110).collect();
                println!("      {mark} {} {} {short}", p.letter(), o.map_or("-", |p| p.letter()));
            }
        }
    }
    let mut by_part = [(0, 0); 4];
    for v in verdicts {
        for (part, missing) in &v.ablations {
            by_part[part.index()].0 += usize::from(*missing);
            by_part[part.index()].1 += 1;
        }
    }
    println!("ablations reported missing, S T A R: {by_part:?}");
    println!("confusion (rows: person S T A R; columns: star-check S T A R none)");
    for (row, letter) in table.iter().zip(["S", "T", "A", "R"]) {
        println!("  {letter} {row:?}");
    }
}

/// How often each cue feature fires on sentences a person gave each part (S, T, A, R, none).
fn print_cue_table(answers: &[LabelledAnswer], rules: &RuleSet) {
    let mut table: std::collections::BTreeMap<String, [usize; 5]> = Default::default();
    let mut totals = [0usize; 5];
    for answer in answers {
        let Some(prepared) = fit::prepare(answer, rules) else {
            continue;
        };
        for (names, &state) in prepared.features.iter().zip(&prepared.states) {
            totals[state] += 1;
            for name in names.iter().filter(|n| n.starts_with("cue:")) {
                table.entry(name.clone()).or_default()[state] += 1;
            }
        }
    }
    println!("sentences per part (S T A R none): {totals:?}");
    for (name, counts) in table {
        println!("  {name:45} {counts:?}");
    }
}

/// For every answer: per part, what the reading says of the part as told (`intact`, with whether
/// the person found it) and, for a complete answer, with each part removed (`ablated` for the
/// removed part, `other` for the rest); tab-separated, for analysis elsewhere.
fn print_presence(tag: &str, verdicts: &[evaluate::Verdict]) {
    println!("{tag}\tid\tpart\tcase\tsentences\tconfidence\tpeak\ttold\tpresent");
    let row = |id: &str, part: usize, case: &str, r: &star_check::analysis::star::StarReading, present: bool| {
        println!(
            "{tag}\t{id}\t{}\t{case}\t{}\t{:.4}\t{:.4}\t{}\t{}",
            ["S", "T", "A", "R"][part],
            r.labels.len(),
            r.confidence[part],
            r.peak[part],
            r.tells(star_check::rules::schema::Part::ALL[part]),
            present
        );
    };
    for v in verdicts {
        for p in star_check::rules::schema::Part::ALL {
            row(&v.id, p.index(), "intact", &v.reading, v.parts_present.contains(&p));
        }
        for ((part, _), r) in v.ablations.iter().zip(&v.ablated_readings) {
            for p in star_check::rules::schema::Part::ALL {
                let case = if p == *part { "ablated" } else { "other" };
                row(&v.id, p.index(), case, r, p != *part);
            }
        }
    }
}

/// One unclear verdict (the part not told, its presence probability at least the missing
/// threshold): how likely its likeliest sentence is to be the part, and whether the person labelled
/// that sentence so.
struct Unclear {
    id: String,
    part: star_check::rules::schema::Part,
    ablated: bool,
    confidence: f64,
    peak: f64,
    right: bool,
    /// Whether the person labelled any sentence that part: if not, any sentence named is wrong.
    person_tells: bool,
    /// The part's present threshold in the reading's model.
    present: f64,
}

/// The unclear verdicts of the readings of `verdicts`, intact and ablated, on the parts that have an
/// unclear rule in `rules`, whatever the rule set's `name-sentence-floor` (which only decides
/// whether the sentence is named).
fn cv_unclear(verdicts: &[evaluate::Verdict], rules: &RuleSet) -> Vec<Unclear> {
    use star_check::analysis::star::{StarReading, Verdict};
    use star_check::rules::RuleDetail;
    use star_check::rules::schema::{Part, StarCheck};
    let asked: Vec<Part> = rules
        .rules
        .iter()
        .filter_map(|r| match r.detail {
            RuleDetail::Star {
                check: StarCheck::Unclear,
                part,
                ..
            } if !r.disabled => part,
            _ => None,
        })
        .collect();
    let mut out = Vec::new();
    let mut add = |id: &str, ablated: bool, reading: &StarReading, person: &[Vec<Part>]| {
        for &part in &asked {
            if let Verdict::Unclear(_) = reading.verdict(part) {
                let s = part.index();
                let named = reading.likeliest[s].expect("an unclear part has a likeliest sentence");
                out.push(Unclear {
                    id: id.to_string(),
                    part,
                    ablated,
                    confidence: reading.confidence[s],
                    peak: reading.peak[s],
                    right: person.get(named).is_some_and(|parts| parts.contains(&part)),
                    person_tells: person.iter().any(|parts| parts.contains(&part)),
                    present: reading.thresholds.present[s],
                });
            }
        }
    };
    for v in verdicts {
        add(&v.id, false, &v.reading, &v.person_parts);
        for (reading, person) in v.ablated_readings.iter().zip(&v.ablated_person_parts) {
            add(&v.id, true, reading, person);
        }
    }
    out
}

/// Each unclear verdict (tab-separated), then, for a range of floors on the likeliest sentence's
/// probability, how many verdicts would name their sentence and how many of those the person
/// labelled that part: what `[star] name-sentence-floor` is chosen from.
fn print_unclear(what: &str, cases: &[Unclear]) {
    println!("unclear\tid\tpart\tcase\tconfidence\tpeak\tnamed_is_persons\tperson_tells\tpresent_threshold");
    for c in cases {
        println!(
            "unclear\t{}\t{}\t{}\t{:.4}\t{:.4}\t{}\t{}\t{:.4}",
            c.id,
            c.part.letter(),
            if c.ablated { "ablated" } else { "intact" },
            c.confidence,
            c.peak,
            c.right,
            c.person_tells,
            c.present
        );
    }
    println!(
        "unclear verdicts, {what}: {} ({} right)",
        cases.len(),
        cases.iter().filter(|c| c.right).count()
    );
    println!("  floor  named  right  wrong  right-unnamed  (intact named/right, ablated named)");
    for floor in [0.0, 0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.08, 0.1, 0.15, 0.2, 0.3, 0.4] {
        let named: Vec<&Unclear> = cases.iter().filter(|c| c.peak >= floor).collect();
        let right = named.iter().filter(|c| c.right).count();
        let lost = cases.iter().filter(|c| c.peak < floor && c.right).count();
        let intact: Vec<&&Unclear> = named.iter().filter(|c| !c.ablated).collect();
        println!(
            "  {floor:<5}  {:5}  {right:5}  {:5}  {lost:13}  ({}/{}, {})",
            named.len(),
            named.len() - right,
            intact.len(),
            intact.iter().filter(|c| c.right).count(),
            named.len() - intact.len()
        );
    }
}

//! Fitting the STAR model: maximum likelihood of a person's labels under the linear-chain model,
//! with an L2 penalty, by full-batch gradient descent (Adam). The objective is convex, so any
//! careful optimiser finds the same optimum; a fixed number of steps from zero, over examples in a
//! fixed order, makes the fit deterministic: the same data always writes the same file.
//!
//! Why by hand rather than a crate: the gradient needs the forward-backward pass the labeller runs
//! anyway ([`super::model::forward_backward`]), so a CRF crate would bring a second copy of the
//! model and its own file format, and a generic optimiser crate would save only the dozen lines of
//! the Adam update below.

use super::Observed;
use super::corpus::LabelledAnswer;
use super::model::{self, Chain, NONE, STATE_LETTERS, STATES, Scores};
use crate::document::Document;
use crate::rules::RuleSet;
use std::collections::{BTreeMap, HashMap};

/// One answer ready to fit on: feature names per sentence (as star-check splits it), the fixed
/// offsets of the candidate's own labels, paragraph breaks, and the person's state per sentence.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub features: Vec<Vec<String>>,
    pub offsets: Vec<Scores>,
    pub paragraph: Vec<bool>,
    pub states: Vec<usize>,
}

/// Parses a labelled answer as a check would and gives each of star-check's sentences the label of
/// the person's sentence its middle falls in. `None` if the text has no answer.
pub fn prepare(labelled: &LabelledAnswer, rules: &RuleSet) -> Option<Prepared> {
    let is_label = |h: &str| rules.star_labels.heading_label(h).is_some();
    let document = Document::parse(&labelled.text, &is_label).ok()?;
    let answer = document.answers.first()?;
    let hits = crate::analysis::scan(answer, rules);
    let observed = Observed::new(answer, &hits, rules);
    let mut features = vec![Vec::new(); observed.len()];
    observed.features(rules, &mut |i, name| features[i].push(name.to_string()));
    let states = answer
        .sentences
        .iter()
        .map(|s| {
            let middle = s.span.start + (s.span.end - s.span.start) / 2;
            labelled
                .parts_at(middle)
                .and_then(|parts| parts.first())
                .map_or(NONE, |p| p.index())
        })
        .collect();
    Some(Prepared {
        features,
        offsets: observed.offsets(rules),
        paragraph: observed.paragraph_breaks(),
        states,
    })
}

/// An answer and, if it is complete, the answer without each part (weighted `ablation_weight`):
/// without these a model never sees a story that lacks its Situation, and reads the first
/// sentence of any answer as one.
pub fn prepare_all(labelled: &LabelledAnswer, rules: &RuleSet, options: FitOptions) -> Vec<(Prepared, f64)> {
    let mut out: Vec<(Prepared, f64)> = prepare(labelled, rules).into_iter().map(|p| (p, 1.0)).collect();
    if labelled.is_complete() && options.ablation_weight > 0.0 {
        for part in crate::rules::schema::Part::ALL {
            if let Some(ablated) = labelled.without(part)
                && let Some(prepared) = prepare(&ablated, rules)
            {
                out.push((prepared, options.ablation_weight));
            }
        }
    }
    out
}

/// The knobs of a fit. The defaults are what `rules/star-model.toml` was fitted with.
#[derive(Debug, Clone, Copy)]
pub struct FitOptions {
    /// L2 penalty on feature weights (transitions get a tenth of it).
    pub l2: f64,
    pub iterations: usize,
    pub learning_rate: f64,
    /// A word or two-word feature must occur in this many sentences to get a weight.
    pub min_count: usize,
    /// Weight of a fixture's answer against a corpus answer's 1: fixtures are written by us, the
    /// corpus by the people star-check is for.
    pub fixture_weight: f64,
    /// How much more the L2 penalty weighs on word features than on the others: words are many
    /// and each is seen in few answers, so they should move a decision only together.
    pub word_l2: f64,
    /// Weight of each complete answer's copies without one part.
    pub ablation_weight: f64,
    /// Whether a story's sentence may be left without a part (see `StarModel::allow_none`).
    pub allow_none: bool,
}

impl Default for FitOptions {
    fn default() -> FitOptions {
        FitOptions {
            l2: 0.01,
            iterations: 300,
            learning_rate: 0.05,
            min_count: 2,
            fixture_weight: 0.3,
            word_l2: 10.0,
            ablation_weight: 0.0,
            allow_none: false,
        }
    }
}

/// A fitted model, before it is written out.
#[derive(Debug, Clone)]
pub struct Fitted {
    pub names: Vec<String>,
    pub weights: Vec<Scores>,
    pub start: Scores,
    pub end: Scores,
    pub transitions: [Scores; STATES],
    pub paragraph_transitions: [Scores; STATES],
    pub options: FitOptions,
    /// Negative log-likelihood per sentence at the last step, for the tool to print.
    pub loss: f64,
    pub thresholds: PartThresholds,
}

/// Per part (S, T, A, R): present at or above `present`, missing below `missing`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PartThresholds {
    pub present: [f64; 4],
    pub missing: [f64; 4],
}

impl Default for PartThresholds {
    fn default() -> PartThresholds {
        PartThresholds {
            present: [0.5; 4],
            missing: [0.2; 4],
        }
    }
}

/// Share of a part's real occurrences the fitted thresholds may miss: `present` is set so that at
/// most this share of the answers that tell a part fall below it (the false alarms the goal
/// allows), `missing` so that almost none do.
pub const FALSE_ALARM_TARGET: f64 = 0.04;
pub const MISSING_TARGET: f64 = 0.01;

/// Thresholds from presence probabilities of parts that people found (`observed[p]`, from
/// answers the model was not fitted on): the highest `present` with at most
/// [`FALSE_ALARM_TARGET`] of them below, and `missing` likewise for [`MISSING_TARGET`].
pub fn calibrate(observed: &[Vec<f64>; 4]) -> PartThresholds {
    let mut thresholds = PartThresholds::default();
    for (p, values) in observed.iter().enumerate() {
        if values.is_empty() {
            continue;
        }
        let mut sorted = values.clone();
        sorted.sort_by(f64::total_cmp);
        let at = |target: f64| {
            let allowed = (target * sorted.len() as f64).floor() as usize;
            // Just under the value that may not be missed, so that value itself counts as present.
            (sorted[allowed.min(sorted.len() - 1)] - 1e-6).clamp(0.0, 0.99)
        };
        thresholds.present[p] = (at(FALSE_ALARM_TARGET) * 1000.0).floor() / 1000.0;
        thresholds.missing[p] = ((at(MISSING_TARGET) * 1000.0).floor() / 1000.0).min(thresholds.present[p]);
    }
    thresholds
}

struct Sequence<'a> {
    features: Vec<Vec<u32>>,
    prepared: &'a Prepared,
    weight: f64,
}

/// Names that are not words: always kept, however rare.
fn is_structural(name: &str) -> bool {
    !(name.starts_with("w:") || name.starts_with("b:") || name.starts_with("f1:") || name.starts_with("f2:"))
}

/// Fits a model on `examples` (each with its weight).
pub fn fit(examples: &[(&Prepared, f64)], options: FitOptions) -> Fitted {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for (prepared, _) in examples {
        for sentence in &prepared.features {
            for name in sentence {
                *counts.entry(name.as_str()).or_default() += 1;
            }
        }
    }
    let names: Vec<String> = counts
        .iter()
        .filter(|(name, count)| **count >= options.min_count || is_structural(name))
        .map(|(name, _)| name.to_string())
        .collect();
    let index: HashMap<&str, u32> = names.iter().enumerate().map(|(i, n)| (n.as_str(), i as u32)).collect();
    let sequences: Vec<Sequence> = examples
        .iter()
        .filter(|(p, _)| !p.states.is_empty())
        .map(|(prepared, weight)| Sequence {
            features: prepared
                .features
                .iter()
                .map(|names| names.iter().filter_map(|n| index.get(n.as_str()).copied()).collect())
                .collect(),
            prepared,
            weight: *weight,
        })
        .collect();
    let features = names.len();
    let is_word: Vec<bool> = names.iter().map(|n| !is_structural(n)).collect();
    let layout = Layout { features };
    let mut params = vec![0.0f64; layout.len()];
    let mut adam = Adam::new(params.len());
    let total_sentences: f64 = sequences
        .iter()
        .map(|s| s.weight * s.prepared.states.len() as f64)
        .sum();
    let mut loss = 0.0;
    for _ in 0..options.iterations {
        let mut gradient = vec![0.0f64; params.len()];
        let mut nll = 0.0;
        for sequence in &sequences {
            nll += sequence.weight * accumulate(&layout, &params, sequence, options.allow_none, &mut gradient);
        }
        for (i, g) in gradient.iter_mut().enumerate() {
            let l2 = if i >= features * STATES {
                options.l2 * 0.1
            } else if is_word[i / STATES] {
                options.l2 * options.word_l2
            } else {
                options.l2
            };
            *g += l2 * params[i];
            nll += 0.5 * l2 * params[i] * params[i];
        }
        loss = nll / total_sentences.max(1.0);
        adam.step(&mut params, &gradient, options.learning_rate);
    }
    let weights = (0..features).map(|f| layout.row(&params, f)).collect();
    Fitted {
        names,
        weights,
        start: layout.start(&params),
        end: layout.end(&params),
        transitions: layout.transitions(&params, false),
        paragraph_transitions: layout.transitions(&params, true),
        options,
        loss,
        thresholds: PartThresholds::default(),
    }
}

/// Where each parameter sits in the flat vector: feature rows, start, end, transitions, paragraph
/// transitions.
struct Layout {
    features: usize,
}

impl Layout {
    fn len(&self) -> usize {
        self.features * STATES + 2 * STATES + 2 * STATES * STATES
    }
    fn feature(&self, f: u32, s: usize) -> usize {
        f as usize * STATES + s
    }
    fn start_at(&self, s: usize) -> usize {
        self.features * STATES + s
    }
    fn end_at(&self, s: usize) -> usize {
        self.features * STATES + STATES + s
    }
    fn transition_at(&self, from: usize, to: usize, paragraph: bool) -> usize {
        self.features * STATES + 2 * STATES + usize::from(paragraph) * STATES * STATES + from * STATES + to
    }
    fn row(&self, params: &[f64], f: usize) -> Scores {
        std::array::from_fn(|s| params[self.feature(f as u32, s)])
    }
    fn start(&self, params: &[f64]) -> Scores {
        std::array::from_fn(|s| params[self.start_at(s)])
    }
    fn end(&self, params: &[f64]) -> Scores {
        std::array::from_fn(|s| params[self.end_at(s)])
    }
    fn transitions(&self, params: &[f64], paragraph: bool) -> [Scores; STATES] {
        std::array::from_fn(|from| std::array::from_fn(|to| params[self.transition_at(from, to, paragraph)]))
    }
}

/// Adds one sequence's gradient of the negative log-likelihood (times its weight) to `gradient`
/// and returns its negative log-likelihood. The likelihood is that of the labellings that agree
/// with the person: where the person gave a sentence no part (and the model gives every sentence
/// one), any part agrees, so such a sentence teaches only through its neighbours.
fn accumulate(layout: &Layout, params: &[f64], sequence: &Sequence, allow_none: bool, gradient: &mut [f64]) -> f64 {
    let prepared = sequence.prepared;
    let n = prepared.states.len();
    let emissions: Vec<Scores> = (0..n)
        .map(|i| {
            let mut row = prepared.offsets[i];
            for &f in &sequence.features[i] {
                for (s, slot) in row.iter_mut().enumerate() {
                    *slot += params[layout.feature(f, s)];
                }
            }
            row
        })
        .collect();
    let start = layout.start(params);
    let end = layout.end(params);
    let transitions = layout.transitions(params, false);
    let paragraph_transitions = layout.transitions(params, true);
    let chain = Chain {
        start: &start,
        end: &end,
        transitions: &transitions,
        paragraph_transitions: &paragraph_transitions,
    };
    let y = &prepared.states;
    let possible = |_: usize, s: usize| allow_none || s != NONE;
    let agrees = |i: usize, s: usize| possible(i, s) && (s == y[i] || (y[i] == NONE && !allow_none));
    let everything = model::forward_backward(&chain, &emissions, &prepared.paragraph, &possible);
    let person = model::forward_backward(&chain, &emissions, &prepared.paragraph, &agrees);
    let w = sequence.weight;
    for (lattice, sign) in [(&everything, w), (&person, -w)] {
        for (i, emission) in emissions.iter().enumerate() {
            for s in 0..STATES {
                let delta = sign * lattice.marginal(i, s);
                if delta == 0.0 {
                    continue;
                }
                for &f in &sequence.features[i] {
                    gradient[layout.feature(f, s)] += delta;
                }
                if i == 0 {
                    gradient[layout.start_at(s)] += delta;
                }
                if i + 1 == n {
                    gradient[layout.end_at(s)] += delta;
                }
            }
            if i == 0 {
                continue;
            }
            let paragraph = prepared.paragraph[i];
            for a in 0..STATES {
                for b in 0..STATES {
                    let t = transitions[a][b] + if paragraph { paragraph_transitions[a][b] } else { 0.0 };
                    let pair = (lattice.alpha[i - 1][a] + t + emission[b] + lattice.beta[i][b] - lattice.log_z).exp();
                    if pair == 0.0 {
                        continue;
                    }
                    gradient[layout.transition_at(a, b, false)] += sign * pair;
                    if paragraph {
                        gradient[layout.transition_at(a, b, true)] += sign * pair;
                    }
                }
            }
        }
    }
    everything.log_z - person.log_z
}

struct Adam {
    m: Vec<f64>,
    v: Vec<f64>,
    t: i32,
}

impl Adam {
    fn new(len: usize) -> Adam {
        Adam {
            m: vec![0.0; len],
            v: vec![0.0; len],
            t: 0,
        }
    }

    fn step(&mut self, params: &mut [f64], gradient: &[f64], rate: f64) {
        const B1: f64 = 0.9;
        const B2: f64 = 0.999;
        self.t += 1;
        let (c1, c2) = (1.0 - B1.powi(self.t), 1.0 - B2.powi(self.t));
        for i in 0..params.len() {
            self.m[i] = B1 * self.m[i] + (1.0 - B1) * gradient[i];
            self.v[i] = B2 * self.v[i] + (1.0 - B2) * gradient[i] * gradient[i];
            params[i] -= rate * (self.m[i] / c1) / ((self.v[i] / c2).sqrt() + 1e-8);
        }
    }
}

/// Weights below this are left out of the file: they change no decision and would only lengthen it.
const PRUNE_BELOW: f64 = 0.06;

fn number(value: f64) -> String {
    let rounded = (value * 1000.0).round() / 1000.0;
    if rounded == 0.0 {
        "0".to_string()
    } else {
        format!("{rounded}")
    }
}

fn row4(values: &[f64; 4]) -> String {
    format!("[{}]", values.iter().map(|v| number(*v)).collect::<Vec<_>>().join(", "))
}

fn row(values: &Scores) -> String {
    format!("[{}]", values.iter().map(|v| number(*v)).collect::<Vec<_>>().join(", "))
}

impl Fitted {
    /// The model as a rule file (`[star-model]`), with `header` as its opening comment.
    pub fn to_toml(&self, header: &str) -> String {
        let mut out = String::new();
        for line in header.lines() {
            out.push_str("# ");
            out.push_str(line);
            out.push('\n');
        }
        let o = &self.options;
        out.push_str("\n[star-model]\nversion = 1\n");
        out.push_str(&format!(
            "labels = [{}]\n",
            STATE_LETTERS
                .iter()
                .map(|l| format!("\"{l}\""))
                .collect::<Vec<_>>()
                .join(", ")
        ));
        let t = &self.thresholds;
        out.push_str("# per part (S, T, A, R), fitted on cross-validated presence probabilities\n");
        out.push_str(&format!("present-threshold = {}\n", row4(&t.present)));
        out.push_str(&format!("missing-threshold = {}\n", row4(&t.missing)));
        out.push_str(&format!("allow-none = {}\n", o.allow_none));
        out.push_str(&format!("start = {}\nend = {}\n", row(&self.start), row(&self.end)));
        for (key, table) in [
            ("transitions", &self.transitions),
            ("paragraph-transitions", &self.paragraph_transitions),
        ] {
            out.push_str(&format!("# {key}[from][to], from and to in label order\n{key} = [\n"));
            for from in table {
                out.push_str(&format!("  {},\n", row(from)));
            }
            out.push_str("]\n");
        }
        out.push_str("# feature, then its weight for S, T, A, R and none\nweights = [\n");
        for (name, weights) in self.names.iter().zip(&self.weights) {
            if weights.iter().all(|w| w.abs() < PRUNE_BELOW) {
                continue;
            }
            let numbers: Vec<String> = weights.iter().map(|w| number(*w)).collect();
            out.push_str(&format!(
                "  {},\n",
                toml_string(&format!("{name} {}", numbers.join(" ")))
            ));
        }
        out.push_str("]\n");
        out
    }
}

fn toml_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

//! The fitted STAR model: a linear-chain conditional random field over an answer's sentences.
//! Each sentence's features give every state (Situation, Task, Action, Result, none) a score; the
//! transitions between states (and, apart, across a paragraph break) and the scores of starting
//! and ending in each state are learned too. Its weights live in `rules/star-model.toml`, written by
//! `cargo run --release --example star-model -- fit` (see [`super::fit`]).
//!
//! The same forward-backward pass serves labelling and fitting: it gives each sentence's
//! probability of being each part, and the probability that a part is absent from the whole answer
//! (the answer's weight with that state forbidden, over its total weight), which is what decides
//! "No Result" rather than a hard label.

use crate::rules::schema::StarModelSpec;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// States: the four parts in order, then "none" (a preamble, a headline, a question repeated).
pub const STATES: usize = 5;
pub const NONE: usize = 4;
/// The letters the model file names its states by, in state order.
pub const STATE_LETTERS: [&str; STATES] = ["S", "T", "A", "R", "-"];

/// Per-state scores, as the model file writes them.
pub type Scores = [f64; STATES];

#[derive(Debug, Clone)]
pub struct StarModel {
    index: HashMap<Box<str>, u32, BuildHasherDefault<Fnv>>,
    weights: Vec<[f32; STATES]>,
    pub start: Scores,
    pub end: Scores,
    pub transitions: [Scores; STATES],
    /// Added to `transitions` where a paragraph, list item or section break lies between two sentences.
    pub paragraph_transitions: [Scores; STATES],
    /// Per part: a part whose presence probability is at least this is present. Fitted so that few
    /// parts of complete answers fall below it (see `fit::calibrate`).
    pub present_threshold: [f64; 4],
    /// Per part: below this a part is reported missing; between the two it is "unclear".
    pub missing_threshold: [f64; 4],
    /// Whether a story's sentence may be left without a part. When not, the "none" state is never
    /// entered, and a sentence a person left without one is fitted as any part: a preamble or a
    /// headline does no harm as Situation, while a story sentence called "no part" loses its part.
    pub allow_none: bool,
}

/// FNV-1a: feature names are short and trusted (they come from our own extractor and rule file),
/// so a simple hash beats SipHash here; lookups are most of the labeller's time.
#[derive(Default)]
pub struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut hash = if self.0 == 0 { 0xcbf2_9ce4_8422_2325 } else { self.0 };
        for &b in bytes {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = hash;
    }
}

impl StarModel {
    /// Builds the model from its spec. An error names the weights line that is wrong (1-based).
    pub fn from_spec(spec: StarModelSpec) -> Result<StarModel, String> {
        if spec.labels != STATE_LETTERS {
            return Err(format!("`labels` must be {STATE_LETTERS:?}"));
        }
        let rows = spec.weights.into_rows()?;
        let mut index = HashMap::with_capacity_and_hasher(rows.len(), BuildHasherDefault::default());
        let mut weights = Vec::with_capacity(rows.len());
        for (n, (name, row)) in rows.into_iter().enumerate() {
            if index.contains_key(name.as_str()) {
                return Err(format!("weights line {} repeats the feature `{name}`", n + 1));
            }
            index.insert(name.into_boxed_str(), weights.len() as u32);
            weights.push(row);
        }
        let probabilities = spec
            .present_threshold
            .iter()
            .map(|v| ("present-threshold", *v))
            .chain(spec.missing_threshold.iter().map(|v| ("missing-threshold", *v)));
        for (what, value) in probabilities {
            if !(0.0..=1.0).contains(&value) {
                return Err(format!("`{what}` holds probabilities from 0 to 1"));
            }
        }
        if (0..4).any(|p| spec.missing_threshold[p] > spec.present_threshold[p]) {
            return Err("a part's `missing-threshold` cannot be above its `present-threshold`".into());
        }
        Ok(StarModel {
            index,
            weights,
            start: spec.start,
            end: spec.end,
            transitions: spec.transitions,
            paragraph_transitions: spec.paragraph_transitions,
            present_threshold: spec.present_threshold,
            missing_threshold: spec.missing_threshold,
            allow_none: spec.allow_none,
        })
    }

    /// Adds feature `name`'s weights to `scores`; false when the model does not know the name.
    pub fn add(&self, name: &str, scores: &mut Scores) -> bool {
        let Some(&at) = self.index.get(name) else {
            return false;
        };
        for (score, weight) in scores.iter_mut().zip(self.weights[at as usize]) {
            *score += f64::from(weight);
        }
        true
    }
}

/// Everything a chain's scores say about it: log-space forward and backward tables and the log of
/// its total weight.
pub struct Lattice {
    pub alpha: Vec<Scores>,
    pub beta: Vec<Scores>,
    pub log_z: f64,
}

/// The chain's transition and edge scores, as plain numbers, so that fitting (with weights still
/// moving) and labelling share [`forward_backward`].
pub struct Chain<'a> {
    pub start: &'a Scores,
    pub end: &'a Scores,
    pub transitions: &'a [Scores; STATES],
    pub paragraph_transitions: &'a [Scores; STATES],
}

impl Chain<'_> {
    fn transition(&self, from: usize, to: usize, paragraph: bool) -> f64 {
        self.transitions[from][to]
            + if paragraph {
                self.paragraph_transitions[from][to]
            } else {
                0.0
            }
    }
}

impl StarModel {
    /// Whether state `s` may be entered at all.
    pub fn enters(&self, s: usize) -> bool {
        self.allow_none || s != NONE
    }

    pub fn chain(&self) -> Chain<'_> {
        Chain {
            start: &self.start,
            end: &self.end,
            transitions: &self.transitions,
            paragraph_transitions: &self.paragraph_transitions,
        }
    }
}

pub fn log_sum_exp(values: impl Iterator<Item = f64>) -> f64 {
    // One value per state, each computed once; a forbidden state (minus infinity) adds nothing and
    // is not passed to `exp`, which every labeller run calls some hundred thousand times.
    let mut finite = [0.0; STATES];
    let mut count = 0;
    let mut max = f64::NEG_INFINITY;
    for v in values {
        if v > f64::NEG_INFINITY {
            finite[count] = v;
            count += 1;
            max = max.max(v);
        }
    }
    if count == 0 {
        return f64::NEG_INFINITY;
    }
    max + finite[..count].iter().map(|v| (v - max).exp()).sum::<f64>().ln()
}

/// Forward-backward over `emissions` (one row of state scores per sentence). `paragraph[i]` says
/// whether a paragraph break lies before sentence `i`. Sentence `i` may be in state `s` only where
/// `allowed(i, s)`: forbidding a state everywhere gives the weight of every labelling without it,
/// and forbidding all but a person's label gives the weight of the labellings that agree with them.
pub fn forward_backward(
    chain: &Chain,
    emissions: &[Scores],
    paragraph: &[bool],
    allowed: &dyn Fn(usize, usize) -> bool,
) -> Lattice {
    let n = emissions.len();
    let mut alpha = vec![[f64::NEG_INFINITY; STATES]; n];
    let mut beta = vec![[f64::NEG_INFINITY; STATES]; n];
    if n == 0 {
        return Lattice {
            alpha,
            beta,
            log_z: 0.0,
        };
    }
    for s in (0..STATES).filter(|&s| allowed(0, s)) {
        alpha[0][s] = chain.start[s] + emissions[0][s];
    }
    for i in 1..n {
        for to in (0..STATES).filter(|&s| allowed(i, s)) {
            let previous = &alpha[i - 1];
            let incoming = (0..STATES).map(|from| previous[from] + chain.transition(from, to, paragraph[i]));
            alpha[i][to] = log_sum_exp(incoming) + emissions[i][to];
        }
    }
    for s in (0..STATES).filter(|&s| allowed(n - 1, s)) {
        beta[n - 1][s] = chain.end[s];
    }
    for i in (0..n - 1).rev() {
        for from in (0..STATES).filter(|&s| allowed(i, s)) {
            let next = &beta[i + 1];
            let outgoing =
                (0..STATES).map(|to| chain.transition(from, to, paragraph[i + 1]) + emissions[i + 1][to] + next[to]);
            beta[i][from] = log_sum_exp(outgoing);
        }
    }
    let log_z = log_sum_exp((0..STATES).map(|s| alpha[n - 1][s] + beta[n - 1][s]));
    Lattice { alpha, beta, log_z }
}

impl Lattice {
    /// The probability that sentence `i` is in state `s`.
    pub fn marginal(&self, i: usize, s: usize) -> f64 {
        (self.alpha[i][s] + self.beta[i][s] - self.log_z).exp()
    }
}

/// The most likely labelling as a whole (Viterbi), with sentence `i` in state `s` only where
/// `allowed(i, s)`.
pub fn viterbi(
    chain: &Chain,
    emissions: &[Scores],
    paragraph: &[bool],
    allowed: &dyn Fn(usize, usize) -> bool,
) -> Vec<usize> {
    let n = emissions.len();
    if n == 0 {
        return Vec::new();
    }
    let mut score = vec![[f64::NEG_INFINITY; STATES]; n];
    let mut back = vec![[0usize; STATES]; n];
    for s in (0..STATES).filter(|&s| allowed(0, s)) {
        score[0][s] = chain.start[s] + emissions[0][s];
    }
    for i in 1..n {
        for to in (0..STATES).filter(|&s| allowed(i, s)) {
            let (from, best) = (0..STATES)
                .map(|from| (from, score[i - 1][from] + chain.transition(from, to, paragraph[i])))
                .fold((0, f64::NEG_INFINITY), |acc, x| if x.1 > acc.1 { x } else { acc });
            score[i][to] = best + emissions[i][to];
            back[i][to] = from;
        }
    }
    let mut state = (0..STATES)
        .map(|s| (s, score[n - 1][s] + chain.end[s]))
        .fold((0, f64::NEG_INFINITY), |acc, x| if x.1 > acc.1 { x } else { acc })
        .0;
    let mut path = vec![0; n];
    for i in (0..n).rev() {
        path[i] = state;
        state = back[i][state];
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::schema::WeightLines;

    fn flat_chain() -> ([f64; 5], [[f64; 5]; 5]) {
        ([0.0; 5], [[0.0; 5]; 5])
    }

    #[test]
    fn marginals_sum_to_one_and_follow_the_emissions() {
        let (edge, table) = flat_chain();
        let chain = Chain {
            start: &edge,
            end: &edge,
            transitions: &table,
            paragraph_transitions: &table,
        };
        let emissions = vec![[3.0, 0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 3.0, 0.0]];
        let lattice = forward_backward(&chain, &emissions, &[false, false], &|_, _| true);
        for i in 0..2 {
            let total: f64 = (0..STATES).map(|s| lattice.marginal(i, s)).sum();
            assert!((total - 1.0).abs() < 1e-9);
        }
        assert!(lattice.marginal(0, 0) > 0.8 && lattice.marginal(1, 3) > 0.8);
        assert_eq!(viterbi(&chain, &emissions, &[false, false], &|_, _| true), vec![0, 3]);
        // With no transitions, the chance that no sentence is a Result is the product of each
        // sentence's chance not to be one.
        let without = forward_backward(&chain, &emissions, &[false, false], &|_, s| s != 3);
        let absent = (without.log_z - lattice.log_z).exp();
        let expected = (1.0 - lattice.marginal(0, 3)) * (1.0 - lattice.marginal(1, 3));
        assert!((absent - expected).abs() < 1e-9, "{absent} vs {expected}");
    }

    #[test]
    fn a_bad_weights_line_is_named() {
        let spec = StarModelSpec {
            version: 1,
            labels: STATE_LETTERS.iter().map(|s| s.to_string()).collect(),
            start: [0.0; 5],
            end: [0.0; 5],
            transitions: [[0.0; 5]; 5],
            paragraph_transitions: [[0.0; 5]; 5],
            present_threshold: [0.5; 4],
            missing_threshold: [0.2; 4],
            allow_none: false,
            weights: WeightLines::Text(vec!["bias 0 0 0 0 0".into(), "w:x 1 2 three 4 5".into()]),
        };
        let error = StarModel::from_spec(spec).unwrap_err();
        assert_eq!(error, "weights line 2 (`w:x`): `three` is not a number");
    }
}

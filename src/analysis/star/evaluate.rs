//! The figures star-check's judgement is measured by, on labelled answers, computed as the shared
//! corpus scorer computes them (`score.py`): sentence labels, part presence, false alarms on
//! complete answers, parts removed and reported missing, and the order of scores against a person's
//! strong/ok/weak. With [`cross_validate`], every answer is scored by a model fitted without its
//! source, so the figures say what the model does on writing it has not seen.

use super::corpus::LabelledAnswer;
use super::fit::{self, FitOptions, Prepared};
use crate::analysis;
use crate::document::Document;
use crate::rules::schema::Part;
use crate::rules::{LoadOptions, RuleSet, RuleSource};
use std::collections::BTreeSet;

/// A share: `hits` of `total`.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Share {
    pub hits: f64,
    pub total: f64,
}

impl Share {
    pub fn value(self) -> f64 {
        if self.total == 0.0 { 0.0 } else { self.hits / self.total }
    }
    fn add(&mut self, hit: bool) {
        self.hits += f64::from(u8::from(hit));
        self.total += 1.0;
    }
}

/// What the scorer prints.
#[derive(Debug, Clone, Default)]
pub struct Figures {
    pub answers: usize,
    pub sentence_accuracy: Share,
    pub part_accuracy: Share,
    /// Parts of complete answers reported missing.
    pub false_alarms: Share,
    pub ablation_recall: Share,
    pub quality_pairwise: Share,
    /// Result sentences (by the person) that star-check labels Action.
    pub results_read_as_actions: Share,
}

impl Figures {
    pub fn summary(&self) -> String {
        format!(
            "answers={} sentence_accuracy={:.3} ({}/{}) part_accuracy={:.3} intact_false_alarm={:.3} ({}/{}) \
             ablation_recall={:.3} ({}/{}) quality_pairwise={:.3} results_read_as_actions={}/{}",
            self.answers,
            self.sentence_accuracy.value(),
            self.sentence_accuracy.hits,
            self.sentence_accuracy.total,
            self.part_accuracy.value(),
            self.false_alarms.value(),
            self.false_alarms.hits,
            self.false_alarms.total,
            self.ablation_recall.value(),
            self.ablation_recall.hits,
            self.ablation_recall.total,
            self.quality_pairwise.value(),
            self.results_read_as_actions.hits,
            self.results_read_as_actions.total,
        )
    }
}

/// star-check's verdict on one labelled answer, with its ablations.
#[derive(Debug, Clone)]
pub struct Verdict {
    pub id: String,
    pub kind: crate::rules::schema::QuestionKind,
    pub quality: Option<u8>,
    pub score: u32,
    pub parts_present: Vec<Part>,
    pub told: [bool; 4],
    /// (the person's label, star-check's) for every labelled S/T/A/R sentence.
    pub sentences: Vec<(Part, Option<Part>)>,
    /// The text of each of those sentences, for a tool that lists the disagreements.
    pub sentence_texts: Vec<String>,
    /// For each part removed from a complete answer: whether star-check then found it missing.
    pub ablations: Vec<(Part, bool)>,
    /// star-check's probability that the answer tells each part (its likeliest sentence's).
    pub confidence: [f64; 4],
    /// The reading of the whole answer, and of each ablation (in `ablations` order).
    pub reading: super::StarReading,
    pub ablated_readings: Vec<super::StarReading>,
    /// Per sentence of `reading` (star-check's sentences), the parts the person gave the text at
    /// its middle: whether a sentence the reading names is the person's, for the unclear rules.
    pub person_parts: Vec<Vec<Part>>,
    /// The same for each of `ablated_readings`.
    pub ablated_person_parts: Vec<Vec<Vec<Part>>>,
}

/// Per sentence of `answer`, the parts the person gave the text at its middle.
fn person_parts(labelled: &LabelledAnswer, answer: &crate::document::Answer) -> Vec<Vec<Part>> {
    answer
        .sentences
        .iter()
        .map(|s| {
            let middle = s.span.start + (s.span.end - s.span.start) / 2;
            labelled.parts_at(middle).map(<[Part]>::to_vec).unwrap_or_default()
        })
        .collect()
}

/// Checks `text` as `star-check --format json --kind KIND --question Q -` would.
fn check(text: &str, labelled: &LabelledAnswer, rules: &RuleSet) -> Option<(analysis::AnswerAnalysis, Document)> {
    let is_label = |h: &str| rules.star_labels.heading_label(h).is_some();
    let mut document = Document::parse(text, &is_label).ok()?;
    if let Some(question) = &labelled.question
        && document.answers[0].question.is_none()
    {
        document.answers[0].question = Some(question.clone());
    }
    let analyses = analysis::analyze_document(&document, text, Some(labelled.kind), rules);
    let first = analyses.into_iter().next()?;
    Some((first, document))
}

/// star-check's verdict on `labelled` under `rules`.
pub fn verdict(labelled: &LabelledAnswer, rules: &RuleSet) -> Option<Verdict> {
    let (analysis, document) = check(&labelled.text, labelled, rules)?;
    let answer = &document.answers[0];
    let star = &analysis.star_reading;
    let told = Part::ALL.map(|p| star.tells(p));

    let mut sentences = Vec::new();
    let mut sentence_texts = Vec::new();
    for labelled_sentence in &labelled.sentences {
        let Some(&part) = labelled_sentence.parts.first() else {
            continue;
        };
        let range = &labelled_sentence.range;
        let middle = range.start + (range.end - range.start) / 2;
        let ours = answer
            .sentences
            .iter()
            .position(|s| s.span.start <= middle && middle < s.span.end)
            .and_then(|i| star.labels[i]);
        sentences.push((part, ours));
        sentence_texts.push(labelled.text[range.clone()].to_string());
    }
    let mut ablations = Vec::new();
    let mut ablated_readings = Vec::new();
    let mut ablated_person_parts = Vec::new();
    if labelled.is_complete() {
        for part in Part::ALL {
            let Some(ablated) = labelled.without(part) else {
                continue;
            };
            if let Some((analysis, document)) = check(&ablated.text, &ablated, rules) {
                ablations.push((part, !analysis.star_reading.tells(part)));
                ablated_readings.push(analysis.star_reading);
                ablated_person_parts.push(person_parts(&ablated, &document.answers[0]));
            }
        }
    }
    Some(Verdict {
        id: labelled.id.clone(),
        kind: labelled.kind,
        quality: labelled.quality,
        score: analysis.score.total,
        parts_present: labelled.parts_present.clone(),
        told,
        sentences,
        sentence_texts,
        ablations,
        confidence: star.confidence,
        reading: star.clone(),
        ablated_readings,
        person_parts: person_parts(labelled, answer),
        ablated_person_parts,
    })
}

/// The figures over a set of verdicts.
pub fn figures(verdicts: &[Verdict]) -> Figures {
    let mut figures = Figures {
        answers: verdicts.len(),
        ..Figures::default()
    };
    for v in verdicts {
        for (part, ours) in &v.sentences {
            figures.sentence_accuracy.add(Some(*part) == *ours);
            if *part == Part::Result {
                figures.results_read_as_actions.add(*ours == Some(Part::Action));
            }
        }
        let complete = Part::ALL.iter().all(|p| v.parts_present.contains(p));
        for part in Part::ALL {
            figures
                .part_accuracy
                .add(v.told[part.index()] == v.parts_present.contains(&part));
            if complete {
                figures.false_alarms.add(!v.told[part.index()]);
            }
        }
        for (_, missing) in &v.ablations {
            figures.ablation_recall.add(*missing);
        }
    }
    for (i, a) in verdicts.iter().enumerate() {
        for b in &verdicts[i + 1..] {
            let (Some(qa), Some(qb)) = (a.quality, b.quality) else {
                continue;
            };
            if qa == qb {
                continue;
            }
            let order = (f64::from(a.score) - f64::from(b.score)) * (f64::from(qa) - f64::from(qb));
            figures.quality_pairwise.hits += if order > 0.0 {
                1.0
            } else if a.score == b.score {
                0.5
            } else {
                0.0
            };
            figures.quality_pairwise.total += 1.0;
        }
    }
    figures
}

/// Loads the built-in rules with `model_toml` in place of the built-in model.
pub fn rules_with_model(model_toml: &str) -> Result<RuleSet, String> {
    RuleSet::load(LoadOptions {
        default_rules: true,
        extra: vec![RuleSource {
            path: "fitted-star-model.toml".into(),
            text: model_toml.to_string(),
        }],
    })
    .map_err(|errors| errors.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("; "))
}

/// How answers are split into folds.
#[derive(Debug, Clone, Copy)]
pub enum Folds {
    /// One fold a source: fit on every other source, score this one.
    BySource,
    /// `k` folds of whole sources, dealt round-robin in sorted order.
    Sources(usize),
}

/// Cross-validates: `scored` answers are scored by models fitted without their fold; `extra`
/// answers (fixtures, say) are always in the training set unless they share a source with the fold.
/// `fixture_weight` in `options` weighs the `extra` answers.
///
/// Two passes: the first gives every scored answer its presence probabilities under its fold's
/// model; then each fold's part thresholds are calibrated on the other folds' probabilities (so no
/// answer's own verdict sets its threshold), and the second pass gives the verdicts. Returns them
/// with the probabilities of the first pass, for calibrating a final model.
pub fn cross_validate(
    scored: &[LabelledAnswer],
    extra: &[LabelledAnswer],
    folds: Folds,
    options: FitOptions,
    rules: &RuleSet,
) -> Result<CrossValidation, String> {
    let sources: Vec<&str> = scored
        .iter()
        .map(|a| a.source.as_str())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let fold_of = |source: &str| -> usize {
        let at = sources.iter().position(|s| *s == source).unwrap_or(0);
        match folds {
            Folds::BySource => at,
            Folds::Sources(k) => at % k.max(1),
        }
    };
    let fold_count = match folds {
        Folds::BySource => sources.len(),
        Folds::Sources(k) => k.min(sources.len()),
    };
    let prepared_scored: Vec<Vec<(Prepared, f64)>> =
        scored.iter().map(|a| fit::prepare_all(a, rules, options)).collect();
    let prepared_extra: Vec<Vec<(Prepared, f64)>> = extra.iter().map(|a| fit::prepare_all(a, rules, options)).collect();
    let mut fitted_folds = Vec::with_capacity(fold_count);
    let mut first_pass: Vec<(usize, Verdict)> = Vec::new();
    for fold in 0..fold_count {
        let held_out = |source: &str| fold_of(source) == fold;
        let mut training: Vec<(&Prepared, f64)> = Vec::new();
        for (answer, prepared) in scored.iter().zip(&prepared_scored) {
            if !held_out(&answer.source) {
                training.extend(prepared.iter().map(|(p, w)| (p, *w)));
            }
        }
        for (answer, prepared) in extra.iter().zip(&prepared_extra) {
            if !held_out(&answer.source) {
                training.extend(prepared.iter().map(|(p, w)| (p, w * options.fixture_weight)));
            }
        }
        let fitted = fit::fit(&training, options);
        let fold_rules = rules_with_model(&fitted.to_toml("cross-validation fold"))?;
        for answer in scored.iter().filter(|a| held_out(&a.source)) {
            if let Some(v) = verdict(answer, &fold_rules) {
                first_pass.push((fold, v));
            }
        }
        fitted_folds.push(fitted);
    }
    let mut verdicts = Vec::new();
    for (fold, mut fitted) in fitted_folds.into_iter().enumerate() {
        fitted.thresholds = fit::calibrate(&presence(first_pass.iter().filter(|(f, _)| *f != fold).map(|(_, v)| v)));
        let fold_rules = rules_with_model(&fitted.to_toml("cross-validation fold"))?;
        for answer in scored.iter().filter(|a| fold_of(&a.source) == fold) {
            if let Some(v) = verdict(answer, &fold_rules) {
                verdicts.push(v);
            }
        }
    }
    Ok(CrossValidation {
        verdicts,
        presence: presence(first_pass.iter().map(|(_, v)| v)),
    })
}

/// What [`cross_validate`] found.
pub struct CrossValidation {
    pub verdicts: Vec<Verdict>,
    /// Per part, the presence probabilities (before calibration) of the answers that tell it.
    pub presence: [Vec<f64>; 4],
}

/// The presence probabilities of the parts people found, per part.
pub fn presence<'a>(verdicts: impl Iterator<Item = &'a Verdict>) -> [Vec<f64>; 4] {
    let mut out: [Vec<f64>; 4] = Default::default();
    for v in verdicts {
        for part in &v.parts_present {
            out[part.index()].push(v.confidence[part.index()]);
        }
    }
    out
}

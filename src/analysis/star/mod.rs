//! STAR labelling: every sentence of a story gets Situation, Task, Action, Result or none, read
//! over the whole answer at once by a fitted linear-chain model (see [`model`]), and every part gets
//! the probability that the sentence likeliest to tell it does. A single keyword therefore does not
//! decide a sentence, and "No Result" is said only when the model is sure there is none.
//!
//! - [`features`]: what the model knows about a sentence (words, place, tense, numbers);
//! - [`labels`]: labels the candidate wrote ("Situation:", a "### Result" heading);
//! - [`model`]: the weights, forward-backward and Viterbi;
//! - [`fit`] and [`corpus`]: fitting the weights from labelled answers (tools and tests only).

pub mod corpus;
pub mod evaluate;
pub mod features;
pub mod fit;
pub mod labels;
pub mod model;

pub use labels::LabelMatchers;
pub use model::StarModel;

use crate::document::Answer;
use crate::rules::schema::Part;
use crate::rules::{Hits, RuleDetail, RuleSet};
use features::SentenceView;
use labels::Explicit;
use model::{NONE, STATES, Scores};

/// What the labeller read in one answer.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StarReading {
    /// Each sentence's part (`None`: no part).
    pub labels: Vec<Option<Part>>,
    /// A second part a sentence tells ("I added an index, cutting p95 to 120 ms": Action, then Result).
    pub secondary: Vec<Option<Part>>,
    /// The probability that the answer tells each part, in [`Part::ALL`] order: that its likeliest
    /// sentence tells it (`peak`), or at least the present threshold when a second-label cue names it.
    pub confidence: [f64; 4],
    /// The sentence most likely to be each part.
    pub likeliest: [Option<usize>; 4],
    /// Per part, the highest probability any one sentence has of being it, over the whole answer.
    pub peak: [f64; 4],
    /// The part thresholds of the model: below `missing` a part is missing, below `present` unclear.
    pub thresholds: Thresholds,
}

/// The model's per-part thresholds (S, T, A, R) on a part's presence probability, and the rule
/// set's floor on naming a sentence.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Thresholds {
    pub present: [f64; 4],
    pub missing: [f64; 4],
    /// `[star] name-sentence-floor`: the least `peak` at which an unclear part names its likeliest
    /// sentence.
    pub name_sentence: f64,
}

/// What the labeller concludes about one part.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Present,
    /// Possibly told; not sure enough either way. With the sentence likeliest to tell it when that
    /// sentence is likely enough to be worth asking about, `None` when no sentence is: the part's
    /// probability is then spread thin over the answer, and naming the best of them would ask the
    /// candidate about a sentence that is almost surely not it.
    Unclear(Option<usize>),
    Missing,
}

impl StarReading {
    /// Whether some sentence tells `part`, as its own part or its second one.
    pub fn tells(&self, part: Part) -> bool {
        self.labels.contains(&Some(part)) || self.secondary.contains(&Some(part))
    }

    /// Whether sentence `index` tells `part`.
    pub fn sentence_tells(&self, index: usize, part: Part) -> bool {
        self.labels[index] == Some(part) || self.secondary[index] == Some(part)
    }

    pub fn verdict(&self, part: Part) -> Verdict {
        if self.tells(part) {
            return Verdict::Present;
        }
        let s = part.index();
        match self.likeliest[s] {
            Some(sentence) if self.confidence[s] >= self.thresholds.missing[s] => {
                Verdict::Unclear((self.peak[s] >= self.thresholds.name_sentence).then_some(sentence))
            }
            _ => Verdict::Missing,
        }
    }

    /// No sentence has a part: the reading of a kind without STAR.
    pub fn unlabelled(sentences: usize) -> StarReading {
        StarReading {
            labels: vec![None; sentences],
            secondary: vec![None; sentences],
            ..StarReading::default()
        }
    }
}

/// One answer's sentences as the model sees them, with what the rules found in each.
pub struct Observed<'a> {
    pub views: Vec<SentenceView<'a>>,
    /// Per sentence, the indices of the `star-cue` rules that matched it.
    pub cues: Vec<Vec<usize>>,
    /// Per sentence, the candidate's own label for it.
    pub explicit: Vec<Option<Explicit>>,
}

impl<'a> Observed<'a> {
    pub fn new(answer: &'a Answer, hits: &Hits, rules: &RuleSet) -> Observed<'a> {
        let n = answer.sentences.len();
        let section_starts: Vec<usize> = answer.section_labels.iter().map(|(i, _)| *i).collect();
        let explicit = labels::explicit_labels(answer, &rules.star_labels);
        let mut views: Vec<SentenceView> = (0..n)
            .map(|i| SentenceView {
                text: answer.sentence_text(i),
                starts_paragraph: i == 0
                    || section_starts.contains(&i)
                    || answer.plain.text[answer.sentences[i - 1].plain.end..answer.sentences[i].plain.start]
                        .contains('\n'),
                headline: false,
            })
            .collect();
        if n > 1 {
            // A paragraph of its own: in Markdown a single line break is only a space, so notes
            // written one sentence a line are one paragraph, and their first line no headline.
            let paragraphs_after = views[1..].iter().filter(|v| v.starts_paragraph).count();
            views[0].headline = features::is_headline(views[0].text, views[1].starts_paragraph, paragraphs_after)
                && !answer.plain.opens_list_item(answer.sentences[0].plain.start)
                && explicit[0].is_none();
        }
        let mut cues = vec![Vec::new(); n];
        for (index, rule) in rules.rules.iter().enumerate() {
            if rule.disabled || !matches!(rule.detail, RuleDetail::StarCue { .. }) {
                continue;
            }
            for hit in &hits.main[index] {
                // A cue's `unless-overlapping` takes away the words it matches: "MySQL, which fell
                // over" is no "…, which cut it to 90 ms".
                if let Some(sentence) = answer.sentence_at(hit.start)
                    && cues[sentence].last() != Some(&index)
                    && !cue_excepted(answer, rules, index, sentence, hit)
                {
                    cues[sentence].push(index);
                }
            }
        }
        Observed { views, cues, explicit }
    }

    pub fn len(&self) -> usize {
        self.views.len()
    }

    pub fn is_empty(&self) -> bool {
        self.views.is_empty()
    }

    /// The cue rules of sentence `i` and of its neighbours, each with its feature prefix: what comes
    /// just before and after a sentence says much about it ("My goal was…" is followed by actions).
    fn neighbour_cues(&self, i: usize) -> impl Iterator<Item = (&'static str, usize)> + '_ {
        let before = i.checked_sub(1).map(|j| &self.cues[j][..]).unwrap_or(&[]);
        let after = self.cues.get(i + 1).map(|c| &c[..]).unwrap_or(&[]);
        self.cues[i]
            .iter()
            .map(|&r| ("", r))
            .chain(before.iter().map(|&r| ("pv:", r)))
            .chain(after.iter().map(|&r| ("nx:", r)))
    }

    pub fn paragraph_breaks(&self) -> Vec<bool> {
        self.views
            .iter()
            .enumerate()
            .map(|(i, v)| i > 0 && v.starts_paragraph)
            .collect()
    }

    /// Calls `emit(sentence, name)` for every feature of every sentence, cue features included.
    pub fn features(&self, rules: &RuleSet, emit: &mut dyn FnMut(usize, &str)) {
        let mut buffer = String::new();
        let mut name = String::new();
        for i in 0..self.len() {
            features::sentence_features(&self.views, i, &mut buffer, &mut |f| emit(i, f));
            for (prefix, rule) in self.neighbour_cues(i) {
                cue_feature_with(prefix, &rules.rules[rule].id, &mut name);
                emit(i, &name);
            }
        }
    }

    /// Fixed score offsets: the candidate's own labels, which the model does not learn.
    pub fn offsets(&self, rules: &RuleSet) -> Vec<Scores> {
        self.explicit
            .iter()
            .map(|explicit| {
                let mut row = [0.0; STATES];
                match explicit {
                    Some(Explicit::Own(part)) => row[part.index()] += rules.star.label_weight,
                    Some(Explicit::Carried(part)) => row[part.index()] += rules.star.carried_label_weight,
                    None => {}
                }
                row
            })
            .collect()
    }
}

/// Whether one of cue rule `index`'s `unless-overlapping` patterns overlaps `hit` in `sentence`.
fn cue_excepted(answer: &Answer, rules: &RuleSet, index: usize, sentence: usize, hit: &std::ops::Range<usize>) -> bool {
    let base = answer.sentences[sentence].plain.start;
    rules
        .matchers
        .is_hit_excepted(index, answer.sentence_text(sentence), hit.start - base..hit.end - base)
}

/// The feature name of a cue rule.
pub fn cue_feature(id: &str, buffer: &mut String) {
    cue_feature_with("", id, buffer);
}

/// The feature name of a cue rule matched in this sentence (`prefix` ""), the one before ("pv:")
/// or the one after ("nx:").
fn cue_feature_with(prefix: &str, id: &str, buffer: &mut String) {
    buffer.clear();
    buffer.push_str(prefix);
    buffer.push_str("cue:");
    buffer.push_str(id);
}

/// Each sentence's state scores under `model`. A cue rule the model has no weights for (one from a
/// user's rule pack) adds its own `weight` to its part.
pub fn emissions(observed: &Observed, rules: &RuleSet, model: &StarModel) -> Vec<Scores> {
    let mut scores = observed.offsets(rules);
    let mut buffer = String::new();
    let mut name = String::new();
    for (i, row) in scores.iter_mut().enumerate() {
        features::sentence_features(&observed.views, i, &mut buffer, &mut |f| {
            model.add(f, row);
        });
        for (prefix, rule) in observed.neighbour_cues(i) {
            let rule = &rules.rules[rule];
            cue_feature_with(prefix, &rule.id, &mut name);
            if !model.add(&name, row)
                && prefix.is_empty()
                && let RuleDetail::StarCue { part, weight, .. } = rule.detail
            {
                row[part.index()] += weight;
            }
        }
    }
    scores
}

/// Labels an answer's sentences with `model` (the rule set's own unless a fitting tool passes one).
pub fn read(answer: &Answer, hits: &Hits, rules: &RuleSet, model: &StarModel) -> StarReading {
    let observed = Observed::new(answer, hits, rules);
    read_observed(&observed, rules, model)
}

pub fn read_observed(observed: &Observed, rules: &RuleSet, model: &StarModel) -> StarReading {
    let n = observed.len();
    let mut reading = StarReading::unlabelled(n);
    reading.thresholds = Thresholds {
        present: model.present_threshold,
        missing: model.missing_threshold,
        name_sentence: rules.star.name_sentence_floor,
    };
    if n == 0 {
        return reading;
    }
    let emissions = emissions(observed, rules, model);
    let possible = |_: usize, s: usize| model.enters(s);
    let paragraph = observed.paragraph_breaks();
    let chain = model.chain();
    let lattice = model::forward_backward(&chain, &emissions, &paragraph, &possible);
    // A part is told when one sentence is likely enough to tell it: the sentence a finding would
    // name. Measured against the chance that *some* sentence tells it (one minus the weight of the
    // labellings without it), this misses as few real parts and finds more removed ones, cross-
    // validated by source on the corpus and on the fixtures: a part spread thin over many sentences
    // is one no sentence clearly tells. A cue that names a second part inside a sentence ("…, which
    // cut it to 90 ms") tells that part too.
    let second_cues = second_label_cues(observed, rules);
    let mut absent = [false; 4];
    for part in Part::ALL {
        let s = part.index();
        reading.likeliest[s] = (0..n).max_by(|&a, &b| lattice.marginal(a, s).total_cmp(&lattice.marginal(b, s)));
        // Clamped: a marginal is a ratio of exponentials, a hair above 1 when one labelling is all.
        reading.peak[s] = reading.likeliest[s].map_or(0.0, |i| lattice.marginal(i, s).clamp(0.0, 1.0));
        reading.confidence[s] = reading.peak[s];
        if let Some(i) = second_cues.iter().position(|parts| parts.contains(&part)) {
            reading.confidence[s] = reading.confidence[s].max(model.present_threshold[s]);
            reading.likeliest[s] = reading.likeliest[s]
                .filter(|&l| lattice.marginal(l, s) > 0.5)
                .or(Some(i));
        }
        absent[s] = reading.confidence[s] < model.present_threshold[s];
    }
    // The labels agree with that verdict: the best labelling among those without the absent parts.
    let told = |i: usize, state: usize| possible(i, state) && (state >= 4 || !absent[state]);
    let path = if (0..STATES).any(|state| told(0, state)) {
        model::viterbi(&chain, &emissions, &paragraph, &told)
    } else {
        model::viterbi(&chain, &emissions, &paragraph, &possible)
    };
    for (i, &state) in path.iter().enumerate() {
        reading.labels[i] = (state != NONE).then(|| Part::ALL[state]);
    }
    // A sentence with cues for several other parts (a run-on that tells the whole story) keeps as
    // its second label one that no sentence's own label tells: a Result said only there is the
    // one that must not be reported missing.
    for (i, parts) in second_cues.iter().enumerate() {
        let others = || parts.iter().copied().filter(|p| Some(*p) != reading.labels[i]);
        let untold = |p: &Part| !reading.labels.contains(&Some(*p)) && !reading.secondary.contains(&Some(*p));
        reading.secondary[i] = others()
            .filter(untold)
            .max_by_key(|p| p.index())
            .or_else(|| others().next());
    }
    // A part told on the whole though no sentence's best label: its likeliest sentence tells it.
    for part in Part::ALL {
        let s = part.index();
        if !absent[s]
            && !reading.tells(part)
            && let Some(i) = reading.likeliest[s]
        {
            reading.secondary[i] = Some(part);
        }
    }
    reading
}

/// Why one sentence reads as it does, for an editor's hover: what the model weighed most.
#[derive(Debug, Clone, PartialEq)]
pub struct SentenceEvidence {
    /// The label the candidate wrote for it, if any.
    pub explicit: Option<Explicit>,
    /// The `star-cue` rules that matched it (rule indices).
    pub cues: Vec<usize>,
    /// The probability that the sentence is each part, in [`Part::ALL`] order (the rest: no part).
    pub part_probability: [f64; 4],
}

/// The evidence behind each sentence's part under the rule set's model: the same observations and
/// lattice that [`read`] decodes, so a hover never disagrees with the labels.
pub fn evidence(answer: &Answer, hits: &Hits, rules: &RuleSet) -> Vec<SentenceEvidence> {
    let model = &rules.star_model;
    let observed = Observed::new(answer, hits, rules);
    if observed.is_empty() {
        return Vec::new();
    }
    let emissions = emissions(&observed, rules, model);
    let possible = |_: usize, s: usize| model.enters(s);
    let lattice = model::forward_backward(&model.chain(), &emissions, &observed.paragraph_breaks(), &possible);
    (0..observed.len())
        .map(|i| SentenceEvidence {
            explicit: observed.explicit[i],
            cues: observed.cues[i].clone(),
            part_probability: [0, 1, 2, 3].map(|s| lattice.marginal(i, s)),
        })
        .collect()
}

/// Per sentence, the parts its `second-label` cues name.
fn second_label_cues(observed: &Observed, rules: &RuleSet) -> Vec<Vec<Part>> {
    observed
        .cues
        .iter()
        .map(|cues| {
            cues.iter()
                .filter_map(|&r| match rules.rules[r].detail {
                    RuleDetail::StarCue {
                        part,
                        second_label: true,
                        ..
                    } => Some(part),
                    _ => None,
                })
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{StarReading, Thresholds, Verdict};
    use crate::document::Document;
    use crate::rules::RuleSet;
    use crate::rules::schema::Part::{self, *};

    fn labels_of(text: &str) -> Vec<Option<Part>> {
        let rules = RuleSet::defaults().unwrap();
        let is_label = |h: &str| rules.star_labels.heading_label(h).is_some();
        let document = Document::parse(text, &is_label).unwrap();
        let analysis = crate::analysis::analyze(&document.answers[0], text, None, &rules);
        analysis.star_reading.labels
    }

    #[test]
    fn a_plain_story_decodes_in_order() {
        let text = "Last spring our checkout API kept timing out during sales. \
                    I was asked to fix it before Black Friday. \
                    I profiled the endpoint and found an N+1 query. \
                    I replaced it with a join and added an index. \
                    As a result, p95 latency fell from 2 s to 200 ms.";
        assert_eq!(
            labels_of(text),
            vec![Some(Situation), Some(Task), Some(Action), Some(Action), Some(Result)]
        );
    }

    #[test]
    fn explicit_labels_win_over_cues_and_lean_on_the_rest_of_their_paragraph() {
        let text = "**Result:** latency fell by 60%.\n\n**Situation:** our API was slow. Customers were unhappy.\n";
        assert_eq!(labels_of(text), vec![Some(Result), Some(Situation), Some(Situation)]);
        // A sentence after the label whose cues plainly name another part is read as that part.
        let text = "Situation: our API was slow.\nI profiled it and added an index, cutting p95 latency from 900 ms to 120 ms.\n";
        assert_eq!(labels_of(text)[0], Some(Situation));
        assert_ne!(labels_of(text)[1], Some(Situation));
    }

    /// A reading of four sentences in which only Task is in doubt: present above 0.2, missing
    /// below 0.04, a floor of 0.05 on naming the likeliest sentence (the second).
    fn task_in_doubt(confidence: f64, peak: f64) -> StarReading {
        StarReading {
            labels: vec![Some(Situation), Some(Situation), Some(Action), Some(Result)],
            secondary: vec![None; 4],
            confidence: [1.0, confidence, 1.0, 1.0],
            likeliest: [Some(0), Some(1), Some(2), Some(3)],
            peak: [1.0, peak, 1.0, 1.0],
            thresholds: Thresholds {
                present: [0.9, 0.2, 0.6, 0.4],
                missing: [0.9, 0.04, 0.4, 0.02],
                name_sentence: 0.05,
            },
        }
    }

    #[test]
    fn an_unclear_part_names_its_likeliest_sentence_only_from_the_floor_up() {
        assert_eq!(task_in_doubt(0.1, 0.08).verdict(Task), Verdict::Unclear(Some(1)));
        assert_eq!(task_in_doubt(0.1, 0.05).verdict(Task), Verdict::Unclear(Some(1)));
        // The part is as likely as before, but spread over the answer: no sentence to ask about.
        assert_eq!(task_in_doubt(0.1, 0.03).verdict(Task), Verdict::Unclear(None));
        assert_eq!(task_in_doubt(0.03, 0.03).verdict(Task), Verdict::Missing);
        assert_eq!(task_in_doubt(0.1, 0.03).verdict(Result), Verdict::Present);
    }

    #[test]
    fn the_floor_is_read_from_the_rule_set() {
        let rules = RuleSet::defaults().unwrap();
        let text = "Our API was slow. I added an index.";
        let is_label = |h: &str| rules.star_labels.heading_label(h).is_some();
        let document = Document::parse(text, &is_label).unwrap();
        let analysis = crate::analysis::analyze(&document.answers[0], text, None, &rules);
        assert_eq!(
            analysis.star_reading.thresholds.name_sentence,
            rules.star.name_sentence_floor
        );
        assert!(rules.star.name_sentence_floor > 0.0);
    }

    #[test]
    fn heading_labels_mark_sections() {
        let text = "### Situation\nOur API was slow.\n\n### Action\nThings happened. More things.\n";
        assert_eq!(labels_of(text), vec![Some(Situation), Some(Action), Some(Action)]);
    }

    #[test]
    fn a_headline_above_the_story_leaves_the_situation_where_it_starts() {
        let text = "Moved the nightly invoice export to a queue\n\n\
                    Our invoice export ran as one nightly job and timed out for big customers.\n\n\
                    I split it into chunks on a queue and added retries.\n\n\
                    Since then it has finished every night, in under ten minutes.\n";
        let labels = labels_of(text);
        assert_eq!(labels[1..], [Some(Situation), Some(Action), Some(Result)]);
    }

    #[test]
    fn a_first_bullet_or_a_labelled_line_is_no_headline() {
        let rules = RuleSet::defaults().unwrap();
        let is_label = |h: &str| rules.star_labels.heading_label(h).is_some();
        for text in [
            "- our export timed out every night\n- i was on call\n- i split it into chunks\n- it finishes now\n",
            "Situation: our export timed out every night\n\nI split it into chunks.\n\nIt finishes now.\n",
        ] {
            let document = Document::parse(text, &is_label).unwrap();
            let answer = &document.answers[0];
            let hits = crate::analysis::scan(answer, &rules);
            let observed = super::Observed::new(answer, &hits, &rules);
            assert!(!observed.views[0].headline, "{text}");
        }
    }
}

//! `star-check questions`: the question bank, for a person (id, kind, first phrasing) or a script
//! (`--format json`); and how `--question-id` and `--track` pick bank questions for a check.

use super::ExitStatus;
use super::rules::{ListFormat, RuleSelection, load, report_load_errors};
use crate::analysis::QuestionChoice;
use crate::analysis::question_match::near_ids;
use crate::rules::RuleSet;
use crate::rules::questions::Question;
use crate::rules::schema::QuestionKind;
use serde::Serialize;

#[derive(Debug, clap::Args)]
pub struct QuestionsArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Human)]
    pub format: ListFormat,

    /// Only questions of this kind.
    #[arg(long, value_enum)]
    pub kind: Option<super::KindArg>,

    /// Add the topics of a role track: java, python, nodejs or cloud.
    #[arg(long, value_name = "NAME")]
    pub track: Option<String>,

    #[command(flatten)]
    pub selection: RuleSelection,
}

/// `questions --format json`: the bank as a contract.
#[derive(Debug, Serialize)]
struct QuestionList<'a> {
    version: u32,
    questions: Vec<QuestionInfo<'a>>,
}

#[derive(Debug, Serialize)]
struct QuestionInfo<'a> {
    id: &'a str,
    kind: QuestionKind,
    track: Option<&'a str>,
    phrasings: &'a [String],
    assesses: &'a str,
    points: Vec<PointInfo<'a>>,
}

#[derive(Debug, Serialize)]
struct PointInfo<'a> {
    id: &'a str,
    advice: &'a str,
}

/// Lists the bank's questions: those of no track, and those of `--track`.
pub fn run(
    args: &QuestionsArgs,
    out: &mut dyn std::io::Write,
    err: &mut dyn std::io::Write,
) -> std::io::Result<ExitStatus> {
    let loaded = match load(&args.selection, &[]) {
        Ok(loaded) => loaded,
        Err(errors) => return report_load_errors(&errors, err),
    };
    let rules = &loaded.set;
    let track = match checked_track(rules, args.track.as_deref()) {
        Ok(track) => track,
        Err(message) => {
            super::print_error(err, message)?;
            return Ok(ExitStatus::Error);
        }
    };
    let kind = args.kind.map(QuestionKind::from);
    let listed: Vec<&Question> = rules
        .questions
        .iter()
        .filter(|q| q.on_track(track.as_deref()) && kind.is_none_or(|k| q.kind == k))
        .collect();
    match args.format {
        ListFormat::Json => {
            let list = QuestionList {
                version: 1,
                questions: listed
                    .iter()
                    .map(|q| QuestionInfo {
                        id: &q.id,
                        kind: q.kind,
                        track: q.track.as_deref(),
                        phrasings: &q.phrasings,
                        assesses: &q.assesses,
                        points: q
                            .points
                            .iter()
                            .map(|p| PointInfo {
                                id: &p.id,
                                advice: &p.advice,
                            })
                            .collect(),
                    })
                    .collect(),
            };
            serde_json::to_writer_pretty(&mut *out, &list).map_err(std::io::Error::from)?;
            writeln!(out)?;
        }
        ListFormat::Human => {
            let id_width = listed.iter().map(|q| q.id.len()).max().unwrap_or(2).max(2);
            let kind_width = listed.iter().map(|q| q.kind.id().len()).max().unwrap_or(4).max(4);
            writeln!(out, "{:id_width$}  {:kind_width$}  POINTS  QUESTION", "ID", "KIND")?;
            for question in &listed {
                let first = question.phrasings.first().map_or("", String::as_str);
                let track = question.track.as_deref().map(|t| format!(" [{t}]")).unwrap_or_default();
                writeln!(
                    out,
                    "{:id_width$}  {:kind_width$}  {:>6}  {first}{track}",
                    question.id,
                    question.kind.id(),
                    question.points.len()
                )?;
            }
            let tracks = known_tracks(rules);
            writeln!(
                out,
                "\n{} question{}{}; `--format json` shows the phrasings, what interviewers assess and each talking point's advice",
                listed.len(),
                if listed.len() == 1 { "" } else { "s" },
                match (&track, tracks.is_empty()) {
                    (None, false) => format!(" (add a role track's topics with --track {})", tracks.join("|")),
                    _ => String::new(),
                }
            )?;
        }
    }
    Ok(ExitStatus::Success)
}

/// The role tracks the bank's questions name, sorted.
fn known_tracks(rules: &RuleSet) -> Vec<&str> {
    let mut tracks: Vec<&str> = rules.questions.iter().filter_map(|q| q.track.as_deref()).collect();
    tracks.sort();
    tracks.dedup();
    tracks
}

/// `--track` as the bank knows it (lower case); a track no question names is an error listing
/// the tracks there are.
fn checked_track(rules: &RuleSet, track: Option<&str>) -> Result<Option<String>, String> {
    let Some(track) = track.map(|t| t.trim().to_ascii_lowercase()) else {
        return Ok(None);
    };
    let tracks = known_tracks(rules);
    if tracks.contains(&track.as_str()) {
        Ok(Some(track))
    } else {
        Err(format!(
            "unknown track `{track}` (the bank's tracks: {})",
            if tracks.is_empty() {
                "none".to_string()
            } else {
                tracks.join(", ")
            }
        ))
    }
}

/// The bank question choice of a check: `--question-id` (an unknown id is an error naming the
/// closest ids) and `--track`.
pub fn choice(rules: &RuleSet, question_id: Option<&str>, track: Option<&str>) -> Result<QuestionChoice, String> {
    let track = checked_track(rules, track)?;
    let forced = match question_id.map(str::trim) {
        None => None,
        Some(id) => match rules.questions.iter().position(|q| q.id == id) {
            Some(index) => Some(index),
            None => {
                let near = near_ids(id, rules.questions.iter().map(|q| q.id.as_str()));
                let hint = if near.is_empty() {
                    "`star-check questions` lists them".to_string()
                } else {
                    format!(
                        "did you mean {}?",
                        near.iter().map(|id| format!("`{id}`")).collect::<Vec<_>>().join(", ")
                    )
                };
                return Err(format!("unknown question id `{id}`; {hint}"));
            }
        },
    };
    Ok(QuestionChoice { forced, track })
}

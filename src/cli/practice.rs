//! `star-check practice`: picks a question from the bank, shows it with what interviewers assess,
//! optionally counts down, reads the answer (typed at the terminal or piped in), prints the report,
//! records the attempt in the practice history and, with `--save`, keeps the answer as a file.
//!
//! The question, hints and countdown go to stderr, as a prompt does; stdout carries only the report,
//! so `star-check practice --format json < answer.md` is clean JSON.

use super::check;
use super::input;
use super::progress::{display, history_path, record};
use super::settings::Resolver;
use super::{ColorChoice, ExitStatus, SettingsArgs, print_error, use_color};
use crate::practice::clock::Timestamp;
use crate::practice::history::{self, Attempt};
use crate::report::human::HumanRenderer;
use crate::report::json::JsonRenderer;
use crate::report::{FileReport, Renderer, Report};
use crate::rules::RuleSet;
use crate::rules::questions::Question;
use std::collections::HashMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

#[derive(Debug, clap::Args)]
pub struct PracticeArgs {
    /// Practise this question of the bank (`star-check questions` lists them).
    #[arg(long, value_name = "ID")]
    pub id: Option<String>,

    /// Do not show what interviewers assess.
    #[arg(long)]
    pub no_hints: bool,

    /// At a terminal, count down this many seconds while you type (the answer is not cut off).
    #[arg(long, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub time: Option<u64>,

    /// Keep the answer as Markdown with front matter (question id, date, score) in this folder.
    /// Never overwrites a file.
    #[arg(long, value_name = "DIR")]
    pub save: Option<PathBuf>,

    /// Do not add the attempt to the practice history.
    #[arg(long)]
    pub no_record: bool,

    /// `human` for a person, `json` for programs (the check's JSON report).
    #[arg(long, value_enum, default_value_t = PracticeFormat::Human)]
    pub format: PracticeFormat,

    /// Every finding with its source line, as `star-check --verbose` prints them.
    #[arg(long, short)]
    pub verbose: bool,

    /// When to use colour in the human report.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    #[command(flatten)]
    pub settings: SettingsArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PracticeFormat {
    Human,
    Json,
}

pub fn run(
    args: &PracticeArgs,
    out: &mut dyn std::io::Write,
    err: &mut dyn std::io::Write,
) -> std::io::Result<ExitStatus> {
    let mut resolver = Resolver::new(&args.settings);
    let cwd = std::env::current_dir().unwrap_or_default();
    let Some(index) = resolver.profile_for_folder(&cwd) else {
        for error in &resolver.errors {
            print_error(err, error)?;
        }
        return Ok(ExitStatus::Error);
    };
    let history_file = history_path(args.settings.config.as_deref());
    let past = match history::read(&history_file, &display(&history_file)) {
        Ok(read) => {
            for warning in &read.warnings {
                print_error(err, format_args!("warning: {warning}"))?;
            }
            read.attempts
        }
        Err(error) => {
            print_error(err, error)?;
            Vec::new()
        }
    };
    let picked = match pick(&resolver.profiles[index].rules, args, &past) {
        Ok(question) => question.id.clone(),
        Err(error) => {
            print_error(err, error)?;
            return Ok(ExitStatus::Error);
        }
    };
    // The answer is scored against the question shown, whatever its wording would match.
    let profile = &mut resolver.profiles[index];
    profile.question.forced = profile.rules.questions.iter().position(|q| q.id == picked);
    let profile = &resolver.profiles[index];
    let Some(question) = profile.rules.questions.iter().find(|q| q.id == picked) else {
        return Ok(ExitStatus::Error);
    };
    prompt(question, args, err)?;

    let countdown = args
        .time
        .filter(|_| std::io::stdin().is_terminal())
        .map(start_countdown);
    let started = Instant::now();
    let bytes = input::read_stdin(10_000_000);
    if let Some(done) = &countdown {
        done.store(true, Ordering::Relaxed);
    }
    let text = match bytes.map(|b| input::decode(b, false).map_err(|e| e.to_string())) {
        Ok(Ok(decoded)) => decoded.text,
        Ok(Err(error)) | Err(error) => {
            print_error(err, format_args!("-: {error}"))?;
            return Ok(ExitStatus::Error);
        }
    };
    if text.trim().is_empty() {
        print_error(err, "-: empty answer: nothing was typed, so there is nothing to score")?;
        return Ok(ExitStatus::Error);
    }
    if let Some(limit) = args.time {
        let took = started.elapsed().as_secs();
        if countdown.is_some() {
            let verdict = if took > limit { "over time" } else { "in time" };
            writeln!(
                err,
                "You took {} for a {} answer: {verdict}.",
                minutes(took),
                minutes(limit)
            )?;
        }
    }
    let phrasing = question.phrasings.first().map(String::as_str);
    let answers = match check::check_text(&text, phrasing, profile, None) {
        Ok(answers) => answers,
        Err(error) => {
            print_error(err, format_args!("-: {error}"))?;
            return Ok(ExitStatus::Error);
        }
    };
    let now = Timestamp::now();
    let Some(answer) = answers.first() else {
        print_error(err, "-: no answer text found")?;
        return Ok(ExitStatus::Error);
    };
    let report = Report::new(vec![FileReport {
        path: "-".into(),
        error: None,
        answers: answers.clone(),
        source: text.clone(),
        config_error: None,
    }]);
    let renderer: Box<dyn Renderer> = match args.format {
        PracticeFormat::Human => {
            let color = use_color(args.color);
            colored::control::set_override(color);
            Box::new(HumanRenderer {
                color,
                min_score: Some(profile.min_score.value),
                verbose: args.verbose,
            })
        }
        PracticeFormat::Json => Box::new(JsonRenderer),
    };
    renderer.render(&report, out)?;
    out.flush()?;

    let mut status = if answer.passed {
        ExitStatus::Success
    } else {
        ExitStatus::Failure
    };
    if let Some(folder) = &args.save {
        match save(folder, question, &text, answer.score, now) {
            Ok(path) => writeln!(err, "Saved as {}", path.display())?,
            Err(error) => {
                print_error(
                    err,
                    format_args!("{}: cannot save the answer: {error}", folder.display()),
                )?;
                status = ExitStatus::Error;
            }
        }
    }
    if !args.no_record
        && let Some(attempt) = Attempt::from_answer(answer, "-", now)
        && record(&history_file, &[attempt], err)?
    {
        writeln!(
            err,
            "Recorded in {} (`star-check progress` shows your trend).",
            display(&history_file)
        )?;
    }
    Ok(status)
}

/// The question to practise: `--id`, else among the questions of `--kind` (and the track), the one
/// practised least, then the one whose best score is lowest, then the first in the bank: a
/// candidate working through the bank meets every question before any comes back.
fn pick<'a>(rules: &'a RuleSet, args: &PracticeArgs, past: &[Attempt]) -> Result<&'a Question, String> {
    let choice = super::questions::choice(rules, args.id.as_deref(), args.settings.track.as_deref())?;
    if let Some(index) = choice.forced {
        return Ok(&rules.questions[index]);
    }
    let track = choice.track.as_deref();
    let kind = args.settings.kind.map(crate::rules::schema::QuestionKind::from);
    let mut practised: HashMap<&str, (usize, u32)> = HashMap::new();
    for attempt in past {
        let entry = practised.entry(attempt.question_id.as_str()).or_insert((0, 0));
        entry.0 += 1;
        entry.1 = entry.1.max(attempt.score);
    }
    rules
        .questions
        .iter()
        .filter(|q| q.on_track(track) && kind.is_none_or(|k| q.kind == k))
        .min_by_key(|q| practised.get(q.id.as_str()).copied().unwrap_or((0, 0)))
        .ok_or_else(|| match (kind, track) {
            (Some(kind), _) => format!("no question of kind `{}` in the bank", kind.id()),
            (None, Some(track)) => format!("no question on track `{track}` in the bank"),
            (None, None) => "the question bank is empty".to_string(),
        })
}

/// Shows the question (and, unless `--no-hints`, what interviewers assess) on stderr.
fn prompt(question: &Question, args: &PracticeArgs, err: &mut dyn std::io::Write) -> std::io::Result<()> {
    let phrasing = question.phrasings.first().map_or(question.id.as_str(), String::as_str);
    writeln!(err, "Question ({}, {}): {phrasing}", question.id, question.kind.id())?;
    if !args.no_hints && !question.assesses.is_empty() {
        writeln!(err, "Interviewers assess: {}", question.assesses)?;
    }
    if let Some(seconds) = args.time {
        writeln!(err, "You have {}.", minutes(seconds))?;
    }
    Ok(())
}

/// `2:00`.
fn minutes(seconds: u64) -> String {
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

/// Says how much time is left at one minute, thirty and ten seconds, and when it is up, on stderr,
/// until the returned flag is set. The thread only sleeps and prints; the process does not wait
/// for it.
fn start_countdown(seconds: u64) -> Arc<AtomicBool> {
    let done = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&done);
    std::thread::spawn(move || {
        let start = Instant::now();
        let total = Duration::from_secs(seconds);
        let mut marks: Vec<u64> = [60, 30, 10].into_iter().filter(|&m| m < seconds).collect();
        marks.push(0);
        for left in marks {
            let at = total - Duration::from_secs(left);
            while start.elapsed() < at {
                if flag.load(Ordering::Relaxed) {
                    return;
                }
                std::thread::sleep(Duration::from_millis(100));
            }
            if flag.load(Ordering::Relaxed) {
                return;
            }
            if left == 0 {
                eprintln!("\n  [time is up: finish your sentence, then press Ctrl-D]");
            } else {
                eprintln!("\n  [{} left]", minutes(left));
            }
        }
    });
    done
}

/// Writes the answer to `folder` as `<question>-<date>.md` with front matter, atomically (a
/// temporary file in the same folder, linked into place only if no file has that name), and
/// never over an existing file: a name that is taken gets `-2`, `-3`, ….
fn save(folder: &Path, question: &Question, text: &str, score: u32, at: Timestamp) -> std::io::Result<PathBuf> {
    std::fs::create_dir_all(folder)?;
    let phrasing = question.phrasings.first().map_or(question.id.as_str(), String::as_str);
    let front_matter = format!(
        "---\nquestion: {}\nquestion-id: {}\nkind: {}\ndate: {}\nscore: {score}\n---\n",
        serde_json::to_string(phrasing).map_err(std::io::Error::other)?,
        question.id,
        question.kind.id(),
        at.date_time()
    );
    let body = text.trim_end();
    let stem = format!("{}-{}", question.id, at.compact());
    let mut temporary = tempfile::NamedTempFile::new_in(folder)?;
    std::io::Write::write_all(&mut temporary, format!("{front_matter}{body}\n").as_bytes())?;
    // A temporary file is private to its owner; the saved answer is an ordinary file.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        temporary
            .as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    temporary.as_file().sync_all()?;
    for n in 1..=100 {
        let name = if n == 1 {
            format!("{stem}.md")
        } else {
            format!("{stem}-{n}.md")
        };
        let path = folder.join(name);
        match temporary.persist_noclobber(&path) {
            Ok(_) => return Ok(path),
            Err(error) if error.error.kind() == std::io::ErrorKind::AlreadyExists => temporary = error.file,
            Err(error) => return Err(error.error),
        }
    }
    Err(std::io::Error::other(format!(
        "{stem}.md and 99 numbered names are taken"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saving_twice_in_one_second_never_overwrites() {
        let rules = RuleSet::defaults().unwrap();
        let question = rules.questions.iter().find(|q| q.id == "jwt").unwrap();
        let dir = tempfile::tempdir().unwrap();
        let at = Timestamp(1_796_122_295);
        let first = save(dir.path(), question, "First answer.\n", 40, at).unwrap();
        let second = save(dir.path(), question, "Second answer.\n", 81, at).unwrap();
        assert_eq!(first.file_name().unwrap(), "jwt-20261201-105135.md");
        assert_eq!(second.file_name().unwrap(), "jwt-20261201-105135-2.md");
        let kept = std::fs::read_to_string(&first).unwrap();
        assert!(kept.ends_with("score: 40\n---\nFirst answer.\n"), "{kept}");
        assert!(std::fs::read_to_string(&second).unwrap().contains("score: 81"));
        // Nothing but the two answers: the temporary file was linked into place, not left behind.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
    }
}

//! `structure/hypothetical-story`: a behavioral answer told as a plan ("I would…"), a habit ("I
//! always…", "whenever I…") or a creed ("I believe…") instead of one time it happened. The answers
//! here are written the ways candidates write them (lower case, curly apostrophes, bullets, a
//! non-native turn of phrase); the stories that must pass use the same words where a story has them:
//! a lesson ("next time I would…"), reported words ("I told her I'd…"), one habit sentence before a
//! real story, a past that did not happen ("I would have had to…").

mod common;

use common::*;

const RULE: &str = "structure/hypothetical-story";

/// Told as what the candidate would do or usually does: each must get the finding and its cap.
const HYPOTHETICAL: &[&str] = &[
    "First I would look at every way to still hit the date, like a weekend or help from another team. \
     If I still can't make it, I'd drop the lowest-priority features. \
     I would tell my manager early and apologise. \
     Then I'd let the teams that depend on the release know.",
    "i would start by reproducing the bug locally. then i would check the logs and the recent deploys. \
     if i find the cause i will write a test for it first. after that i'll fix it and ask for a review.",
    "I’d sit down with the teammate and listen to their side first. I’d try to find what we agree on. \
     If we still disagree, I’d bring data. In the end I’d go with the team’s decision.",
    "When it comes to deadlines, I always plan backwards from the date. I usually split the work into \
     small tickets. Whenever I see a risk I tell my lead the same day. I believe the key is to keep \
     everyone informed.",
    "- I would check the dashboards and the error rate\n\
     - I would roll back the last deploy if it looks related\n\
     - I would write a post-mortem\n\
     - I'd add an alert so it cannot happen silently",
    "I value honest feedback a lot. I try to ask for it after every big pull request. \
     Every time I get a comment I don't agree with, I try to understand the reason first. \
     My approach is to thank the reviewer and fix it.",
    "If I have a conflict with a coworker, I will talk to him privately. I will explain my point with \
     facts. If he still dont agree, I will ask our lead to help decide. I think this is the most \
     professional way.",
];

/// Stories of one real time, with the same words where a story has them: none may get the finding.
const STORIES: &[&str] = &[
    "Last March a vendor change pushed our billing release back a week. I owned the release date. \
     I cut two low-priority reports, told my manager the same day and sent finance a new plan. \
     We shipped the invoices on time and the reports a week later. \
     Next time I would check vendor timelines before I commit to a date.",
    "I always start an incident by looking at what changed. Last winter our checkout started \
     timing out at 6 pm every day. I was on call, so it was mine. I found a cron job that locked the \
     orders table and moved it to 3 am. The timeouts stopped that evening.",
    "During my internship the nightly import failed twice a week. My lead asked me to make it \
     reliable. I told her I'd have a fix by Friday. I added retries and a dead-letter queue, and \
     I wrote a runbook. It has not failed since, and since then I always add a runbook to a new job.",
    "in my last job our search was slow for big customers. i was asked to fix it. to do it properly \
     i would have had to rewrite the whole indexer, so i added a cache for the top queries first. \
     p95 went from 2 s to 300 ms and we planned the rewrite for the next quarter.",
    "A senior engineer said my service layer repeated the same validation in five places. I thought \
     she would be annoyed if I argued, but I asked why it mattered. I moved the checks into one \
     middleware that afternoon. Now I look for repeated code before I open a pull request.",
    "Our team disagreed on whether to use Kafka or RabbitMQ for order events. My job was to write up \
     the options. I benchmarked both with our real message sizes and showed the team the numbers. \
     We picked RabbitMQ, and I learned that I should bring data before opinions.",
];

fn check_all(texts: &[&str]) -> Vec<serde_json::Value> {
    let dir = tempfile::tempdir().unwrap();
    for (i, text) in texts.iter().enumerate() {
        write(dir.path(), &format!("{i:02}.md"), text);
    }
    let (report, _) = json_report(&["--kind", "behavioral", dir.path().to_str().unwrap()]);
    let mut files: Vec<serde_json::Value> = report["files"].as_array().unwrap().clone();
    files.sort_by_key(|f| f["path"].as_str().unwrap().to_string());
    assert_eq!(files.len(), texts.len());
    files.into_iter().map(|f| f["answers"][0].clone()).collect()
}

#[test]
fn answers_told_as_plans_habits_or_creeds_are_flagged_and_capped() {
    for (text, answer) in HYPOTHETICAL.iter().zip(check_all(HYPOTHETICAL)) {
        let ids = rule_ids(&answer);
        assert!(
            ids.iter().any(|id| id == RULE),
            "{RULE} missing from {ids:?} for: {text}"
        );
        assert!(answer["score"].as_u64().unwrap() <= 55, "not capped: {answer}");
        let message = diagnostic(&answer, RULE)["message"].as_str().unwrap();
        assert!(message.contains("of the sentences say what you would do"), "{message}");
    }
}

#[test]
fn stories_with_a_lesson_reported_words_or_one_habit_are_not_flagged() {
    for (text, answer) in STORIES.iter().zip(check_all(STORIES)) {
        let ids = rule_ids(&answer);
        assert!(!ids.iter().any(|id| id == RULE), "{RULE} fired on a story: {text}");
    }
}

#[test]
fn situational_questions_may_be_answered_with_a_plan() {
    let (report, _) = {
        let output = star_check()
            .args([
                "--format",
                "json",
                "--question",
                "What would you do if production went down right after your deploy?",
                "-",
            ])
            .write_stdin(HYPOTHETICAL[1])
            .output()
            .unwrap();
        (serde_json::from_slice::<serde_json::Value>(&output.stdout).unwrap(), ())
    };
    let answer = first_answer(&report);
    assert_eq!(answer["kind"], "situational");
    assert!(!rule_ids(answer).iter().any(|id| id == RULE));
}

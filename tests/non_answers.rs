//! Non-answers score as non-answers: one word, gibberish, placeholder text, an off-topic paragraph,
//! a list of keywords, the question said back. Each gets one `answer/*` finding that says what is
//! wrong, no other finding, and a score near zero; a real answer gets none of them.

mod common;

use common::*;
use serde_json::Value;

const DATABASES: &str = "How would you choose between SQL and NoSQL databases for a new service?";
const INCIDENT: &str = "Tell me about a time you had to fix a production incident.";
const CACHING: &str = "What is caching and when would you use Redis?";

/// The report's only answer for `text` read from standard input, asked `question`.
#[track_caller]
fn answer_to(question: Option<&str>, kind: Option<&str>, text: &str) -> Value {
    let mut args = vec!["--format", "json"];
    if let Some(question) = question {
        args.extend(["--question", question]);
    }
    if let Some(kind) = kind {
        args.extend(["--kind", kind]);
    }
    let output = star_check().args(&args).write_stdin(text).output().unwrap();
    let report: Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", String::from_utf8_lossy(&output.stdout)));
    first_answer(&report).clone()
}

/// `text` gets exactly the finding `rule` and scores at most `max`.
#[track_caller]
fn assert_non_answer(question: Option<&str>, kind: Option<&str>, text: &str, rule: &str, max: u64) {
    let answer = answer_to(question, kind, text);
    assert_eq!(rule_ids(&answer), [rule], "{text:?}");
    let message = diagnostic(&answer, rule)["message"].as_str().unwrap();
    assert!(message.starts_with("This does not answer the question: "), "{message}");
    let score = answer["score"].as_u64().unwrap();
    assert!(score <= max, "{text:?} scored {score}, above {max}");
    assert_eq!(answer["grade"], "weak");
}

#[test]
fn one_word() {
    assert_non_answer(Some(INCIDENT), None, "Yes", "answer/no-sentences", 15);
    assert_non_answer(Some(DATABASES), None, "Kafka", "answer/no-sentences", 15);
    let message = diagnostic(&answer_to(Some(INCIDENT), None, "Yes"), "answer/no-sentences")["message"].clone();
    assert_eq!(
        message,
        "This does not answer the question: there is no sentence in it, only 1 word with no verb."
    );
}

#[test]
fn gibberish() {
    assert_non_answer(Some(INCIDENT), None, "asdf qwer zxcv", "answer/no-sentences", 15);
    assert_non_answer(Some(DATABASES), None, "kjhg kjhg lkjh", "answer/no-sentences", 15);
}

#[test]
fn lorem_ipsum() {
    let lorem = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt \
                 ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation \
                 ullamco laboris nisi ut aliquip ex ea commodo consequat.";
    assert_non_answer(Some(INCIDENT), None, lorem, "answer/placeholder", 15);
}

#[test]
fn off_topic_holiday_and_recipe() {
    let holiday = "Last summer my family and I went to a small village on the coast of Portugal. We rented a \
                   house near the beach, swam every morning and ate grilled sardines at the harbour every \
                   evening. The weather was perfect and the kids loved the tide pools. On the last day we \
                   hiked up to an old lighthouse and watched the sunset, which was the best part of the trip.";
    let recipe = "Preheat the oven to 180 degrees. Mix the flour, sugar and butter in a large bowl until it \
                  looks like breadcrumbs, then add two eggs and a splash of milk. Pour the batter into a \
                  greased tin and bake it for forty minutes. Let the cake cool before you add the icing, or \
                  it will melt.";
    assert_non_answer(Some(DATABASES), None, holiday, "answer/off-topic", 15);
    assert_non_answer(Some(DATABASES), None, recipe, "answer/off-topic", 15);
}

#[test]
fn keyword_list() {
    let keywords = "Redis, caching, TTL, scalability, trade-offs, consistency, latency, CAP";
    assert_non_answer(Some(CACHING), None, keywords, "answer/keyword-list", 30);
    // With no question to share words with, and trade-off words that would satisfy
    // `trade-offs/none-weighed`.
    let trade_offs = "Redis vs Memcached, trade-offs, consistency vs latency, eviction policy, TTL, \
                      depends on workload, CAP";
    assert_non_answer(None, Some("technical"), trade_offs, "answer/keyword-list", 30);
}

#[test]
fn a_keyword_list_covers_no_talking_point() {
    // The topic's words match the cues of the bank question's points; a list of them says none.
    let keywords = "redis token bucket sliding window latency consistency trade-off scalability sharding";
    let answer = answer_to(Some("How would you design a rate limiter?"), None, keywords);
    assert_eq!(rule_ids(&answer), ["answer/keyword-list"]);
    assert_eq!(answer["question_id"], "rate-limiter");
    assert_eq!(answer["coverage"]["covered"], 0);
    let points = answer["coverage"]["points"].as_array().unwrap();
    assert!(points.iter().any(|p| p["id"] == "algorithm"));
    assert!(
        points.iter().all(|p| p["covered"] == false && p["sentence"].is_null()),
        "{points:?}"
    );
}

#[test]
fn the_question_repeated_back() {
    assert_non_answer(Some(DATABASES), None, DATABASES, "answer/repeats-question", 15);
    // Its words are the question's, so they match the points' cues; said back, they cover none.
    let answer = answer_to(Some(DATABASES), None, DATABASES);
    assert_eq!(answer["question_id"], "sql-vs-nosql");
    assert_eq!(answer["coverage"]["covered"], 0, "{}", answer["coverage"]);
}

#[test]
fn i_dont_know_na_and_todo() {
    assert_non_answer(Some(INCIDENT), None, "I don't know.", "answer/placeholder", 15);
    assert_non_answer(Some(INCIDENT), None, "I don’t know", "answer/placeholder", 15);
    assert_non_answer(Some(DATABASES), None, "N/A", "answer/placeholder", 15);
    assert_non_answer(Some(INCIDENT), None, "TODO", "answer/placeholder", 15);
}

#[test]
fn real_answers_get_no_answer_finding() {
    let story = "Last spring our order-history endpoint took four seconds for customers with long \
                 histories. I was asked to get it under 500 ms before the sale. I added a composite index, \
                 replaced an N+1 loop with one join and paginated the response. p95 dropped to 220 ms.";
    let concept = "Redis keeps hot keys in memory. Postgres holds the source of truth, and a TTL bounds how \
                   stale a cached entry can get, which trades consistency for latency.";
    let unsure = "I don't know the exact figure, but I profiled the endpoint and the p95 dropped a lot \
                  after I added the index.";
    for (question, text) in [(INCIDENT, story), (CACHING, concept), (INCIDENT, unsure)] {
        let answer = answer_to(Some(question), None, text);
        let ids = rule_ids(&answer);
        assert!(!ids.iter().any(|id| id.starts_with("answer/")), "{text:?}: {ids:?}");
    }
}

#[test]
fn the_human_report_shows_the_one_finding() {
    let output = star_check()
        .args(["--question", INCIDENT, "--color", "never"])
        .write_stdin("asdf qwer zxcv")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("answer/no-sentences"), "{text}");
    assert!(!text.contains("star/missing-action"), "{text}");
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn a_suppressed_non_answer_leaves_the_other_findings() {
    let text = "<!-- star-check-disable-file answer/no-sentences -->\nKafka\n";
    let answer = answer_to(Some(DATABASES), None, text);
    let ids = rule_ids(&answer);
    assert!(!ids.iter().any(|id| id.starts_with("answer/")), "{ids:?}");
    assert!(ids.contains(&"length/far-too-short".to_string()), "{ids:?}");
    assert!(answer["score"].as_u64().unwrap() <= 55, "the length cap still applies");
}

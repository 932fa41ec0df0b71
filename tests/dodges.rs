//! `structure/no-such-time`: a behavioral answer that says the thing asked about never happened
//! ("I've never really had a conflict"), written the ways candidates write it (curly apostrophes,
//! lower case, no apostrophe at all), and the stories that use the same words and must pass: a first
//! time ("never … before that day"), a story that goes on ("…, but last spring…"), someone else's
//! words, a result ("never had a conflict with him again").

mod common;

use common::*;

const RULE: &str = "structure/no-such-time";

const DODGES: &[&str] = &[
    "Honestly I've never really had a conflict with a coworker. I get along with pretty much everyone \
     and I try to keep things positive. If something bothers me I let it go.",
    "i dont really have conflicts at work. i am easy going and people like working with me.",
    "I haven’t had any real disagreements with my managers. We always agree on priorities quickly.",
    "I can't think of a time I failed on a project. I plan carefully and I double-check my work.",
    "To be honest I have never made a serious mistake in production. I test everything twice.",
];

const STORIES: &[&str] = &[
    "I had never had a conflict with a manager before that day. In a planning meeting she cut my \
     migration from the quarter. I asked for ten minutes with her, showed the outage numbers and we \
     moved it to the next sprint.",
    "I've never had one this serious, but last spring a teammate and I disagreed about the schema for \
     orders. I wrote up both options with their costs. We picked his design with one of my indexes.",
    "When I joined, my lead told me he had never had a conflict with anyone on the team. Two weeks later \
     we disagreed on retries. I benchmarked both and we went with backoff.",
    "Last spring a teammate and I disagreed about retries in the payment client. I set up a call and we \
     compared the failure logs. We shipped his version with my timeout, and I never had a conflict with \
     him again.",
];

fn first_answer_of(text: &str) -> serde_json::Value {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "answer.md", text);
    let (report, _) = json_report(&[
        "--question",
        "Tell me about a time you had a conflict with a teammate.",
        path.to_str().unwrap(),
    ]);
    first_answer(&report).clone()
}

#[test]
fn saying_it_never_happened_is_named_on_its_sentence() {
    for text in DODGES {
        let answer = first_answer_of(text);
        let finding = diagnostic(&answer, RULE);
        assert_eq!(finding["severity"], "warning", "{text}");
        assert_eq!(finding["line"], 1, "{text}");
        // The finding points at the claim itself: its column is where the claim starts.
        let claim = ["I've never", "i dont", "I haven’t", "I can't", "I have never"]
            .iter()
            .find_map(|c| text.find(c))
            .unwrap();
        let column = text[..claim].chars().count() + 1;
        assert_eq!(finding["column"], column, "{text}");
        assert!(answer["score"].as_u64().unwrap() < 50, "{text}: {}", answer["score"]);
    }
}

#[test]
fn stories_with_the_same_words_are_not_dodges() {
    for text in STORIES {
        let answer = first_answer_of(text);
        let ids = rule_ids(&answer);
        assert!(!ids.iter().any(|id| id == RULE), "{RULE} in {ids:?} for: {text}");
    }
}

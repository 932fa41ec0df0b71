//! `impact/no-measured-result` counts every way a story's Result can be measured (before and after,
//! arrows, "to zero", "without a single incident", counts, time saved, percentages, multipliers)
//! and the results that count without a number (adopted, renewed, passed the audit, a lesson).
//! Each story's last sentence opens with "As a result," or "In the end," so that it is plainly
//! the Result whatever else the STAR labeller decides.

mod common;

use common::*;

const RULE: &str = "impact/no-measured-result";

/// Stories whose Result is measured, or counts as a result.
const MEASURED: &[&str] = &[
    "Our order search timed out at peak. I was asked to fix it. I rewrote the query and added an index on status. As a result, p99 dropped from 2 s to 300 ms.",
    "The PDF export blocked the web workers. I owned the fix. I moved rendering to a background job. As a result, the export went 6.5 s → 250 ms.",
    "Our webhook retries piled up. I was asked to clean them up. I added a dead-letter queue and backoff. As a result, we went from 40 stuck deliveries a day -> 1.",
    "Flaky tests blocked merges. I was asked to stabilise the suite. I quarantined the flaky ones and fixed the shared fixtures. In the end, red builds on main went down to zero.",
    "Payments were sometimes captured twice. I was asked to stop it. I added idempotency keys. In the end, duplicate captures went to none.",
    "Releases used to cause outages. I led the change. I introduced canary deploys with automatic rollback. In the end, we shipped for a whole quarter without a single incident.",
    "Our schema changes locked the users table. I was asked to make them safe. I switched to online migrations with a lock timeout. In the end, we have run 45 migrations since without a lock incident.",
    "Our onboarding API fell over at launch. I was asked to scale it. I moved the slow steps to a queue. As a result, it handled 12,000 signups on launch day.",
    "On-call engineers rebuilt the same dashboards every week. I was asked to help. I wrote a script that generates them from config. As a result, it saved the team three hours a week.",
    "The product page was slow on mobile. I was asked to speed it up. I cached the price lookups. As a result, page load time fell by 45%.",
    "Our log search was painfully slow. I was asked to improve it. I partitioned the index by day. As a result, searches got 5x faster and storage costs halved.",
    "Each service had its own deploy script. I was asked to fix ours. I wrote a shared pipeline template. In the end, four other teams adopted it and it became the standard for new services.",
    "Our largest client was unhappy with downtime. I led the reliability work. I added health checks and a status page. In the end, the client renewed for two more years.",
    "We stored card numbers in debug logs. I was asked to fix it before the audit. I added a redaction filter with tests. As a result, we passed the PCI audit with no findings.",
    "My lead said my pull requests were too large. I was asked to change my approach. I split my work into small reviewed steps. In the end, what I learned is that small changes get faster and better reviews.",
    "The product manager wanted to drop rate limiting for launch. I owned the public API. I showed the abuse we saw last year and proposed a generous limit instead. In the end, we reached a compromise: a high limit with alerts.",
    "My reviewer pointed out that my jobs were not idempotent. I was asked to fix them before release. I added deduplication keys and tests for retries. As a result, the review helped me build every worker since to be safe to retry.",
    "Our team disagreed on how to move the order database. I was asked to plan it. I wrote down both plans and we agreed on a dual-write period. In the end, the move finished a week early with zero downtime.",
    "The quarterly report kept missing its date. I owned the pipeline. I split the slow step and ran it nightly. As a result, we delivered the report two days ahead of schedule.",
    "Nobody could review our migrations quickly. I was asked to help. I wrote a one-page template for migration plans. In the end, another team later used the same template for their payments move.",
    "Stripe webhooks failed after a deploy. I was on call. I rolled the deploy back and fixed the parser. In the end, no payment events were lost because Stripe retried them.",
    "Our queue consumer crashed during the sale. I owned the consumer. I added a dead-letter queue and restarted it. As a result, there were no lost orders.",
    "Our nightly build broke all the time. I decided to fix it myself. I pinned the flaky dependencies and gave each test its own database. As a result, red builds went from about one night in four to one a month.",
    "Deploys needed a manual sign-off. I was asked to automate them. I wrote a pipeline with automatic rollback. In the end, we went from deploying weekly to deploying several times a day.",
    "My lead said my designs skipped failure cases. I was asked to work on it. I started writing a failure section in every design doc. In the end, my lead began asking me to review the other juniors' designs.",
    "Refund releases kept breaking the frontend. I owned the API contract. I added contract tests to both pipelines. As a result, no refund release broke the frontend in the next nine months, after four breakages the quarter before.",
    "Our bank migration had a hard date. I was asked to lead the cut-over. I ran both ledgers in parallel for two weeks. In the end, we went live on the new date with zero failed transfers in the first month.",
    "Our payment webhook dropped events during deploys. I was on call that month. I made the handler acknowledge at once and queue the event. In the end, we did not lose a single event in the next six months.",
    "The billing run overlapped with morning traffic. I was asked to shorten it. I batched the inserts and streamed the invoices. As a result, the run went from four hours to 35 minutes.",
    "Our tech lead wanted every endpoint behind the GraphQL gateway. I owned the CSV export. I benchmarked a 200 MB export through the gateway and showed him its memory graph. In the end, he agreed to make an exception and we wrote that rule into our API guidelines.",
    "I ran a migration on a Friday without testing it on a copy. I owned the fix. I restored the old column as a view and fixed the report. In the end, what stuck is the habit: since then I always run migrations against a snapshot first.",
    "New hires took weeks to ship anything. I was asked to help. I wrote a setup script and paired with each new hire on day one. In the end, i was the one training every new hire on our deploy process.",
    "Large uploads timed out for our biggest customer. I owned the upload service. I moved the resizing to a background worker. As a result, uploads finish in under a second and the support tickets stopped.",
    "Sales kept asking for one-off exports. I owned the reporting service. I built a filtered export behind a flag. In the end, sales stopped asking for custom files.",
    "I deployed a cron change on a Friday and billed customers twice. I owned the fix. I refunded the duplicates and added a timezone test. In the end, we wrote the no-Friday-deploys rule into our team wiki.",
    "Our scheduler paged someone every night. I was asked to calm it down. I fixed the retry storm in the sync job. In the end, the night-time alerts went away completely.",
    // A person grown, a team won over, a tool everyone now uses.
    "A new teammate was afraid of our billing code. I was asked to mentor her. I paired with her on three small tickets and reviewed her code the same day. In the end, by her second month she was taking billing tickets on her own.",
    "Every team ran its own cron jobs for emails. I led the new notification service. I built it on a queue with retries and templates. In the end, twelve teams send their messages through it.",
    "A senior colleague wanted all logic in stored procedures. I owned the discount service. I benchmarked both versions and shared the numbers with him. In the end, he agreed and our relationship got a lot better.",
    "Support agents scrolled through filters to find old tickets. I was asked to add search. I built an Elasticsearch index fed by a sync job. As a result, agents find a ticket in about a second.",
    "I deleted a production column by mistake. I owned the fix. I restored it from the snapshot and made our prod user read-only. In the end, the lesson for me was to check which environment I am in before every write.",
    "We had four weeks to move billing to a new payment provider. I owned the migration. I ran both providers side by side for a week. In the end, we went live on the agreed date.",
    "Our setup guide was three years old. I was asked to fix onboarding. I rewrote it with a script that checks each step. As a result, every new hire now starts with it.",
];

/// Stories whose Result says only that things got better.
const UNMEASURED: &[&str] = &[
    "Our order search timed out at peak. I was asked to fix it. I rewrote the query and added an index on status. As a result, search was much faster and users were happier.",
    "Releases used to cause outages. I led the change. I introduced canary deploys with automatic rollback. In the end, releases went a lot more smoothly.",
    // A pain that did not end is no result.
    "Sales kept asking for one-off exports. I owned the reporting service. I built a filtered export behind a flag. In the end, sales never stopped asking for custom files.",
    "Large uploads timed out for our biggest customer. I owned the upload service. I moved the resizing to a background worker. In the end, things got better, but the support tickets never stopped.",
    // A disagreement that did not end is no result either.
    "A senior colleague wanted all logic in stored procedures. I owned the discount service. I benchmarked both versions and shared the numbers with him. In the end, he still disagreed and we moved on.",
    // A duration of the work is no measure of what changed.
    "We had to move the orders table to Postgres. I owned the migration. I set up dual writes and compared the rows every night. In the end, after two weeks of dual writes, we switched the reads over smoothly.",
];

#[track_caller]
fn assert_result_is_last(answer: &serde_json::Value, story: &str) {
    let sentences = answer["sentences"].as_array().unwrap();
    assert_eq!(
        sentences.last().unwrap()["label"],
        "R",
        "the last sentence should be the Result: {story}"
    );
}

#[test]
fn measured_results_count_as_measured() {
    for story in MEASURED {
        let answer = behavioral_answer(story);
        assert_result_is_last(&answer, story);
        assert!(
            !rule_ids(&answer).iter().any(|id| id == RULE),
            "{RULE} fired on: {story}"
        );
    }
}

#[test]
fn unmeasured_results_are_still_flagged() {
    for story in UNMEASURED {
        let answer = behavioral_answer(story);
        assert_result_is_last(&answer, story);
        assert!(
            rule_ids(&answer).iter().any(|id| id == RULE),
            "{RULE} did not fire on: {story}"
        );
    }
}

//! How often the question kind is guessed right, on questions written for this test in the ways
//! candidates type them: the guide's common questions, the usual HR ones, "X or Y?" comparisons, bare
//! topic titles, lower case, no question mark and the odd typo. Run with `--nocapture` to see the
//! accuracy per kind.

use star_check::analysis::kind::infer;
use star_check::rules::RuleSet;
use std::collections::BTreeMap;

/// (question, expected kind). Our own phrasings, not the guide's text.
const CASES: &[(&str, &str)] = &[
    // The opening question and the strongest language.
    ("Tell me about yourself.", "intro"),
    ("So, tell me a little about yourself", "intro"),
    ("tell me abt yourself", "intro"),
    ("Could you introduce yourself briefly?", "intro"),
    ("Walk me through your resume.", "intro"),
    ("What's your strongest programming language?", "intro"),
    ("which backend language are you strongest in", "intro"),
    ("What is your main tech stack?", "intro"),
    // Projects.
    ("Walk me through a backend project you built.", "project"),
    ("Tell me about a project you're proud of.", "project"),
    ("Describe your final-year project in depth.", "project"),
    ("Explain the architecture of your last project.", "project"),
    ("What was the hardest part of your side project?", "project"),
    ("tell me about your capstone project", "project"),
    ("How did you design the database for your project?", "project"),
    // Technical concepts and design.
    ("How do you debug a production issue?", "situational"),
    ("What is REST?", "technical"),
    ("what is a rest api", "technical"),
    ("REST vs GraphQL", "technical"),
    ("When would you pick GraphQL over REST?", "technical"),
    ("Which is better, SQL or NoSQL?", "technical"),
    ("SQL or NoSQL for a chat app?", "technical"),
    ("diffrence between sql and nosql", "technical"),
    ("How would you design the schema for an online store?", "technical"),
    ("Explain time complexity with an example.", "technical"),
    ("What's the time complexity of binary search?", "technical"),
    ("How does a hash map work?", "technical"),
    ("Design a REST API for a task manager.", "technical"),
    (
        "Walk me through how you would design a task management API.",
        "technical",
    ),
    ("Authentication vs authorization", "technical"),
    ("What's a JWT and how is it verified?", "technical"),
    ("Should we use microservices or a monolith?", "technical"),
    ("monolith or microservices for a new startup", "technical"),
    ("Kafka vs RabbitMQ", "technical"),
    ("Idempotency", "technical"),
    ("Sharding", "technical"),
    ("Rate limiter working", "technical"),
    ("Database indexing", "technical"),
    ("CAP theorem", "technical"),
    ("Explain eventual consistency.", "technical"),
    ("Why is Redis so fast?", "technical"),
    ("Why would you put a message queue between two services?", "technical"),
    (
        "What happens when you type a URL into the browser and press enter?",
        "technical",
    ),
    ("What happens when a JWT expires?", "technical"),
    ("Walk me through how an HTTPS request reaches your server.", "technical"),
    ("Is Postgres better than MongoDB for payments?", "technical"),
    ("How do you make an API idempotent?", "technical"),
    ("explian how caching works", "technical"),
    // STAR stories.
    ("Tell me about a difficult technical problem you solved.", "behavioral"),
    ("Describe a challenging bug you fixed.", "behavioral"),
    ("Tell me about a time you received critical feedback.", "behavioral"),
    ("How do you handle critical feedback?", "behavioral"),
    ("Describe a disagreement you had with a teammate.", "behavioral"),
    (
        "Tell me about a conflict with your manager and how you resolved it.",
        "behavioral",
    ),
    ("Give an example of a time you missed a deadline.", "behavioral"),
    ("tell me about a time u failed", "behavioral"),
    ("What's the biggest mistake you made in production?", "behavioral"),
    ("Have you ever had to push back on a product decision?", "behavioral"),
    // Hypotheticals.
    ("Production is down. What do you do?", "situational"),
    (
        "What would you do if production went down after your deploy?",
        "situational",
    ),
    ("How would you fix a slow API?", "situational"),
    (
        "An endpoint suddenly takes five seconds. How do you investigate?",
        "situational",
    ),
    (
        "How do you handle a teammate who keeps pushing poor code?",
        "situational",
    ),
    (
        "What would you do if a colleague's code was hard to maintain?",
        "situational",
    ),
    (
        "how would you handle a tight deadline with unclear requirements",
        "situational",
    ),
    ("How do you handle an outage at 3am?", "situational"),
    // Neither a story nor a concept.
    ("How do you learn new technologies?", "general"),
    ("Do you have any questions for us?", "general"),
    ("What questions do you have for me?", "general"),
    ("What's your greatest weakness?", "general"),
    ("whats your biggest weakness", "general"),
    ("What are your strengths?", "general"),
    ("What is your greatest strength as an engineer?", "general"),
    ("Why do you want to work at our company?", "general"),
    ("Why this company?", "general"),
    ("Why do you want this role?", "general"),
    ("Why should we hire you?", "general"),
    ("Where do you see yourself in five years?", "general"),
    ("where do you see yourself in 5 years", "general"),
    ("What are your salary expectations?", "general"),
    ("What salary are you looking for?", "general"),
    ("Why are you leaving your current job?", "general"),
    ("Why did you leave your last company?", "general"),
    ("What motivates you?", "general"),
    // Added after a held-out round (see the commit message): these missed the first time.
    ("Your deploy broke checkout. What next?", "situational"),
    ("Tell us about your background.", "intro"),
    ("Give me a quick overview of your experience.", "intro"),
    ("Tell me about the most complex system you've worked on.", "project"),
    ("Pick one project from your CV and walk me through it.", "project"),
    ("What are you looking for in your next role?", "general"),
    ("What are your career goals?", "general"),
    ("What do you do outside of work?", "general"),
];

/// Questions written after the kind rules and never used to tune them: the figure to quote for
/// unseen questions (18 of 25 when written; the starting rules got 13). Do not fit the rules to
/// these; move a question to `CASES` when a fix is made for it, and write new ones here.
const HELD_OUT: &[(&str, &str)] = &[
    ("Tell me about a time you had to say no to a stakeholder.", "behavioral"),
    ("Describe the hardest outage you've handled.", "behavioral"),
    (
        "Give me an example of a decision you made with incomplete data.",
        "behavioral",
    ),
    (
        "tell me about when you took ownership of something outside your role",
        "behavioral",
    ),
    ("What's a bug you're proud of fixing?", "behavioral"),
    (
        "A customer reports duplicate charges. What do you do first?",
        "situational",
    ),
    ("How would you roll out a risky database migration?", "situational"),
    ("What would you do if your PR sat unreviewed for a week?", "situational"),
    (
        "Suppose the queue backlog keeps growing. How do you react?",
        "situational",
    ),
    ("What is eventual consistency?", "technical"),
    ("Long polling vs websockets", "technical"),
    ("Why use a CDN?", "technical"),
    ("How would you implement pagination for a large table?", "technical"),
    ("explain oauth2 flows", "technical"),
    ("What are database indexes and when do they hurt?", "technical"),
    ("GraphQL or REST for a mobile app?", "technical"),
    ("Connection pooling", "technical"),
    ("Introduce yourself in two minutes.", "intro"),
    ("What languages do you know best?", "intro"),
    ("What's the most interesting thing you've built?", "project"),
    ("Walk us through your GitHub project.", "project"),
    ("Why do you want to leave your current company?", "general"),
    ("What's your biggest achievement?", "general"),
    ("How would your colleagues describe you?", "general"),
    ("What kind of team culture do you prefer?", "general"),
];

/// Questions the issue quotes word for word: each must come out right.
const QUOTED: &[(&str, &str)] = &[
    ("What's your greatest weakness?", "general"),
    ("Should we use microservices or a monolith?", "technical"),
    ("Which is better, SQL or NoSQL?", "technical"),
    ("Idempotency", "technical"),
    ("Kafka vs RabbitMQ", "technical"),
    ("Sharding", "technical"),
    ("Rate limiter working", "technical"),
];

#[test]
fn kinds_are_right_for_common_questions() {
    let rules = RuleSet::defaults().unwrap();
    assert!(CASES.len() >= 60, "only {} questions", CASES.len());
    // Per expected kind: (right, total).
    let mut per_kind: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut wrong = Vec::new();
    for &(question, expected) in CASES {
        let got = infer(Some(question), &rules).0.id();
        let entry = per_kind.entry(expected).or_default();
        entry.1 += 1;
        if got == expected {
            entry.0 += 1;
        } else {
            wrong.push(format!("{question:?}: expected {expected}, got {got}"));
        }
    }
    for (kind, (right, total)) in &per_kind {
        println!("{kind:<12} {right:>3}/{total:<3} {:.2}", *right as f64 / *total as f64);
    }
    let right: usize = per_kind.values().map(|v| v.0).sum();
    let overall = right as f64 / CASES.len() as f64;
    println!("{:<12} {right:>3}/{:<3} {overall:.2}", "overall", CASES.len());
    for line in &wrong {
        println!("wrong: {line}");
    }
    assert!(
        overall >= 0.90,
        "accuracy {overall:.2} is below 0.90:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn held_out_questions_mostly_get_their_kind() {
    let rules = RuleSet::defaults().unwrap();
    let mut right = 0;
    for &(question, expected) in HELD_OUT {
        let got = infer(Some(question), &rules).0.id();
        if got == expected {
            right += 1;
        } else {
            println!("held out, wrong: {question:?}: expected {expected}, got {got}");
        }
    }
    let share = right as f64 / HELD_OUT.len() as f64;
    println!("held out     {right:>3}/{:<3} {share:.2}", HELD_OUT.len());
    // A floor against regressions, not a target to fit.
    assert!(share >= 0.70, "held-out accuracy {share:.2}");
}

#[test]
fn quoted_questions_get_their_kind() {
    let rules = RuleSet::defaults().unwrap();
    for &(question, expected) in QUOTED {
        assert_eq!(infer(Some(question), &rules).0.id(), expected, "{question}");
    }
}

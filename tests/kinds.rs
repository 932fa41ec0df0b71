//! How often the question kind is guessed right, on questions written for this test in the ways
//! candidates type them: the guide's common questions, the usual HR ones, "X or Y?" comparisons, bare
//! topic titles, lower case, no question mark and the odd typo. Four sets: our own cases, a
//! development set the rules were broadened on, and two held-out sets never used to tune them (the
//! figures to quote). Run with `--nocapture` to see the accuracy per kind of each.

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
    // "Why should we" asks about a thing unless it asks about hiring you.
    ("Why should we use message queues?", "technical"),
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
/// unseen questions (18 of 25 when written, the starting rules got 13; 21 after the rules were
/// broadened on `DEVELOPMENT`). Do not fit the rules to these; move a question to `CASES` when a
/// fix is made for it, and write new ones here.
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

/// A development set written for this test before the kind rules were broadened, in the shapes
/// public interview-prep lists and candidates' notes give their questions: numbered headings
/// ("Q12.", "1)", "3."), bare topic titles, "advantages of…", "how does … work internally",
/// "difference b/w", system design prompts, story category headings ("Conflict with a coworker"),
/// lower case, no question mark, typos and all-caps acronyms. The rules were tuned on it, so its
/// figure shows the rules cover these shapes, not that they generalise: `HELD_OUT` and
/// `HELD_OUT_2` say that.
///
/// Ambiguous HR questions follow README's kinds table: "How do you handle stress?" and "How do
/// you handle pressure?" are `general` (a habit described in a few honest sentences, like "How do
/// you learn new technologies?"), while "How do you handle critical feedback?" stays `behavioral`
/// (the guide names feedback and conflict among the STAR stories to prepare). A story's category
/// heading ("Leadership", "Biggest failure") is `behavioral`, as story collections title them.
const DEVELOPMENT: &[(&str, &str)] = &[
    // Technical: numbered and Markdown headings of question lists.
    (
        "Q12. What is the difference between a process and a thread?",
        "technical",
    ),
    ("1) Explain ACID", "technical"),
    ("1. What is ACID in databases?", "technical"),
    ("3. Explain the CAP theorem", "technical"),
    ("12) what is dependency injection", "technical"),
    ("Q7: How does HTTPS work?", "technical"),
    ("#5 What are the SOLID principles?", "technical"),
    // Technical: question frames.
    ("What are the advantages of using microservices?", "technical"),
    ("What are the disadvantages of using an ORM?", "technical"),
    ("Benefits of containerization", "technical"),
    ("Pros and cons of NoSQL databases", "technical"),
    ("How does garbage collection work internally in Java?", "technical"),
    ("How does HashMap work internally?", "technical"),
    (
        "What happens when you type google.com into your browser and hit enter?",
        "technical",
    ),
    ("Why do we need message queues?", "technical"),
    ("When should you not use microservices?", "technical"),
    ("When to use Redis?", "technical"),
    ("Difference b/w TCP and UDP", "technical"),
    ("diff between PUT and PATCH", "technical"),
    ("What do you understand by eventual consistency?", "technical"),
    ("What do you mean by horizontal scaling?", "technical"),
    ("Can you explain the CAP theorem?", "technical"),
    ("What is the purpose of an API gateway?", "technical"),
    ("What is the use of an index in a database?", "technical"),
    ("What is the role of a load balancer?", "technical"),
    ("How to prevent SQL injection?", "technical"),
    ("How can you improve the performance of a slow SQL query?", "technical"),
    ("how do indexes work under the hood", "technical"),
    ("What is sharding and when do you need it?", "technical"),
    ("What is a race condition and how do you prevent it?", "technical"),
    ("What is a deadlock? How can it be avoided?", "technical"),
    ("What is a memory leak and how do you find one?", "technical"),
    ("Explain the different HTTP status codes", "technical"),
    ("What are HTTP methods? Which ones are idempotent?", "technical"),
    ("explain the concept of microservices architecture", "technical"),
    ("What are the main components of Kubernetes?", "technical"),
    ("Can we have multiple primary keys in a table?", "technical"),
    ("Is REST stateless?", "technical"),
    ("Why is HTTP/2 faster than HTTP/1.1?", "technical"),
    (
        "What's the difference between a clustered and a non-clustered index?",
        "technical",
    ),
    ("How is data stored in a B-tree index?", "technical"),
    ("Why do we use Docker?", "technical"),
    ("What is CI/CD?", "technical"),
    ("What are the different types of joins?", "technical"),
    ("What is middleware in Express?", "technical"),
    ("What is the Global Interpreter Lock in Python?", "technical"),
    ("How do you ensure data consistency across microservices?", "technical"),
    ("How would you scale a read-heavy database?", "technical"),
    ("How do you secure a REST API?", "technical"),
    ("Write a function to reverse a linked list", "technical"),
    ("Implement an LRU cache", "technical"),
    ("Write a SQL query to find the second highest salary", "technical"),
    ("Explain database normalization and its normal forms", "technical"),
    ("what is a foreign key", "technical"),
    ("WHAT IS CORS", "technical"),
    ("Name some HTTP methods and what they do", "technical"),
    ("List the types of NoSQL databases", "technical"),
    // Technical: bare topic titles, as lists and notes head them.
    ("Load balancing", "technical"),
    ("Database replication", "technical"),
    ("CQRS", "technical"),
    ("Circuit breaker pattern", "technical"),
    ("OAuth2", "technical"),
    ("gRPC vs REST", "technical"),
    ("Idempotency keys", "technical"),
    ("N+1 queries", "technical"),
    ("Deadlocks", "technical"),
    ("Garbage collection", "technical"),
    ("Consistent hashing", "technical"),
    ("Optimistic vs pessimistic locking", "technical"),
    ("Horizontal vs vertical scaling", "technical"),
    ("STATELESS VS STATEFUL SERVICES", "technical"),
    ("Message queues vs event streaming", "technical"),
    ("Blue-green deployment", "technical"),
    (
        "Caching strategies (write-through, write-back, cache-aside)",
        "technical",
    ),
    ("Database isolation levels", "technical"),
    ("Distributed transactions", "technical"),
    ("Service discovery", "technical"),
    ("API versioning", "technical"),
    ("Event sourcing", "technical"),
    ("Leader election", "technical"),
    ("Bloom filters", "technical"),
    ("Message ordering in Kafka", "technical"),
    ("Exactly-once delivery", "technical"),
    ("Backpressure", "technical"),
    ("Observability: logs, metrics and traces", "technical"),
    ("Joins in SQL", "technical"),
    ("Processes vs threads vs coroutines", "technical"),
    ("Two-phase commit", "technical"),
    ("Saga pattern", "technical"),
    ("Reverse proxy", "technical"),
    ("Webhooks", "technical"),
    ("JWT authentication flow", "technical"),
    ("Database connection pool", "technical"),
    ("Write-ahead log", "technical"),
    ("Dead letter queue", "technical"),
    ("Eventual consistency", "technical"),
    // Technical: system design prompts.
    ("Design Twitter", "technical"),
    ("Design a URL shortener", "technical"),
    ("Design a chat system like WhatsApp", "technical"),
    ("System design: news feed", "technical"),
    ("design instagram", "technical"),
    ("Design a parking lot system", "technical"),
    ("Design a notification service", "technical"),
    ("How would you build a distributed job scheduler?", "technical"),
    // Situational.
    ("What would you do if prod goes down at 2am?", "situational"),
    (
        "Your teammate pushes untested code, how would you handle it?",
        "situational",
    ),
    (
        "How would you approach a legacy codebase you just inherited?",
        "situational",
    ),
    ("The database CPU is at 100%. What steps do you take?", "situational"),
    (
        "A deploy just broke the login page and the CEO wants updates. What do you do?",
        "situational",
    ),
    (
        "If you had two urgent bugs and only one engineer, how would you prioritize?",
        "situational",
    ),
    (
        "What would you do if you disagreed with your tech lead's design?",
        "situational",
    ),
    (
        "You find a security vulnerability in production on a Friday evening. What now?",
        "situational",
    ),
    (
        "users report the app is slow but your dashboards look fine. how would u investigate",
        "situational",
    ),
    ("what would you do if you missed a sprint deadline", "situational"),
    (
        "How would you handle a manager who asks you to skip tests to ship faster?",
        "situational",
    ),
    (
        "Your service's error rate doubled after a dependency upgrade. Walk me through your response.",
        "situational",
    ),
    (
        "How would you onboard onto a new codebase with no documentation?",
        "situational",
    ),
    (
        "Imagine you're the only backend engineer and the payment provider is down. What do you do?",
        "situational",
    ),
    (
        "What steps would you take if a critical API started returning 500s?",
        "situational",
    ),
    (
        "How would you deal with a stakeholder who keeps changing requirements?",
        "situational",
    ),
    (
        "If a junior developer keeps making the same mistake, how would you help them?",
        "situational",
    ),
    (
        "A product manager wants a feature by Friday that you think needs two weeks. How do you respond?",
        "situational",
    ),
    (
        "Memory usage on a service keeps climbing until it restarts. How do you debug it?",
        "situational",
    ),
    (
        "What would you do if you were asked to use a technology you've never worked with?",
        "situational",
    ),
    (
        "The nightly batch job failed and the reports are due in an hour. What's your plan?",
        "situational",
    ),
    (
        "How would you troubleshoot intermittent timeouts between two services?",
        "situational",
    ),
    (
        "Two senior engineers disagree on an architecture decision and ask you to decide. What do you do?",
        "situational",
    ),
    (
        "Scenario: the queue consumer is lagging by millions of messages. How do you respond?",
        "situational",
    ),
    (
        "What would you do if your code caused data loss in production?",
        "situational",
    ),
    (
        "how will you handle a situation where requirements are unclear",
        "situational",
    ),
    // Behavioral: questions and the category headings story collections use.
    ("Tell me about a time you had a conflict with a coworker.", "behavioral"),
    ("Give an example of when you showed leadership.", "behavioral"),
    (
        "Describe a conflict you had on your team and how you resolved it.",
        "behavioral",
    ),
    ("Have you ever disagreed with your manager?", "behavioral"),
    ("What's a mistake you made and what did you learn?", "behavioral"),
    ("Tell me about a time you went above and beyond.", "behavioral"),
    ("Describe a time when you had to learn something quickly.", "behavioral"),
    (
        "Tell me about a time you had to make a decision without all the information.",
        "behavioral",
    ),
    (
        "Give me an example of a time you influenced a decision without authority.",
        "behavioral",
    ),
    ("Tell me about a production incident you handled.", "behavioral"),
    ("talk about a time you received negative feedback", "behavioral"),
    (
        "tell me about a situation where you had to meet a tight deadline",
        "behavioral",
    ),
    ("Have you ever had to deal with a difficult stakeholder?", "behavioral"),
    ("What is the hardest bug you have ever fixed?", "behavioral"),
    (
        "Tell me about a time you disagreed with a code review comment.",
        "behavioral",
    ),
    (
        "How did you handle a situation where a teammate was not pulling their weight?",
        "behavioral",
    ),
    ("Conflict with a coworker", "behavioral"),
    ("Leadership", "behavioral"),
    ("Biggest failure", "behavioral"),
    ("Working under pressure", "behavioral"),
    ("Disagreement with manager", "behavioral"),
    ("Handling a missed deadline", "behavioral"),
    ("Time I mentored a junior developer", "behavioral"),
    ("Taking ownership", "behavioral"),
    // Intro.
    ("Introduce yourself", "intro"),
    ("Tell us about your background", "intro"),
    ("Walk me through your career", "intro"),
    ("Walk me through your CV.", "intro"),
    ("Can you give a brief introduction about yourself?", "intro"),
    ("tell me something about yourself", "intro"),
    ("Describe yourself", "intro"),
    ("Give us a short summary of your experience.", "intro"),
    ("What's your background?", "intro"),
    ("What tech stack do you work with?", "intro"),
    (
        "Briefly introduce yourself and your experience with backend development",
        "intro",
    ),
    ("Self introduction", "intro"),
    ("Tell me about your journey as a developer", "intro"),
    ("What programming languages are you most comfortable with?", "intro"),
    ("Tell me about your current role.", "intro"),
    // Project.
    ("Tell me about a project you worked on", "project"),
    ("What's the most challenging thing you have built so far?", "project"),
    ("Describe a project you're proud of and your role in it", "project"),
    ("Walk me through the architecture of something you built", "project"),
    ("What was your role in your last project?", "project"),
    ("Explain one of your projects end to end", "project"),
    ("What technologies did you use in your project and why?", "project"),
    ("Tell me about your internship project", "project"),
    ("Which project on your resume are you most proud of?", "project"),
    ("Describe the system you work on today.", "project"),
    ("What did you build at your last company?", "project"),
    ("Tell me about an application you developed from scratch.", "project"),
    ("Explain your project's database schema", "project"),
    ("What challenges did you face in your project?", "project"),
    ("How did you deploy your project?", "project"),
    // General (HR).
    ("Why do you want to work here?", "general"),
    ("What motivates you?", "general"),
    ("How do you handle stress?", "general"),
    ("How do you handle pressure?", "general"),
    ("What are your hobbies?", "general"),
    ("Why should we hire you over other candidates?", "general"),
    ("What is your expected salary?", "general"),
    ("What's your notice period?", "general"),
    ("Describe yourself in three words.", "general"),
    ("What are you passionate about?", "general"),
    ("Are you willing to relocate?", "general"),
    ("What do you know about our company?", "general"),
    ("Why backend development?", "general"),
    ("What do you like most about your current job?", "general"),
    ("How do you stay up to date with new technologies?", "general"),
    ("What are your long-term goals?", "general"),
    ("Do you prefer working alone or in a team?", "general"),
    ("Are you comfortable with on-call rotations?", "general"),
    ("When can you start?", "general"),
    ("What does success look like to you?", "general"),
    // Second round, after the first rule changes: questions where the broader rules could
    // cross kinds (a story or a scenario naming backend topics, a technique asked with "how do
    // you handle…", a yes-or-no question about you).
    (
        "Tell me about a time you had to debug a memory leak in production",
        "behavioral",
    ),
    (
        "Describe a time you improved the performance of a slow database query",
        "behavioral",
    ),
    ("Have you ever caused a production outage?", "behavioral"),
    (
        "Can you tell me about a time you disagreed with an architecture decision?",
        "behavioral",
    ),
    (
        "Is there a time you had to learn a new framework quickly?",
        "behavioral",
    ),
    ("Tell me about a time you had to roll back a deployment", "behavioral"),
    (
        "What was the hardest bug you ever fixed in a distributed system?",
        "behavioral",
    ),
    ("Time you dealt with a Kafka consumer lag incident", "behavioral"),
    ("What did you learn from a failed deployment?", "behavioral"),
    ("Describe your biggest technical mistake", "behavioral"),
    // From a fixture whose kind the first broadening got wrong.
    ("Tell me about a large migration you worked on.", "behavioral"),
    (
        "How would you handle a sudden spike in traffic to your API?",
        "situational",
    ),
    ("What would you do if Redis went down?", "situational"),
    (
        "The API latency doubled overnight. How do you find out why?",
        "situational",
    ),
    ("How do you troubleshoot a slow API?", "situational"),
    ("How do you approach a new codebase?", "situational"),
    ("How do you handle errors in Express?", "technical"),
    ("How do you manage state in a distributed system?", "technical"),
    ("How do you approach testing a microservice?", "technical"),
    ("How do you store passwords securely?", "technical"),
    ("What is the difference between == and === in JavaScript?", "technical"),
    ("Can you explain how DNS resolution works?", "technical"),
    ("What are some ways to scale a database?", "technical"),
    ("Describe the lifecycle of an HTTP request in Spring", "technical"),
    ("REST API best practices", "technical"),
    ("What's your approach to API versioning?", "technical"),
    ("Explain JWT. How do you validate one?", "technical"),
    ("Tell me about your experience with Node.js", "intro"),
    ("What do you currently do?", "intro"),
    ("How many years of experience do you have with Java?", "intro"),
    ("Could you briefly describe your professional background?", "intro"),
    ("Walk me through your LinkedIn profile", "intro"),
    ("How did you get into backend development?", "intro"),
    ("What was the tech stack of your last project?", "project"),
    ("Explain a project where you used microservices", "project"),
    ("Which of your projects are you proudest of?", "project"),
    ("Tell me about your hobbies", "general"),
    ("Why did you choose software engineering?", "general"),
];

/// A second held-out set, written after the rules were broadened on `DEVELOPMENT` and never used
/// to tune them: its figure is the honest one for questions nobody here fitted. Do not change the
/// rules for these; write a new set instead.
const HELD_OUT_2: &[(&str, &str)] = &[
    (
        "Q3. What is the difference between a clustered index and a heap table?",
        "technical",
    ),
    ("2) How does TLS handshake work?", "technical"),
    ("Explain the thundering herd problem", "technical"),
    ("What are the trade-offs of using UUIDs as primary keys?", "technical"),
    (
        "Why do we need an API gateway in a microservice architecture?",
        "technical",
    ),
    ("Optimistic locking", "technical"),
    ("Cache invalidation strategies", "technical"),
    ("How does Kafka guarantee ordering?", "technical"),
    ("What is the outbox pattern and when would you use it?", "technical"),
    ("Design a rate limiter", "technical"),
    ("design a distributed key-value store", "technical"),
    ("When should you denormalize a database?", "technical"),
    ("Difference b/w SQL and NoSQL", "technical"),
    ("What problems does a service mesh solve?", "technical"),
    ("Write a query to find duplicate emails in a users table", "technical"),
    ("Does PostgreSQL support JSON columns?", "technical"),
    ("Sessions vs tokens for authentication", "technical"),
    (
        "The checkout service is returning 502s for 10% of requests. What do you do?",
        "situational",
    ),
    (
        "How would you handle a request from a PM to ship a feature without tests?",
        "situational",
    ),
    (
        "Your on-call pager goes off at 3am for a disk-full alert. Walk me through what you do.",
        "situational",
    ),
    (
        "what would you do if two services you own disagree on a data format",
        "situational",
    ),
    (
        "You join a team whose deploys fail half the time. Where do you start?",
        "situational",
    ),
    (
        "How would you approach migrating a monolith to microservices?",
        "situational",
    ),
    (
        "If your manager asked you to take a shortcut that risks data integrity, what would you do?",
        "situational",
    ),
    ("Tell me a bit about yourself and what you're looking for", "intro"),
    ("Give me a two-minute introduction", "intro"),
    ("Walk me through your work history", "intro"),
    ("What kind of backend work have you been doing lately?", "intro"),
    ("What is your primary programming language?", "intro"),
    (
        "Tell me about a time you had to deliver bad news to a stakeholder.",
        "behavioral",
    ),
    (
        "Describe a situation where you had to work with an unclear spec.",
        "behavioral",
    ),
    (
        "Have you ever had to convince your team to adopt a new tool?",
        "behavioral",
    ),
    ("Dealing with a difficult teammate", "behavioral"),
    (
        "Give an example of a goal you reached and how you achieved it.",
        "behavioral",
    ),
    ("Walk me through a system you designed end to end", "project"),
    ("What's the project you learned the most from?", "project"),
    ("Tell me about a side project you built in your free time", "project"),
    ("Why are you interested in this position?", "general"),
    ("What are your salary expectations for this role?", "general"),
    ("How do you keep your technical skills current?", "general"),
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

/// How many of `cases` get their kind, per expected kind (right, total), and the wrong ones.
struct Accuracy {
    per_kind: BTreeMap<&'static str, (usize, usize)>,
    wrong: Vec<String>,
}

impl Accuracy {
    fn measure(cases: &[(&'static str, &'static str)]) -> Accuracy {
        let rules = RuleSet::defaults().unwrap();
        let mut per_kind: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
        let mut wrong = Vec::new();
        for &(question, expected) in cases {
            let got = infer(Some(question), &rules).0.id();
            let entry = per_kind.entry(expected).or_default();
            entry.1 += 1;
            if got == expected {
                entry.0 += 1;
            } else {
                wrong.push(format!("{question:?}: expected {expected}, got {got}"));
            }
        }
        Accuracy { per_kind, wrong }
    }

    fn share(&self) -> f64 {
        let right: usize = self.per_kind.values().map(|v| v.0).sum();
        let total: usize = self.per_kind.values().map(|v| v.1).sum();
        right as f64 / total as f64
    }

    /// Prints the accuracy per kind, overall, and the questions that went wrong.
    fn print(&self, set: &str) {
        for (kind, (right, total)) in &self.per_kind {
            println!(
                "{set:<12} {kind:<12} {right:>3}/{total:<3} {:.2}",
                *right as f64 / *total as f64
            );
        }
        let right: usize = self.per_kind.values().map(|v| v.0).sum();
        let total: usize = self.per_kind.values().map(|v| v.1).sum();
        println!("{set:<12} {:<12} {right:>3}/{total:<3} {:.2}", "overall", self.share());
        for line in &self.wrong {
            println!("{set:<12} wrong: {line}");
        }
    }
}

#[test]
fn kinds_are_right_for_common_questions() {
    assert!(CASES.len() >= 60, "only {} questions", CASES.len());
    let accuracy = Accuracy::measure(CASES);
    accuracy.print("own");
    assert!(
        accuracy.wrong.is_empty(),
        "own questions got the wrong kind:\n{}",
        accuracy.wrong.join("\n")
    );
}

#[test]
fn development_questions_get_their_kind() {
    assert!(DEVELOPMENT.len() >= 120, "only {} questions", DEVELOPMENT.len());
    let accuracy = Accuracy::measure(DEVELOPMENT);
    accuracy.print("development");
    // The rules were tuned on this set until every question came out right (242 of 242); the
    // floor leaves room for a later rule change to cost a few, not for a kind to stop working.
    assert!(
        accuracy.share() >= 0.95,
        "development accuracy {:.2}:\n{}",
        accuracy.share(),
        accuracy.wrong.join("\n")
    );
}

#[test]
fn held_out_questions_mostly_get_their_kind() {
    let accuracy = Accuracy::measure(HELD_OUT);
    accuracy.print("held out");
    // A floor against regressions, not a target to fit: 18 of 25 when written, 21 after the rules
    // were broadened on `DEVELOPMENT`.
    assert!(accuracy.share() >= 0.80, "held-out accuracy {:.2}", accuracy.share());
}

#[test]
fn second_held_out_questions_mostly_get_their_kind() {
    assert!(HELD_OUT_2.len() >= 40, "only {} questions", HELD_OUT_2.len());
    let accuracy = Accuracy::measure(HELD_OUT_2);
    accuracy.print("held out 2");
    // Measured once, untuned: 35 of 40. A floor against regressions, not a target to fit.
    assert!(
        accuracy.share() >= 0.85,
        "second held-out accuracy {:.2}",
        accuracy.share()
    );
}

#[test]
fn quoted_questions_get_their_kind() {
    let rules = RuleSet::defaults().unwrap();
    for &(question, expected) in QUOTED {
        assert_eq!(infer(Some(question), &rules).0.id(), expected, "{question}");
    }
}

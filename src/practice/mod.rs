//! A candidate's practice over time: the history of scored attempts (`.star-check/history.jsonl`),
//! the progress it shows, and what changed between two versions of an answer. Pure functions of
//! reports and history lines; the commands that print them live in `cli`.

pub mod clock;
pub mod diff;
pub mod history;
pub mod progress;

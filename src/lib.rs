//! star-check: a linter that coaches written backend job-interview answers.
//!
//! Data flows one way: text → [`document::Document`] → [`analysis`] → [`report::Report`] → a renderer.
//! The library never prints and never exits; `main` and the renderers write.

pub mod analysis;
pub mod cli;
pub mod document;
pub mod finding;
pub mod lsp;
pub mod practice;
pub mod report;
pub mod rules;
pub mod score;

//! `--format json`: the report serialised as is; the shape is the contract documented in README.

use super::{Renderer, Report};
use std::io::Write;

pub struct JsonRenderer;

impl Renderer for JsonRenderer {
    fn render(&self, report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
        // `From` keeps the kind of an I/O error, so a closed pipe stays a `BrokenPipe` that `main`
        // exits quietly on (`io::Error::other` would turn it into "cannot write the report").
        serde_json::to_writer_pretty(&mut *out, report).map_err(std::io::Error::from)?;
        writeln!(out)
    }
}

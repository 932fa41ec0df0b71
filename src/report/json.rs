//! `--format json`: the report serialised as is; the shape is the contract documented in README.

use super::{Renderer, Report};
use std::io::Write;

pub struct JsonRenderer;

impl Renderer for JsonRenderer {
    fn render(&self, report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
        // One compact line: a coach's run over thousands of answers is read by programs (`jq .`
        // pretty-prints it for people), and the indentation would triple its size.
        serde_json::to_writer(&mut *out, report).map_err(std::io::Error::from)?;
        writeln!(out)
    }
}

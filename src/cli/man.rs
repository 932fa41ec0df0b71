//! `star-check man`: the manual page in roff, generated from the argument definitions. A command
//! rather than a build script, so the page always matches the binary that prints it and the build
//! stays free of generated files: `star-check man > star-check.1`, or `star-check man | man -l -`.

use super::{Args, ExitStatus};
use clap::CommandFactory;

pub fn run(out: &mut dyn std::io::Write) -> std::io::Result<ExitStatus> {
    clap_mangen::Man::new(Args::command()).render(out)?;
    Ok(ExitStatus::Success)
}

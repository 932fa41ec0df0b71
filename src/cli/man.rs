//! `star-check man [COMMAND]`: the manual pages in roff, generated from the argument definitions. A
//! command rather than a build script, so a page always matches the binary that prints it and the
//! build stays free of generated files: `star-check man > star-check.1`, or `star-check man | man -l -`.
//! The main page names one page a command (`star-check-config(1)`); `star-check man config` prints
//! that one, so every page it names can be installed.

use super::{Args, ExitStatus};
use clap::CommandFactory;

#[derive(Debug, clap::Args)]
pub struct ManArgs {
    /// The command whose page to print (`config`, `rules test`, …) [default: the main page].
    #[arg(value_name = "COMMAND")]
    pub command: Vec<String>,
}

pub fn run(args: &ManArgs, out: &mut dyn std::io::Write, err: &mut dyn std::io::Write) -> std::io::Result<ExitStatus> {
    // Built, so that each command knows its full name (`star-check-rules-test`) for its page's title.
    let mut page = Args::command();
    page.build();
    for name in &args.command {
        let Some(sub) = page.find_subcommand(name).cloned() else {
            let known: Vec<&str> = page.get_subcommands().map(|c| c.get_name()).collect();
            let within = match page.get_display_name() {
                Some(display) => display.to_string(),
                None => page.get_name().to_string(),
            };
            super::print_error(
                err,
                format_args!("man: {within} has no command `{name}` (it has: {})", known.join(", ")),
            )?;
            return Ok(ExitStatus::Error);
        };
        page = sub;
    }
    clap_mangen::Man::new(page)
        .source(format!("star-check {}", env!("CARGO_PKG_VERSION")))
        .render(out)?;
    Ok(ExitStatus::Success)
}

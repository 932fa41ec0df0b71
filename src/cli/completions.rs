//! `star-check completions SHELL`: a completion script for the shell, generated from the same
//! argument definitions the parser uses, so it never falls out of date.

use super::{Args, ExitStatus};
use clap::CommandFactory;
use clap_complete::Shell;

#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: Shell,
}

const BIN: &str = "star-check";

pub fn run(args: &CompletionsArgs, out: &mut dyn std::io::Write) -> std::io::Result<ExitStatus> {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut Args::command(), BIN, &mut script);
    if args.shell == Shell::Bash {
        // clap_complete's bash script names each subcommand's state `star__check__subcmd__rules` in
        // its dispatch loop but `star__subcmd__check__subcmd__rules` in the case arms (it escapes the
        // bin name's hyphen twice), so nothing after a subcommand would complete. Spell the arms the
        // way the loop does. clap-rs/clap#6421; drop this once a fixed clap_complete is released.
        let text = String::from_utf8_lossy(&script).replace("star__subcmd__check", "star__check");
        script = text.into_bytes();
    }
    out.write_all(&script)?;
    Ok(ExitStatus::Success)
}

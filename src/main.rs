//! `star-check`: parse arguments, run, map the outcome to an exit code. Nothing else.

use star_check::cli::{self, Args, ExitStatus};
use std::io::Write;

/// Loading the rules parses and compiles hundreds of patterns, which allocates and frees hundreds of
/// thousands of small objects: under glibc's allocator that was over a third of a whole run's
/// instructions (callgrind, one answer). Built without transparent huge pages (`no_thp`): with them,
/// the peak memory of one answer was 59 MiB instead of 20 MiB, for no gain in time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let mut err = std::io::stderr();
    let args: Args = cli::parse_args(std::env::args_os().collect(), &mut err);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let status = match cli::run(&args, &mut out, &mut err) {
        Ok(status) => status,
        // A reader that went away (`star-check answers/ | head -1`) is not an error worth a message:
        // the user has what they asked for. Exit quietly, as ripgrep does.
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => std::process::exit(0),
        Err(error) => {
            let _ = writeln!(err, "star-check: cannot write the report: {error}");
            ExitStatus::Error
        }
    };
    if let Err(error) = out.flush()
        && error.kind() != std::io::ErrorKind::BrokenPipe
    {
        let _ = writeln!(err, "star-check: cannot write the report: {error}");
        std::process::exit(ExitStatus::Error.code());
    }
    std::process::exit(status.code());
}

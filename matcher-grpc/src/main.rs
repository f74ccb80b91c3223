//! `matcher`: the Jinqiao command line. Ingest postings from the programme's platforms, search them,
//! classify titles, generate sample data, and run the end-to-end demo on the embedded sample.

mod cli;
mod evaluation;
mod export;

use std::process::ExitCode;

use clap::Parser;

/// mimalloc: allocation-heavy phases (ingest's records, a batch's explanations, the outputs' pieces) spend a
/// tenth of their CPU in glibc's malloc and free.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    restore_sigpipe();
    // What Jinqiao writes may hold personal data: readable by the owner only (README, "Security").
    matcher_grpc::private::restrict_umask();
    let args = cli::Cli::parse();
    matcher_grpc::telemetry::logs::init(args.log_format, args.is_serve());
    match cli::run(args) {
        Ok(code) => code,
        // Everything a command returns as an error is a usage error or input it could not read (README, "Exit
        // codes").
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(cli::output::USAGE)
        }
    }
}

/// `matcher search … | head` should end quietly when `head` closes the pipe, as command-line tools do,
/// instead of panicking on a failed print: Rust ignores SIGPIPE unless told otherwise.
fn restore_sigpipe() {
    #[cfg(unix)]
    // SAFETY: setting a signal's disposition to its default at start-up, before any thread exists.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

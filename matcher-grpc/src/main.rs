//! `matcher`: the Jinqiao command line. Ingest postings from the programme's platforms, search them,
//! classify titles, generate sample data, and run the end-to-end demo on the embedded sample.

mod cli;
mod evaluation;
mod export;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    restore_sigpipe();
    // What Jinqiao writes may hold personal data: readable by the owner only (README, "Security").
    matcher_grpc::private::restrict_umask();
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .init();
    let args = cli::Cli::parse();
    match cli::run(args) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(2)
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

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
    if !args.is_serve() {
        without_huge_pages();
    }
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

/// A command (all but `serve`) touches most of what it allocates once, and a transparent huge page costs
/// the zeroing of 2 MiB at its first touch however little of it is used (mimalloc asks for them on its
/// arenas). Without them, on this project's 2-core virtual machine, `matcher ingest` of 39,073 records took
/// 1.55 s where it took 1.66 s and `matcher recommend` 1.51 s where it took 1.65 s (medians of six pairs),
/// each holding 45–70 MiB less and spending half the time in the kernel (README, "Measured"). `serve` keeps
/// them: it reuses its memory for as long as it runs, and two pairs of load runs without them showed no
/// difference beyond the machine's drift.
fn without_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: prctl with PR_SET_THP_DISABLE takes no pointer and changes only this process's use of huge
    // pages from now on; the call failing (an old kernel) leaves them as they were.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    #[test]
    fn commands_run_without_transparent_huge_pages() {
        super::without_huge_pages();
        // SAFETY: PR_GET_THP_DISABLE takes no pointer; it answers 1 when the process has them off.
        let disabled = unsafe { libc::prctl(libc::PR_GET_THP_DISABLE, 0, 0, 0, 0) };
        assert_eq!(disabled, 1);
    }
}

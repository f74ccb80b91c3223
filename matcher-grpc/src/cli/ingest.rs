//! `matcher ingest`: files of one source into an index, with a summary, rejects and merges.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use indicatif::{ProgressBar, ProgressStyle};
use matcher_core::{Encoding, Format, IngestReport, Ingestor, PostingIndex, MERGES_FILE, REJECTS_FILE, WARNINGS_FILE};

use super::output::{exit_code, say, Say};
use super::TaxonomyArgs;

/// Arguments of `matcher ingest`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  matcher ingest --index idx --source yangfan data/sample/yangfan.jsonl\n  matcher ingest --index idx --source xiaochi --encoding gbk data/sample/xiaochi.csv --json"
)]
pub struct IngestArgs {
    /// Index folder (created if missing).
    #[arg(long, value_name = "DIR")]
    index: PathBuf,
    /// Source format: yangfan, xiaochi, tuantuan, national or generic.
    #[arg(long, value_name = "NAME")]
    source: Format,
    /// Text encoding of the files: auto (UTF-8, else GBK), utf-8 or gbk.
    #[arg(long, default_value = "auto")]
    encoding: Encoding,
    /// Print the summary as one JSON document on stdout ({"accepted":N,"rejected":N,"merged":N,"total":N,
    /// "warnings":N}); the human text goes to stderr.
    #[arg(long)]
    json: bool,
    /// How many rejects and merges to list (all are in the logs beside the index).
    #[arg(long, default_value_t = 20)]
    show: usize,
    #[command(flatten)]
    taxonomy: TaxonomyArgs,
    /// Files to ingest.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
}

pub fn run(args: IngestArgs) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    // Every file is looked at before anything is read or the index made: a mistyped second file stops the
    // run at once, not after the first was read and staged (and an index made for nothing).
    for file in &args.files {
        can_be_read(file)?;
    }
    let mut read_ahead = args.files.first().and_then(|first| read_while_starting(first));
    let taxonomy = args.taxonomy.load()?;
    let index = PostingIndex::open_or_create(&args.index)?;
    let mut ingestor = Ingestor::new(taxonomy, &index)?;
    let mut report = IngestReport::default();
    let mut without_records = Vec::new();
    for file in &args.files {
        let bar = progress_bar(file);
        let file_started = Instant::now();
        let mut progress = |done: usize, _total: usize| {
            if let Some(bar) = &bar {
                let rate = done as f64 / file_started.elapsed().as_secs_f64().max(1e-3);
                bar.set_message(format!("{}: {done} records, {rate:.0}/s", file.display()));
            }
        };
        // The core's errors name the file (and the line); a context would only repeat it.
        let read = match read_ahead.take() {
            Some(reading) => reading.join().unwrap_or_else(|_| Err(std::io::Error::other("the reading thread failed"))),
            None => std::fs::read(file),
        };
        let one = ingestor.ingest_read(args.source, file, read, args.encoding, &mut progress)?;
        if let Some(bar) = bar {
            bar.finish_and_clear();
        }
        if one.total == 0 {
            without_records.push(file.display().to_string());
        }
        report.absorb(one);
    }
    ingestor.commit_before_exit()?;
    let say = Say::new(args.json);
    print_report(say, &report, &index, args.show, started.elapsed().as_secs_f64());
    if !without_records.is_empty() {
        say!(
            say,
            "no records in {} (the file is empty, or holds an empty list or a header only)",
            without_records.join(", ")
        );
    }
    if args.json {
        let summary = serde_json::json!({
            "accepted": report.accepted, "rejected": report.rejected, "merged": report.merged, "total": report.total,
            "warnings": report.warnings,
        });
        println!("{summary}");
    }
    Ok(exit_code(report.accepted + report.merged, report.rejected))
}

/// Fails, naming `file`, when it is missing, a folder, or a plain file that cannot be opened (a pipe is not
/// opened here: that would wait for its writer).
fn can_be_read(file: &std::path::Path) -> anyhow::Result<()> {
    let meta = std::fs::metadata(file).map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
    anyhow::ensure!(!meta.is_dir(), "{}: is a folder, not a file", file.display());
    if meta.is_file() {
        std::fs::File::open(file).map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
    }
    Ok(())
}

/// Reads the first file in a thread while the tables load and the index opens (a second core is idle then).
/// Only a regular file: a pipe or a terminal is not consumed before the index is known to be writable. Without
/// a thread, the file is read when its turn comes.
fn read_while_starting(file: &std::path::Path) -> Option<std::thread::JoinHandle<std::io::Result<Vec<u8>>>> {
    if !std::fs::metadata(file).is_ok_and(|m| m.is_file()) {
        return None;
    }
    let file = file.to_path_buf();
    std::thread::Builder::new().name("read-ahead".into()).spawn(move || std::fs::read(file)).ok()
}

fn progress_bar(file: &std::path::Path) -> Option<ProgressBar> {
    if !std::io::stderr().is_terminal() {
        return None;
    }
    // Records are streamed, so their number is known only at the end: a counter, not a bar.
    let bar = ProgressBar::new_spinner();
    bar.enable_steady_tick(std::time::Duration::from_millis(200));
    let style = ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
        .unwrap_or_else(|_| ProgressStyle::default_spinner());
    bar.set_style(style);
    bar.set_message(format!("{}: reading", file.display()));
    Some(bar)
}

pub(crate) fn print_report(say: Say, report: &IngestReport, index: &PostingIndex, show: usize, seconds: f64) {
    say!(
        say,
        "{} records: {} accepted, {} merged into postings of other records, {} rejected ({:.1}s); {} fields dropped \
         from kept records",
        report.total,
        report.accepted,
        report.merged,
        report.rejected,
        seconds,
        report.warnings
    );
    say!(say, "the index at {} now holds {} postings", index.dir().display(), index.len());
    if !report.merges.is_empty() {
        say!(say, "merged ({}; all in {}):", report.merged, index.dir().join(MERGES_FILE).display());
        for merge in report.merges.iter().take(show) {
            say!(say, "  {} → {}: {}", merge.source_ref, merge.into, merge.reason);
        }
    }
    if !report.rejects.is_empty() {
        say!(say, "rejected ({}; all in {}):", report.rejected, index.dir().join(REJECTS_FILE).display());
        for reject in report.rejects.iter().take(show) {
            say!(say, "  {reject}");
        }
    }
    if !report.warning_list.is_empty() {
        say!(
            say,
            "fields dropped, the record kept ({}; all in {}):",
            report.warnings,
            index.dir().join(WARNINGS_FILE).display()
        );
        for warning in report.warning_list.iter().take(show) {
            say!(say, "  {warning}");
        }
    }
}

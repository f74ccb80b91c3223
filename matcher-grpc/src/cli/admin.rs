//! `matcher delete` and `matcher expire`: removing postings.

use std::path::PathBuf;
use std::process::ExitCode;

use matcher_core::{parse_date, PostingId, PostingIndex};

use super::output::exit_code;

/// Arguments of `matcher delete`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Example:\n  matcher delete --index idx tuantuan:TT100353 yangfan:YF100012")]
pub struct DeleteArgs {
    /// Index folder.
    #[arg(long, value_name = "DIR")]
    index: PathBuf,
    /// Posting ids (as `matcher search` shows them).
    #[arg(required = true)]
    ids: Vec<PostingId>,
}

/// Arguments of `matcher expire`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Example:\n  matcher expire --index idx --as-of 2027-01-01")]
pub struct ExpireArgs {
    /// Index folder.
    #[arg(long, value_name = "DIR")]
    index: PathBuf,
    /// Delete postings that expired before this day (default: today).
    #[arg(long, value_name = "DATE")]
    as_of: Option<String>,
}

pub fn delete(args: DeleteArgs) -> anyhow::Result<ExitCode> {
    let index = PostingIndex::open(&args.index)?;
    let mut missing = Vec::new();
    for id in &args.ids {
        if index.get(id)?.is_none() {
            missing.push(id.as_str());
        }
    }
    let found = index.delete(&args.ids)?;
    println!("deleted {found} of {} postings; the index now holds {}", args.ids.len(), index.len());
    if !missing.is_empty() {
        eprintln!("not in the index (nothing deleted for them): {}", missing.join(", "));
    }
    Ok(exit_code(found, missing.len()))
}

pub fn expire(args: ExpireArgs) -> anyhow::Result<ExitCode> {
    let day = match &args.as_of {
        Some(text) => parse_date(text).map_err(|reason| anyhow::anyhow!("--as-of: {reason}"))?,
        None => chrono::Local::now().date_naive(),
    };
    let index = PostingIndex::open(&args.index)?;
    let removed = index.delete_expired(day)?.len();
    println!("deleted {removed} postings that expired before {day}; the index now holds {}", index.len());
    Ok(ExitCode::SUCCESS)
}

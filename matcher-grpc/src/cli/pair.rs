//! `matcher pair`: propose pairings (结对帮扶) of cadres with 3–5 job-seeking students each.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use matcher_core::{propose_pairings, read_cadres, read_students, Reject, Unpaired};

use super::{read_text, TaxonomyArgs};

/// Arguments of `matcher pair`.
#[derive(Debug, clap::Args)]
pub struct PairArgs {
    /// Students, JSON Lines or CSV (fields in the README).
    #[arg(long, value_name = "FILE")]
    students: PathBuf,
    /// Cadres, JSON Lines or CSV.
    #[arg(long, value_name = "FILE")]
    cadres: PathBuf,
    /// Write the pairings here, one JSON object per cadre: {"cadre":…,"students":[…]}.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Print the summary as one JSON line last.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    taxonomy: TaxonomyArgs,
}

pub fn run(args: PairArgs) -> anyhow::Result<ExitCode> {
    let taxonomy = args.taxonomy.load()?;
    let read = |path: &PathBuf| read_text(path);
    let (students, student_rejects) =
        read_students(taxonomy, &read(&args.students)?, &args.students.display().to_string())?;
    let (cadres, cadre_rejects) = read_cadres(taxonomy, &read(&args.cadres)?, &args.cadres.display().to_string())?;
    let proposal = propose_pairings(&students, &cadres);

    let paired: usize = proposal.pairings.iter().map(|p| p.students.len()).sum();
    let mut loads: BTreeMap<usize, usize> = BTreeMap::new();
    for pairing in &proposal.pairings {
        *loads.entry(pairing.students.len()).or_default() += 1;
    }
    let mut reasons: BTreeMap<Unpaired, usize> = BTreeMap::new();
    for (_, reason) in &proposal.unpaired {
        *reasons.entry(*reason).or_default() += 1;
    }
    println!(
        "{} students, {} cadres read; {} students paired with {} cadres",
        students.len(),
        cadres.len(),
        paired,
        proposal.pairings.len()
    );
    let histogram: Vec<String> = loads.iter().map(|(size, n)| format!("{n} cadres with {size}")).collect();
    println!("  loads: {}", histogram.join(", "));
    for (reason, n) in &reasons {
        println!("  unpaired, {}: {n}", reason.zh());
    }
    print_rejects(&student_rejects);
    print_rejects(&cadre_rejects);
    if let Some(path) = &args.out {
        let mut out = std::io::BufWriter::new(matcher_grpc::private::create(path)?);
        for pairing in &proposal.pairings {
            serde_json::to_writer(&mut out, pairing)?;
            out.write_all(b"\n")?;
        }
        out.flush()?;
        println!("pairings written to {}", path.display());
    }
    if args.json {
        let summary = serde_json::json!({
            "students": students.len(),
            "cadres": cadres.len(),
            "paired": paired,
            "pairings": proposal.pairings.len(),
            "unpaired": proposal.unpaired.len(),
            "rejected": student_rejects.len() + cadre_rejects.len(),
        });
        println!("{summary}");
    }
    Ok(ExitCode::SUCCESS)
}

fn print_rejects(rejects: &[Reject]) {
    for reject in rejects {
        println!("  rejected: {reject}");
    }
}

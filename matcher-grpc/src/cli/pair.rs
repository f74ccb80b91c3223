//! `matcher pair`: propose pairings (结对帮扶) by the plan's rules: job-seeking graduates only, the plan's
//! priority groups first, 3–5 students per cadre, each school up to its quota; pairs given with `--pairings`
//! are kept (stable re-pairing) and students settled in `--events` released.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::process::ExitCode;

use matcher_core::{
    propose_pairings, read_cadres, read_pairings, read_students, settled_students, Author, EventReader, PairingInput,
    Quotas, Reject, Unpaired,
};

use super::output::{exit_code, say, Say};
use super::{read_text, TaxonomyArgs};

/// Arguments of `matcher pair`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Example:\n  matcher pair --students data/sample/students.jsonl --cadres data/sample/cadres.jsonl \
                        --out pairings.jsonl\n  matcher pair … --pairings pairings.jsonl --quotas quotas.csv \
                        --events data/sample/case_events.jsonl --out pairings.jsonl"
)]
pub struct PairArgs {
    /// Students, JSON Lines or CSV (fields in the README).
    #[arg(long, value_name = "FILE")]
    students: PathBuf,
    /// Cadres, JSON Lines or CSV.
    #[arg(long, value_name = "FILE")]
    cadres: PathBuf,
    /// Pairs made before (`cadre,student` rows, as `--out` writes them): kept while the student still seeks
    /// work and the cadre is listed; only students without a cadre are placed.
    #[arg(long, value_name = "FILE")]
    pairings: Option<PathBuf>,
    /// The quota plan (指标方案): `school,pairs` rows (school code or name); schools not listed are limited by
    /// their cadres only.
    #[arg(long, value_name = "FILE")]
    quotas: Option<PathBuf>,
    /// Case-file events (JSON Lines or CSV): students they show settled are released and not paired.
    #[arg(long, value_name = "FILE")]
    events: Option<PathBuf>,
    /// Write the pairings here, one `{"cadre":…,"student":…}` row per pair (what `--pairings`,
    /// `recommend --pairings` and `SetPairings` read).
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Print the summary as one JSON document on stdout; the human text goes to stderr.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    taxonomy: TaxonomyArgs,
}

pub fn run(args: PairArgs) -> anyhow::Result<ExitCode> {
    let taxonomy = args.taxonomy.load()?;
    let name = |path: &PathBuf| path.display().to_string();
    let (students, student_rejects) = read_students(taxonomy, &read_text(&args.students)?, &name(&args.students))?;
    let (cadres, cadre_rejects) = read_cadres(taxonomy, &read_text(&args.cadres)?, &name(&args.cadres))?;
    let mut rejects: Vec<Reject> = student_rejects.into_iter().chain(cadre_rejects).collect();
    let mut existing = Vec::new();
    if let Some(path) = &args.pairings {
        let (pairings, bad) = read_pairings(&read_text(path)?, &name(path), &cadres, &students)?;
        rejects.extend(bad);
        existing = pairings.iter().flat_map(|p| p.students.iter().map(|s| (s.clone(), p.cadre.clone()))).collect();
    }
    let quotas = match &args.quotas {
        Some(path) => {
            let (quotas, bad) = Quotas::read(taxonomy, &read_text(path)?, &name(path))?;
            rejects.extend(bad);
            Some(quotas)
        }
        None => None,
    };
    let mut settled = BTreeSet::new();
    if let Some(path) = &args.events {
        let today = chrono::Local::now().date_naive();
        let reader = EventReader { taxonomy, today, author: &Author::Backend };
        let (events, bad) = reader.read(&read_text(path)?, &name(path))?;
        rejects.extend(bad);
        settled = settled_students(&events);
    }
    let input = PairingInput {
        existing: &existing,
        settled: &settled,
        quotas: quotas.as_ref(),
        ..PairingInput::new(&students, &cadres, &taxonomy.schools)
    };
    let proposal = propose_pairings(&input);

    let say = Say::new(args.json);
    let paired: usize = proposal.pairings.iter().map(|p| p.students.len()).sum();
    let mut loads: BTreeMap<usize, usize> = BTreeMap::new();
    for pairing in &proposal.pairings {
        *loads.entry(pairing.students.len()).or_default() += 1;
    }
    let mut reasons: BTreeMap<Unpaired, usize> = BTreeMap::new();
    for (_, reason) in &proposal.unpaired {
        *reasons.entry(*reason).or_default() += 1;
    }
    say!(
        say,
        "{} students, {} cadres read; {} students paired with {} cadres ({} pairs kept, {} new)",
        students.len(),
        cadres.len(),
        paired,
        proposal.pairings.len(),
        proposal.kept,
        proposal.new
    );
    let histogram: Vec<String> = loads.iter().map(|(size, n)| format!("{n} cadres with {size}")).collect();
    say!(say, "  loads: {}", histogram.join(", "));
    for (reason, n) in &reasons {
        say!(say, "  unpaired, {}: {n}", reason.zh());
    }
    let mut released: BTreeMap<&str, usize> = BTreeMap::new();
    for (_, _, reason) in &proposal.released {
        *released.entry(reason.zh()).or_default() += 1;
    }
    for (reason, n) in &released {
        say!(say, "  released, {reason}: {n}");
    }
    for quota in &proposal.quotas {
        let school = taxonomy.schools.get(&quota.school).map_or(quota.school.to_string(), |s| s.name.clone());
        let short = quota.short.map(|s| format!("（{}）", s.zh())).unwrap_or_default();
        say!(say, "  quota {school}: {} of {}{short}", quota.paired, quota.quota);
    }
    for reject in &rejects {
        say!(say, "  rejected: {reject}");
    }
    if let Some(path) = &args.out {
        // Written whole, then put in place: `--pairings` and `--out` may name the same file.
        let mut out = Vec::new();
        for pairing in &proposal.pairings {
            for student in &pairing.students {
                serde_json::to_writer(&mut out, &serde_json::json!({ "cadre": pairing.cadre, "student": student }))?;
                out.push(b'\n');
            }
        }
        matcher_grpc::private::replace(path, &out)?;
        say!(say, "pairings written to {}", path.display());
    }
    if args.json {
        let summary = serde_json::json!({
            "students": students.len(),
            "cadres": cadres.len(),
            "paired": paired,
            "pairings": proposal.pairings.len(),
            "kept": proposal.kept,
            "new": proposal.new,
            "released": proposal.released.len(),
            "unpaired": proposal.unpaired.len(),
            "rejected": rejects.len(),
        });
        println!("{summary}");
    }
    // Nothing usable: no student or no cadre read (the two files swapped, say).
    let usable = if students.is_empty() || cadres.is_empty() { 0 } else { students.len() };
    Ok(exit_code(usable, rejects.len()))
}

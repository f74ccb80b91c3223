//! `matcher western assign`: 西部计划 recruitment. Applicants are placed on posts by student-proposing deferred
//! acceptance within each post's places, each track's quota and the provincial total (the plan's 700, or the
//! targets file's), ties broken by the selection score and a seeded lottery; without files, the embedded
//! sample's.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

use matcher_core::{
    assign_volunteers, read_applications, read_track_quotas, read_volunteer_posts, volunteer_pipeline, AssignmentInput,
    Author, EventReader, Targets,
};
use matcher_grpc::sample_data;

use super::output::{exit_code, say, Say};
use super::{read_text, TaxonomyArgs};

/// Arguments of `matcher western`.
#[derive(Debug, clap::Args)]
pub struct WesternArgs {
    #[command(subcommand)]
    command: WesternCommand,
}

#[derive(Debug, clap::Subcommand)]
enum WesternCommand {
    /// Place applicants on posts (deferred acceptance within every post, track quota and the total); write
    /// 派遣名单 and the reasons of the rest as XLSX, CSV and JSON.
    Assign(AssignArgs),
}

/// Arguments of `matcher western assign`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  matcher western assign --out western          # the embedded sample\n  \
                        matcher western assign --posts posts.csv --quotas quotas.csv \
                        --applications applications.jsonl --seed 2026 --out western")]
pub struct AssignArgs {
    /// Service posts: `id,track,place,capacity[,title]` rows (CSV or JSON Lines). Default: the sample's.
    #[arg(long, value_name = "FILE", requires = "applications")]
    posts: Option<PathBuf>,
    /// Applications: `id`, `school`, `cohort`, `preferences` (post ids, most wanted first), `selection` (a score
    /// 0–100, 通过 or 未通过), `exempt_admission` (推免). Default: the sample's.
    #[arg(long, value_name = "FILE", requires = "posts")]
    applications: Option<PathBuf>,
    /// Track quotas (专项名额): `track,quota` rows. Default: the sample's with the sample's files, none with
    /// yours.
    #[arg(long, value_name = "FILE")]
    quotas: Option<PathBuf>,
    /// The provincial total. Default: `western_plan_volunteers` of the targets (the plan: 700).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(0..=100_000))]
    total: Option<u32>,
    /// The plan's targets (TOML, as `matcher report --targets` reads); only the total is used here.
    #[arg(long, value_name = "FILE")]
    targets: Option<PathBuf>,
    /// Case-file events (JSON Lines or CSV, as `matcher case` reads them): their 西部计划 stages (派遣, 在岗,
    /// 期满, 退出) move applicants on from the 派遣名单; others are ignored here.
    #[arg(long, value_name = "FILE")]
    events: Option<PathBuf>,
    /// The lottery's seed (ties after the selection score); publish it with the result.
    #[arg(long, default_value_t = 2026)]
    seed: u64,
    /// Write assignment.json, placements.csv, unplaced.csv, tracks.csv, schools.csv,
    /// dropped_preferences.csv and western.xlsx here (private files).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Print the summary as one JSON document on stdout; the human text goes to stderr.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    taxonomy: TaxonomyArgs,
}

pub fn run(args: WesternArgs) -> anyhow::Result<ExitCode> {
    match args.command {
        WesternCommand::Assign(args) => assign(args),
    }
}

fn assign(args: AssignArgs) -> anyhow::Result<ExitCode> {
    if let Some(dir) = &args.out {
        matcher_grpc::tables::check_out_dir(dir).map_err(anyhow::Error::msg)?;
    }
    let taxonomy = args.taxonomy.load()?;
    let name = |path: &PathBuf| path.display().to_string();
    let own = |path: &Option<PathBuf>| -> anyhow::Result<Option<(String, String)>> {
        path.as_ref().map(|p| Ok((read_text(p)?, name(p)))).transpose()
    };
    let sample = |text: &str, file: &str| (text.to_string(), format!("data/sample/{file}"));
    let mine = args.posts.is_some();
    let (posts_text, posts_file) =
        own(&args.posts)?.unwrap_or_else(|| sample(sample_data::WESTERN_POSTS, "western_posts.csv"));
    let (applications_text, applications_file) = own(&args.applications)?
        .unwrap_or_else(|| sample(sample_data::WESTERN_APPLICATIONS, "western_applications.jsonl"));
    let quotas = match own(&args.quotas)? {
        Some(q) => Some(q),
        None if !mine => Some(sample(sample_data::WESTERN_QUOTAS, "western_quotas.csv")),
        None => None,
    };
    let (posts, mut rejects) = read_volunteer_posts(taxonomy, &posts_text, &posts_file)?;
    let (applications, bad) = read_applications(taxonomy, &applications_text, &applications_file)?;
    rejects.extend(bad);
    let mut track_quotas = BTreeMap::new();
    if let Some((text, file)) = &quotas {
        let (read, bad) = read_track_quotas(text, file)?;
        refuse_open_quotas(&bad)?;
        track_quotas = read;
    }
    let targets = match &args.targets {
        Some(path) => Targets::from_toml(&read_text(path)?, &name(path))?,
        None => Targets::builtin(),
    };
    let total = args.total.unwrap_or(targets.western_plan_volunteers);
    let input = AssignmentInput {
        posts: &posts,
        applications: &applications,
        track_quotas: &track_quotas,
        total,
        seed: args.seed,
    };
    let assignment = assign_volunteers(&input);
    let events = match &args.events {
        Some(path) => {
            let today = chrono::Local::now().date_naive();
            let reader = EventReader { taxonomy, today, author: &Author::Backend };
            let (events, bad) = reader.read(&read_text(path)?, &name(path))?;
            rejects.extend(bad);
            events
        }
        None => Vec::new(),
    };
    let pipeline = volunteer_pipeline(&applications, &assignment, &posts, &events);

    let say = Say::new(args.json);
    say!(
        say,
        "{} posts ({} places), {} applications read; {} placed of the total {total} (seed {})",
        posts.len(),
        posts.iter().map(|p| u64::from(p.capacity)).sum::<u64>(),
        applications.len(),
        assignment.placed.len(),
        args.seed
    );
    for track in &assignment.tracks {
        let quota = track.quota.map_or_else(|| "no quota".to_string(), |q| format!("quota {q}"));
        say!(say, "  {}: {} placed ({quota}, posts {})", track.track.zh(), track.placed, track.posts_capacity);
    }
    let mut reasons: BTreeMap<&str, usize> = BTreeMap::new();
    for u in &assignment.unplaced {
        *reasons.entry(u.reason.zh()).or_default() += 1;
    }
    for (reason, n) in &reasons {
        say!(say, "  not placed, {reason}: {n}");
    }
    let mut dropped: BTreeMap<&str, usize> = BTreeMap::new();
    for d in &assignment.dropped {
        *dropped.entry(d.reason.zh()).or_default() += 1;
    }
    for (reason, n) in &dropped {
        say!(say, "  preferences dropped, {reason}: {n}");
    }
    if args.events.is_some() {
        let stages: Vec<String> = pipeline.stages.iter().map(|(s, n)| format!("{} {n}", s.zh())).collect();
        say!(say, "  stages: {}; counted against the total: {}", stages.join(", "), pipeline.counted);
        for issue in &pipeline.issues {
            say!(say, "  stage not applied: {} {} {}: {}", issue.applicant, issue.day, issue.stage.zh(), issue.reason);
        }
    }
    for reject in &rejects {
        say!(say, "  rejected: {reject}");
    }
    if let Some(dir) = &args.out {
        let written = matcher_grpc::western::write_all(dir, taxonomy, &assignment, &pipeline, &rejects)?;
        say!(say, "{} files written to {} (open western.xlsx)", written.len(), dir.display());
    }
    if args.json {
        let summary = serde_json::json!({
            "posts": posts.len(),
            "applications": applications.len(),
            "total": total,
            "seed": args.seed,
            "placed": assignment.placed.len(),
            "unplaced": assignment.unplaced.len(),
            "dropped_preferences": assignment.dropped.len(),
            "proposals": assignment.proposals,
            "tracks": assignment.tracks,
            "stages": pipeline.stages.iter().map(|(s, n)| (s.code(), n)).collect::<BTreeMap<_, _>>(),
            "counted": pipeline.counted,
            "stage_issues": pipeline.issues.len(),
            "rejected": rejects.len(),
        });
        println!("{summary}");
    }
    let usable = if posts.is_empty() { 0 } else { applications.len() };
    Ok(exit_code(usable, rejects.len()))
}

/// The demo's step: the sample's recruitment, summarised (no files written).
pub(super) fn demo() -> anyhow::Result<()> {
    let args = AssignArgs {
        posts: None,
        applications: None,
        quotas: None,
        total: None,
        targets: None,
        events: None,
        seed: 2026,
        out: None,
        json: false,
        taxonomy: TaxonomyArgs { taxonomy: None },
    };
    assign(args).map(|_| ())
}

/// A quota row that cannot be read would leave its track without a limit (more volunteers placed than the
/// 项目办 allows): the run stops instead, naming the rows.
pub(super) fn refuse_open_quotas(rejects: &[matcher_core::Reject]) -> anyhow::Result<()> {
    if rejects.is_empty() {
        return Ok(());
    }
    let rows: Vec<String> = rejects.iter().map(ToString::to_string).collect();
    anyhow::bail!(
        "the track quotas have rows that cannot be read, and a track without its quota would be unlimited; \
         fix them and run again:\n  {}",
        rows.join("\n  ")
    )
}

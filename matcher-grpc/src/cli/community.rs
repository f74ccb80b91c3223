//! `matcher community pair`: 社区实践. University League branches paired with community League organisations
//! near their campus, at least the plan's share (25%) of every school's branches where the communities allow
//! it, the nearest pairing of those that pair the most; without files, the embedded sample's registers.

use std::path::PathBuf;
use std::process::ExitCode;

use matcher_core::{pair_communities, read_branches, read_communities, CommunityInput, Targets};
use matcher_grpc::sample_data;

use super::output::{exit_code, say, Say};
use super::{read_text, TaxonomyArgs};

/// Arguments of `matcher community`.
#[derive(Debug, clap::Args)]
pub struct CommunityArgs {
    #[command(subcommand)]
    command: CommunityCommand,
}

#[derive(Debug, clap::Subcommand)]
enum CommunityCommand {
    /// Pair League branches with community organisations near them (就近就便), the plan's share of every
    /// school's branches; write 结对名单 and each school's coverage as XLSX, CSV and JSON.
    Pair(PairArgs),
}

/// Arguments of `matcher community pair`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  matcher community pair --out community          # the embedded sample\n  \
                        matcher community pair --branches branches.csv --communities communities.csv \
                        --max-km 30 --out community")]
pub struct PairArgs {
    /// University League branches (团支部): `id`, `school`, `college`, `members`, `place`, `themes` (CSV or JSON
    /// Lines). Default: the sample's.
    #[arg(long, value_name = "FILE", requires = "communities")]
    branches: Option<PathBuf>,
    /// Community League organisations (城乡基层团组织): `id`, `name`, `place`, `capacity`, `themes`. Default: the
    /// sample's.
    #[arg(long, value_name = "FILE", requires = "branches")]
    communities: Option<PathBuf>,
    /// The share of each school's branches to pair. Default: `community_branch_share` of the targets (the
    /// plan: 0.25).
    #[arg(long, value_name = "SHARE", value_parser = share)]
    share: Option<f64>,
    /// The plan's targets (TOML, as `matcher report --targets` reads); only the share is used here.
    #[arg(long, value_name = "FILE")]
    targets: Option<PathBuf>,
    /// The farthest a branch travels to its community, km (straight line between the places' centres).
    #[arg(long, value_name = "KM", default_value_t = 50.0, value_parser = distance)]
    max_km: f64,
    /// Write pairing.json, pairs.csv, schools.csv, communities.csv and community.xlsx here.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Print the summary as one JSON document on stdout; the human text goes to stderr.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    taxonomy: TaxonomyArgs,
}

fn share(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(x) if (0.0..=1.0).contains(&x) => Ok(x),
        _ => Err(format!("`{text}` is not a share from 0 to 1")),
    }
}

fn distance(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(x) if (0.0..=5000.0).contains(&x) => Ok(x),
        _ => Err(format!("`{text}` is not a distance from 0 to 5000 km")),
    }
}

/// Communities considered per branch, nearest first (bounds the work on a whole province); the service's.
pub(super) use matcher_grpc::service::engine::NEAREST;

pub fn run(args: CommunityArgs) -> anyhow::Result<ExitCode> {
    match args.command {
        CommunityCommand::Pair(args) => pair(args),
    }
}

fn pair(args: PairArgs) -> anyhow::Result<ExitCode> {
    if let Some(dir) = &args.out {
        matcher_grpc::tables::check_out_dir(dir).map_err(anyhow::Error::msg)?;
    }
    let taxonomy = args.taxonomy.load()?;
    let load = |path: &Option<PathBuf>, sample: &str, file: &str| -> anyhow::Result<(String, String)> {
        match path {
            Some(p) => Ok((read_text(p)?, p.display().to_string())),
            None => Ok((sample.to_string(), format!("data/sample/{file}"))),
        }
    };
    let (text, file) = load(&args.branches, sample_data::BRANCHES, "branches.csv")?;
    let (branches, mut rejects) = read_branches(taxonomy, &text, &file)?;
    let (text, file) = load(&args.communities, sample_data::COMMUNITIES, "communities.csv")?;
    let (communities, bad) = read_communities(taxonomy, &text, &file)?;
    rejects.extend(bad);
    let targets = match &args.targets {
        Some(path) => Targets::from_toml(&read_text(path)?, &path.display().to_string())?,
        None => Targets::builtin(),
    };
    let share = args.share.unwrap_or(targets.community_branch_share);
    let input =
        CommunityInput { branches: &branches, communities: &communities, share, max_km: args.max_km, nearest: NEAREST };
    let pairing = pair_communities(&taxonomy.regions, &input);

    let say = Say::new(args.json);
    let places: u64 = communities.iter().map(|c| u64::from(c.capacity)).sum();
    let met = pairing.schools.iter().filter(|s| s.short.is_none()).count();
    say!(
        say,
        "{} branches of {} schools, {} community organisations ({places} places) read; {} branches paired \
         ({:.1}%); schools at {:.0}% of their branches: {met} of {} (within {} km, {:.1} km on average)",
        branches.len(),
        pairing.schools.len(),
        communities.len(),
        pairing.paired,
        if branches.is_empty() { 0.0 } else { f64::from(pairing.paired) * 100.0 / branches.len() as f64 },
        share * 100.0,
        pairing.schools.len(),
        args.max_km,
        if pairing.paired == 0 { 0.0 } else { pairing.total_km / f64::from(pairing.paired) }
    );
    for school in pairing.schools.iter().filter(|s| s.short.is_some()) {
        let name = taxonomy.schools.get(&school.school).map_or(school.school.to_string(), |s| s.name.clone());
        let reason = school.short.map(|r| r.zh()).unwrap_or_default();
        say!(
            say,
            "  short: {name}, {} of {} branches paired (target {}): {reason}",
            school.paired,
            school.branches,
            school.target
        );
    }
    for reject in &rejects {
        say!(say, "  rejected: {reject}");
    }
    if let Some(dir) = &args.out {
        let written = matcher_grpc::community::write_all(dir, taxonomy, &branches, &communities, &pairing, &rejects)?;
        say!(say, "{} files written to {} (open community.xlsx)", written.len(), dir.display());
    }
    if args.json {
        let summary = serde_json::json!({
            "branches": branches.len(),
            "communities": communities.len(),
            "share": share,
            "max_km": args.max_km,
            "paired": pairing.paired,
            "total_km": pairing.total_km,
            "schools": pairing.schools,
            "rejected": rejects.len(),
        });
        println!("{summary}");
    }
    let usable = if communities.is_empty() { 0 } else { branches.len() };
    Ok(exit_code(usable, rejects.len()))
}

/// The demo's step: the sample's pairing, summarised (no files written).
pub(super) fn demo() -> anyhow::Result<()> {
    let args = PairArgs {
        branches: None,
        communities: None,
        share: None,
        targets: None,
        max_km: 50.0,
        out: None,
        json: false,
        taxonomy: TaxonomyArgs { taxonomy: None },
    };
    pair(args).map(|_| ())
}

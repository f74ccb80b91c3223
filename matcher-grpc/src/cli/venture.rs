//! `matcher venture select`: 创业帮扶. The projects to fund, chosen exactly for the most total review score
//! within the budget and the plan's rules (at least 100 projects, half or more in 硬核科技 or 乡村振兴, each
//! grant at least 5,000 yuan, leads graduating, enrolled or graduated within two years); without files, the
//! embedded sample's register.

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::Datelike;
use matcher_core::{
    assign_mentors, read_mentors, read_projects, read_school_caps, school_caps_for, select_projects, SelectionInput,
    Targets,
};
use matcher_grpc::sample_data;

use super::output::{exit_code, say, Say, NOTHING_USABLE};
use super::{read_text, TaxonomyArgs};

/// Arguments of `matcher venture`.
#[derive(Debug, clap::Args)]
pub struct VentureArgs {
    #[command(subcommand)]
    command: VentureCommand,
}

#[derive(Debug, clap::Subcommand)]
enum VentureCommand {
    /// Select the projects to fund (exact: the most total review score within the budget and the plan's
    /// rules); write 推报名单, the reasons of the rest and each rule's cost as XLSX, CSV and JSON.
    Select(SelectArgs),
}

/// The sample's budget, yuan.
const SAMPLE_BUDGET: u64 = 1_000_000;

/// Arguments of `matcher venture select`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  matcher venture select --out venture            # the embedded sample, budget 1,000,000\n  \
                        matcher venture select --projects projects.csv --budget 2000000 --year 2026 --out venture"
)]
pub struct SelectArgs {
    /// The register: `id`, `name`, `school`, `lead_status`, `field`, `industry`, `summary`, `stage`, `request`,
    /// `score`, `competitions` (CSV or JSON Lines). Default: the sample's.
    #[arg(long, value_name = "FILE", requires = "budget")]
    projects: Option<PathBuf>,
    /// The budget, yuan (default with the sample: 1,000,000).
    #[arg(long, value_name = "YUAN", value_parser = clap::value_parser!(u64).range(0..=1_000_000_000))]
    budget: Option<u64>,
    /// The plan's year: its graduates are 应届, and leads graduated in the two years before it are funded too.
    /// Default: this year (the sample's: 2026).
    #[arg(long, value_name = "YEAR", value_parser = clap::value_parser!(u16).range(2000..=2100))]
    year: Option<u16>,
    /// Projects to fund at least. Default: `venture_projects` of the targets (the plan: 100).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(0..=100_000))]
    min_projects: Option<u32>,
    /// The least grant, yuan (the plan: 5,000).
    #[arg(long, value_name = "YUAN", default_value_t = 5000)]
    min_grant: u64,
    /// Most projects funded per school, for every school (the plan's optional per-school cap); the selection
    /// stays exact (an integer program then).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(0..=10_000))]
    max_per_school: Option<u32>,
    /// Caps of named schools: `school,cap` rows (the school by 学校标识码 or name), before `--max-per-school`.
    /// A row that cannot be read stops the run (its school would be uncapped).
    #[arg(long, value_name = "FILE")]
    school_caps: Option<PathBuf>,
    /// Mentors (创业导师): `id`, `name`, `fields`, `place`, `capacity`; each funded project gets one, of its field
    /// and near it where the capacities allow. Default with the sample: the sample's.
    #[arg(long, value_name = "FILE")]
    mentors: Option<PathBuf>,
    /// The plan's targets (TOML, as `matcher report --targets` reads); only `venture_projects` is used here.
    #[arg(long, value_name = "FILE")]
    targets: Option<PathBuf>,
    /// Write selection.json, funded.csv, not_funded.csv, rules.csv and venture.xlsx here.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Print the summary as one JSON document on stdout; the human text goes to stderr.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    taxonomy: TaxonomyArgs,
}

pub fn run(args: VentureArgs) -> anyhow::Result<ExitCode> {
    match args.command {
        VentureCommand::Select(args) => select(args),
    }
}

fn select(args: SelectArgs) -> anyhow::Result<ExitCode> {
    if let Some(dir) = &args.out {
        matcher_grpc::tables::check_out_dir(dir).map_err(anyhow::Error::msg)?;
    }
    let taxonomy = args.taxonomy.load()?;
    let (text, file, budget, year) = match &args.projects {
        Some(path) => (
            read_text(path)?,
            path.display().to_string(),
            args.budget.unwrap_or(SAMPLE_BUDGET),
            args.year.unwrap_or_else(|| chrono::Local::now().year() as u16),
        ),
        None => (
            sample_data::PROJECTS.to_string(),
            "data/sample/projects.csv".to_string(),
            args.budget.unwrap_or(SAMPLE_BUDGET),
            args.year.unwrap_or(sample_data::day().year() as u16),
        ),
    };
    let (projects, mut rejects) = read_projects(taxonomy, &text, &file)?;
    let mentors = match (&args.mentors, &args.projects) {
        (Some(path), _) => Some(read_mentors(taxonomy, &read_text(path)?, &path.display().to_string())?),
        (None, None) => Some(read_mentors(taxonomy, sample_data::MENTORS, "data/sample/mentors.csv")?),
        (None, Some(_)) => None,
    };
    let mentors = mentors.map(|(mentors, bad)| {
        rejects.extend(bad);
        mentors
    });
    let targets = match &args.targets {
        Some(path) => Targets::from_toml(&read_text(path)?, &path.display().to_string())?,
        None => Targets::builtin(),
    };
    let listed = match &args.school_caps {
        Some(path) => {
            let (caps, bad) = read_school_caps(taxonomy, &read_text(path)?, &path.display().to_string())?;
            if !bad.is_empty() {
                let rows: Vec<String> = bad.iter().map(ToString::to_string).collect();
                anyhow::bail!(
                    "the school caps have rows that cannot be read, and a school without its cap would be uncapped; \
                     fix them and run again:\n  {}",
                    rows.join("\n  ")
                );
            }
            caps
        }
        None => Default::default(),
    };
    let school_caps = school_caps_for(&projects, args.max_per_school, &listed);
    let input = SelectionInput {
        projects: &projects,
        year,
        min_projects: args.min_projects.unwrap_or(targets.venture_projects),
        priority_share: 0.5,
        min_grant: args.min_grant,
        budget,
        school_caps: &school_caps,
    };
    let say = Say::new(args.json);
    for reject in &rejects {
        say!(say, "  rejected: {reject}");
    }
    let selection = match select_projects(&input) {
        Ok(selection) => selection,
        Err(infeasible) => {
            say!(say, "{} projects read; {infeasible}", projects.len());
            if args.json {
                println!("{}", serde_json::json!({ "projects": projects.len(), "infeasible": infeasible }));
            }
            return Ok(ExitCode::from(NOTHING_USABLE));
        }
    };
    say!(
        say,
        "{} projects read; {} funded ({} in 硬核科技 or 乡村振兴), {} of {budget} yuan granted, total review score {:.1} (exact)",
        projects.len(),
        selection.funded.len(),
        selection.priority,
        selection.granted,
        selection.total_score
    );
    for rule in &selection.rules {
        let binding = if rule.binding { "changes the selection" } else { "changes nothing" };
        say!(say, "  {}: {binding}, costs {:.1} points of review score", rule.rule.zh(), rule.cost);
    }
    let leads = selection.not_funded.iter().filter(|(_, r)| *r == matcher_core::NotFunded::Lead).count();
    say!(say, "  not funded: {} (of which {leads} led by someone the plan does not fund)", selection.not_funded.len());
    let assignment = mentors.as_ref().map(|m| assign_mentors(taxonomy, &selection.funded, &projects, m));
    if let Some(a) = &assignment {
        let matched = a.assigned.iter().filter(|m| m.field_match).count();
        say!(
            say,
            "  mentors: {} projects with a mentor ({matched} of their field), {} without (capacity ran out)",
            a.assigned.len(),
            a.without.len()
        );
    }
    if let Some(dir) = &args.out {
        let result = matcher_grpc::venture::VentureResult {
            projects: &projects,
            selection: &selection,
            mentors: mentors.as_deref().zip(assignment.as_ref()),
        };
        let written = matcher_grpc::venture::write_all(dir, taxonomy, &result, &rejects)?;
        say!(say, "{} files written to {} (open venture.xlsx)", written.len(), dir.display());
    }
    if args.json {
        let summary = serde_json::json!({
            "projects": projects.len(),
            "funded": selection.funded.len(),
            "priority": selection.priority,
            "granted": selection.granted,
            "budget": budget,
            "total_score": selection.total_score,
            "rules": selection.rules,
            "rejected": rejects.len(),
        });
        println!("{summary}");
    }
    Ok(exit_code(projects.len(), rejects.len()))
}

/// The demo's step: the sample's selection, summarised (no files written).
pub(super) fn demo() -> anyhow::Result<()> {
    let args = SelectArgs {
        projects: None,
        budget: None,
        year: None,
        min_projects: None,
        min_grant: 5000,
        max_per_school: None,
        school_caps: None,
        mentors: None,
        targets: None,
        out: None,
        json: false,
        taxonomy: TaxonomyArgs { taxonomy: None },
    };
    select(args).map(|_| ())
}

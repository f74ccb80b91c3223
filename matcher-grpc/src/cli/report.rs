//! `matcher report`: the monthly progress report (结对帮扶 against the plan's targets, by city, school, college
//! and cadre, month over month) from a stopped service's data folder, or from files (by default the embedded
//! sample): an XLSX workbook, a printable HTML page with charts, JSON and CSV.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use chrono::NaiveDate;
use matcher_core::{
    propose_pairings, read_cadres, read_pairings, read_students, Author, CaseEvent, EventReader, Month, PairingInput,
    PostingFacts, PostingIndex, ProgressReport, Quotas, Reject, ReportInput, Targets, Taxonomy,
};
use matcher_grpc::progress;
use matcher_grpc::sample_data;
use matcher_grpc::service::config::Limits;
use matcher_grpc::service::engine::Engine;

use super::programmes::Source;
use super::{read_text, TaxonomyArgs};

/// Arguments of `matcher report`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  matcher report                      # the sample's last month, into report/\n  \
                        matcher report --data jinqiao-serve-data --month 2026-11 --quotas quotas.csv\n  \
                        matcher report --students s.jsonl --cadres c.jsonl --pairings pairings.jsonl \
                        --events events.jsonl --index idx --day 2026-11-15 --targets targets.toml\n  \
                        matcher report --print-targets > targets.toml")]
pub struct ReportArgs {
    /// A stopped service's data folder (as `matcher serve --data`): its students, cadres, pairings, case files
    /// and postings. Without it, the files below (each defaulting to the embedded sample's).
    #[arg(long, value_name = "DIR", conflicts_with_all = ["students", "cadres", "pairings", "events", "index"])]
    data: Option<PathBuf>,
    /// Students, JSON Lines or CSV.
    #[arg(long, value_name = "FILE")]
    students: Option<PathBuf>,
    /// Cadres, JSON Lines or CSV.
    #[arg(long, value_name = "FILE")]
    cadres: Option<PathBuf>,
    /// The pairs (`cadre,student` rows, as `matcher pair --out` writes them). Default: the pairing the plan's
    /// rules give for the students and cadres.
    #[arg(long, value_name = "FILE")]
    pairings: Option<PathBuf>,
    /// Case-file events, JSON Lines or CSV.
    #[arg(long, value_name = "FILE")]
    events: Option<PathBuf>,
    /// The postings' index, for the postings collected (default for the sample: its postings ingested afresh;
    /// for other files: none, the section stays empty).
    #[arg(long, value_name = "DIR")]
    index: Option<PathBuf>,
    /// The quota plan (指标方案): `school,pairs` rows; each school's pairs are reported against it.
    #[arg(long, value_name = "FILE")]
    quotas: Option<PathBuf>,
    /// Targets and definitions, TOML (only the keys that change; `--print-targets` shows them all).
    #[arg(long, value_name = "FILE")]
    targets: Option<PathBuf>,
    /// A folder with the other programmes' files (`western_posts.csv`, `western_quotas.csv`,
    /// `western_applications.jsonl`, `branches.csv`, `communities.csv`, `projects.csv`, as `matcher generate`
    /// names them): 西部计划 volunteers placed, 创业 projects selected and the share of branches paired are
    /// counted against the targets (`data/sample` holds the sample's).
    #[arg(long, value_name = "DIR", conflicts_with = "data")]
    programmes: Option<PathBuf>,
    /// The venture budget, yuan, for the projects of `--programmes` (without it, no 创业 figure).
    #[arg(long, value_name = "YUAN", requires = "programmes")]
    venture_budget: Option<u64>,
    /// The month (2026-10): figures as of its last day (or today, for the current month).
    #[arg(long, value_name = "YYYY-MM", conflicts_with = "day")]
    month: Option<String>,
    /// The day the figures stand at; the month is the one it falls in. Default: the last day of the month
    /// before today's (for the sample: before the sample's day).
    #[arg(long, value_name = "YYYY-MM-DD")]
    day: Option<String>,
    /// The output folder: report.xlsx, index.html, report.json, csv/.
    #[arg(long, value_name = "DIR", default_value = "report")]
    out: PathBuf,
    /// Print the report's JSON (report.json) to stdout; the summary goes to stderr.
    #[arg(long)]
    json: bool,
    /// Print the built-in targets (TOML) and stop.
    #[arg(long)]
    print_targets: bool,
    #[command(flatten)]
    taxonomy: TaxonomyArgs,
}

pub fn run(args: ReportArgs) -> anyhow::Result<ExitCode> {
    if args.print_targets {
        print!("{}", matcher_core::DEFAULT_TARGETS);
        return Ok(ExitCode::SUCCESS);
    }
    let taxonomy = args.taxonomy.load()?;
    let targets = match &args.targets {
        Some(path) => Targets::from_toml(&read_text(path)?, &path.display().to_string())?,
        None => Targets::builtin(),
    };
    let mut rejects: Vec<Reject> = Vec::new();
    let quotas = match &args.quotas {
        Some(path) => {
            let (quotas, bad) = Quotas::read(taxonomy, &read_text(path)?, &path.display().to_string())?;
            rejects.extend(bad);
            Some(quotas)
        }
        None => None,
    };
    let sample = args.data.is_none() && args.students.is_none();
    let today = chrono::Local::now().date_naive();
    let reference = if sample { sample_data::day() } else { today };
    let as_of = report_day(args.month.as_deref(), args.day.as_deref(), reference, today)?;
    let as_of = matcher_core::check_report_day(as_of, today).map_err(|e| anyhow::anyhow!("--day or --month: {e}"))?;
    let report = match &args.data {
        Some(dir) => {
            let engine = Engine::open(dir, matcher_core::ScoringConfig::builtin(), Limits::default())
                .with_context(|| format!("opening {} (is its server stopped?)", dir.display()))?;
            std::sync::Arc::unwrap_or_clone(engine.reports.report(as_of, &targets, quotas.as_ref())?)
        }
        None => {
            let postings = match (&args.index, sample) {
                (Some(dir), _) => {
                    postings_of(&PostingIndex::open(dir).with_context(|| format!("opening {}", dir.display()))?)?
                }
                (None, true) => sample_postings(taxonomy)?,
                (None, false) => Vec::new(),
            };
            let files = Files {
                students: args.students.as_deref(),
                cadres: args.cadres.as_deref(),
                pairings: args.pairings.as_deref(),
                events: args.events.as_deref(),
            };
            // Only when asked: the service's report of the same data has no programme figures, and the two agree.
            let programmes = args.programmes.as_deref().map(|dir| Source { dir, venture_budget: args.venture_budget });
            let input = Made { taxonomy, targets: &targets, quotas: quotas.as_ref(), as_of, programmes };
            from_files(&files, &input, &postings, &mut rejects)?
        }
    };
    write(&report, &args.out)?;
    if args.json {
        // stdout is the one JSON document; the summary goes to stderr.
        print!("{}", String::from_utf8_lossy(&progress::json(&report)?));
    } else {
        print_summary(&report, &args.out, &mut std::io::stdout());
    }
    if args.json {
        print_summary(&report, &args.out, &mut std::io::stderr());
    }
    for reject in &rejects {
        eprintln!("  rejected: {reject}");
    }
    // Exit code 1 when records were rejected: the report stands without them.
    Ok(if rejects.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// The day the figures stand at.
fn report_day(
    month: Option<&str>,
    day: Option<&str>,
    reference: NaiveDate,
    today: NaiveDate,
) -> anyhow::Result<NaiveDate> {
    if let Some(day) = day {
        return day.trim().parse().map_err(|_| anyhow::anyhow!("--day {day}: expected a day such as 2026-11-15"));
    }
    if let Some(month) = month {
        let month: Month = month.parse().map_err(|e| anyhow::anyhow!("--month: {e}"))?;
        return Ok(if month == Month::of(today) { today } else { month.last_day() });
    }
    Ok(Month::of(reference).previous().last_day())
}

/// The files a report reads; none: the embedded sample's.
pub(super) struct Files<'a> {
    pub students: Option<&'a Path>,
    pub cadres: Option<&'a Path>,
    pub pairings: Option<&'a Path>,
    pub events: Option<&'a Path>,
}

/// What a report is made for: the tables, the targets, the quotas, the day.
pub(super) struct Made<'a> {
    pub taxonomy: &'static Taxonomy,
    pub targets: &'a Targets,
    pub quotas: Option<&'a Quotas>,
    pub as_of: NaiveDate,
    /// Where the other programmes' registers are, when their figures are asked for.
    pub programmes: Option<Source<'a>>,
}

/// The report from files (each defaulting to the embedded sample's; the sample's events only with its
/// students) and the postings' facts.
pub(super) fn from_files(
    files: &Files,
    ctx: &Made,
    postings: &[PostingFacts],
    rejects: &mut Vec<Reject>,
) -> anyhow::Result<ProgressReport> {
    let taxonomy = ctx.taxonomy;
    let text = |path: Option<&Path>, sample: &str| -> anyhow::Result<(String, String)> {
        match path {
            Some(p) => Ok((read_text(p)?, p.display().to_string())),
            None => Ok((sample.to_string(), "embedded sample".to_string())),
        }
    };
    let (s, s_name) = text(files.students, sample_data::STUDENTS)?;
    let (students, bad) = read_students(taxonomy, &s, &s_name)?;
    rejects.extend(bad);
    let (c, c_name) = text(files.cadres, sample_data::CADRES)?;
    let (cadres, bad) = read_cadres(taxonomy, &c, &c_name)?;
    rejects.extend(bad);
    let (e, e_name) = text(files.events, if files.students.is_none() { sample_data::CASE_EVENTS } else { "" })?;
    // Events after the report's day are not counted; they are not refused as from the future either.
    let today = ctx.as_of.max(chrono::Local::now().date_naive());
    let reader = EventReader { taxonomy, today, author: &Author::Backend };
    let (events, bad): (Vec<CaseEvent>, _) = reader.read(&e, &e_name)?;
    rejects.extend(bad);
    let pairs: Vec<_> = match files.pairings {
        Some(path) => {
            let (pairings, bad) = read_pairings(&read_text(path)?, &path.display().to_string(), &cadres, &students)?;
            rejects.extend(bad);
            pairings.iter().flat_map(|p| p.students.iter().map(|s| (s.clone(), p.cadre.clone()))).collect()
        }
        None => {
            let proposal = propose_pairings(&PairingInput::new(&students, &cadres, &taxonomy.schools));
            proposal.pairings.iter().flat_map(|p| p.students.iter().map(|s| (s.clone(), p.cadre.clone()))).collect()
        }
    };
    let programmes = match &ctx.programmes {
        // The case files' 西部计划 stages count too: a withdrawal leaves the year's volunteers.
        Some(source) => super::programmes::figures(taxonomy, ctx.targets, source, ctx.as_of, &events, rejects)?,
        None => Default::default(),
    };
    let input = ReportInput {
        taxonomy,
        students: &students,
        cadres: &cadres,
        pairs: &pairs,
        events: &events,
        quotas: ctx.quotas,
        postings,
        targets: ctx.targets,
        programmes,
    };
    Ok(matcher_core::progress_report(&input, ctx.as_of, chrono::Local::now().date_naive()))
}

/// The sample's postings, ingested into a scratch index that is removed afterwards.
fn sample_postings(taxonomy: &'static Taxonomy) -> anyhow::Result<Vec<PostingFacts>> {
    let dir = std::env::temp_dir().join(format!("jinqiao-report-{}", std::process::id()));
    let facts = (|| {
        let index = PostingIndex::open_or_create(&dir)?;
        sample_data::ingest(taxonomy, &index)?;
        postings_of(&index)
    })();
    let _ = std::fs::remove_dir_all(&dir);
    facts
}

/// The report of the embedded sample's last month, with the postings of `index`.
pub(super) fn sample_report(taxonomy: &'static Taxonomy, index: &PostingIndex) -> anyhow::Result<ProgressReport> {
    let targets = Targets::builtin();
    let as_of = report_day(None, None, sample_data::day(), chrono::Local::now().date_naive())?;
    let ctx = Made { taxonomy, targets: &targets, quotas: None, as_of, programmes: None };
    let files = Files { students: None, cadres: None, pairings: None, events: None };
    from_files(&files, &ctx, &postings_of(index)?, &mut Vec::new())
}

fn postings_of(index: &PostingIndex) -> anyhow::Result<Vec<PostingFacts>> {
    Ok(index.snapshot().map_postings(|p| PostingFacts::of(&p))?.into_iter().map(|(_, f)| f).collect())
}

/// Writes every file of the report into `dir` (owner-only: the tables name students by id).
pub(super) fn write(report: &ProgressReport, dir: &Path) -> anyhow::Result<()> {
    matcher_grpc::private::create_dir_all(&dir.join(progress::CSV_DIR))?;
    for (name, bytes) in progress::files(report)? {
        let path = dir.join(&name);
        matcher_grpc::private::replace(&path, &bytes).context("writing the report")?;
    }
    Ok(())
}

pub(super) fn print_summary(report: &ProgressReport, out: &Path, to: &mut dyn std::io::Write) {
    let t = &report.totals;
    let _ = writeln!(to, "结对帮扶月报 {}（统计截至 {}）", report.month.zh(), report.as_of);
    for target in report.targets.iter().filter(|t| t.achieved.is_some()) {
        let achieved = target.achieved.unwrap_or(0.0);
        let (got, goal) = if target.key == "community_branch_share" {
            (format!("{:.1}%", achieved * 100.0), format!("{:.0}%", target.target * 100.0))
        } else {
            (format!("{achieved:.0}"), format!("{:.0}", target.target))
        };
        let how = match target.pace_per_month {
            Some(pace) => format!("每月需完成 {:.1}，近三月月均 {pace:.1}", target.needed_per_month.unwrap_or(0.0)),
            None => target.note.clone().unwrap_or_default(),
        };
        let _ = writeln!(to, "  {}: {got} / {goal}（{:.1}%），{how}", target.name, target.share.unwrap_or(0.0) * 100.0);
    }
    let _ = writeln!(
        to,
        "  结对学生 {}（本月新结对 {}），已推送≥{}个岗位 {}，近{}天有联系 {}，已投递 {}，已面试 {}，已就业 {}（本月新增 {}），仍在求职 {}",
        t.paired,
        t.new_pairs,
        report.postings_per_student,
        t.sent_enough,
        report.contact_days,
        t.contacted,
        t.applied,
        t.interviewed,
        t.employed,
        t.new_employed,
        t.seeking
    );
    let _ = writeln!(
        to,
        "  {} 个市州、{} 所学校、{} 名团干部；{} 名团干部有超过{}天未联系的学生；{} 名求职学生推送岗位不足{}个；本月收集岗位 {}",
        report.by_city.len(),
        report.by_school.len(),
        report.by_cadre.len(),
        report.quiet_cadres.len(),
        report.contact_days,
        report.short.len(),
        report.postings_per_student,
        report.postings_total.collected
    );
    let _ = writeln!(
        to,
        "  written to {}/: {} (open in a browser), {}, {}, {}/",
        out.display(),
        progress::HTML_FILE,
        progress::XLSX_FILE,
        progress::JSON_FILE,
        progress::CSV_DIR
    );
}

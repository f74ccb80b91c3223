//! `matcher demo`: the main job on the embedded default data. Ingests the sample of every source into an
//! index, shows what was accepted, merged and rejected, reopens the index as after a restart, and searches.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use matcher_core::{
    propose_pairings, read_cadres, read_students, IngestReport, PairingInput, PostingIndex, PostingKind,
    RecommendOptions, SampleConfig, ScoringConfig, SearchQuery, Taxonomy,
};

use super::ingest::print_report;
use super::output::Say;
use super::recommend::{print_summary, run_batch, unpaired, write_outputs};
use crate::export::{self, Report};

use matcher_grpc::sample_data::{self, CADRES, STUDENTS};

/// Arguments of `matcher demo`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Example:\n  matcher demo                     # ./jinqiao-demo-index, ./jinqiao-demo-out, ./report"
)]
pub struct DemoArgs {
    /// Index folder; an earlier demo index there is replaced.
    #[arg(long, value_name = "DIR", default_value = "jinqiao-demo-index")]
    index: PathBuf,
    /// Folder the per-cadre recommendation lists are written to (files there are overwritten).
    #[arg(long, value_name = "DIR", default_value = "jinqiao-demo-out")]
    out: PathBuf,
    /// Folder the sample's monthly progress report is written to (files there are overwritten).
    #[arg(long, value_name = "DIR", default_value = "report")]
    report: PathBuf,
}

pub fn run(args: DemoArgs) -> anyhow::Result<ExitCode> {
    reset(&args.index)?;
    let taxonomy = Taxonomy::embedded();
    println!("== 1. ingest the embedded sample of every source into {}", args.index.display());
    {
        let index = PostingIndex::open_or_create(&args.index)?;
        let mut all = IngestReport::default();
        for (format, report) in sample_data::ingest(taxonomy, &index)? {
            println!(
                "  {:<9} {:>4} records: {:>4} accepted, {:>3} merged, {:>2} rejected",
                format.name(),
                report.total,
                report.accepted,
                report.merged,
                report.rejected
            );
            all.absorb(report);
        }
        println!("\n== 2. what happened");
        print_report(Say::new(false), &all, &index, 8, 0.0);
    }
    println!("\n== 3. reopen the index, as after a restart");
    let index = PostingIndex::open_or_create(&args.index)?;
    println!("  {} postings on disk", index.len());
    // Searches run as of the day the committed sample describes (`matcher generate`'s default base date),
    // so the demo shows the same postings whatever today's date.
    let day = SampleConfig::default().base_date;
    println!("\n== 4. search in Chinese (as of {day})");
    let changsha = matcher_core::resolve_place(&taxonomy.regions, "长沙市").map_err(anyhow::Error::msg)?;
    let searches = [
        ("农业", None, None),
        ("软件开发", Some(changsha), None),
        ("会计", None, Some(PostingKind::Internship)),
        ("乡村教育", None, Some(PostingKind::Volunteer)),
    ];
    for (text, region, kind) in searches {
        let query = SearchQuery { text: text.to_string(), region, kind, top: 3, open_on: Some(day) };
        let filters = [region.map(|r| format!("--region {r}")), kind.map(|k| format!("--kind {k}"))];
        let filters: Vec<String> = filters.into_iter().flatten().collect();
        println!("  matcher search --index {} {} {text}", args.index.display(), filters.join(" "));
        for hit in index.search(&query)? {
            println!(
                "    {:.2}  {}｜{}｜{}｜{}  [{}]",
                hit.score,
                hit.title,
                hit.employer,
                taxonomy.regions.path_name(hit.region),
                hit.kind.zh(),
                hit.id
            );
        }
    }
    let all = SearchQuery { text: "农业".to_string(), region: None, kind: None, top: 10_000, open_on: Some(day) };
    let hits = index.search(&all)?;
    if let Some(rank) = hits.iter().position(|h| h.employer.starts_with("中国农业发展银行")) {
        let hit = &hits[rank];
        println!(
            "  农业 also finds {} ({}): hit {} of {}, through jieba's search mode (中国农业发展银行 → 中国/农业/发展/银行)",
            hit.employer,
            hit.title,
            rank + 1,
            hits.len()
        );
    }
    recommend(taxonomy, &index, day, &args.out)?;
    case_file(taxonomy)?;
    println!("\n== 7. 西部计划 recruitment: the sample's applicants placed within every quota (deferred acceptance)");
    super::western::demo()?;
    println!("  `matcher western assign --out western` writes 派遣名单 (western.xlsx, CSV, JSON)");
    println!("\n== 8. 社区实践: the sample schools' League branches paired with community organisations near them");
    super::community::demo()?;
    println!("  `matcher community pair --out community` writes 结对名单 and each school's coverage (community.xlsx)");
    println!(
        "\n== 9. 创业帮扶: the sample's venture projects, the best selection within the budget and the plan's rules"
    );
    super::venture::demo()?;
    println!("  `matcher venture select --out venture` writes 推报名单 for the foundation (venture.xlsx, CSV, JSON)");
    println!("\n== 10. the monthly progress report of the sample's year (结对帮扶 against the plan's targets)");
    let progress = super::report::sample_report(taxonomy, &index)?;
    super::report::write(&progress, &args.report)?;
    super::report::print_summary(&progress, &args.report, &mut std::io::stdout());
    println!("  open {}/index.html in a browser (or report.xlsx); `matcher report --help` for a month, a data folder, targets", args.report.display());
    println!("\nnext: matcher search --index {} --as-of {day} 销售", args.index.display());
    println!(
        "      matcher recommend --index {} --students data/sample/students.jsonl --cadres data/sample/cadres.jsonl \\\n        --day {day} --campaign 智能制造 --out my-lists",
        args.index.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// Step 5: pairs the sample's cadres with students, recommends, writes every output, shows one cadre's list.
fn recommend(taxonomy: &Taxonomy, index: &PostingIndex, day: chrono::NaiveDate, out: &Path) -> anyhow::Result<()> {
    println!("\n== 5. pair cadres with students and recommend postings (as of {day})");
    let (students, _) = read_students(taxonomy, STUDENTS, "data/sample/students.jsonl")?;
    let (cadres, _) = read_cadres(taxonomy, CADRES, "data/sample/cadres.jsonl")?;
    let proposal = propose_pairings(&PairingInput::new(&students, &cadres, &taxonomy.schools));
    let config = ScoringConfig::builtin();
    let options = RecommendOptions { day, top: 5, campaign: None, allocate: true };
    let run = run_batch(taxonomy, index, &config, &proposal.pairings, &students, &options)?;
    let report = Report::new(
        taxonomy,
        &proposal.pairings,
        &cadres,
        &run.students,
        &run.batch,
        unpaired(&proposal.unpaired, &students),
        &run.postings,
    );
    let written = write_outputs(&report, &export::OutputFolder::claim(out)?, export::Formats::all())?;
    print_summary(Say::new(false), &report, &[], out, &run, Some(&written));
    let Some(section) = report.cadres.first() else { return Ok(()) };
    println!("\n  {}（{}）的结对学生：", section.cadre.name, report.school_name(&section.cadre.school));
    for s in section.students.iter().take(3) {
        println!(
            "  学生 {}｜{}｜{}｜{}",
            s.student.id,
            report.major_name(s.student),
            s.student.cohort.zh(),
            s.student.intention
        );
        for r in s.result.recommendations.iter().take(3) {
            let Some(posting) = report.postings.get(&r.posting) else { continue };
            println!(
                "    {}. {}｜{}｜{}  {:.0}分",
                r.rank,
                posting.title,
                posting.employer,
                posting.place,
                r.score * 100.0
            );
            println!("       {}", r.explanation);
        }
        if let Some(reason) = report.shortfall_text(s) {
            println!("    未推足：{reason}");
        }
    }
    println!("  printable page: {}", out.join(export::PAGES_DIR).join(format!("{}.html", section.cadre.id)).display());
    Ok(())
}

/// Step 6: one paired student's case file from the sample's year of follow-up.
fn case_file(taxonomy: &Taxonomy) -> anyhow::Result<()> {
    println!("\n== 6. follow a paired student until employed: one case file (帮扶台账) of the sample's year");
    let today = chrono::Local::now().date_naive();
    let reader = matcher_core::EventReader { taxonomy, today, author: &matcher_core::Author::Backend };
    let (events, _) = reader.read(matcher_grpc::sample_data::CASE_EVENTS, "data/sample/case_events.jsonl")?;
    // A student who was hired through a posting, after applications and guidance.
    let hired = events.iter().find(|e| matches!(e.event, matcher_core::Event::Hired { .. }));
    let Some(student) = hired.map(|e| e.student.clone()) else { return Ok(()) };
    let file: Vec<matcher_core::CaseEvent> = events.into_iter().filter(|e| e.student == student).collect();
    print!("{}", super::case::case_file_text(&student, &file));
    println!("  (`matcher serve` loads every case file; `matcher case show {student}` prints one)");
    Ok(())
}

/// Removes an earlier index (of the demo, of an evaluation), and only an index: a folder with anything else
/// in it is left alone.
pub(super) fn reset(dir: &Path) -> anyhow::Result<()> {
    if !dir.exists() {
        return Ok(());
    }
    if !dir.join("jinqiao-index.json").exists() {
        anyhow::bail!("{} exists and is not a Jinqiao index; choose another folder", dir.display());
    }
    std::fs::remove_dir_all(dir)?;
    Ok(())
}

//! `matcher case`: case files (帮扶台账) in a service's data folder: show a student's file, list a cadre's
//! students, add an event, import events or a filled-in per-cadre list (XLSX or CSV tick columns). It opens
//! the data folder itself, so the server on that folder must be stopped (a running server has the store
//! locked; use its `Cases` service instead).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use matcher_core::{
    events_from_ticks, in_order, timeline, Author, CadreId, CaseEvent, CaseSummary, Event, EventReader, RawRecord,
    Reject, StudentId, Table,
};
use matcher_grpc::service::config::Limits;
use matcher_grpc::service::engine::Engine;
use matcher_grpc::service::error::ServiceError;

use super::read_text;

/// Arguments of `matcher case`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  matcher case show S0000002\n  matcher case students C00001\n  \
                        matcher case add S0000002 --kind guidance --text 简历修改 --as C00001\n  \
                        matcher case add S0000002 --kind employed_elsewhere --employer 湘潭某物流公司 \
                        --employment 灵活就业 --place 湘潭市\n  matcher case import lists/推荐清单.xlsx")]
pub struct CaseArgs {
    /// The service's data folder (as `matcher serve --data`).
    #[arg(long, value_name = "DIR", default_value = "jinqiao-serve-data", global = true)]
    data: PathBuf,
    #[command(subcommand)]
    command: CaseCommand,
}

#[derive(Debug, clap::Subcommand)]
enum CaseCommand {
    /// A student's case file: events, the status over time, the summary.
    Show {
        /// The student.
        student: StudentId,
        /// Print JSON (the events and the timeline) instead of text.
        #[arg(long)]
        json: bool,
    },
    /// A cadre's paired students with status, last contact and postings sent.
    Students {
        /// The cadre.
        cadre: CadreId,
    },
    /// Append one event.
    Add(Box<AddArgs>),
    /// Import events: an events file (JSON Lines or CSV, README "Case files"), or a per-cadre list (XLSX or
    /// CSV) whose tick columns 已推送 / 已投递 / 已面试 / 已录用 a cadre filled in.
    Import {
        /// The file.
        file: PathBuf,
        /// Write as this cadre (only their students); default: each row's 团干部编号, else the backend.
        #[arg(long = "as", value_name = "CADRE")]
        cadre: Option<CadreId>,
        /// The day of ticks without a 跟进日期 (default: today).
        #[arg(long, value_name = "DATE")]
        day: Option<String>,
    },
}

/// Arguments of `matcher case add`: the fields of one event (README, "Case files").
#[derive(Debug, clap::Args)]
struct AddArgs {
    /// The student.
    student: String,
    /// intention_interview, postings_sent, guidance, applied, interviewed, declined, hired,
    /// employed_elsewhere, seeking_again, note (or the Chinese names).
    #[arg(long)]
    kind: String,
    /// The day (default: today).
    #[arg(long)]
    day: Option<String>,
    /// Write as this cadre (only their students); default: the backend.
    #[arg(long = "as", value_name = "CADRE")]
    cadre: Option<CadreId>,
    /// A posting (repeat for postings_sent).
    #[arg(long)]
    posting: Vec<String>,
    /// employed_elsewhere: employer, school or unit.
    #[arg(long)]
    employer: Option<String>,
    /// employed_elsewhere: place.
    #[arg(long)]
    place: Option<String>,
    /// hired, employed_elsewhere: agreement, labour_contract, flexible, self_employed, further_study,
    /// western_plan, grassroots, military, public_sector (or Chinese).
    #[arg(long)]
    employment: Option<String>,
    /// intention_interview: 就业, 未定, 升学, 出国.
    #[arg(long)]
    intent: Option<String>,
    /// intention_interview: the intention in the student's words.
    #[arg(long)]
    intention: Option<String>,
    /// intention_interview: accepted places (repeat).
    #[arg(long = "accept")]
    accepted_regions: Vec<String>,
    /// intention_interview: expected pay, e.g. 4000-6000.
    #[arg(long)]
    expected_pay: Option<String>,
    /// guidance, note: what it was about.
    #[arg(long)]
    text: Option<String>,
}

pub fn run(args: CaseArgs) -> anyhow::Result<ExitCode> {
    let engine = open(&args.data)?;
    let today = chrono::Local::now().date_naive();
    match args.command {
        CaseCommand::Show { student, json } => show(&engine, &student, json),
        CaseCommand::Students { cadre } => students(&engine, &cadre),
        CaseCommand::Add(add) => {
            let add = *add;
            let author = add.cadre.clone().map_or(Author::Backend, Author::Cadre);
            let mut record = RawRecord::new(1)
                .text("student", add.student)
                .text("kind", add.kind)
                .text("day", add.day.unwrap_or_else(|| today.to_string()))
                .text("employer", add.employer.unwrap_or_default())
                .text("place", add.place.unwrap_or_default())
                .text("employment", add.employment.unwrap_or_default())
                .text("intent", add.intent.unwrap_or_default())
                .text("intention", add.intention.unwrap_or_default())
                .text("expected_pay", add.expected_pay.unwrap_or_default())
                .text("text", add.text.unwrap_or_default());
            if !add.accepted_regions.is_empty() {
                record = record.list("accepted_regions", add.accepted_regions);
            }
            if let [one] = add.posting.as_slice() {
                record = record.text("posting", one.clone());
            }
            record = record.list("postings", add.posting);
            let reader = EventReader { taxonomy: engine.taxonomy(), today, author: &author };
            let (mut good, rejects) = reader.from_records(vec![record], "command line");
            if let Some(reject) = rejects.first() {
                eprintln!("not recorded: {reject}");
                return Ok(ExitCode::from(2));
            }
            let Some((_, event)) = good.pop() else { return Ok(ExitCode::from(2)) };
            let appended = engine.cases.append(&author, event)?;
            let verb = if appended.new { "recorded" } else { "already recorded" };
            println!("{verb}; {} now {}", reader_student(&appended.summary), appended.summary.status.zh());
            Ok(ExitCode::SUCCESS)
        }
        CaseCommand::Import { file, cadre, day } => {
            let day = match day {
                Some(text) => matcher_core::parse_date(&text).map_err(|reason| anyhow::anyhow!("--day: {reason}"))?,
                None => today,
            };
            import(&engine, &file, cadre.map(Author::Cadre), day, today)
        }
    }
}

fn reader_student(summary: &CaseSummary) -> String {
    format!("{} events, {} postings sent;", summary.events, summary.postings_sent)
}

/// Opens the data folder of a server (never creating one).
fn open(data: &Path) -> anyhow::Result<Engine> {
    if !data.join("jinqiao-data.json").exists() {
        anyhow::bail!(
            "{} is not a Jinqiao data folder (no jinqiao-data.json): give --data the folder `matcher serve` uses",
            data.display()
        );
    }
    Engine::open(data, matcher_core::ScoringConfig::builtin(), Limits::default()).with_context(|| {
        format!("opening {} (if `matcher serve` is running on it, stop it or use its Cases service)", data.display())
    })
}

fn show(engine: &Engine, student: &StudentId, json: bool) -> anyhow::Result<ExitCode> {
    let (events, changes, summary) = engine.cases.list(&Author::Backend, student)?;
    if json {
        let value = serde_json::json!({ "events": events, "timeline": changes, "summary": summary });
        println!("{}", serde_json::to_string_pretty(&value)?);
        return Ok(ExitCode::SUCCESS);
    }
    print!("{}", case_file_text(student, &events));
    Ok(ExitCode::SUCCESS)
}

/// A case file as text: the status, the timeline and each event in the order they count.
pub(super) fn case_file_text(student: &StudentId, events: &[CaseEvent]) -> String {
    let summary = CaseSummary::of(events);
    let mut text = format!(
        "学生 {student} 帮扶台账：{}（自 {}），最近联系 {}，已推送岗位 {} 个，记录 {} 条\n",
        summary.status.zh(),
        summary.since.map_or("—".into(), |d| d.to_string()),
        summary.last_contact.map_or("—".into(), |d| d.to_string()),
        summary.postings_sent,
        summary.events
    );
    let changes: Vec<String> = timeline(events).iter().map(|c| format!("{} {}", c.day, c.status.zh())).collect();
    text.push_str(&format!("  状态变化：{}\n", changes.join(" → ")));
    for event in in_order(events) {
        let who = match &event.author {
            Author::Backend => "平台".to_string(),
            Author::Cadre(id) => format!("团干部 {id}"),
        };
        text.push_str(&format!("  {} {}（{who}）{}\n", event.day, event.event.kind().zh(), detail(&event.event)));
    }
    text
}

fn detail(event: &Event) -> String {
    match event {
        Event::IntentionInterview { update, text } => {
            let mut parts = Vec::new();
            if let Some(intent) = update.intent {
                parts.push(format!("去向 {}", intent.zh()));
            }
            if let Some(intention) = &update.intention {
                parts.push(format!("意向 {intention}"));
            }
            if !text.is_empty() {
                parts.push(text.clone());
            }
            parts.join("；")
        }
        Event::PostingsSent { postings } => postings.iter().map(ToString::to_string).collect::<Vec<_>>().join("、"),
        Event::Applied { posting } | Event::Interviewed { posting } | Event::Declined { posting } => {
            posting.to_string()
        }
        Event::Hired { posting, employment } => format!("{posting}（{}）", employment.zh()),
        Event::EmployedElsewhere { employer, employment, .. } => format!("{employer}（{}）", employment.zh()),
        Event::Volunteer { stage, post: Some(post) } => format!("{}（岗位 {post}）", stage.zh()),
        Event::Volunteer { stage, post: None } => stage.zh().to_string(),
        Event::Guidance { text } | Event::Note { text } | Event::SeekingAgain { text } => text.clone(),
    }
}

fn students(engine: &Engine, cadre: &CadreId) -> anyhow::Result<ExitCode> {
    let lines = engine.cases.of_cadre(cadre)?;
    println!("团干部 {cadre}：结对学生 {} 名", lines.len());
    for line in &lines {
        let s = &line.summary;
        println!(
            "  {}  {}  {}  最近联系 {}  已推送 {} 个",
            line.student.id,
            line.student.cohort.zh(),
            s.status.zh(),
            s.last_contact.map_or("—".into(), |d| d.to_string()),
            s.postings_sent
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn import(
    engine: &Engine,
    file: &Path,
    author: Option<Author>,
    day: chrono::NaiveDate,
    today: chrono::NaiveDate,
) -> anyhow::Result<ExitCode> {
    let name = file.display().to_string();
    let extension = file.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    let (events, mut rejects): (Vec<(usize, CaseEvent)>, Vec<Reject>) = if extension == "xlsx" {
        events_from_ticks(&xlsx_table(file)?, &name, author.as_ref(), day)?
    } else {
        let text = read_text(file)?;
        let first_line = text.trim_start_matches('\u{feff}').lines().next().unwrap_or("");
        if first_line.contains(matcher_core::STUDENT_COLUMN) {
            events_from_ticks(&Table::from_csv(&text, &name)?, &name, author.as_ref(), day)?
        } else {
            let default = author.clone().unwrap_or(Author::Backend);
            let reader = EventReader { taxonomy: engine.taxonomy(), today, author: &default };
            reader.read_lines(&text, &name)?
        }
    };
    let (mut recorded, mut repeated) = (0, 0);
    for (line, event) in events {
        // A row's events are written by the row's author (checked like a cadre token).
        let caller = event.author.clone();
        let student = event.student.to_string();
        match engine.cases.append(&caller, event) {
            Ok(appended) if appended.new => recorded += 1,
            Ok(_) => repeated += 1,
            Err(error) => rejects.push(row_reject(&name, line, student, error)),
        }
    }
    rejects.sort_by_key(|r| r.line);
    rejects.dedup_by(|a, b| a.line == b.line && a.errors == b.errors);
    println!("{recorded} events recorded, {repeated} already recorded, {} rows rejected", rejects.len());
    for reject in &rejects {
        println!("  rejected: {reject}");
    }
    // A list with nothing ticked yet is read fine: all good. Rows rejected: 1, or 3 when no row was usable.
    Ok(if rejects.is_empty() {
        ExitCode::SUCCESS
    } else {
        super::output::exit_code(recorded + repeated, rejects.len())
    })
}

fn row_reject(file: &str, line: usize, student: String, error: ServiceError) -> Reject {
    let (field, reason) = match &error {
        ServiceError::PermissionDenied(_) => {
            ("学生编号", format!("student {student} is not paired with this row's cadre"))
        }
        ServiceError::NotFound { what: "posting", id }
        | ServiceError::Core(matcher_core::Error::NotFound { what: "posting", id }) => (
            "岗位编号",
            format!("posting {id} is not in the index (record a job found elsewhere as employed_elsewhere)"),
        ),
        ServiceError::NotFound { what, id } => ("学生编号", format!("no {what} {id}")),
        other => ("", other.to_string()),
    };
    Reject {
        source: "list".into(),
        file: file.into(),
        line,
        record_id: Some(student),
        errors: vec![matcher_core::FieldError { field: field.into(), reason }],
    }
}

/// The first sheet of a workbook as a table (dates as ISO days, numbers as written).
fn xlsx_table(path: &Path) -> anyhow::Result<Table> {
    use calamine::{DataType, Reader};
    let mut workbook = calamine::open_workbook_auto(path).with_context(|| format!("reading {}", path.display()))?;
    let range = workbook
        .worksheet_range_at(0)
        .ok_or_else(|| anyhow::anyhow!("{}: the workbook has no sheet", path.display()))?
        .with_context(|| format!("reading {}", path.display()))?;
    let first_row = range.start().map_or(0, |(row, _)| row as usize);
    let first_col = range.start().map_or(0, |(_, col)| col as usize);
    let mut table = Table::default();
    for (i, row) in range.rows().enumerate() {
        let mut cells: Vec<String> = vec![String::new(); first_col];
        cells.extend(row.iter().map(|cell| match cell.as_date() {
            Some(date) if cell.is_datetime() => date.to_string(),
            _ => cell.to_string(),
        }));
        if i == 0 {
            table.header = cells;
        } else {
            table.rows.push((first_row + i + 1, cells));
        }
    }
    Ok(table)
}

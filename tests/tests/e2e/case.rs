//! `matcher case`: a per-cadre XLSX list a cadre ticked, imported back into the data folder of a stopped
//! server, becomes the right events; bad rows are reported with line and reason and the good ones kept; a
//! second import changes nothing; `case show` prints the file and `case add` records a job found elsewhere.

use calamine::{Data, Reader};
use jinqiao_tests::server::Server;
use jinqiao_tests::{ingest_sample, matcher, matcher_ok, sample, temp};

/// The rows of the first sheet, as text.
fn sheet(path: &std::path::Path) -> Vec<Vec<String>> {
    let mut workbook = calamine::open_workbook_auto(path).unwrap();
    let range = workbook.worksheet_range_at(0).unwrap().unwrap();
    range.rows().map(|row| row.iter().map(|c: &Data| c.to_string()).collect()).collect()
}

fn write_sheet(path: &std::path::Path, rows: &[Vec<String>]) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            sheet.write_string(r as u32, c as u16, cell.as_str()).unwrap();
        }
    }
    book.save(path).unwrap();
}

#[test]
fn a_ticked_list_imported_back_becomes_events_and_bad_rows_are_reported() {
    let dir = temp();
    // A data folder as the service keeps it: the sample with its pairings and case files.
    Server::start(dir.path()).stop();
    let data = dir.path().join("data");
    let data = data.to_str().unwrap();
    // The lists cadres get, as `matcher recommend` writes them.
    let index = dir.path().join("index");
    ingest_sample(&index);
    let lists = dir.path().join("lists");
    let (students, cadres) = (sample("students.jsonl"), sample("cadres.jsonl"));
    matcher_ok(&[
        "recommend",
        "--index",
        index.to_str().unwrap(),
        "--students",
        students.to_str().unwrap(),
        "--cadres",
        cadres.to_str().unwrap(),
        "--day",
        "2026-11-01",
        "--out",
        lists.to_str().unwrap(),
    ]);
    let mut rows = sheet(&lists.join("recommendations.xlsx"));
    let header = rows[0].clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap_or_else(|| panic!("no column {name}"));
    let (cadre, student, posting) = (col("团干部编号"), col("学生编号"), col("岗位编号"));
    let (sent, applied, interviewed, date) = (col("已推送"), col("已投递"), col("已面试"), col("跟进日期"));
    // The cadre's first student with two postings: one ticked sent and applied (on a day), the other sent.
    let first = (1..rows.len()).find(|&i| rows[i][cadre] == "C00002" && !rows[i][posting].is_empty()).unwrap();
    let who = rows[first][student].clone();
    let second = (first + 1..rows.len()).find(|&i| rows[i][student] == who && !rows[i][posting].is_empty()).unwrap();
    rows[first][sent] = "✓".into();
    rows[first][applied] = "√".into();
    rows[first][date] = "2026-11-05".into();
    rows[second][sent] = "是".into();
    // Bad rows: a tick that is not one, a posting not in the index, a student of another cadre.
    let bad_tick = (second + 1..rows.len()).find(|&i| !rows[i][posting].is_empty()).unwrap();
    rows[bad_tick][interviewed] = "maybe".into();
    let mut missing = rows[first].clone();
    missing[posting] = "other:NOPE-404".into();
    missing[applied] = String::new();
    missing[date] = String::new();
    rows.push(missing);
    let foreign = (1..rows.len()).find(|&i| rows[i][cadre] != "C00002" && !rows[i][posting].is_empty()).unwrap();
    let mut stolen = rows[foreign].clone();
    stolen[cadre] = "C00002".into();
    stolen[sent] = "✓".into();
    rows.push(stolen.clone());
    let filled = dir.path().join("填好的清单.xlsx");
    write_sheet(&filled, &rows);

    let out = matcher(&["case", "--data", data, "import", filled.to_str().unwrap(), "--day", "2026-11-20"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "some rows rejected: {stdout}");
    assert!(stdout.contains("3 events recorded"), "{stdout}");
    let line = |i: usize| format!(":{} ", i + 1);
    let rejected: Vec<&str> = stdout.lines().filter(|l| l.contains("rejected:")).collect();
    assert_eq!(rejected.len(), 3, "{stdout}");
    assert!(
        rejected.iter().any(|l| l.contains(&line(bad_tick)) && l.contains("已面试") && l.contains("maybe")),
        "{stdout}"
    );
    assert!(rejected.iter().any(|l| l.contains(&line(rows.len() - 2)) && l.contains("NOPE-404")), "{stdout}");
    assert!(rejected.iter().any(|l| l.contains(&line(rows.len() - 1)) && l.contains("not paired")), "{stdout}");

    let shown = matcher_ok(&["case", "--data", data, "show", &who, "--json"]);
    let file: serde_json::Value = serde_json::from_str(&shown).unwrap();
    let imported: Vec<(String, String, String)> = file["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["day"] == "2026-11-05" || e["day"] == "2026-11-20")
        .map(|e| {
            (
                e["kind"].as_str().unwrap().into(),
                e["day"].as_str().unwrap().into(),
                e["author"].as_str().unwrap().into(),
            )
        })
        .collect();
    let author = "cadre:C00002".to_string();
    assert_eq!(
        imported,
        [
            ("postings_sent".into(), "2026-11-05".into(), author.clone()),
            ("applied".into(), "2026-11-05".into(), author.clone()),
            ("postings_sent".into(), "2026-11-20".into(), author.clone()),
        ]
    );
    // Imported again, nothing is added.
    let again = matcher(&["case", "--data", data, "import", filled.to_str().unwrap(), "--day", "2026-11-20"]);
    assert!(String::from_utf8_lossy(&again.stdout).contains("0 events recorded, 3 already recorded"));

    // A job found outside the index, from the command line; the text view shows the status and the event.
    let recorded = matcher_ok(&[
        "case",
        "--data",
        data,
        "add",
        &who,
        "--kind",
        "employed_elsewhere",
        "--employer",
        "湘潭某物流公司",
        "--employment",
        "灵活就业",
        "--place",
        "湘潭市",
        "--day",
        "2026-11-25",
        "--as",
        "C00002",
    ]);
    assert!(recorded.contains("已落实去向（灵活就业）"), "{recorded}");
    let text = matcher_ok(&["case", "--data", data, "show", &who]);
    assert!(text.contains("2026-11-25 落实去向（团干部 C00002）湘潭某物流公司（灵活就业）"), "{text}");
    let students = matcher_ok(&["case", "--data", data, "students", "C00002"]);
    assert!(students.contains(&who) && students.contains("灵活就业"), "{students}");
    // A folder that is not a data folder is refused, never created.
    let nowhere = dir.path().join("nowhere");
    let refused = matcher(&["case", "--data", nowhere.to_str().unwrap(), "show", &who]);
    assert!(!refused.status.success() && !nowhere.exists());
}

//! `matcher report`: on the sample's year of case events, every breakdown and every month equals counts made
//! here from the files alone; the XLSX, CSV, HTML (its SVG charts parsed) and JSON agree and are the same bytes
//! on every run; targets come from TOML, bad TOML is refused naming the key; nothing shows a student's
//! low-income status.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use calamine::{open_workbook, Data, Reader, Xlsx};
use jinqiao_tests::{ingest_sample, listing, matcher, matcher_ok, root, sample, temp};
use serde_json::Value;

/// A programme student as this test reads the files.
struct Follow {
    school: String,
    college: String,
    low_income: bool,
    cadre: String,
    /// The file's events by day (stable: as recorded within a day).
    events: Vec<Value>,
}

fn day(event: &Value) -> &str {
    event["day"].as_str().unwrap()
}

impl Follow {
    fn first(&self) -> Option<&str> {
        self.events.first().map(day)
    }
    fn in_programme(&self, on: &str) -> bool {
        self.first().is_none_or(|first| first <= on)
    }
    fn until<'a>(&'a self, on: &'a str) -> impl Iterator<Item = &'a Value> + 'a {
        self.events.iter().filter(move |e| day(e) <= on)
    }
    /// The destination on a day, none while seeking.
    fn settled(&self, on: &str) -> Option<String> {
        let mut status = None;
        for e in self.until(on) {
            match e["kind"].as_str().unwrap() {
                "hired" => status = Some(e["employment"].as_str().unwrap_or("agreement").to_string()),
                "employed_elsewhere" => status = Some(e["employment"].as_str().unwrap().to_string()),
                "seeking_again" => status = None,
                _ => {}
            }
        }
        status
    }
    fn employed(&self, on: &str) -> bool {
        self.in_programme(on) && self.settled(on).is_some_and(|k| k != "further_study")
    }
    fn sent(&self, on: &str) -> usize {
        let sent: BTreeSet<&str> = self
            .until(on)
            .filter(|e| e["kind"] == "postings_sent")
            .flat_map(|e| e["postings"].as_array().unwrap().iter().map(|p| p.as_str().unwrap()))
            .collect();
        sent.len()
    }
    fn is_contact(e: &Value) -> bool {
        e["author"].as_str().unwrap_or("").starts_with("cadre:")
            || ["intention_interview", "postings_sent", "guidance"].contains(&e["kind"].as_str().unwrap())
    }
    fn contacted(&self, from: &str, to: &str) -> bool {
        self.events.iter().any(|e| day(e) >= from && day(e) <= to && Follow::is_contact(e))
    }
    fn any(&self, on: &str, kinds: &[&str]) -> bool {
        self.until(on).any(|e| kinds.contains(&e["kind"].as_str().unwrap()))
    }
}

fn lines(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

fn shift(on: &str, days: i64) -> String {
    (on.parse::<chrono::NaiveDate>().unwrap() + chrono::Duration::days(days)).to_string()
}

/// The programme as the files give it: students paired or with a case file.
fn programme(pairs: &Path) -> Vec<Follow> {
    let students: BTreeMap<String, Value> =
        lines(&sample("students.jsonl")).into_iter().map(|s| (s["id"].as_str().unwrap().to_string(), s)).collect();
    let pairs: BTreeMap<String, String> = lines(pairs)
        .into_iter()
        .map(|p| (p["student"].as_str().unwrap().to_string(), p["cadre"].as_str().unwrap().to_string()))
        .collect();
    let mut files: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for event in lines(&sample("case_events.jsonl")) {
        files.entry(event["student"].as_str().unwrap().to_string()).or_default().push(event);
    }
    let mut out = Vec::new();
    for (id, s) in &students {
        let mut events = files.remove(id).unwrap_or_default();
        if events.is_empty() && !pairs.contains_key(id) {
            continue;
        }
        events.sort_by(|a, b| day(a).cmp(day(b)));
        let writer = events.iter().rev().find_map(|e| e["author"].as_str().and_then(|a| a.strip_prefix("cadre:")));
        let cadre = pairs.get(id).cloned().or(writer.map(str::to_string)).unwrap_or_default();
        out.push(Follow {
            school: s["school"].as_str().unwrap().to_string(),
            college: s["college"].as_str().unwrap().to_string(),
            low_income: s["low_income"].as_bool().unwrap(),
            cadre,
            events,
        });
    }
    out
}

/// The figures of a group on a day, as the JSON names them (low-income before withholding).
fn figures(group: &[&Follow], on: &str) -> BTreeMap<&'static str, usize> {
    let month_start = format!("{}-01", &on[..7]);
    let before = shift(&month_start, -1);
    let from30 = shift(on, -29);
    let count = |test: &dyn Fn(&Follow) -> bool| group.iter().filter(|f| test(f)).count();
    BTreeMap::from([
        ("paired", group.len()),
        ("new_pairs", count(&|f| f.first().is_some_and(|d| d >= month_start.as_str() && d <= on))),
        ("no_record", count(&|f| f.events.is_empty())),
        ("sent_enough", count(&|f| f.sent(on) >= 2)),
        ("contacted", count(&|f| f.contacted(&from30, on))),
        ("applied", count(&|f| f.any(on, &["applied", "interviewed", "hired"]))),
        ("interviewed", count(&|f| f.any(on, &["interviewed", "hired"]))),
        ("settled", count(&|f| f.settled(on).is_some())),
        ("employed", count(&|f| f.employed(on))),
        ("new_employed", count(&|f| f.employed(on) && !f.employed(&before))),
        ("seeking", count(&|f| f.settled(on).is_none())),
        ("low_income", count(&|f| f.low_income)),
        ("low_income_employed", count(&|f| f.low_income && f.employed(on))),
    ])
}

/// The last month end on or before `on`: the day low-income counts are released at.
fn release_day(on: &str) -> String {
    let next_month_first = shift(&format!("{}-28", &on[..7]), 4);
    let end = shift(&format!("{}-01", &next_month_first[..7]), -1);
    if end.as_str() <= on {
        end
    } else {
        shift(&format!("{}-01", &on[..7]), -1)
    }
}

/// A group's figures with its low-income counts as of the release day: the group's students in the programme
/// then, counted on that day.
fn released_figures(
    follows: &[Follow],
    belongs: &dyn Fn(&Follow) -> bool,
    group: &[&Follow],
    on: &str,
) -> BTreeMap<&'static str, usize> {
    let released = release_day(on);
    let mut expected = figures(group, on);
    let then: Vec<&Follow> = follows.iter().filter(|f| f.in_programme(&released) && belongs(f)).collect();
    expected.insert("low_income", then.iter().filter(|f| f.low_income).count());
    expected.insert("low_income_employed", then.iter().filter(|f| f.low_income && f.employed(&released)).count());
    expected
}

fn check_row(what: &str, row: &Value, expected: &BTreeMap<&'static str, usize>) {
    for (key, value) in expected {
        match &row[*key] {
            Value::Null if key.starts_with("low_income") => {}
            Value::Null => panic!("{what}: {key} missing"),
            shown => assert_eq!(shown.as_u64(), Some(*value as u64), "{what}: {key}"),
        }
    }
}

fn city_names() -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(root().join("data/reference/hunan_universities.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let [code, name, city] = ["school_code", "name", "city"].map(|c| headers.iter().position(|h| h == c).unwrap());
    reader
        .records()
        .map(|r| r.unwrap())
        .map(|r| {
            let key = if r[code].is_empty() { r[name].to_string() } else { r[code].to_string() };
            (key, r[city].to_string())
        })
        .collect()
}

#[test]
fn every_breakdown_and_month_equals_counts_made_from_the_files() {
    let dir = temp();
    let (index, pairs) = (dir.path().join("index"), dir.path().join("pairs.jsonl"));
    ingest_sample(&index);
    let students = sample("students.jsonl");
    let cadres = sample("cadres.jsonl");
    let events = sample("case_events.jsonl");
    let s = |p: &Path| p.to_str().unwrap().to_string();
    matcher_ok(&["pair", "--students", &s(&students), "--cadres", &s(&cadres), "--out", &s(&pairs)]);
    let follows = programme(&pairs);
    let cities = city_names();
    let postings = listing(&index, &["--include-expired"]);
    for on in ["2026-03-31", "2026-07-15", "2026-10-31"] {
        let out = dir.path().join(format!("report-{on}"));
        matcher_ok(&[
            "report",
            "--students",
            &s(&students),
            "--cadres",
            &s(&cadres),
            "--pairings",
            &s(&pairs),
            "--events",
            &s(&events),
            "--index",
            &s(&index),
            "--day",
            on,
            "--out",
            &s(&out),
        ]);
        let report: Value = serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).unwrap()).unwrap();
        let now: Vec<&Follow> = follows.iter().filter(|f| f.in_programme(on)).collect();
        assert!(now.len() > 200, "the sample pairs most job seekers");
        let totals = released_figures(&follows, &|_| true, &now, on);
        check_row(&format!("{on} totals"), &report["totals"], &totals);
        // Low-income counts stand at the last month end, never at a day inside a month.
        assert_eq!(report["low_income_as_of"].as_str(), Some(release_day(on).as_str()));

        let group_by = |key: &dyn Fn(&Follow) -> String| {
            let mut groups: BTreeMap<String, Vec<&Follow>> = BTreeMap::new();
            for f in &now {
                groups.entry(key(f)).or_default().push(f);
            }
            groups
        };
        for (name, rows, key) in [
            (
                "by_school",
                &report["by_school"],
                Box::new(|f: &Follow| f.school.clone()) as Box<dyn Fn(&Follow) -> String>,
            ),
            ("by_college", &report["by_college"], Box::new(|f: &Follow| format!("{}/{}", f.school, f.college))),
            ("by_cadre", &report["by_cadre"], Box::new(|f: &Follow| f.cadre.clone())),
        ] {
            let groups = group_by(&*key);
            let rows = rows.as_array().unwrap();
            assert_eq!(rows.len(), groups.len(), "{on} {name}: one row per group");
            for row in rows {
                let key_of = row["key"].as_str().unwrap();
                let group = &groups[key_of];
                let expected = released_figures(&follows, &|f| key(f) == key_of, group, on);
                check_row(&format!("{on} {name} {}", row["key"]), row, &expected);
            }
        }
        let by_city = group_by(&|f: &Follow| cities[&f.school].clone());
        let rows = report["by_city"].as_array().unwrap();
        assert_eq!(rows.len(), by_city.len());
        for row in rows {
            let city = row["name"].as_str().unwrap();
            let expected = released_figures(&follows, &|f| cities[&f.school] == city, &by_city[city], on);
            check_row(&format!("{on} city {}", row["name"]), row, &expected);
        }

        let months = report["months"].as_array().unwrap();
        assert_eq!(months.first().unwrap()["month"], "2026-01");
        assert_eq!(months.last().unwrap()["month"].as_str().unwrap(), &on[..7]);
        for m in months {
            let until = m["until"].as_str().unwrap();
            let from = format!("{}-01", &until[..7]);
            let before = shift(&from, -1);
            let inside: Vec<&Follow> = follows.iter().filter(|f| f.in_programme(until)).collect();
            let employed: Vec<&&Follow> = inside.iter().filter(|f| f.employed(until)).collect();
            let sent: BTreeSet<&str> = follows
                .iter()
                .flat_map(|f| f.events.iter())
                .filter(|e| e["kind"] == "postings_sent" && day(e) >= from.as_str() && day(e) <= until)
                .flat_map(|e| e["postings"].as_array().unwrap().iter().map(|p| p.as_str().unwrap()))
                .collect();
            let collected = postings
                .iter()
                .filter(|p| p["posted"].as_str().is_some_and(|d| d >= from.as_str() && d <= until))
                .count();
            let expected = [
                ("new_pairs", inside.iter().filter(|f| f.first().is_some_and(|d| d >= from.as_str())).count()),
                ("paired", inside.len()),
                ("contacted", inside.iter().filter(|f| f.contacted(&from, until)).count()),
                ("employed", employed.len()),
                ("new_employed", employed.iter().filter(|f| !f.employed(&before)).count()),
                ("postings_sent", sent.len()),
                ("postings_collected", collected),
            ];
            for (key, value) in expected {
                assert_eq!(m[key].as_u64(), Some(value as u64), "{on}: month {} {key}", m["month"]);
            }
            // Released at the month's end only (withheld, or a month not ended yet: null).
            let low_income_employed = employed.iter().filter(|f| f.low_income).count() as u64;
            match m["low_income_employed"].as_u64() {
                Some(shown) => assert_eq!(shown, low_income_employed, "{on}: month {}", m["month"]),
                None => assert!(m["low_income_employed"].is_null()),
            }
            if until > release_day(on).as_str() {
                assert!(m["low_income_employed"].is_null(), "{on}: month {} has not ended", m["month"]);
            }
        }
        // The month's postings by place add up, and each is counted once in the total.
        let rows = report["postings"].as_array().unwrap();
        let sum: u64 = rows.iter().map(|r| r["collected"].as_u64().unwrap()).sum();
        assert_eq!(Some(sum), report["postings_total"]["collected"].as_u64());
        assert_eq!(report["postings_total"]["collected"], months.last().unwrap()["postings_collected"]);
    }
}

fn sheet_rows(book: &mut Xlsx<std::io::BufReader<std::fs::File>>, name: &str) -> Vec<Vec<String>> {
    let range = book.worksheet_range(name).unwrap_or_else(|e| panic!("sheet {name}: {e}"));
    range
        .rows()
        .skip(3)
        .map(|row| {
            row.iter()
                .map(|cell| match cell {
                    Data::Empty => String::new(),
                    Data::String(s) => s.clone(),
                    Data::Float(f) => format!("{f}"),
                    Data::Int(i) => i.to_string(),
                    Data::DateTime(d) => d.as_datetime().map(|d| d.date().to_string()).unwrap_or_default(),
                    other => other.to_string(),
                })
                .collect()
        })
        .filter(|row: &Vec<String>| row.iter().any(|c| !c.is_empty()))
        .collect()
}

fn csv_rows(path: &Path) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(path).unwrap();
    let text = text.strip_prefix('\u{feff}').expect("a BOM for Excel");
    csv::Reader::from_reader(text.as_bytes())
        .into_records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

/// A cell as numbers are compared: 105.0 and 105 alike, 1.1% as 0.011.
fn norm(cell: &str) -> String {
    if let Some(p) = cell.strip_suffix('%') {
        if let Ok(x) = p.parse::<f64>() {
            return format!("{:.3}", x / 100.0);
        }
    }
    match cell.parse::<f64>() {
        Ok(x) => format!("{x:.3}"),
        Err(_) => cell.to_string(),
    }
}

#[test]
fn every_output_agrees_and_the_same_day_gives_the_same_bytes() {
    let dir = temp();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    let text = matcher_ok(&["report", "--month", "2026-10", "--out", a.to_str().unwrap()]);
    assert!(text.contains("结对帮扶月报 2026年10月"), "{text}");
    matcher_ok(&["report", "--month", "2026-10", "--out", b.to_str().unwrap()]);
    let files = ["report.xlsx", "index.html", "report.json", "csv/by_city.csv", "csv/months.csv", "csv/by_cadre.csv"];
    for file in files {
        let (x, y) = (std::fs::read(a.join(file)).unwrap(), std::fs::read(b.join(file)).unwrap());
        assert!(x == y, "{file} differs between two runs on the same data and day");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(a.join(file)).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600, "{file} names students: owner only");
        }
    }

    // The workbook read back holds the CSV files' rows, sheet by sheet.
    let mut book: Xlsx<_> = open_workbook(a.join("report.xlsx")).expect("the workbook opens");
    let sheets = [
        ("目标进度", "targets.csv"),
        ("全省汇总", "overview.csv"),
        ("按市州", "by_city.csv"),
        ("按学校", "by_school.csv"),
        ("按学院", "by_college.csv"),
        ("按团干部", "by_cadre.csv"),
        ("逐月进展", "months.csv"),
        ("超期未联系", "quiet_cadres.csv"),
        ("推送不足", "short.csv"),
        ("岗位收集", "postings.csv"),
    ];
    assert_eq!(book.sheet_names(), sheets.map(|(s, _)| s.to_string()).to_vec());
    for (sheet, file) in sheets {
        let mut xlsx = sheet_rows(&mut book, sheet);
        let csv = csv_rows(&a.join("csv").join(file));
        // The sheet's header row, then the rows; a note about withheld counts may follow.
        xlsx.remove(0);
        xlsx.retain(|row| !row[0].starts_with('*'));
        assert_eq!(xlsx.len(), csv.len(), "{sheet}: rows");
        for (x, c) in xlsx.iter().zip(&csv) {
            let x: Vec<String> = x.iter().map(|c| norm(c)).collect();
            let c: Vec<String> = c.iter().map(|c| norm(c)).collect();
            assert_eq!(x[..c.len()], c[..], "{sheet}");
        }
    }

    // The JSON's totals are the CSV's 合计 row and the HTML's.
    let report: Value = serde_json::from_str(&std::fs::read_to_string(a.join("report.json")).unwrap()).unwrap();
    let by_city = csv_rows(&a.join("csv/by_city.csv"));
    let total = by_city.last().unwrap();
    assert_eq!(total[0], "合计");
    let keys = ["paired", "new_pairs", "no_record", "sent_enough", "contacted", "applied", "interviewed", "settled"];
    for (i, key) in keys.iter().enumerate() {
        assert_eq!(total[i + 1], report["totals"][key].to_string(), "{key}");
    }
    let html = std::fs::read_to_string(a.join("index.html")).unwrap();
    let total_row: String =
        total.iter().map(|c| format!("<td{}>{c}</td>", if c == "合计" { "" } else { " class=\"n\"" })).collect();
    assert!(html.contains(&total_row), "the page's city table ends with the same totals");

    // The page's three charts are well-formed SVG with a bar for every figure drawn.
    let svgs: Vec<&str> =
        html.match_indices("<svg").map(|(i, _)| &html[i..i + html[i..].find("</svg>").unwrap() + 6]).collect();
    assert_eq!(svgs.len(), 3);
    for svg in &svgs {
        let mut reader = quick_xml::Reader::from_str(svg);
        let mut depth = 0i32;
        loop {
            match reader.read_event().unwrap_or_else(|e| panic!("SVG does not parse: {e}")) {
                quick_xml::events::Event::Start(_) => depth += 1,
                quick_xml::events::Event::End(_) => depth -= 1,
                quick_xml::events::Event::Eof => break,
                _ => {}
            }
        }
        assert_eq!(depth, 0, "every element closed");
    }
    let months = report["months"].as_array().unwrap().len();
    assert_eq!(svgs[1].matches("class=\"bar\"").count(), 2 * months, "new pairs and hires per month");
    assert_eq!(svgs[1].matches("<polyline").count(), 2);
    assert_eq!(svgs[2].matches("class=\"bar\"").count(), report["by_city"].as_array().unwrap().len());
    let measured = report["targets"].as_array().unwrap().iter().filter(|t| !t["achieved"].is_null()).count();
    assert_eq!(svgs[0].matches("class=\"bar\"").count(), measured, "a bar per target with a figure");
    assert_eq!(measured, 2, "employed and low-income employed: the other programmes only with --programmes");

    // Low-income status only as counts: never in a cadre's or a college's row, nor beside a student id.
    assert!(report["by_cadre"].as_array().unwrap().iter().all(|r| r["low_income"].is_null()));
    assert!(report["by_college"].as_array().unwrap().iter().all(|r| r["low_income"].is_null()));
    for file in ["by_cadre.csv", "by_college.csv", "short.csv", "quiet_cadres.csv"] {
        let header = std::fs::read_to_string(a.join("csv").join(file)).unwrap();
        assert!(!header.lines().next().unwrap().contains("低收入"), "{file}");
    }
    for row in report["by_city"].as_array().unwrap().iter().chain(report["by_school"].as_array().unwrap()) {
        if let Some(li) = row["low_income"].as_u64() {
            let others = row["paired"].as_u64().unwrap() - li;
            assert!(li >= 5 && others >= 5, "{}: a count under five shown", row["name"]);
        }
    }
}

#[test]
fn targets_come_from_the_toml_and_bad_toml_is_refused_naming_the_key() {
    let dir = temp();
    let toml = dir.path().join("targets.toml");
    std::fs::write(&toml, "[targets]\nemployed = 200\n[period]\ndeadline = 2026-11-30\n").unwrap();
    let out = dir.path().join("out");
    matcher_ok(&["report", "--month", "2026-10", "--targets", toml.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    let report: Value = serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).unwrap()).unwrap();
    let employed = &report["targets"][0];
    assert_eq!(employed["target"], 200.0);
    assert_eq!(employed["months_left"], 1);
    let achieved = employed["achieved"].as_f64().unwrap();
    assert!((employed["needed_per_month"].as_f64().unwrap() - (200.0 - achieved)).abs() < 1e-9);
    assert_eq!(report["targets"][1]["target"], 4600.0, "keys not given keep the plan's value");
    assert_eq!(report["deadline"], "2026-11-30");

    for (text, key) in [
        ("[targets]\nemployd = 3\n", "employd"),
        ("[definitions]\ncontact_days = 0\n", "definitions.contact_days"),
        ("[definitions]\nemployed_kinds = [\"打工\"]\n", "employed_kinds"),
    ] {
        std::fs::write(&toml, text).unwrap();
        let run = matcher(&["report", "--targets", toml.to_str().unwrap(), "--out", out.to_str().unwrap()]);
        assert!(!run.status.success(), "{text}");
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(stderr.contains(key) && stderr.contains("targets.toml"), "{text}: {stderr}");
    }
    let printed = matcher_ok(&["report", "--print-targets"]);
    assert!(printed.contains("low_income_employed = 4600"));
}

#[test]
fn the_other_programmes_are_counted_from_their_files() {
    let dir = jinqiao_tests::temp();
    let out = dir.path().join("report");
    let sample = jinqiao_tests::sample("");
    let (sample, out_s) = (sample.to_str().unwrap(), out.to_str().unwrap());
    let text = jinqiao_tests::matcher_ok(&[
        "report",
        "--programmes",
        sample,
        "--venture-budget",
        "1000000",
        "--month",
        "2026-10",
        "--out",
        out_s,
    ]);
    let report: serde_json::Value = serde_json::from_slice(&std::fs::read(out.join("report.json")).unwrap()).unwrap();
    let target = |key: &str| report["targets"].as_array().unwrap().iter().find(|t| t["key"] == key).unwrap().clone();
    // The same figures the programmes' own commands give on the same files.
    let western = jinqiao_tests::summary(&jinqiao_tests::matcher_ok(&["western", "assign", "--json"]));
    assert_eq!(target("western_plan_volunteers")["achieved"].as_f64(), western["placed"].as_f64());
    let venture = jinqiao_tests::summary(&jinqiao_tests::matcher_ok(&["venture", "select", "--json"]));
    assert_eq!(target("venture_projects")["achieved"].as_f64(), venture["funded"].as_f64());
    let community = jinqiao_tests::summary(&jinqiao_tests::matcher_ok(&["community", "pair", "--json"]));
    let share = community["paired"].as_f64().unwrap() / community["branches"].as_f64().unwrap();
    assert!((target("community_branch_share")["achieved"].as_f64().unwrap() - share).abs() < 1e-9);
    assert!(target("venture_projects")["note"].as_str().unwrap().contains("推报名单"));
    assert!(text.contains("西部计划志愿者（人）"), "{text}");
    // Without the budget there is no 创业 figure, and it says so.
    let (code, _, _) =
        jinqiao_tests::matcher_run(&["report", "--programmes", sample, "--month", "2026-10", "--out", out_s]);
    assert_eq!(code, 0);
    let report: serde_json::Value = serde_json::from_slice(&std::fs::read(out.join("report.json")).unwrap()).unwrap();
    let venture =
        report["targets"].as_array().unwrap().iter().find(|t| t["key"] == "venture_projects").unwrap().clone();
    assert!(venture["achieved"].is_null() && venture["note"].is_string());
}

//! `matcher recommend` end to end on the committed sample: per-cadre lists in every format, pairing files,
//! configuration errors, campaigns.

use std::path::Path;

use jinqiao_tests::{ingest_sample, matcher, matcher_ok, sample, summary, temp};

const DAY: &str = "2026-11-01";

/// `matcher recommend` on the sample's students and cadres, with `extra` options; its output whatever it gives.
fn run_recommend(index: &Path, out: &Path, extra: &[&str]) -> std::process::Output {
    let (students, cadres) = (sample("students.jsonl"), sample("cadres.jsonl"));
    let path = |p: &Path| p.to_str().unwrap().to_string();
    let mut args = vec!["recommend".to_string(), "--index".into(), path(index), "--students".into(), path(&students)];
    args.extend(["--cadres".into(), path(&cadres), "--day".into(), DAY.into(), "--out".into(), path(out)]);
    args.push("--json".into());
    args.extend(extra.iter().map(|e| e.to_string()));
    matcher(&args.iter().map(String::as_str).collect::<Vec<_>>())
}

/// `run_recommend`, which must succeed; its stdout.
fn recommend(index: &Path, out: &Path, extra: &[&str]) -> String {
    let output = run_recommend(index, out, extra);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "matcher recommend {extra:?} failed: {stderr}");
    String::from_utf8(output.stdout).expect("stdout is UTF-8")
}

fn sample_index() -> tempfile::TempDir {
    let dir = temp();
    ingest_sample(&dir.path().join("index"));
    dir
}

#[test]
fn every_paired_student_gets_a_ranked_explained_list_in_every_format() {
    let dir = sample_index();
    let out = dir.path().join("out");
    let stdout = recommend(&dir.path().join("index"), &out, &[]);
    let s = summary(&stdout);
    let students = s["students"].as_u64().unwrap();
    let with_two = s["with_two_or_more"].as_u64().unwrap();
    assert_eq!(with_two + s["shortfalls"].as_u64().unwrap(), students);
    // The plan's rules pair the 269 job-seeking graduates of the sample (never its 在校生).
    assert!(students > 250 && with_two * 10 >= students * 9, "{s}");

    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("recommendations.json")).unwrap()).unwrap();
    let cadres = json["cadres"].as_array().unwrap();
    assert!(!cadres.is_empty());
    let mut listed = 0;
    for cadre in cadres {
        let paired = cadre["students"].as_array().unwrap();
        assert!((1..=5).contains(&paired.len()), "{}", cadre["cadre"]);
        for student in paired {
            listed += 1;
            let recs = student["recommendations"].as_array().unwrap();
            assert!(recs.len() <= 5);
            // Best first; a graduate's gigs and internships that only fill the list come after the rest.
            let key: Vec<(bool, f64)> =
                recs.iter().map(|r| (r["kind_note"] == "nothing_else", r["score"].as_f64().unwrap())).collect();
            assert!(
                key.windows(2).all(|w| (!w[0].0 && w[1].0) || (w[0].0 == w[1].0 && w[0].1 >= w[1].1)),
                "sorted: {key:?}"
            );
            for r in recs {
                assert!(r["title"].is_string() && r["employer"].is_string(), "{r}");
                assert!(r["explanation"].as_str().unwrap().contains("发布"), "{r}");
                // What a cadre acts on: where it is published, how to apply, 匹配度 in words.
                assert!(r["how_to_apply"].as_str().unwrap().starts_with("在"), "{r}");
                assert!(!r["platforms"].as_str().unwrap().is_empty(), "{r}");
                assert!(["高", "中", "一般"].contains(&r["match_level_zh"].as_str().unwrap()), "{r}");
            }
            if recs.len() < 2 {
                assert!(student["shortfall"]["reason"].as_str().is_some_and(|r| !r.is_empty()), "{student}");
                assert!(student["shortfall"]["next_step"].as_str().is_some_and(|r| !r.is_empty()), "{student}");
            }
        }
    }
    assert_eq!(listed as u64, students);
    let text = String::from_utf8(std::fs::read(out.join("recommendations.json")).unwrap()).unwrap();
    assert!(!text.contains("low_income"), "the low-income flag is never written");
    // Scores are written as the engine holds them (0.1), not widened to 17 digits (0.10000000149011612); keys
    // keep their alphabetical order.
    let first = text.find("\"breakdown\":{\"campaign\":{\"contribution\":").expect("a breakdown, keys in order");
    let digits = |number: &str| number.split(['e', 'E']).next().unwrap().chars().filter(char::is_ascii_digit).count();
    for part in text[first..].split("\"contribution\":").skip(1).take(200) {
        let number = &part[..part.find([',', '}']).unwrap()];
        assert!(digits(number) <= 10, "`{number}` is a 32-bit score written with more digits than it holds");
    }

    let csv = std::fs::read(out.join("recommendations.csv")).unwrap();
    assert!(csv.starts_with("\u{feff}团干部编号,团干部,学校,学生编号,学生姓名".as_bytes()), "BOM and Chinese headers");
    let text = String::from_utf8(csv.clone()).unwrap();
    let header = text.lines().next().unwrap();
    assert!(header.contains("发布平台") && header.contains("申请方式") && header.contains("匹配度"), "{header}");
    assert!([",高,", ",中,", ",一般,"].iter().any(|level| text.contains(level)), "匹配度 in words");
    let rows = String::from_utf8(csv).unwrap().lines().count();
    assert!(rows as u64 > with_two * 2, "one row per recommendation");
    let xlsx = std::fs::read(out.join("recommendations.xlsx")).unwrap();
    assert!(xlsx.starts_with(b"PK") && xlsx.len() > 10_000, "an XLSX is a zip");

    let first = &cadres[0];
    let page =
        std::fs::read_to_string(out.join("cadres").join(format!("{}.html", first["cadre"].as_str().unwrap()))).unwrap();
    assert!(page.contains(first["name"].as_str().unwrap()) && page.contains("推荐理由") && page.contains("☐ 已录用"));
    for student in first["students"].as_array().unwrap() {
        assert!(page.contains(student["student"].as_str().unwrap()));
    }
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert_eq!(index.matches(".html\">").count(), cadres.len());
    let written: serde_json::Value = serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(written["students"], s["students"]);
}

#[test]
fn a_pairing_file_is_followed_and_its_bad_rows_reported() {
    let dir = sample_index();
    let students = std::fs::read_to_string(sample("students.jsonl")).unwrap();
    let cadres = std::fs::read_to_string(sample("cadres.jsonl")).unwrap();
    let field = |line: &str, name: &str| -> String {
        serde_json::from_str::<serde_json::Value>(line).unwrap()[name].as_str().unwrap().to_string()
    };
    let cadre = cadres.lines().next().unwrap();
    let (cadre_id, school) = (field(cadre, "id"), field(cadre, "school"));
    let mates: Vec<String> = students
        .lines()
        .filter(|l| field(l, "school") == school && field(l, "intent") == "employment")
        .map(|l| field(l, "id"))
        .take(3)
        .collect();
    let pairings = dir.path().join("pairings.csv");
    let rows =
        format!("cadre,student\n{c},{}\n{c},{}\n{c},S9999999\n{c},{}\n", mates[0], mates[1], mates[2], c = cadre_id);
    std::fs::write(&pairings, rows).unwrap();
    let out = dir.path().join("out");
    let output = run_recommend(&dir.path().join("index"), &out, &["--pairings", pairings.to_str().unwrap()]);
    let (stdout, stderr) = (String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert_eq!(output.status.code(), Some(1), "a pairing row rejected, the rest used: {stderr}");
    assert!(stderr.contains("pairings.csv:4") && stderr.contains("S9999999"), "{stderr}");
    assert_eq!(summary(&stdout)["students"], 3);
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("recommendations.json")).unwrap()).unwrap();
    assert_eq!(json["cadres"].as_array().unwrap().len(), 1);
}

#[test]
fn a_bad_configuration_is_refused_naming_the_key() {
    let dir = sample_index();
    let default = matcher_ok(&["config"]);
    for (from, to, expected) in [
        ("major = 0.30", "majr = 0.30", "majr"),
        ("suitable = 0.30", "suitable = 1.5", "thresholds.suitable = 1.5"),
        ("boost = 0.05", "boost = -1", "boost = -1"),
    ] {
        let config = dir.path().join("bad.toml");
        std::fs::write(&config, default.replacen(from, to, 1)).unwrap();
        let output =
            run_recommend(&dir.path().join("index"), &dir.path().join("out"), &["--config", config.to_str().unwrap()]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success());
        assert!(stderr.contains("bad.toml") && stderr.contains(expected), "{stderr}");
    }
    // The printed default, read back, is valid and gives the same lists as the built-in one.
    let config = dir.path().join("default.toml");
    std::fs::write(&config, &default).unwrap();
    assert!(matcher_ok(&["config", "--check", config.to_str().unwrap()])
        .contains("valid; campaigns: 新消费产业、科技创新、乡村振兴、智能制造"));
    let a = recommend(&dir.path().join("index"), &dir.path().join("a"), &[]);
    let b = recommend(&dir.path().join("index"), &dir.path().join("b"), &["--config", config.to_str().unwrap()]);
    assert_eq!(summary(&a), summary(&b));
    assert_eq!(
        std::fs::read(dir.path().join("a/recommendations.csv")).unwrap(),
        std::fs::read(dir.path().join("b/recommendations.csv")).unwrap()
    );
}

#[test]
fn a_campaign_boosts_its_postings_and_says_so() {
    let dir = sample_index();
    let out = dir.path().join("out");
    let stdout = recommend(&dir.path().join("index"), &out, &["--campaign", "智能制造"]);
    assert_eq!(summary(&stdout)["campaigns"], serde_json::json!(["智能制造"]));
    let json = std::fs::read_to_string(out.join("recommendations.json")).unwrap();
    assert!(json.contains("“智能制造”专场岗位"), "some manufacturing posting is recommended and marked");
    let plain = recommend(&dir.path().join("index"), &dir.path().join("plain"), &[]);
    assert_eq!(summary(&plain)["campaigns"], serde_json::json!([]));
    // With every other argument valid, so that only the campaign can be what is refused.
    let unknown = run_recommend(&dir.path().join("index"), &dir.path().join("unknown"), &["--campaign", "春节"]);
    let stderr = String::from_utf8_lossy(&unknown.stderr);
    assert!(!unknown.status.success());
    assert!(stderr.contains("春节") && stderr.contains("智能制造"), "{stderr}");
}

#[test]
fn formats_write_only_what_is_asked_the_same_bytes_and_name_stale_files_without_deleting_them() {
    let dir = sample_index();
    let index = dir.path().join("index");
    let (all, some) = (dir.path().join("all"), dir.path().join("some"));
    recommend(&index, &all, &[]);
    // A second later: a workbook dated by the clock would differ.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let output = run_recommend(&index, &some, &["--formats", "csv,json,xlsx"]);
    assert!(output.status.success());
    let mut written: Vec<String> =
        std::fs::read_dir(&some).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    written.sort();
    assert_eq!(written, ["recommendations.csv", "recommendations.json", "recommendations.xlsx", "summary.json"]);
    // Written on their own threads, the files are byte for byte those of a run writing everything (the
    // workbook too: it is dated by the run's day, not by the clock).
    for file in written {
        assert_eq!(std::fs::read(some.join(&file)).unwrap(), std::fs::read(all.join(&file)).unwrap(), "{file}");
    }

    // A later run without the workbook keeps the earlier one (it may hold a cadre's ticks) and says so.
    let output = run_recommend(&index, &all, &["--formats", "json"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(all.join("recommendations.xlsx").exists());
    assert!(stderr.contains("recommendations.xlsx") && stderr.contains("earlier run"), "{stderr}");
    assert!(all.join("cadres").is_dir() && stderr.contains("cadres"), "the pages are named stale too: {stderr}");

    let output = run_recommend(&index, &dir.path().join("bad"), &["--formats", "json,pdf"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("json, csv, xlsx, html"));
}

#[test]
fn a_run_that_fails_or_finds_nothing_usable_leaves_the_earlier_outputs_as_they_were() {
    let dir = sample_index();
    let index = dir.path().join("index");
    let out = dir.path().join("out");
    recommend(&index, &out, &[]);
    let earlier = |file: &str| std::fs::read(out.join(file)).unwrap();
    let kept: Vec<(&str, Vec<u8>)> = ["recommendations.json", "recommendations.xlsx", "summary.json", "index.html"]
        .into_iter()
        .map(|file| (file, earlier(file)))
        .collect();
    let pages = std::fs::read_dir(out.join("cadres")).unwrap().count();

    // A folder where the CSV goes: the run fails naming it, and nothing of it is moved in, though the other
    // files were written (a run of three recommendations each would change every one of them).
    std::fs::remove_file(out.join("recommendations.csv")).unwrap();
    std::fs::create_dir_all(out.join("recommendations.csv").join("kept")).unwrap();
    let output = run_recommend(&index, &out, &["--top", "3"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("recommendations.csv: is a folder where a file is written"), "{stderr}");
    for (file, bytes) in &kept {
        assert!(earlier(file) == *bytes, "{file} was changed by the failed run");
    }
    assert_eq!(std::fs::read_dir(out.join("cadres")).unwrap().count(), pages);
    assert!(out.join("recommendations.csv").join("kept").is_dir(), "the folder in the way is left alone");
    let names: Vec<String> =
        std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert!(names.iter().all(|name| !name.starts_with('.')), "nothing half-written is left: {names:?}");

    // Nothing usable (the students' file given as the cadres' and the other way round): exit 3, nothing written.
    let swapped = |out: &Path| {
        let path = |p: &Path| p.to_str().unwrap().to_string();
        let (students, cadres) = (path(&sample("cadres.jsonl")), path(&sample("students.jsonl")));
        let args = ["recommend", "--index", &path(&index), "--students", &students, "--cadres", &cadres];
        matcher(&[&args[..], &["--day", DAY, "--out", &path(out)]].concat())
    };
    let output = swapped(&out);
    let said = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(3), "{said}");
    assert!(said.contains("nothing written"), "{said}");
    for (file, bytes) in &kept {
        assert!(earlier(file) == *bytes, "{file} was replaced by a run with nothing usable");
    }
    // Nor does it leave a new, empty folder behind.
    let fresh = dir.path().join("fresh");
    assert_eq!(swapped(&fresh).status.code(), Some(3));
    assert!(!fresh.exists());
}

#[test]
fn a_wrong_out_is_said_before_any_work_and_two_runs_never_write_one_folder_together() {
    let dir = temp();
    let file = dir.path().join("a-file");
    std::fs::write(&file, "").unwrap();
    // The index does not exist either: --out is looked at first, before anything is loaded.
    let missing = dir.path().join("no-index");
    let output = run_recommend(&missing, &file, &[]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("--out") && stderr.contains("a-file: is a file, not a folder"), "{stderr}");
    assert!(!missing.exists());

    // Another run holds the folder (its lock, as a run takes it): this one stops before loading anything.
    let busy = dir.path().join("busy");
    std::fs::create_dir(&busy).unwrap();
    let held = std::fs::File::open(&busy).unwrap();
    held.lock().unwrap();
    let output = run_recommend(&missing, &busy, &[]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("another run is writing its outputs into this folder"), "{stderr}");
    assert_eq!(std::fs::read_dir(&busy).unwrap().count(), 0);
}

#[test]
fn the_workbook_lists_the_rows_of_the_csv_cell_for_cell_days_as_dates() {
    use calamine::{Data, Reader};
    let dir = sample_index();
    let out = dir.path().join("out");
    recommend(&dir.path().join("index"), &out, &[]);
    let csv = std::fs::read_to_string(out.join("recommendations.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    let mut expected: Vec<Vec<String>> = vec![reader.headers().unwrap().iter().map(String::from).collect()];
    for record in reader.records() {
        // The CSV writes text a spreadsheet would take for a formula behind an apostrophe; the workbook as is.
        let unguarded = |field: &str| match field.strip_prefix('\'') {
            Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest.to_string(),
            _ => field.to_string(),
        };
        expected.push(record.unwrap().iter().map(unguarded).collect());
    }
    // The sample's lists are cut into several pieces written apart: rows must follow on across them.
    assert!(expected.len() > 1_000, "{} rows", expected.len());

    let mut book = calamine::open_workbook_auto(out.join("recommendations.xlsx")).expect("the workbook opens");
    assert_eq!(book.sheet_names(), ["推荐清单", "未推足", "汇总"]);
    let list = book.worksheet_range("推荐清单").unwrap();
    let mut days = 0;
    let cells: Vec<Vec<String>> = list
        .rows()
        .map(|row| {
            row.iter()
                .map(|cell| match cell {
                    Data::Empty => String::new(),
                    Data::String(text) => text.clone(),
                    Data::Float(n) => n.to_string(),
                    Data::DateTime(day) => {
                        days += 1;
                        day.as_datetime().expect("a day").date().to_string()
                    }
                    other => panic!("a cell the list never writes: {other:?}"),
                })
                .collect()
        })
        .collect();
    assert!(days > 100, "deadlines are date cells ({days})");
    assert_eq!(cells.len(), expected.len(), "one row per CSV row");
    for (at, (got, want)) in cells.iter().zip(&expected).enumerate() {
        assert_eq!(got, want, "row {}", at + 1);
    }
}

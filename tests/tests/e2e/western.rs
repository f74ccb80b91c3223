//! `matcher western assign`: 西部计划 applicants placed on posts within every post's places, track quota and
//! the provincial total; the outputs agree; bad rows are reported and the good ones used.

use std::collections::BTreeMap;

use calamine::{Data, Reader};
use jinqiao_tests::{matcher_run, summary, temp};

#[test]
fn the_sample_is_placed_within_every_quota_and_the_outputs_agree() {
    let dir = temp();
    let out = dir.path().join("western");
    let (code, json, text) = matcher_run(&["western", "assign", "--out", out.to_str().unwrap(), "--json"]);
    assert_eq!(code, 0, "{text}");
    let s = summary(&json);
    assert_eq!(s["total"], 700, "the plan's total by default");
    let placed = s["placed"].as_u64().unwrap();
    assert!(placed > 0 && placed <= 700);
    assert_eq!(placed + s["unplaced"].as_u64().unwrap(), s["applications"].as_u64().unwrap());

    let assignment: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("assignment.json")).unwrap()).unwrap();
    let rows = assignment["placed"].as_array().unwrap();
    assert_eq!(rows.len() as u64, placed);
    // Within every track's quota.
    for track in assignment["tracks"].as_array().unwrap() {
        let used = rows.iter().filter(|p| p["track"] == track["track"]).count() as u64;
        assert_eq!(used, track["placed"].as_u64().unwrap());
        if let Some(quota) = track["quota"].as_u64() {
            assert!(used <= quota, "{track}");
        }
        assert!(used <= track["posts_capacity"].as_u64().unwrap(), "{track}");
    }
    // 研究生支教团 places go to 推免生 only; the sample has them.
    let applications = std::fs::read_to_string(jinqiao_tests::sample("western_applications.jsonl")).unwrap();
    let exempt: BTreeMap<String, bool> = applications
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .map(|a| (a["id"].as_str().unwrap().to_string(), a["exempt_admission"].as_bool().unwrap()))
        .collect();
    let teaching: Vec<&serde_json::Value> = rows.iter().filter(|p| p["track"] == "graduate_teaching").collect();
    assert!(!teaching.is_empty());
    assert!(teaching.iter().all(|p| exempt[p["applicant"].as_str().unwrap()]), "{teaching:?}");
    // Every rule shows on the sample with its reason.
    for reason in ["未通过学校选拔", "不是应届毕业生或在职研究生", "没有这个岗位"] {
        assert!(text.contains(reason), "{reason} missing from:\n{text}");
    }

    // The CSV and the workbook say the same as the JSON.
    let csv = std::fs::read_to_string(out.join("placements.csv")).unwrap();
    assert_eq!(csv.trim_start_matches('\u{feff}').lines().count() as u64, placed + 1);
    let mut book = calamine::open_workbook_auto(out.join("western.xlsx")).unwrap();
    let sheet = book.worksheet_range("派遣名单").unwrap();
    let names: Vec<String> =
        sheet.rows().skip(3).map(|r| if let Data::String(s) = &r[0] { s.clone() } else { String::new() }).collect();
    let from_json: Vec<String> = rows.iter().map(|p| p["applicant"].as_str().unwrap().to_string()).collect();
    assert_eq!(names, from_json);
    let tracks = book.worksheet_range("专项名额").unwrap();
    let last = tracks.rows().next_back().unwrap();
    assert_eq!(last[3], Data::Float(placed as f64), "the totals row counts every placement");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(out.join("placements.csv")).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "placements are personal data");
    }
}

#[test]
fn bad_rows_are_named_and_the_total_and_quotas_bind() {
    let dir = temp();
    let posts = dir.path().join("posts.csv");
    std::fs::write(
        &posts,
        "id,track,place,capacity\nP1,服务新疆专项,新疆维吾尔自治区喀什地区,5\nP2,乡村教育,贵州省毕节市,5\nP3,乡村教育,火星,2\n",
    )
    .unwrap();
    let applications = dir.path().join("applications.csv");
    let mut text = String::from("id,school,cohort,preferences,selection\n");
    for i in 0..8 {
        text.push_str(&format!("S{i},4143010531,应届毕业生,P1、P2,{}\n", 90 - i));
    }
    text.push_str("S9,4143010531,应届毕业生,P1,一百\n");
    std::fs::write(&applications, text).unwrap();
    let quotas = dir.path().join("quotas.csv");
    std::fs::write(&quotas, "track,quota\n新疆专项,2\n").unwrap();
    let (p, a, q) = (posts.to_str().unwrap(), applications.to_str().unwrap(), quotas.to_str().unwrap());
    let args = ["western", "assign", "--posts", p, "--applications", a, "--quotas", q, "--total", "6", "--json"];
    let (code, json, text) = matcher_run(&args);
    assert_eq!(code, 1, "some rows rejected, the rest used: {text}");
    assert!(text.contains("posts.csv:4 [P3] place"), "{text}");
    assert!(text.contains("applications.csv:10 [S9] selection"), "{text}");
    let s = summary(&json);
    assert_eq!(s["placed"], 6, "the total binds");
    let xinjiang = s["tracks"].as_array().unwrap().iter().find(|t| t["track"] == "xinjiang").unwrap();
    assert_eq!((xinjiang["quota"].as_u64(), xinjiang["placed"].as_u64()), (Some(2), Some(2)), "{xinjiang}");
    assert!(text.contains("全省招募名额已由排序在前的志愿者用完: 2"), "{text}");
}

#[test]
fn a_quota_that_cannot_be_read_stops_the_run_and_rejected_rows_reach_the_workbook() {
    let dir = temp();
    let posts = dir.path().join("posts.csv");
    std::fs::write(
        &posts,
        "id,track,place,capacity,title\nP1,服务西藏,西藏自治区拉萨市,3,=HYPERLINK(\"http://x\")\nP2,服务新疆,湖南省长沙市,2,\n",
    )
    .unwrap();
    let applications = dir.path().join("applications.csv");
    std::fs::write(
        &applications,
        "id,school,cohort,preferences,selection\nS1,4143010531,应届毕业生,P1,90\nS2,4143010531,应届毕业生,P1,80\n",
    )
    .unwrap();
    let quotas = dir.path().join("quotas.csv");
    std::fs::write(&quotas, "track,quota\n服务西藏,abc\n").unwrap();
    let (p, a, q) = (posts.to_str().unwrap(), applications.to_str().unwrap(), quotas.to_str().unwrap());
    // A 服务西藏 quota that cannot be read must not leave the track unlimited.
    let (code, _, err) = matcher_run(&["western", "assign", "--posts", p, "--applications", a, "--quotas", q]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("quota") && err.contains("abc"), "{err}");

    // Without the quota file: the 服务新疆 post placed in 长沙 is rejected, and the rejection is in the outputs.
    let out = dir.path().join("out");
    let (code, text, _) =
        matcher_run(&["western", "assign", "--posts", p, "--applications", a, "--out", out.to_str().unwrap()]);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("posts.csv:3 [P2] place"), "{text}");
    let rejected = std::fs::read_to_string(out.join("rejected.csv")).unwrap();
    assert!(rejected.contains("P2") && rejected.contains("新疆"), "{rejected}");
    let book = calamine::open_workbook_auto(out.join("western.xlsx")).unwrap();
    assert!(book.sheet_names().contains(&"退回记录".to_string()));
    // An --out that is a file is refused before any work.
    let (code, _, err) = matcher_run(&["western", "assign", "--posts", p, "--applications", a, "--out", p]);
    assert_eq!(code, 2);
    assert!(err.contains("not a folder"), "{err}");
}

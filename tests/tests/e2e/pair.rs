//! `matcher pair`: cadres paired with 3–5 job-seeking students of their school; bad records reported.

use jinqiao_tests::{matcher_run, sample, summary, temp};

#[test]
fn the_sample_pairs_every_job_seeker_with_three_to_five_per_cadre() {
    let dir = temp();
    let out_file = dir.path().join("pairings.jsonl");
    let (students, cadres) = (sample("students.jsonl"), sample("cadres.jsonl"));
    let (code, json, out) = matcher_run(&[
        "pair",
        "--students",
        students.to_str().unwrap(),
        "--cadres",
        cadres.to_str().unwrap(),
        "--out",
        out_file.to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(code, 0, "{out}");
    let s = summary(&json);
    assert_eq!(s["rejected"], 0);
    assert_eq!(s["paired"].as_u64().unwrap() + s["unpaired"].as_u64().unwrap(), s["students"].as_u64().unwrap());
    assert!(out.contains("升学或出国，不参与结对"), "{out}");
    // One row per pair, the format `--pairings`, `recommend --pairings` and SetPairings read.
    let rows: Vec<serde_json::Value> =
        std::fs::read_to_string(&out_file).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(rows.len() as u64, s["paired"].as_u64().unwrap());
    let mut loads: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    for row in &rows {
        assert!(row["student"].is_string(), "{row}");
        *loads.entry(row["cadre"].as_str().unwrap().to_string()).or_default() += 1;
    }
    assert_eq!(loads.len() as u64, s["pairings"].as_u64().unwrap());
    assert!(loads.values().all(|n| (3..=5).contains(n)), "{loads:?}");
    // No enrolled student is paired.
    let enrolled: Vec<String> = std::fs::read_to_string(&students)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|s| s["cohort"] == "enrolled")
        .map(|s| s["id"].as_str().unwrap().to_string())
        .collect();
    assert!(!enrolled.is_empty());
    assert!(rows.iter().all(|r| !enrolled.contains(&r["student"].as_str().unwrap().to_string())));
    assert!(out.contains("在校生或在职研究生，结对帮扶面向毕业生"), "{out}");

    // Pairing again from that file with the sample's case files: pairs kept, the settled released.
    let again_file = dir.path().join("again.jsonl");
    let (code, json, again) = matcher_run(&[
        "pair",
        "--students",
        students.to_str().unwrap(),
        "--cadres",
        cadres.to_str().unwrap(),
        "--pairings",
        out_file.to_str().unwrap(),
        "--events",
        sample("case_events.jsonl").to_str().unwrap(),
        "--out",
        again_file.to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(code, 0, "{again}");
    let t = summary(&json);
    assert!(t["released"].as_u64().unwrap() > 50, "{again}");
    assert_eq!(t["kept"].as_u64().unwrap() + t["released"].as_u64().unwrap(), s["paired"].as_u64().unwrap(), "{again}");
    assert!(again.contains("released, 已就业，结束结对（帮扶记录保留）"), "{again}");
    let kept: std::collections::HashSet<String> =
        std::fs::read_to_string(&again_file).unwrap().lines().map(str::to_string).collect();
    let before: Vec<String> = std::fs::read_to_string(&out_file).unwrap().lines().map(str::to_string).collect();
    let stayed = before.iter().filter(|row| kept.contains(*row)).count() as u64;
    assert_eq!(stayed, t["kept"].as_u64().unwrap(), "every pair kept is the same pair");
}

#[test]
fn a_quota_file_limits_a_school_and_reports_progress() {
    let dir = temp();
    let quotas = dir.path().join("quotas.csv");
    let cadres_text = std::fs::read_to_string(sample("cadres.jsonl")).unwrap();
    let first: serde_json::Value = serde_json::from_str(cadres_text.lines().next().unwrap()).unwrap();
    let school = first["school"].as_str().unwrap();
    std::fs::write(&quotas, format!("school,pairs\n{school},4\n不存在的学校,3\n")).unwrap();
    let (code, _, out) = matcher_run(&[
        "pair",
        "--students",
        sample("students.jsonl").to_str().unwrap(),
        "--cadres",
        sample("cadres.jsonl").to_str().unwrap(),
        "--quotas",
        quotas.to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(code, 1, "a quota row rejected, the rest used: {out}");
    assert!(out.contains(": 4 of 4"), "{out}");
    assert!(out.contains("unpaired, 本校结对指标已完成"), "{out}");
    assert!(out.contains("quotas.csv:3") && out.contains("不存在的学校"), "{out}");
}

#[test]
fn bad_student_records_are_reported_and_the_rest_paired() {
    let dir = temp();
    let students = dir.path().join("students.csv");
    let cadres = dir.path().join("cadres.csv");
    let header = "id,school,college,major,education,cohort,graduation_year,low_income,intent,home_region\n";
    let mut rows = String::from(header);
    for i in 1..=4 {
        rows.push_str(&format!("S{i},4143010531,文学院,050101,本科,应届毕业生,2026,{},就业,吉首市\n", i % 2));
    }
    rows.push_str("S9,4143010531,文学院,050101,本科,应届毕业生,2026,否,找工作,吉首市\n");
    std::fs::write(&students, rows).unwrap();
    std::fs::write(&cadres, "id,name,school,college,level,kind\nC1,李文,4143010531,文学院,院,专职\n").unwrap();
    let (code, json, out) = matcher_run(&[
        "pair",
        "--students",
        students.to_str().unwrap(),
        "--cadres",
        cadres.to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("students.csv:6 [S9] intent"), "{out}");
    let s = summary(&json);
    assert_eq!((s["paired"].as_u64(), s["rejected"].as_u64()), (Some(4), Some(1)));
}

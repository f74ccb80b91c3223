//! `matcher pair`: cadres paired with 3–5 job-seeking students of their school; bad records reported.

use jinqiao_tests::{matcher_ok, sample, summary, temp};

#[test]
fn the_sample_pairs_every_job_seeker_with_three_to_five_per_cadre() {
    let dir = temp();
    let out_file = dir.path().join("pairings.jsonl");
    let (students, cadres) = (sample("students.jsonl"), sample("cadres.jsonl"));
    let out = matcher_ok(&[
        "pair",
        "--students",
        students.to_str().unwrap(),
        "--cadres",
        cadres.to_str().unwrap(),
        "--out",
        out_file.to_str().unwrap(),
        "--json",
    ]);
    let s = summary(&out);
    assert_eq!(s["rejected"], 0);
    assert_eq!(s["paired"].as_u64().unwrap() + s["unpaired"].as_u64().unwrap(), s["students"].as_u64().unwrap());
    assert!(out.contains("升学或出国，不参与结对"), "{out}");
    let pairings: Vec<serde_json::Value> =
        std::fs::read_to_string(&out_file).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(pairings.len() as u64, s["pairings"].as_u64().unwrap());
    for pairing in &pairings {
        let n = pairing["students"].as_array().unwrap().len();
        assert!((3..=5).contains(&n), "{pairing}");
    }
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
    let out =
        matcher_ok(&["pair", "--students", students.to_str().unwrap(), "--cadres", cadres.to_str().unwrap(), "--json"]);
    assert!(out.contains("students.csv:6 [S9] intent"), "{out}");
    let s = summary(&out);
    assert_eq!((s["paired"].as_u64(), s["rejected"].as_u64()), (Some(4), Some(1)));
}

//! `matcher generate`: deterministic, in every native format, with students and cadres.

use jinqiao_tests::{matcher_ok, temp, GENERATED_FILES};

#[test]
fn same_seed_same_files_other_seed_other_files() {
    let dir = temp();
    let run = |name: &str, seed: &str| {
        let out = dir.path().join(name);
        matcher_ok(&[
            "generate",
            "--out",
            out.to_str().unwrap(),
            "--postings",
            "200",
            "--students",
            "50",
            "--seed",
            seed,
        ]);
        out
    };
    let (a, b, c) = (run("a", "7"), run("b", "7"), run("c", "8"));
    for file in GENERATED_FILES {
        let (x, y, z) = (
            std::fs::read(a.join(file)).unwrap(),
            std::fs::read(b.join(file)).unwrap(),
            std::fs::read(c.join(file)).unwrap(),
        );
        assert_eq!(x, y, "{file} differs between two runs with one seed");
        assert_ne!(x, z, "{file} is the same under another seed");
    }
}

#[test]
fn the_committed_sample_is_what_the_generator_writes() {
    let dir = temp();
    let out = dir.path().join("sample");
    matcher_ok(&["generate", "--out", out.to_str().unwrap()]);
    for file in GENERATED_FILES {
        let fresh = std::fs::read(out.join(file)).unwrap();
        let committed = std::fs::read(jinqiao_tests::sample(file)).unwrap();
        assert!(fresh == committed, "data/sample/{file} is stale: run `matcher generate --out data/sample`");
    }
}

#[test]
fn students_and_cadres_are_valid_records_of_the_model() {
    let students = std::fs::read_to_string(jinqiao_tests::sample("students.jsonl")).unwrap();
    let parsed: Vec<matcher_core::Student> = students.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(parsed.len(), 400);
    let low_income = parsed.iter().filter(|s| s.low_income).count();
    assert!((60..200).contains(&low_income), "{low_income}");
    let taxonomy = matcher_core::Taxonomy::embedded();
    for s in &parsed {
        assert!(taxonomy.schools.get(&s.school).is_some(), "{}", s.id);
        assert!(taxonomy.majors.major(s.major.as_str()).is_some(), "{}", s.id);
    }
    let cadres = std::fs::read_to_string(jinqiao_tests::sample("cadres.jsonl")).unwrap();
    let cadres: Vec<matcher_core::Cadre> = cadres.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let seekers = parsed
        .iter()
        .filter(|s| matches!(s.intent, matcher_core::Intent::Employment | matcher_core::Intent::Undecided))
        .count();
    assert!(
        cadres.len() * 5 >= seekers && cadres.len() * 3 <= seekers + 3 * cadres.len(),
        "{} cadres for {seekers} job seekers",
        cadres.len()
    );
}

//! What was acknowledged survives a restart: every command is a new process over the same folder.

use jinqiao_tests::{ingest, listing, matcher, matcher_ok, sample, temp};

#[test]
fn postings_survive_a_restart_and_deletes_and_expiry_persist() {
    let dir = temp();
    let index_dir = dir.path().join("index");
    let index = index_dir.to_str().unwrap();
    let accepted = ingest(&index_dir, "tuantuan", &sample("tuantuan.json"))["accepted"].as_u64().unwrap();
    let list = |extra: &[&str]| listing(&index_dir, extra);
    let everything = list(&["--include-expired"]);
    assert_eq!(everything.len() as u64, accepted);

    let victim = everything[0]["id"].as_str().unwrap().to_string();
    let out = matcher_ok(&["delete", "--index", index, &victim]);
    assert!(out.contains("deleted 1 of 1"), "{out}");
    assert_eq!(list(&["--include-expired"]).len() as u64, accepted - 1);
    assert!(!matcher(&["delete", "--index", index, &victim]).status.success(), "deleting a missing id says so");

    let open_later = list(&["--as-of", "2027-06-01"]).len();
    let out = matcher_ok(&["expire", "--index", index, "--as-of", "2027-06-01"]);
    assert!(out.starts_with("deleted "), "{out}");
    assert_eq!(list(&["--include-expired"]).len(), open_later);
}

#[test]
fn the_demo_runs_on_the_embedded_sample_and_leaves_a_searchable_index() {
    let dir = temp();
    let index = dir.path().join("demo");
    let (lists, report) = (dir.path().join("lists"), dir.path().join("report"));
    let path = |p: &std::path::Path| p.to_str().unwrap().to_string();
    let out = matcher_ok(&["demo", "--index", &path(&index), "--out", &path(&lists), "--report", &path(&report)]);
    let repeats = std::fs::read_to_string(jinqiao_tests::sample("duplicates_truth.csv")).unwrap().lines().count() - 1;
    // Every true repeat is merged, and so is each malformed copy kept without its broken field (its id ends
    // in X); the summary counts exactly what merges.jsonl holds.
    let merges = std::fs::read_to_string(index.join("merges.jsonl")).unwrap();
    let merged = merges.lines().count();
    let copies = merges.lines().filter(|l| l.contains("X\",")).count();
    assert!(merged >= repeats && merged - copies <= repeats, "{merged} merged, {copies} copies, {repeats} repeats");
    assert!(out.contains(&format!("600 accepted, {merged} merged")), "{out}");
    assert!(out.contains("600 postings on disk"), "{out}");
    assert!(out.contains("中国农业发展银行湖南省分行"), "{out}");
    // It ends with the sample's monthly report: the page with its three charts.
    assert!(out.contains("结对帮扶月报 2026年10月"), "{out}");
    let page = std::fs::read_to_string(report.join("index.html")).unwrap();
    assert_eq!(page.matches("<svg").count(), 3);
    assert!(lists.join("recommendations.xlsx").exists());
    // Running it again replaces its own index.
    let again = matcher_ok(&["demo", "--index", &path(&index), "--out", &path(&lists), "--report", &path(&report)]);
    assert!(again.contains("600 postings on disk"));
    // A folder that is not a Jinqiao index is never removed.
    let other = dir.path().join("precious");
    std::fs::create_dir_all(&other).unwrap();
    std::fs::write(other.join("notes.txt"), "keep me").unwrap();
    assert!(!matcher(&["demo", "--index", &path(&other), "--out", &path(&lists), "--report", &path(&report)])
        .status
        .success());
    assert!(other.join("notes.txt").exists());
}

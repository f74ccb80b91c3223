//! Ingesting every sample source: good records kept, bad ones reported with source, file, line, field and
//! reason, the same opening on two platforms merged into one posting that keeps both ids.

use jinqiao_tests::{ingest, ingest_sample, listing, sample, summary, temp};

#[test]
fn every_sample_source_is_ingested_and_the_counts_add_up() {
    let dir = temp();
    let index = dir.path().join("index");
    let summaries = ingest_sample(&index);
    let mut accepted = 0;
    for (source, s) in &summaries {
        let (a, m, r, t) = (s["accepted"].as_u64(), s["merged"].as_u64(), s["rejected"].as_u64(), s["total"].as_u64());
        let (a, m, r, t) = (a.unwrap(), m.unwrap(), r.unwrap(), t.unwrap());
        assert_eq!(a + m + r, t, "{source}: {s}");
        assert!(a > 50, "{source} kept too few records: {s}");
        assert!(r >= 1, "{source}: the sample has malformed records, none was rejected: {s}");
        accepted += a;
    }
    // Every distinct opening of the sample becomes one posting.
    assert_eq!(accepted, 600);
    assert_eq!(listing(&index, &["--include-expired"]).len(), 600);
}

#[test]
fn rejects_name_source_file_line_field_and_reason_and_are_logged_beside_the_index() {
    let dir = temp();
    let index = dir.path().join("index");
    let file = dir.path().join("bad.jsonl");
    std::fs::write(
        &file,
        concat!(
            r#"{"id":"Y1","type":"企业实习","title":"会计实习生","org":"长沙星辰财务咨询有限公司","city":"长沙市岳麓区","desc":"协助做账","publish_date":"2026-10-01"}"#, "\n",
            r#"{"id":"Y2","type":"企业实习","title":"出纳实习生","org":"长沙星辰财务咨询有限公司","city":"火星市","desc":"协助出纳","publish_date":"2026-10-01","stipend":"很高"}"#, "\n",
            "not json at all\n",
            r#"{"id":"Y3","type":"企业实习","title":"行政实习生","org":"长沙星辰财务咨询有限公司","city":"岳麓区","desc":"协助行政","publish_date":"2026-10-01","quota":"2"}"#, "\n",
        ),
    )
    .unwrap();
    let (code, json, out) = jinqiao_tests::matcher_run(&[
        "ingest",
        "--index",
        index.to_str().unwrap(),
        "--source",
        "yangfan",
        "--json",
        file.to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "some records rejected, the rest kept: {out}");
    let s = summary(&json);
    assert_eq!(
        (s["accepted"].as_u64(), s["rejected"].as_u64(), s["total"].as_u64()),
        (Some(2), Some(2), Some(4)),
        "{out}"
    );
    assert!(out.contains("bad.jsonl:2 [Y2]"), "{out}");
    assert!(out.contains("city: no place of China"), "{out}");
    assert!(out.contains("stipend: no amount in pay `很高`"), "{out}");
    assert!(out.contains("bad.jsonl:3 (record): not JSON"), "{out}");
    let log = std::fs::read_to_string(index.join("rejects.jsonl")).unwrap();
    let rejects: Vec<serde_json::Value> = log.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(rejects.len(), 2);
    assert_eq!(rejects[0]["source"], "yangfan");
    assert_eq!(rejects[0]["line"], 2);
    assert_eq!(rejects[0]["record_id"], "Y2");
    let fields: Vec<&str> =
        rejects[0]["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["city", "stipend"]);
}

#[test]
fn a_file_that_is_not_the_declared_format_is_one_clear_error() {
    let dir = temp();
    let index = dir.path().join("index");
    let csv = sample("generic.csv");
    let out = jinqiao_tests::matcher(&[
        "ingest",
        "--index",
        index.to_str().unwrap(),
        "--source",
        "tuantuan",
        csv.to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("generic.csv: not a valid tuantuan file: not JSON"), "{stderr}");
    let out = jinqiao_tests::matcher(&[
        "ingest",
        "--index",
        index.to_str().unwrap(),
        "--source",
        "xiaochi",
        csv.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("the header lacks required columns: gig_id"), "{stderr}");
}

#[test]
fn a_later_file_of_the_wrong_format_leaves_nothing_kept_or_logged() {
    let dir = temp();
    let index = dir.path().join("index");
    let (good, wrong) = (sample("tuantuan.json"), sample("generic.csv"));
    let run = |files: &[&std::path::Path]| {
        let mut args = vec!["ingest", "--index", index.to_str().unwrap(), "--source", "tuantuan", "--json"];
        args.extend(files.iter().map(|f| f.to_str().unwrap()));
        jinqiao_tests::matcher(&args)
    };
    let out = run(&[&good, &wrong]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("generic.csv: not a valid tuantuan file"), "{stderr}");
    // The good file's rejects and merges were read, but the run committed nothing: the logs must not list
    // them (a second, successful run would list them twice).
    let logs = ["rejects.jsonl", "merges.jsonl", "warnings.jsonl"];
    for log in logs {
        assert!(!index.join(log).exists(), "{log} speaks of a run that kept nothing");
    }
    assert!(listing(&index, &["--include-expired"]).is_empty());
    let out = run(&[&good]);
    assert_eq!(out.status.code(), Some(1), "the sample's bad records are rejected, the rest kept");
    let rejected = summary(&String::from_utf8_lossy(&out.stdout))["rejected"].as_u64().unwrap();
    assert!(rejected > 0);
    let logged = std::fs::read_to_string(index.join("rejects.jsonl")).unwrap().lines().count() as u64;
    assert_eq!(logged, rejected, "each reject of the run that committed, once");
    let names: Vec<String> =
        std::fs::read_dir(&index).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert!(!names.iter().any(|n| n.contains("pending")), "{names:?}");
}

#[test]
fn a_missing_later_file_stops_ingest_before_anything_is_read_or_logged() {
    let dir = temp();
    let index = dir.path().join("index");
    let (good, missing) = (sample("yangfan.jsonl"), dir.path().join("missing.jsonl"));
    let out = jinqiao_tests::matcher(&[
        "ingest",
        "--index",
        index.to_str().unwrap(),
        "--source",
        "yangfan",
        good.to_str().unwrap(),
        missing.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("missing.jsonl: No such file"), "{stderr}");
    // The first file's rejects and merges were logged, and an index made, for a run that committed nothing.
    assert!(!index.exists(), "nothing was made or logged");
    let folder = jinqiao_tests::matcher(&[
        "ingest",
        "--index",
        index.to_str().unwrap(),
        "--source",
        "yangfan",
        dir.path().to_str().unwrap(),
    ]);
    assert!(String::from_utf8_lossy(&folder.stderr).contains("is a folder, not a file"));
    assert!(!index.exists());
}

#[test]
fn gbk_csv_is_detected_and_read() {
    let bytes = std::fs::read(sample("xiaochi.csv")).unwrap();
    assert!(std::str::from_utf8(&bytes).is_err(), "the xiaochi sample is exported in GBK");
    let dir = temp();
    let index = dir.path().join("index");
    let path = sample("xiaochi.csv");
    assert!(ingest(&index, "xiaochi", &path)["accepted"].as_u64().unwrap() > 50);
    let hits = listing(&index, &["--include-expired"]);
    assert!(hits.iter().all(|h| h["kind"] == "gig"), "{hits:#?}");
    assert!(hits.iter().any(|h| h["title"].as_str().unwrap().chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))));
    let forced = jinqiao_tests::matcher(&[
        "ingest",
        "--index",
        index.to_str().unwrap(),
        "--source",
        "xiaochi",
        "--encoding",
        "utf-8",
        path.to_str().unwrap(),
    ]);
    assert!(!forced.status.success(), "declaring UTF-8 for a GBK file is an error");
}

#[test]
fn the_same_opening_on_two_platforms_is_one_posting_with_both_ids() {
    let dir = temp();
    let index = dir.path().join("index");
    ingest_sample(&index);
    let merges = std::fs::read_to_string(index.join("merges.jsonl")).unwrap();
    let got: Vec<(String, String)> = merges
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .map(|m| (m["source_ref"].as_str().unwrap().to_string(), m["into"].as_str().unwrap().to_string()))
        .collect();
    let mut truth = csv::Reader::from_path(sample("duplicates_truth.csv")).unwrap();
    let truth: Vec<(String, String)> =
        truth.records().map(|r| r.unwrap()).map(|r| (r[0].to_string(), r[1].to_string())).collect();
    assert!(!truth.is_empty());
    let same = |a: &(String, String), b: &(String, String)| a == b || (a.0 == b.1 && a.1 == b.0);
    for pair in &truth {
        assert!(got.iter().any(|g| same(g, pair)), "missed duplicate {pair:?}");
    }
    // A malformed copy (its id ends in X) whose broken field is one a posting can do without is kept without
    // that field: the same opening as its original, merged into it.
    let own_copy = |pair: &(String, String)| {
        pair.0.strip_suffix('X').is_some_and(|original| {
            let with_original = (original.to_string(), pair.1.clone());
            original == pair.1 || truth.iter().any(|t| same(t, &with_original))
        })
    };
    for pair in &got {
        assert!(truth.iter().any(|t| same(t, pair)) || own_copy(pair), "merged distinct openings {pair:?}");
    }
    // The merged posting carries both platforms' ids.
    let (repeat, first) = &truth[0];
    let hits = listing(&index, &["--include-expired"]);
    let holder = hits
        .iter()
        .find(|h| h["sources"].as_array().unwrap().iter().any(|s| s == repeat.as_str()))
        .expect("a posting holds the repeat's id");
    let sources: Vec<&str> = holder["sources"].as_array().unwrap().iter().map(|s| s.as_str().unwrap()).collect();
    assert!(sources.contains(&first.as_str()) && sources.contains(&repeat.as_str()), "{sources:?}");
}

#[test]
fn re_ingesting_a_file_updates_postings_instead_of_adding_copies() {
    let dir = temp();
    let index = dir.path().join("index");
    let path = sample("national.json");
    let first = ingest(&index, "national", &path);
    let second = ingest(&index, "national", &path);
    assert_eq!(first["accepted"], second["accepted"]);
    assert_eq!(listing(&index, &["--include-expired"]).len() as u64, first["accepted"].as_u64().unwrap());
}

#[test]
fn reference_tables_may_come_from_a_folder_instead_of_the_built_in_copy() {
    let dir = temp();
    let index = dir.path().join("index");
    let reference = jinqiao_tests::root().join("data").join("reference");
    let path = sample("yangfan.jsonl");
    let (index_arg, file) = (index.to_str().unwrap(), path.to_str().unwrap());
    let with_folder = jinqiao_tests::matcher_usable(&[
        "ingest",
        "--index",
        index_arg,
        "--source",
        "yangfan",
        "--json",
        "--taxonomy",
        reference.to_str().unwrap(),
        file,
    ]);
    let built_in = ingest(&dir.path().join("other"), "yangfan", &path);
    assert_eq!(summary(&with_folder), built_in);
    let missing = dir.path().join("no-such-folder");
    let out = jinqiao_tests::matcher(&[
        "ingest",
        "--index",
        index_arg,
        "--source",
        "yangfan",
        "--taxonomy",
        missing.to_str().unwrap(),
        file,
    ]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("china_regions.csv"), "the error names the missing table: {stderr}");
}

#[test]
fn a_file_given_as_a_pipe_is_read_as_the_same_file_on_disk() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let dir = temp();
    let from_disk = ingest(&dir.path().join("disk"), "generic", &sample("generic.csv"));
    let index = dir.path().join("pipe");
    let mut child = Command::new(jinqiao_tests::matcher_bin())
        .args(["ingest", "--index", index.to_str().unwrap(), "--source", "generic", "--json", "/dev/stdin"])
        .env("RUST_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let bytes = std::fs::read(sample("generic.csv")).unwrap();
    // Written from a thread: the child may fill its stdout before it has read all of its stdin.
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || stdin.write_all(&bytes));
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(matches!(output.status.code(), Some(0 | 1)), "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(summary(&stdout), from_disk);
}

#[test]
fn an_empty_export_is_no_records_in_every_format_and_named() {
    let dir = temp();
    let empty = dir.path().join("today.json");
    std::fs::write(&empty, "\u{feff}\n").unwrap();
    for source in ["yangfan", "xiaochi", "tuantuan", "national", "generic"] {
        let index = dir.path().join(source);
        let out = jinqiao_tests::matcher(&[
            "ingest",
            "--index",
            index.to_str().unwrap(),
            "--source",
            source,
            empty.to_str().unwrap(),
        ]);
        let text = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(3), "{source}: nothing usable, not a bad file: {text}");
        assert!(text.contains("no records in") && text.contains("today.json"), "{source}: {text}");
    }
}

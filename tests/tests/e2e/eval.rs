//! `matcher eval` and `matcher tune` end to end: the embedded sample and its ground truth, every output
//! written, the engine against the baselines, rejected interaction rows, and the tuned configuration.

use std::path::Path;

use jinqiao_tests::{ingest_sample, matcher, matcher_ok, sample, temp};
use serde_json::Value;

const BASELINES: [&str; 4] = ["random", "popularity", "bm25", "rules"];

fn read_json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))).unwrap()
}

fn method<'a>(doc: &'a Value, code: &str) -> &'a Value {
    doc["methods"].as_array().unwrap().iter().find(|m| m["method"] == code).unwrap_or_else(|| panic!("no {code}"))
}

fn ndcg5(metrics: &Value) -> f64 {
    metrics["ranking"].as_array().unwrap().iter().find(|a| a["k"] == 5).unwrap()["ndcg"].as_f64().unwrap()
}

fn group<'a>(report: &'a Value, dimension: &str, name: &str) -> &'a Value {
    let groups = report["groups"].as_array().unwrap();
    &groups.iter().find(|g| g["dimension"] == dimension && g["group"] == name).unwrap()["metrics"]
}

#[test]
fn eval_on_the_embedded_sample_writes_every_output_and_the_engine_beats_every_baseline() {
    let dir = temp();
    let out = dir.path().join("eval");
    let stdout = matcher_ok(&["eval", "--out", out.to_str().unwrap()]);
    assert!(stdout.contains("done-when criteria: met"), "{stdout}");
    for label in ["random", "popularity", "BM25 text only", "rules only", "engine, no allocation", "engine (full)"] {
        assert!(stdout.contains(label), "{label} missing from the table:\n{stdout}");
    }

    let doc = read_json(&out.join("evaluation.json"));
    assert_eq!(doc["methods"].as_array().unwrap().len(), 6);
    let full = method(&doc, "full");
    assert_eq!(full["overall"]["hard_filter_violations"], 0);
    assert_eq!(full["overall"]["headcount_violations"], 0);
    let unallocated = method(&doc, "full_no_allocation");
    assert!(unallocated["overall"]["headcount_violations"].as_u64().unwrap() > 0, "allocation should matter");
    for baseline in BASELINES {
        let other = method(&doc, baseline);
        assert!(ndcg5(&full["overall"]) > ndcg5(&other["overall"]), "{baseline}");
        let (f, b) = (group(full, "low_income", "low_income"), group(other, "low_income", "low_income"));
        assert!(ndcg5(f) > ndcg5(b), "low-income NDCG@5 against {baseline}");
        assert!(f["with_two_relevant"].as_f64() > b["with_two_relevant"].as_f64(), "{baseline}");
    }
    // Every dimension broken down, for every method; groups (with those too small to report) add up to
    // everyone, and no reported group is smaller than five students.
    for report in doc["methods"].as_array().unwrap() {
        let students = report["overall"]["students"].as_u64().unwrap();
        for dimension in ["low_income", "cohort", "school_tier", "city"] {
            let groups: Vec<u64> = report["groups"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|g| g["dimension"] == dimension)
                .map(|g| g["metrics"]["students"].as_u64().unwrap())
                .collect();
            assert!(!groups.is_empty() && groups.iter().all(|n| *n >= 5), "{dimension}: {groups:?}");
            let hidden: u64 = report["suppressed"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|s| s[0] == dimension)
                .map(|s| s[1].as_u64().unwrap())
                .sum();
            assert_eq!(groups.iter().sum::<u64>() + hidden, students, "{} {dimension}", report["method"]);
        }
        let lorenz = report["lorenz"].as_array().unwrap();
        assert_eq!(lorenz.first().unwrap(), &serde_json::json!([0.0, 0.0]));
        assert!((lorenz.last().unwrap()[1].as_f64().unwrap() - 1.0).abs() < 1e-9);
    }

    let csv_text = std::fs::read_to_string(out.join("evaluation.csv")).unwrap();
    let mut rows = csv::Reader::from_reader(csv_text.as_bytes());
    assert_eq!(rows.headers().unwrap(), vec!["method", "dimension", "group", "metric", "k", "value"]);
    let full_ndcg5: Vec<csv::StringRecord> = rows
        .records()
        .map(Result::unwrap)
        .filter(|r| &r[0] == "full" && &r[1] == "all" && &r[3] == "ndcg" && &r[4] == "5")
        .collect();
    assert_eq!(full_ndcg5.len(), 1);
    assert!((full_ndcg5[0][5].parse::<f64>().unwrap() - ndcg5(&full["overall"])).abs() < 1e-6);

    for plot in ["metrics_at_k.svg", "lorenz.svg", "ndcg5_by_group.svg"] {
        let svg = std::fs::read_to_string(out.join(plot)).unwrap();
        assert!(svg.starts_with("<svg") && svg.contains("engine (full)") && svg.contains("rules only"), "{plot}");
    }
    let markdown = std::fs::read_to_string(out.join("evaluation.md")).unwrap();
    assert!(markdown.contains("| engine (full) |"), "{markdown}");

    // The same run gives the same figures (the index is rebuilt; BM25 ties are broken by id).
    matcher_ok(&["eval", "--out", out.to_str().unwrap()]);
    assert_eq!(read_json(&out.join("evaluation.json")), doc);
}

#[test]
fn bad_interaction_rows_are_rejected_naming_line_and_field_and_the_good_ones_kept() {
    let dir = temp();
    let index = dir.path().join("index");
    ingest_sample(&index);
    let clean = std::fs::read_to_string(sample("interactions.csv")).unwrap();
    let (student, posting) = first_interaction(&clean);
    let bad = format!(
        "{clean}{student},generic:NOPE,applied,2026-10-01\nS9999999,{posting},hired,2026-10-01\n\
         {student},{posting},liked,2026-10-01\n"
    );
    let lines = clean.lines().count();
    let files = dir.path().join("bad.csv");
    std::fs::write(&files, bad).unwrap();
    let run = |interactions: &Path, out: &str| {
        let students = sample("students.jsonl");
        let out = dir.path().join(out);
        let args = [
            "eval",
            "--index",
            index.to_str().unwrap(),
            "--students",
            students.to_str().unwrap(),
            "--interactions",
            interactions.to_str().unwrap(),
            "--day",
            "2026-11-01",
            "--out",
            out.to_str().unwrap(),
        ];
        (matcher_ok(&args), read_json(&out.join("evaluation.json")))
    };
    let (stdout, with_bad) = run(&files, "bad");
    let (_, without) = run(&sample("interactions.csv"), "clean");
    let liked = format!("bad.csv:{} [{student},{posting}] label: `liked` is not one of", lines + 3);
    assert!(stdout.contains(&liked), "{stdout}");
    let unknown_posting = format!("bad.csv:{} [{student},generic:NOPE] posting: no posting in the index", lines + 1);
    assert!(stdout.contains(&unknown_posting), "{stdout}");
    assert!(
        stdout.contains(&format!(":{} [S9999999,", lines + 2)) && stdout.contains("student: no student"),
        "{stdout}"
    );
    // The good rows around them are kept: the engine's figures are those of the clean file.
    assert_eq!(method(&with_bad, "full")["overall"], method(&without, "full")["overall"]);
    assert_eq!(with_bad["setup"]["rejected"], 3);
}

/// The student and posting of the file's first interaction.
fn first_interaction(interactions: &str) -> (String, String) {
    let mut cells = interactions.lines().nth(1).unwrap().split(',');
    (cells.next().unwrap().to_string(), cells.next().unwrap().to_string())
}

#[test]
fn tune_writes_a_valid_configuration_and_reports_train_and_test_side_by_side() {
    let dir = temp();
    let out = dir.path().join("tune");
    let tuned = dir.path().join("tuned.toml");
    let stdout =
        matcher_ok(&["tune", "--rounds", "1", "--out", out.to_str().unwrap(), "--write", tuned.to_str().unwrap()]);
    for fold in ["train  given", "train  tuned", "test   given", "test   tuned"] {
        assert!(stdout.contains(fold), "{fold}:\n{stdout}");
    }
    let check = matcher_ok(&["config", "--check", tuned.to_str().unwrap()]);
    assert!(check.contains("valid"), "{check}");

    let doc = read_json(&out.join("tuning.json"));
    let tuning = &doc["tuning"];
    let floor = tuning["min_with_two_eligible"].as_f64().unwrap();
    let trials = tuning["trials"].as_array().unwrap();
    assert!(trials.len() >= 6, "every weight is tried");
    // Each kept trial keeps the rules and beats the one kept before; the result is the last one kept.
    let mut best = (tuning["start"].clone(), tuning["start_ndcg5"].as_f64().unwrap());
    for trial in trials {
        let ndcg5 = trial["ndcg5"].as_f64().unwrap();
        let allowed = trial["violations"] == 0 && trial["with_two_eligible"].as_f64().unwrap() >= floor - 1e-12;
        if trial["kept"] == true {
            assert!(allowed && ndcg5 > best.1, "{trial}");
            best = (trial["weights"].clone(), ndcg5);
        } else {
            assert!(!allowed || ndcg5 <= best.1 + 1e-4, "a better trial keeping the rules was dropped: {trial}");
        }
    }
    assert_eq!((&tuning["best"], tuning["best_ndcg5"].as_f64().unwrap()), (&best.0, best.1));
    // The tuned weights are what the file says, and eval reads it.
    let text = std::fs::read_to_string(&tuned).unwrap();
    let best = tuning["best"].as_array().unwrap();
    for (name, value) in ["major", "field", "region", "text", "freshness", "pay"].iter().zip(best) {
        let line = text.lines().find(|l| l.starts_with(&format!("{name} = "))).unwrap();
        let written: f64 = line.split('=').nth(1).unwrap().split('#').next().unwrap().trim().parse().unwrap();
        assert!((written - value.as_f64().unwrap()).abs() < 1e-6, "{line} vs {value}");
    }
    let evaluated = dir.path().join("eval");
    matcher_ok(&["eval", "--config", tuned.to_str().unwrap(), "--out", evaluated.to_str().unwrap()]);
    assert_eq!(read_json(&evaluated.join("evaluation.json"))["setup"]["config"], tuned.to_str().unwrap());
}

#[test]
fn bad_options_are_refused_naming_the_option() {
    let dir = temp();
    let out = dir.path().join("x");
    for (args, expected) in [
        (vec!["eval", "--split", "month"], "--split"),
        (vec!["eval", "--split", "student:2"], "between 0 and 1"),
        (vec!["eval", "--top", "0"], "top"),
        (vec!["tune", "--rounds", "0"], "--rounds"),
        (vec!["eval", "--interactions", "mine.csv"], "--index"),
    ] {
        let mut args = args.clone();
        args.extend(["--out", out.to_str().unwrap()]);
        let output = matcher(&args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success() && stderr.contains(expected), "{args:?}: {stderr}");
    }
}

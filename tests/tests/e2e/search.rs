//! Searching the sample in Chinese, with region and kind filters and JSON output.

use std::sync::OnceLock;

use std::path::Path;

use jinqiao_tests::{ingest_sample, listing, matcher_ok, temp};

/// One index of the whole sample, shared by the tests of this file (they only read it).
fn index() -> &'static str {
    static INDEX: OnceLock<(tempfile::TempDir, String)> = OnceLock::new();
    &INDEX
        .get_or_init(|| {
            let dir = temp();
            let path = dir.path().join("index");
            ingest_sample(&path);
            let text = path.to_str().unwrap().to_string();
            (dir, text)
        })
        .1
}

fn search(args: &[&str]) -> Vec<serde_json::Value> {
    let mut all = vec!["search", "--index", index(), "--as-of", "2026-11-01", "--json"];
    all.extend_from_slice(args);
    serde_json::from_str(&matcher_ok(&all)).unwrap()
}

#[test]
fn agriculture_finds_the_agricultural_development_bank() {
    let hits = search(&["--top", "50", "农业"]);
    assert!(hits.iter().any(|h| h["employer"].as_str().unwrap().starts_with("中国农业发展银行")), "{hits:#?}");
}

#[test]
fn json_hits_have_the_documented_fields_and_are_sorted() {
    let hits = search(&["--top", "5", "软件开发"]);
    assert_eq!(hits.len(), 5);
    for hit in &hits {
        for field in ["id", "title", "employer", "region_code", "kind", "score"] {
            assert!(hit.get(field).is_some(), "{field} missing in {hit}");
        }
    }
    let scores: Vec<f64> = hits.iter().map(|h| h["score"].as_f64().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    assert!(hits[0]["title"].as_str().unwrap().contains("开发"), "{:?}", hits[0]);
}

#[test]
fn a_city_code_matches_its_counties_and_a_county_only_itself() {
    let city = search(&["--region", "430100", "--top", "100", "工程师"]);
    assert!(!city.is_empty());
    assert!(city.iter().all(|h| h["region_code"].as_str().unwrap().starts_with("4301")), "{city:#?}");
    assert!(city.iter().any(|h| h["region_code"] != "430100"), "county postings are in the city");
    let by_name = search(&["--region", "长沙市", "--top", "100", "工程师"]);
    assert_eq!(city.len(), by_name.len());
    let county = search(&["--region", "430104", "--top", "100", ""]);
    assert!(county.iter().all(|h| h["region_code"] == "430104"), "{county:#?}");
}

#[test]
fn kind_filter_keeps_only_that_kind() {
    let hits = search(&["--kind", "internship", "--top", "100", "实习"]);
    assert!(!hits.is_empty());
    assert!(hits.iter().all(|h| h["kind"] == "internship"));
    let volunteers = search(&["--kind", "volunteer", "--top", "3", "乡村教育"]);
    assert!(volunteers.iter().all(|h| h["kind"] == "volunteer"));
    assert!(volunteers[0]["title"].as_str().unwrap().contains("支教"), "{volunteers:#?}");
}

#[test]
fn expired_postings_are_left_out_unless_asked_for() {
    let all = search(&["--top", "1000", ""]);
    let later = listing(Path::new(index()), &["--as-of", "2027-06-01"]);
    assert!(later.len() < all.len(), "postings expire between 2026-11 and 2027-06");
    assert!(later.iter().all(|h| h["expires"].as_str().is_none_or(|e| e >= "2027-06-01")));
    let everything = listing(Path::new(index()), &["--include-expired"]);
    assert_eq!(everything.len(), 600);
}

#[test]
fn unknown_region_is_a_clear_error() {
    let out = jinqiao_tests::matcher(&["search", "--index", index(), "--region", "火星", "会计"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--region: no place of China is named in `火星`"));
}

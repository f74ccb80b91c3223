//! The forms real platforms write, each with what it must become (`tests/data/real_formats/`): places of all
//! of China, majors phrases, industry labels, titles with brands and campaign tags, and a whole export in the
//! `generic` format where every record is kept, every place is right and every lost field is a warning.
//! Later changes must not lose any of them.

use std::path::PathBuf;

use jinqiao_tests::{ingest, listing, temp};
use matcher_core::{parse_major_requirements, resolve_place, MajorRequirement, Taxonomy, TitleClassifier};

fn corpus(name: &str) -> Vec<csv::StringRecord> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/real_formats").join(name);
    let mut reader = csv::Reader::from_path(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    reader.records().map(|r| r.unwrap()).collect()
}

#[test]
fn places_as_platforms_write_them_resolve_to_their_division() {
    let regions = &Taxonomy::embedded().regions;
    let rows = corpus("places.csv");
    assert!(rows.len() >= 40);
    let wrong: Vec<String> = rows
        .iter()
        .filter_map(|row| {
            let got = resolve_place(regions, &row[0]).map(|c| c.to_string());
            (got.as_deref() != Ok(&row[1])).then(|| format!("{} → {got:?}, expected {}", &row[0], &row[1]))
        })
        .collect();
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn majors_phrases_reach_the_students_they_name() {
    let majors = &Taxonomy::embedded().majors;
    let reaches = |required: &[MajorRequirement], major: &str| {
        required.iter().any(|r| {
            let code = match r {
                MajorRequirement::Major(c) | MajorRequirement::Class(c) | MajorRequirement::Category(c) => c,
            };
            major.starts_with(code.as_str())
        })
    };
    for row in corpus("majors.csv") {
        let found = parse_major_requirements(majors, &row[0]).unwrap_or_else(|e| panic!("{}: {e}", &row[0]));
        for student in row[1].split(';') {
            assert!(reaches(&found.required, student), "{} does not reach a {student} student: {found:?}", &row[0]);
        }
    }
    // 优先 is a preference, never a requirement: every major may apply.
    let preferred = parse_major_requirements(majors, "计算机相关专业优先").unwrap();
    assert!(preferred.required.is_empty(), "{preferred:?}");
    assert!(reaches(&preferred.preferred, "080901"), "{preferred:?}");
}

#[test]
fn industry_labels_of_job_sites_map_to_gbt4754() {
    let industries = &Taxonomy::embedded().industries;
    for row in corpus("industries.csv") {
        let got = industries.label(&row[0]).map(|c| c.to_string());
        assert_eq!(got.as_deref(), Some(&row[1]), "{}", &row[0]);
    }
}

#[test]
fn titles_with_brands_and_campaign_tags_get_the_job_s_occupation() {
    let classifier = TitleClassifier::new(&Taxonomy::embedded().occupations);
    for row in corpus("titles.csv") {
        let code = classifier.classify(&row[0]).map(|m| m.code.to_string()).unwrap_or_default();
        assert!(code.starts_with(&row[1]), "{} → `{code}`, expected {}…", &row[0], &row[1]);
        assert!(row[2].is_empty() || code != row[2], "{} → {code}", &row[0]);
    }
}

#[test]
fn a_real_export_keeps_every_posting_with_its_place_and_reports_each_lost_field() {
    let dir = temp();
    let index = dir.path().join("index");
    let file = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/real_formats/postings.csv");
    let rows = corpus("postings.csv");
    let summary = ingest(&index, "generic", &file);
    assert_eq!(summary["total"], rows.len() as u64, "{summary}");
    assert_eq!(summary["accepted"], rows.len() as u64, "every record with a title is kept: {summary}");
    assert_eq!(summary["rejected"], 0, "{summary}");
    // 很多行业 (R016), 很高 (R017) and `not a date` (R018) cannot be read: dropped, each a warning.
    let warnings = std::fs::read_to_string(index.join("warnings.jsonl")).unwrap();
    let warned: Vec<serde_json::Value> = warnings.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(summary["warnings"], warned.len() as u64, "{summary}");
    for (id, field) in [("R016", "industry"), ("R017", "pay"), ("R018", "posted")] {
        assert!(
            warned.iter().any(|w| w.to_string().contains(id) && w.to_string().contains(field)),
            "no warning for {id}'s {field}: {warnings}"
        );
    }
    // Labels, majors phrases and missing descriptions are read, not warned about.
    for id in ["R001", "R002", "R003", "R004", "R008", "R011", "R013", "R014"] {
        assert!(!warnings.contains(&format!("\"{id}\"")), "{id} warned: {warnings}");
    }
    let hits = listing(&index, &["--include-expired"]);
    assert_eq!(hits.len(), rows.len());
    for row in &rows {
        let id = format!(":{}", &row[0]);
        let hit = hits
            .iter()
            .find(|h| h["id"].as_str().is_some_and(|i| i.ends_with(&id)))
            .unwrap_or_else(|| panic!("{id} not kept"));
        assert_eq!(hit["region_code"], &row[12], "{id} placed at {}", hit["region"]);
    }
}

#[test]
fn links_and_contacts_to_apply_are_kept_from_any_format_and_bad_links_are_dropped_alone() {
    let dir = temp();
    let index = dir.path().join("index");
    let csv = dir.path().join("soe.csv");
    std::fs::write(
        &csv,
        "id,kind,source,title,employer,region,description,posted,expires,url,contact\n\
         U1,job,soe_order,会计,湖南某集团有限公司,长沙市,负责会计核算,2026-10-20,2027-06-30,https://jobs.example.com/u1?id=1,0731-88880000 张老师\n\
         U2,job,soe_order,出纳,湖南某集团有限公司,长沙市,负责出纳,2026-10-20,2027-06-30,javascript:alert(1),\n",
    )
    .unwrap();
    let summary = ingest(&index, "generic", &csv);
    assert_eq!((summary["accepted"].as_u64(), summary["warnings"].as_u64()), (Some(2), Some(1)), "{summary}");
    let warnings = std::fs::read_to_string(index.join("warnings.jsonl")).unwrap();
    assert!(warnings.contains("U2") && warnings.contains("url") && warnings.contains("not an http or https link"));
    // A platform's own JSON names them its way (链接, 联系方式).
    let json = dir.path().join("yangfan.jsonl");
    std::fs::write(
        &json,
        r#"{"id":"YF9","type":"企业实习","title":"客户经理助理","org":"湖南某银行","city":"长沙市","desc":"协助客户经理","publish_date":"2026-10-20","deadline":"2027-06-30","链接":"http://yangfan.example.cn/p/YF9","联系方式":"hr@example.cn"}"#,
    )
    .unwrap();
    assert_eq!(ingest(&index, "yangfan", &json)["accepted"], 1);
    let hits = listing(&index, &["--include-expired"]);
    let by_id = |id: &str| hits.iter().find(|h| h["id"] == id).unwrap_or_else(|| panic!("{id}")).clone();
    let u1 = by_id("soe_order:U1");
    assert_eq!(u1["url"], "https://jobs.example.com/u1?id=1");
    assert_eq!(u1["contact"], "0731-88880000 张老师");
    assert!(u1["how_to_apply"].as_str().unwrap().contains("https://jobs.example.com/u1?id=1"));
    assert!(by_id("soe_order:U2")["url"].is_null(), "the bad link is dropped, the posting kept");
    let yf = by_id("yangfan:YF9");
    assert_eq!(
        (yf["url"].as_str(), yf["contact"].as_str()),
        (Some("http://yangfan.example.cn/p/YF9"), Some("hr@example.cn"))
    );
}

#[test]
fn western_plan_tracks_are_read_as_platforms_write_them_and_cohorts_never_widen_the_plans() {
    let dir = temp();
    let index = dir.path().join("index");
    let csv = dir.path().join("western_plan.csv");
    std::fs::write(
        &csv,
        "id,kind,source,title,employer,region,description,posted,expires,cohorts,track\n\
         V1,volunteer,western_plan,西部计划志愿者,和田地区某乡政府,新疆和田地区皮山县,基层服务,2026-10-20,2027-06-30,应届毕业生、在校生,服务新疆专项\n\
         V2,volunteer,western_plan,西部计划志愿者,某县团委,甘肃定西市岷县,基层服务,2026-10-20,2027-06-30,,“青马工程”专项\n\
         V3,volunteer,western_plan,西部计划志愿者,某县中学,贵州毕节市赫章县,基层服务,2026-10-20,2027-06-30,,西部计划研究生支教团\n\
         V4,volunteer,western_plan,西部计划志愿者,某乡卫生院,云南怒江州福贡县,基层服务,2026-10-20,2027-06-30,,芙蓉花开地方项目\n\
         V5,volunteer,western_plan,西部计划志愿者,某乡政府,西藏日喀则市拉孜县,基层服务,2026-10-20,2027-06-30,,海外志愿\n",
    )
    .unwrap();
    let summary = ingest(&index, "generic", &csv);
    assert_eq!((summary["accepted"].as_u64(), summary["warnings"].as_u64()), (Some(5), Some(2)), "{summary}");
    let warnings = std::fs::read_to_string(index.join("warnings.jsonl")).unwrap();
    assert!(warnings.contains("V1") && warnings.contains("cohorts") && warnings.contains("在校生"), "{warnings}");
    assert!(warnings.contains("V5") && warnings.contains("track"), "{warnings}");
    // A post's track is what people search volunteer posts by: each is found by its track's name.
    for (track, id) in [
        ("服务新疆", "western_plan:V1"),
        ("青马工程", "western_plan:V2"),
        ("研究生支教团", "western_plan:V3"),
        ("芙蓉花开", "western_plan:V4"),
    ] {
        let hits = jinqiao_tests::matcher_ok(&[
            "search",
            "--index",
            index.to_str().unwrap(),
            "--json",
            "--as-of",
            "2026-11-01",
            track,
        ]);
        let hits: Vec<serde_json::Value> = serde_json::from_str(&hits).unwrap();
        assert_eq!(hits.first().map(|h| h["id"].clone()), Some(serde_json::json!(id)), "{track}: {hits:?}");
    }
}

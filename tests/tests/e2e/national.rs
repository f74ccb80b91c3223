//! Recommendation with places of all of China: a student who accepts 新疆 gets 新疆 postings (ranked as
//! places they chose, never as far away), and a radius around a home in 广东 reaches the next district but
//! not the next city.

use jinqiao_tests::{ingest, matcher_ok, temp};

const POSTINGS: &str = "\
id,kind,title,employer,region,description,posted,expires
N1,job,会计,乌鲁木齐天山财务咨询有限公司,乌鲁木齐-天山区,负责日常账务处理、报表编制,2026-10-20,2027-06-01
N2,job,会计,喀什丝路商贸有限公司,喀什地区,负责会计核算与纳税申报,2026-10-20,2027-06-01
N3,job,会计,长沙岳麓财务服务有限公司,长沙-岳麓区,负责会计核算与报表,2026-10-20,2027-06-01
N4,job,会计,深圳福田会计师事务所有限公司,深圳-福田区,负责审计助理与会计核算,2026-10-20,2027-06-01
N5,job,会计,广州天河财税咨询有限公司,广州-天河区,负责会计核算与税务申报,2026-10-20,2027-06-01
N6,job,会计,全国连锁零售有限公司,全国,负责门店会计核算,2026-10-20,2027-06-01
F1,job,焊工,长沙星沙重工有限公司,长沙-长沙县,负责钢结构焊接,2026-10-20,2027-06-01
F2,job,厨师,乌鲁木齐天山餐饮有限公司,乌鲁木齐-天山区,负责中餐烹饪,2026-10-20,2027-06-01
F3,job,销售代表,深圳福田贸易有限公司,深圳-福田区,负责客户开发与维护,2026-10-20,2027-06-01
F4,job,护士,广州天河医院管理有限公司,广州-天河区,负责病房护理,2026-10-20,2027-06-01
F5,job,幼儿教师,喀什丝路教育有限公司,喀什地区,负责幼儿园保教工作,2026-10-20,2027-06-01
F6,job,快递员,全国快运有限公司,全国,负责快件收派,2026-10-20,2027-06-01
";

fn student(id: &str, home: &str, accepted: &[&str], radius: Option<u32>) -> String {
    serde_json::json!({
        "id": id, "school": "3643000496", "college": "经济管理学院", "major": "120203K", "education": "bachelor",
        "cohort": "graduating", "graduation_year": 2026, "low_income": false, "intent": "employment",
        "home_region": home, "accepted_regions": accepted, "accepted_radius_km": radius,
        "intended_industries": [], "intended_occupations": ["2-06-03-00"], "intention": "希望从事会计相关工作",
        "skills": "会计核算", "expected_pay": {"min": null, "max": null}, "declined": [],
    })
    .to_string()
}

#[test]
fn students_accepting_other_provinces_get_postings_there_and_radius_works_nationwide() {
    let dir = temp();
    let (index, out) = (dir.path().join("index"), dir.path().join("out"));
    let postings = dir.path().join("postings.csv");
    std::fs::write(&postings, POSTINGS).unwrap();
    let summary = ingest(&index, "generic", &postings);
    assert_eq!(summary["accepted"], 12, "{summary}");
    let students = dir.path().join("students.jsonl");
    let lines = [
        // A 西部计划-minded graduate from 长沙 who accepts 新疆, written as platforms write it.
        student("S1", "430104", &["新疆"], None),
        // Home 深圳南山: 福田 is about 10 km away, 广州天河 about 100 km.
        student("S2", "深圳-南山区", &[], Some(30)),
    ];
    std::fs::write(&students, lines.join("\n")).unwrap();
    let cadres = dir.path().join("cadres.jsonl");
    let cadre =
        r#"{"id":"C1","name":"张老师","school":"3643000496","college":null,"level":"school","kind":"full_time"}"#;
    std::fs::write(&cadres, cadre).unwrap();
    let path = |p: &std::path::Path| p.to_str().unwrap().to_string();
    let (index, students, cadres, out_dir) = (path(&index), path(&students), path(&cadres), path(&out));
    let args = ["recommend", "--index", &index, "--students", &students, "--cadres", &cadres];
    let mut args = args.to_vec();
    args.extend(["--day", "2026-11-01", "--top", "10", "--out", &out_dir, "--json"]);
    matcher_ok(&args);
    let lists: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("recommendations.json")).unwrap()).unwrap();
    let list_of = |id: &str| -> Vec<(String, String)> {
        let students = lists["cadres"].as_array().unwrap().iter().flat_map(|c| c["students"].as_array().unwrap());
        let student = students.clone().find(|s| s["student"] == id).unwrap_or_else(|| panic!("{id} not listed"));
        student["recommendations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| (r["posting"].as_str().unwrap().to_string(), r["explanation"].as_str().unwrap().to_string()))
            .collect()
    };
    let s1 = list_of("S1");
    let ids: Vec<&str> = s1.iter().map(|(p, _)| p.as_str()).collect();
    for xinjiang in ["N1", "N2"] {
        let (_, why) = s1.iter().find(|(p, _)| p.ends_with(xinjiang)).unwrap_or_else(|| panic!("{xinjiang}: {ids:?}"));
        assert!(why.contains("愿意去"), "a place the student accepts is said so: {why}");
    }
    assert!(ids.iter().any(|p| p.ends_with("N6")), "全国 is open to everyone: {ids:?}");
    assert!(!ids.iter().any(|p| p.ends_with("N4") || p.ends_with("N5")), "广东 was not accepted: {ids:?}");
    let s2: Vec<String> = list_of("S2").into_iter().map(|(p, _)| p).collect();
    assert!(s2.iter().any(|p| p.ends_with("N4")), "福田 is within 30 km of 南山: {s2:?}");
    assert!(!s2.iter().any(|p| p.ends_with("N5") || p.ends_with("N1")), "广州 and 新疆 are not: {s2:?}");
}

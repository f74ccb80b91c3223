//! `matcher community pair`: 社区实践 pairing within every capacity, distance and target; the outputs agree;
//! schools short of 25% are told why; bad rows are named and the good ones used.

use calamine::{Data, Reader};
use jinqiao_tests::{matcher_run, summary, temp};

#[test]
fn the_sample_pairs_near_branches_within_capacities_and_the_outputs_agree() {
    let dir = temp();
    let out = dir.path().join("community");
    let (code, json, text) = matcher_run(&["community", "pair", "--out", out.to_str().unwrap(), "--json"]);
    assert_eq!(code, 0, "{text}");
    let s = summary(&json);
    assert_eq!(s["share"], 0.25, "the plan's share by default");
    let pairing: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("pairing.json")).unwrap()).unwrap();
    let pairs = pairing["pairs"].as_array().unwrap();
    assert_eq!(pairs.len() as u64, s["paired"].as_u64().unwrap());
    assert!(pairs.iter().all(|p| p["km"].as_f64().unwrap() <= 50.0));
    for c in pairing["communities"].as_array().unwrap() {
        let used = pairs.iter().filter(|p| p["community"] == c["community"]).count() as u64;
        assert_eq!(used, c["paired"].as_u64().unwrap());
        assert!(used <= c["capacity"].as_u64().unwrap(), "{c}");
    }
    let schools = pairing["schools"].as_array().unwrap();
    let mut met = 0;
    for school in schools {
        let (branches, target, paired) = (
            school["branches"].as_u64().unwrap(),
            school["target"].as_u64().unwrap(),
            school["paired"].as_u64().unwrap(),
        );
        assert_eq!(target, (branches * 25).div_ceil(100), "{school}");
        assert!(paired <= target);
        assert_eq!(school["short"].is_null(), paired == target, "{school}");
        met += u64::from(paired == target);
    }
    assert!(met > 0 && met < schools.len() as u64, "the sample shows both: {met} of {}", schools.len());
    // A school with no community near is told so.
    assert!(text.contains("校区附近没有主题相符的城乡基层团组织"), "{text}");

    let csv = std::fs::read_to_string(out.join("pairs.csv")).unwrap();
    assert_eq!(csv.lines().count(), pairs.len() + 1);
    let mut book = calamine::open_workbook_auto(out.join("community.xlsx")).unwrap();
    let coverage = book.worksheet_range("学校覆盖").unwrap();
    let total = coverage.rows().next_back().unwrap();
    assert_eq!(total[0], Data::String("全省合计".into()));
    assert_eq!(total[4], Data::Float(pairs.len() as f64));
}

#[test]
fn themes_distance_and_bad_rows() {
    let dir = temp();
    let branches = dir.path().join("branches.csv");
    std::fs::write(
        &branches,
        "id,school,college,members,place,themes\n\
         B1,4143010531,文学院,30,长沙市岳麓区,支教\n\
         B2,4143010531,理学院,30,长沙市岳麓区,助老\n\
         B3,4143010531,商学院,30,长沙市岳麓区,\n\
         B4,4143010531,法学院,thirty,长沙市岳麓区,\n",
    )
    .unwrap();
    let communities = dir.path().join("communities.csv");
    std::fs::write(
        &communities,
        "id,name,place,capacity,themes\nC1,望月湖街道团工委,长沙市岳麓区,1,助老\nC2,吉首市某社区,吉首市,5,\n",
    )
    .unwrap();
    let (b, c) = (branches.to_str().unwrap(), communities.to_str().unwrap());
    let (code, json, text) =
        matcher_run(&["community", "pair", "--branches", b, "--communities", c, "--share", "1", "--json"]);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("branches.csv:5 [B4] members"), "{text}");
    let s = summary(&json);
    // One place near (助老), for B2 or B3 (B1 asks for 支教, which it does not offer); 吉首 is too far.
    assert_eq!(s["paired"], 1, "{text}");
    assert_eq!(s["schools"][0]["target"], 3);
    // Only two of the three branches have an organisation within reach whose themes meet theirs.
    assert_eq!(s["schools"][0]["reachable"], 2);
    assert_eq!(s["schools"][0]["short"], "none_near");
}

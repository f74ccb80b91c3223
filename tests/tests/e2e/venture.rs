//! `matcher venture select`: the exact selection of projects within the budget and the plan's rules; the
//! outputs agree; an impossible plan names the rule; bad rows are named.

use calamine::{Data, Reader};
use jinqiao_tests::{matcher_run, summary, temp};

#[test]
fn the_sample_selects_at_least_100_projects_within_every_rule_and_the_outputs_agree() {
    let dir = temp();
    let out = dir.path().join("venture");
    let (code, json, text) = matcher_run(&["venture", "select", "--out", out.to_str().unwrap(), "--json"]);
    assert_eq!(code, 0, "{text}");
    let s = summary(&json);
    let (funded, priority) = (s["funded"].as_u64().unwrap(), s["priority"].as_u64().unwrap());
    assert!(funded >= 100, "{s}");
    assert!(priority * 2 >= funded, "{s}");
    assert!(s["granted"].as_u64().unwrap() <= s["budget"].as_u64().unwrap());

    let document: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("selection.json")).unwrap()).unwrap();
    let rows = document["selection"]["funded"].as_array().unwrap();
    assert_eq!(rows.len() as u64, funded);
    assert!(rows.iter().all(|f| f["grant"].as_u64().unwrap() >= 5000));
    let granted: u64 = rows.iter().map(|f| f["grant"].as_u64().unwrap()).sum();
    assert_eq!(granted, s["granted"].as_u64().unwrap());
    // Leads graduated more than two years before the plan's year are never funded.
    let register = std::fs::read_to_string(jinqiao_tests::sample("projects.csv")).unwrap();
    let old: Vec<&str> = register.lines().filter(|l| l.contains(",2022届,")).map(|l| &l[..5]).collect();
    assert!(!old.is_empty());
    assert!(rows.iter().all(|f| !old.contains(&f["project"].as_str().unwrap())));

    // Every funded project has a mentor or is listed without one; no mentor over their capacity.
    let mentors = &document["mentors"];
    let (assigned, without) = (mentors["assigned"].as_array().unwrap(), mentors["without"].as_array().unwrap());
    assert_eq!((assigned.len() + without.len()) as u64, funded);
    let register = std::fs::read_to_string(jinqiao_tests::sample("mentors.csv")).unwrap();
    for line in register.lines().skip(1) {
        let cells: Vec<&str> = line.split(',').collect();
        let load = assigned.iter().filter(|m| m["mentor"] == cells[0]).count();
        assert!(load <= cells[4].parse::<usize>().unwrap(), "{line}");
    }
    assert!(text.contains("projects with a mentor"), "{text}");

    let mut book = calamine::open_workbook_auto(out.join("venture.xlsx")).unwrap();
    let sheet = book.worksheet_range("推报名单").unwrap();
    let total = sheet.rows().next_back().unwrap();
    assert_eq!(total[6], Data::Float(granted as f64), "the totals row");
    assert_eq!(sheet.rows().count() as u64, 3 + funded + 1, "title, blank, header, rows, total");
}

#[test]
fn an_impossible_plan_names_the_rule_and_bad_rows_are_named() {
    let dir = temp();
    let projects = dir.path().join("projects.csv");
    let mut text = String::from("id,name,school,lead_status,request,score\n");
    for i in 0..6 {
        text.push_str(&format!("P{i},校园咖啡{i},4143010531,在校生,8000,{}\n", 70 + i));
    }
    // The plan's year's own class is 应届: funded.
    text.push_str("P7,=1+1 智能温室,4143010531,2026届,8000,60\n");
    text.push_str("P9,智能温室,4143010531,校友,8000,90\n");
    std::fs::write(&projects, text).unwrap();
    let p = projects.to_str().unwrap();
    let (code, out, _) =
        matcher_run(&["venture", "select", "--projects", p, "--budget", "1000000", "--min-projects", "3"]);
    assert_eq!(code, 3, "{out}");
    assert!(out.contains("projects.csv:9 [P9] lead_status"), "{out}");
    assert!(out.contains("硬核科技和乡村振兴领域项目占比"), "the share cannot be met: {out}");
    let (code, json, out) = matcher_run(&[
        "venture",
        "select",
        "--projects",
        p,
        "--budget",
        "20000",
        "--min-projects",
        "2",
        "--targets",
        "/dev/null",
        "--json",
    ]);
    assert_eq!(code, 3, "{out}");
    assert!(summary(&json)["infeasible"]["rules"].as_array().is_some(), "{json}");
}

#[test]
fn the_years_own_class_is_funded_and_the_csv_runs_no_formula() {
    let dir = temp();
    let projects = dir.path().join("projects.csv");
    std::fs::write(
        &projects,
        "id,name,school,lead_status,field,request,score\nP1,=HYPERLINK(\"http://x\"),4143010531,2026届,乡村振兴,5000,80\nP2,校园咖啡,4143010531,2023届,其他,5000,99\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let p = projects.to_str().unwrap();
    let args = ["venture", "select", "--projects", p, "--budget", "100000", "--year", "2026", "--min-projects", "1"];
    let (code, text, _) = matcher_run(&[&args[..], &["--out", out.to_str().unwrap()]].concat());
    assert_eq!(code, 0, "{text}");
    let funded = std::fs::read_to_string(out.join("funded.csv")).unwrap();
    assert!(funded.contains("P1,\"'=HYPERLINK"), "a formula is written as text: {funded}");
    let not_funded = std::fs::read_to_string(out.join("not_funded.csv")).unwrap();
    assert!(not_funded.contains("P2") && not_funded.contains("负责人不属资助对象"), "{not_funded}");
}

#[test]
fn caps_per_school_hold_and_have_a_price() {
    let dir = temp();
    let out = dir.path().join("venture");
    let (code, json, text) = matcher_run(&["venture", "select", "--json"]);
    assert_eq!(code, 0, "{text}");
    let uncapped = summary(&json)["total_score"].as_f64().unwrap();
    // Without caps one school has 13 funded and 湖南外国语职业学院 11: cap every school at 12, that one at 3.
    let caps = dir.path().join("caps.csv");
    std::fs::write(&caps, "school,cap\n湖南外国语职业学院,3\n").unwrap();
    let args = ["venture", "select", "--max-per-school", "12", "--school-caps", caps.to_str().unwrap()];
    let (code, json, text) = matcher_run(&[&args[..], &["--json", "--out", out.to_str().unwrap()]].concat());
    assert_eq!(code, 0, "{text}");
    let s = summary(&json);
    assert!(s["funded"].as_u64().unwrap() >= 100, "{s}");
    let document: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("selection.json")).unwrap()).unwrap();
    let mut per_school = std::collections::BTreeMap::new();
    for f in document["selection"]["funded"].as_array().unwrap() {
        *per_school.entry(f["school"].as_str().unwrap().to_string()).or_insert(0) += 1;
    }
    assert!(per_school.values().all(|n| *n <= 12), "{per_school:?}");
    assert!(per_school.get("4143014072").copied().unwrap_or(0) <= 3, "{per_school:?}");
    let rules = s["rules"].as_array().unwrap();
    let cap = rules.iter().find(|r| r["rule"] == "school_caps").expect("the caps' cost is reported");
    let capped = s["total_score"].as_f64().unwrap();
    assert!((cap["cost"].as_f64().unwrap() - (uncapped - capped)).abs() < 1e-6, "{cap} {uncapped} {capped}");
    assert!(capped < uncapped, "the caps bind on the sample");

    // A caps file that cannot be read stops the run, naming the row.
    std::fs::write(&caps, "school,cap\n湘潭大学,three\n").unwrap();
    let (code, _, text) = matcher_run(&["venture", "select", "--school-caps", caps.to_str().unwrap()]);
    assert_eq!(code, 2, "{text}");
    assert!(text.contains("cap") && text.contains("three"), "{text}");
}

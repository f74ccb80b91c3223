//! Personal data stays personal: files readable by their owner only, students in an order that says nothing
//! of who is low-income, ids that cannot name a file outside the output, spreadsheet cells that cannot run,
//! and input that cannot drive the terminal it is echoed to.

use std::path::Path;

use jinqiao_tests::server::{options, Clients, Server, BACKEND};
use jinqiao_tests::{ingest_sample, matcher, sample, temp};
use matcher_grpc::pb;

const DAY: &str = "2026-11-01";

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())).permissions().mode() & 0o777
}

/// Every file under `dir` is 0600 and every folder 0700.
#[cfg(unix)]
fn assert_private(dir: &Path) {
    assert_eq!(mode(dir), 0o700, "{}", dir.display());
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            assert_private(&path);
        } else {
            assert_eq!(mode(&path) & 0o077, 0, "{} is readable by others", path.display());
        }
    }
}

fn recommend(index: &Path, students: &Path, out: &Path) -> std::process::Output {
    let p = |p: &Path| p.to_str().unwrap().to_string();
    let cadres = sample("cadres.jsonl");
    matcher(&[
        "recommend",
        "--index",
        &p(index),
        "--students",
        &p(students),
        "--cadres",
        &p(&cadres),
        "--day",
        DAY,
        "--out",
        &p(out),
    ])
}

#[test]
fn outputs_are_private_and_list_students_by_id_with_inert_cells() {
    let dir = temp();
    let index = dir.path().join("index");
    ingest_sample(&index);
    // One paired student's intention is a spreadsheet formula.
    let students = dir.path().join("students.jsonl");
    let text = std::fs::read_to_string(sample("students.jsonl")).unwrap();
    let mut lines: Vec<serde_json::Value> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let target = lines
        .iter_mut()
        .find(|s| s["intent"] == "employment" && s["cohort"] == "graduating")
        .expect("a graduating job seeker");
    target["intention"] = serde_json::json!("=HYPERLINK(\"http://evil.example\",\"点击\")");
    let body: Vec<String> = lines.iter().map(|s| s.to_string()).collect();
    std::fs::write(&students, body.join("\n")).unwrap();

    let out = dir.path().join("out");
    let output = recommend(&index, &students, &out);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    #[cfg(unix)]
    assert_private(&out);
    #[cfg(unix)]
    assert_private(&index);

    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("recommendations.json")).unwrap()).unwrap();
    for cadre in json["cadres"].as_array().unwrap() {
        let ids: Vec<&str> =
            cadre["students"].as_array().unwrap().iter().map(|s| s["student"].as_str().unwrap()).collect();
        assert!(ids.windows(2).all(|w| w[0] < w[1]), "{}: {ids:?}", cadre["cadre"]);
        let page =
            std::fs::read_to_string(out.join("cadres").join(format!("{}.html", cadre["cadre"].as_str().unwrap())))
                .unwrap();
        // Each student's heading: their name with the id, or 学生 and the id.
        let at: Vec<usize> = ids
            .iter()
            .map(|id| page.find(&format!("（{id}）</h2>")).or_else(|| page.find(&format!("学生 {id}</h2>"))).unwrap())
            .collect();
        assert!(at.windows(2).all(|w| w[0] < w[1]), "page order of {}", cadre["cadre"]);
    }
    assert!(!std::fs::read_to_string(out.join("recommendations.json")).unwrap().contains("low_income"));
    let csv = std::fs::read_to_string(out.join("recommendations.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    let mut seen_formula_text = false;
    for row in reader.records() {
        for cell in row.unwrap().iter() {
            assert!(!cell.starts_with(['=', '+', '@']), "a cell a spreadsheet would run: {cell}");
            seen_formula_text |= cell.contains("HYPERLINK");
        }
    }
    assert!(seen_formula_text, "the intention is still there, as text");
}

#[test]
fn ids_that_would_name_files_outside_the_output_are_refused() {
    let dir = temp();
    let cadres = dir.path().join("cadres.jsonl");
    let first = std::fs::read_to_string(sample("cadres.jsonl")).unwrap();
    let mut cadre: serde_json::Value = serde_json::from_str(first.lines().next().unwrap()).unwrap();
    let mut lines = Vec::new();
    for bad in ["../../../escaped_cadre", "/tmp/absolute", "a/b"] {
        cadre["id"] = serde_json::json!(bad);
        lines.push(cadre.to_string());
    }
    std::fs::write(&cadres, lines.join("\n")).unwrap();
    let p = |p: &Path| p.to_str().unwrap().to_string();
    let output = matcher(&["pair", "--students", &p(&sample("students.jsonl")), "--cadres", &p(&cadres)]);
    let text = String::from_utf8_lossy(&output.stdout).to_string() + &String::from_utf8_lossy(&output.stderr);
    assert_eq!(text.matches("only ASCII letters, digits").count(), 3, "{text}");
    assert!(!dir.path().join("../../escaped_cadre.html").exists());
}

#[test]
fn rejected_input_cannot_drive_the_terminal() {
    let dir = temp();
    let file = dir.path().join("evil.jsonl");
    let record = serde_json::json!({
        "id": "YF\u{1b}[2J1", "type": "\u{1b}]0;pwned\u{7}\u{202e}实习", "title": "会计", "org": "湖南星辰", "city": "长沙市",
        "desc": "x", "publish_date": "2026-10-01"
    });
    std::fs::write(&file, record.to_string()).unwrap();
    let index = dir.path().join("index");
    let output =
        matcher(&["ingest", "--index", index.to_str().unwrap(), "--source", "yangfan", file.to_str().unwrap()]);
    for stream in [&output.stdout, &output.stderr] {
        assert!(!stream.iter().any(|&b| b == 0x1b || b == 0x07), "{}", String::from_utf8_lossy(stream));
        assert!(!String::from_utf8_lossy(stream).contains('\u{202e}'));
    }
    assert!(String::from_utf8_lossy(&output.stdout).contains("\\u{1b}"), "shown escaped");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_service_keeps_its_data_private_and_serves_students_by_id() {
    let dir = temp();
    let server = Server::start(dir.path());
    let mut api = Clients::new(server.channel().await, Some(BACKEND));
    #[cfg(unix)]
    assert_private(&server.data);
    let pairings = api.people.get_pairings(pb::GetPairingsRequest::default()).await.unwrap().into_inner().pairings;
    for pairing in &pairings {
        assert!(pairing.student_ids.windows(2).all(|w| w[0] < w[1]), "{pairing:?}");
    }
    let busiest = pairings.iter().max_by_key(|p| p.student_ids.len()).unwrap();
    let lists = api
        .matching
        .recommend_for_cadre(pb::RecommendForCadreRequest {
            cadre_id: busiest.cadre_id.clone(),
            options: options(3),
            deliver: false,
        })
        .await
        .unwrap()
        .into_inner();
    let ids: Vec<&str> = lists.students.iter().map(|s| s.student_id.as_str()).collect();
    assert_eq!(ids, busiest.student_ids.iter().map(String::as_str).collect::<Vec<_>>());
    drop(server);
    // A data folder that held data and lost its store refuses to start instead of starting empty.
    std::fs::remove_file(dir.path().join("data").join("store.redb")).unwrap();
    let config = dir.path().join("serve.toml");
    let output = matcher(&["serve", "--config", config.to_str().unwrap()]);
    assert!(!output.status.success());
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("store.redb"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn a_file_or_a_foreign_folder_given_as_an_index_is_refused_clearly() {
    let dir = temp();
    let file = dir.path().join("notes.txt");
    std::fs::write(&file, "x").unwrap();
    let listing = |index: &Path| matcher(&["search", "--index", index.to_str().unwrap(), "会计"]);
    let output = listing(&file);
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("is a file, not an index folder"));
    let output = listing(dir.path());
    assert!(!output.status.success());
    jinqiao_tests::matcher_usable(&[
        "ingest",
        "--index",
        dir.path().join("idx").to_str().unwrap(),
        "--source",
        "yangfan",
        sample("yangfan.jsonl").to_str().unwrap(),
    ]);
}

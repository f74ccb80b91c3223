//! Operating Jinqiao as an operator and an analyst would: the service's Prometheus endpoint and JSON request
//! log (one line per request, never a token or a record's contents), and the command line's contract: exit
//! codes 0/1/2/3, `--json` as one JSON document on stdout, errors that say what and where once, ports checked
//! before anything is written, partial configurations merged over the built-in one, and dates in the workbook
//! stored as dates.

use std::io::Read;
use std::path::Path;

use jinqiao_tests::http::Browser;
use jinqiao_tests::server::{Clients, Server, BACKEND, DAY};
use jinqiao_tests::{ingest_sample, matcher, matcher_bin, sample, temp};
use matcher_grpc::pb;

/// A figure of the metrics text, by its whole name with labels.
fn metric(text: &str, name: &str) -> Option<f64> {
    text.lines().find_map(|line| line.strip_prefix(name)?.strip_prefix(' ')?.trim().parse().ok())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_service_exposes_metrics_and_logs_one_json_line_per_request_without_personal_data() {
    let dir = temp();
    let log = dir.path().join("serve.log");
    let server = Server::start_logged(dir.path(), &log);
    let metrics = server.metrics.clone().expect("the metrics address");
    let web = server.web.clone().expect("the workspace's address");
    let mut backend = Clients::new(server.channel().await, Some(BACKEND));
    let student = jinqiao_tests::server::seeking_students(&mut backend, "C00002").await.remove(0);

    let ask = |student: &str| pb::RecommendRequest {
        who: Some(pb::recommend_request::Who::StudentId(student.to_string())),
        options: Some(pb::RecommendOptions { top: 3, day: DAY.into(), ..Default::default() }),
        deliver: false,
    };
    let mut request = tonic::Request::new(ask(&student));
    request.metadata_mut().insert("x-request-id", "trace-abc-1".parse().unwrap());
    let answer = backend.matching.recommend(request).await.expect("recommend");
    assert_eq!(answer.metadata().get("x-request-id").unwrap(), "trace-abc-1", "the caller's id comes back");
    let mut stranger = Clients::new(server.channel().await, None);
    let refused = stranger.matching.recommend(ask(&student)).await;
    assert_eq!(refused.unwrap_err().code(), tonic::Code::Unauthenticated);
    assert_eq!(Browser::new(&web).get("/").status, 200);

    let scraped = Browser::new(&metrics).get("/metrics");
    assert_eq!(scraped.status, 200);
    assert!(scraped.header("content-type").unwrap().starts_with("text/plain; version=0.0.4"));
    let text = scraped.body;
    let recommend = "transport=\"grpc\",method=\"/matcher.v1.Matching/Recommend\"";
    assert_eq!(metric(&text, &format!("jinqiao_requests_total{{{recommend},status=\"0\"}}")), Some(1.0), "{text}");
    assert_eq!(metric(&text, &format!("jinqiao_requests_total{{{recommend},status=\"16\"}}")), Some(1.0));
    assert_eq!(metric(&text, &format!("jinqiao_request_duration_seconds_count{{{recommend}}}")), Some(2.0));
    assert_eq!(metric(&text, "jinqiao_requests_total{transport=\"http\",method=\"GET /\",status=\"200\"}"), Some(1.0));
    assert!(metric(&text, "jinqiao_catalog_postings").unwrap() >= 500.0);
    assert!(metric(&text, "jinqiao_store_bytes").unwrap() > 0.0);
    assert!(metric(&text, "jinqiao_index_bytes").unwrap() > 0.0);
    assert!(metric(&text, "jinqiao_open_connections").unwrap() >= 1.0);
    assert!(metric(&text, "jinqiao_ingested_records_total{outcome=\"accepted\"}").is_some());

    drop(backend);
    drop(stranger);
    let status = server.stop();
    let mut written = String::new();
    std::fs::File::open(&log).unwrap().read_to_string(&mut written).unwrap();
    assert!(status.success(), "{status}; the server's log:\n{written}");
    let lines: Vec<serde_json::Value> = written
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("log line `{l}` is not JSON: {e}")))
        .collect();
    let requests: Vec<&serde_json::Value> = lines.iter().filter(|l| l["message"] == "request").collect();
    let traced = requests.iter().find(|l| l["request_id"] == "trace-abc-1").expect("the traced call's line");
    assert_eq!(traced["method"], "/matcher.v1.Matching/Recommend");
    assert_eq!(traced["status"], "0");
    assert_eq!(traced["transport"], "grpc");
    assert!(traced["latency_ms"].as_f64().is_some());
    assert!(traced["peer"].as_str().unwrap().starts_with("127.0.0.1:"));
    assert!(requests.iter().any(|l| l["status"] == "16"), "the refused call is logged too");
    assert!(requests.iter().any(|l| l["transport"] == "http" && l["method"] == "GET /"));
    assert!(!written.contains(BACKEND), "a token was logged");
    assert!(!written.contains(&student), "a student id (a request's contents) was logged");
}

fn code(output: &std::process::Output) -> Option<i32> {
    output.status.code()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn exit_codes_tell_all_good_some_rejected_unreadable_and_nothing_usable() {
    let dir = temp();
    let index = dir.path().join("index");
    let index = index.to_str().unwrap();
    let students = sample("students.jsonl");
    let cadres = sample("cadres.jsonl");
    let (students, cadres) = (students.to_str().unwrap(), cadres.to_str().unwrap());

    // Students given as postings: every record rejected, nothing usable.
    let wrong = matcher(&["ingest", "--index", index, "--source", "yangfan", students]);
    assert_eq!(code(&wrong), Some(3), "{}", text(&wrong.stdout));
    // The two people files swapped: no student, no cadre.
    let swapped = matcher(&["pair", "--students", cadres, "--cadres", students]);
    assert_eq!(code(&swapped), Some(3), "{}", text(&swapped.stdout));

    // A file with good and bad records: 1, and with --json stdout is one JSON document, the text on stderr.
    let mixed = dir.path().join("mixed.jsonl");
    let good = std::fs::read_to_string(sample("yangfan.jsonl")).unwrap();
    let first = good.lines().next().unwrap();
    std::fs::write(&mixed, format!("{first}\n{{\"title\":\"\"}}\nnot json at all\n")).unwrap();
    let output = matcher(&["ingest", "--index", index, "--source", "yangfan", "--json", mixed.to_str().unwrap()]);
    assert_eq!(code(&output), Some(1), "{}", text(&output.stderr));
    let summary: serde_json::Value = serde_json::from_slice(&output.stdout).expect("stdout is one JSON document");
    assert_eq!(summary["rejected"], 2);
    assert!(text(&output.stderr).contains("rejected"), "the human text goes to stderr");

    // An unreadable input: 2, the OS error said once, the path named.
    let missing = dir.path().join("nosuch.jsonl");
    let output = matcher(&["ingest", "--index", index, "--source", "yangfan", missing.to_str().unwrap()]);
    assert_eq!(code(&output), Some(2));
    let stderr = text(&output.stderr);
    assert_eq!(stderr.matches("No such file or directory").count(), 1, "{stderr}");
    assert_eq!(stderr.matches("nosuch.jsonl").count(), 1, "{stderr}");

    // Usage errors: 2. `--top 0` is refused, not read as 1.
    let output = matcher(&["search", "--index", index, "--top", "0", "农业"]);
    assert_eq!(code(&output), Some(2));
    assert!(text(&output.stderr).contains("out of range"), "{}", text(&output.stderr));

    // Deleting: the ids not in the index are named; none found is nothing usable.
    let output = matcher(&["delete", "--index", index, "yangfan:NOPE-123"]);
    assert_eq!(code(&output), Some(3));
    assert!(text(&output.stderr).contains("yangfan:NOPE-123"), "{}", text(&output.stderr));
}

#[test]
fn with_json_pair_and_recommend_print_one_json_document_and_the_workbook_stores_dates() {
    let dir = temp();
    let index = dir.path().join("index");
    ingest_sample(&index);
    let students = sample("students.jsonl");
    let cadres = sample("cadres.jsonl");
    let pairings = dir.path().join("pairings.jsonl");
    let pair = matcher(&[
        "pair",
        "--students",
        students.to_str().unwrap(),
        "--cadres",
        cadres.to_str().unwrap(),
        "--out",
        pairings.to_str().unwrap(),
        "--json",
    ]);
    assert!(matches!(code(&pair), Some(0 | 1)), "{}", text(&pair.stderr));
    let summary: serde_json::Value = serde_json::from_slice(&pair.stdout).expect("pair --json: one document");
    assert!(summary["paired"].as_u64().unwrap() > 200);
    let out = dir.path().join("out");
    let recommend = matcher(&[
        "recommend",
        "--index",
        index.to_str().unwrap(),
        "--students",
        students.to_str().unwrap(),
        "--cadres",
        cadres.to_str().unwrap(),
        "--pairings",
        pairings.to_str().unwrap(),
        "--day",
        DAY,
        "--out",
        out.to_str().unwrap(),
        "--json",
    ]);
    assert!(matches!(code(&recommend), Some(0 | 1)), "{}", text(&recommend.stderr));
    let summary: serde_json::Value = serde_json::from_slice(&recommend.stdout).expect("recommend --json: one document");
    assert!(summary["students"].as_u64().unwrap() > 200, "{summary}");
    assert!(text(&recommend.stderr).contains("written to"));

    // The workbook stores days as dates (they sort and filter as dates), names reasons in Chinese, and its
    // 未推足 sheet is frozen and filterable like the list.
    use calamine::{open_workbook, Data, Reader, Xlsx};
    let path = out.join("recommendations.xlsx");
    let mut book: Xlsx<_> = open_workbook(&path).expect("the workbook opens");
    let list = book.worksheet_range("推荐清单").unwrap();
    let header: Vec<String> = list.rows().next().unwrap().iter().map(|c| c.to_string()).collect();
    let deadline = header.iter().position(|h| h == "截止日期").expect("a deadline column");
    let cells: Vec<&Data> = list.rows().skip(1).map(|r| &r[deadline]).filter(|c| !matches!(c, Data::Empty)).collect();
    assert!(cells.iter().any(|c| matches!(c, Data::DateTime(_))), "deadlines are date cells");
    let long_term = |c: &&Data| matches!(c, Data::String(s) if s == "长期");
    assert!(cells.iter().all(|c| matches!(c, Data::DateTime(_)) || long_term(c)), "{:?}", cells[0]);
    let summary_sheet = book.worksheet_range("汇总").unwrap();
    for row in summary_sheet.rows() {
        let label = row[0].to_string();
        assert!(label.is_empty() || !label.is_ascii(), "an English code on 汇总: {label}");
    }
    let sheets = sheet_xml(&path);
    let shortfalls = sheets.iter().find(|(name, _)| name.ends_with("sheet2.xml")).expect("the 未推足 sheet");
    assert!(shortfalls.1.contains("<pane") && shortfalls.1.contains("<autoFilter"), "未推足 frozen and filterable");
}

/// The worksheets' XML, by file name.
fn sheet_xml(path: &Path) -> Vec<(String, String)> {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let names: Vec<String> =
        archive.file_names().flatten().filter(|n| n.starts_with("xl/worksheets/sheet")).map(String::from).collect();
    names
        .into_iter()
        .map(|name| {
            let mut xml = String::new();
            archive.by_name(&name).unwrap().read_to_string(&mut xml).unwrap();
            (name, xml)
        })
        .collect()
}

#[test]
fn a_partial_scoring_configuration_is_merged_over_the_builtin_one() {
    let dir = temp();
    let partial = dir.path().join("scoring.toml");
    std::fs::write(&partial, "[weights]\nmajor = 0.5\n").unwrap();
    let output = matcher(&["config", "--check", partial.to_str().unwrap()]);
    assert_eq!(code(&output), Some(0), "{}", text(&output.stderr));
    assert!(text(&output.stdout).contains("新消费产业"), "the built-in campaigns stay");
}

#[test]
fn serve_takes_a_host_name_and_finds_a_port_in_use_before_writing_anything() {
    let dir = temp();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let data = dir.path().join("data");
    let output = matcher(&[
        "serve",
        "--listen",
        &format!("127.0.0.1:{port}"),
        "--web-listen",
        "127.0.0.1:0",
        "--metrics-listen",
        "127.0.0.1:0",
        "--data",
        data.to_str().unwrap(),
    ]);
    assert_eq!(code(&output), Some(2));
    assert!(text(&output.stderr).contains(&format!("127.0.0.1:{port}")), "{}", text(&output.stderr));
    assert!(!data.exists(), "nothing written before the ports are taken");

    // `localhost:0` is an address (looked up, IPv4 preferred); an empty data folder starts at once.
    let config = dir.path().join("serve.toml");
    std::fs::write(&config, format!("data_dir = \"data\"\n[[tokens]]\ntoken = \"{BACKEND}\"\nrole = \"backend\"\n"))
        .unwrap();
    let mut child = std::process::Command::new(matcher_bin())
        .args(["serve", "--config", config.to_str().unwrap(), "--listen", "localhost:0"])
        .args(["--web-listen", "localhost:0", "--metrics-listen", "localhost:0"])
        .env("RUST_LOG", "warn")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut listening = None;
    let mut lines = std::io::BufRead::lines(std::io::BufReader::new(stdout));
    for line in lines.by_ref() {
        let line = line.unwrap();
        if let Some((_, at)) = line.split_once("listening on ") {
            listening = Some(at.trim().to_string());
            break;
        }
    }
    // Keep reading, as a terminal would: the server prints again when it stops.
    let drain = std::thread::spawn(move || for _ in lines {});
    let _ = std::process::Command::new("kill").args(["-TERM", &child.id().to_string()]).status();
    let status = child.wait().unwrap();
    let _ = drain.join();
    let listening = listening.expect("serve listened");
    assert!(listening.starts_with("127.0.0.1:"), "{listening}");
    assert!(status.success());
}

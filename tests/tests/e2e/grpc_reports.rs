//! gRPC `Reports`: the same report as `matcher report` on the same data and day (figures and files, byte for
//! byte), following the case files as they are written; backends only; bad requests named.

use jinqiao_tests::server::{seeking_students, violations, Clients, Server, BACKEND, CADRE, CADRE_ID};
use jinqiao_tests::{matcher_ok, temp};
use matcher_grpc::pb;
use tonic::Code;

fn request(month: &str) -> pb::GetReportRequest {
    pb::GetReportRequest { month: month.into(), ..Default::default() }
}

#[tokio::test]
async fn the_service_answers_the_command_lines_report_and_follows_new_events() {
    let dir = temp();
    let server = Server::start(dir.path());
    let mut backend = Clients::new(server.channel().await, Some(BACKEND));

    // The seeded sample, as of the sample's last month: the command line's report on the same files.
    let out = dir.path().join("cli");
    matcher_ok(&["report", "--month", "2026-10", "--out", out.to_str().unwrap()]);
    let cli: serde_json::Value = serde_json::from_slice(&std::fs::read(out.join("report.json")).unwrap()).unwrap();
    let answer = backend.reports.get_report(request("2026-10")).await.unwrap().into_inner();
    assert_eq!(answer.as_of, "2026-10-31");
    let totals = answer.totals.unwrap();
    assert_eq!(totals.paired as u64, cli["totals"]["paired"].as_u64().unwrap());
    assert_eq!(totals.employed as u64, cli["totals"]["employed"].as_u64().unwrap());
    assert_eq!(totals.low_income_employed.map(u64::from), cli["totals"]["low_income_employed"].as_u64());
    assert_eq!(answer.by_city.len(), cli["by_city"].as_array().unwrap().len());
    assert_eq!(answer.by_cadre.len(), cli["by_cadre"].as_array().unwrap().len());
    assert!(answer.by_cadre.iter().all(|r| r.figures.as_ref().unwrap().low_income.is_none()));
    assert_eq!(answer.months.len(), 10);
    assert_eq!(answer.targets[0].target, 10_000.0);
    assert!(answer.targets[2].achieved.is_none() && !answer.targets[2].note.is_empty());
    for (format, file) in [(pb::ReportFormat::Xlsx, "report.xlsx"), (pb::ReportFormat::Html, "index.html")] {
        let asked = pb::GetReportRequest { format: format as i32, ..request("2026-10") };
        let answer = backend.reports.get_report(asked).await.unwrap().into_inner();
        assert_eq!(answer.file_name, file);
        assert!(
            answer.document == std::fs::read(out.join(file)).unwrap(),
            "{file}: the same bytes as the command line's"
        );
    }

    // A destination recorded today is in today's report at once.
    let today = chrono::Local::now().date_naive().to_string();
    let now = pb::GetReportRequest { day: today.clone(), ..Default::default() };
    let before = backend.reports.get_report(now.clone()).await.unwrap().into_inner().totals.unwrap();
    let student = seeking_students(&mut backend, CADRE_ID).await.remove(0);
    let event = pb::CaseEvent {
        student_id: student,
        day: today,
        kind: "employed_elsewhere".into(),
        employer: "湘潭某物流公司".into(),
        employment: "灵活就业".into(),
        ..Default::default()
    };
    backend.cases.append_event(pb::AppendEventRequest { event: Some(event) }).await.unwrap();
    let after = backend.reports.get_report(now).await.unwrap().into_inner().totals.unwrap();
    assert_eq!(
        (after.employed, after.new_employed, after.seeking),
        (before.employed + 1, before.new_employed + 1, before.seeking - 1)
    );

    // Targets from the request; bad ones named.
    let toml = pb::GetReportRequest { targets_toml: "[targets]\nemployed = 300\n".into(), ..request("2026-10") };
    assert_eq!(backend.reports.get_report(toml).await.unwrap().into_inner().targets[0].target, 300.0);
    let bad = pb::GetReportRequest { targets_toml: "[targets]\nemployd = 3\n".into(), ..request("2026-10") };
    let status = backend.reports.get_report(bad).await.unwrap_err();
    assert_eq!(status.code(), Code::InvalidArgument);
    assert!(status.message().contains("employd"), "{}", status.message());
    for (bad, field) in [
        (request("2026-13"), "month"),
        (pb::GetReportRequest { day: "yesterday".into(), ..Default::default() }, "day"),
        (pb::GetReportRequest { day: "2026-10-01".into(), ..request("2026-10") }, "day"),
        (pb::GetReportRequest { format: 9, ..Default::default() }, "format"),
        (
            pb::GetReportRequest {
                quotas: vec![pb::Quota { school: "不存在大学".into(), pairs: 3 }],
                ..Default::default()
            },
            "quotas[0].school",
        ),
    ] {
        let status = backend.reports.get_report(bad).await.unwrap_err();
        assert_eq!(status.code(), Code::InvalidArgument, "{field}");
        assert!(violations(&status).iter().any(|(f, _)| f == field), "{field}: {:?}", violations(&status));
    }
    let huge = pb::GetReportRequest { targets_toml: "#".repeat(70_000), ..Default::default() };
    assert_eq!(backend.reports.get_report(huge).await.unwrap_err().code(), Code::ResourceExhausted);

    // The province's report is not a cadre's to read.
    let mut cadre = Clients::new(server.channel().await, Some(CADRE));
    assert_eq!(cadre.reports.get_report(request("2026-10")).await.unwrap_err().code(), Code::PermissionDenied);
}

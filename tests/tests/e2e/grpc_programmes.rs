//! The Programmes service: registers kept and validated, the three programmes run with the commands' results,
//! the 西部计划 stages judged against the kept assignment and counted in the report, a school token reading its
//! own rows only, runs dropped when their registers change, and everything kept across a restart.

use std::collections::BTreeSet;

use jinqiao_tests::server::{Clients, Server, BACKEND, CADRE, SCHOOL, SCHOOL_CODE};
use jinqiao_tests::{matcher_run, summary};
use matcher_grpc::{pb, sample_data};
use tonic::Code;

fn put(register: pb::Register, content: &str) -> pb::PutRegisterRequest {
    pb::PutRegisterRequest { register: register as i32, content: content.to_string() }
}

fn get(programme: pb::Programme, format: pb::ResultFormat) -> pb::GetProgrammeResultRequest {
    pb::GetProgrammeResultRequest { programme: programme as i32, format: format as i32 }
}

fn document(result: &pb::ProgrammeResult) -> serde_json::Value {
    serde_json::from_slice(&result.document).expect("a JSON document")
}

/// The report as of today: the stages recorded today count.
fn today() -> pb::GetReportRequest {
    pb::GetReportRequest { day: chrono::Local::now().date_naive().to_string(), ..Default::default() }
}

async fn western_target(api: &mut Clients) -> Option<f64> {
    let report = api.reports.get_report(today()).await.unwrap().into_inner();
    report.targets.iter().find(|t| t.key == "western_plan_volunteers").unwrap().achieved
}

fn volunteer(student: &str, stage: &str) -> pb::AppendEventRequest {
    pb::AppendEventRequest {
        event: Some(pb::CaseEvent {
            student_id: student.into(),
            kind: "volunteer".into(),
            volunteer_stage: stage.into(),
            ..Default::default()
        }),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn programmes_run_on_kept_registers_and_feed_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path());
    let channel = server.channel().await;
    let mut api = Clients::new(channel.clone(), Some(BACKEND));
    let mut school = Clients::new(channel.clone(), Some(SCHOOL));
    let mut cadre = Clients::new(channel.clone(), Some(CADRE));

    // Nothing run yet: no figure, and no result to read.
    assert_eq!(western_target(&mut api).await, None);
    let status = api.programmes.get_programme_result(get(pb::Programme::Western, pb::ResultFormat::Json)).await;
    assert_eq!(status.unwrap_err().code(), Code::FailedPrecondition);

    // Registers: the sample's, each row read; a bad row named, the good ones kept.
    let registers = [
        (pb::Register::WesternPosts, sample_data::WESTERN_POSTS),
        (pb::Register::WesternQuotas, sample_data::WESTERN_QUOTAS),
        (pb::Register::WesternApplications, sample_data::WESTERN_APPLICATIONS),
        (pb::Register::Branches, sample_data::BRANCHES),
        (pb::Register::Communities, sample_data::COMMUNITIES),
        (pb::Register::Projects, sample_data::PROJECTS),
        (pb::Register::Mentors, sample_data::MENTORS),
    ];
    for (register, text) in registers {
        let answer = api.programmes.put_register(put(register, text)).await.unwrap().into_inner();
        let rows = text.lines().filter(|l| !l.trim().is_empty()).count() - usize::from(!text.starts_with('{'));
        assert_eq!((answer.accepted as usize, answer.rejected.len()), (rows, 0), "{register:?}");
    }
    // Many bad rows beside the good ones: the good ones are kept, and the answer lists the first 1,000 reasons
    // and counts every row (it once listed them all, past what a client receives, after replacing the register).
    let mut noisy = sample_data::BRANCHES.to_string();
    for i in 0..3_000 {
        noisy.push_str(&format!("BAD{i},x,c,x,y,\n"));
    }
    let answer = api.programmes.put_register(put(pb::Register::Branches, &noisy)).await.unwrap().into_inner();
    let good = sample_data::BRANCHES.lines().filter(|l| !l.trim().is_empty()).count() - 1;
    assert_eq!((answer.accepted as usize, answer.rejected_rows, answer.rejected.len()), (good, 3_000, 1_000));
    // A file with no row that can be read (here: the wrong register's) is refused, and the kept one stays.
    let wrong = api.programmes.put_register(put(pb::Register::Projects, sample_data::WESTERN_APPLICATIONS)).await;
    assert_eq!(wrong.unwrap_err().code(), Code::InvalidArgument);
    // No stage is recorded while no assignment can judge it: it would settle the student unjudged.
    let early = api.cases.append_event(volunteer("S0000093", "派遣")).await.unwrap_err();
    assert_eq!(early.code(), Code::FailedPrecondition, "{early:?}");
    let bad_quota = format!("{}乡村教育,many\n", sample_data::WESTERN_QUOTAS);
    let status = api.programmes.put_register(put(pb::Register::WesternQuotas, &bad_quota)).await.unwrap_err();
    assert_eq!(status.code(), Code::InvalidArgument, "a quota row that cannot be read refuses the register");

    // 西部计划: the command's assignment.
    let (code, json, text) = matcher_run(&["western", "assign", "--json"]);
    assert_eq!(code, 0, "{text}");
    let expected = summary(&json)["placed"].as_u64().unwrap();
    let request = pb::AssignVolunteersRequest { format: pb::ResultFormat::Json as i32, ..Default::default() };
    let western = api.programmes.assign_volunteers(request).await.unwrap().into_inner();
    assert_eq!(u64::from(western.count), expected);
    let doc = document(&western);
    assert_eq!(doc["placed"].as_array().unwrap().len() as u64, expected);
    assert_eq!(western_target(&mut api).await, Some(expected as f64), "the report counts the kept run");

    // The pipeline: a placed applicant dispatched, then withdrawn (off the count); stages that do not follow
    // are refused.
    let placed: Vec<String> =
        doc["placed"].as_array().unwrap().iter().map(|p| p["applicant"].as_str().unwrap().to_string()).collect();
    let unplaced = doc["unplaced"].as_array().unwrap()[0]["applicant"].as_str().unwrap().to_string();
    api.cases.append_event(volunteer(&placed[0], "派遣")).await.unwrap();
    api.cases.append_event(volunteer(&placed[0], "在岗")).await.unwrap();
    let refused = [
        api.cases.append_event(volunteer(&unplaced, "派遣")).await.unwrap_err(),
        api.cases.append_event(volunteer(&placed[1], "在岗")).await.unwrap_err(),
    ];
    for status in refused {
        assert_eq!(status.code(), Code::FailedPrecondition, "{status:?}");
    }
    let status = api.cases.append_event(volunteer(&placed[1], "推荐")).await.unwrap_err();
    assert_eq!(status.code(), Code::InvalidArgument, "推荐 comes from the assignment");
    api.cases.append_event(volunteer(&placed[1], "派遣")).await.unwrap();
    api.cases.append_event(volunteer(&placed[1], "退出")).await.unwrap();
    assert_eq!(western_target(&mut api).await, Some((expected - 1) as f64), "a withdrawal leaves the count");
    let again = api.programmes.get_programme_result(get(pb::Programme::Western, pb::ResultFormat::Json)).await;
    let again = again.unwrap().into_inner();
    assert_eq!(u64::from(again.count), expected - 1);
    let stage = |doc: &serde_json::Value, id: &str| {
        let applicants = doc["pipeline"]["applicants"].as_array().unwrap();
        applicants.iter().find(|a| a["applicant"] == id).unwrap()["stage"].as_str().unwrap().to_string()
    };
    let doc = document(&again);
    assert_eq!((stage(&doc, &placed[0]), stage(&doc, &placed[1])), ("serving".into(), "withdrawn".into()));

    // A school reads its own rows; the province's applicants stay out of its answer.
    let own = school.programmes.get_programme_result(get(pb::Programme::Western, pb::ResultFormat::Json)).await;
    let own = own.unwrap().into_inner();
    assert_eq!(own.school, SCHOOL_CODE);
    let own_doc = document(&own);
    let schools: BTreeSet<&str> = own_doc["pipeline"]["applicants"]
        .as_array()
        .unwrap()
        .iter()
        .chain(own_doc["placed"].as_array().unwrap())
        .chain(own_doc["unplaced"].as_array().unwrap())
        .map(|a| a["school"].as_str().unwrap())
        .collect();
    assert_eq!(schools, BTreeSet::from([SCHOOL_CODE]));
    let applicants = sample_data::WESTERN_APPLICATIONS.lines().filter(|l| l.contains(SCHOOL_CODE)).count();
    assert_eq!(own.of as usize, applicants);
    assert!(own.count <= western.count);
    // … and may do nothing else.
    let denied = [
        school.programmes.put_register(put(pb::Register::Branches, sample_data::BRANCHES)).await.unwrap_err(),
        school.programmes.assign_volunteers(pb::AssignVolunteersRequest::default()).await.unwrap_err(),
        school.reports.get_report(pb::GetReportRequest::default()).await.unwrap_err(),
        school.people.get_pairings(pb::GetPairingsRequest::default()).await.unwrap_err(),
        school.cases.append_event(volunteer(&placed[0], "期满")).await.unwrap_err(),
        cadre
            .programmes
            .get_programme_result(get(pb::Programme::Western, pb::ResultFormat::Unspecified))
            .await
            .unwrap_err(),
    ];
    for status in denied {
        assert_eq!(status.code(), Code::PermissionDenied, "{status:?}");
    }

    // 社区实践 and 创业帮扶: the commands' results; a workbook on request.
    let (code, json, text) = matcher_run(&["community", "pair", "--json"]);
    assert_eq!(code, 0, "{text}");
    let request = pb::PairCommunitiesRequest { format: pb::ResultFormat::Xlsx as i32, ..Default::default() };
    let community = api.programmes.pair_communities(request).await.unwrap().into_inner();
    assert_eq!(u64::from(community.count), summary(&json)["paired"].as_u64().unwrap());
    assert!(community.document.starts_with(b"PK") && community.file_name == "community.xlsx");
    let (code, json, text) = matcher_run(&["venture", "select", "--json", "--year", "2026", "--max-per-school", "12"]);
    assert_eq!(code, 0, "{text}");
    let capped = pb::SelectVenturesRequest {
        budget: 1_000_000,
        year: Some(2026),
        max_per_school: Some(12),
        ..Default::default()
    };
    let capped = api.programmes.select_ventures(capped).await.unwrap().into_inner();
    assert_eq!(u64::from(capped.count), summary(&json)["funded"].as_u64().unwrap());
    assert!(capped.summary.iter().any(|line| line.contains("每所学校入选项目不超过上限")), "{:?}", capped.summary);
    let unknown = pb::SelectVenturesRequest {
        budget: 1_000_000,
        school_caps: vec![pb::SchoolCap { school: "无此学校".into(), cap: 1 }],
        ..Default::default()
    };
    let status = api.programmes.select_ventures(unknown).await.unwrap_err();
    assert_eq!(jinqiao_tests::server::violations(&status)[0].0, "school_caps[0].school");
    let twice = pb::SelectVenturesRequest {
        budget: 1_000_000,
        school_caps: vec![
            pb::SchoolCap { school: "湖南外国语职业学院".into(), cap: 5 },
            pb::SchoolCap { school: "4143014072".into(), cap: 1 },
        ],
        ..Default::default()
    };
    let status = api.programmes.select_ventures(twice).await.unwrap_err();
    assert_eq!(jinqiao_tests::server::violations(&status)[0].0, "school_caps[1].school", "one cap per school");
    let (code, json, text) = matcher_run(&["venture", "select", "--json", "--year", "2026"]);
    assert_eq!(code, 0, "{text}");
    let request = pb::SelectVenturesRequest { budget: 1_000_000, year: Some(2026), ..Default::default() };
    let venture = api.programmes.select_ventures(request).await.unwrap().into_inner();
    assert_eq!(u64::from(venture.count), summary(&json)["funded"].as_u64().unwrap());
    let too_small = pb::SelectVenturesRequest { budget: 10_000, year: Some(2026), ..Default::default() };
    let status = api.programmes.select_ventures(too_small).await.unwrap_err();
    assert_eq!(status.code(), Code::FailedPrecondition, "{status:?}");
    // A school's venture totals are its own, like the rows they sum.
    let own = school.programmes.get_programme_result(get(pb::Programme::Venture, pb::ResultFormat::Json)).await;
    let own = document(&own.unwrap().into_inner());
    let funded = own["selection"]["funded"].as_array().unwrap();
    let grants: u64 = funded.iter().map(|f| f["grant"].as_u64().unwrap()).sum();
    assert_eq!(own["selection"]["granted"].as_u64(), Some(grants));
    assert!(funded.iter().all(|f| f["school"] == SCHOOL_CODE));
    let report = api.reports.get_report(today()).await.unwrap().into_inner();
    let target = |key: &str| report.targets.iter().find(|t| t.key == key).unwrap().achieved;
    assert_eq!(target("venture_projects"), Some(f64::from(venture.count)), "the feasible run stands");
    assert_eq!(target("community_branch_share"), Some(f64::from(community.count) / f64::from(community.of)));

    // Kept across a restart.
    drop(api);
    drop(school);
    drop(cadre);
    drop(channel);
    server.stop();
    let server = Server::start(dir.path());
    let mut api = Clients::new(server.channel().await, Some(BACKEND));
    let kept = api.programmes.get_programme_result(get(pb::Programme::Western, pb::ResultFormat::Unspecified)).await;
    assert_eq!(kept.unwrap().into_inner().count, again.count);

    // A register replaced drops the run that read it: no figure until it runs again.
    let answer = api.programmes.put_register(put(pb::Register::WesternApplications, sample_data::WESTERN_APPLICATIONS));
    assert_eq!(answer.await.unwrap().into_inner().runs_dropped, vec!["western".to_string()]);
    assert_eq!(western_target(&mut api).await, None);
    let status = api.programmes.get_programme_result(get(pb::Programme::Western, pb::ResultFormat::Json)).await;
    assert_eq!(status.unwrap_err().code(), Code::FailedPrecondition);
    let status = api.cases.append_event(volunteer(&placed[0], "期满")).await.unwrap_err();
    assert_eq!(status.code(), Code::FailedPrecondition, "no stage while the run is dropped");
}

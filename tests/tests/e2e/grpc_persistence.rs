//! Nothing acknowledged is lost: after SIGTERM (exit 0) or a crash (SIGKILL), a restarted server on the same
//! data has every posting, student, pairing and outcome it acknowledged, and the sample is not loaded twice.

use jinqiao_tests::server::{options, Clients, Server, BACKEND, CADRE_ID};
use matcher_grpc::pb;

async fn write_everything(api: &mut Clients) -> (String, String) {
    let posting = pb::PostingInput {
        source: "traineeship_base".into(),
        id: "JX-1".into(),
        kind: "traineeship".into(),
        title: "档案管理见习生".into(),
        employer: "长沙市档案馆".into(),
        region: "长沙市芙蓉区".into(),
        description: "协助档案整理与数字化。".into(),
        headcount: Some(2),
        posted: "2026-10-28".into(),
        ..Default::default()
    };
    let answer = api.postings.upsert_postings(tokio_stream::iter(vec![posting])).await.unwrap().into_inner();
    assert_eq!(answer.accepted, 1);
    let pairing = api.people.get_pairings(pb::GetPairingsRequest { cadre_id: CADRE_ID.into() }).await.unwrap();
    let student_ids = pairing.into_inner().pairings[0].student_ids.clone();
    let template =
        api.people.get_student(pb::GetStudentRequest { id: student_ids[0].clone() }).await.unwrap().into_inner();
    let new_student = pb::Student { id: "S8500001".into(), ..template };
    api.people.upsert_students(pb::UpsertStudentsRequest { students: vec![new_student] }).await.unwrap();
    let pairs = vec![pb::Pair { cadre_id: CADRE_ID.into(), student_id: "S8500001".into() }];
    let set = api.people.set_pairings(pb::SetPairingsRequest { pairs, replace_all: false }).await.unwrap();
    assert_eq!(set.into_inner().accepted, 1);
    let hired = &student_ids[1];
    let outcome = |student: &str, kind: pb::OutcomeKind| pb::ReportOutcomeRequest {
        student_id: student.into(),
        posting_id: "traineeship_base:JX-1".into(),
        kind: kind as i32,
        day: "2026-11-03".into(),
        ..Default::default()
    };
    api.outcomes.report_outcome(outcome("S8500001", pb::OutcomeKind::Declined)).await.unwrap();
    let answer = api.outcomes.report_outcome(outcome(hired, pb::OutcomeKind::Hired)).await.unwrap().into_inner();
    assert_eq!(answer.headcount_left, Some(1));
    ("S8500001".to_string(), hired.clone())
}

async fn check_everything(api: &mut Clients, declining: &str, hired: &str, postings: usize) {
    let posting = api.postings.get_posting(pb::GetPostingRequest { id: "traineeship_base:JX-1".into() }).await.unwrap();
    assert_eq!(posting.into_inner().title, "档案管理见习生");
    let all = api
        .postings
        .search_postings(pb::SearchPostingsRequest {
            query: String::new(),
            top: 100,
            open_on: "2000-01-01".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(!all.into_inner().hits.is_empty());
    let student = api.people.get_student(pb::GetStudentRequest { id: declining.into() }).await.unwrap().into_inner();
    assert_eq!(student.declined, ["traineeship_base:JX-1"]);
    let employed = api.people.get_student(pb::GetStudentRequest { id: hired.into() }).await.unwrap().into_inner();
    assert_eq!(employed.intent, "employed");
    let pairing = api.people.get_pairings(pb::GetPairingsRequest { cadre_id: CADRE_ID.into() }).await.unwrap();
    assert!(pairing.into_inner().pairings[0].student_ids.contains(&declining.to_string()));
    let history = api.outcomes.list_outcomes(pb::ListOutcomesRequest { student_id: hired.into() }).await.unwrap();
    let hires: Vec<pb::Outcome> =
        history.into_inner().outcomes.into_iter().filter(|o| o.posting_id == "traineeship_base:JX-1").collect();
    assert_eq!(hires.len(), 1, "{hires:?}");
    assert_eq!(hires[0].kind, pb::OutcomeKind::Hired as i32);
    let request = pb::RecommendRequest {
        who: Some(pb::recommend_request::Who::StudentId(hired.into())),
        options: options(5),
        deliver: false,
    };
    assert!(api.matching.recommend(request).await.unwrap().into_inner().recommendations.is_empty());
    // The sample was not loaded again on top: the cadre's pairing and the posting count are as before.
    let mut stream = api
        .matching
        .batch_recommend(pb::BatchRecommendRequest { student_ids: vec![], options: options(2) })
        .await
        .unwrap()
        .into_inner();
    let mut students = 0;
    while let Some(item) = stream.message().await.unwrap() {
        if let Some(pb::batch_recommend_response::Item::Summary(summary)) = item.item {
            students = summary.students as usize;
        }
    }
    assert_eq!(students, postings);
}

async fn paired_count(api: &mut Clients) -> usize {
    let all = api.people.get_pairings(pb::GetPairingsRequest::default()).await.unwrap().into_inner().pairings;
    all.iter().map(|p| p.student_ids.len()).sum()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_graceful_stop_exits_zero_and_a_restart_has_everything() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path());
    let mut api = Clients::new(server.channel().await, Some(BACKEND));
    let (declining, hired) = write_everything(&mut api).await;
    let paired = paired_count(&mut api).await;
    drop(api);
    let status = server.stop();
    assert!(status.success(), "SIGTERM should end the server with 0, got {status}");

    let server = Server::start(dir.path());
    let mut api = Clients::new(server.channel().await, Some(BACKEND));
    assert_eq!(paired_count(&mut api).await, paired);
    check_everything(&mut api, &declining, &hired, paired).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_crash_loses_nothing_acknowledged() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path());
    let mut api = Clients::new(server.channel().await, Some(BACKEND));
    let (declining, hired) = write_everything(&mut api).await;
    let paired = paired_count(&mut api).await;
    server.kill();

    let server = Server::start(dir.path());
    let mut api = Clients::new(server.channel().await, Some(BACKEND));
    assert_eq!(paired_count(&mut api).await, paired);
    check_everything(&mut api, &declining, &hired, paired).await;
}

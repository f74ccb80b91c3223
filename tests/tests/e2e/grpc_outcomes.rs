//! gRPC `Outcomes`: a declined posting never comes back; a hire marks the student employed and takes the
//! posting's headcount, closing it when none is left.

use jinqiao_tests::sample_hired_postings;
use jinqiao_tests::server::{options, seeking_students, violations, Clients, Server, BACKEND, CADRE_ID};
use matcher_grpc::pb;
use tonic::Code;

async fn list(api: &mut Clients, student: &str, top: u32) -> pb::StudentRecommendations {
    let request = pb::RecommendRequest {
        who: Some(pb::recommend_request::Who::StudentId(student.into())),
        options: options(top),
        deliver: false,
    };
    api.matching.recommend(request).await.unwrap().into_inner()
}

fn report(student: &str, posting: &str, kind: pb::OutcomeKind) -> pb::ReportOutcomeRequest {
    pb::ReportOutcomeRequest {
        student_id: student.into(),
        posting_id: posting.into(),
        kind: kind as i32,
        day: "2026-11-02".into(),
        ..Default::default()
    }
}

fn ids(list: &pb::StudentRecommendations) -> Vec<String> {
    list.recommendations.iter().map(|r| r.posting.as_ref().unwrap().id.clone()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn declined_postings_never_return_and_a_hire_ends_the_list_and_takes_headcount() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path());
    let mut api = Clients::new(server.channel().await, Some(BACKEND));
    // A paired student with at least three postings in their list.
    let all = api.people.get_pairings(pb::GetPairingsRequest::default()).await.unwrap().into_inner().pairings;
    let mut chosen = None;
    for candidate in all.iter().flat_map(|p| p.student_ids.clone()) {
        let candidate_list = list(&mut api, &candidate, 10).await;
        if candidate_list.recommendations.len() >= 3 {
            chosen = Some((candidate, candidate_list));
            break;
        }
    }
    let (student, before) = chosen.expect("some student has three postings");
    let first = ids(&before)[0].clone();
    let answer =
        api.outcomes.report_outcome(report(&student, &first, pb::OutcomeKind::Declined)).await.unwrap().into_inner();
    assert!(!answer.student_employed);
    assert_eq!(answer.headcount_left, None);
    let after = list(&mut api, &student, 10).await;
    assert!(!ids(&after).contains(&first), "declined {first} came back: {:?}", ids(&after));
    // The rest of the list moves up.
    assert_eq!(ids(&after).first(), ids(&before).get(1), "{after:?}");
    let profile = api.people.get_student(pb::GetStudentRequest { id: student.clone() }).await.unwrap().into_inner();
    assert_eq!(profile.declined, std::slice::from_ref(&first));
    // Re-sending the profile from a backend does not bring it back.
    let mut resent = profile.clone();
    resent.declined.clear();
    api.people.upsert_students(pb::UpsertStudentsRequest { students: vec![resent] }).await.unwrap();
    assert!(!ids(&list(&mut api, &student, 10).await).contains(&first));

    // A hire: the student is employed (no more list, and the reason says so); the posting has one opening less.
    // A posting of the list no hire of the sample's case files took an opening of.
    let taken = sample_hired_postings();
    let hired_at = before.recommendations[1..]
        .iter()
        .map(|r| r.posting.clone().unwrap())
        .find(|p| !taken.contains(&p.id))
        .expect("a posting with every opening left");
    api.outcomes.report_outcome(report(&student, &hired_at.id, pb::OutcomeKind::Applied)).await.unwrap();
    let answer =
        api.outcomes.report_outcome(report(&student, &hired_at.id, pb::OutcomeKind::Hired)).await.unwrap().into_inner();
    assert!(answer.student_employed);
    let openings = hired_at.headcount.unwrap_or(3);
    assert_eq!(answer.headcount_left, Some(openings - 1));
    let employed = list(&mut api, &student, 10).await;
    assert!(employed.recommendations.is_empty());
    assert_eq!(employed.shortfall, "not_job_seeking");
    assert!(employed.shortfall_zh.contains("已就业"), "{}", employed.shortfall_zh);
    // What this test reported comes last, in order, after what the sample's case files recorded.
    let history = api.outcomes.list_outcomes(pb::ListOutcomesRequest { student_id: student.clone() }).await.unwrap();
    let kinds: Vec<i32> = history.into_inner().outcomes.iter().map(|o| o.kind).collect();
    let expected = [pb::OutcomeKind::Declined, pb::OutcomeKind::Applied, pb::OutcomeKind::Hired].map(|k| k as i32);
    assert_eq!(&kinds[kinds.len() - 3..], expected);

    // Fill the posting: hires of other students take every opening left; then no list holds it.
    let others: Vec<String> =
        all.iter().flat_map(|p| p.student_ids.clone()).filter(|s| *s != student).take(openings as usize - 1).collect();
    let mut left = None;
    for other in &others {
        let answer = api.outcomes.report_outcome(report(other, &hired_at.id, pb::OutcomeKind::Hired)).await.unwrap();
        left = answer.into_inner().headcount_left;
    }
    if openings > 1 {
        assert_eq!(left, Some(0));
    }
    let mut stream = api
        .matching
        .batch_recommend(pb::BatchRecommendRequest { student_ids: vec![], options: options(10) })
        .await
        .unwrap()
        .into_inner();
    let mut seen = 0;
    while let Some(item) = stream.message().await.unwrap() {
        if let Some(pb::batch_recommend_response::Item::Student(list)) = item.item {
            seen += 1;
            assert!(!ids(&list).contains(&hired_at.id), "{} still offered to {}", hired_at.id, list.student_id);
        }
    }
    assert!(seen > 100);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn outcomes_of_unknown_students_or_postings_and_unspecified_kinds_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path());
    let mut api = Clients::new(server.channel().await, Some(BACKEND));
    let student = seeking_students(&mut api, CADRE_ID).await[0].clone();
    let posting = ids(&list(&mut api, &student, 1).await)[0].clone();
    let before = api.outcomes.list_outcomes(pb::ListOutcomesRequest { student_id: student.clone() }).await.unwrap();
    let before = before.into_inner().outcomes;

    let status = api.outcomes.report_outcome(report("S9999999", &posting, pb::OutcomeKind::Applied)).await.unwrap_err();
    assert_eq!(status.code(), Code::NotFound);
    let status =
        api.outcomes.report_outcome(report(&student, "yangfan:NOPE", pb::OutcomeKind::Applied)).await.unwrap_err();
    assert_eq!(status.code(), Code::NotFound);
    let status =
        api.outcomes.report_outcome(report(&student, &posting, pb::OutcomeKind::Unspecified)).await.unwrap_err();
    assert_eq!(status.code(), Code::InvalidArgument);
    assert_eq!(violations(&status)[0].0, "kind");
    let mut bad_day = report(&student, &posting, pb::OutcomeKind::Applied);
    bad_day.day = "yesterday".into();
    let status = api.outcomes.report_outcome(bad_day).await.unwrap_err();
    assert_eq!(violations(&status)[0].0, "day");
    // Nothing was recorded by the refused calls.
    let history = api.outcomes.list_outcomes(pb::ListOutcomesRequest { student_id: student }).await.unwrap();
    assert_eq!(history.into_inner().outcomes, before);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hire_reported_again_or_retried_takes_one_opening_and_request_ids_replay() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path());
    let mut api = Clients::new(server.channel().await, Some(BACKEND));
    let all = api.people.get_pairings(pb::GetPairingsRequest::default()).await.unwrap().into_inner().pairings;
    // A posting with at least three openings, none taken by the sample's case files, listed for some student.
    let taken = sample_hired_postings();
    let mut found = None;
    'search: for student in all.iter().flat_map(|p| p.student_ids.clone()) {
        for recommendation in list(&mut api, &student, 10).await.recommendations {
            let posting = recommendation.posting.unwrap();
            if posting.headcount.is_some_and(|h| h >= 3) && !taken.contains(&posting.id) {
                found = Some((student, posting));
                break 'search;
            }
        }
    }
    let (student, posting) = found.expect("a posting with three openings");
    let openings = posting.headcount.unwrap();
    let hire = report(&student, &posting.id, pb::OutcomeKind::Hired);
    let first = api.outcomes.report_outcome(hire.clone()).await.unwrap().into_inner();
    assert_eq!((first.headcount_left, first.replayed), (Some(openings - 1), false));
    for _ in 0..2 {
        let again = api.outcomes.report_outcome(hire.clone()).await.unwrap().into_inner();
        assert_eq!((again.headcount_left, again.replayed), (Some(openings - 1), true), "one hire, one opening");
        assert!(again.student_employed);
    }
    // A request id: the retry of a call whose answer was lost is answered, not repeated.
    let mut applied = report(&student, &posting.id, pb::OutcomeKind::Applied);
    applied.request_id = "backend-7f3a-0001".into();
    let answer = api.outcomes.report_outcome(applied.clone()).await.unwrap().into_inner();
    assert!(!answer.replayed);
    let retried = api.outcomes.report_outcome(applied.clone()).await.unwrap().into_inner();
    assert!(retried.replayed);
    assert_eq!(retried.outcome, answer.outcome);
    let mut misused = report(&student, &posting.id, pb::OutcomeKind::Declined);
    misused.request_id = applied.request_id.clone();
    let status = api.outcomes.report_outcome(misused).await.unwrap_err();
    assert_eq!(status.code(), Code::InvalidArgument);
    assert_eq!(violations(&status)[0].0, "request_id");
    let mut bad = applied.clone();
    bad.request_id = "has space".into();
    assert_eq!(api.outcomes.report_outcome(bad).await.unwrap_err().code(), Code::InvalidArgument);
    let history = api.outcomes.list_outcomes(pb::ListOutcomesRequest { student_id: student }).await.unwrap();
    let kinds: Vec<(String, i32)> = history
        .into_inner()
        .outcomes
        .into_iter()
        .filter(|o| o.posting_id == posting.id)
        .map(|o| (o.posting_id, o.kind))
        .collect();
    let hired = pb::OutcomeKind::Hired as i32;
    assert_eq!(kinds, [(posting.id.clone(), hired), (posting.id.clone(), pb::OutcomeKind::Applied as i32)]);
}

//! Bearer tokens: no token → Unauthenticated; a cadre token reads only its own students' lists.

use jinqiao_tests::server::{options, Clients, Server, BACKEND, CADRE, CADRE_ID};
use matcher_grpc::pb;
use tonic::Code;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tokens_decide_who_may_do_what() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path());
    let channel = server.channel().await;
    let mut backend = Clients::new(channel.clone(), Some(BACKEND));
    let mut cadre = Clients::new(channel.clone(), Some(CADRE));
    let mut nobody = Clients::new(channel.clone(), None);
    let mut stranger = Clients::new(channel.clone(), Some("not-a-known-token-at-all"));

    let pairings = backend.people.get_pairings(pb::GetPairingsRequest::default()).await.unwrap().into_inner().pairings;
    let own = pairings.iter().find(|p| p.cadre_id == CADRE_ID).unwrap().clone();
    let other = pairings.iter().find(|p| p.cadre_id != CADRE_ID).unwrap().clone();
    let recommend = |student: &str| pb::RecommendRequest {
        who: Some(pb::recommend_request::Who::StudentId(student.into())),
        options: options(3),
        deliver: false,
    };
    let for_cadre =
        |id: &str| pb::RecommendForCadreRequest { cadre_id: id.into(), options: options(3), deliver: false };

    for client in [&mut nobody, &mut stranger] {
        let status = client.matching.recommend(recommend(&own.student_ids[0])).await.unwrap_err();
        assert_eq!(status.code(), Code::Unauthenticated);
        let status = client.postings.get_posting(pb::GetPostingRequest { id: "x:y".into() }).await.unwrap_err();
        assert_eq!(status.code(), Code::Unauthenticated);
    }
    // A cadre: its own lists, yes; anyone else's, or any write, no.
    let lists = cadre.matching.recommend_for_cadre(for_cadre(CADRE_ID)).await.unwrap().into_inner();
    assert_eq!(lists.students.len(), own.student_ids.len());
    cadre.matching.recommend(recommend(&own.student_ids[0])).await.unwrap();
    cadre.people.get_pairings(pb::GetPairingsRequest { cadre_id: CADRE_ID.into() }).await.unwrap();
    let denied = [
        cadre.matching.recommend_for_cadre(for_cadre(&other.cadre_id)).await.unwrap_err(),
        cadre.matching.recommend(recommend(&other.student_ids[0])).await.unwrap_err(),
        cadre.people.get_pairings(pb::GetPairingsRequest::default()).await.unwrap_err(),
        cadre.people.get_student(pb::GetStudentRequest { id: own.student_ids[0].clone() }).await.unwrap_err(),
        cadre.postings.delete_postings(pb::DeletePostingsRequest { ids: vec![] }).await.unwrap_err(),
        cadre
            .outcomes
            .report_outcome(pb::ReportOutcomeRequest { student_id: own.student_ids[0].clone(), ..Default::default() })
            .await
            .unwrap_err(),
    ];
    for status in denied {
        assert_eq!(status.code(), Code::PermissionDenied, "{status:?}");
    }
    // Health needs no token.
    let mut health = tonic_health::pb::health_client::HealthClient::new(channel);
    let answer = health.check(tonic_health::pb::HealthCheckRequest { service: String::new() }).await.unwrap();
    assert_eq!(answer.into_inner().status, tonic_health::pb::health_check_response::ServingStatus::Serving as i32);
}

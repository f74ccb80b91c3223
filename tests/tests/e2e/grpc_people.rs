//! gRPC `People`: students and cadres validated per record, pairings checked per row, proposals.

use jinqiao_tests::server::{violations, Clients, Server, BACKEND, CADRE_ID};
use matcher_grpc::pb;
use pb::record_result::Outcome;
use tonic::Code;

fn rejected_fields(result: &pb::RecordResult) -> Vec<String> {
    match &result.outcome {
        Some(Outcome::Rejected(r)) => r.violations.iter().map(|v| v.field.clone()).collect(),
        other => panic!("not rejected: {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn students_cadres_and_pairings_are_validated_record_by_record() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path());
    let mut api = Clients::new(server.channel().await, Some(BACKEND));
    let cadre = api.people.get_cadre(pb::GetCadreRequest { id: CADRE_ID.into() }).await.unwrap().into_inner();
    let paired = api.people.get_pairings(pb::GetPairingsRequest { cadre_id: CADRE_ID.into() }).await.unwrap();
    let first = paired.into_inner().pairings[0].student_ids[0].clone();
    let template = api.people.get_student(pb::GetStudentRequest { id: first }).await.unwrap().into_inner();

    // Students: two good, one with a wrong major and school; the good ones are stored.
    let new_student =
        |id: &str| pb::Student { id: id.into(), school: cadre.school.clone(), declined: vec![], ..template.clone() };
    let mut bad = new_student("S8000003");
    bad.major = "12345".into();
    bad.school = "0000000000".into();
    let students = vec![new_student("S8000001"), bad, new_student("S8000002")];
    let answer = api.people.upsert_students(pb::UpsertStudentsRequest { students }).await.unwrap().into_inner();
    assert_eq!((answer.accepted, answer.rejected), (2, 1));
    assert_eq!(answer.results[0].outcome, Some(Outcome::Accepted("S8000001".into())));
    let mut fields = rejected_fields(&answer.results[1]);
    fields.sort();
    assert_eq!(fields, ["major", "school"]);
    assert_eq!(answer.results[1].record_id, "S8000003");
    let stored = api.people.get_student(pb::GetStudentRequest { id: "S8000002".into() }).await.unwrap().into_inner();
    assert_eq!(stored.major, template.major);
    assert_eq!(stored.intention, template.intention);
    let missing = api.people.get_student(pb::GetStudentRequest { id: "S8000003".into() }).await.unwrap_err();
    assert_eq!(missing.code(), Code::NotFound);

    // Cadres: a college cadre without a college is refused.
    let new_cadre = pb::Cadre { id: "C80001".into(), name: "测试干部".into(), ..cadre.clone() };
    let no_college =
        pb::Cadre { id: "C80002".into(), level: "college".into(), college: String::new(), ..new_cadre.clone() };
    let answer = api
        .people
        .upsert_cadres(pb::UpsertCadresRequest { cadres: vec![new_cadre, no_college] })
        .await
        .unwrap()
        .into_inner();
    assert_eq!((answer.accepted, answer.rejected), (1, 1));
    assert_eq!(rejected_fields(&answer.results[1]), ["college"]);

    // Pairings: good rows kept, an unknown student and a sixth student for a full cadre refused alone.
    let pair = |student: &str, cadre: &str| pb::Pair { cadre_id: cadre.into(), student_id: student.into() };
    let mut pairs = vec![pair("S8000001", "C80001"), pair("S9999999", "C80001")];
    let full = api.people.get_pairings(pb::GetPairingsRequest { cadre_id: CADRE_ID.into() }).await.unwrap();
    let room = 5 - full.into_inner().pairings[0].student_ids.len();
    let extra: Vec<String> = (0..=room).map(|i| format!("S81{i:05}")).collect();
    let extra_students = extra.iter().map(|id| new_student(id)).collect();
    api.people.upsert_students(pb::UpsertStudentsRequest { students: extra_students }).await.unwrap();
    pairs.extend(extra.iter().map(|id| pair(id, CADRE_ID)));
    let answer =
        api.people.set_pairings(pb::SetPairingsRequest { pairs, replace_all: false }).await.unwrap().into_inner();
    assert_eq!(answer.accepted as usize, 1 + room, "{answer:?}");
    assert_eq!(rejected_fields(&answer.results[1]), ["student"]);
    assert_eq!(rejected_fields(answer.results.last().unwrap()), ["cadre"]);
    let own = api.people.get_pairings(pb::GetPairingsRequest { cadre_id: CADRE_ID.into() }).await.unwrap();
    assert_eq!(own.into_inner().pairings[0].student_ids.len(), 5);
    let new_pairing = api.people.get_pairings(pb::GetPairingsRequest { cadre_id: "C80001".into() }).await.unwrap();
    assert_eq!(new_pairing.into_inner().pairings[0].student_ids, ["S8000001"]);

    // Deleting a student removes its pairing; unknown ids are reported, not errors.
    let deleted = api
        .people
        .delete_students(pb::DeleteStudentsRequest { ids: vec!["S8000001".into(), "S7777777".into()] })
        .await
        .unwrap()
        .into_inner();
    assert_eq!((deleted.deleted, deleted.not_found), (1, vec!["S7777777".to_string()]));
    let new_pairing = api.people.get_pairings(pb::GetPairingsRequest { cadre_id: "C80001".into() }).await.unwrap();
    assert!(new_pairing.into_inner().pairings[0].student_ids.is_empty());
    let unknown = api.people.get_pairings(pb::GetPairingsRequest { cadre_id: "C77777".into() }).await.unwrap_err();
    assert_eq!(unknown.code(), Code::NotFound);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn proposals_pair_one_to_five_students_and_apply_only_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path());
    let mut api = Clients::new(server.channel().await, Some(BACKEND));
    // Start from one pair only, so that a proposal that changed the store would show.
    let own = api.people.get_pairings(pb::GetPairingsRequest { cadre_id: CADRE_ID.into() }).await.unwrap();
    let student = own.into_inner().pairings[0].student_ids[0].clone();
    let pairs = vec![pb::Pair { cadre_id: CADRE_ID.into(), student_id: student.clone() }];
    api.people.set_pairings(pb::SetPairingsRequest { pairs, replace_all: true }).await.unwrap();
    let before = api.people.get_pairings(pb::GetPairingsRequest::default()).await.unwrap().into_inner();
    assert_eq!(before.pairings.len(), 1);
    let request = pb::ProposePairingsRequest { apply: false, quotas: vec![] };
    let proposal = api.people.propose_pairings(request).await.unwrap().into_inner();
    assert!(!proposal.applied);
    assert!(proposal.pairings.len() > 1);
    for pairing in &proposal.pairings {
        assert!((1..=5).contains(&pairing.student_ids.len()), "{pairing:?}");
    }
    assert!(proposal.unpaired.iter().all(|u| !u.reason.is_empty() && !u.reason_zh.is_empty()));
    let unchanged = api.people.get_pairings(pb::GetPairingsRequest::default()).await.unwrap().into_inner();
    assert_eq!(unchanged.pairings, before.pairings, "a proposal without apply changed the pairings");
    let request = pb::ProposePairingsRequest { apply: true, quotas: vec![] };
    let applied = api.people.propose_pairings(request).await.unwrap().into_inner();
    assert!(applied.applied);
    let after = api.people.get_pairings(pb::GetPairingsRequest::default()).await.unwrap().into_inner();
    assert_eq!(after.pairings, applied.pairings);
    assert_eq!(applied.pairings, proposal.pairings);
    // Proposed again, every pair stays and none is made: the students left out have a reason.
    let request = pb::ProposePairingsRequest { apply: true, quotas: vec![] };
    let again = api.people.propose_pairings(request).await.unwrap().into_inner();
    assert_eq!((again.pairings.clone(), again.new_pairs), (applied.pairings.clone(), 0));
    assert_eq!(again.kept as usize, applied.pairings.iter().map(|p| p.student_ids.len()).sum::<usize>());
    // A quota plan: progress per school; a school that is not one is named.
    let school = api.people.get_cadre(pb::GetCadreRequest { id: CADRE_ID.into() }).await.unwrap().into_inner().school;
    let quotas = vec![pb::Quota { school: school.clone(), pairs: 1000 }];
    let request = pb::ProposePairingsRequest { apply: false, quotas };
    let planned = api.people.propose_pairings(request).await.unwrap().into_inner();
    let progress = planned.quotas.iter().find(|q| q.school == school).unwrap();
    assert_eq!((progress.quota, progress.short.is_empty()), (1000, false), "{progress:?}");
    assert!(!progress.short_zh.is_empty());
    let quotas = vec![pb::Quota { school: "不存在的学校".into(), pairs: 3 }];
    let status = api.people.propose_pairings(pb::ProposePairingsRequest { apply: false, quotas }).await.unwrap_err();
    assert_eq!(violations(&status)[0].0, "quotas[0].school");
}

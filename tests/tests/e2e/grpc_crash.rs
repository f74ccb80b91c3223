//! Fault injection: the server is killed (SIGKILL) while every kind of write is in flight, restarted, and
//! every write it acknowledged before the kill must be there: postings upserted and deleted, students,
//! cadres, pairings and outcomes. Several rounds, each killed at another moment.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use jinqiao_tests::server::{Clients, Server, BACKEND, CADRE_ID};
use matcher_grpc::pb;

/// A write the server acknowledged.
#[derive(Debug, Clone)]
enum Acked {
    Posting(String),
    Deleted(String),
    Student(String),
    Cadre(String),
    Pair(String, String),
    Outcome(String, String),
    /// A delete that was sent: if the kill came before its answer, it may or may not have been applied.
    TriedDelete(String),
}

fn posting(id: &str) -> pb::PostingInput {
    pb::PostingInput {
        source: "soe_order".into(),
        id: id.into(),
        kind: "job".into(),
        title: format!("设备巡检员{id}"),
        employer: format!("湖南故障注入{id}有限公司"),
        region: "长沙市雨花区".into(),
        description: "负责设备巡检与记录。".into(),
        headcount: Some(5),
        posted: "2026-10-28".into(),
        ..Default::default()
    }
}

/// Writes of every kind in turn until the server stops answering; records what was acknowledged.
async fn write_until_killed(mut api: Clients, round: usize, template: pb::Student, acked: Arc<Mutex<Vec<Acked>>>) {
    let school = template.school.clone();
    let push = |a: Acked| acked.lock().unwrap().push(a);
    for step in 0.. {
        let tag = format!("{round}-{step}");
        let ok = match step % 6 {
            0 => {
                let id = format!("FI-{tag}");
                let answer = api.postings.upsert_postings(tokio_stream::iter(vec![posting(&id)])).await;
                answer.map(|_| push(Acked::Posting(format!("soe_order:{id}")))).is_ok()
            }
            1 => {
                let mut student = template.clone();
                student.id = format!("S9{:06}", round * 10_000 + step);
                let answer =
                    api.people.upsert_students(pb::UpsertStudentsRequest { students: vec![student.clone()] }).await;
                answer.map(|_| push(Acked::Student(student.id))).is_ok()
            }
            2 => {
                let cadre = pb::Cadre {
                    id: format!("CF{tag}"),
                    name: "故障注入".into(),
                    school: school.clone(),
                    college: String::new(),
                    level: "school".into(),
                    kind: "full_time".into(),
                };
                let answer = api.people.upsert_cadres(pb::UpsertCadresRequest { cadres: vec![cadre.clone()] }).await;
                answer.map(|_| push(Acked::Cadre(cadre.id))).is_ok()
            }
            3 => {
                // Pair the student written two steps ago with the cadre written one step ago.
                let student = format!("S9{:06}", round * 10_000 + step - 2);
                let cadre = format!("CF{round}-{}", step - 1);
                let pairs = vec![pb::Pair { cadre_id: cadre.clone(), student_id: student.clone() }];
                let answer = api.people.set_pairings(pb::SetPairingsRequest { pairs, replace_all: false }).await;
                answer
                    .map(|r| {
                        if r.into_inner().accepted == 1 {
                            push(Acked::Pair(cadre, student))
                        }
                    })
                    .is_ok()
            }
            4 => {
                let student = format!("S9{:06}", round * 10_000 + step - 3);
                let posting_id = format!("soe_order:FI-{round}-{}", step - 4);
                let request = pb::ReportOutcomeRequest {
                    student_id: student.clone(),
                    posting_id: posting_id.clone(),
                    kind: pb::OutcomeKind::Applied as i32,
                    day: "2026-11-02".into(),
                    ..Default::default()
                };
                let answer = api.outcomes.report_outcome(request).await;
                answer.map(|_| push(Acked::Outcome(student, posting_id))).is_ok()
            }
            _ => {
                // Delete the posting of six steps ago (the one before the last), if there is one.
                if step < 6 {
                    true
                } else {
                    let id = format!("soe_order:FI-{round}-{}", step - 11);
                    push(Acked::TriedDelete(id.clone()));
                    let answer =
                        api.postings.delete_postings(pb::DeletePostingsRequest { ids: vec![id.clone()] }).await;
                    answer.map(|_| push(Acked::Deleted(id))).is_ok()
                }
            }
        };
        if !ok {
            return;
        }
    }
}

async fn check(api: &mut Clients, acked: &[Acked]) {
    let deleted: Vec<&String> =
        acked.iter().filter_map(|a| if let Acked::Deleted(id) = a { Some(id) } else { None }).collect();
    let tried: Vec<&String> =
        acked.iter().filter_map(|a| if let Acked::TriedDelete(id) = a { Some(id) } else { None }).collect();
    for write in acked {
        match write {
            Acked::Posting(id) => {
                let found = api.postings.get_posting(pb::GetPostingRequest { id: id.clone() }).await;
                if deleted.contains(&id) {
                    assert!(found.is_err(), "{id} was deleted, acknowledged");
                } else if !tried.contains(&id) {
                    assert!(found.is_ok(), "acknowledged posting {id} lost");
                }
            }
            Acked::Deleted(id) => {
                assert!(api.postings.get_posting(pb::GetPostingRequest { id: id.clone() }).await.is_err(), "{id} back");
            }
            Acked::Student(id) => {
                assert!(
                    api.people.get_student(pb::GetStudentRequest { id: id.clone() }).await.is_ok(),
                    "student {id} lost"
                );
            }
            Acked::Cadre(id) => {
                assert!(api.people.get_cadre(pb::GetCadreRequest { id: id.clone() }).await.is_ok(), "cadre {id} lost");
            }
            Acked::Pair(cadre, student) => {
                let pairings =
                    api.people.get_pairings(pb::GetPairingsRequest { cadre_id: cadre.clone() }).await.unwrap();
                assert!(pairings.into_inner().pairings[0].student_ids.contains(student), "pair {cadre}–{student} lost");
            }
            Acked::TriedDelete(_) => {}
            Acked::Outcome(student, posting) => {
                let history = api.outcomes.list_outcomes(pb::ListOutcomesRequest { student_id: student.clone() }).await;
                let outcomes = history.unwrap().into_inner().outcomes;
                assert!(outcomes.iter().any(|o| &o.posting_id == posting), "outcome {student} {posting} lost");
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_kill_during_any_write_loses_nothing_acknowledged() {
    let dir = tempfile::tempdir().unwrap();
    let mut acked_all: Vec<Acked> = Vec::new();
    let mut server = Server::start(dir.path());
    // Each round kills once the writer has this many writes acknowledged, then this many ms later: mid-write.
    for (round, (wanted, extra_ms)) in [(4usize, 3u64), (9, 17), (15, 41)].into_iter().enumerate() {
        let mut api = Clients::new(server.channel().await, Some(BACKEND));
        let pairing = api.people.get_pairings(pb::GetPairingsRequest { cadre_id: CADRE_ID.into() }).await.unwrap();
        let first = pairing.into_inner().pairings[0].student_ids[0].clone();
        let template = api.people.get_student(pb::GetStudentRequest { id: first }).await.unwrap().into_inner();
        let acked = Arc::new(Mutex::new(Vec::new()));
        let writer = tokio::spawn(write_until_killed(api, round, template, acked.clone()));
        let waited = std::time::Instant::now();
        while acked.lock().unwrap().len() < wanted && waited.elapsed() < Duration::from_secs(60) {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        tokio::time::sleep(Duration::from_millis(extra_ms)).await;
        server.kill();
        let _ = tokio::time::timeout(Duration::from_secs(30), writer).await;
        let acked = acked.lock().unwrap().clone();
        assert!(acked.len() >= wanted, "round {round}: {} writes acknowledged", acked.len());
        acked_all.extend(acked);
        server = Server::start(dir.path());
        let mut api = Clients::new(server.channel().await, Some(BACKEND));
        check(&mut api, &acked_all).await;
    }
}

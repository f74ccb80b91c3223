//! gRPC `Cases`: a cadre writes and reads only its own students' case files; every kind of event has its
//! effect and the status follows it; a job found outside the index is recorded with employer and kind; a
//! delivered list is recorded as sent; re-pairing releases the settled and keeps the rest; nothing
//! acknowledged is lost to a restart or a crash; the sample's year of case files is loaded.

use jinqiao_tests::server::{options, violations, Clients, Server, BACKEND, CADRE, CADRE_ID};
use jinqiao_tests::temp;
use matcher_grpc::pb;
use tonic::Code;

fn days_ago(n: u64) -> String {
    (chrono::Local::now().date_naive() - chrono::Days::new(n)).to_string()
}

fn event(student: &str, kind: &str, day: &str) -> pb::CaseEvent {
    pb::CaseEvent { student_id: student.into(), kind: kind.into(), day: day.into(), ..Default::default() }
}

async fn append(api: &mut Clients, event: pb::CaseEvent) -> Result<pb::AppendEventResponse, tonic::Status> {
    api.cases.append_event(pb::AppendEventRequest { event: Some(event) }).await.map(|r| r.into_inner())
}

/// The cadre's paired students, each seeking work (a student the sample's case file settled is recorded
/// seeking again by the backend), and a student of another cadre.
async fn students(backend: &mut Clients) -> (Vec<String>, String) {
    let mine = backend.cases.cadre_students(pb::CadreStudentsRequest { cadre_id: CADRE_ID.into() }).await.unwrap();
    let mut ids = Vec::new();
    for student in mine.into_inner().students {
        if student.summary.as_ref().unwrap().status != "seeking" {
            let mut again = event(&student.student_id, "seeking_again", &days_ago(20));
            again.text = "测试：重新求职".into();
            let answer = append(backend, again).await.unwrap();
            assert_eq!(answer.summary.unwrap().status, "seeking");
        }
        ids.push(student.student_id);
    }
    assert!(ids.len() >= 2, "{ids:?}");
    let all = backend.people.get_pairings(pb::GetPairingsRequest::default()).await.unwrap().into_inner();
    let other = all.pairings.iter().find(|p| p.cadre_id != CADRE_ID).unwrap().student_ids[0].clone();
    (ids, other)
}

#[tokio::test]
async fn a_cadre_writes_and_reads_only_its_own_students_case_files() {
    let dir = temp();
    let server = Server::start(dir.path());
    let mut backend = Clients::new(server.channel().await, Some(BACKEND));
    let mut cadre = Clients::new(server.channel().await, Some(CADRE));
    let (mine, other) = students(&mut backend).await;
    let own = &mine[0];

    let mut guidance = event(own, "guidance", &days_ago(1));
    guidance.text = "模拟面试".into();
    let answer = append(&mut cadre, guidance.clone()).await.unwrap();
    assert_eq!(answer.event.as_ref().unwrap().author, format!("cadre:{CADRE_ID}"), "the cadre writes as itself");
    assert!(!answer.replayed);
    assert_eq!(answer.summary.as_ref().unwrap().last_contact, days_ago(1));
    assert!(append(&mut cadre, guidance.clone()).await.unwrap().replayed, "the same event twice is recorded once");

    let mut foreign = guidance.clone();
    foreign.student_id = other.clone();
    assert_eq!(append(&mut cadre, foreign.clone()).await.unwrap_err().code(), Code::PermissionDenied);
    let read = cadre.cases.list_events(pb::ListEventsRequest { student_id: other.clone() }).await.unwrap_err();
    assert_eq!(read.code(), Code::PermissionDenied);
    let listed = cadre.cases.cadre_students(pb::CadreStudentsRequest { cadre_id: "C00003".into() }).await;
    assert_eq!(listed.unwrap_err().code(), Code::PermissionDenied);
    let mut posing = guidance.clone();
    posing.author = "backend".into();
    let status = append(&mut cadre, posing).await.unwrap_err();
    assert_eq!(status.code(), Code::InvalidArgument);
    // The backend writes any student's file, and may write for a cadre.
    foreign.author = "cadre:C00003".into();
    let answer = append(&mut backend, foreign).await.unwrap();
    assert_eq!(answer.event.unwrap().author, "cadre:C00003");

    let own_file = cadre.cases.list_events(pb::ListEventsRequest { student_id: own.clone() }).await.unwrap();
    let own_file = own_file.into_inner();
    assert!(own_file.events.iter().any(|e| e.kind == "guidance" && e.text == "模拟面试"));
    // The cadre's students in brief carry no sensitive field.
    let mine = cadre.cases.cadre_students(pb::CadreStudentsRequest { cadre_id: CADRE_ID.into() }).await.unwrap();
    let text = format!("{:?}", mine.into_inner());
    assert!(!text.contains("low_income") && !text.contains("nominated"), "{text}");
}

#[tokio::test]
async fn every_event_has_its_effect_and_the_status_follows() {
    let dir = temp();
    let server = Server::start(dir.path());
    let mut backend = Clients::new(server.channel().await, Some(BACKEND));
    let mut cadre = Clients::new(server.channel().await, Some(CADRE));
    let (mine, _) = students(&mut backend).await;
    let (student, stays) = (mine[0].clone(), mine[1].clone());

    // An intention interview replaces what it found and nothing else.
    let before = backend.people.get_student(pb::GetStudentRequest { id: student.clone() }).await.unwrap().into_inner();
    let mut interview = event(&student, "摸清就业意向", &days_ago(30));
    interview.intention = "想去长沙做电商运营".into();
    interview.accepted_regions = vec!["长沙市".into(), "株洲市".into()];
    append(&mut cadre, interview).await.unwrap();
    let after = backend.people.get_student(pb::GetStudentRequest { id: student.clone() }).await.unwrap().into_inner();
    assert_eq!(after.intention, "想去长沙做电商运营");
    assert_eq!(after.accepted_regions, ["430100", "430200"]);
    assert_eq!((after.major, after.expected_pay), (before.major, before.expected_pay));

    // A list delivered through the service is recorded as sent.
    let recommend = pb::RecommendRequest {
        who: Some(pb::recommend_request::Who::StudentId(student.clone())),
        options: options(3),
        deliver: true,
    };
    let list = cadre.matching.recommend(recommend.clone()).await.unwrap().into_inner();
    assert!(!list.recommendations.is_empty());
    let sent: Vec<String> = list.recommendations.iter().map(|r| r.posting.as_ref().unwrap().id.clone()).collect();
    let file = backend.cases.list_events(pb::ListEventsRequest { student_id: student.clone() }).await.unwrap();
    let file = file.into_inner();
    let recorded = file.events.iter().rev().find(|e| e.kind == "postings_sent").unwrap();
    assert_eq!((recorded.posting_ids.clone(), recorded.author.clone()), (sent.clone(), format!("cadre:{CADRE_ID}")));
    assert_eq!(file.summary.as_ref().unwrap().status, "seeking");

    // A job found outside the index: employer, place and kind; the student gets no more lists.
    let mut elsewhere = event(&student, "employed_elsewhere", &days_ago(10));
    elsewhere.employer = "湘潭某物流公司".into();
    elsewhere.place = "湘潭市".into();
    elsewhere.employment = "灵活就业".into();
    let answer = append(&mut cadre, elsewhere).await.unwrap();
    let summary = answer.summary.unwrap();
    assert_eq!((summary.status.as_str(), summary.since.as_str()), ("flexible", days_ago(10).as_str()));
    assert!(summary.status_zh.contains("灵活就业"), "{}", summary.status_zh);
    let stored = backend.people.get_student(pb::GetStudentRequest { id: student.clone() }).await.unwrap().into_inner();
    assert_eq!(stored.intent, "employed");
    let mut again = recommend.clone();
    again.deliver = false;
    assert!(cadre.matching.recommend(again.clone()).await.unwrap().into_inner().recommendations.is_empty());

    // Looking again lifts it; a hire on a posting in the index settles the student again and takes an opening.
    let mut lost = event(&student, "seeking_again", &days_ago(5));
    lost.text = "试用期结束未留用".into();
    assert_eq!(append(&mut cadre, lost).await.unwrap().summary.unwrap().status, "seeking");
    let list = cadre.matching.recommend(again).await.unwrap().into_inner();
    assert!(!list.recommendations.is_empty(), "seeking again, the student gets lists again");
    let posting = list.recommendations[0].posting.clone().unwrap();
    let mut hired = event(&student, "hired", &days_ago(2));
    hired.posting_ids = vec![posting.id.clone()];
    hired.employment = "labour_contract".into();
    let answer = append(&mut cadre, hired).await.unwrap();
    assert_eq!(answer.summary.unwrap().status, "labour_contract");
    let left = answer.headcount_left.expect("a hire on a posting says what is left");
    assert!(posting.headcount.is_none_or(|published| left < published), "{left} left of {:?}", posting.headcount);
    let outcomes = backend.outcomes.list_outcomes(pb::ListOutcomesRequest { student_id: student.clone() }).await;
    assert!(outcomes.unwrap().into_inner().outcomes.iter().any(|o| o.kind == pb::OutcomeKind::Hired as i32));

    let file = backend.cases.list_events(pb::ListEventsRequest { student_id: student.clone() }).await.unwrap();
    let timeline: Vec<(String, String)> = file.into_inner().timeline.into_iter().map(|c| (c.day, c.status)).collect();
    let tail = &timeline[timeline.len() - 4..];
    assert_eq!(
        tail,
        [
            (timeline[timeline.len() - 4].0.clone(), "seeking".to_string()),
            (days_ago(10), "flexible".to_string()),
            (days_ago(5), "seeking".to_string()),
            (days_ago(2), "labour_contract".to_string()),
        ]
    );

    // Bad events are refused with the field named.
    let mut no_employer = event(&student, "employed_elsewhere", &days_ago(1));
    no_employer.employment = "参军".into();
    let status = append(&mut cadre, no_employer).await.unwrap_err();
    assert_eq!(violations(&status)[0].0, "event.employer");
    let mut future = event(&student, "guidance", "2099-01-01");
    future.text = "未来".into();
    assert_eq!(violations(&append(&mut cadre, future).await.unwrap_err())[0].0, "event.day");
    let mut unknown = event(&stays, "hired", &days_ago(1));
    unknown.posting_ids = vec!["other:NOPE-1".into()];
    assert_eq!(append(&mut cadre, unknown).await.unwrap_err().code(), Code::NotFound);

    // Pairing again releases the employed student and keeps the cadre's other students.
    let request = pb::ProposePairingsRequest { apply: true, quotas: vec![] };
    let proposal = backend.people.propose_pairings(request).await.unwrap().into_inner();
    assert!(proposal.released.iter().any(|r| r.student_id == student && r.reason == "employed"));
    let own = proposal.pairings.iter().find(|p| p.cadre_id == CADRE_ID).unwrap();
    assert!(!own.student_ids.contains(&student) && own.student_ids.contains(&stays));
    assert!(proposal.kept > 0);
    // The released student's case file stays; their cadre no longer writes it.
    let file = backend.cases.list_events(pb::ListEventsRequest { student_id: student.clone() }).await.unwrap();
    assert!(file.into_inner().events.len() > 5);
    let mut note = event(&student, "note", &days_ago(0));
    note.text = "回访".into();
    assert_eq!(append(&mut cadre, note).await.unwrap_err().code(), Code::PermissionDenied);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn case_files_survive_a_restart_and_a_crash() {
    let dir = temp();
    let server = Server::start(dir.path());
    let mut cadre = Clients::new(server.channel().await, Some(CADRE));
    let mut backend = Clients::new(server.channel().await, Some(BACKEND));
    let (mine, _) = students(&mut backend).await;
    let mut note = event(&mine[0], "note", &days_ago(3));
    note.text = "停止前的记录".into();
    append(&mut cadre, note).await.unwrap();
    drop((cadre, backend));
    assert!(server.stop().success());

    let server = Server::start(dir.path());
    let mut cadre = Clients::new(server.channel().await, Some(CADRE));
    let mut elsewhere = event(&mine[1], "employed_elsewhere", &days_ago(2));
    elsewhere.employer = "长沙某科技有限公司".into();
    elsewhere.employment = "agreement".into();
    append(&mut cadre, elsewhere).await.unwrap();
    server.kill();

    let server = Server::start(dir.path());
    let mut backend = Clients::new(server.channel().await, Some(BACKEND));
    let first = backend.cases.list_events(pb::ListEventsRequest { student_id: mine[0].clone() }).await.unwrap();
    assert!(first.into_inner().events.iter().any(|e| e.text == "停止前的记录"));
    let second = backend.cases.list_events(pb::ListEventsRequest { student_id: mine[1].clone() }).await.unwrap();
    let second = second.into_inner();
    assert_eq!(second.summary.unwrap().status, "agreement", "acknowledged before the crash");
    let student = backend.people.get_student(pb::GetStudentRequest { id: mine[1].clone() }).await.unwrap();
    assert_eq!(student.into_inner().intent, "employed");
    // The sample's case files were loaded once, not again on each start.
    let counts = second.events.iter().filter(|e| e.kind == "intention_interview").count();
    assert_eq!(counts, 1);
}

#[tokio::test]
async fn the_sample_comes_with_a_year_of_case_files() {
    let dir = temp();
    let server = Server::start(dir.path());
    let mut backend = Clients::new(server.channel().await, Some(BACKEND));
    let all = backend.people.get_pairings(pb::GetPairingsRequest::default()).await.unwrap().into_inner();
    let (mut seeking, mut settled, mut events) = (0, 0, 0);
    for pairing in &all.pairings {
        let request = pb::CadreStudentsRequest { cadre_id: pairing.cadre_id.clone() };
        for student in backend.cases.cadre_students(request).await.unwrap().into_inner().students {
            let summary = student.summary.unwrap();
            events += summary.events;
            if summary.status == "seeking" {
                seeking += 1;
            } else {
                settled += 1;
            }
            assert!(!summary.last_contact.is_empty(), "{} was never contacted", student.student_id);
        }
    }
    assert!(seeking > 50 && settled > 50, "{seeking} seeking, {settled} settled");
    assert!(events > 2000, "{events} events");
}

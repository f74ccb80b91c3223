//! gRPC `Matching`: one student (stored or inline), a cadre's students, a streamed batch.

use std::collections::HashMap;

use jinqiao_tests::server::{options, seeking_students, violations, Clients, Server, BACKEND, CADRE_ID};
use matcher_grpc::pb;
use tonic::Code;

/// Ranks 1..n, best first, at most `top`, every posting present and explained, contributions summing
/// to the score.
fn check_list(list: &pb::StudentRecommendations, top: usize) {
    let recommendations = &list.recommendations;
    assert!(recommendations.len() <= top);
    for (i, r) in recommendations.iter().enumerate() {
        assert_eq!(r.rank as usize, i + 1);
        // Best first; a graduate's gigs and internships that only fill the list come after the rest.
        if i > 0 {
            let fill = |r: &pb::Recommendation| r.kind_note == "nothing_else";
            let before = &recommendations[i - 1];
            assert!(!fill(before) || fill(r), "{}: a filler first", list.student_id);
            if fill(before) == fill(r) {
                assert!(before.score >= r.score, "{} not sorted", list.student_id);
            }
        }
        let posting = r.posting.as_ref().expect("the posting comes with it");
        assert!(!posting.title.is_empty());
        assert!(!r.explanation.is_empty());
        let sum: f32 = r.breakdown.iter().map(|p| p.contribution).sum();
        assert!((sum - r.score).abs() < 1e-3, "{sum} vs {}", r.score);
    }
    if recommendations.len() < 2 {
        assert!(!list.shortfall.is_empty() && !list.shortfall_zh.is_empty(), "{list:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn recommend_for_a_stored_student_an_inline_profile_and_errors() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path());
    let mut api = Clients::new(server.channel().await, Some(BACKEND));
    let student_id = seeking_students(&mut api, CADRE_ID).await[0].clone();

    let request = |who, top| pb::RecommendRequest { who: Some(who), options: options(top), deliver: false };
    let stored = pb::recommend_request::Who::StudentId(student_id.clone());
    let list = api.matching.recommend(request(stored.clone(), 3)).await.unwrap().into_inner();
    assert_eq!(list.student_id, student_id);
    assert!(!list.recommendations.is_empty(), "{list:?}");
    check_list(&list, 3);
    // The default list is 10 long at most; the same request gives the same list.
    let longer = api.matching.recommend(request(stored.clone(), 0)).await.unwrap().into_inner();
    check_list(&longer, 10);
    assert!(longer.recommendations.len() >= list.recommendations.len());
    assert_eq!(api.matching.recommend(request(stored, 3)).await.unwrap().into_inner(), list);

    // An inline profile (not stored): the stored student's own profile gives the same list.
    let profile = api.people.get_student(pb::GetStudentRequest { id: student_id.clone() }).await.unwrap().into_inner();
    let inline = pb::recommend_request::Who::Profile(profile.clone());
    assert_eq!(api.matching.recommend(request(inline, 3)).await.unwrap().into_inner(), list);
    let mut wrong = profile;
    wrong.major = "999999".into();
    wrong.cohort = "someday".into();
    let status = api.matching.recommend(request(pb::recommend_request::Who::Profile(wrong), 3)).await.unwrap_err();
    assert_eq!(status.code(), Code::InvalidArgument);
    let fields: Vec<String> = violations(&status).into_iter().map(|(field, _)| field).collect();
    assert_eq!(fields, ["profile.major", "profile.cohort"]);

    let unknown = pb::recommend_request::Who::StudentId("S9999999".into());
    assert_eq!(api.matching.recommend(request(unknown, 3)).await.unwrap_err().code(), Code::NotFound);
    let too_long = pb::recommend_request::Who::StudentId(student_id);
    let status = api.matching.recommend(request(too_long, 51)).await.unwrap_err();
    assert_eq!(violations(&status)[0].0, "options.top");
    let status =
        api.matching.recommend(pb::RecommendRequest { who: None, options: None, deliver: false }).await.unwrap_err();
    assert_eq!(status.code(), Code::InvalidArgument);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cadre_gets_each_paired_student_and_a_batch_streams_every_paired_student_within_caps() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path());
    let mut api = Clients::new(server.channel().await, Some(BACKEND));

    let pairings = api.people.get_pairings(pb::GetPairingsRequest::default()).await.unwrap().into_inner().pairings;
    let own = pairings.iter().find(|p| p.cadre_id == CADRE_ID).unwrap();
    let request = pb::RecommendForCadreRequest { cadre_id: CADRE_ID.into(), options: options(5), deliver: false };
    let lists = api.matching.recommend_for_cadre(request).await.unwrap().into_inner();
    assert_eq!(lists.cadre.unwrap().id, CADRE_ID);
    let ids: Vec<&str> = lists.students.iter().map(|s| s.student_id.as_str()).collect();
    assert_eq!(ids, own.student_ids.iter().map(String::as_str).collect::<Vec<_>>());
    assert!((3..=5).contains(&ids.len()));
    lists.students.iter().for_each(|s| check_list(s, 5));
    let unknown = pb::RecommendForCadreRequest { cadre_id: "C99999".into(), options: None, deliver: false };
    assert_eq!(api.matching.recommend_for_cadre(unknown).await.unwrap_err().code(), Code::NotFound);

    let mut stream = api
        .matching
        .batch_recommend(pb::BatchRecommendRequest { student_ids: vec![], options: options(5) })
        .await
        .unwrap()
        .into_inner();
    let mut students = Vec::new();
    let mut summary = None;
    while let Some(item) = stream.message().await.unwrap() {
        match item.item.unwrap() {
            pb::batch_recommend_response::Item::Student(list) => students.push(list),
            pb::batch_recommend_response::Item::Summary(s) => summary = Some(s),
        }
    }
    let summary = summary.expect("a summary ends the stream");
    let paired: usize = pairings.iter().map(|p| p.student_ids.len()).sum();
    assert_eq!(students.len(), paired);
    assert_eq!(summary.students as usize, paired);
    let with_two = students.iter().filter(|s| s.recommendations.len() >= 2).count();
    assert_eq!(summary.with_two_or_more as usize, with_two);
    // Students the sample's case files settled get no list; of the job seekers, nine in ten have two.
    let seekers = summary.job_seekers as usize;
    assert!(seekers < paired && seekers > paired / 2, "{seekers} of {paired} seek work");
    assert!(with_two * 10 >= seekers * 9, "{with_two} of {seekers} job seekers have two");
    // No posting is recommended more often than its cap, ⌈headcount × 3⌉ (若干 = 3).
    let mut uses: HashMap<String, (u32, u32)> = HashMap::new();
    for list in &students {
        check_list(list, 5);
        for r in &list.recommendations {
            let posting = r.posting.as_ref().unwrap();
            uses.entry(posting.id.clone()).or_insert((0, posting.headcount.unwrap_or(3) * 3)).0 += 1;
        }
    }
    for (id, (count, cap)) in uses {
        assert!(count <= cap, "{id} recommended {count} times, cap {cap}");
    }
}

/// A 研究生支教团 post: offered to 推免生 (`exempt_admission`) only.
fn teaching_post(title: &str) -> pb::PostingInput {
    pb::PostingInput {
        source: "western_plan".into(),
        id: "ZJT-1".into(),
        kind: "volunteer".into(),
        title: title.into(),
        employer: "错那县中学".into(),
        region: "西藏山南市错那县".into(),
        description: "保留研究生入学资格，支教一年。".into(),
        education: "本科".into(),
        headcount: Some(3),
        posted: "2026-10-20".into(),
        expires: "2026-12-31".into(),
        track: "西部计划研究生支教团".into(),
        ..Default::default()
    }
}

/// A seeking student of the sample made a 推免生 whose intent is to go on to study, accepting any place.
async fn exempt_student(api: &mut Clients) -> pb::Student {
    let id = seeking_students(api, CADRE_ID).await[0].clone();
    let mut profile = api.people.get_student(pb::GetStudentRequest { id }).await.unwrap().into_inner();
    profile.cohort = "graduating".into();
    profile.intent = "further_study".into();
    profile.education = "bachelor".into();
    profile.accepted_regions.clear();
    profile.accepted_radius_km = None;
    profile.exempt_admission = true;
    profile
}

fn ask(profile: pb::Student) -> pb::RecommendRequest {
    pb::RecommendRequest {
        who: Some(pb::recommend_request::Who::Profile(profile)),
        options: options(5),
        deliver: false,
    }
}

async fn upsert(api: &mut Clients, post: pb::PostingInput) {
    let answer = api.postings.upsert_postings(tokio_stream::iter(vec![post])).await.unwrap().into_inner();
    let accepted = matches!(answer.results[0].outcome, Some(pb::record_result::Outcome::Accepted(_)));
    assert!(accepted && answer.results[0].warnings.is_empty(), "{answer:?}");
}

/// 研究生支教团 over gRPC: a post upserted with its track is offered to a 推免生 (`exempt_admission`), whose
/// intent is to go on to study, and to nobody else.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn graduate_teaching_posts_reach_exempt_admitted_students() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path());
    let mut api = Clients::new(server.channel().await, Some(BACKEND));
    upsert(&mut api, teaching_post("研究生支教团志愿者（初中数学）")).await;
    let mut profile = exempt_student(&mut api).await;
    let list = api.matching.recommend(ask(profile.clone())).await.unwrap().into_inner();
    let ids: Vec<&str> = list.recommendations.iter().map(|r| r.posting.as_ref().unwrap().id.as_str()).collect();
    assert_eq!(ids, ["western_plan:ZJT-1"], "{list:?}");
    profile.exempt_admission = false;
    let list = api.matching.recommend(ask(profile)).await.unwrap().into_inner();
    assert!(list.recommendations.is_empty(), "{list:?}");
}

/// The service keeps postings it decoded for earlier answers across upserts, but never one that changed: a
/// posting written again is listed as it is now.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_posting_written_again_is_listed_as_written() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path());
    let mut api = Clients::new(server.channel().await, Some(BACKEND));
    upsert(&mut api, teaching_post("研究生支教团志愿者（初中数学）")).await;
    let profile = exempt_student(&mut api).await;
    let title = |list: &pb::StudentRecommendations| {
        let posting = list.recommendations.iter().filter_map(|r| r.posting.as_ref());
        posting.filter(|p| p.id == "western_plan:ZJT-1").map(|p| p.title.clone()).next().unwrap_or_default()
    };
    let list = api.matching.recommend(ask(profile.clone())).await.unwrap().into_inner();
    assert_eq!(title(&list), "研究生支教团志愿者（初中数学）", "{list:?}");
    upsert(&mut api, teaching_post("研究生支教团志愿者（高中物理）")).await;
    let list = api.matching.recommend(ask(profile.clone())).await.unwrap().into_inner();
    assert_eq!(title(&list), "研究生支教团志愿者（高中物理）", "a stale posting was listed: {list:?}");
    // An unrelated upsert keeps what was decoded, and the list is still right.
    let mut other = teaching_post("社区服务志愿者");
    other.id = "SQ-9".into();
    other.track = String::new();
    upsert(&mut api, other).await;
    let list = api.matching.recommend(ask(profile)).await.unwrap().into_inner();
    assert_eq!(title(&list), "研究生支教团志愿者（高中物理）", "{list:?}");
}

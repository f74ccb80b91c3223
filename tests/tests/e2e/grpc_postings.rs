//! gRPC `Postings`: upsert by stream with a result per record, get, search, delete, error codes.

use jinqiao_tests::server::{violations, Clients, Server, BACKEND};
use matcher_grpc::pb;
use pb::record_result::Outcome;
use tonic::Code;

fn record(id: &str, title: &str) -> pb::PostingInput {
    pb::PostingInput {
        source: "soe_order".into(),
        id: id.into(),
        kind: "job".into(),
        title: title.into(),
        employer: "湖南建工集团有限公司".into(),
        region: "长沙市岳麓区".into(),
        description: "负责施工现场的质量检测与资料整理，要求土木工程相关专业。".into(),
        education: "本科".into(),
        headcount: Some(4),
        pay: "6000-8000元/月".into(),
        posted: "2026-10-20".into(),
        expires: "2027-01-31".into(),
        ..Default::default()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn upsert_reports_each_record_then_get_search_and_delete_see_the_change() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path());
    let mut api = Clients::new(server.channel().await, Some(BACKEND));

    // A sample posting to republish on another platform: it must be merged into the one already held.
    let hits = api
        .postings
        .search_postings(pb::SearchPostingsRequest {
            query: "农业".into(),
            top: 1,
            open_on: "2026-11-01".into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .hits;
    let known = hits[0].posting.clone().unwrap();
    let republished = pb::PostingInput {
        source: "other".into(),
        id: "REPUB-1".into(),
        kind: known.kind.clone(),
        title: known.title.clone(),
        employer: known.employer.clone(),
        region: known.region_code.clone(),
        description: known.description.clone(),
        posted: known.posted.clone(),
        ..Default::default()
    };
    // A record without a place cannot be a posting; one with a kind that cannot be read is kept without it.
    let mut bad = record("SOE-BAD", "测量员");
    bad.region = String::new();
    bad.posted = "not a day".into();
    let mut bad_kind = record("SOE-BAD-KIND", "测量员");
    bad_kind.kind = "forever".into();
    let records = vec![record("SOE-1", "质量检测员"), bad, republished, bad_kind];
    let answer = api.postings.upsert_postings(tokio_stream_of(records)).await.unwrap().into_inner();
    assert_eq!((answer.accepted, answer.merged, answer.rejected, answer.warnings), (2, 1, 1, 1), "{answer:?}");
    let results = answer.results;
    assert_eq!(results.iter().map(|r| r.position).collect::<Vec<_>>(), [1, 2, 3, 4]);
    assert_eq!(results[0].outcome, Some(Outcome::Accepted("soe_order:SOE-1".into())));
    let Some(Outcome::Rejected(rejection)) = &results[1].outcome else { panic!("{:?}", results[1]) };
    let fields: Vec<&str> = rejection.violations.iter().map(|v| v.field.as_str()).collect();
    assert_eq!(fields, ["region"], "only what it cannot do without is reported as the reason");
    assert_eq!(results[1].record_id, "SOE-BAD");
    let Some(Outcome::Merged(merge)) = &results[2].outcome else { panic!("{:?}", results[2]) };
    assert_eq!(merge.into, known.id);
    assert_eq!(results[3].outcome, Some(Outcome::Accepted("soe_order:SOE-BAD-KIND".into())));
    assert_eq!(results[3].warnings[0].field, "kind");
    assert!(results[3].warnings[0].reason.contains("forever"), "{:?}", results[3]);

    // Visible at once: get, search, and the merged posting names both platforms.
    let posting =
        api.postings.get_posting(pb::GetPostingRequest { id: "soe_order:SOE-1".into() }).await.unwrap().into_inner();
    assert_eq!(posting.title, "质量检测员");
    assert_eq!(posting.headcount, Some(4));
    assert_eq!(posting.region_name, "湖南省长沙市岳麓区");
    assert_eq!((posting.pay_min, posting.pay_max), (6000, 8000));
    let merged = api.postings.get_posting(pb::GetPostingRequest { id: known.id.clone() }).await.unwrap().into_inner();
    assert!(merged.sources.contains(&"other:REPUB-1".to_string()), "{:?}", merged.sources);
    let found = api
        .postings
        .search_postings(pb::SearchPostingsRequest {
            query: "质量检测".into(),
            region: "长沙市".into(),
            open_on: "2026-11-01".into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert!(found.hits.iter().any(|h| h.posting.as_ref().unwrap().id == "soe_order:SOE-1"));

    let deleted = api
        .postings
        .delete_postings(pb::DeletePostingsRequest { ids: vec!["soe_order:SOE-1".into(), "soe_order:NOPE".into()] })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(deleted.deleted, 1);
    assert_eq!(deleted.not_found, ["soe_order:NOPE"]);
    let gone = api.postings.get_posting(pb::GetPostingRequest { id: "soe_order:SOE-1".into() }).await.unwrap_err();
    assert_eq!(gone.code(), Code::NotFound);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_arguments_are_invalid_argument_with_the_field() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path());
    let mut api = Clients::new(server.channel().await, Some(BACKEND));
    let status = api
        .postings
        .search_postings(pb::SearchPostingsRequest {
            query: "会计".into(),
            region: "火星".into(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::InvalidArgument);
    assert_eq!(violations(&status)[0].0, "region");
    let status = api
        .postings
        .search_postings(pb::SearchPostingsRequest { query: "会计".into(), top: 1000, ..Default::default() })
        .await
        .unwrap_err();
    assert_eq!(violations(&status)[0].0, "top");
    let status = api.postings.get_posting(pb::GetPostingRequest { id: String::new() }).await.unwrap_err();
    assert_eq!(status.code(), Code::InvalidArgument);
    assert_eq!(violations(&status)[0].0, "id");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn records_with_newlines_quotes_and_commas_come_back_by_their_own_position() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path());
    let mut api = Clients::new(server.channel().await, Some(BACKEND));
    let tricky = "岗位职责：\n1. 负责\"质量\"检测,\r\n2. 整理资料，\"\"\n\n3. 其他\r任务, \"引号\"";
    let mut first = record("SOE-NL-1", "质检员, \"一线\"");
    first.description = tricky.into();
    let mut second = record("SOE-NL-2", "资料员\n（含\"夜班\"）");
    second.description = format!("{tricky}\n{tricky}");
    second.majors = vec!["土木工程".into(), "工程管理、工程造价".into()];
    let mut third = record("SOE-NL-3", "测量员");
    third.description = "\"未闭合的引号,\n换行".into();
    third.region = "火星".into();
    let mut fourth = record("SOE-NL-4", "安全员");
    fourth.description = "\n\n,\",\"\n".repeat(3) + "安全检查";
    let answer =
        api.postings.upsert_postings(tokio_stream_of(vec![first, second, third, fourth])).await.unwrap().into_inner();
    let seen: Vec<(u32, &str)> = answer.results.iter().map(|r| (r.position, r.record_id.as_str())).collect();
    assert_eq!(seen, [(1, "SOE-NL-1"), (2, "SOE-NL-2"), (3, "SOE-NL-3"), (4, "SOE-NL-4")], "{answer:?}");
    for (result, id) in answer.results.iter().zip(["SOE-NL-1", "SOE-NL-2", "", "SOE-NL-4"]) {
        match &result.outcome {
            Some(Outcome::Accepted(stored)) => assert_eq!(stored, &format!("soe_order:{id}")),
            Some(Outcome::Rejected(rejection)) => {
                assert_eq!(result.position, 3, "{result:?}");
                assert_eq!(rejection.violations.iter().map(|v| v.field.as_str()).collect::<Vec<_>>(), ["region"]);
            }
            other => panic!("{other:?}"),
        }
    }
    // What was stored is the text sent, not a re-read of it: quotes and commas as they were, line breaks as
    // `\n`, a title on one line.
    let stored =
        api.postings.get_posting(pb::GetPostingRequest { id: "soe_order:SOE-NL-2".into() }).await.unwrap().into_inner();
    assert_eq!(stored.title, "资料员 （含\"夜班\"）");
    let lines = tricky.replace("\r\n", "\n").replace('\r', "\n");
    assert_eq!(stored.description, format!("{lines}\n{lines}"));
    for major in ["major:081001", "major:120103", "major:120105"] {
        assert!(stored.majors.contains(&major.to_string()), "土木工程, 工程管理, 工程造价: {:?}", stored.majors);
    }
}

fn tokio_stream_of(records: Vec<pb::PostingInput>) -> impl tonic::IntoStreamingRequest<Message = pb::PostingInput> {
    tokio_stream::iter(records)
}

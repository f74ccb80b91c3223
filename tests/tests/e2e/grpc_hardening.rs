//! What an adversarial client sends the service: messages that do not decode, strings that are not UTF-8,
//! oversized messages, days out of range, misnamed fields, empty writes. Each gets the status the proto
//! documents, and the server goes on serving.

use jinqiao_tests::server::{raw_unary, violations, write_config, Clients, Server, BACKEND};
use matcher_grpc::pb;
use prost::Message;
use tonic::Code;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn undecodable_messages_are_invalid_argument_and_oversized_ones_resource_exhausted() {
    let dir = tempfile::tempdir().unwrap();
    write_config(dir.path(), "[limits]\nmax_message_bytes = 4096");
    let server = Server::start(dir.path());
    // Not protobuf at all: a field tag with an invalid wire type.
    let garbage = vec![0x0f, 0xff, 0xff, 0xff, 0xff, 0xff];
    let status = raw_unary(server.channel().await, "/matcher.v1.Postings/GetPosting", garbage, BACKEND).await;
    assert_eq!(status.unwrap_err().code(), Code::InvalidArgument);
    // A string field holding bytes that are not UTF-8: field 1 (id), length 3.
    let not_utf8 = vec![0x0a, 0x03, 0xff, 0xfe, 0xfd];
    let status = raw_unary(server.channel().await, "/matcher.v1.Postings/GetPosting", not_utf8, BACKEND).await;
    assert_eq!(status.unwrap_err().code(), Code::InvalidArgument);
    // Over max_message_bytes.
    let huge = pb::SearchPostingsRequest { query: "会计".repeat(2000), ..Default::default() }.encode_to_vec();
    let status = raw_unary(server.channel().await, "/matcher.v1.Postings/SearchPostings", huge, BACKEND).await;
    assert_eq!(status.unwrap_err().code(), Code::ResourceExhausted);
    // A well-formed request still works.
    let good = pb::GetPostingRequest { id: "nope:1".into() }.encode_to_vec();
    let status = raw_unary(server.channel().await, "/matcher.v1.Postings/GetPosting", good, BACKEND).await;
    assert_eq!(status.unwrap_err().code(), Code::NotFound);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn days_out_of_range_field_paths_and_empty_writes() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path());
    let mut api = Clients::new(server.channel().await, Some(BACKEND));
    let pairings = api.people.get_pairings(pb::GetPairingsRequest::default()).await.unwrap().into_inner();
    let student = pairings.pairings[0].student_ids[0].clone();
    let recommend = |day: &str, campaign: &str| pb::RecommendRequest {
        who: Some(pb::recommend_request::Who::StudentId(student.clone())),
        options: Some(pb::RecommendOptions { top: 3, campaign: campaign.into(), day: day.into() }),
        deliver: false,
    };
    for day in ["1899-12-31", "2201-01-01", "0001-01-01", "9999-12-31"] {
        let status = api.matching.recommend(recommend(day, "")).await.unwrap_err();
        assert_eq!(status.code(), Code::InvalidArgument, "{day}");
        assert_eq!(violations(&status)[0].0, "options.day", "{day}");
    }
    let status = api.matching.recommend(recommend("2026-11-01", "没有这个专场")).await.unwrap_err();
    assert_eq!(status.code(), Code::InvalidArgument);
    assert_eq!(violations(&status)[0].0, "options.campaign");
    assert!(api.matching.recommend(recommend("2026-11-01", "智能制造")).await.is_ok());

    // Empty writes are accepted and change nothing, whichever service.
    let empty = api.postings.upsert_postings(tokio_stream::iter(Vec::<pb::PostingInput>::new())).await.unwrap();
    assert_eq!((empty.get_ref().accepted, empty.get_ref().rejected), (0, 0));
    let empty = api.people.upsert_students(pb::UpsertStudentsRequest { students: vec![] }).await.unwrap();
    assert_eq!((empty.get_ref().accepted, empty.get_ref().rejected), (0, 0));
    let empty = api.people.upsert_cadres(pb::UpsertCadresRequest { cadres: vec![] }).await.unwrap();
    assert_eq!((empty.get_ref().accepted, empty.get_ref().rejected), (0, 0));
    let empty = api.people.set_pairings(pb::SetPairingsRequest { pairs: vec![], replace_all: false }).await.unwrap();
    assert_eq!((empty.get_ref().accepted, empty.get_ref().rejected), (0, 0));
    let after = api.people.get_pairings(pb::GetPairingsRequest::default()).await.unwrap().into_inner();
    assert_eq!(after, pairings);
}

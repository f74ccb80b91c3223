//! Request bounds from the configuration: batch size, message size, deadlines.

use std::time::Duration;

use jinqiao_tests::server::{options, violations, write_config, Clients, Server, BACKEND};
use matcher_grpc::pb;
use tonic::Code;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn batches_messages_and_deadlines_are_bounded() {
    let dir = tempfile::tempdir().unwrap();
    write_config(dir.path(), "[limits]\nmax_batch = 3\nmax_message_bytes = 4096\nrequest_timeout_ms = 5000");
    let server = Server::start(dir.path());
    let mut api = Clients::new(server.channel().await, Some(BACKEND));

    let ids: Vec<String> = (0..4).map(|i| format!("S000000{}", i + 1)).collect();
    let status = api.people.delete_students(pb::DeleteStudentsRequest { ids: ids.clone() }).await.unwrap_err();
    assert_eq!(status.code(), Code::InvalidArgument);
    assert_eq!(violations(&status)[0].0, "ids");
    let status = api
        .matching
        .batch_recommend(pb::BatchRecommendRequest { student_ids: ids, options: options(3) })
        .await
        .unwrap_err();
    assert_eq!(violations(&status)[0].0, "student_ids");
    let records: Vec<pb::PostingInput> =
        (0..4).map(|i| pb::PostingInput { id: format!("X{i}"), ..Default::default() }).collect();
    let status = api.postings.upsert_postings(tokio_stream::iter(records)).await.unwrap_err();
    assert_eq!(violations(&status)[0].0, "records");

    // A message over the limit is refused whole.
    let huge = pb::SearchPostingsRequest { query: "会计".repeat(2000), ..Default::default() };
    let status = api.postings.search_postings(huge).await.unwrap_err();
    assert!(matches!(status.code(), Code::OutOfRange | Code::ResourceExhausted), "{status:?}");

    // A client deadline too short for the work ends the call; the server keeps serving.
    let mut request = tonic::Request::new(pb::BatchRecommendRequest { student_ids: vec![], options: options(10) });
    request.set_timeout(Duration::from_micros(1));
    let status = api.matching.batch_recommend(request).await.unwrap_err();
    assert!(matches!(status.code(), Code::DeadlineExceeded | Code::Cancelled), "{status:?}");
    let ok =
        api.postings.search_postings(pb::SearchPostingsRequest { query: "会计".into(), ..Default::default() }).await;
    assert!(ok.is_ok());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stream_over_its_byte_limit_is_resource_exhausted_before_it_is_held() {
    let dir = tempfile::tempdir().unwrap();
    write_config(dir.path(), "[limits]\nmax_stream_bytes = 100000");
    let server = Server::start(dir.path());
    let mut api = Clients::new(server.channel().await, Some(BACKEND));
    let records: Vec<pb::PostingInput> = (0..200)
        .map(|i| pb::PostingInput { id: format!("X{i}"), description: "长".repeat(1000), ..Default::default() })
        .collect();
    let status = api.postings.upsert_postings(tokio_stream::iter(records)).await.unwrap_err();
    assert_eq!(status.code(), Code::ResourceExhausted, "{status:?}");
    assert!(status.message().contains("max_stream_bytes"));
    let small = vec![pb::PostingInput { id: "X1".into(), ..Default::default() }];
    assert!(api.postings.upsert_postings(tokio_stream::iter(small)).await.is_ok(), "still serving");
}

#[test]
fn a_bad_configuration_is_refused_naming_the_file_and_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("serve.toml");
    std::fs::write(&path, "lisen = \"127.0.0.1:0\"\n[[tokens]]\ntoken = \"0123456789abcdefgh\"\nrole = \"backend\"\n")
        .unwrap();
    let output = jinqiao_tests::matcher(&["serve", "--config", path.to_str().unwrap()]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("serve.toml") && stderr.contains("lisen"), "{stderr}");
    std::fs::write(&path, "[[tokens]]\ntoken = \"short\"\nrole = \"backend\"\n").unwrap();
    let output = jinqiao_tests::matcher(&["serve", "--config", path.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success() && stderr.contains("tokens[0].token"), "{stderr}");
}

//! A `matcher serve` process on 127.0.0.1:0 with a configuration of the test's own, and tonic clients for it.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use matcher_grpc::pb;
use tonic::metadata::MetadataValue;
use tonic::service::interceptor::InterceptedService;
use tonic::transport::Channel;
use tonic::{Request, Status};

/// The backend token the test configuration gives.
pub const BACKEND: &str = "test-backend-token-0123456789";
/// A cadre token, for cadre C00002 (the sample's first paired cadre).
pub const CADRE: &str = "test-cadre-token-C00002-abcdef";
/// That cadre.
pub const CADRE_ID: &str = "C00002";
/// A school token, for 4143012651 (the school of most of the sample's 西部计划 applicants).
pub const SCHOOL: &str = "test-school-token-4143012651-xyz";
/// That school.
pub const SCHOOL_CODE: &str = "4143012651";
/// The day the sample describes.
pub const DAY: &str = "2026-11-01";

/// A running server; stopped (SIGTERM) when dropped.
pub struct Server {
    child: Option<Child>,
    /// Its address, `http://127.0.0.1:PORT`.
    pub url: String,
    /// The web workspace's address (`127.0.0.1:PORT`).
    pub web: Option<String>,
    /// The metrics endpoint's address (`127.0.0.1:PORT`).
    pub metrics: Option<String>,
    /// Its data folder.
    pub data: PathBuf,
}

/// Writes the test configuration in `dir` (data in `dir/data`, the sample loaded when empty).
pub fn write_config(dir: &Path, extra: &str) -> PathBuf {
    let config = format!(
        "listen = \"127.0.0.1:0\"\nweb_listen = \"127.0.0.1:0\"\nmetrics_listen = \"127.0.0.1:0\"\ndata_dir = \"data\"\nseed_sample = true\n{extra}\n\
         [[tokens]]\ntoken = \"{BACKEND}\"\nrole = \"backend\"\n\
         [[tokens]]\ntoken = \"{CADRE}\"\nrole = \"cadre\"\ncadre = \"{CADRE_ID}\"\n\
         [[tokens]]\ntoken = \"{SCHOOL}\"\nrole = \"school\"\nschool = \"{SCHOOL_CODE}\"\n"
    );
    let path = dir.join("serve.toml");
    std::fs::write(&path, config).expect("write config");
    path
}

impl Server {
    /// Starts `matcher serve --config <dir>/serve.toml` (written if missing) and waits until it listens.
    pub fn start(dir: &Path) -> Server {
        Server::start_with(dir, None)
    }

    /// Like [`Server::start`], with the log at its default level, in JSON lines, written to `log`.
    pub fn start_logged(dir: &Path, log: &Path) -> Server {
        Server::start_with(dir, Some(log))
    }

    fn start_with(dir: &Path, log: Option<&Path>) -> Server {
        let config = dir.join("serve.toml");
        if !config.exists() {
            write_config(dir, "");
        }
        let mut command = Command::new(crate::matcher_bin());
        command.args(["serve", "--config"]).arg(&config).stdout(Stdio::piped());
        match log {
            Some(path) => {
                let file = std::fs::File::create(path).expect("create the log file");
                command.args(["--log-format", "json"]).env_remove("RUST_LOG").stderr(file);
            }
            None => {
                command.env("RUST_LOG", "warn").stderr(Stdio::inherit());
            }
        }
        let mut child = command.spawn().expect("start matcher serve");
        let stdout = child.stdout.take().expect("stdout");
        let mut lines = BufReader::new(stdout).lines();
        let mut address = None;
        let mut web = None;
        let mut metrics = None;
        for line in lines.by_ref() {
            let line = line.expect("read stdout");
            if let Some((_, addr)) = line.split_once("workspace on http://") {
                web = Some(addr.trim().to_string());
            }
            if let Some((_, addr)) = line.split_once("metrics on http://") {
                metrics = Some(addr.trim().trim_end_matches("/metrics").to_string());
            }
            if let Some((_, addr)) = line.split_once("listening on ") {
                address = Some(addr.trim().to_string());
                break;
            }
        }
        let address = address.unwrap_or_else(|| panic!("the server exited before listening: {:?}", child.wait()));
        // Keep draining stdout so the server never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        Server { child: Some(child), url: format!("http://{address}"), web, metrics, data: dir.join("data") }
    }

    /// Sends SIGTERM and returns the exit status. Drop the clients first, on a multi-threaded runtime: the
    /// server finishes what is in flight and waits (up to its grace period) for open connections to close.
    pub fn stop(mut self) -> std::process::ExitStatus {
        let mut child = self.child.take().expect("server was running");
        let _ = Command::new("kill").args(["-TERM", &child.id().to_string()]).status();
        child.wait().expect("wait for the server")
    }

    /// Kills it at once (SIGKILL), as a crash would.
    pub fn kill(self) {
        drop(self);
    }

    /// A channel to it.
    pub async fn channel(&self) -> Channel {
        Channel::from_shared(self.url.clone()).expect("url").connect().await.expect("connect")
    }
}

/// A server left running when its test ends is killed at once (a test that checks the graceful stop calls
/// [`Server::stop`]). A graceful stop would wait out the grace period (30 s) for connections of clients whose
/// runtime is blocked in this very drop, as a `#[tokio::test]`'s single thread is: that wait once made the
/// tests of case files take 90 s instead of 10.
impl Drop for Server {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// Adds a bearer token to every request.
#[derive(Clone)]
pub struct Token(pub Option<&'static str>);

impl tonic::service::Interceptor for Token {
    fn call(&mut self, mut request: Request<()>) -> Result<Request<()>, Status> {
        if let Some(token) = self.0 {
            let value: MetadataValue<_> = format!("Bearer {token}").parse().expect("header");
            request.metadata_mut().insert("authorization", value);
        }
        Ok(request)
    }
}

type Authed = InterceptedService<Channel, Token>;

/// Clients of the seven services, all with one token.
pub struct Clients {
    /// Postings.
    pub postings: pb::postings_client::PostingsClient<Authed>,
    /// People.
    pub people: pb::people_client::PeopleClient<Authed>,
    /// Matching.
    pub matching: pb::matching_client::MatchingClient<Authed>,
    /// Outcomes.
    pub outcomes: pb::outcomes_client::OutcomesClient<Authed>,
    /// Case files.
    pub cases: pb::cases_client::CasesClient<Authed>,
    /// Progress reports.
    pub reports: pb::reports_client::ReportsClient<Authed>,
    /// The plan's other programmes.
    pub programmes: pb::programmes_client::ProgrammesClient<Authed>,
}

impl Clients {
    /// Clients over `channel` sending `token` (None: no header).
    pub fn new(channel: Channel, token: Option<&'static str>) -> Clients {
        let token = Token(token);
        Clients {
            postings: pb::postings_client::PostingsClient::with_interceptor(channel.clone(), token.clone()),
            people: pb::people_client::PeopleClient::with_interceptor(channel.clone(), token.clone()),
            matching: pb::matching_client::MatchingClient::with_interceptor(channel.clone(), token.clone()),
            outcomes: pb::outcomes_client::OutcomesClient::with_interceptor(channel.clone(), token.clone()),
            cases: pb::cases_client::CasesClient::with_interceptor(channel.clone(), token.clone()),
            reports: pb::reports_client::ReportsClient::with_interceptor(channel.clone(), token.clone()),
            programmes: pb::programmes_client::ProgrammesClient::with_interceptor(channel, token),
        }
    }
}

/// A cadre's paired students whose case files say they still seek work (the sample's year settled some).
pub async fn seeking_students(api: &mut Clients, cadre: &str) -> Vec<String> {
    let request = pb::CadreStudentsRequest { cadre_id: cadre.into() };
    let answer = api.cases.cadre_students(request).await.expect("CadreStudents").into_inner();
    answer
        .students
        .into_iter()
        .filter(|s| s.summary.as_ref().is_some_and(|summary| summary.status == "seeking"))
        .map(|s| s.student_id)
        .collect()
}

/// Options for the sample's day.
pub fn options(top: u32) -> Option<pb::RecommendOptions> {
    Some(pb::RecommendOptions { top, campaign: String::new(), day: DAY.to_string() })
}

/// The field violations of an InvalidArgument status.
pub fn violations(status: &Status) -> Vec<(String, String)> {
    use tonic_types::StatusExt;
    status
        .get_details_bad_request()
        .map(|b| b.field_violations.into_iter().map(|v| (v.field, v.description)).collect())
        .unwrap_or_default()
}

/// Bytes sent and received as they are: a client that can send what no generated client would (a message
/// that is not protobuf, a string that is not UTF-8).
#[derive(Debug, Clone, Copy, Default)]
pub struct RawCodec;

impl tonic::codec::Codec for RawCodec {
    type Encode = Vec<u8>;
    type Decode = Vec<u8>;
    type Encoder = RawCodec;
    type Decoder = RawCodec;
    fn encoder(&mut self) -> RawCodec {
        RawCodec
    }
    fn decoder(&mut self) -> RawCodec {
        RawCodec
    }
}

impl tonic::codec::Encoder for RawCodec {
    type Item = Vec<u8>;
    type Error = Status;
    fn encode(&mut self, item: Vec<u8>, dst: &mut tonic::codec::EncodeBuf<'_>) -> Result<(), Status> {
        bytes::BufMut::put_slice(dst, &item);
        Ok(())
    }
}

impl tonic::codec::Decoder for RawCodec {
    type Item = Vec<u8>;
    type Error = Status;
    fn decode(&mut self, src: &mut tonic::codec::DecodeBuf<'_>) -> Result<Option<Vec<u8>>, Status> {
        let bytes = bytes::Buf::copy_to_bytes(src, bytes::Buf::remaining(src));
        Ok(Some(bytes.to_vec()))
    }
}

/// Calls a unary method (`/matcher.v1.Postings/GetPosting`) with raw bytes and a token.
pub async fn raw_unary(channel: Channel, path: &'static str, body: Vec<u8>, token: &str) -> Result<Vec<u8>, Status> {
    let mut grpc = tonic::client::Grpc::new(channel);
    grpc.ready().await.map_err(|e| Status::unknown(e.to_string()))?;
    let mut request = Request::new(body);
    let value: MetadataValue<_> = format!("Bearer {token}").parse().expect("header");
    request.metadata_mut().insert("authorization", value);
    let path = tonic::codegen::http::uri::PathAndQuery::from_static(path);
    grpc.unary(request, path, RawCodec).await.map(tonic::Response::into_inner)
}

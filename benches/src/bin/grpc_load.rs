//! `grpc-load`: a closed-loop gRPC load generator on loopback. Loads students into a running `matcher serve`
//! (UpsertStudents), then, for each measured call, keeps `--concurrency` requests in flight over
//! `--connections` HTTP/2 connections for `--seconds` after a warm-up, and prints requests/s and latency
//! percentiles. The baseline, measured in the same run with the same settings, is `grpc.health.v1` Check:
//! the cost of gRPC itself on this machine.
//!
//! Recommend is measured twice: *computed*, where every request is one the server has not answered before
//! (the students in turn, each pass on the next day, so no kept list applies), and *repeated*, where every
//! student's list was asked for once before (the server keeps recent lists until the student or the
//! catalog changes).
//!
//! Answers are read as bytes and one in `--check-every` is decoded and checked (the student asked for, a
//! well-formed message): decoding every answer (about 14 kB at top 10) took this process 0.36 instead of 0.25
//! cores in a computed run and 0.79 instead of 0.57 in a repeated one, on the server's cores. With
//! `--server-pid`, each run also reports the CPU the server and this process used while measured (Linux
//! `/proc`), and the server's CPU time per request.
//!
//! `grpc-load --addr 127.0.0.1:50051 --token-file T --students students.jsonl [--concurrency 64]`

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use clap::Parser;
use jinqiao_benches::answer_bytes::AnswerBytes;
use matcher_core::Student;
use matcher_grpc::pb;
use matcher_grpc::service::convert;
use prost::Message;
use tonic::codegen::http::uri::PathAndQuery;
use tonic::metadata::MetadataValue;
use tonic::transport::Channel;

#[derive(Debug, Parser)]
struct Args {
    /// Server address (loopback).
    #[arg(long, default_value = "127.0.0.1:50051")]
    addr: String,
    /// File holding a backend token.
    #[arg(long)]
    token_file: PathBuf,
    /// Students (JSON Lines, as `matcher generate` writes) to upsert and to ask for.
    #[arg(long)]
    students: PathBuf,
    /// Requests in flight.
    #[arg(long, default_value_t = 64)]
    concurrency: usize,
    /// HTTP/2 connections shared by the requests.
    #[arg(long, default_value_t = 4)]
    connections: usize,
    /// Measured seconds per call kind.
    #[arg(long, default_value_t = 20)]
    seconds: u64,
    /// Warm-up seconds before each measurement.
    #[arg(long, default_value_t = 3)]
    warmup: u64,
    /// Postings per list.
    #[arg(long, default_value_t = 10)]
    top: u32,
    /// The day lists are made for.
    #[arg(long, default_value = "2026-11-01")]
    day: String,
    /// Skip loading the students (already stored).
    #[arg(long)]
    no_upsert: bool,
    /// Also measure computed Recommend while postings are upserted: one UpsertPostings of
    /// `--upsert-records` new records every this many milliseconds (0: not measured).
    #[arg(long, default_value_t = 0)]
    upsert_every_ms: u64,
    /// Records per UpsertPostings while loading.
    #[arg(long, default_value_t = 100)]
    upsert_records: usize,
    /// Decode and check one Recommend answer in this many (1: every answer).
    #[arg(long, default_value_t = 64, value_parser = clap::value_parser!(u64).range(1..))]
    check_every: u64,
    /// The server's process id, to report the CPU it uses while measured.
    #[arg(long)]
    server_pid: Option<u32>,
}

/// Latencies of one run, in microseconds.
struct Run {
    latencies: Vec<u64>,
    errors: usize,
    elapsed: Duration,
    /// CPU seconds used while measured: the server's (when its pid is known) and this process's.
    cpu: Option<(Option<f64>, f64)>,
}

/// CPU seconds (user and system) a process has used, from `/proc/PID/stat` (in USER_HZ, 100 a second). The
/// server's CPU per request divides all it used while measured (an upserting run's writes included) by the
/// requests answered or failed.
fn cpu_seconds(pid: &str) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The fields after the command name (which may hold spaces), from the state (field 3) on.
    let fields: Vec<&str> = stat.get(stat.rfind(')')? + 1..)?.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<u64>().ok());
    Some((ticks(11)? + ticks(12)?) as f64 / 100.0)
}

/// The server's and this process's CPU seconds now.
fn cpu_now(server: Option<u32>) -> (Option<f64>, Option<f64>) {
    (server.and_then(|pid| cpu_seconds(&pid.to_string())), cpu_seconds("self"))
}

impl Run {
    fn report(&mut self, name: &str) {
        self.latencies.sort_unstable();
        let n = self.latencies.len();
        let at = |q: f64| self.latencies.get(((n as f64 * q) as usize).min(n.saturating_sub(1))).copied().unwrap_or(0);
        println!(
            "{name:<28} {:>9.0} req/s  p50 {:>6.2} ms  p90 {:>6.2} ms  p99 {:>6.2} ms  max {:>7.2} ms  ({n} ok, {} errors, {:.1} s)",
            n as f64 / self.elapsed.as_secs_f64(),
            at(0.50) as f64 / 1000.0,
            at(0.90) as f64 / 1000.0,
            at(0.99) as f64 / 1000.0,
            self.latencies.last().copied().unwrap_or(0) as f64 / 1000.0,
            self.errors,
            self.elapsed.as_secs_f64(),
        );
        if let Some((server, own)) = self.cpu {
            let seconds = self.elapsed.as_secs_f64().max(f64::EPSILON);
            let server = server.map_or(String::new(), |cpu| {
                format!(
                    "server {:.2} cores ({:.3} ms a request), ",
                    cpu / seconds,
                    1000.0 * cpu / (n.max(1) + self.errors) as f64
                )
            });
            println!("{:<28} CPU while measured: {server}load generator {:.2} cores", "", own / seconds);
        }
    }
}

/// Keeps `concurrency` calls of `call(i)` in flight; measures after `warmup` for `seconds`.
async fn closed_loop<F, Fut>(
    concurrency: usize,
    warmup: Duration,
    seconds: Duration,
    server: Option<u32>,
    call: F,
) -> Run
where
    F: Fn(usize) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = bool> + Send,
{
    let call = Arc::new(call);
    let stop = Arc::new(AtomicBool::new(false));
    let start = Instant::now();
    let measure_from = start + warmup;
    let mut tasks = Vec::new();
    for worker in 0..concurrency {
        let call = call.clone();
        let stop = stop.clone();
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut errors = 0;
            let mut i = worker;
            while !stop.load(Ordering::Relaxed) {
                let began = Instant::now();
                let ok = call(i).await;
                if began >= measure_from && !stop.load(Ordering::Relaxed) {
                    if ok {
                        latencies.push(began.elapsed().as_micros() as u64);
                    } else {
                        errors += 1;
                    }
                }
                i += concurrency;
            }
            (latencies, errors)
        }));
    }
    tokio::time::sleep_until(measure_from.into()).await;
    let before = cpu_now(server);
    tokio::time::sleep(seconds).await;
    stop.store(true, Ordering::Relaxed);
    let after = cpu_now(server);
    let elapsed = Instant::now().saturating_duration_since(measure_from);
    let used = |a: Option<f64>, b: Option<f64>| Some(b? - a?);
    let cpu = used(before.1, after.1).map(|own| (used(before.0, after.0), own));
    let mut run = Run { latencies: Vec::new(), errors: 0, elapsed, cpu };
    for task in tasks {
        let (latencies, errors) = task.await.expect("worker");
        run.latencies.extend(latencies);
        run.errors += errors;
    }
    run
}

/// Upserts `records` new postings every `every` until stopped; their latencies.
async fn upsert_loop(
    channels: Vec<Channel>,
    bearer: MetadataValue<tonic::metadata::Ascii>,
    every: Duration,
    records: usize,
    stop: Arc<AtomicBool>,
) -> Run {
    let mut client = pb::postings_client::PostingsClient::new(channels[0].clone());
    let started = Instant::now();
    let mut run = Run { latencies: Vec::new(), errors: 0, elapsed: Duration::ZERO, cpu: None };
    let mut round = 0usize;
    let titles = ["质量检测员", "会计助理", "软件测试工程师", "客户经理", "行政专员", "机械设计助理", "电商运营"];
    let places = ["长沙市岳麓区", "株洲市天元区", "湘潭市雨湖区", "衡阳市蒸湘区", "岳阳市岳阳楼区", "常德市武陵区"];
    while !stop.load(Ordering::Relaxed) {
        let began = Instant::now();
        let batch: Vec<pb::PostingInput> = (0..records)
            .map(|i| {
                let n = round * records + i;
                pb::PostingInput {
                    source: "soe_order".into(),
                    id: format!("LOAD-{n}"),
                    kind: "job".into(),
                    title: format!("{}（{n}号）", titles[n % titles.len()]),
                    employer: format!("湖南负载测试{n}有限公司"),
                    region: places[n % places.len()].into(),
                    description: format!("负责{}相关工作，第{n}批次，要求本科及以上学历。", titles[n % titles.len()]),
                    education: "本科".into(),
                    headcount: Some(3),
                    pay: "5000-8000元/月".into(),
                    posted: "2026-10-25".into(),
                    expires: "2027-01-31".into(),
                    ..Default::default()
                }
            })
            .collect();
        let mut request = tonic::Request::new(tokio_stream::iter(batch));
        request.metadata_mut().insert("authorization", bearer.clone());
        match client.upsert_postings(request).await {
            Ok(_) => run.latencies.push(began.elapsed().as_micros() as u64),
            Err(_) => run.errors += 1,
        }
        round += 1;
        tokio::time::sleep(every.saturating_sub(began.elapsed())).await;
    }
    run.elapsed = started.elapsed();
    run
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let token = std::fs::read_to_string(&args.token_file)?.trim().to_string();
    let bearer: MetadataValue<_> = format!("Bearer {token}").parse()?;
    let mut channels = Vec::new();
    for _ in 0..args.connections.max(1) {
        channels.push(Channel::from_shared(format!("http://{}", args.addr))?.connect().await?);
    }
    // The generator writes students as the core's `Student`; the service's own conversion makes messages.
    let records: Vec<Student> = std::fs::read_to_string(&args.students)?
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(serde_json::from_str)
        .collect::<Result<_, _>>()?;
    let seekers: Vec<String> = records.iter().filter(|s| s.intent.seeks_work()).map(|s| s.id.to_string()).collect();
    if !args.no_upsert {
        let mut people = pb::people_client::PeopleClient::new(channels[0].clone()).max_decoding_message_size(64 << 20);
        let started = Instant::now();
        let mut accepted = 0;
        for chunk in records.chunks(2_000) {
            let mut request = tonic::Request::new(pb::UpsertStudentsRequest {
                students: chunk.iter().map(convert::student).collect(),
            });
            request.metadata_mut().insert("authorization", bearer.clone());
            accepted += people.upsert_students(request).await?.into_inner().accepted;
        }
        println!("upserted {accepted} of {} students in {:.1} s", records.len(), started.elapsed().as_secs_f64());
    }
    println!(
        "{} job seekers asked for in turn; {} in flight over {} connections; {} s measured after {} s warm-up",
        seekers.len(),
        args.concurrency,
        channels.len(),
        args.seconds,
        args.warmup
    );
    let warmup = Duration::from_secs(args.warmup);
    let seconds = Duration::from_secs(args.seconds);

    let health_channels = channels.clone();
    let mut baseline = closed_loop(args.concurrency, warmup, seconds, args.server_pid, move |i| {
        let mut client =
            tonic_health::pb::health_client::HealthClient::new(health_channels[i % health_channels.len()].clone());
        async move { client.check(tonic_health::pb::HealthCheckRequest { service: String::new() }).await.is_ok() }
    })
    .await;
    baseline.report("health Check (baseline)");

    let (channels_for_upserts, bearer_for_upserts) = (channels.clone(), bearer.clone());
    let seekers = Arc::new(seekers);
    let first_day = chrono::NaiveDate::parse_from_str(&args.day, "%Y-%m-%d")?;
    let top = args.top;
    let check_every = args.check_every as usize;
    let recommend = move |pass_days: bool| {
        let channels = channels.clone();
        let seekers = seekers.clone();
        let bearer = bearer.clone();
        // Answers are numbered as they are asked for, across workers and connections, so that the ones
        // checked are spread over all of them (a worker's own call numbers step by the concurrency).
        let asked_so_far = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        move |i: usize| {
            let number = asked_so_far.fetch_add(1, Ordering::Relaxed);
            let mut client = tonic::client::Grpc::new(channels[i % channels.len()].clone());
            let asked = seekers[i % seekers.len()].clone();
            // A new day for each pass over the students makes every request new to the server.
            let offset = if pass_days { (i / seekers.len()) as u64 } else { 0 };
            let day = first_day + chrono::Days::new(offset);
            let mut request = tonic::Request::new(pb::RecommendRequest {
                who: Some(pb::recommend_request::Who::StudentId(asked.clone())),
                options: Some(pb::RecommendOptions { top, campaign: String::new(), day: day.to_string() }),
                deliver: false,
            });
            request.metadata_mut().insert("authorization", bearer.clone());
            async move {
                if client.ready().await.is_err() {
                    return false;
                }
                let path = PathAndQuery::from_static("/matcher.v1.Matching/Recommend");
                let Ok(answer) = client.unary(request, path, AnswerBytes::default()).await else {
                    return false;
                };
                let bytes = answer.into_inner();
                if !number.is_multiple_of(check_every) {
                    return !bytes.is_empty();
                }
                pb::StudentRecommendations::decode(bytes).is_ok_and(|list| list.student_id == asked)
            }
        }
    };
    let mut computed = closed_loop(args.concurrency, warmup, seconds, args.server_pid, recommend(true)).await;
    computed.report("Recommend, computed");
    if args.upsert_every_ms > 0 {
        let stop = Arc::new(AtomicBool::new(false));
        let writer = tokio::spawn(upsert_loop(
            channels_for_upserts.clone(),
            bearer_for_upserts.clone(),
            Duration::from_millis(args.upsert_every_ms),
            args.upsert_records,
            stop.clone(),
        ));
        let mut during = closed_loop(args.concurrency, warmup, seconds, args.server_pid, recommend(true)).await;
        stop.store(true, Ordering::Relaxed);
        let mut upserts = writer.await.expect("upsert loop");
        during.report("Recommend, computed, upserting");
        upserts.report(&format!("UpsertPostings ({} records)", args.upsert_records));
    }
    // The computed run asked for every student on the first day first (unless it was too short to).
    let mut repeated = closed_loop(args.concurrency, warmup, seconds, args.server_pid, recommend(false)).await;
    repeated.report("Recommend, repeated");
    Ok(())
}

//! `matcher serve`: the gRPC service. With no arguments it runs on the embedded sample in
//! `./jinqiao-serve-data` at 127.0.0.1:50051, with development tokens written to files there (never
//! printed); with `--config FILE` everything comes from the file.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use matcher_core::CadreId;
use matcher_grpc::service::config::{address, Limits, Principal, ServeConfig, MIN_TOKEN_CHARS};
use matcher_grpc::service::engine::Engine;
use matcher_grpc::service::incoming::OpenConnections;
use matcher_grpc::service::server;
use matcher_grpc::telemetry::metrics::Gauges;
use rand::distr::{Alphanumeric, SampleString};

/// Arguments of `matcher serve`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  matcher serve                    # the embedded sample, 127.0.0.1:50051 (web :50052, metrics :50053)\n  matcher serve --config serve.toml --log-format json"
)]
pub struct ServeArgs {
    /// Configuration file (TOML; README "gRPC service"). Without it: the embedded sample, development tokens.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Address to listen on, overriding the configuration: host:port, e.g. 127.0.0.1:50051 or
    /// localhost:50051 (port 0: any free port).
    #[arg(long, value_name = "ADDR", value_parser = address)]
    listen: Option<std::net::SocketAddr>,
    /// Data folder (index and store), overriding the configuration.
    #[arg(long, value_name = "DIR")]
    data: Option<PathBuf>,
    /// Address of the web workspace (default 127.0.0.1:50052 with no --config; a configuration file sets
    /// `web_listen`).
    #[arg(long, value_name = "ADDR", value_parser = address)]
    web_listen: Option<std::net::SocketAddr>,
    /// Address of the Prometheus endpoint, GET /metrics (default 127.0.0.1:50053 with no --config; a
    /// configuration file sets `metrics_listen`).
    #[arg(long, value_name = "ADDR", value_parser = address)]
    metrics_listen: Option<std::net::SocketAddr>,
}

pub fn run(args: ServeArgs) -> anyhow::Result<ExitCode> {
    let development = args.config.is_none();
    let mut config = match &args.config {
        Some(path) => ServeConfig::load(path)?,
        None => ServeConfig {
            listen: "127.0.0.1:50051".parse()?,
            data_dir: PathBuf::from("jinqiao-serve-data"),
            seed_sample: true,
            tokens: HashMap::new(),
            limits: Limits::default(),
            scoring: matcher_core::ScoringConfig::builtin(),
            tls: None,
            allow_plaintext: false,
            web_listen: Some("127.0.0.1:50052".parse()?),
            metrics_listen: Some("127.0.0.1:50053".parse()?),
        },
    };
    if let Some(listen) = args.listen {
        config.listen = listen;
    }
    if let Some(web) = args.web_listen {
        config.web_listen = Some(web);
    }
    if let Some(metrics) = args.metrics_listen {
        config.metrics_listen = Some(metrics);
    }
    config.check_plaintext()?;
    if let Some(data) = args.data {
        config.data_dir = data;
    }
    // The ports first: one in use is reported before anything is written to the data folder.
    let listener = bind(config.listen, "")?;
    let web_listener = config.web_listen.map(|web| bind(web, " (web_listen)")).transpose()?;
    let metrics_listener = config.metrics_listen.map(|m| bind(m, " (metrics_listen)")).transpose()?;
    let engine = Engine::open(&config.data_dir, config.scoring.clone(), config.limits.clone())
        .with_context(|| format!("opening the data in {}", config.data_dir.display()))?;
    if config.seed_sample && engine.seed_sample()? {
        println!("loaded the embedded sample into {}", config.data_dir.display());
    }
    let mut example = None;
    if development {
        let (tokens, first) = development_tokens(&config.data_dir, &engine)?;
        config.tokens = tokens;
        example = first;
    }
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    // The embedded sample describes one day: its lists (and the warm-up's) are made as of that day; other data
    // as of each request's day.
    let sample_day = config.seed_sample.then(matcher_grpc::sample_data::day);
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener)?;
        let address = listener.local_addr()?;
        let (stopping, stopped) = tokio::sync::watch::channel(false);
        let terminated = server::termination();
        tokio::spawn(async move {
            terminated.await;
            let _ = stopping.send(true);
        });
        let until_stopped = |mut stopped: tokio::sync::watch::Receiver<bool>| async move {
            let _ = stopped.wait_for(|stop| *stop).await;
        };
        let engine = Arc::new(engine);
        let mut workspace = None;
        let mut web_at = None;
        if let Some(web_listener) = web_listener {
            let web_listener = tokio::net::TcpListener::from_std(web_listener)?;
            let web_address = web_listener.local_addr()?;
            let web = matcher_grpc::web::Web::new(
                engine.clone(),
                config.tokens.clone(),
                sample_day,
                !web_address.ip().is_loopback(),
            );
            println!("workspace on http://{web_address}");
            web_at = Some(web_address);
            workspace = Some(tokio::spawn(matcher_grpc::web::serve(
                Arc::new(web),
                web_listener,
                until_stopped(stopped.clone()),
            )));
        }
        let open = OpenConnections::default();
        let mut metrics = None;
        if let Some(metrics_listener) = metrics_listener {
            let metrics_listener = tokio::net::TcpListener::from_std(metrics_listener)?;
            println!("metrics on http://{}/metrics", metrics_listener.local_addr()?);
            let (engine, open) = (engine.clone(), open.clone());
            let gauges = Arc::new(move || {
                let vitals = engine.vitals();
                Gauges {
                    catalog_postings: vitals.catalog_postings,
                    store_bytes: vitals.store_bytes,
                    index_bytes: vitals.index_bytes,
                    cache_bytes: vitals.cache_bytes,
                    open_connections: open.count() as u64,
                }
            });
            metrics = Some(tokio::spawn(matcher_grpc::telemetry::serve_metrics(
                gauges,
                metrics_listener,
                until_stopped(stopped.clone()),
            )));
        }
        println!("{} postings; listening on {address}", engine.postings.count());
        // The first list and the office's first page would otherwise pay the first-use costs.
        let day = sample_day.unwrap_or_else(|| chrono::Local::now().date_naive());
        let warming = engine.clone();
        std::thread::spawn(move || match warming.warm(day) {
            Ok(took) => tracing::info!(ms = took.as_millis() as u64, "warmed up"),
            Err(error) => tracing::warn!(%error, "warming up failed (the first requests pay instead)"),
        });
        if development {
            print_usage(address, &config.data_dir, example.as_ref());
            if let Some(web) = web_at {
                let tokens = config.data_dir.join("tokens");
                println!("open the web workspace in a browser: http://{web}");
                if let Some(example) = &example {
                    println!("  a cadre signs in with the token in {}", example.token.display());
                }
                println!(
                    "  the League office (progress report) with the token in {}",
                    tokens.join("backend.token").display()
                );
            }
        }
        server::serve(engine, &config, listener, &open, until_stopped(stopped)).await?;
        for task in [workspace, metrics].into_iter().flatten() {
            let _ = task.await;
        }
        println!("stopped: every acknowledged write is on disk");
        anyhow::Ok(())
    })?;
    Ok(ExitCode::SUCCESS)
}

/// A listening socket, ready for the runtime.
fn bind(address: std::net::SocketAddr, what: &str) -> anyhow::Result<std::net::TcpListener> {
    let listener = std::net::TcpListener::bind(address).with_context(|| format!("listening on {address}{what}"))?;
    listener.set_nonblocking(true)?;
    Ok(listener)
}

/// Development tokens in `<data>/tokens/`: one backend token, and one for the first paired cadre. Made once
/// (random, 32 characters), kept across restarts, readable by the owner only.
fn development_tokens(data: &Path, engine: &Engine) -> anyhow::Result<(HashMap<String, Principal>, Option<Example>)> {
    let dir = data.join("tokens");
    matcher_grpc::private::create_dir_all(&dir)?;
    let mut tokens = HashMap::new();
    tokens.insert(token_file(&dir.join("backend.token"))?, Principal::Backend);
    let first = engine.pairings.get(None)?.into_iter().find(|p| !p.students.is_empty());
    let mut cadre = None;
    if let Some(pairing) = first {
        let path = dir.join(format!("cadre-{}.token", pairing.cadre));
        tokens.insert(token_file(&path)?, Principal::Cadre(pairing.cadre.clone()));
        let student = best_listed(engine, &pairing.students).unwrap_or_else(|| pairing.students[0].clone());
        cadre = Some(Example { cadre: pairing.cadre, student: student.to_string(), token: path });
    }
    Ok((tokens, cadre))
}

/// Of these students, the one with the longest list on the sample's day (for the printed example).
fn best_listed(engine: &Engine, students: &[matcher_core::StudentId]) -> Option<matcher_core::StudentId> {
    let options = matcher_core::RecommendOptions {
        day: matcher_grpc::sample_data::day(),
        top: 3,
        campaign: None,
        allocate: true,
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let lists = engine.matching.recommend(engine.people.students(students).ok()?, &options, deadline).ok()?;
    lists.batch.students.iter().max_by_key(|s| s.recommendations.len()).map(|s| s.student.clone())
}

/// A paired cadre, one of their students and the cadre's token file, for the printed examples.
struct Example {
    cadre: CadreId,
    student: String,
    token: PathBuf,
}

/// A development token: read from its file, or made (random, 32 characters) in a new file readable by the
/// owner only from the moment it exists. A file holding a token too short to be safe (emptied by hand, say)
/// is refused, never used.
fn token_file(path: &Path) -> anyhow::Result<String> {
    if let Ok(text) = std::fs::read_to_string(path) {
        let token = text.trim().to_string();
        if token.chars().count() < MIN_TOKEN_CHARS || token.chars().any(char::is_whitespace) {
            anyhow::bail!(
                "{} holds no usable token (at least {MIN_TOKEN_CHARS} characters, no spaces): delete it to have a new one made",
                path.display()
            );
        }
        return Ok(token);
    }
    let token = Alphanumeric.sample_string(&mut rand::rng(), 32);
    let mut file = matcher_grpc::private::create_new(path)?;
    std::io::Write::write_all(&mut file, token.as_bytes()).with_context(|| format!("writing {}", path.display()))?;
    Ok(token)
}

fn print_usage(address: std::net::SocketAddr, data: &Path, example: Option<&Example>) {
    let backend = data.join("tokens").join("backend.token");
    println!("development tokens (never printed): {}", backend.display());
    println!("call it, e.g. with grpcurl (reflection is on):");
    println!("  grpcurl -plaintext {address} list");
    let Some(example) = example else { return };
    let day = matcher_grpc::sample_data::day();
    println!(
        "  grpcurl -plaintext -H \"authorization: Bearer $(cat {})\" -d '{{\"student_id\":\"{}\",\"options\":{{\"top\":3,\"day\":\"{day}\"}}}}' {address} matcher.v1.Matching/Recommend",
        backend.display(),
        example.student
    );
    println!(
        "  grpcurl -plaintext -H \"authorization: Bearer $(cat {})\" -d '{{\"cadre_id\":\"{}\",\"options\":{{\"day\":\"{day}\"}}}}' {address} matcher.v1.Matching/RecommendForCadre",
        example.token.display(),
        example.cadre
    );
    println!("stop with Ctrl-C or SIGTERM (finishes requests in flight)");
}

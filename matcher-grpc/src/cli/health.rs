//! `matcher health`: asks a running service over `grpc.health.v1` whether it serves (a container's or a
//! service manager's health check, with no other tool in the image). Exit 0 when it serves, 1 when it answers
//! otherwise (starting, stopping), 2 when it cannot be reached.

use std::process::ExitCode;
use std::time::Duration;

use tonic_health::pb::health_check_response::ServingStatus;
use tonic_health::pb::health_client::HealthClient;
use tonic_health::pb::HealthCheckRequest;

use matcher_grpc::service::config::address;

/// Arguments of `matcher health`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  matcher health                       # the main job at 127.0.0.1:50051\n  \
                        matcher health --address 127.0.0.1:50061 --service matcher.v1.Matching")]
pub struct HealthArgs {
    /// The service's address (plaintext gRPC; behind TLS, check the proxy instead).
    #[arg(long, default_value = "127.0.0.1:50051", value_parser = address)]
    address: std::net::SocketAddr,
    /// One service (e.g. matcher.v1.Matching); default: the server as a whole.
    #[arg(long, default_value = "")]
    service: String,
    /// Seconds to wait for an answer.
    #[arg(long, default_value_t = 5)]
    timeout: u64,
}

pub fn run(args: HealthArgs) -> anyhow::Result<ExitCode> {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    let answer = runtime.block_on(async {
        let endpoint = tonic::transport::Endpoint::from_shared(format!("http://{}", args.address))?
            .connect_timeout(Duration::from_secs(args.timeout))
            .timeout(Duration::from_secs(args.timeout));
        let channel = endpoint.connect().await?;
        let reply = HealthClient::new(channel).check(HealthCheckRequest { service: args.service.clone() }).await?;
        anyhow::Ok(reply.into_inner().status)
    });
    match answer {
        Ok(status) if status == ServingStatus::Serving as i32 => {
            println!("{}: serving", args.address);
            Ok(ExitCode::SUCCESS)
        }
        Ok(status) => {
            let name = ServingStatus::try_from(status).map_or("unknown", |s| s.as_str_name());
            println!("{}: {name}", args.address);
            Ok(ExitCode::from(1))
        }
        Err(error) => {
            eprintln!("error: {}: {error:#}", args.address);
            Ok(ExitCode::from(super::output::USAGE))
        }
    }
}

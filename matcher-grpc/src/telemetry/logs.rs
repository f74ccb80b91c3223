//! Where logs go and how they look: always stderr; `text` (coloured only on a terminal) or `json` (one object
//! per line, for collectors). `auto` is JSON for `matcher serve` when stderr is not a terminal, text otherwise.
//! The level comes from `RUST_LOG` (default: `info` for `serve`, whose request lines are at info, else `warn`).

use std::io::IsTerminal;

/// `--log-format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum LogFormat {
    /// JSON for `serve` when stderr is not a terminal; text otherwise.
    #[default]
    Auto,
    /// Human-readable lines.
    Text,
    /// One JSON object per line.
    Json,
}

/// Starts logging for the process. `service` is true for `matcher serve`.
pub fn init(format: LogFormat, service: bool) {
    let terminal = std::io::stderr().is_terminal();
    let json = match format {
        LogFormat::Json => true,
        LogFormat::Text => false,
        LogFormat::Auto => service && !terminal,
    };
    let default_level = if service { "info" } else { "warn" };
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default_level));
    let builder = tracing_subscriber::fmt().with_writer(std::io::stderr).with_env_filter(filter);
    // `try_init`: a second start (tests calling in) keeps the first.
    let _ = if json {
        builder.json().flatten_event(true).with_current_span(false).with_span_list(false).try_init()
    } else {
        builder.with_ansi(terminal).try_init()
    };
}

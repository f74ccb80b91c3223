//! `matcher config`: print the built-in scoring configuration, or check a file against the rules.

use std::path::PathBuf;
use std::process::ExitCode;

use super::recommend::load_config;
use super::TaxonomyArgs;

/// Arguments of `matcher config`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  matcher config > my.toml\n  printf \'[weights]\\nmajor = 0.3\\n\' > mine.toml && matcher config --check mine.toml"
)]
pub struct ConfigArgs {
    /// Check this configuration file instead of printing the built-in one.
    #[arg(long, value_name = "FILE")]
    check: Option<PathBuf>,
    #[command(flatten)]
    taxonomy: TaxonomyArgs,
}

pub fn run(args: ConfigArgs) -> anyhow::Result<ExitCode> {
    match &args.check {
        None => print!("{}", matcher_core::DEFAULT_CONFIG),
        Some(path) => {
            let config = load_config(args.taxonomy.load()?, Some(path))?;
            let campaigns: Vec<&str> = config.campaigns.iter().map(|c| c.name.as_str()).collect();
            println!("{}: valid; campaigns: {}", path.display(), campaigns.join("、"));
        }
    }
    Ok(ExitCode::SUCCESS)
}

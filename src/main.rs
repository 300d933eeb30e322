//! Entry point: a subcommand runs headless; no subcommand opens the desktop app.

use std::process::ExitCode;

use clap::Parser;
use ocop_council::cli::{self, Cli};

fn main() -> ExitCode {
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("warn")).init();
    let args = Cli::parse();
    match args.command {
        Some(command) => cli::run(args.data_dir, command),
        None => {
            eprintln!("the desktop app is not built yet; run a subcommand (see --help)");
            ExitCode::FAILURE
        }
    }
}

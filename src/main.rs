//! Entry point: a subcommand runs headless; no subcommand opens the desktop app.

use std::process::ExitCode;

use ocop_council::app::paths;
use ocop_council::cli;

fn main() -> ExitCode {
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("warn")).init();
    let args = cli::parse();
    match args.command {
        Some(command) => cli::run(
            args.data_dir,
            args.create,
            args.by.as_deref(),
            args.ordered_by,
            command,
        ),
        None => {
            let data_dir = match paths::prepare_data_dir(args.data_dir, args.create) {
                Ok(dir) => dir,
                // The window asks whether to create the folder (it may be mistyped).
                Err(e) if e.is::<paths::MissingDataFolder>() => {
                    match e.downcast::<paths::MissingDataFolder>() {
                        Ok(missing) => missing.0,
                        Err(e) => {
                            eprintln!("error: {e:#}");
                            return ExitCode::FAILURE;
                        }
                    }
                }
                Err(e) => {
                    eprintln!("error: {e:#}");
                    return ExitCode::FAILURE;
                }
            };
            match ocop_council::ui::run_native(data_dir) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("error: cannot open the window: {e}");
                    ExitCode::FAILURE
                }
            }
        }
    }
}

//! The `beleid` command: parses arguments, runs the library, prints the
//! outcome and owns the exit code (0 success, 1 site errors, 2 usage errors).

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = beleid::cli::Cli::parse();
    match beleid::cli::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            beleid::cli::print_error(&error);
            ExitCode::from(u8::try_from(error.exit_code()).unwrap_or(1))
        }
    }
}

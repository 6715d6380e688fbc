//! The command line: each subcommand's arguments as data, and one small
//! function per subcommand that calls the library.

mod build;
mod check;
mod init;
mod policy;
mod serve;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::date::Date;
use crate::error::{Diagnostic, Error, Result};

/// The version and the commit it was built from (`0.1.0 (3941a75)`).
const VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), " (", env!("BELEID_COMMIT"), ")");

/// beleid builds multilingual policy and documentation sites from Markdown.
#[derive(Debug, Parser)]
#[command(name = "beleid", version = VERSION, about, long_about = None, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build the site into public/ (or --output)
    Build(build::Args),
    /// Find broken links, missing translations, overdue reviews and more, without writing anything
    Check(check::Args),
    /// Preview the site on 127.0.0.1, rebuilt and reloaded as you edit
    Serve(serve::Args),
    /// Start a new site: the bundled guide, or with --policy one organisation's policy
    Init(init::Args),
    /// Work on a policy page's versions (new-version)
    Policy(policy::Args),
}

/// Runs the parsed command.
pub fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Build(args) => build::run(&args),
        Command::Check(args) => check::run(&args),
        Command::Serve(args) => serve::run(&args),
        Command::Init(args) => init::run(&args),
        Command::Policy(args) => policy::run(&args),
    }
}

/// Options every command that reads a site takes.
#[derive(Debug, Clone, clap::Args)]
pub(crate) struct SiteArgs {
    /// The site folder (holding beleid.toml); a relative path starts from the current folder
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// Judge policy dates (status, reviews) as of this day (YYYY-MM-DD) instead of today
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<Date>,
}

impl SiteArgs {
    /// The day the site is built for: `--as-of`, else today.
    pub(crate) fn today(&self) -> Result<Date> {
        self.as_of.map_or_else(today, Ok)
    }
}

/// Today's date, or `BELEID_TODAY` when set (kept for scripts written
/// before `--as-of`).
pub(crate) fn today() -> Result<Date> {
    Date::today().map_err(Error::Usage)
}

/// Prints diagnostics to standard error, one per line with its hint.
pub(crate) fn print_diagnostics(diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        eprintln!("{d}");
    }
}

/// Prints an error the way the user should see it.
pub fn print_error(error: &Error) {
    for line in error_lines(error) {
        eprintln!("{line}");
    }
}

/// An error as the user sees it: each diagnostic and a summary of counts,
/// or `error: ...`; nothing for an error already reported.
pub(crate) fn error_lines(error: &Error) -> Vec<String> {
    match error {
        Error::Site(diagnostics) => {
            let mut lines: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
            let warnings = diagnostics.len() - errors;
            lines.push(summary_counts("failed", errors, warnings));
            lines
        }
        Error::Reported => Vec::new(),
        other => vec![format!("error: {other}")],
    }
}

/// `failed: 2 errors, 1 warning`.
pub(crate) fn summary_counts(what: &str, errors: usize, warnings: usize) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    format!("{what}: {}, {}", plural(errors, "error"), plural(warnings, "warning"))
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_well_formed() {
        // clap checks names, flags and defaults of every subcommand here,
        // instead of panicking when a user first runs one.
        super::Cli::command().debug_assert();
    }
}

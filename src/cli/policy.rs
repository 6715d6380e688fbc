//! `beleid policy new-version PAGE --version V --effective DATE [--note TEXT]`

use std::path::PathBuf;

use crate::date::Date;
use crate::error::Result;
use crate::versions::{Request, new_version};

/// Work on one policy page.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    /// Archive the page's current text as a version file and move the page to a new version
    // `--version` names the new version here, not beleid's own.
    #[command(disable_version_flag = true)]
    NewVersion(NewVersion),
}

/// Arguments of `beleid policy new-version`.
#[derive(Debug, clap::Args)]
struct NewVersion {
    /// The policy page's Markdown file; a relative path starts from the current folder
    page: PathBuf,
    /// The new version, higher than the current one (such as 1.1)
    #[arg(long, value_name = "VERSION")]
    version: String,
    /// The day the new version takes effect (YYYY-MM-DD), after the current one's
    #[arg(long, value_name = "DATE")]
    effective: Date,
    /// What changes and why, for the version table, the changes page and the feed
    #[arg(long, value_name = "TEXT")]
    note: Option<String>,
}

pub(crate) fn run(args: &Args) -> Result<()> {
    let Command::NewVersion(args) = &args.command;
    let request = Request { version: args.version.clone(), effective: args.effective, note: args.note.clone() };
    let done = new_version(&args.page, &request)?;
    eprintln!("archived version {} as {}", done.previous, done.archive.display());
    eprintln!(
        "{} is now version {} (in force from {}): edit its text, and update approved_by and approved once it is approved",
        args.page.display(),
        args.version,
        args.effective
    );
    Ok(())
}

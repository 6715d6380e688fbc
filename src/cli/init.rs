//! `beleid init DIR`

use std::path::PathBuf;

use super::today;
use crate::error::Result;

/// Arguments of `beleid init`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The folder to create the site in (new or empty)
    dir: PathBuf,
    /// Write into a folder that is not empty, overwriting files of the same name
    #[arg(long)]
    force: bool,
}

pub(crate) fn run(args: &Args) -> Result<()> {
    let written = crate::init::init(&args.dir, args.force, today()?)?;
    eprintln!("created a new site in {} ({written} files)", args.dir.display());
    eprintln!("next:\n  cd {}\n  beleid serve", shell_quote(&args.dir.display().to_string()));
    Ok(())
}

fn shell_quote(s: &str) -> String {
    if s.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_./".contains(&b)) {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

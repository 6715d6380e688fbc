//! `beleid build`

use std::path::PathBuf;
use std::time::Instant;

use super::{SiteArgs, print_diagnostics, print_error};
use crate::error::{Error, Result};
use crate::output::{check_output_dir, write_atomically};
use crate::site::{self, BuildOptions};

/// Arguments of `beleid build`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    site: SiteArgs,
    /// Where to write the site; a relative path starts from the current folder [default: <root>/public]
    #[arg(long, value_name = "DIR")]
    output: Option<PathBuf>,
    /// Replace the output folder even if it has files in it and was not written by beleid
    /// (the site root, a folder above it and the site's sources are refused all the same)
    #[arg(long)]
    force: bool,
    /// Publish at this address instead of base_url from beleid.toml
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
    /// Include pages marked `draft = true`
    #[arg(long)]
    drafts: bool,
}

pub(crate) fn run(args: &Args) -> Result<()> {
    let started = Instant::now();
    let root = &args.site.root;
    let default = root.join("public");
    let output = check_output_dir(root, args.output.as_deref().unwrap_or(&default), args.force)?;
    let options = BuildOptions { drafts: args.drafts, base_url: args.base_url.clone(), today: args.site.today()? };
    let report = match write_atomically(&output, |sink| site::build(root, &options, sink)) {
        Ok(report) => report,
        // Say what the user most wants to know after a failure: nothing is lost.
        Err(e @ (Error::Site(_) | Error::Io { .. })) => {
            print_error(&e);
            if output.is_dir() {
                eprintln!("{} was left as it was", output.display());
            }
            return Err(Error::Reported);
        }
        Err(e) => return Err(e),
    };
    for stage in &report.timings {
        eprintln!("{stage}");
    }
    print_diagnostics(&report.warnings);
    let pages: Vec<String> = report.pages.iter().map(|(lang, n)| format!("{lang} {n}")).collect();
    eprintln!(
        "built {} pages ({}), {} files written to {} in {:.2} s",
        report.pages.iter().map(|(_, n)| n).sum::<usize>(),
        pages.join(", "),
        report.files,
        output.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

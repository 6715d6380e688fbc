//! `beleid check`

use std::collections::BTreeMap;

use super::{SiteArgs, summary_counts};
use crate::error::{Diagnostic, Error, Level, Result};
use crate::site::{self, BuildOptions};

/// How to print the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    /// Grouped by file, for people.
    Human,
    /// A JSON list, for CI and editors (see README).
    Json,
}

/// Arguments of `beleid check`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    site: SiteArgs,
    /// Fail (exit 1) on warnings too
    #[arg(long)]
    deny_warnings: bool,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Include pages marked `draft = true`
    #[arg(long)]
    drafts: bool,
    /// The live site's sitemap (a saved file or an http:// URL): every URL in it must still exist, as a page or an alias
    #[arg(long, value_name = "URL-OR-FILE")]
    published: Option<String>,
}

pub(crate) fn run(args: &Args) -> Result<()> {
    let options = BuildOptions { drafts: args.drafts, base_url: None, today: args.site.today()? };
    let mut diagnostics = site::check_site(&args.site.root, &options)?;
    if let Some(source) = &args.published {
        let (text, shown) = crate::check::published::read(source)?;
        if let Some((urls, outputs)) = site::deploy::planned_outputs(&args.site.root, &options)? {
            diagnostics.extend(crate::check::published::removed(&text, &shown, &urls, &outputs));
        }
    }
    let errors = diagnostics.iter().filter(|d| d.level == Level::Error).count();
    let warnings = diagnostics.len() - errors;
    match args.format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&diagnostics).unwrap_or_else(|_| "[]".into())),
        Format::Human => print_grouped(&diagnostics),
    }
    if args.format == Format::Human {
        println!("{}", summary_counts("check", errors, warnings));
    }
    if errors > 0 || (args.deny_warnings && warnings > 0) { Err(Error::Reported) } else { Ok(()) }
}

/// Prints diagnostics grouped by file, each as `path:line:col: level: message`.
fn print_grouped(diagnostics: &[Diagnostic]) {
    let mut by_file: BTreeMap<&std::path::Path, Vec<&Diagnostic>> = BTreeMap::new();
    for d in diagnostics {
        by_file.entry(&d.path).or_default().push(d);
    }
    for (i, list) in by_file.values().enumerate() {
        if i > 0 {
            println!();
        }
        for d in list {
            println!("{d}");
        }
    }
}

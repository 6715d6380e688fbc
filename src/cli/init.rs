//! `beleid init DIR [--policy NAME]`

use std::path::PathBuf;

use super::today;
use crate::error::Result;
use crate::init::{PolicyOptions, Variant};

/// Arguments of `beleid init`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The folder to create the site in (new or empty)
    dir: PathBuf,
    /// Write into a folder that is not empty, overwriting files of the same name
    #[arg(long)]
    force: bool,
    /// Write one organisation's policy site instead of the guide: that policy alone, ready to adopt
    #[arg(long, value_enum, value_name = "NAME")]
    policy: Option<Variant>,
    /// With --policy: the site's languages, comma-separated, the first being the default (nl,en)
    #[arg(long, value_delimiter = ',', value_name = "CODES", requires = "policy")]
    languages: Option<Vec<String>>,
    /// With --policy: the organisation's name as in a title ("Gemeente Zuiderhaven")
    #[arg(long, value_name = "NAME", requires = "policy")]
    organisation: Option<String>,
    /// With --policy: the address the site is published at (https://beleid.example.nl/)
    #[arg(long, value_name = "URL", requires = "policy")]
    base_url: Option<String>,
}

pub(crate) fn run(args: &Args) -> Result<()> {
    let dir = shell_quote(&args.dir.display().to_string());
    let Some(variant) = args.policy else {
        let written = crate::init::init(&args.dir, args.force, today()?)?;
        eprintln!("created a new site in {} ({written} files)", args.dir.display());
        eprintln!("next:\n  cd {dir}\n  beleid serve");
        return Ok(());
    };
    let options = PolicyOptions {
        variant,
        languages: args.languages.clone(),
        organisation: args.organisation.clone(),
        base_url: args.base_url.clone(),
    };
    let site = crate::init::init_policy(&args.dir, args.force, &options, today()?)?;
    eprintln!(
        "created the {} policy site in {} ({} files; languages: {}{})",
        variant.name(),
        args.dir.display(),
        site.files.len(),
        site.languages.join(", "),
        if site.faq { "; with the FAQ" } else { "" }
    );
    if !site.derived.is_empty() {
        eprintln!("worked out these values; correct them in {}/beleid.toml where they are wrong:", args.dir.display());
        for d in &site.derived {
            eprintln!("  [{}] {} = {:?}", d.table, d.key, d.value);
        }
    }
    eprintln!(
        "the policy's owner is a default; after adoption add approved_by and approved to its [policy] front matter"
    );
    eprintln!("next:\n  cd {dir}\n  beleid serve");
    Ok(())
}

fn shell_quote(s: &str) -> String {
    if s.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_./".contains(&b)) {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

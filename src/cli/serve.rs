//! `beleid serve`

use std::net::IpAddr;

use super::{SiteArgs, today};
use crate::error::Result;
use crate::site::BuildOptions;

/// Arguments of `beleid serve`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    site: SiteArgs,
    /// The address to listen on; anything but a loopback address lets other machines in
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
    bind: IpAddr,
    /// The port to listen on; if it is taken, the next free one is used (0: any free port)
    #[arg(long, value_name = "N", default_value_t = 1111)]
    port: u16,
    /// Open the site in a browser
    #[arg(long)]
    open: bool,
    /// Include pages marked `draft = true`
    #[arg(long)]
    drafts: bool,
    /// Milliseconds a client may take to send a request's head (for tests)
    #[arg(long, hide = true, value_name = "MS", default_value_t = 10_000)]
    head_timeout_ms: u64,
}

pub(crate) fn run(args: &Args) -> Result<()> {
    let build = BuildOptions { drafts: args.drafts, base_url: None, today: today()? };
    let mut options = crate::serve::default_options(&args.site.root, build);
    options.bind = args.bind;
    options.port = args.port;
    options.open = args.open;
    options.limits.head_timeout = std::time::Duration::from_millis(args.head_timeout_ms);
    crate::serve::run(options)
}

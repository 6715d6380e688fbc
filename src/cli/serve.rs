//! `beleid serve`

use std::net::IpAddr;
use std::time::Duration;

use super::SiteArgs;
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
    /// Milliseconds a write to a client may block (for tests)
    #[arg(long, hide = true, value_name = "MS", default_value_t = 10_000)]
    write_timeout_ms: u64,
    /// Milliseconds between live-reload heartbeats (for tests)
    #[arg(long, hide = true, value_name = "MS", default_value_t = 10_000)]
    live_heartbeat_ms: u64,
    /// Most live-reload streams at once (for tests)
    #[arg(long, hide = true, value_name = "N", default_value_t = 256)]
    max_live_clients: usize,
}

pub(crate) fn run(args: &Args) -> Result<()> {
    let build = BuildOptions { drafts: args.drafts, base_url: None, today: args.site.today()? };
    let mut options = crate::serve::default_options(&args.site.root, build);
    options.bind = args.bind;
    options.port = args.port;
    options.open = args.open;
    options.limits.head_timeout = Duration::from_millis(args.head_timeout_ms);
    options.limits.write_timeout = Duration::from_millis(args.write_timeout_ms);
    options.live_heartbeat = Duration::from_millis(args.live_heartbeat_ms.max(1));
    options.max_live_clients = args.max_live_clients;
    crate::serve::run(options)
}

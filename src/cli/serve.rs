//! `beleid serve`

use std::net::IpAddr;
use std::time::Duration;

use super::{SiteArgs, print_diagnostics, print_error};
use crate::error::Result;
use crate::serve::Event;
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
    crate::serve::run(options, &mut show)
}

/// Prints what the server reports: the site's address on standard output,
/// everything else on standard error.
fn show(event: Event) {
    match event {
        Event::Timings(stages) => {
            for stage in stages {
                eprintln!("{stage}");
            }
        }
        Event::Built { warnings } => print_diagnostics(&warnings),
        Event::BuildFailed(error) => print_error(&error),
        Event::RebuildFailed(error) => {
            print_error(&error);
            eprintln!("still serving the last good build; fix the problem above and save again");
        }
        Event::Exposed { bind } => eprintln!(
            "warning: listening on {bind}, so other machines can reach this preview; use --bind 127.0.0.1 to keep it local"
        ),
        Event::PortFallback { wanted, used } => eprintln!("port {wanted} is in use, so port {used} is used instead"),
        Event::Listening { root, url, took } => {
            println!("serving {} at {url} (built in {} ms; press Ctrl+C to stop)", root.display(), took.as_millis());
        }
        Event::Polling { why, every } => eprintln!(
            "warning: cannot use the system's file events ({why}); looking for changes every {} ms instead",
            every.as_millis()
        ),
        Event::WatchFailed(error) => eprintln!("error: {error}"),
        Event::PollFailed(error) => eprintln!("error: {error}; edits may not be noticed until serve is restarted"),
        Event::BadName(path) => {
            eprintln!("warning: {}: this name is not valid UTF-8, so it is left out; rename it", path.display());
        }
        Event::Rebuilt { took, pages_rendered } => eprintln!(
            "rebuilt in {} ms ({pages_rendered} page{} rendered)",
            took.as_millis(),
            if pages_rendered == 1 { "" } else { "s" }
        ),
        Event::BrowserNotOpened { url } => eprintln!("could not open a browser; visit {url}"),
    }
}

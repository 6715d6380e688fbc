//! `beleid serve`

use std::net::IpAddr;
use std::time::Duration;

use super::{SiteArgs, error_lines};
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
    let (to_stdout, lines) = lines(event);
    for line in lines {
        if to_stdout {
            println!("{line}");
        } else {
            eprintln!("{line}");
        }
    }
}

/// The lines an event prints, and whether they go to standard output.
fn lines(event: Event) -> (bool, Vec<String>) {
    let line = |text: String| (false, vec![text]);
    match event {
        Event::Timings(stages) => (false, stages.iter().map(ToString::to_string).collect()),
        Event::Built { warnings } => (false, warnings.iter().map(ToString::to_string).collect()),
        Event::BuildFailed(error) => (false, error_lines(&error)),
        Event::RebuildFailed(error) => {
            let mut lines = error_lines(&error);
            lines.push("still serving the last good build; fix the problem above and save again".into());
            (false, lines)
        }
        Event::Exposed { bind } => line(format!(
            "warning: listening on {bind}, so other machines can reach this preview; use --bind 127.0.0.1 to keep it local"
        )),
        Event::PortFallback { wanted, used } => {
            line(format!("port {wanted} is in use, so port {used} is used instead"))
        }
        Event::Listening { root, url, took } => (
            true,
            vec![format!(
                "serving {} at {url} (built in {} ms; press Ctrl+C to stop)",
                root.display(),
                took.as_millis()
            )],
        ),
        Event::Polling { why, every } => line(format!(
            "warning: cannot use the system's file events ({why}); looking for changes every {} ms instead",
            every.as_millis()
        )),
        Event::WatchFailed(error) => line(format!("error: {error}")),
        Event::PollFailed(error) => line(format!("error: {error}; edits may not be noticed until serve is restarted")),
        Event::BadName(path) => {
            line(format!("warning: {}: this name is not valid UTF-8, so it is left out; rename it", path.display()))
        }
        Event::Rebuilt { took, pages_rendered } => line(format!(
            "rebuilt in {} ms ({pages_rendered} page{} rendered)",
            took.as_millis(),
            if pages_rendered == 1 { "" } else { "s" }
        )),
        Event::BrowserNotOpened { url } => line(format!("could not open a browser; visit {url}")),
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::error::{Diagnostic, Error};

    #[test]
    fn events_print_as_the_server_always_printed_them() {
        let ms = Duration::from_millis;
        let warning = Diagnostic::warning("links", "content/nl/a.md", "a link to nowhere").at(3, 7);
        let cases: Vec<(Event, bool, Vec<&str>)> = vec![
            (
                Event::Built { warnings: vec![warning.clone()] },
                false,
                vec!["content/nl/a.md:3:7: warning: a link to nowhere"],
            ),
            (
                Event::RebuildFailed(Error::Site(vec![warning])),
                false,
                vec![
                    "content/nl/a.md:3:7: warning: a link to nowhere",
                    "failed: 0 errors, 1 warning",
                    "still serving the last good build; fix the problem above and save again",
                ],
            ),
            (Event::BuildFailed(Error::Usage("no beleid.toml".into())), false, vec!["error: no beleid.toml"]),
            (
                Event::PortFallback { wanted: 1111, used: 1112 },
                false,
                vec!["port 1111 is in use, so port 1112 is used instead"],
            ),
            (
                Event::Listening { root: PathBuf::from("/site"), url: "http://127.0.0.1:1111/".into(), took: ms(42) },
                true,
                vec!["serving /site at http://127.0.0.1:1111/ (built in 42 ms; press Ctrl+C to stop)"],
            ),
            (
                Event::Polling { why: "too many folders".into(), every: ms(1000) },
                false,
                vec![
                    "warning: cannot use the system's file events (too many folders); looking for changes every 1000 ms instead",
                ],
            ),
            (
                Event::PollFailed(Error::Usage("cannot watch /site: gone".into())),
                false,
                vec!["error: cannot watch /site: gone; edits may not be noticed until serve is restarted"],
            ),
            (Event::Rebuilt { took: ms(5), pages_rendered: 1 }, false, vec!["rebuilt in 5 ms (1 page rendered)"]),
            (Event::Rebuilt { took: ms(9), pages_rendered: 3 }, false, vec!["rebuilt in 9 ms (3 pages rendered)"]),
            (Event::Timings(Vec::new()), false, vec![]),
        ];
        for (event, to_stdout, expected) in cases {
            let shown = format!("{event:?}");
            assert_eq!(lines(event), (to_stdout, expected.iter().map(|s| s.to_string()).collect()), "{shown}");
        }
    }
}

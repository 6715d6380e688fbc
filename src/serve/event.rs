//! What `beleid serve` has to say while it runs. The server does not print:
//! it hands each [`Event`] to the caller's reporter, and the command line
//! renders them (tests may collect them instead).

use std::net::IpAddr;
use std::path::PathBuf;
use std::time::Duration;

use crate::error::{Diagnostic, Error};
use crate::timing::Stage;

/// One thing the dev server reports, in the order it happens.
#[derive(Debug)]
pub enum Event {
    /// How long each stage of a build took (only with `BELEID_TIMINGS`).
    Timings(Vec<Stage>),
    /// A build or rebuild succeeded, with these warnings.
    Built {
        /// Problems that did not stop the build.
        warnings: Vec<Diagnostic>,
    },
    /// The first build failed; the server starts all the same and shows
    /// the errors in the browser.
    BuildFailed(Error),
    /// A rebuild failed; the last good build stays in service.
    RebuildFailed(Error),
    /// The server listens on an address other machines can reach.
    Exposed {
        /// The address it is bound to.
        bind: IpAddr,
    },
    /// The port asked for was taken, so the server uses another.
    PortFallback {
        /// The port asked for.
        wanted: u16,
        /// The port used.
        used: u16,
    },
    /// The site is served.
    Listening {
        /// The site root.
        root: PathBuf,
        /// The address to browse to.
        url: String,
        /// How long starting took, the first build included.
        took: Duration,
    },
    /// The system's file events failed; polling looks for changes instead.
    Polling {
        /// Why the events failed.
        why: String,
        /// How often polling looks.
        every: Duration,
    },
    /// The site folder was replaced and cannot be watched again.
    WatchFailed(Error),
    /// File events failed and polling could not take over either.
    PollFailed(Error),
    /// A changed file's name is not valid UTF-8, so it is left out.
    BadName(PathBuf),
    /// A rebuild finished and is served.
    Rebuilt {
        /// How long it took.
        took: Duration,
        /// How many pages were rendered again.
        pages_rendered: usize,
    },
    /// No browser could be opened on the site.
    BrowserNotOpened {
        /// The address to visit by hand.
        url: String,
    },
}

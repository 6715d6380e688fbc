//! Stage timings, printed to standard error when `BELEID_TIMINGS` is set:
//! what profiling and the benchmarks read to see where a build spends time.

use std::time::{Duration, Instant};

/// The environment variable that turns timings on.
pub const TIMINGS_VAR: &str = "BELEID_TIMINGS";

/// Measures consecutive stages.
#[derive(Debug)]
pub struct Timings {
    enabled: bool,
    last: Instant,
}

impl Default for Timings {
    fn default() -> Self {
        Timings { enabled: std::env::var_os(TIMINGS_VAR).is_some(), last: Instant::now() }
    }
}

impl Timings {
    /// Ends the current stage, naming it.
    pub fn mark(&mut self, stage: &str) {
        let now = Instant::now();
        self.report(stage, now - self.last);
        self.last = now;
    }

    /// Reports a duration measured elsewhere (a stage run in parallel).
    pub fn report(&self, stage: &str, took: Duration) {
        if self.enabled {
            let rss = resident_mib().map(|m| format!(", resident {m} MiB")).unwrap_or_default();
            eprintln!("timing: {stage}: {:.1} ms{rss}", took.as_secs_f64() * 1000.0);
        }
    }
}

/// The process's resident memory now, in MiB (Linux only).
#[cfg(target_os = "linux")]
fn resident_mib() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    // SAFETY: sysconf has no preconditions.
    let page_size = u64::try_from(unsafe { libc::sysconf(libc::_SC_PAGESIZE) }).ok()?;
    Some(pages * page_size / (1024 * 1024))
}

#[cfg(not(target_os = "linux"))]
fn resident_mib() -> Option<u64> {
    None
}

/// Runs `f` and returns its result and how long it took.
pub fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let start = Instant::now();
    let value = f();
    (value, start.elapsed())
}

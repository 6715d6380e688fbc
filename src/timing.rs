//! Stage timings, recorded when `BELEID_TIMINGS` is set: what profiling
//! and the benchmarks read to see where a build spends time. The library
//! only records them; the command line prints them (see [`Stage`]).

use std::fmt;
use std::time::{Duration, Instant};

/// The environment variable that turns timings on.
pub const TIMINGS_VAR: &str = "BELEID_TIMINGS";

/// One measured stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stage {
    /// What ran.
    pub name: String,
    /// How long it took.
    pub took: Duration,
    /// The process's resident memory when it ended, in MiB, where known.
    pub resident_mib: Option<u64>,
}

/// The line the benchmarks read: `timing: render Markdown: 12.3 ms, resident 80 MiB`.
impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "timing: {}: {:.1} ms", self.name, self.took.as_secs_f64() * 1000.0)?;
        if let Some(m) = self.resident_mib {
            write!(f, ", resident {m} MiB")?;
        }
        Ok(())
    }
}

/// Measures consecutive stages.
#[derive(Debug)]
pub struct Timings {
    enabled: bool,
    last: Instant,
    stages: Vec<Stage>,
}

impl Default for Timings {
    fn default() -> Self {
        Timings { enabled: std::env::var_os(TIMINGS_VAR).is_some(), last: Instant::now(), stages: Vec::new() }
    }
}

impl Timings {
    /// Ends the current stage, naming it.
    pub fn mark(&mut self, stage: &str) {
        let now = Instant::now();
        self.report(stage, now - self.last);
        self.last = now;
    }

    /// Records a duration measured elsewhere (a stage run in parallel).
    pub fn report(&mut self, stage: &str, took: Duration) {
        if self.enabled {
            self.stages.push(Stage { name: stage.to_string(), took, resident_mib: resident_mib() });
        }
    }

    /// Adds stages measured by another [`Timings`], in order.
    pub fn append(&mut self, mut stages: Vec<Stage>) {
        self.stages.append(&mut stages);
    }

    /// The stages recorded, in order (none unless `BELEID_TIMINGS` is set).
    pub fn into_stages(self) -> Vec<Stage> {
        self.stages
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

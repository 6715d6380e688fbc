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
            eprintln!("timing: {stage}: {:.1} ms", took.as_secs_f64() * 1000.0);
        }
    }
}

/// Runs `f` and returns its result and how long it took.
pub fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let start = Instant::now();
    let value = f();
    (value, start.elapsed())
}

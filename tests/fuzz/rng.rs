//! The PRNG that drives every target, and how long a target runs.

use std::time::{Duration, Instant};

use crate::fragments::UNICODE_CHARS;
use crate::{CHILD_ENV, DEFAULT_SEED};

/// splitmix64: tiny, fast, and good enough to drive a fuzzer.
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// True with probability `1/n`.
    pub(crate) fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }

    pub(crate) fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    /// A size skewed towards small numbers: uniform in bit length, so sizes
    /// near `max` are as likely as sizes near 10.
    pub(crate) fn size(&mut self, max: usize) -> usize {
        let bits = usize::BITS - max.leading_zeros();
        let cap = 1usize << self.below(bits as usize + 1);
        self.below(cap.min(max) + 1)
    }

    pub(crate) fn byte(&mut self) -> u8 {
        self.next_u64() as u8
    }

    /// Any char, biased towards ASCII.
    pub(crate) fn char(&mut self) -> char {
        match self.below(10) {
            0..=5 => (self.below(95) as u8 + 32) as char,
            6 => self.pick(&['\n', '\r', '\t', '\0', '\u{b}', '\u{c}', '\u{7f}']),
            7 => char::from_u32(self.below(0x800) as u32).unwrap_or('?'),
            8 => char::from_u32(self.below(0x3_0000) as u32).unwrap_or('\u{fffd}'),
            _ => self.pick(UNICODE_CHARS),
        }
    }
}

pub(crate) fn env_u64(name: &str) -> Option<u64> {
    let v = std::env::var(name).ok()?;
    let v = v.trim();
    match v.strip_prefix("0x") {
        Some(hex) => u64::from_str_radix(hex, 16).ok(),
        None => v.parse().ok(),
    }
}

pub(crate) fn seed() -> u64 {
    env_u64("BELEID_FUZZ_SEED").unwrap_or(DEFAULT_SEED)
}

pub(crate) fn is_child() -> bool {
    std::env::var_os(CHILD_ENV).is_some()
}

/// When to stop: after a number of iterations, or a time.
pub(crate) struct Budget {
    pub(crate) iterations: u64,
    pub(crate) deadline: Option<Instant>,
}

impl Budget {
    pub(crate) fn for_target(default_iterations: u64) -> Budget {
        let secs = std::env::var("BELEID_FUZZ_SECS").ok().and_then(|s| s.trim().parse::<f64>().ok());
        let iterations = env_u64("BELEID_FUZZ_ITERS");
        match secs {
            Some(s) => Budget {
                iterations: iterations.unwrap_or(u64::MAX),
                deadline: Some(Instant::now() + Duration::from_secs_f64(s)),
            },
            None => Budget { iterations: iterations.unwrap_or(default_iterations), deadline: None },
        }
    }

    pub(crate) fn done(&self, i: u64) -> bool {
        i >= self.iterations || self.deadline.is_some_and(|d| Instant::now() >= d)
    }

    /// How long the child may take before it counts as hung.
    pub(crate) fn timeout() -> Duration {
        let secs = std::env::var("BELEID_FUZZ_SECS").ok().and_then(|s| s.trim().parse::<f64>().ok()).unwrap_or(0.0);
        Duration::from_secs_f64(secs + 300.0)
    }
}

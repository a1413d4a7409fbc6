//! A sliding-window limiter for login attempts, keyed by client address and
//! by account, so neither one address nor a botnet aimed at one account can
//! guess passwords quickly.
//!
//! The lock is a `std::sync::Mutex` held only inside these non-async
//! methods, never across an `.await`.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Counts failures per key within `window`.
pub struct AttemptLimiter {
    max_failures: usize,
    window: Duration,
    failures: Mutex<HashMap<String, VecDeque<Instant>>>,
}

impl AttemptLimiter {
    /// Allows `max_failures` failures per key within `window`.
    pub fn new(max_failures: usize, window: Duration) -> Self {
        Self {
            max_failures,
            window,
            failures: Mutex::new(HashMap::new()),
        }
    }

    /// How long `key` must wait before trying again, if it is locked out.
    pub fn retry_after(&self, key: &str, now: Instant) -> Option<Duration> {
        let mut failures = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        let entry = failures.get_mut(key)?;
        prune(entry, now, self.window);
        if entry.len() >= self.max_failures {
            entry
                .front()
                .map(|oldest| self.window.saturating_sub(now - *oldest))
        } else {
            None
        }
    }

    /// Records a failed attempt for `key`.
    pub fn record_failure(&self, key: &str, now: Instant) {
        let mut failures = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        // Bound memory under a flood of distinct keys: drop stale entries
        // whenever the map grows large.
        if failures.len() > 10_000 {
            failures.retain(|_, times| {
                prune(times, now, self.window);
                !times.is_empty()
            });
        }
        let entry = failures.entry(key.to_owned()).or_default();
        prune(entry, now, self.window);
        entry.push_back(now);
    }

    /// Forgets `key`'s failures after a successful login.
    pub fn reset(&self, key: &str) {
        self.failures
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(key);
    }
}

fn prune(times: &mut VecDeque<Instant>, now: Instant, window: Duration) {
    while times
        .front()
        .is_some_and(|t| now.duration_since(*t) >= window)
    {
        times.pop_front();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locks_out_after_max_failures_until_the_window_passes() {
        let limiter = AttemptLimiter::new(3, Duration::from_secs(60));
        let start = Instant::now();
        for i in 0..3 {
            assert_eq!(limiter.retry_after("ip", start), None, "attempt {i}");
            limiter.record_failure("ip", start + Duration::from_secs(i));
        }
        let wait = limiter.retry_after("ip", start + Duration::from_secs(10));
        assert_eq!(wait, Some(Duration::from_secs(50)));
        assert_eq!(limiter.retry_after("other", start), None);
        assert_eq!(
            limiter.retry_after("ip", start + Duration::from_secs(61)),
            None
        );
    }

    #[test]
    fn success_resets() {
        let limiter = AttemptLimiter::new(1, Duration::from_secs(60));
        let now = Instant::now();
        limiter.record_failure("k", now);
        assert!(limiter.retry_after("k", now).is_some());
        limiter.reset("k");
        assert_eq!(limiter.retry_after("k", now), None);
    }
}

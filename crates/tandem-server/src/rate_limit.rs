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

/// Caps concurrent connections per client address, so one host cannot
/// exhaust the server's sockets. The count drops when the guard is dropped.
pub struct ConnectionLimiter {
    max_per_ip: usize,
    counts: Mutex<HashMap<std::net::IpAddr, usize>>,
}

/// Holds one connection slot; releases it on drop.
pub struct ConnectionGuard {
    limiter: std::sync::Arc<ConnectionLimiter>,
    ip: std::net::IpAddr,
}

impl ConnectionGuard {
    /// The address this slot was taken for.
    pub fn ip(&self) -> std::net::IpAddr {
        self.ip
    }
}

impl ConnectionLimiter {
    /// At most `max_per_ip` connections per address.
    pub fn new(max_per_ip: usize) -> Self {
        Self {
            max_per_ip,
            counts: Mutex::new(HashMap::new()),
        }
    }

    /// A slot for `ip`, or `None` when it has too many connections.
    pub fn acquire(self: &std::sync::Arc<Self>, ip: std::net::IpAddr) -> Option<ConnectionGuard> {
        let mut counts = self.counts.lock().unwrap_or_else(|p| p.into_inner());
        let count = counts.entry(ip).or_default();
        if *count >= self.max_per_ip {
            return None;
        }
        *count += 1;
        Some(ConnectionGuard {
            limiter: self.clone(),
            ip,
        })
    }
}

impl Drop for ConnectionGuard {
    fn drop(&mut self) {
        let mut counts = self
            .limiter
            .counts
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        if let Some(count) = counts.get_mut(&self.ip) {
            *count -= 1;
            if *count == 0 {
                counts.remove(&self.ip);
            }
        }
    }
}

/// Addresses that abused a socket (kept flooding past the frame allowance
/// until it was closed, or sent a frame over the size limit) get no new
/// socket for a while. Without this, a flooder reconnects at once and every
/// round costs the server a handshake and a burst of frames; with it, a
/// round costs one refused upgrade (`cargo xtask attack` measures both).
/// Tandem's own clients never trip it: the widget sends its outbox in
/// batches within the allowance.
pub struct PenaltyBox {
    duration: Duration,
    until: Mutex<HashMap<std::net::IpAddr, Instant>>,
}

/// Past this many entries, expired ones are dropped when a new one comes.
const PENALTY_BOX_PRUNE_AT: usize = 4096;

impl PenaltyBox {
    /// Keeps an address out for `duration` after its last abuse.
    pub fn new(duration: Duration) -> Self {
        Self {
            duration,
            until: Mutex::new(HashMap::new()),
        }
    }

    /// `ip` abused a socket at `now`.
    pub fn penalize(&self, ip: std::net::IpAddr, now: Instant) {
        let mut until = self.until.lock().unwrap_or_else(|p| p.into_inner());
        if until.len() >= PENALTY_BOX_PRUNE_AT {
            until.retain(|_, end| *end > now);
        }
        until.insert(ip, now + self.duration);
    }

    /// How long `ip` must still wait, if it is being kept out.
    pub fn remaining(&self, ip: std::net::IpAddr, now: Instant) -> Option<Duration> {
        let until = self.until.lock().unwrap_or_else(|p| p.into_inner());
        until
            .get(&ip)
            .map(|end| end.saturating_duration_since(now))
            .filter(|left| !left.is_zero())
    }
}

/// A token bucket for frames on one connection: `burst` at once, refilled
/// at `per_second`.
pub struct FrameBucket {
    tokens: f64,
    burst: f64,
    per_second: f64,
    last: Instant,
}

impl FrameBucket {
    /// A full bucket.
    pub fn new(burst: u32, per_second: u32, now: Instant) -> Self {
        Self {
            tokens: f64::from(burst),
            burst: f64::from(burst),
            per_second: f64::from(per_second),
            last: now,
        }
    }

    /// Takes a token; `false` when the connection is sending too fast.
    pub fn take(&mut self, now: Instant) -> bool {
        let elapsed = now.saturating_duration_since(self.last).as_secs_f64();
        self.last = now;
        self.tokens = (self.tokens + elapsed * self.per_second).min(self.burst);
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

#[cfg(test)]
mod connection_tests {
    use super::*;

    #[test]
    fn connection_slots_are_per_address_and_released() {
        let limiter = std::sync::Arc::new(ConnectionLimiter::new(2));
        let a: std::net::IpAddr = [10, 0, 0, 1].into();
        let b: std::net::IpAddr = [10, 0, 0, 2].into();
        let first = limiter.acquire(a).expect("slot");
        let _second = limiter.acquire(a).expect("slot");
        assert!(limiter.acquire(a).is_none());
        assert!(limiter.acquire(b).is_some());
        drop(first);
        assert!(limiter.acquire(a).is_some());
    }

    #[test]
    fn the_penalty_box_keeps_an_address_out_for_a_while_and_forgets_it() {
        let penalties = PenaltyBox::new(Duration::from_secs(10));
        let start = Instant::now();
        let a: std::net::IpAddr = [10, 0, 0, 1].into();
        let b: std::net::IpAddr = [10, 0, 0, 2].into();
        assert_eq!(penalties.remaining(a, start), None);
        penalties.penalize(a, start);
        assert_eq!(
            penalties.remaining(a, start + Duration::from_secs(4)),
            Some(Duration::from_secs(6))
        );
        assert_eq!(penalties.remaining(b, start), None, "others unaffected");
        assert_eq!(
            penalties.remaining(a, start + Duration::from_secs(10)),
            None
        );
        // Expired entries go once the box is full, live ones stay.
        for i in 0..PENALTY_BOX_PRUNE_AT {
            let ip: std::net::IpAddr = std::net::Ipv4Addr::from(((i as u32) + 1) << 8).into();
            penalties.penalize(ip, start);
        }
        let later = start + Duration::from_secs(11);
        penalties.penalize(b, later);
        assert_eq!(penalties.until.lock().expect("lock").len(), 1);
        assert!(penalties.remaining(b, later).is_some());
    }

    #[test]
    fn frame_bucket_refills() {
        let start = Instant::now();
        let mut bucket = FrameBucket::new(2, 1, start);
        assert!(bucket.take(start));
        assert!(bucket.take(start));
        assert!(!bucket.take(start));
        assert!(bucket.take(start + Duration::from_secs(1)));
    }
}

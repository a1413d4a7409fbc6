//! What the simulated clients record (send times, acknowledgements,
//! deliveries, latencies, errors) and what the load generator reads about
//! the server processes from `/proc` (CPU time, resident memory).

use std::collections::{HashMap, HashSet};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde::Serialize;

/// Shared by every simulated client.
#[derive(Default)]
pub(crate) struct Shared {
    sent_at: Mutex<HashMap<String, Instant>>,
    acked: Mutex<HashSet<String>>,
    received: Mutex<HashMap<String, u32>>,
    to_agent: Mutex<Vec<Duration>>,
    to_shopper: Mutex<Vec<Duration>>,
    errors: AtomicU64,
    first_errors: Mutex<Vec<String>>,
    /// Shopper connections open now.
    pub(crate) shoppers_open: AtomicUsize,
    /// Agent connections open now.
    pub(crate) agents_open: AtomicUsize,
}

/// Which way a line went.
#[derive(Clone, Copy)]
pub(crate) enum Direction {
    /// Shopper to agent.
    ToAgent,
    /// Agent to shopper.
    ToShopper,
}

impl Shared {
    /// Line `id` is being sent now.
    pub(crate) fn sent(&self, id: &str) {
        lock(&self.sent_at).insert(id.to_owned(), Instant::now());
    }

    /// The relay acknowledged line `id` (it is stored).
    pub(crate) fn acked(&self, id: &str) {
        lock(&self.acked).insert(id.to_owned());
    }

    /// Line `id` arrived at the other side.
    pub(crate) fn received(&self, id: &str, direction: Direction) {
        let now = Instant::now();
        *lock(&self.received).entry(id.to_owned()).or_default() += 1;
        if let Some(sent) = lock(&self.sent_at).get(id).copied() {
            let latencies = match direction {
                Direction::ToAgent => &self.to_agent,
                Direction::ToShopper => &self.to_shopper,
            };
            lock(latencies).push(now - sent);
        }
    }

    /// Something went wrong; the first few are kept for the report.
    pub(crate) fn error(&self, what: String) {
        self.errors.fetch_add(1, Ordering::Relaxed);
        let mut first = lock(&self.first_errors);
        if first.len() < 10 {
            first.push(what);
        }
    }

    /// Errors so far.
    pub(crate) fn errors(&self) -> u64 {
        self.errors.load(Ordering::Relaxed)
    }

    /// The first errors seen.
    pub(crate) fn error_samples(&self) -> Vec<String> {
        lock(&self.first_errors).clone()
    }

    /// Takes the latencies recorded since the last call.
    pub(crate) fn take_latencies(&self) -> (Vec<Duration>, Vec<Duration>) {
        (
            std::mem::take(&mut *lock(&self.to_agent)),
            std::mem::take(&mut *lock(&self.to_shopper)),
        )
    }

    /// Acknowledged lines that never arrived, and lines that arrived more
    /// than once.
    pub(crate) fn audit(&self) -> (usize, usize, usize) {
        let acked = lock(&self.acked);
        let received = lock(&self.received);
        let lost = acked
            .iter()
            .filter(|id| !received.contains_key(*id))
            .count();
        let duplicated = received.values().filter(|n| **n > 1).count();
        (acked.len(), lost, duplicated)
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // A panicking client task must not hide the others' figures.
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Percentiles of one set of latencies, in milliseconds.
#[derive(Debug, Serialize)]
pub(crate) struct Latency {
    /// Samples.
    pub(crate) count: usize,
    /// Median.
    pub p50_ms: f64,
    /// 99th percentile.
    pub p99_ms: f64,
    /// Slowest.
    pub(crate) max_ms: f64,
}

impl Latency {
    /// Summarises `samples`.
    pub(crate) fn of(mut samples: Vec<Duration>) -> Self {
        samples.sort_unstable();
        let at = |q: usize| {
            samples
                .get((samples.len() * q / 100).min(samples.len().saturating_sub(1)))
                .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
        };
        Self {
            count: samples.len(),
            p50_ms: at(50),
            p99_ms: at(99),
            max_ms: samples.last().map_or(0.0, |d| d.as_secs_f64() * 1000.0),
        }
    }
}

/// Resident memory of `pid`, in KiB.
pub(crate) fn rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
}

/// CPU time `pid` has used (user + system), in clock ticks.
pub(crate) fn cpu_ticks(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // Fields after the command name, which may itself hold spaces.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let user: u64 = fields.get(11)?.parse().ok()?;
    let system: u64 = fields.get(12)?.parse().ok()?;
    Some(user + system)
}

/// Clock ticks per second (`getconf CLK_TCK`; 100 on Linux).
pub(crate) fn ticks_per_second() -> u64 {
    std::process::Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8_lossy(&o.stdout).trim().parse().ok())
        .unwrap_or(100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_come_from_the_sorted_samples() {
        let samples = (1..=100).rev().map(Duration::from_millis).collect();
        let latency = Latency::of(samples);
        assert_eq!(latency.count, 100);
        assert_eq!(latency.p50_ms, 51.0);
        assert_eq!(latency.p99_ms, 100.0);
        assert_eq!(latency.max_ms, 100.0);
        assert_eq!(Latency::of(Vec::new()).max_ms, 0.0);
    }

    #[test]
    fn the_audit_finds_lost_and_doubled_lines() {
        let shared = Shared::default();
        for id in ["a", "b", "c"] {
            shared.sent(id);
            shared.acked(id);
        }
        shared.received("a", Direction::ToAgent);
        shared.received("b", Direction::ToShopper);
        shared.received("b", Direction::ToShopper);
        assert_eq!(shared.audit(), (3, 1, 1));
        let (to_agent, to_shopper) = shared.take_latencies();
        assert_eq!((to_agent.len(), to_shopper.len()), (1, 2));
    }

    #[test]
    fn this_process_has_memory_and_cpu_time() {
        let me = std::process::id();
        assert!(rss_kib(me).is_some_and(|kib| kib > 0));
        assert!(cpu_ticks(me).is_some());
    }
}

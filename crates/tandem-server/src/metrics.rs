//! Prometheus text metrics (`GET /metrics`): what an operator watches to
//! see that people are reached quickly and that automation is not quietly
//! hurting customers. The hub records; the HTTP handler renders.
//!
//! One `std::sync::Mutex` held only inside these non-async methods.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Mutex;

/// Upper bounds (seconds) of the wait-time histogram buckets.
const WAIT_BUCKETS: [f64; 8] = [10.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1800.0, 3600.0];

#[derive(Default)]
struct Inner {
    shopper_connections: i64,
    agent_connections: i64,
    queue_length: usize,
    agents_online: u32,
    handoffs: BTreeMap<String, u64>,
    messages: BTreeMap<&'static str, u64>,
    ended: BTreeMap<&'static str, u64>,
    ratings: BTreeMap<u8, u64>,
    bot: BTreeMap<&'static str, u64>,
    wait_buckets: [u64; WAIT_BUCKETS.len()],
    wait_count: u64,
    wait_sum: f64,
}

/// The counters and gauges.
#[derive(Default)]
pub struct Metrics(Mutex<Inner>);

impl Metrics {
    fn with<T>(&self, f: impl FnOnce(&mut Inner) -> T) -> T {
        f(&mut self.0.lock().unwrap_or_else(|p| p.into_inner()))
    }

    /// A socket opened (+1) or closed (-1).
    pub fn connection(&self, agent: bool, delta: i64) {
        self.with(|m| {
            if agent {
                m.agent_connections += delta;
            } else {
                m.shopper_connections += delta;
            }
        });
    }

    /// The queue length and agents online now.
    pub fn queue(&self, length: usize, agents_online: u32) {
        self.with(|m| {
            m.queue_length = length;
            m.agents_online = agents_online;
        });
    }

    /// A new handoff, by reason kind (`sensitive`, `asked_for_person`, ...).
    pub fn handoff(&self, reason_kind: &str) {
        let kind: String = reason_kind
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
            .take(32)
            .collect();
        self.with(|m| *m.handoffs.entry(kind).or_default() += 1);
    }

    /// A stored message, by author (`shopper`, `agent`, `note`).
    pub fn message(&self, author: &'static str) {
        self.with(|m| *m.messages.entry(author).or_default() += 1);
    }

    /// A conversation ended (`closed`, `cancelled`, `ticket`).
    pub fn ended(&self, status: &'static str) {
        self.with(|m| *m.ended.entry(status).or_default() += 1);
    }

    /// What the in-browser bot did, as the widget reports it: `answered`,
    /// `clarified`, `helpful`, `not_helpful`, `resolved` (helped, no handoff).
    pub fn bot(&self, kind: &'static str) {
        self.with(|m| *m.bot.entry(kind).or_default() += 1);
    }

    /// A shopper's rating, 1 to 5.
    pub fn rating(&self, score: u8) {
        self.with(|m| *m.ratings.entry(score).or_default() += 1);
    }

    /// How long a shopper waited for a person, in seconds.
    pub fn waited(&self, secs: f64) {
        self.with(|m| {
            for (bucket, bound) in m.wait_buckets.iter_mut().zip(WAIT_BUCKETS) {
                if secs <= bound {
                    *bucket += 1;
                }
            }
            m.wait_count += 1;
            m.wait_sum += secs;
        });
    }

    /// The Prometheus text exposition.
    pub fn render(&self) -> String {
        self.with(|m| {
            let mut out = String::new();
            let _ = writeln!(out, "# HELP tandem_connections Open WebSocket connections.\n# TYPE tandem_connections gauge");
            let _ = writeln!(out, "tandem_connections{{kind=\"shopper\"}} {}", m.shopper_connections);
            let _ = writeln!(out, "tandem_connections{{kind=\"agent\"}} {}", m.agent_connections);
            let _ = writeln!(out, "# HELP tandem_queue_length Conversations waiting for a person.\n# TYPE tandem_queue_length gauge");
            let _ = writeln!(out, "tandem_queue_length {}", m.queue_length);
            let _ = writeln!(out, "# HELP tandem_agents_online Agents online now.\n# TYPE tandem_agents_online gauge");
            let _ = writeln!(out, "tandem_agents_online {}", m.agents_online);
            let _ = writeln!(out, "# HELP tandem_handoffs_total Conversations handed to people, by reason.\n# TYPE tandem_handoffs_total counter");
            for (reason, n) in &m.handoffs {
                let _ = writeln!(out, "tandem_handoffs_total{{reason=\"{reason}\"}} {n}");
            }
            let _ = writeln!(out, "# HELP tandem_messages_total Stored messages, by author.\n# TYPE tandem_messages_total counter");
            for (author, n) in &m.messages {
                let _ = writeln!(out, "tandem_messages_total{{author=\"{author}\"}} {n}");
            }
            let _ = writeln!(out, "# HELP tandem_conversations_ended_total Conversations ended, by how.\n# TYPE tandem_conversations_ended_total counter");
            for (status, n) in &m.ended {
                let _ = writeln!(out, "tandem_conversations_ended_total{{status=\"{status}\"}} {n}");
            }
            let _ = writeln!(out, "# HELP tandem_ratings_total Shopper ratings of conversations with people.\n# TYPE tandem_ratings_total counter");
            for (score, n) in &m.ratings {
                let _ = writeln!(out, "tandem_ratings_total{{score=\"{score}\"}} {n}");
            }
            let _ = writeln!(out, "# HELP tandem_bot_events_total What the in-browser bot did (resolved: helped without a handoff; deflection = resolved / (resolved + handoffs)).\n# TYPE tandem_bot_events_total counter");
            for (kind, n) in &m.bot {
                let _ = writeln!(out, "tandem_bot_events_total{{kind=\"{kind}\"}} {n}");
            }
            let _ = writeln!(out, "# HELP tandem_wait_seconds Time from handoff to a person joining.\n# TYPE tandem_wait_seconds histogram");
            for (bound, n) in WAIT_BUCKETS.iter().zip(m.wait_buckets) {
                let _ = writeln!(out, "tandem_wait_seconds_bucket{{le=\"{bound}\"}} {n}");
            }
            let _ = writeln!(out, "tandem_wait_seconds_bucket{{le=\"+Inf\"}} {}", m.wait_count);
            let _ = writeln!(out, "tandem_wait_seconds_sum {}", m.wait_sum);
            let _ = writeln!(out, "tandem_wait_seconds_count {}", m.wait_count);
            out
        })
    }
}

#[cfg(test)]
mod tests {
    use super::Metrics;

    #[test]
    fn renders_prometheus_text() {
        let m = Metrics::default();
        m.connection(false, 1);
        m.handoff("sensitive");
        m.handoff("sensitive");
        m.handoff("bad\"label");
        m.waited(45.0);
        m.rating(5);
        let text = m.render();
        assert!(text.contains("tandem_connections{kind=\"shopper\"} 1\n"));
        assert!(text.contains("tandem_handoffs_total{reason=\"sensitive\"} 2\n"));
        assert!(
            text.contains("tandem_handoffs_total{reason=\"badlabel\"} 1\n"),
            "labels are sanitised"
        );
        assert!(text.contains("tandem_wait_seconds_bucket{le=\"30\"} 0\n"));
        assert!(text.contains("tandem_wait_seconds_bucket{le=\"60\"} 1\n"));
        assert!(text.contains("tandem_wait_seconds_count 1\n"));
        assert!(text.contains("tandem_ratings_total{score=\"5\"} 1\n"));
    }
}

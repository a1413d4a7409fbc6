//! The insights a merchant watches, computed from what the store holds: the
//! bot's daily counters from shoppers' browsers and the handoffs to people.
//! Pure (no clock, no database), so every figure is tested on fixed data.
//!
//! Definitions, also shown on the console's insights page:
//! - *started*: conversations a shopper began with the bot;
//! - *resolved by the bot*: the shopper said an answer helped (counted once
//!   per conversation by the widget) minus handoffs whose transcript holds
//!   such an answer, i.e. the shopper wanted more after all;
//! - *wait*: from joining the queue to a person taking over, for handoffs a
//!   person took; median and 90th percentile by nearest rank;
//! - *satisfied*: on the bot path, "did this help?" answered yes among all
//!   answers to it; on the human path, ratings of 4 or 5 among all ratings.

use std::collections::BTreeMap;

use tandem_protocol::{Insights, InsightsDay, ReasonCount};

use crate::store::{BotEventCount, HandoffFact};

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

/// The UTC calendar day of `ms` since the epoch, as `YYYY-MM-DD` (Howard
/// Hinnant's `civil_from_days`; valid for every day after year 0).
pub fn day_of(ms: i64) -> String {
    let days = ms.div_euclid(DAY_MS) + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// The `days` UTC days ending with the one holding `now`, oldest first.
pub fn period(now: i64, days: u32) -> Vec<String> {
    (0..i64::from(days))
        .rev()
        .map(|back| day_of(now - back * DAY_MS))
        .collect()
}

/// Nearest-rank percentile (`p` in 1..=100) of sorted values.
fn percentile(sorted: &[u32], p: usize) -> Option<u32> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (p * sorted.len()).div_ceil(100).max(1);
    sorted.get(rank - 1).copied()
}

fn percent(part: u32, whole: u32) -> Option<u32> {
    (whole > 0).then(|| ((u64::from(part) * 100 + u64::from(whole) / 2) / u64::from(whole)) as u32)
}

fn waits(handoffs: &[&HandoffFact]) -> Vec<u32> {
    let mut waits: Vec<u32> = handoffs
        .iter()
        .filter_map(|h| h.assigned_at.map(|at| at - h.queued_at))
        .map(|ms| u32::try_from(ms.max(0) / 1000).unwrap_or(u32::MAX))
        .collect();
    waits.sort_unstable();
    waits
}

/// Insights over `days` (from [`period`]), from the bot's counters and the
/// handoffs created in that period. Counters and handoffs outside the
/// period are ignored.
pub fn compute(days: &[String], bot: &[BotEventCount], handoffs: &[HandoffFact]) -> Insights {
    let mut counters: BTreeMap<(&str, &str), u32> = BTreeMap::new();
    for event in bot {
        *counters
            .entry((event.day.as_str(), event.kind.as_str()))
            .or_default() += event.count;
    }
    let count = |day: &str, kind: &str| counters.get(&(day, kind)).copied().unwrap_or(0);
    let in_period: Vec<(String, &HandoffFact)> = handoffs
        .iter()
        .map(|h| (day_of(h.created_at), h))
        .filter(|(day, _)| days.contains(day))
        .collect();

    let rows: Vec<InsightsDay> = days
        .iter()
        .map(|day| {
            let todays: Vec<&HandoffFact> = in_period
                .iter()
                .filter(|(d, _)| d == day)
                .map(|(_, h)| *h)
                .collect();
            let wanted_more = todays.iter().filter(|h| h.after_helpful_answer).count() as u32;
            InsightsDay {
                day: day.clone(),
                started: count(day, "started"),
                bot_resolved: count(day, "resolved").saturating_sub(wanted_more),
                handoffs: todays.len() as u32,
                wait_median_secs: percentile(&waits(&todays), 50),
            }
        })
        .collect();

    let all: Vec<&HandoffFact> = in_period.iter().map(|(_, h)| *h).collect();
    let mut reasons: BTreeMap<&str, u32> = BTreeMap::new();
    for handoff in &all {
        *reasons.entry(handoff.reason_kind.as_str()).or_default() += 1;
    }
    let handoffs_by_reason = most_first(reasons);
    let mut topics: BTreeMap<&str, u32> = BTreeMap::new();
    for topic in all.iter().filter_map(|h| h.topic.as_deref()) {
        *topics.entry(topic).or_default() += 1;
    }
    let handoffs_by_topic = most_first(topics);

    let waits = waits(&all);
    let started = rows.iter().map(|r| r.started).sum();
    let bot_resolved = rows.iter().map(|r| r.bot_resolved).sum();
    let sum = |kind: &str| days.iter().map(|d| count(d, kind)).sum::<u32>();
    let (helpful, not_helpful) = (sum("helpful"), sum("not_helpful"));
    let ratings: Vec<u8> = all.iter().filter_map(|h| h.rating).collect();
    let satisfied = ratings.iter().filter(|&&r| r >= 4).count() as u32;
    Insights {
        started,
        bot_resolved,
        bot_resolved_percent: percent(bot_resolved, started),
        handoffs: all.len() as u32,
        handoffs_by_reason,
        handoffs_by_topic,
        wait_median_secs: percentile(&waits, 50),
        wait_p90_secs: percentile(&waits, 90),
        bot_satisfied_percent: percent(helpful, helpful + not_helpful),
        bot_feedback: helpful + not_helpful,
        human_satisfied_percent: percent(satisfied, ratings.len() as u32),
        human_ratings: ratings.len() as u32,
        days: rows,
    }
}

/// Counts as [`ReasonCount`]s, the largest first, ties by name.
fn most_first(counts: BTreeMap<&str, u32>) -> Vec<ReasonCount> {
    let mut out: Vec<ReasonCount> = counts
        .into_iter()
        .map(|(reason, count)| ReasonCount {
            reason: reason.to_owned(),
            count,
        })
        .collect();
    out.sort_by(|a, b| b.count.cmp(&a.count).then(a.reason.cmp(&b.reason)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2026-11-20T12:00:00Z.
    const NOV_20_NOON: i64 = 1_795_176_000_000;

    fn event(day: &str, kind: &str, count: u32) -> BotEventCount {
        BotEventCount {
            day: day.into(),
            kind: kind.into(),
            count,
        }
    }

    fn handoff(at: i64, reason: &str, wait_secs: Option<i64>, rating: Option<u8>) -> HandoffFact {
        HandoffFact {
            created_at: at,
            reason_kind: reason.into(),
            topic: (reason == "sensitive").then(|| "fraud".to_owned()),
            after_helpful_answer: false,
            queued_at: at,
            assigned_at: wait_secs.map(|s| at + s * 1000),
            rating,
        }
    }

    #[test]
    fn days_are_utc_calendar_days() {
        assert_eq!(day_of(0), "1970-01-01");
        assert_eq!(day_of(NOV_20_NOON), "2026-11-20");
        assert_eq!(day_of(951_782_400_000), "2000-02-29");
        assert_eq!(day_of(-1), "1969-12-31");
        assert_eq!(
            period(NOV_20_NOON, 3),
            ["2026-11-18", "2026-11-19", "2026-11-20"]
        );
    }

    #[test]
    fn percentiles_use_the_nearest_rank() {
        let waits: Vec<u32> = (1..=10).collect();
        assert_eq!(percentile(&waits, 50), Some(5));
        assert_eq!(percentile(&waits, 90), Some(9));
        assert_eq!(percentile(&[7], 90), Some(7));
        assert_eq!(percentile(&[], 50), None);
    }

    #[test]
    fn a_period_of_bot_and_human_conversations() {
        let days = period(NOV_20_NOON, 2); // the 19th and the 20th
        let bot = [
            event("2026-11-19", "started", 10),
            event("2026-11-19", "resolved", 4),
            event("2026-11-19", "helpful", 5),
            event("2026-11-19", "not_helpful", 1),
            event("2026-11-20", "started", 10),
            event("2026-11-20", "resolved", 2),
            event("2026-11-20", "helpful", 2),
            event("2026-11-20", "not_helpful", 2),
            // Outside the period: ignored.
            event("2026-11-01", "started", 99),
        ];
        let mut wanted_more = handoff(NOV_20_NOON, "asked_for_person", Some(30), Some(5));
        wanted_more.after_helpful_answer = true;
        let handoffs = [
            handoff(
                NOV_20_NOON - 24 * 3_600_000,
                "sensitive",
                Some(120),
                Some(2),
            ),
            wanted_more,
            HandoffFact {
                topic: Some("self_harm".into()),
                ..handoff(NOV_20_NOON + 60_000, "sensitive", Some(60), Some(4))
            },
            handoff(NOV_20_NOON + 120_000, "out_of_scope", None, None),
            handoff(
                NOV_20_NOON - 30 * 24 * 3_600_000,
                "sensitive",
                Some(1),
                Some(1),
            ),
        ];
        let insights = compute(&days, &bot, &handoffs);
        assert_eq!(insights.started, 20);
        // 4 + (2 - 1 who asked for a person after a helpful answer).
        assert_eq!(insights.bot_resolved, 5);
        assert_eq!(insights.bot_resolved_percent, Some(25));
        assert_eq!(insights.handoffs, 4);
        assert_eq!(
            insights.handoffs_by_reason,
            [
                ReasonCount {
                    reason: "sensitive".into(),
                    count: 2
                },
                ReasonCount {
                    reason: "asked_for_person".into(),
                    count: 1
                },
                ReasonCount {
                    reason: "out_of_scope".into(),
                    count: 1
                },
            ]
        );
        // One of each topic in the period; ties by name.
        assert_eq!(
            insights.handoffs_by_topic,
            [
                ReasonCount {
                    reason: "fraud".into(),
                    count: 1
                },
                ReasonCount {
                    reason: "self_harm".into(),
                    count: 1
                },
            ]
        );
        // Waits 30, 60, 120 s; nobody took the out-of-scope one yet.
        assert_eq!(insights.wait_median_secs, Some(60));
        assert_eq!(insights.wait_p90_secs, Some(120));
        assert_eq!(insights.bot_satisfied_percent, Some(70)); // 7 of 10
        assert_eq!(insights.bot_feedback, 10);
        assert_eq!(insights.human_satisfied_percent, Some(67)); // 2 of 3
        assert_eq!(insights.human_ratings, 3);
        assert_eq!(
            insights.days,
            [
                InsightsDay {
                    day: "2026-11-19".into(),
                    started: 10,
                    bot_resolved: 4,
                    handoffs: 1,
                    wait_median_secs: Some(120),
                },
                InsightsDay {
                    day: "2026-11-20".into(),
                    started: 10,
                    bot_resolved: 1,
                    handoffs: 3,
                    wait_median_secs: Some(30),
                },
            ]
        );
    }

    #[test]
    fn an_empty_period_has_no_shares_rather_than_zero() {
        let insights = compute(&period(NOV_20_NOON, 7), &[], &[]);
        assert_eq!(insights.days.len(), 7);
        assert_eq!(insights.bot_resolved_percent, None);
        assert_eq!(insights.wait_median_secs, None);
        assert_eq!(insights.human_satisfied_percent, None);
    }
}

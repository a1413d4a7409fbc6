//! Geometry for the insights page's SVG charts: bars scaled to a height,
//! with axis ticks at round numbers. Pure, so the arithmetic is tested
//! natively; the component only turns rectangles into SVG elements. No
//! chart library and no CDN: a merchant's console loads nothing from
//! anyone else.

/// The smallest "round" number (1, 2 or 5 times a power of ten) at or
/// above `max`, so the axis ends on a value people read at a glance.
pub fn nice_ceiling(max: u32) -> u32 {
    if max == 0 {
        return 1;
    }
    let mut step = 1u32;
    loop {
        for factor in [1, 2, 5] {
            let candidate = step.saturating_mul(factor);
            if candidate >= max {
                return candidate;
            }
        }
        step = step.saturating_mul(10);
    }
}

/// Bar lengths for `values` on an axis from 0 to `nice_ceiling(max)` drawn
/// `span` units long, and that axis top. A non-zero value always gets at
/// least one unit, so a small count never looks like none.
pub fn bars(values: &[u32], span: f32) -> (Vec<f32>, u32) {
    let top = nice_ceiling(values.iter().copied().max().unwrap_or(0));
    let lengths = values
        .iter()
        .map(|&v| {
            if v == 0 {
                0.0
            } else {
                (v as f32 / top as f32 * span).max(1.0)
            }
        })
        .collect();
    (lengths, top)
}

/// Seconds as people say them: `45 s`, `3 min`, `1 h 5 min`.
pub fn duration(secs: u32) -> String {
    match secs {
        0..60 => format!("{secs} s"),
        60..3600 => format!("{} min", secs / 60),
        _ => format!("{} h {} min", secs / 3600, secs % 3600 / 60),
    }
}

/// A handoff reason kind in words.
pub fn reason_label(kind: &str) -> &str {
    match kind {
        "asked_for_person" => "Asked for a person",
        "sensitive" => "Sensitive topic",
        "language" => "Language not covered",
        "frustrated" => "Frustration",
        "human_only_intent" => "Always for people",
        "out_of_scope" => "Not in the knowledge base",
        other => other,
    }
}

/// A sensitive topic's id as the insights page names it ("Possible
/// self-harm"); an id this console does not know (a newer server) as is.
pub fn topic_label(id: &str) -> String {
    let Some(topic) = tandem_triage::sensitive::Topic::from_id(id) else {
        return id.to_owned();
    };
    let label = topic.label();
    let mut chars = label.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn topics_are_named_as_people_say_them() {
        assert_eq!(topic_label("self_harm"), "Possible self-harm");
        assert_eq!(topic_label("financial_hardship"), "Financial hardship");
        assert_eq!(topic_label("from_a_newer_server"), "from_a_newer_server");
    }

    #[test]
    fn axes_end_on_round_numbers() {
        assert_eq!(nice_ceiling(0), 1);
        assert_eq!(nice_ceiling(1), 1);
        assert_eq!(nice_ceiling(3), 5);
        assert_eq!(nice_ceiling(7), 10);
        assert_eq!(nice_ceiling(11), 20);
        assert_eq!(nice_ceiling(480), 500);
        assert_eq!(nice_ceiling(501), 1000);
    }

    #[test]
    fn bars_scale_to_the_axis_and_small_counts_stay_visible() {
        let (bars, top) = bars(&[0, 1, 50, 100], 100.0);
        assert_eq!(top, 100);
        assert_eq!(bars, [0.0, 1.0, 50.0, 100.0]);
        let (tiny, _) = super::bars(&[1, 1000], 100.0);
        assert_eq!(tiny[0], 1.0, "one of a thousand still shows");
    }

    #[test]
    fn durations_read_like_speech() {
        assert_eq!(duration(45), "45 s");
        assert_eq!(duration(180), "3 min");
        assert_eq!(duration(3900), "1 h 5 min");
    }
}

//! The insights page: whether automation helps or quietly hurts. The share
//! the bot resolved, why people were needed, how long shoppers waited, and
//! how satisfied they were on each path, per day. Charts are inline SVG
//! with a text summary for screen readers; figures and definitions come from
//! the server (`GET /api/insights`).

use tandem_protocol::Insights as Figures;
use yew::prelude::*;

use crate::api;
use crate::charts::{bars, duration, reason_label, topic_label};

fn or_dash(value: Option<u32>, unit: &str) -> String {
    value.map_or_else(|| "–".to_owned(), |v| format!("{v}{unit}"))
}

/// Started, resolved by the bot, and handed off, per day.
fn daily_chart(figures: &Figures) -> Html {
    const HEIGHT: f32 = 120.0;
    const GROUP: f32 = 36.0;
    let values: Vec<u32> = figures
        .days
        .iter()
        .flat_map(|d| [d.started, d.bot_resolved, d.handoffs])
        .collect();
    let (lengths, top) = bars(&values, HEIGHT);
    let width = GROUP * figures.days.len() as f32 + 40.0;
    let summary = format!(
        "Per day over {} days: {} conversations started, {} resolved by the bot, {} handed to people.",
        figures.days.len(),
        figures.started,
        figures.bot_resolved,
        figures.handoffs
    );
    html! {
        <figure class="chart">
            <svg viewBox={format!("0 0 {width} {}", HEIGHT + 30.0)} role="img" aria-label={summary.clone()}>
                <title>{ summary }</title>
                <line x1="30" x2={width.to_string()} y1={HEIGHT.to_string()} y2={HEIGHT.to_string()} class="axis" />
                <text x="0" y="10" class="tick">{ top }</text>
                <text x="0" y={HEIGHT.to_string()} class="tick">{ "0" }</text>
                { for figures.days.iter().enumerate().map(|(i, day)| {
                    let x = 34.0 + i as f32 * GROUP;
                    let kinds = ["started", "resolved", "handoffs"];
                    html! {
                        <g>
                            { for kinds.iter().enumerate().map(|(k, kind)| {
                                let length = lengths[i * 3 + k];
                                html! { <rect class={*kind} x={(x + k as f32 * 10.0).to_string()} y={(HEIGHT - length).to_string()} width="9" height={length.to_string()} /> }
                            }) }
                            <text x={x.to_string()} y={(HEIGHT + 14.0).to_string()} class="tick">{ day.day.get(8..).unwrap_or_default().to_owned() }</text>
                        </g>
                    }
                }) }
            </svg>
            <figcaption>
                <span class="key started">{ "started" }</span>
                <span class="key resolved">{ "resolved by the bot" }</span>
                <span class="key handoffs">{ "handed to people" }</span>
            </figcaption>
        </figure>
    }
}

/// Horizontal bars with labels: handoff reasons, or satisfaction by path.
fn labelled_bars(title: &str, rows: &[(String, u32, String)], span_max: Option<u32>) -> Html {
    const WIDTH: f32 = 200.0;
    let values: Vec<u32> = rows.iter().map(|(_, v, _)| *v).collect();
    let (mut lengths, _) = bars(&values, WIDTH);
    if let Some(max) = span_max {
        // Percentages share one fixed axis, so 40 % never looks full.
        lengths = values
            .iter()
            .map(|&v| v as f32 / max as f32 * WIDTH)
            .collect();
    }
    let summary = rows
        .iter()
        .map(|(label, _, shown)| format!("{label}: {shown}"))
        .collect::<Vec<_>>()
        .join("; ");
    html! {
        <figure class="chart">
            <figcaption>{ title.to_owned() }</figcaption>
            if rows.is_empty() {
                <p class="muted">{ "Nothing yet in this period." }</p>
            } else {
                <svg viewBox={format!("0 0 420 {}", rows.len() * 26)} role="img" aria-label={summary.clone()}>
                    <title>{ summary }</title>
                    { for rows.iter().zip(&lengths).enumerate().map(|(i, ((label, _, shown), length))| {
                        let y = i as f32 * 26.0;
                        html! {
                            <g>
                                <text x="0" y={(y + 15.0).to_string()} class="label">{ label.clone() }</text>
                                <rect x="170" y={(y + 4.0).to_string()} width={length.to_string()} height="16" class="bar" />
                                <text x={(175.0 + length).to_string()} y={(y + 16.0).to_string()} class="value">{ shown.clone() }</text>
                            </g>
                        }
                    }) }
                </svg>
            }
        </figure>
    }
}

/// The insights page.
#[function_component(Insights)]
pub fn insights() -> Html {
    let days = use_state(|| 14u32);
    let figures = use_state(|| None::<Figures>);
    let error = use_state(|| None::<String>);
    {
        let (figures, error) = (figures.clone(), error.clone());
        use_effect_with(*days, move |days| {
            let days = *days;
            wasm_bindgen_futures::spawn_local(async move {
                match api::insights(days).await {
                    Ok(loaded) => {
                        figures.set(Some(loaded));
                        error.set(None);
                    }
                    Err(message) => error.set(Some(message)),
                }
            });
        });
    }
    let choose = |n: u32| {
        let days = days.clone();
        Callback::from(move |_| days.set(n))
    };
    html! {
        <section class="card insights" aria-labelledby="insights-title">
            <h2 id="insights-title">{ "Insights" }</h2>
            <div class="period" role="group" aria-label="Period">
                { for [7u32, 14, 30].into_iter().map(|n| html! {
                    <button type="button" class={classes!("secondary", "small", (*days == n).then_some("current"))}
                        aria-pressed={(*days == n).to_string()} onclick={choose(n)}>{ format!("{n} days") }</button>
                }) }
            </div>
            if let Some(message) = &*error {
                <p class="error" role="alert">{ message.clone() }</p>
            }
            if let Some(f) = &*figures {
                <dl class="tiles">
                    <div><dt>{ "Resolved by the bot" }</dt><dd id="bot-resolved">{ or_dash(f.bot_resolved_percent, " %") }</dd>
                        <dd class="muted">{ format!("{} of {} conversations", f.bot_resolved, f.started) }</dd></div>
                    <div><dt>{ "Handed to people" }</dt><dd id="handoffs">{ f.handoffs }</dd></div>
                    <div><dt>{ "Wait for a person" }</dt><dd>{ f.wait_median_secs.map_or_else(|| "–".to_owned(), duration) }</dd>
                        <dd class="muted">{ format!("median · 90 %: {}", f.wait_p90_secs.map_or_else(|| "–".to_owned(), duration)) }</dd></div>
                </dl>
                { daily_chart(f) }
                { labelled_bars(
                    "Why people were needed",
                    &f.handoffs_by_reason.iter().map(|r| (reason_label(&r.reason).to_owned(), r.count, r.count.to_string())).collect::<Vec<_>>(),
                    None,
                ) }
                if !f.handoffs_by_topic.is_empty() {
                    { labelled_bars(
                        "Sensitive topics",
                        &f.handoffs_by_topic.iter().map(|r| (topic_label(&r.reason), r.count, r.count.to_string())).collect::<Vec<_>>(),
                        None,
                    ) }
                }
                { labelled_bars(
                    "Satisfied shoppers, by path",
                    &[
                        ("Bot only: “it helped”".to_owned(), f.bot_satisfied_percent.unwrap_or(0), format!("{} ({} answers)", or_dash(f.bot_satisfied_percent, " %"), f.bot_feedback)),
                        ("With a person: rated 4–5".to_owned(), f.human_satisfied_percent.unwrap_or(0), format!("{} ({} ratings)", or_dash(f.human_satisfied_percent, " %"), f.human_ratings)),
                    ],
                    Some(100),
                ) }
                <p class="muted definitions">{ "Resolved by the bot: the shopper said an answer helped and did not ask for a person afterwards. Wait: from joining the queue to a person taking over." }</p>
            } else if error.is_none() {
                <p aria-busy="true">{ "Loading…" }</p>
            }
        </section>
    }
}

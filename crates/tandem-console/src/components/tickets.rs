//! Tickets: messages shoppers left while nobody was available. Open ones
//! first; each shows who to reply to, what they wrote and when, and can be
//! marked done once answered by email.

use tandem_protocol::TicketView;
use yew::prelude::*;

use crate::api;

/// A time (ms since the epoch) in the agent's own locale and time zone.
fn local_time(ms: i64) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64));
    String::from(date.to_locale_string("default", &wasm_bindgen::JsValue::UNDEFINED))
}

/// The tickets page.
#[function_component(Tickets)]
pub fn tickets() -> Html {
    let tickets = use_state(|| None::<Vec<TicketView>>);
    let error = use_state(|| None::<String>);
    let reload = {
        let (tickets, error) = (tickets.clone(), error.clone());
        Callback::from(move |()| {
            let (tickets, error) = (tickets.clone(), error.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match api::tickets().await {
                    Ok(list) => {
                        tickets.set(Some(list));
                        error.set(None);
                    }
                    Err(message) => error.set(Some(message)),
                }
            });
        })
    };
    {
        let reload = reload.clone();
        use_effect_with((), move |()| reload.emit(()));
    }
    let done = |id: i64| {
        let (reload, error) = (reload.clone(), error.clone());
        Callback::from(move |_| {
            let (reload, error) = (reload.clone(), error.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match api::ticket_done(id).await {
                    Ok(()) => reload.emit(()),
                    Err(message) => error.set(Some(message)),
                }
            });
        })
    };
    let refresh = {
        let reload = reload.clone();
        Callback::from(move |_| reload.emit(()))
    };
    let (open, finished): (Vec<&TicketView>, Vec<&TicketView>) = tickets
        .as_deref()
        .unwrap_or_default()
        .iter()
        .partition(|t| t.done_at.is_none());
    html! {
        <section class="card tickets" aria-labelledby="tickets-title">
            <h2 id="tickets-title">
                { format!("Messages left for later ({} open)", open.len()) }
                <button type="button" class="secondary small" onclick={refresh}>{ "Refresh" }</button>
            </h2>
            if let Some(message) = &*error {
                <p class="error" role="alert">{ message.clone() }</p>
            }
            if tickets.is_none() {
                <p aria-busy="true">{ "Loading…" }</p>
            } else if open.is_empty() {
                <p class="muted">{ "Nothing waiting. Shoppers who write while nobody is online appear here." }</p>
            }
            <ul class="ticket-list">
                { for open.iter().map(|t| html! {
                    <li class="ticket" key={t.id}>
                        <p class="ticket-head">
                            <a href={format!("mailto:{}", t.email)}>{ t.email.clone() }</a>
                            <span class="muted">{ format!(" · {}", local_time(t.created_at)) }</span>
                        </p>
                        <p class="ticket-message">{ t.message.clone() }</p>
                        <button type="button" onclick={done(t.id)} aria-label={format!("Mark the message from {} done", t.email)}>{ "Mark done" }</button>
                    </li>
                }) }
            </ul>
            if !finished.is_empty() {
                <details>
                    <summary>{ format!("Done ({})", finished.len()) }</summary>
                    <ul class="ticket-list">
                        { for finished.iter().map(|t| html! {
                            <li class="ticket done" key={t.id}>
                                <p class="ticket-head">{ t.email.clone() }<span class="muted">{ format!(" · {}", local_time(t.created_at)) }</span></p>
                                <p class="ticket-message">{ t.message.clone() }</p>
                            </li>
                        }) }
                    </ul>
                </details>
            }
        </section>
    }
}

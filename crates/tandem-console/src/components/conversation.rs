//! One conversation: what to do first when someone may be at risk, the
//! handoff card (why, intent, page context, what was masked), the whole
//! transcript with the bot's turns and notes, the reply
//! box with canned replies (Ctrl+/), and close or transfer to a colleague.

use std::rc::Rc;

use tandem_protocol::{AgentProfile, AgentRequest, Author, ClientMessageId};
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::canned::{Canned, built_in, search};
use crate::state::Open;

/// Props of [`ConversationView`].
#[derive(Properties, PartialEq)]
pub struct ConversationViewProps {
    /// The conversation.
    pub open: Open,
    /// Sends a request to the server.
    pub on_request: Callback<AgentRequest>,
    /// A fresh client id.
    pub new_id: Callback<(), ClientMessageId>,
    /// Every agent, for transfers.
    pub colleagues: Rc<Vec<AgentProfile>>,
    /// The signed-in agent's email (not offered as a transfer target).
    pub me: AttrValue,
}

/// The conversation on screen.
#[function_component(ConversationView)]
pub fn conversation_view(props: &ConversationViewProps) -> Html {
    let reply = use_node_ref();
    let note = use_node_ref();
    let resolution = use_node_ref();
    let detail = &props.open.detail;
    let packet = &detail.packet;
    let conversation = detail.conversation.clone();

    // Canned replies: the built-in phrases and this site's answers.
    let canned = use_state(|| Rc::new(built_in()));
    {
        let canned = canned.clone();
        use_effect_with(detail.site.clone(), move |site| {
            let site = site.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let mut replies = built_in();
                if let Ok(answers) = crate::api::knowledge_replies(&site).await {
                    replies.extend(answers);
                }
                canned.set(Rc::new(replies));
            });
        });
    }
    let query = use_state(String::new);
    let insert = {
        let (reply, query) = (reply.clone(), query.clone());
        Callback::from(move |text: String| {
            if let Some(input) = reply.cast::<HtmlTextAreaElement>() {
                let current = input.value();
                let joined = if current.trim().is_empty() {
                    text
                } else {
                    format!("{} {text}", current.trim_end())
                };
                input.set_value(&joined);
                let _ = input.focus();
            }
            query.set(String::new());
        })
    };
    let matches: Vec<Canned> = if query.trim().is_empty() {
        Vec::new()
    } else {
        search(&canned, &query, 5).into_iter().cloned().collect()
    };
    let on_query = {
        let query = query.clone();
        Callback::from(move |event: InputEvent| {
            if let Some(input) = event.target_dyn_into::<HtmlInputElement>() {
                query.set(input.value());
            }
        })
    };
    let on_query_key = {
        let (insert, first, reply) = (
            insert.clone(),
            matches.first().map(|c| c.text.clone()),
            reply.clone(),
        );
        Callback::from(move |event: KeyboardEvent| match event.key().as_str() {
            "Enter" => {
                event.prevent_default();
                if let Some(text) = first.clone() {
                    insert.emit(text);
                }
            }
            "Escape" => {
                if let Some(input) = reply.cast::<web_sys::HtmlElement>() {
                    let _ = input.focus();
                }
            }
            _ => {}
        })
    };

    // Typing is sent when it starts and stops, not per keystroke: a fast
    // typist would otherwise hit the server's frame rate limit.
    let typing_sent = use_mut_ref(|| false);
    let send = {
        let typing_sent = typing_sent.clone();
        let (reply, note, on_request, new_id, conversation) = (
            reply.clone(),
            note.clone(),
            props.on_request.clone(),
            props.new_id.clone(),
            conversation.clone(),
        );
        move || {
            let Some(input) = reply.cast::<HtmlTextAreaElement>() else {
                return;
            };
            let text = input.value();
            if text.trim().is_empty() {
                return;
            }
            let internal = note.cast::<HtmlInputElement>().is_some_and(|n| n.checked());
            let id = new_id.emit(());
            let conversation = conversation.clone();
            on_request.emit(if internal {
                AgentRequest::Note {
                    id,
                    conversation,
                    text,
                }
            } else {
                AgentRequest::Message {
                    id,
                    conversation,
                    text,
                }
            });
            input.set_value("");
            // The server ends the shopper's view of typing with the message.
            *typing_sent.borrow_mut() = false;
        }
    };
    let onkeydown = {
        let send = send.clone();
        Callback::from(move |event: KeyboardEvent| {
            if event.key() == "Enter" && !event.shift_key() && !event.is_composing() {
                event.prevent_default();
                send();
            }
        })
    };
    let oninput = {
        let (on_request, conversation, typing_sent) = (
            props.on_request.clone(),
            conversation.clone(),
            typing_sent.clone(),
        );
        Callback::from(move |event: InputEvent| {
            let typing = event
                .target_dyn_into::<HtmlTextAreaElement>()
                .is_some_and(|t| !t.value().is_empty());
            if *typing_sent.borrow() != typing {
                *typing_sent.borrow_mut() = typing;
                on_request.emit(AgentRequest::Typing {
                    conversation: conversation.clone(),
                    typing,
                });
            }
        })
    };
    let onsubmit = Callback::from(move |event: SubmitEvent| {
        event.prevent_default();
        send();
    });
    let close = {
        let (on_request, conversation, resolution) = (
            props.on_request.clone(),
            conversation.clone(),
            resolution.clone(),
        );
        Callback::from(move |_| {
            let resolution = resolution
                .cast::<HtmlSelectElement>()
                .map(|s| s.value())
                .unwrap_or_else(|| "resolved".to_owned());
            on_request.emit(AgentRequest::Close {
                conversation: conversation.clone(),
                resolution,
            });
        })
    };
    let transfer_to = use_node_ref();
    let transfer = {
        let (on_request, conversation, transfer_to) = (
            props.on_request.clone(),
            conversation.clone(),
            transfer_to.clone(),
        );
        Callback::from(move |_| {
            let to = transfer_to
                .cast::<HtmlSelectElement>()
                .map(|s| s.value())
                .filter(|v| !v.is_empty());
            if to.is_some() {
                on_request.emit(AgentRequest::Transfer {
                    conversation: conversation.clone(),
                    to,
                });
            }
        })
    };
    let others: Vec<&AgentProfile> = props
        .colleagues
        .iter()
        .filter(|a| a.email != props.me.as_str())
        .collect();
    let requeue = {
        let (on_request, conversation) = (props.on_request.clone(), conversation.clone());
        Callback::from(move |_| {
            on_request.emit(AgentRequest::Transfer {
                conversation: conversation.clone(),
                to: None,
            })
        })
    };

    html! {
        <section class="card conversation" aria-labelledby="conversation-title">
            <h2 id="conversation-title" class="visually-hidden">{ "Conversation" }</h2>
            if let Some(guidance) = packet.topic.as_deref().and_then(crate::guidance::for_topic) {
                <aside class={classes!("guidance", guidance.urgent.then_some("urgent"))} role="note" aria-labelledby="guidance-title">
                    <h3 id="guidance-title">{ guidance.title }</h3>
                    <ol>{ for guidance.steps.iter().map(|step| html! { <li>{ *step }</li> }) }</ol>
                </aside>
            }
            <dl class="handoff-card">
                <dt>{ "Why" }</dt><dd>{ packet.reason.clone() }</dd>
                if let Some(intent) = &packet.intent {
                    <dt>{ "Bot's guess" }</dt><dd>{ format!("{intent} ({:.0}%)", packet.confidence * 100.0) }</dd>
                }
                <dt>{ "Language" }</dt><dd>{ packet.language.clone() }</dd>
                { for packet.context.iter().map(|(k, v)| html! { <><dt>{ k.replace('_', " ") }</dt><dd>{ v.clone() }</dd></> }) }
                if !packet.masked.is_empty() {
                    <dt>{ "Masked" }</dt><dd>{ packet.masked.join(", ") }</dd>
                }
            </dl>
            <ol class="transcript" aria-live="polite">
                { for detail.messages.iter().map(|m| {
                    let (class, who) = match (m.author, m.internal) {
                        (_, true) => ("note", format!("Note · {}", m.name.clone().unwrap_or_default())),
                        (Author::Shopper, _) => ("shopper", "Shopper".to_owned()),
                        (Author::Bot, _) => ("bot", "Bot".to_owned()),
                        (Author::Agent, _) => ("agent", m.name.clone().unwrap_or_else(|| "Agent".to_owned())),
                        (Author::System, _) => ("system", "Tandem".to_owned()),
                    };
                    let feedback = match props.open.feedback(m.seq) {
                        Some(true) => html! { <span class="feedback yes">{ "Shopper: this helped" }</span> },
                        Some(false) => html! { <span class="feedback no">{ "Shopper: this did not help" }</span> },
                        None => html! {},
                    };
                    html! { <li key={m.seq.0} class={classes!("msg", class)}><span class="who">{ who }</span>{ m.text.clone() }{ feedback }</li> }
                }) }
            </ol>
            if props.open.shopper_typing {
                <p class="muted">{ "The shopper is typing…" }</p>
            }
            <div class="canned">
                <label for="canned">{ "Canned replies " }<kbd>{ "Ctrl+/" }</kbd></label>
                <input id="canned" type="search" autocomplete="off" placeholder="Search: greeting, returns, order number…"
                    value={(*query).clone()} oninput={on_query} onkeydown={on_query_key} />
                if !matches.is_empty() {
                    <ul class="canned-list" aria-label="Matching replies">
                        { for matches.iter().map(|c| {
                            let (insert, text) = (insert.clone(), c.text.clone());
                            html! {
                                <li><button type="button" class="secondary" title={c.text.clone()}
                                    onclick={Callback::from(move |_| insert.emit(text.clone()))}>{ c.title.clone() }</button></li>
                            }
                        }) }
                    </ul>
                }
            </div>
            <form class="reply" {onsubmit}>
                <label for="reply">{ "Reply" }</label>
                <textarea id="reply" ref={reply} rows="3" {onkeydown} {oninput} />
                <label class="inline"><input type="checkbox" ref={note} />{ " Internal note (the shopper won't see it)" }</label>
                <button type="submit">{ "Send" }</button>
            </form>
            <div class="actions">
                <label for="resolution">{ "Resolution" }</label>
                <select id="resolution" ref={resolution}>
                    <option value="resolved">{ "Resolved" }</option>
                    <option value="refund_issued">{ "Refund issued" }</option>
                    <option value="card_blocked">{ "Card blocked" }</option>
                    <option value="payment_plan_agreed">{ "Payment plan agreed" }</option>
                    <option value="escalated">{ "Escalated" }</option>
                    <option value="other">{ "Other" }</option>
                </select>
                <button type="button" onclick={close}>{ "Close conversation" }</button>
                <button type="button" class="secondary" onclick={requeue}>{ "Return to queue" }</button>
                if !others.is_empty() {
                    <label for="transfer">{ "Transfer to" }</label>
                    <select id="transfer" ref={transfer_to}>
                        { for others.iter().map(|a| html! {
                            <option value={a.email.clone()}>{ format!("{} ({})", a.display_name, a.languages.join(", ")) }</option>
                        }) }
                    </select>
                    <button type="button" class="secondary" onclick={transfer}>{ "Transfer" }</button>
                }
            </div>
        </section>
    }
}

//! Where the handoff stands, in calm words: connecting, the place in the
//! queue with an honest estimate (and a way to stop waiting), who joined,
//! a form to leave a message when nobody is available, and the rating.

use tandem_protocol::{ClientMessageId, ShopperRequest};
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::state::Channel;

/// Props of [`Status`].
#[derive(Properties, PartialEq)]
pub struct StatusProps {
    /// Where the conversation stands.
    pub channel: Channel,
    /// The server's latest error, in words.
    pub notice: Option<AttrValue>,
    /// Reply promise for messages left for later.
    pub reply_within_hours: u32,
    /// Sends a request on the live channel.
    pub on_request: Callback<ShopperRequest>,
    /// A fresh client id.
    pub next_id: Callback<(), ClientMessageId>,
}

fn minutes(secs: u32) -> String {
    match secs.div_ceil(60) {
        0 | 1 => "about a minute".to_owned(),
        n => format!("about {n} minutes"),
    }
}

/// The status area between the transcript and the composer.
#[function_component(Status)]
pub fn status(props: &StatusProps) -> Html {
    let email = use_node_ref();
    let message = use_node_ref();
    let comment = use_node_ref();
    let request = |r: ShopperRequest| {
        let on_request = props.on_request.clone();
        Callback::from(move |_| on_request.emit(r.clone()))
    };
    let body = match &props.channel {
        Channel::Bot => return html! {},
        Channel::Connecting => html! { <p>{ "Connecting you to a person…" }</p> },
        Channel::Queued {
            position,
            estimated_wait_secs,
        } => html! {
            <>
                if *position > 0 {
                    <p>{ format!("You're number {position} in line. Estimated wait: {}.", minutes(*estimated_wait_secs)) }</p>
                } else {
                    <p>{ "You're in line for a person." }</p>
                }
                <button type="button" onclick={request(ShopperRequest::Cancel)}>{ "Stop waiting" }</button>
            </>
        },
        Channel::WithAgent { name } => html! { <p>{ format!("You're chatting with {name}.") }</p> },
        Channel::NoAgents { reply_within_hours } => {
            let (email_ref, message_ref, on_request, next_id) = (
                email.clone(),
                message.clone(),
                props.on_request.clone(),
                props.next_id.clone(),
            );
            let onsubmit = Callback::from(move |event: SubmitEvent| {
                event.prevent_default();
                let email = email_ref
                    .cast::<HtmlInputElement>()
                    .map(|i| i.value())
                    .unwrap_or_default();
                let text = message_ref
                    .cast::<HtmlTextAreaElement>()
                    .map(|i| i.value())
                    .unwrap_or_default();
                on_request.emit(ShopperRequest::LeaveMessage {
                    id: next_id.emit(()),
                    email,
                    text,
                });
            });
            html! {
                <form class="leave-message" {onsubmit}>
                    <p>{ format!("Nobody is available right now. Leave your email and a message, and we'll reply within {reply_within_hours} hours.") }</p>
                    <label for="tandem-email">{ "Email" }</label>
                    <input id="tandem-email" ref={email.clone()} type="email" autocomplete="email" required=true />
                    <label for="tandem-leave">{ "Message" }</label>
                    <textarea id="tandem-leave" ref={message.clone()} rows="3" required=true />
                    <button type="submit">{ "Send message" }</button>
                </form>
            }
        }
        Channel::TicketSent => html! {
            <p>{ format!("Thanks! We'll reply by email within {} hours.", props.reply_within_hours) }</p>
        },
        Channel::Ended { rated: true } => html! { <p>{ "Thank you for your rating." }</p> },
        Channel::Ended { rated: false } => {
            let rate = |score: u8| {
                let (on_request, comment) = (props.on_request.clone(), comment.clone());
                Callback::from(move |_| {
                    let text = comment
                        .cast::<HtmlInputElement>()
                        .map(|i| i.value())
                        .unwrap_or_default();
                    let comment = (!text.trim().is_empty()).then_some(text);
                    on_request.emit(ShopperRequest::Rate { score, comment });
                })
            };
            html! {
                <div class="rating" role="group" aria-label="Rate the conversation">
                    <p>{ "How was your conversation?" }</p>
                    { for (1..=5u8).map(|score| html! {
                        <button type="button" aria-label={format!("{score} out of 5")} onclick={rate(score)}>{ score }</button>
                    }) }
                    <label for="tandem-comment" class="visually-hidden">{ "Comment (optional)" }</label>
                    <input id="tandem-comment" ref={comment.clone()} type="text" placeholder="Comment (optional)" />
                </div>
            }
        }
    };
    html! {
        <div class="status" role="status">
            if let Some(notice) = &props.notice {
                <p class="notice">{ notice.clone() }</p>
            }
            { body }
        </div>
    }
}

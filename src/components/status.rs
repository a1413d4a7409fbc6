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
    /// The live channel is being restored.
    pub reconnecting: bool,
    /// A message for later is on its way.
    pub sending: bool,
    /// Reply promise for messages left for later.
    pub reply_within_hours: u32,
    /// Sends a request on the live channel.
    pub on_request: Callback<ShopperRequest>,
    /// A fresh client id.
    pub next_id: Callback<(), ClientMessageId>,
}

/// The status area between the transcript and the composer.
#[function_component(Status)]
pub fn status(props: &StatusProps) -> Html {
    let t = crate::i18n::use_texts();
    let email = use_node_ref();
    let message = use_node_ref();
    let comment = use_node_ref();
    let request = |r: ShopperRequest| {
        let on_request = props.on_request.clone();
        Callback::from(move |_| on_request.emit(r.clone()))
    };
    let body = match &props.channel {
        Channel::Bot => return html! {},
        Channel::Connecting => html! { <p>{ t.connecting }</p> },
        Channel::Queued {
            position,
            estimated_wait_secs,
        } => html! {
            <>
                if *position > 0 {
                    <p>{ (t.position)(*position, &(t.minutes)(estimated_wait_secs.div_ceil(60))) }</p>
                } else {
                    <p>{ t.in_line }</p>
                }
                <button type="button" onclick={request(ShopperRequest::Cancel)}>{ t.stop_waiting }</button>
            </>
        },
        Channel::WithAgent { name } => html! { <p>{ (t.chatting_with)(name) }</p> },
        Channel::NoAgents { .. } if props.sending => html! { <p>{ t.sending_message }</p> },
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
                    <p>{ (t.nobody_available)(*reply_within_hours) }</p>
                    <label for="tandem-email">{ t.email }</label>
                    <input id="tandem-email" ref={email.clone()} type="email" autocomplete="email" required=true />
                    <label for="tandem-leave">{ t.message }</label>
                    <textarea id="tandem-leave" ref={message.clone()} rows="3" required=true />
                    <button type="submit">{ t.send_message }</button>
                </form>
            }
        }
        Channel::TicketSent => html! {
            <p>{ (t.ticket_sent)(props.reply_within_hours) }</p>
        },
        Channel::Ended { rated: true } => html! { <p>{ t.thanks_for_rating }</p> },
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
                <div class="rating" role="group" aria-label={t.rate_the_conversation}>
                    <p>{ t.how_was_it }</p>
                    { for (1..=5u8).map(|score| html! {
                        <button type="button" aria-label={(t.out_of_five)(score)} onclick={rate(score)}>{ score }</button>
                    }) }
                    <label for="tandem-comment" class="visually-hidden">{ t.comment_optional }</label>
                    <input id="tandem-comment" ref={comment.clone()} type="text" placeholder={t.comment_optional} />
                </div>
            }
        }
    };
    html! {
        <div class="status" role="status">
            if props.reconnecting {
                <p class="reconnecting">{ t.reconnecting }</p>
            }
            if let Some(notice) = &props.notice {
                <p class="notice">{ notice.clone() }</p>
            }
            { body }
        </div>
    }
}

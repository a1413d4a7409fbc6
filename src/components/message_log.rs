//! The transcript: an ARIA live region so screen readers announce new lines.
//! Answers render from parsed blocks as text nodes and anchors, never HTML.

use tandem_triage::answer::{Block, Inline};
use yew::prelude::*;

use crate::state::{Line, Says};

/// Props of [`MessageLog`].
#[derive(Properties, PartialEq)]
pub struct MessageLogProps {
    /// Lines to show with their keys, oldest first.
    pub lines: Vec<(u32, Line)>,
    /// Suggested questions `(intent, title)` shown before the first message.
    pub suggestions: Vec<(AttrValue, AttrValue)>,
    /// The shopper picked a suggested or clarifying question.
    pub on_choose: Callback<AttrValue>,
    /// "Did this help?" answered for the line with this key.
    pub on_feedback: Callback<(u32, bool)>,
    /// "Talk to a person".
    pub on_person: Callback<MouseEvent>,
    /// The agent is typing.
    pub agent_typing: bool,
}

fn inline(parts: &[Inline]) -> Html {
    parts
        .iter()
        .map(|part| match part {
            Inline::Text { text } => html! { { text.clone() } },
            Inline::Link { text, url } => html! {
                <a href={url.clone()} target="_blank" rel="noopener noreferrer">{ text.clone() }</a>
            },
        })
        .collect()
}

fn blocks(blocks: &[Block]) -> Html {
    blocks
        .iter()
        .map(|block| match block {
            Block::Paragraph { content } => html! { <p>{ inline(content) }</p> },
            Block::List { items } => html! {
                <ul>{ for items.iter().map(|item| html! { <li>{ inline(item) }</li> }) }</ul>
            },
        })
        .collect()
}

/// The list of messages, with a greeting before the first one.
#[function_component(MessageLog)]
pub fn message_log(props: &MessageLogProps) -> Html {
    let t = crate::i18n::use_texts();
    // Keep the newest line in view as the conversation grows.
    let log_ref = use_node_ref();
    {
        let log_ref = log_ref.clone();
        use_effect_with((props.lines.len(), props.agent_typing), move |_| {
            if let Some(log) = log_ref.cast::<web_sys::Element>() {
                log.set_scroll_top(log.scroll_height());
            }
            crate::perf::mark_painted();
        });
    }
    let choose = |intent: &AttrValue| {
        let on_choose = props.on_choose.clone();
        let intent = intent.clone();
        Callback::from(move |_| on_choose.emit(intent.clone()))
    };
    html! {
        <div class="log" ref={log_ref} role="log" aria-live="polite" aria-label={t.conversation}>
            <p class="line bot">{ t.greeting }</p>
            if props.lines.is_empty() && !props.suggestions.is_empty() {
                <div class="chips" role="group" aria-label={t.suggested_questions}>
                    { for props.suggestions.iter().map(|(intent, title)| html! {
                        <button type="button" class="chip" onclick={choose(intent)}>{ title.clone() }</button>
                    }) }
                </div>
            }
            // A line a newer widget saved is not shown (and left out
            // rather than rendered empty, so every child stays keyed).
            { for props.lines.iter().filter(|(_, line)| *line != Line::Bot { says: Says::Unknown }).map(|(key, line)| match line {
                Line::Shopper { text, masked } => html! {
                    <div key={*key} class="line shopper" dir="auto">
                        { text.clone() }
                        if *masked { <span class="visually-hidden">{ t.details_hidden }</span> }
                    </div>
                },
                Line::Answer { blocks: answer, helpful, .. } => {
                    let key = *key;
                    let yes = { let f = props.on_feedback.clone(); Callback::from(move |_| f.emit((key, true))) };
                    let no = { let f = props.on_feedback.clone(); Callback::from(move |_| f.emit((key, false))) };
                    html! {
                        <div key={key} class="line bot answer">
                            { blocks(answer) }
                            <div class="feedback">
                                { match helpful {
                                    None => html! {
                                        <>
                                            <span>{ t.did_this_help }</span>
                                            <button type="button" onclick={yes}>{ t.yes }</button>
                                            <button type="button" onclick={no}>{ t.no }</button>
                                        </>
                                    },
                                    Some(true) => html! { <span>{ t.thanks_for_telling }</span> },
                                    Some(false) => html! { <span>{ t.sorry }</span> },
                                } }
                                <button type="button" class="link" onclick={props.on_person.clone()}>{ t.talk_to_person }</button>
                            </div>
                        </div>
                    }
                }
                Line::Clarify { options } => html! {
                    <div key={*key} class="line bot clarify">
                        <p>{ t.which_do_you_mean }</p>
                        { for options.iter().map(|(intent, question)| html! {
                            <button type="button" class="chip" onclick={choose(intent)}>{ question.clone() }</button>
                        }) }
                        <button type="button" class="chip" onclick={props.on_person.clone()}>{ t.none_of_these }</button>
                    </div>
                },
                Line::Bot { says } => html! {
                    <p key={*key} class={classes!("line", "bot", says.urgent().then_some("urgent"))}>{ says.text(t) }</p>
                },
                Line::Agent { name, text } => html! {
                    <div key={*key} class="line agent" dir="auto"><span class="name">{ name.clone() }</span>{ text.clone() }</div>
                },
                Line::System { notice } => html! { <p key={*key} class="line system">{ notice.text(t) }</p> },
            }) }
            if props.agent_typing {
                <p class="typing" aria-live="off">{ t.typing }</p>
            }
        </div>
    }
}

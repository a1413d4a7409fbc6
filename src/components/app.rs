//! The root component: the chat panel that fills the iframe.

use wasm_bindgen::JsCast as _;
use wasm_bindgen::closure::Closure;
use yew::prelude::*;

use super::composer::Composer;
use super::message_log::MessageLog;
use crate::host::{HostConfig, post_to_parent};
use crate::state::{Action, Conversation};

/// Props of [`App`].
#[derive(Properties, PartialEq)]
pub struct AppProps {
    /// What the loader told us about the host page.
    pub config: HostConfig,
}

/// The chat panel: header, transcript and composer.
#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let conversation = use_reducer(Conversation::default);
    let composer_ref = use_node_ref();
    use_parent_focus(&props.config, composer_ref.clone());

    let config = props.config.clone();
    let close = Callback::from(move |_| post_to_parent(&config, "tandem:close"));
    let config = props.config.clone();
    let onkeydown = Callback::from(move |event: KeyboardEvent| {
        if event.key() == "Escape" {
            post_to_parent(&config, "tandem:close");
        }
    });
    let on_send = {
        let conversation = conversation.dispatcher();
        Callback::from(move |text: String| conversation.dispatch(Action::ShopperSent(text)))
    };
    let title = if props.config.merchant.is_empty() {
        AttrValue::from("Support")
    } else {
        props.config.merchant.clone()
    };

    html! {
        <section class="panel" role="dialog" aria-labelledby="tandem-title" {onkeydown}>
            <header class="panel-header">
                <h1 id="tandem-title">{ title }</h1>
                <button type="button" class="close" aria-label="Close chat" onclick={close}>{ "×" }</button>
            </header>
            <MessageLog lines={conversation.lines.clone()} />
            <Composer input_ref={composer_ref} on_send={on_send} />
        </section>
    }
}

/// Focuses the composer when the parent page opens the panel, accepting the
/// message only from the parent's exact origin.
#[hook]
fn use_parent_focus(config: &HostConfig, target: NodeRef) {
    let parent_origin = config.parent_origin.clone();
    let ready_config = config.clone();
    use_effect_with(parent_origin, move |parent_origin| {
        let parent_origin = parent_origin.clone();
        let listener =
            Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
                if Some(event.origin()) != parent_origin {
                    return;
                }
                let kind = js_sys::Reflect::get(&event.data(), &"type".into())
                    .ok()
                    .and_then(|v| v.as_string());
                if kind.as_deref() == Some("tandem:focus")
                    && let Some(input) = target.cast::<web_sys::HtmlElement>()
                {
                    let _ = input.focus();
                }
            });
        let window = web_sys::window();
        if let Some(window) = &window {
            let _ = window
                .add_event_listener_with_callback("message", listener.as_ref().unchecked_ref());
        }
        post_to_parent(&ready_config, "tandem:ready");
        move || {
            if let Some(window) = window {
                let _ = window.remove_event_listener_with_callback(
                    "message",
                    listener.as_ref().unchecked_ref(),
                );
            }
        }
    });
}

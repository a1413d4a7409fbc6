//! The message box: Enter sends, Shift+Enter starts a new line.

use yew::prelude::*;

/// Props of [`Composer`].
#[derive(Properties, PartialEq)]
pub struct ComposerProps {
    /// Lets the parent focus the text area.
    pub input_ref: NodeRef,
    /// Called with the text when the shopper sends.
    pub on_send: Callback<String>,
}

/// Text area and send button.
#[function_component(Composer)]
pub fn composer(props: &ComposerProps) -> Html {
    let t = crate::i18n::use_texts();
    let send = {
        let input_ref = props.input_ref.clone();
        let on_send = props.on_send.clone();
        move || {
            if let Some(input) = input_ref.cast::<web_sys::HtmlTextAreaElement>() {
                let text = input.value();
                if !text.trim().is_empty() {
                    on_send.emit(text);
                    input.set_value("");
                }
            }
        }
    };
    let onkeydown = {
        let send = send.clone();
        Callback::from(move |event: KeyboardEvent| {
            if event.key() == "Enter" && !event.shift_key() && !event.is_composing() {
                event.prevent_default();
                crate::perf::mark_enter();
                send();
            }
        })
    };
    let onsubmit = Callback::from(move |event: SubmitEvent| {
        event.prevent_default();
        send();
    });
    html! {
        <form class="composer" {onsubmit}>
            <label for="tandem-input" class="visually-hidden">{ t.type_your_question }</label>
            <textarea id="tandem-input" ref={props.input_ref.clone()} rows="2" dir="auto"
                placeholder={t.type_your_question} {onkeydown} />
            <button type="submit">{ t.send }</button>
        </form>
    }
}

//! The login form.

use tandem_protocol::AgentProfile;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::api;

/// Props of [`Login`].
#[derive(Properties, PartialEq)]
pub struct LoginProps {
    /// Called with the agent once the server accepted the password.
    pub on_login: Callback<AgentProfile>,
}

/// Email and password, with the server's refusal shown as an alert.
#[function_component(Login)]
pub fn login(props: &LoginProps) -> Html {
    let email = use_node_ref();
    let password = use_node_ref();
    let error = use_state(|| None::<String>);
    let busy = use_state(|| false);
    let onsubmit = {
        let (email, password, error, busy) =
            (email.clone(), password.clone(), error.clone(), busy.clone());
        let on_login = props.on_login.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let value = |node: &NodeRef| {
                node.cast::<HtmlInputElement>()
                    .map(|i| i.value())
                    .unwrap_or_default()
            };
            let (email, password) = (value(&email), value(&password));
            let (error, busy, on_login) = (error.clone(), busy.clone(), on_login.clone());
            busy.set(true);
            wasm_bindgen_futures::spawn_local(async move {
                match api::login(email, password).await {
                    Ok(agent) => on_login.emit(agent),
                    Err(message) => error.set(Some(message)),
                }
                busy.set(false);
            });
        })
    };
    html! {
        <form class="login card" {onsubmit} aria-labelledby="login-title">
            <h2 id="login-title">{ "Sign in" }</h2>
            <label for="email">{ "Email" }</label>
            <input id="email" ref={email} type="email" autocomplete="username" required=true />
            <label for="password">{ "Password" }</label>
            <input id="password" ref={password} type="password" autocomplete="current-password" required=true />
            if let Some(message) = &*error {
                <p class="error" role="alert">{ message.clone() }</p>
            }
            <button type="submit" disabled={*busy}>{ if *busy { "Signing in…" } else { "Sign in" } }</button>
        </form>
    }
}

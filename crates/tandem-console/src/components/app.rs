//! The root component: the login form until an agent is signed in, then
//! the workspace.

use tandem_protocol::AgentProfile;
use yew::prelude::*;

use super::login::Login;
use super::workspace::Workspace;
use crate::api;

/// Where the console is.
#[derive(Clone, PartialEq)]
enum Session {
    /// Asking the server whether a session cookie is still valid.
    Checking,
    /// No session: show the login form.
    SignedOut,
    /// An agent is signed in.
    SignedIn(AgentProfile),
}

/// The console.
#[function_component(App)]
pub fn app() -> Html {
    let session = use_state(|| Session::Checking);
    let error = use_state(|| None::<String>);
    {
        let session = session.clone();
        let error = error.clone();
        use_effect_with((), move |()| {
            wasm_bindgen_futures::spawn_local(async move {
                match api::me().await {
                    Ok(Some(agent)) => session.set(Session::SignedIn(agent)),
                    Ok(None) => session.set(Session::SignedOut),
                    Err(message) => {
                        error.set(Some(message));
                        session.set(Session::SignedOut);
                    }
                }
            });
        });
    }
    let on_login = {
        let session = session.clone();
        Callback::from(move |agent: AgentProfile| session.set(Session::SignedIn(agent)))
    };
    let on_logout = {
        let session = session.clone();
        let error = error.clone();
        Callback::from(move |_| {
            let session = session.clone();
            let error = error.clone();
            wasm_bindgen_futures::spawn_local(async move {
                match api::logout().await {
                    Ok(()) => session.set(Session::SignedOut),
                    Err(message) => error.set(Some(message)),
                }
            });
        })
    };
    let body = match &*session {
        Session::Checking => html! { <p aria-busy="true">{ "Loading…" }</p> },
        Session::SignedOut => html! { <Login on_login={on_login} /> },
        Session::SignedIn(agent) => html! { <Workspace agent={agent.clone()} /> },
    };
    html! {
        <>
            <header class="top">
                <h1>{ "Tandem console" }</h1>
                if matches!(*session, Session::SignedIn(_)) {
                    <button class="secondary" type="button" onclick={on_logout}>{ "Sign out" }</button>
                }
            </header>
            <main>
                if let Some(message) = &*error {
                    <p class="error" role="alert">{ message.clone() }</p>
                }
                { body }
            </main>
        </>
    }
}

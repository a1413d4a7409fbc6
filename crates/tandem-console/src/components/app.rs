//! The root component: the login form until an agent is signed in, then
//! the pages: conversations (the live workspace), tickets, the knowledge
//! base and insights. The workspace stays mounted while another page shows, so its live
//! connection and open conversations carry on.

use tandem_protocol::AgentProfile;
use yew::prelude::*;

use super::insights::Insights;
use super::knowledge::Knowledge;
use super::login::Login;
use super::tickets::Tickets;
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

/// The pages of a signed-in console.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Page {
    Conversations,
    Tickets,
    Knowledge,
    Insights,
}

impl Page {
    const ALL: [Page; 4] = [
        Page::Conversations,
        Page::Tickets,
        Page::Knowledge,
        Page::Insights,
    ];

    fn label(self) -> &'static str {
        match self {
            Page::Conversations => "Conversations",
            Page::Tickets => "Tickets",
            Page::Knowledge => "Knowledge base",
            Page::Insights => "Insights",
        }
    }
}

/// The console.
#[function_component(App)]
pub fn app() -> Html {
    let session = use_state(|| Session::Checking);
    let page = use_state(|| Page::Conversations);
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
        Session::SignedIn(agent) => html! {
            <>
                <div hidden={*page != Page::Conversations}>
                    <Workspace agent={agent.clone()} />
                </div>
                if *page == Page::Tickets { <Tickets /> }
                if *page == Page::Knowledge { <Knowledge /> }
                if *page == Page::Insights { <Insights /> }
            </>
        },
    };
    let nav = Page::ALL.map(|p| {
        let page_state = page.clone();
        let onclick = Callback::from(move |_| page_state.set(p));
        let current = *page == p;
        html! {
            <button type="button" class={classes!("nav", current.then_some("current"))}
                aria-current={current.then_some("page")} {onclick}>{ p.label() }</button>
        }
    });
    html! {
        <>
            <header class="top">
                <h1>{ "Tandem console" }</h1>
                if matches!(*session, Session::SignedIn(_)) {
                    <nav class="pages" aria-label="Console pages">{ for nav }</nav>
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

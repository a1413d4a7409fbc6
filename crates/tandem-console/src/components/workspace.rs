//! The agent's workspace once signed in: presence, the queue, and the
//! conversations the agent is handling, connected live to the server.
//! Keyboard: Alt+↓ / Alt+↑ switch conversations, Alt+1…9 pick one, Ctrl+/
//! searches canned replies. New assignments notify (when allowed and the
//! tab is in the background) and can chime.

use std::cell::RefCell;
use std::rc::Rc;

use tandem_protocol::{AgentProfile, AgentRequest, ClientMessageId, Presence};
use wasm_bindgen::JsCast as _;
use wasm_bindgen::closure::Closure;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// The console's live connection.
type Live = tandem_live::Live<AgentRequest>;

use super::conversation::ConversationView;
use crate::state::{Action, Console};

/// Props of [`Workspace`].
#[derive(Properties, PartialEq)]
pub struct WorkspaceProps {
    /// Who is signed in.
    pub agent: AgentProfile,
}

/// Connects and reconnects (2 s, 4 s, ... at most 30 s) while the
/// workspace is shown.
fn connect(
    live: &Rc<RefCell<Option<Live>>>,
    dispatcher: &UseReducerDispatcher<Console>,
    attempt: u32,
) {
    let on_event = {
        let dispatcher = dispatcher.clone();
        move |event| dispatcher.dispatch(Action::Server(Box::new(event)))
    };
    let on_closed = {
        let (live, dispatcher) = (live.clone(), dispatcher.clone());
        move || {
            live.borrow_mut().take();
            dispatcher.dispatch(Action::Connected(false));
            let delay = (2000u32 << attempt.min(4)).min(30_000);
            let (live, dispatcher) = (live.clone(), dispatcher.clone());
            gloo_timers::callback::Timeout::new(delay, move || {
                connect(&live, &dispatcher, attempt + 1)
            })
            .forget();
        }
    };
    if let Ok(connection) = tandem_live::connect("/ws/agent", on_event, on_closed) {
        *live.borrow_mut() = Some(connection);
        dispatcher.dispatch(Action::Connected(true));
    }
}

fn minutes(secs: u64) -> String {
    match secs / 60 {
        0 => format!("{secs} s"),
        m => format!("{m} min"),
    }
}

/// The keyboard shortcuts, on the whole page while the workspace shows.
#[hook]
fn use_shortcuts(dispatcher: UseReducerDispatcher<Console>) {
    use_effect_with((), move |()| {
        let listener =
            Closure::<dyn Fn(web_sys::KeyboardEvent)>::new(move |event: web_sys::KeyboardEvent| {
                let key = event.key();
                if event.ctrl_key() && key == "/" {
                    event.prevent_default();
                    if let Some(search) = web_sys::window()
                        .and_then(|w| w.document())
                        .and_then(|d| d.get_element_by_id("canned"))
                        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
                    {
                        let _ = search.focus();
                    }
                    return;
                }
                if !event.alt_key() {
                    return;
                }
                let action = match key.as_str() {
                    "ArrowDown" => Some(Action::SelectStep(1)),
                    "ArrowUp" => Some(Action::SelectStep(-1)),
                    digit => digit
                        .parse::<usize>()
                        .ok()
                        .filter(|n| (1..=9).contains(n))
                        .map(|n| Action::SelectNth(n - 1)),
                };
                if let Some(action) = action {
                    event.prevent_default();
                    dispatcher.dispatch(action);
                }
            });
        let window = web_sys::window();
        if let Some(window) = &window {
            let _ = window
                .add_event_listener_with_callback("keydown", listener.as_ref().unchecked_ref());
        }
        move || {
            if let Some(window) = window {
                let _ = window.remove_event_listener_with_callback(
                    "keydown",
                    listener.as_ref().unchecked_ref(),
                );
            }
        }
    });
}

/// Presence, queue and conversations.
#[function_component(Workspace)]
pub fn workspace(props: &WorkspaceProps) -> Html {
    let console = use_reducer(Console::default);
    use_shortcuts(console.dispatcher());
    let colleagues = use_state(|| Rc::new(Vec::<AgentProfile>::new()));
    {
        let colleagues = colleagues.clone();
        use_effect_with((), move |()| {
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(list) = crate::api::colleagues().await {
                    colleagues.set(Rc::new(list));
                }
            });
        });
    }
    // Sound is the agent's choice, remembered in this browser.
    let sound = use_state(|| {
        web_sys::window()
            .and_then(|w| w.local_storage().ok().flatten())
            .and_then(|s| s.get_item("tandem:sound").ok().flatten())
            .as_deref()
            == Some("on")
    });
    let notifications_allowed = use_state(crate::alerts::permitted);
    {
        // Each conversation that appears in the agent's list is a new
        // assignment: notify and chime once for it.
        let seen = use_mut_ref(std::collections::BTreeSet::<String>::new);
        let ids: Vec<String> = console.open.keys().cloned().collect();
        let firsts: Vec<String> = console
            .open
            .values()
            .map(|o| o.detail.packet.reason.clone())
            .collect();
        let sound = *sound;
        use_effect_with(ids, move |ids| {
            let mut seen = seen.borrow_mut();
            for (id, reason) in ids.iter().zip(&firsts) {
                if seen.insert(id.clone()) {
                    crate::alerts::notify(reason);
                    if sound {
                        crate::alerts::chime();
                    }
                }
            }
        });
    }
    let toggle_sound = {
        let sound = sound.clone();
        Callback::from(move |_| {
            let on = !*sound;
            if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten())
            {
                let _ = storage.set_item("tandem:sound", if on { "on" } else { "off" });
            }
            if on {
                crate::alerts::chime();
            }
            sound.set(on);
        })
    };
    let allow_notifications = {
        let allowed = notifications_allowed.clone();
        Callback::from(move |_| {
            crate::alerts::ask_permission();
            allowed.set(crate::alerts::permitted());
        })
    };
    let live = use_mut_ref(|| None::<Live>);
    let next_id = use_mut_ref(|| 0u32);
    {
        let (live, dispatcher) = (live.clone(), console.dispatcher());
        use_effect_with((), move |()| connect(&live, &dispatcher, 0));
    }
    {
        let unread = console.unread();
        let waiting = console.waiting();
        use_effect_with((unread, waiting), move |(unread, waiting)| {
            if let Some(document) = web_sys::window().and_then(|w| w.document()) {
                let title = match (unread, waiting) {
                    (0, 0) => "Tandem console".to_owned(),
                    (0, w) => format!("{w} waiting · Tandem console"),
                    (u, _) => format!("({u}) Tandem console"),
                };
                document.set_title(&title);
            }
        });
    }
    let send = {
        let live = live.clone();
        Callback::from(move |request: AgentRequest| {
            if let Some(live) = live.borrow().as_ref() {
                live.send(request);
            }
        })
    };
    let new_id = {
        let next_id = next_id.clone();
        Callback::from(move |()| {
            *next_id.borrow_mut() += 1;
            let random = (js_sys::Math::random() * 1e12) as u64;
            ClientMessageId(format!("c{}-{random:x}", next_id.borrow()))
        })
    };

    let presence_ref = use_node_ref();
    let on_presence = {
        let (send, dispatcher, presence_ref) =
            (send.clone(), console.dispatcher(), presence_ref.clone());
        let capacity = console.capacity;
        Callback::from(move |_| {
            let value = presence_ref
                .cast::<HtmlSelectElement>()
                .map(|s| s.value())
                .unwrap_or_default();
            let status = match value.as_str() {
                "online" => Presence::Online,
                "away" => Presence::Away,
                _ => Presence::Offline,
            };
            dispatcher.dispatch(Action::SetPresence(status, capacity));
            send.emit(AgentRequest::Presence { status, capacity });
        })
    };
    let capacity_ref = use_node_ref();
    let on_capacity = {
        let (send, dispatcher, capacity_ref) =
            (send.clone(), console.dispatcher(), capacity_ref.clone());
        let status = console.presence;
        Callback::from(move |_| {
            let value = capacity_ref
                .cast::<HtmlSelectElement>()
                .map(|s| s.value())
                .unwrap_or_default();
            let capacity = value.parse().unwrap_or(3);
            dispatcher.dispatch(Action::SetPresence(status, capacity));
            send.emit(AgentRequest::Presence { status, capacity });
        })
    };
    let presence_value = match console.presence {
        Presence::Online => "online",
        Presence::Away => "away",
        Presence::Offline => "offline",
    };

    let waiting = console.waiting();
    html! {
        <div class="workspace">
            <section class="card controls" aria-label="Your availability">
                <p class="agent-name">{ format!("{} · {}", props.agent.display_name, props.agent.languages.join(", ")) }</p>
                <label for="presence">{ "Status" }</label>
                <select id="presence" ref={presence_ref} onchange={on_presence} value={presence_value}>
                    <option value="online" selected={presence_value == "online"}>{ "Online: take conversations" }</option>
                    <option value="away" selected={presence_value == "away"}>{ "Away: finish current ones" }</option>
                    <option value="offline" selected={presence_value == "offline"}>{ "Offline" }</option>
                </select>
                <label for="capacity">{ "At once" }</label>
                <select id="capacity" ref={capacity_ref} onchange={on_capacity}>
                    { for (1..=6u8).map(|n| html! { <option value={n.to_string()} selected={n == console.capacity}>{ n }</option> }) }
                </select>
                <label class="inline"><input type="checkbox" checked={*sound} onchange={toggle_sound} />{ " Sound" }</label>
                if !*notifications_allowed {
                    <button type="button" class="secondary small" onclick={allow_notifications}>{ "Allow notifications" }</button>
                }
                <p class={classes!("connection", (!console.connected).then_some("offline"))} role="status">
                    { if console.connected { "Connected" } else { "Reconnecting…" } }
                </p>
            </section>
            if let Some(notice) = &console.notice {
                <p class="error" role="alert">{ notice.clone() }</p>
            }
            if let Some((_, score)) = &console.last_rating {
                <p class="rating-note" role="status">{ format!("A shopper rated your conversation {score}/5.") }</p>
            }
            <section class="card queue" aria-labelledby="queue-title">
                <h2 id="queue-title">{ format!("{waiting} shopper{} waiting", if waiting == 1 { "" } else { "s" }) }
                    <span class="muted">{ format!(" · {} agent{} online", console.agents_online, if console.agents_online == 1 { "" } else { "s" }) }</span>
                </h2>
                <ul>
                    { for console.queue.iter().map(|item| {
                        let accept = {
                            let send = send.clone();
                            let conversation = item.conversation.clone();
                            Callback::from(move |_| send.emit(AgentRequest::Accept { conversation: conversation.clone() }))
                        };
                        let urgent = item.priority <= 1;
                        html! {
                            <li class={classes!("queue-item", urgent.then_some("urgent"))}>
                                <span class="badge">{ match item.priority { 0 => "Urgent: person at risk", 1 => "Urgent", 2 => "Priority", _ => "Normal" } }</span>
                                <span class="reason">{ item.reason.clone() }</span>
                                <span class="muted">{ format!(" · {} · waiting {}", item.language, minutes(item.waiting_secs)) }</span>
                                <p class="first-line">{ item.first_line.clone() }</p>
                                <button type="button" onclick={accept}>{ "Take" }</button>
                            </li>
                        }
                    }) }
                </ul>
            </section>
            if !console.open.is_empty() {
                <nav class="tabs" aria-label="Your conversations (Alt+↑ / Alt+↓ to switch)">
                    { for console.open.iter().map(|(id, open)| {
                        let select = { let d = console.dispatcher(); let id = id.clone(); Callback::from(move |_| d.dispatch(Action::Select(id.clone()))) };
                        let first = open.detail.messages.iter().find(|m| m.author == tandem_protocol::Author::Shopper).map(|m| m.text.chars().take(30).collect::<String>()).unwrap_or_default();
                        let current = console.selected.as_deref() == Some(id.as_str());
                        html! {
                            <button type="button" class={classes!("tab", current.then_some("current"))} aria-current={current.then_some("true")} onclick={select}>
                                { first }
                                if open.unread > 0 { <span class="unread" aria-label={format!("{} unread", open.unread)}>{ open.unread }</span> }
                            </button>
                        }
                    }) }
                </nav>
            }
            if let Some(open) = console.selected.as_ref().and_then(|id| console.open.get(id)) {
                <ConversationView open={open.clone()} on_request={send.clone()} new_id={new_id.clone()}
                    colleagues={(*colleagues).clone()} me={AttrValue::from(props.agent.email.clone())} />
            }
        </div>
    }
}

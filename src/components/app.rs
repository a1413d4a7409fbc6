//! The root component: the chat panel that fills the iframe. It wires the
//! pieces together: the site's triage engine (loaded once), the reducer in
//! `state.rs`, and the live channel to people when triage hands off.

use std::cell::RefCell;
use std::rc::Rc;

use tandem_protocol::{
    ClientMessageId, HandoffPacket, PROTOCOL_VERSION, Resume, ShopperEvent, ShopperRequest,
};
use tandem_triage::engine::{Decision, Engine, HandoffReason};
use tandem_triage::frustration::History;
use tandem_triage::kb::Route;
use tandem_triage::normalize::normalize;
use tandem_triage::pii::redact;
use wasm_bindgen::JsCast as _;
use wasm_bindgen::closure::Closure;
use yew::prelude::*;

/// The live channel to people.
type Live = tandem_live::Live<ShopperRequest>;

use super::composer::Composer;
use super::message_log::MessageLog;
use super::status::Status;
use crate::host::{HostConfig, post_to_parent};
use crate::i18n::{Locale, Texts, is_rtl, texts_for};
use crate::site::{self, SiteInfo};
use crate::state::{Action, Channel, Conversation, Pending, Says};

/// Props of [`App`].
#[derive(Properties, PartialEq)]
pub struct AppProps {
    /// What the loader told us about the host page.
    pub config: HostConfig,
}

/// Why the conversation is being handed off, kept until the channel opens.
#[derive(Clone)]
struct PendingHandoff {
    reason: String,
    reason_kind: String,
    priority: u8,
    topic: Option<String>,
    intent: Option<String>,
    confidence: f32,
    language: String,
    masked: Vec<String>,
}

impl PendingHandoff {
    fn asked() -> Self {
        Self {
            reason: "The shopper asked for a person.".to_owned(),
            reason_kind: "asked_for_person".to_owned(),
            priority: 3,
            topic: None,
            intent: None,
            confidence: 0.0,
            language: "en".to_owned(),
            masked: Vec::new(),
        }
    }
}

fn reason_kind(reason: &HandoffReason) -> &'static str {
    match reason {
        HandoffReason::AskedForPerson { .. } => "asked_for_person",
        HandoffReason::Sensitive { .. } => "sensitive",
        HandoffReason::Language { .. } => "language",
        HandoffReason::Frustrated { .. } => "frustrated",
        HandoffReason::HumanOnlyIntent { .. } => "human_only_intent",
        HandoffReason::OutOfScope => "out_of_scope",
    }
}

/// State that lives across renders but never triggers one.
#[derive(Default)]
struct Session {
    live: Option<Live>,
    pending: Option<PendingHandoff>,
    /// Where to resume after a dropped connection (updated as lines arrive,
    /// seeded from the saved conversation after a reload).
    resume: Option<Resume>,
    /// Reconnection attempts since the last successful hello.
    attempts: u32,
    /// What the merchant's page set with `Tandem.setContext`.
    context: std::collections::BTreeMap<String, String>,
    next_id: u32,
}

impl Session {
    fn client_id(&mut self) -> ClientMessageId {
        self.next_id += 1;
        let random = (js_sys::Math::random() * 1e12) as u64;
        ClientMessageId(format!("w{}-{random:x}", self.next_id))
    }
}

/// Questions the shopper asked before the site had loaded (or failed to),
/// oldest first, with the history each was asked against. They are shown at
/// once and answered when the knowledge base arrives: a shopper who types
/// fast must not be handed to a person only because the model was still
/// downloading. A reducer, so two questions in one frame both stay.
#[derive(Default, PartialEq)]
struct Waiting(Vec<(String, History)>);

enum WaitingAction {
    Ask(String, History),
    /// The oldest was dealt with.
    Done,
}

impl Reducible for Waiting {
    type Action = WaitingAction;

    fn reduce(self: Rc<Self>, action: WaitingAction) -> Rc<Self> {
        let mut questions = self.0.clone();
        match action {
            WaitingAction::Ask(text, history) => questions.push((text, history)),
            WaitingAction::Done => {
                if !questions.is_empty() {
                    questions.remove(0);
                }
            }
        }
        Rc::new(Self(questions))
    }
}

/// The chat panel: header, transcript, status and composer.
#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let texts = texts_for(&props.config.locale);
    let conversation = {
        let site = props.config.site.clone();
        use_reducer(move || crate::persist::load(&site).unwrap_or_default())
    };
    let site = use_state(|| None::<Rc<SiteInfo>>);
    let engine = use_state(|| None::<Rc<Engine>>);
    let load_error = use_state(|| None::<site::LoadError>);
    let waiting = use_reducer(Waiting::default);
    // The site has loaded (engine or not) or failed: questions can be answered.
    let settled = site.is_some() || load_error.is_some();
    let session = use_mut_ref(Session::default);
    let composer_ref = use_node_ref();
    use_parent_messages(&props.config, composer_ref.clone(), session.clone());
    use_saved_conversation(&props.config.site, &conversation);
    use_reconnect_triggers(&props.config.site, &conversation, &session);

    // A conversation with people that this page did not open itself (a
    // reload, or another tab that started it): join it from its cursor.
    {
        let dispatcher = conversation.dispatcher();
        let session = session.clone();
        let site_key = props.config.site.to_string();
        let resume = conversation
            .resume()
            .filter(|_| conversation.needs_live_channel());
        let joined = resume.as_ref().map(|r| r.conversation.clone());
        use_effect_with(joined, move |_| {
            if let Some(resume) = resume
                && session.borrow().live.is_none()
            {
                session.borrow_mut().resume = Some(resume);
                open_channel(&session, &dispatcher, &site_key, None);
            }
        });
    }

    // Each time the channel (re)joins the conversation, whatever the server
    // has not acknowledged goes again, with the same ids: the server drops
    // the copies it already stored.
    {
        let session = session.clone();
        let (batch, more) = conversation.outbox_batch();
        let batch = batch.to_vec();
        let pending = conversation.pending.clone();
        let dispatcher = conversation.dispatcher();
        use_effect_with(conversation.joins, move |joins| {
            let live = session.borrow().live.clone();
            if *joins > 0
                && let Some(live) = live
            {
                for line in batch {
                    live.send(ShopperRequest::Message {
                        id: ClientMessageId(line.id.to_string()),
                        text: line.text.to_string(),
                    });
                }
                if let Some(pending) = pending {
                    live.send(pending.request());
                }
                if more {
                    gloo_timers::callback::Timeout::new(
                        crate::state::OUTBOX_BATCH_EVERY_MS,
                        move || dispatcher.dispatch(Action::RetryOutbox),
                    )
                    .forget();
                }
            }
        });
    }

    {
        let (site, engine, load_error) = (site.clone(), engine.clone(), load_error.clone());
        let key = props.config.site.to_string();
        let tag_colour = props.config.color.clone();
        use_effect_with(key, move |key| {
            if let Some(colour) = &tag_colour {
                crate::host::set_accent(colour);
            }
            let key = key.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let mut attempt = 0;
                loop {
                    match site::load(&key).await {
                        Ok((info, loaded)) => {
                            // The tag's data-color wins over the site file's.
                            if tag_colour.is_none() {
                                crate::host::set_accent(&info.color);
                            }
                            // The engine first: a render that sees the site
                            // loaded must see its engine too (`settled`).
                            engine.set(loaded.map(Rc::new));
                            site.set(Some(Rc::new(info)));
                            load_error.set(None);
                            break;
                        }
                        // The network failed (a phone in a tunnel, a server
                        // restarting): say so, and keep trying, so the bot
                        // answers again once the line is back.
                        Err(site::LoadError::Failed) => {
                            load_error.set(Some(site::LoadError::Failed));
                            retry_after(crate::state::backoff_ms(attempt)).await;
                            attempt += 1;
                        }
                        Err(error) => {
                            load_error.set(Some(error));
                            break;
                        }
                    }
                }
            });
        });
    }

    // Opens the live channel once a handoff starts, then says hello and
    // sends the handoff packet with the transcript so far.
    {
        let dispatcher = conversation.dispatcher();
        let session = session.clone();
        let site_key = props.config.site.to_string();
        let engine = engine.clone();
        let state = conversation.clone();
        use_effect_with(conversation.channel.clone(), move |channel| {
            if *channel == Channel::Connecting && session.borrow().live.is_none() {
                let pending = session.borrow_mut().pending.take();
                let context = session.borrow().context.clone();
                let packet = pending.map(|pending| {
                    handoff_packet(texts, pending, &state, engine.as_deref(), context)
                });
                open_channel(&session, &dispatcher, &site_key, packet);
            }
        });
    }

    let start_handoff = {
        let dispatcher = conversation.dispatcher();
        let session = session.clone();
        Callback::from(move |pending: PendingHandoff| {
            session.borrow_mut().pending = Some(pending);
            dispatcher.dispatch(Action::HandoffStarted);
            crate::host::post_event("handoff");
        })
    };

    // Triage of one question, and what follows from it: an answer, the
    // likely questions, or a handoff.
    let answer = {
        let dispatcher = conversation.dispatcher();
        let engine = engine.clone();
        let start_handoff = start_handoff.clone();
        let site_key = props.config.site.to_string();
        Callback::from(move |(text, history): (String, History)| {
            let Some(engine) = engine.as_ref() else {
                dispatcher.dispatch(Action::BotSays(Says::ConnectingWithoutBot));
                start_handoff.emit(PendingHandoff::asked());
                return;
            };
            let verdict = crate::perf::measure("triage", || engine.triage(&text, &history));
            match &verdict.decision {
                Decision::Answer { intent } => {
                    if let Some(found) = engine.kb().intent(intent) {
                        dispatcher.dispatch(Action::BotAnswered {
                            intent: intent.clone(),
                            blocks: Rc::new(found.blocks.clone()),
                        });
                        site::report(&site_key, "answered");
                        crate::host::post_event("answer");
                    }
                }
                Decision::Clarify { options } => {
                    let options: Vec<(String, String)> = options
                        .iter()
                        .filter_map(|id| {
                            engine
                                .kb()
                                .intent(id)
                                .map(|i| (i.id.clone(), i.title.clone()))
                        })
                        .collect();
                    if verdict.closing {
                        dispatcher.dispatch(Action::BotSays(Says::GladToHelp));
                    } else if options.is_empty() {
                        dispatcher.dispatch(Action::BotSays(Says::TellMeMore));
                    } else {
                        dispatcher.dispatch(Action::BotClarified { options });
                        site::report(&site_key, "clarified");
                    }
                }
                Decision::Handoff { reason, priority } => {
                    dispatcher.dispatch(Action::BotSays(Says::HandingOff));
                    if let Some(says) = crate::state::while_you_wait(reason) {
                        dispatcher.dispatch(Action::BotSays(says));
                    }
                    start_handoff.emit(PendingHandoff {
                        reason: verdict.explanation.clone(),
                        reason_kind: reason_kind(reason).to_owned(),
                        priority: *priority,
                        topic: crate::state::handoff_topic(reason).map(|t| t.id().to_owned()),
                        intent: Some(verdict.top.intent.clone()),
                        confidence: verdict.top.confidence,
                        language: verdict
                            .language
                            .clone()
                            .unwrap_or_else(|| engine.kb().languages[0].clone()),
                        masked: verdict
                            .redacted
                            .found
                            .iter()
                            .map(|k| format!("{k:?}"))
                            .collect(),
                    });
                }
            }
        })
    };

    // Once the site has settled, the questions that waited for it, one per
    // render: after one hands off, the rest are already in the transcript
    // the person receives, and are not the bot's to answer.
    {
        let waiting = waiting.clone();
        let answer = answer.clone();
        let with_bot = matches!(conversation.channel, Channel::Bot | Channel::Ended { .. });
        use_effect_with((settled, waiting.0.len()), move |&(settled, count)| {
            if settled && count > 0 {
                if with_bot {
                    answer.emit(waiting.0[0].clone());
                }
                waiting.dispatch(WaitingAction::Done);
            }
        });
    }

    let on_send = {
        let dispatcher = conversation.dispatcher();
        let state = conversation.clone();
        let session = session.clone();
        let site_key = props.config.site.to_string();
        let waiting = waiting.dispatcher();
        Callback::from(move |text: String| {
            // The history is taken before this message joins the transcript
            // (the reducer handle reads the newest state once dispatched),
            // or every message would look like a repeat of itself.
            let history = History {
                shopper_messages: state.shopper_texts().iter().map(|t| normalize(t)).collect(),
                unhelpful_answers: state.unhelpful_answers(),
            };
            let channel = state.channel.clone();
            if state.is_new() {
                site::report(&site_key, "started");
            }
            let redacted = redact(&text);
            let masked = !redacted.found.is_empty();
            dispatcher.dispatch(Action::ShopperSent {
                text: redacted.text.clone(),
                masked,
            });
            if masked {
                dispatcher.dispatch(Action::BotSays(Says::MaskedWarning));
            }
            match &channel {
                Channel::Queued { .. } | Channel::WithAgent { .. } | Channel::Connecting => {
                    let id = session.borrow_mut().client_id();
                    let live = session.borrow().live.clone();
                    dispatcher.dispatch(Action::Sent {
                        id: id.0.clone(),
                        text: redacted.text.clone(),
                    });
                    // Offline, the line waits in the outbox for the next join.
                    if let Some(live) = live {
                        live.send(ShopperRequest::Message {
                            id,
                            text: redacted.text,
                        });
                    }
                    return;
                }
                Channel::NoAgents { .. } | Channel::TicketSent => return,
                Channel::Bot | Channel::Ended { .. } => {}
            }
            if settled {
                answer.emit((text, history));
            } else {
                waiting.dispatch(WaitingAction::Ask(text, history));
            }
        })
    };

    let on_choose = {
        let dispatcher = conversation.dispatcher();
        let engine = engine.clone();
        let start_handoff = start_handoff.clone();
        let state = conversation.clone();
        let site_key = props.config.site.to_string();
        Callback::from(move |intent: AttrValue| {
            if state.is_new() {
                site::report(&site_key, "started");
            }
            let Some(engine) = engine.as_ref() else {
                return;
            };
            let Some(found) = engine.kb().intent(&intent) else {
                return;
            };
            dispatcher.dispatch(Action::ShopperSent {
                text: found.title.clone(),
                masked: false,
            });
            if found.route == Route::Human {
                let mut pending = PendingHandoff::asked();
                pending.reason = format!("{} is always handled by a person.", found.id);
                pending.reason_kind = "human_only_intent".to_owned();
                pending.priority = found.priority;
                pending.intent = Some(found.id.clone());
                start_handoff.emit(pending);
            } else {
                dispatcher.dispatch(Action::BotAnswered {
                    intent: found.id.clone(),
                    blocks: Rc::new(found.blocks.clone()),
                });
            }
        })
    };

    let on_feedback = {
        let dispatcher = conversation.dispatcher();
        let state = conversation.clone();
        let site_key = props.config.site.to_string();
        Callback::from(move |(key, helpful): (u32, bool)| {
            // The first "yes" of a conversation still with the bot counts it
            // as resolved (insights subtract it again if a handoff follows).
            if helpful && state.helped_count() == 0 && !state.with_people() {
                site::report(&site_key, "resolved");
            }
            dispatcher.dispatch(Action::Feedback { key, helpful });
            site::report(&site_key, if helpful { "helpful" } else { "not_helpful" });
        })
    };

    let ask_person = {
        let start_handoff = start_handoff.clone();
        let dispatcher = conversation.dispatcher();
        let channel = conversation.channel.clone();
        Callback::from(move |_| {
            if matches!(channel, Channel::Bot | Channel::Ended { .. }) {
                dispatcher.dispatch(Action::BotSays(Says::OfCourse));
                start_handoff.emit(PendingHandoff::asked());
            }
        })
    };

    let send_request = {
        let session = session.clone();
        let dispatcher = conversation.dispatcher();
        Callback::from(move |request: ShopperRequest| {
            // A message for later and a rating are kept until confirmed, so
            // a line that is down right now loses neither.
            if let Some(pending) = Pending::of(&request) {
                dispatcher.dispatch(Action::Submitted(pending));
            }
            let live = session.borrow().live.clone();
            if let Some(live) = live {
                live.send(request);
            }
        })
    };
    let next_id = {
        let session = session.clone();
        Callback::from(move |()| session.borrow_mut().client_id())
    };

    let config = props.config.clone();
    let close = Callback::from(move |_| post_to_parent(&config, "tandem:close"));
    let config = props.config.clone();
    let onkeydown = Callback::from(move |event: KeyboardEvent| {
        if event.key() == "Escape" {
            post_to_parent(&config, "tandem:close");
        }
    });
    let title = site
        .as_ref()
        .map(|s| AttrValue::from(s.name.clone()))
        .filter(|n| !n.is_empty())
        .or_else(|| (!props.config.merchant.is_empty()).then(|| props.config.merchant.clone()))
        .unwrap_or_else(|| AttrValue::from(texts.support));
    let suggestions: Vec<(AttrValue, AttrValue)> = engine
        .as_ref()
        .map(|e| {
            e.kb()
                .intents
                .iter()
                .filter(|i| i.route == Route::Bot)
                .take(3)
                .map(|i| {
                    (
                        AttrValue::from(i.id.clone()),
                        AttrValue::from(i.title.clone()),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let reply_hours = site.as_ref().map_or(24, |s| s.reply_within_hours);
    let person_label =
        if conversation.with_people() && !matches!(conversation.channel, Channel::Ended { .. }) {
            None
        } else {
            Some(texts.talk_to_person)
        };

    // Forgetting is offered whenever no person is waiting on the shopper.
    let can_start_over = !conversation.lines.is_empty()
        && matches!(
            conversation.channel,
            Channel::Bot | Channel::Ended { .. } | Channel::NoAgents { .. } | Channel::TicketSent
        );
    let start_over = {
        let dispatcher = conversation.dispatcher();
        let session = session.clone();
        Callback::from(move |_| {
            {
                let mut session = session.borrow_mut();
                session.resume = None;
                session.live = None;
                session.pending = None;
            }
            dispatcher.dispatch(Action::StartOver);
        })
    };

    let dir = if is_rtl(&props.config.locale) {
        "rtl"
    } else {
        "ltr"
    };
    html! {
        <ContextProvider<Locale> context={Locale(texts)}>
        <section class="panel" role="dialog" aria-labelledby="tandem-title" lang={texts.lang} {dir} {onkeydown}>
            <header class="panel-header">
                <h1 id="tandem-title">{ title }</h1>
                if can_start_over {
                    <button type="button" class="start-over" onclick={start_over}>{ texts.start_over }</button>
                }
                if let Some(label) = person_label {
                    <button type="button" class="person" onclick={ask_person.clone()}>{ label }</button>
                }
                <button type="button" class="close" aria-label={texts.close_chat} onclick={close}>{ "×" }</button>
            </header>
            if let Some(error) = &*load_error {
                <p class="notice" role="alert">{ site::load_error_text(*error, texts) }</p>
            }
            <MessageLog
                lines={conversation.lines.clone()}
                suggestions={suggestions}
                on_choose={on_choose}
                on_feedback={on_feedback}
                on_person={ask_person}
                agent_typing={conversation.agent_typing}
            />
            <Status
                channel={conversation.channel.clone()}
                notice={conversation.notice.clone()}
                reconnecting={conversation.reconnecting}
                sending={matches!(conversation.pending, Some(Pending::LeaveMessage { .. }))}
                reply_within_hours={reply_hours}
                on_request={send_request}
                next_id={next_id}
            />
            <Composer input_ref={composer_ref} on_send={on_send} />
        </section>
        </ContextProvider<Locale>>
    }
}

/// The packet a person needs: the transcript so far and why triage handed off.
fn handoff_packet(
    texts: &Texts,
    pending: PendingHandoff,
    state: &Conversation,
    engine: Option<&Engine>,
    context: std::collections::BTreeMap<String, String>,
) -> HandoffPacket {
    let answer_text = |intent: &str| {
        engine
            .and_then(|e| e.kb().intent(intent))
            .map(|i| i.answer.trim().to_owned())
            .unwrap_or_else(|| format!("(answer about {intent})"))
    };
    HandoffPacket {
        transcript: state.transcript(texts, answer_text),
        reason: pending.reason,
        reason_kind: pending.reason_kind,
        priority: pending.priority,
        topic: pending.topic,
        intent: pending.intent,
        confidence: pending.confidence,
        language: pending.language,
        masked: pending.masked,
        context,
    }
}

/// Connects, says hello (resuming when a conversation exists) and sends the
/// handoff packet if there is one. When the socket drops while a
/// conversation exists, it reconnects after [`crate::state::backoff_ms`]
/// (1 s, 2 s, 4 s, ... at most 30 s) and resumes from the last line it saw; the server replays the rest.
fn open_channel(
    session: &Rc<RefCell<Session>>,
    dispatcher: &UseReducerDispatcher<Conversation>,
    site_key: &str,
    packet: Option<HandoffPacket>,
) {
    let on_event = {
        let dispatcher = dispatcher.clone();
        let session = session.clone();
        move |event: ShopperEvent| {
            {
                let mut session = session.borrow_mut();
                match &event {
                    ShopperEvent::Conversation {
                        conversation,
                        token: Some(token),
                        ..
                    } => {
                        session.resume = Some(Resume {
                            conversation: conversation.clone(),
                            token: token.clone(),
                            last_seq: tandem_protocol::Seq(0),
                        });
                    }
                    ShopperEvent::Conversation { .. } => session.attempts = 0,
                    ShopperEvent::Error {
                        code: tandem_protocol::ErrorCode::RateLimited,
                        ..
                    } => {
                        // Lines refused for speed wait in the outbox: try
                        // them again once the server's bucket has refilled.
                        let dispatcher = dispatcher.clone();
                        gloo_timers::callback::Timeout::new(1_500, move || {
                            dispatcher.dispatch(Action::RetryOutbox);
                        })
                        .forget();
                    }
                    ShopperEvent::Message(message) => {
                        if let Some(resume) = &mut session.resume {
                            // Only news counts: replays after a resume are not.
                            if message.seq > resume.last_seq
                                && message.author == tandem_protocol::Author::Agent
                            {
                                crate::host::post_event("message");
                            }
                            resume.last_seq = resume.last_seq.max(message.seq);
                        }
                    }
                    _ => {}
                }
            }
            dispatcher.dispatch(Action::Server(event));
        }
    };
    let on_closed = {
        let session = session.clone();
        let dispatcher = dispatcher.clone();
        let site_key = site_key.to_owned();
        move || {
            let attempt = {
                let mut s = session.borrow_mut();
                s.live = None;
                if s.resume.is_none() {
                    return;
                }
                s.attempts += 1;
                s.attempts
            };
            dispatcher.dispatch(Action::Disconnected);
            let delay = crate::state::backoff_ms(attempt);
            let (session, dispatcher, site_key) =
                (session.clone(), dispatcher.clone(), site_key.clone());
            gloo_timers::callback::Timeout::new(delay, move || {
                if session.borrow().live.is_none() {
                    open_channel(&session, &dispatcher, &site_key, None);
                }
            })
            .forget();
        }
    };
    let Ok(live) = tandem_live::connect("/ws/shopper", on_event, on_closed) else {
        dispatcher.dispatch(Action::BotSays(Says::Unreachable));
        return;
    };
    let resume = session.borrow().resume.clone();
    live.send(ShopperRequest::Hello {
        v: PROTOCOL_VERSION,
        site: site_key.to_owned(),
        resume,
    });
    if let Some(packet) = packet {
        let id = session.borrow_mut().client_id();
        live.send(ShopperRequest::Handoff { id, packet });
    }
    session.borrow_mut().live = Some(live);
}

/// Listens to the parent page, accepting messages only from its exact
/// origin: `tandem:focus` focuses the composer, `tandem:context` records the
/// page context for the handoff packet.
#[hook]
fn use_parent_messages(config: &HostConfig, target: NodeRef, session: Rc<RefCell<Session>>) {
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
                if kind.as_deref() == Some("tandem:context")
                    && let Ok(values) = js_sys::Reflect::get(&event.data(), &"context".into())
                {
                    session.borrow_mut().context = crate::host::context_from_js(&values);
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

/// Saves the conversation after every change and takes the copy another
/// tab saved, so reloads and tabs show one conversation.
#[hook]
fn use_saved_conversation(site: &AttrValue, conversation: &UseReducerHandle<Conversation>) {
    let site_key = site.to_string();
    use_effect_with((**conversation).clone(), move |current| {
        crate::persist::save(&site_key, current);
    });
    let dispatcher = conversation.dispatcher();
    use_effect_with(site.clone(), move |site| {
        let watch = crate::persist::watch(site, move |other| {
            dispatcher.dispatch(Action::Restore(Rc::new(other)));
        });
        move || drop(watch)
    });
}

/// Waits `ms` before trying the network again, or less: the browser's
/// `online` event (the phone is out of the tunnel) ends the wait at once,
/// as it does for the live channel.
async fn retry_after(ms: u32) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let mut settle = None;
    let waited = js_sys::Promise::new(&mut |resolve, _reject| settle = Some(resolve));
    let Some(settle) = settle else {
        return;
    };
    let delay = i32::try_from(ms).unwrap_or(i32::MAX);
    let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&settle, delay);
    let _ = window.add_event_listener_with_callback("online", &settle);
    let _ = wasm_bindgen_futures::JsFuture::from(waited).await;
    // Whichever came second finds the promise settled and does nothing.
    let _ = window.remove_event_listener_with_callback("online", &settle);
}

/// Reconnects at once, rather than at the next backoff step, when the
/// network comes back or the tab becomes visible again.
#[hook]
fn use_reconnect_triggers(
    site: &AttrValue,
    conversation: &UseReducerHandle<Conversation>,
    session: &Rc<RefCell<Session>>,
) {
    let dispatcher = conversation.dispatcher();
    let session = session.clone();
    use_effect_with(site.clone(), move |site| {
        let site_key = site.to_string();
        let reconnect = Closure::<dyn Fn()>::new(move || {
            let visible = web_sys::window()
                .and_then(|w| w.document())
                .is_none_or(|d| d.visibility_state() == web_sys::VisibilityState::Visible);
            let idle = {
                let s = session.borrow();
                s.live.is_none() && s.resume.is_some()
            };
            if visible && idle {
                session.borrow_mut().attempts = 0;
                open_channel(&session, &dispatcher, &site_key, None);
            }
        });
        let window = web_sys::window();
        let document = window.as_ref().and_then(|w| w.document());
        let callback = reconnect
            .as_ref()
            .unchecked_ref::<js_sys::Function>()
            .clone();
        if let Some(window) = &window {
            let _ = window.add_event_listener_with_callback("online", &callback);
        }
        if let Some(document) = &document {
            let _ = document.add_event_listener_with_callback("visibilitychange", &callback);
        }
        move || {
            if let Some(window) = window {
                let _ = window.remove_event_listener_with_callback("online", &callback);
            }
            if let Some(document) = document {
                let _ = document.remove_event_listener_with_callback("visibilitychange", &callback);
            }
            drop(reconnect);
        }
    });
}

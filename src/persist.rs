//! Keeping the conversation across reloads and page navigation, and sharing
//! it between tabs of the same shop.
//!
//! The whole [`Conversation`] is saved as JSON in the iframe's
//! `localStorage` (Tandem's origin, which browsers partition by the
//! merchant's site) after every change, stamped with the time. A page that
//! opens within [`KEEP_FOR_MS`] of the last change picks the conversation up
//! and resumes the live channel from its cursor; an older one starts fresh.
//! Other tabs hear each save through the `storage` event and take the copy.
//!
//! Storage can be missing or full (private windows, blocked third-party
//! storage); the widget then works as before, only without memory, so every
//! failure here is silent by design.

use serde::{Deserialize, Serialize};
use wasm_bindgen::JsCast as _;
use wasm_bindgen::closure::Closure;

use crate::state::Conversation;

/// How long an idle conversation is kept: a day, long enough to come back
/// after checking a bank statement, short enough not to greet tomorrow's
/// shopper on a shared computer with yesterday's problem.
pub const KEEP_FOR_MS: f64 = 24.0 * 60.0 * 60.0 * 1000.0;

/// What is stored.
#[derive(Serialize, Deserialize)]
struct Saved {
    /// Milliseconds since the epoch at the last change.
    saved_at: f64,
    conversation: Conversation,
}

/// The storage key for a site's conversation. The version lets a later
/// format ignore this one instead of misreading it.
pub fn key(site: &str) -> String {
    format!("tandem:v1:{site}")
}

/// The stored form of `conversation` at `now` (ms since the epoch).
pub fn encode(conversation: &Conversation, now: f64) -> String {
    #[derive(Serialize)]
    struct SavedRef<'a> {
        saved_at: f64,
        conversation: &'a Conversation,
    }
    serde_json::to_string(&SavedRef {
        saved_at: now,
        conversation,
    })
    .unwrap_or_default()
}

/// The conversation in `text`, unless it is unreadable or older than
/// [`KEEP_FOR_MS`] at `now`.
pub fn decode(text: &str, now: f64) -> Option<Conversation> {
    let saved: Saved = serde_json::from_str(text).ok()?;
    (now - saved.saved_at <= KEEP_FOR_MS).then_some(saved.conversation)
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The saved conversation for `site`, ready for a fresh page.
pub fn load(site: &str) -> Option<Conversation> {
    let text = storage()?.get_item(&key(site)).ok().flatten()?;
    decode(&text, js_sys::Date::now()).map(Conversation::reopened)
}

/// Saves `conversation` for `site`; an empty one removes the entry.
pub fn save(site: &str, conversation: &Conversation) {
    let Some(storage) = storage() else { return };
    if conversation.lines.is_empty() {
        let _ = storage.remove_item(&key(site));
    } else {
        let _ = storage.set_item(&key(site), &encode(conversation, js_sys::Date::now()));
    }
}

/// Calls `on_change` with the conversation whenever another tab saves it.
/// The listener stays until the returned guard is dropped.
pub fn watch(site: &str, on_change: impl Fn(Conversation) + 'static) -> Option<Watch> {
    let window = web_sys::window()?;
    let key = key(site);
    let listener =
        Closure::<dyn Fn(web_sys::StorageEvent)>::new(move |event: web_sys::StorageEvent| {
            if event.key().as_deref() != Some(key.as_str()) {
                return;
            }
            match event.new_value() {
                Some(text) => {
                    if let Some(conversation) = decode(&text, js_sys::Date::now()) {
                        on_change(conversation);
                    }
                }
                // Removed in the other tab: it started over.
                None => on_change(Conversation::default()),
            }
        });
    window
        .add_event_listener_with_callback("storage", listener.as_ref().unchecked_ref())
        .ok()?;
    Some(Watch { window, listener })
}

/// Removes the `storage` listener when dropped.
pub struct Watch {
    window: web_sys::Window,
    listener: Closure<dyn Fn(web_sys::StorageEvent)>,
}

impl Drop for Watch {
    fn drop(&mut self) {
        let _ = self
            .window
            .remove_event_listener_with_callback("storage", self.listener.as_ref().unchecked_ref());
    }
}

#[cfg(test)]
mod tests {
    use std::rc::Rc;

    use yew::Reducible as _;

    use super::*;
    use crate::state::Action;

    fn sample() -> Conversation {
        let state = Rc::new(Conversation::default())
            .reduce(Action::ShopperSent {
                text: "where is my parcel?".into(),
                masked: false,
            })
            .reduce(Action::BotSays(crate::state::Says::TellMeMore));
        (*state).clone()
    }

    #[test]
    fn a_saved_conversation_comes_back_within_a_day() {
        let text = encode(&sample(), 1_000.0);
        assert_eq!(decode(&text, 1_000.0 + KEEP_FOR_MS), Some(sample()));
    }

    #[test]
    fn an_old_or_unreadable_entry_is_ignored() {
        let text = encode(&sample(), 1_000.0);
        assert_eq!(decode(&text, 1_001.0 + KEEP_FOR_MS), None);
        assert_eq!(decode("{not json", 0.0), None);
        assert_eq!(
            decode(r#"{"saved_at":0,"conversation":{"lines":7}}"#, 0.0),
            None
        );
    }

    #[test]
    fn a_bot_line_from_a_newer_widget_does_not_cost_the_conversation() {
        // After a rollback, the saved conversation may name a bot line this
        // version never had; the rest still loads, and the line is not shown
        // to the shopper nor sent to the agent.
        let text = encode(&sample(), 1_000.0).replace("tell_me_more", "from_a_newer_widget");
        let conversation = decode(&text, 1_000.0).expect("still readable");
        assert_eq!(conversation.lines.len(), 2);
        assert_eq!(
            conversation.lines[1].1,
            crate::state::Line::Bot {
                says: crate::state::Says::Unknown
            }
        );
        let transcript = conversation.transcript(&crate::i18n::EN, |_| String::new());
        assert_eq!(transcript.len(), 1, "{transcript:?}");
    }

    #[test]
    fn each_site_has_its_own_key() {
        assert_ne!(key("shop-a"), key("shop-b"));
    }
}

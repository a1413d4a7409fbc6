//! The conversation as the widget sees it, as a `Reducible` state with an
//! `Action` enum. Pure: no DOM, no clock, so it is unit-tested natively.

use std::rc::Rc;

use tandem_protocol::Author;
use yew::{AttrValue, Reducible};

/// One line of the visible transcript.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// Stable key for rendering, unique within the conversation.
    pub id: u32,
    /// Who wrote it.
    pub author: Author,
    /// The text, always rendered as text, never as HTML.
    pub text: AttrValue,
}

/// The widget's state.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Conversation {
    /// Transcript, oldest first.
    pub lines: Vec<Line>,
    next_id: u32,
}

/// What can happen to the conversation.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// The shopper sent a message from the composer.
    ShopperSent(String),
}

impl Conversation {
    fn push(&mut self, author: Author, text: impl Into<AttrValue>) {
        self.lines.push(Line {
            id: self.next_id,
            author,
            text: text.into(),
        });
        self.next_id += 1;
    }
}

impl Reducible for Conversation {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        match action {
            Action::ShopperSent(text) => {
                let text = text.trim();
                // An empty or whitespace-only message is not a message: the
                // composer keeps it, nothing is added.
                if text.is_empty() {
                    return self;
                }
                let mut next = (*self).clone();
                next.push(Author::Shopper, text.to_owned());
                Rc::new(next)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn send(state: Rc<Conversation>, text: &str) -> Rc<Conversation> {
        state.reduce(Action::ShopperSent(text.to_owned()))
    }

    #[test]
    fn sent_messages_are_trimmed_and_keyed_in_order() {
        let state = send(send(Rc::default(), "  hello "), "where is my order?");
        let lines: Vec<_> = state
            .lines
            .iter()
            .map(|l| (l.id, l.author, l.text.to_string()))
            .collect();
        assert_eq!(
            lines,
            vec![
                (0, Author::Shopper, "hello".to_owned()),
                (1, Author::Shopper, "where is my order?".to_owned())
            ]
        );
    }

    #[test]
    fn blank_messages_change_nothing() {
        let before: Rc<Conversation> = Rc::default();
        let after = send(before.clone(), " \n\t ");
        assert!(Rc::ptr_eq(&before, &after));
    }
}

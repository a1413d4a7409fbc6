//! The transcript: an ARIA live region so screen readers announce new lines.

use yew::prelude::*;

use crate::state::Line;
use tandem_protocol::Author;

/// Props of [`MessageLog`].
#[derive(Properties, PartialEq)]
pub struct MessageLogProps {
    /// Lines to show, oldest first.
    pub lines: Vec<Line>,
}

/// The list of messages, with a greeting before the first one.
#[function_component(MessageLog)]
pub fn message_log(props: &MessageLogProps) -> Html {
    html! {
        <div class="log" role="log" aria-live="polite" aria-label="Conversation">
            <p class="line bot">{ "Hi! Ask me anything about your order, delivery or payment. A person is always one tap away." }</p>
            { for props.lines.iter().map(|line| {
                let class = match line.author {
                    Author::Shopper => "line shopper",
                    Author::Bot => "line bot",
                    Author::Agent => "line agent",
                    Author::System => "line system",
                };
                html! { <p key={line.id} class={class}>{ line.text.clone() }</p> }
            }) }
        </div>
    }
}

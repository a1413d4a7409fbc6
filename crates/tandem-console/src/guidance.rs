//! What to do first, shown to the agent above a conversation whose topic
//! puts someone at risk: possible self-harm, and an injury or a dangerous
//! product. Support agents at a shop are not crisis counsellors, and some
//! log in part-time; the first minutes of these conversations should not
//! depend on whether someone trained them. The steps follow common
//! safe-messaging advice for front-line staff: acknowledge, ask directly,
//! point to emergency help, stay, and look after yourself afterwards.
//!
//! Pure, so the choice of guidance is tested natively.

use tandem_triage::sensitive::Topic;

/// A short checklist for one topic.
#[derive(Debug, PartialEq, Eq)]
pub struct Guidance {
    /// The heading, naming the topic.
    pub title: &'static str,
    /// What to do, in order.
    pub steps: &'static [&'static str],
}

const SELF_HARM: Guidance = Guidance {
    title: "Possible self-harm: what to do first",
    steps: &[
        "The shopper has already been shown the emergency number and crisis lines (Samaritans, 988, Mind Självmordslinjen, TelefonSeelsorge).",
        "Put the order or payment second. Say you are glad they told you, in your own words.",
        "Ask directly whether they are thinking about ending their life and whether they are safe right now. Asking does not put the idea in their head.",
        "If they are in danger now, ask them to call the emergency number (112 in Europe, 999 in the UK, 911 in the US) or to tell someone nearby, and stay in the chat.",
        "Pause reminders and collections on their account if your policy allows, and tell them you have.",
        "Do not close the chat abruptly: say before you transfer or leave. Afterwards, talk to your team lead; these conversations are hard.",
    ],
};

const SAFETY: Guidance = Guidance {
    title: "Injury or dangerous product: what to do first",
    steps: &[
        "Ask whether anyone is hurt and needs help now. If so, they should call the emergency number first (112 in Europe, 999 in the UK, 911 in the US).",
        "Tell them to stop using the product and keep it with its packaging; unplug it only if that is safe.",
        "Write down the order, the product, what happened and when, as a note on this conversation.",
        "Pass it to whoever handles product safety: a shop may have to report dangerous products to the authorities.",
    ],
};

/// The checklist for the topic with `id` ([`Topic::id`]), if it has one.
pub fn for_topic(id: &str) -> Option<&'static Guidance> {
    match Topic::from_id(id)? {
        Topic::SelfHarm => Some(&SELF_HARM),
        Topic::Safety => Some(&SAFETY),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_topics_that_put_someone_at_risk_have_guidance() {
        assert_eq!(for_topic("self_harm"), Some(&SELF_HARM));
        assert_eq!(for_topic("safety"), Some(&SAFETY));
        for topic in Topic::BUILT_IN {
            if !matches!(topic, Topic::SelfHarm | Topic::Safety) {
                assert_eq!(for_topic(topic.id()), None, "{topic:?}");
            }
        }
        assert_eq!(for_topic("self-harm"), None);
        assert_eq!(for_topic(""), None);
    }

    #[test]
    fn each_checklist_names_the_emergency_numbers() {
        for guidance in [&SELF_HARM, &SAFETY] {
            let all = guidance.steps.join(" ");
            for number in ["112", "999", "911"] {
                assert!(all.contains(number), "{}: {number}", guidance.title);
            }
        }
    }
}

//! What to do first, shown to the agent above a conversation whose topic
//! puts someone at risk (possible self-harm, an injury or a dangerous
//! product) or in a vulnerable position (money worries, a death in the
//! family, illness, disability or someone else controlling their money).
//! Support agents at a shop are not crisis counsellors or debt advisers, and
//! some log in part-time; the first minutes of these conversations should
//! not depend on whether someone trained them. The self-harm steps follow
//! common safe-messaging advice for front-line staff (acknowledge, ask
//! directly, point to emergency help, stay, look after yourself afterwards);
//! the others, what lenders are expected to do for customers in difficulty.
//!
//! Pure, so the choice of guidance is tested natively.

use tandem_triage::sensitive::Topic;

/// A short checklist for one topic.
#[derive(Debug, PartialEq, Eq)]
pub struct Guidance {
    /// The heading, naming the topic.
    pub title: &'static str,
    /// Someone may be in danger now: shown in red.
    pub urgent: bool,
    /// What to do, in order.
    pub steps: &'static [&'static str],
}

const SELF_HARM: Guidance = Guidance {
    title: "Possible self-harm: what to do first",
    urgent: true,
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
    urgent: true,
    steps: &[
        "Ask whether anyone is hurt and needs help now. If so, they should call the emergency number first (112 in Europe, 999 in the UK, 911 in the US).",
        "Tell them to stop using the product and keep it with its packaging; unplug it only if that is safe.",
        "Write down the order, the product, what happened and when, as a note on this conversation.",
        "Pass it to whoever handles product safety: a shop may have to report dangerous products to the authorities.",
    ],
};

const HARDSHIP: Guidance = Guidance {
    title: "Money worries: what to do first",
    urgent: false,
    steps: &[
        "The shopper has already been told where free, confidential debt advice is.",
        "Listen first, and do not press for a payment in this conversation.",
        "Offer what your policy allows: more time, a pause on reminders and fees, smaller instalments.",
        "Never suggest borrowing elsewhere to pay you.",
        "Write down what you agreed as a note, and confirm it to them in writing.",
    ],
};

const BEREAVEMENT: Guidance = Guidance {
    title: "A death in the family: what to do first",
    urgent: false,
    steps: &[
        "Say you are sorry for their loss before anything else.",
        "Ask only for what you need today; a death certificate can usually wait.",
        "Stop reminders and collections on the account while it is sorted out.",
        "Tell them what happens next and when, so they do not have to chase you.",
    ],
};

const VULNERABILITY: Guidance = Guidance {
    title: "Someone who may need extra care: what to do first",
    urgent: false,
    steps: &[
        "Ask what would help: more time, another way to reach you, someone to speak for them.",
        "If someone else controls their money or makes them buy, do not contact them where that person may see it; ask how it is safe to reach them.",
        "Note what they need, with their consent, so nobody asks them again.",
    ],
};

/// The checklist for the topic with `id` ([`Topic::id`]), if it has one.
pub fn for_topic(id: &str) -> Option<&'static Guidance> {
    match Topic::from_id(id)? {
        Topic::SelfHarm => Some(&SELF_HARM),
        Topic::Safety => Some(&SAFETY),
        Topic::FinancialHardship => Some(&HARDSHIP),
        Topic::Bereavement => Some(&BEREAVEMENT),
        Topic::Vulnerability => Some(&VULNERABILITY),
        Topic::Fraud
        | Topic::StolenOrCompromised
        | Topic::Dispute
        | Topic::LegalThreat
        | Topic::Complaint
        | Topic::MerchantPhrase => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn people_at_risk_or_in_difficulty_have_guidance_and_danger_is_urgent() {
        assert_eq!(for_topic("self_harm"), Some(&SELF_HARM));
        assert_eq!(for_topic("safety"), Some(&SAFETY));
        assert_eq!(for_topic("financial_hardship"), Some(&HARDSHIP));
        assert_eq!(for_topic("bereavement"), Some(&BEREAVEMENT));
        assert_eq!(for_topic("vulnerability"), Some(&VULNERABILITY));
        for topic in [Topic::Fraud, Topic::Dispute, Topic::Complaint] {
            assert_eq!(for_topic(topic.id()), None, "{topic:?}");
        }
        let urgent: Vec<&str> = Topic::BUILT_IN
            .into_iter()
            .filter_map(|t| for_topic(t.id()))
            .filter(|g| g.urgent)
            .map(|g| g.title)
            .collect();
        assert_eq!(urgent, [SELF_HARM.title, SAFETY.title]);
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

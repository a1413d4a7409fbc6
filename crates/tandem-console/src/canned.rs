//! Canned replies: a few phrases every agent needs, plus the site's own
//! knowledge-base answers (the wording the merchant already approved), found
//! by typing part of a title or text. Pure, so the search is tested natively.

/// One canned reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Canned {
    /// What the agent searches and sees.
    pub title: String,
    /// What goes into the reply box.
    pub text: String,
}

/// Phrases for every conversation, whatever the shop.
pub fn built_in() -> Vec<Canned> {
    [
        ("Greeting", "Hi, thanks for waiting. I'm looking at your conversation now."),
        ("One moment", "Thanks, give me a moment while I check that for you."),
        ("Need order number", "Could you tell me your order number? It's in your confirmation email."),
        ("Never share card details", "For your safety, please never share your full card number or security code in the chat. I don't need them to help you."),
        ("Are you safe?", "Thank you for telling me. I'm here with you. Are you safe right now?"),
        ("Emergency help", "If you or someone else is in danger right now, please call the emergency number: 112 in Europe, 999 in the UK, 911 in the US. I'll stay here in the chat with you."),
        ("Anything else", "Is there anything else I can help you with today?"),
        ("Closing", "Thanks for contacting us. Have a lovely day!"),
    ]
    .into_iter()
    .map(|(title, text)| Canned {
        title: title.to_owned(),
        text: text.to_owned(),
    })
    .collect()
}

/// Replies matching every word of `query` (case-insensitive) in the title or
/// the text; title matches first, then by title. At most `limit`.
pub fn search<'a>(replies: &'a [Canned], query: &str, limit: usize) -> Vec<&'a Canned> {
    let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
    let mut found: Vec<(bool, &Canned)> = replies
        .iter()
        .filter_map(|reply| {
            let title = reply.title.to_lowercase();
            let text = reply.text.to_lowercase();
            let all = words
                .iter()
                .all(|w| title.contains(w.as_str()) || text.contains(w.as_str()));
            let in_title = words.iter().all(|w| title.contains(w.as_str()));
            all.then_some((in_title, reply))
        })
        .collect();
    found.sort_by(|(a_title, a), (b_title, b)| b_title.cmp(a_title).then(a.title.cmp(&b.title)));
    found.into_iter().take(limit).map(|(_, r)| r).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reply(title: &str, text: &str) -> Canned {
        Canned {
            title: title.into(),
            text: text.into(),
        }
    }

    #[test]
    fn every_word_must_match_and_titles_come_first() {
        let replies = [
            reply("Returns", "Send it back within 30 days of delivery."),
            reply("Delivery times", "Parcels arrive in 2 to 4 days."),
            reply("Closing", "Thanks for contacting us."),
        ];
        let titles = |query: &str| -> Vec<String> {
            search(&replies, query, 5)
                .iter()
                .map(|r| r.title.clone())
                .collect()
        };
        assert_eq!(titles("delivery"), ["Delivery times", "Returns"]);
        assert_eq!(titles("DAYS back"), ["Returns"]);
        assert_eq!(titles("refund"), Vec::<String>::new());
        assert_eq!(titles("").len(), 3, "an empty query lists everything");
        assert_eq!(search(&replies, "", 2).len(), 2);
    }

    #[test]
    fn the_built_in_phrases_never_ask_for_card_numbers() {
        for reply in built_in() {
            assert!(!reply.text.to_lowercase().contains("card number?"));
            assert!(!reply.title.is_empty() && !reply.text.is_empty());
        }
    }
}

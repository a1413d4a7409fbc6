//! The widget's words in English, Swedish and German, and the writing
//! direction of the shopper's language.
//!
//! The locale comes from the loader's `data-locale` or, failing that, the
//! browser's language; anything without a translation falls back to
//! English. Strings with values in them are functions, so a translation can
//! put the value where its grammar wants it. Texts are `'static` tables:
//! no lookups by string key that could miss at run time.

/// Every string the shopper can see or hear from the widget itself.
pub struct Texts {
    /// The language tag, for `lang` on the panel.
    pub lang: &'static str,
    /// Title when the merchant has no name configured.
    pub support: &'static str,
    /// The bot's first line.
    pub greeting: &'static str,
    /// The always-present way to a person.
    pub talk_to_person: &'static str,
    /// Forget the conversation.
    pub start_over: &'static str,
    /// Label of the close button.
    pub close_chat: &'static str,
    /// Label of the transcript region.
    pub conversation: &'static str,
    /// Label of the suggested question chips.
    pub suggested_questions: &'static str,
    /// Asked under each answer.
    pub did_this_help: &'static str,
    /// Feedback button.
    pub yes: &'static str,
    /// Feedback button.
    pub no: &'static str,
    /// After a "yes".
    pub thanks_for_telling: &'static str,
    /// After a "no".
    pub sorry: &'static str,
    /// Above clarify options.
    pub which_do_you_mean: &'static str,
    /// The last clarify option.
    pub none_of_these: &'static str,
    /// Said to screen readers after a masked line.
    pub details_hidden: &'static str,
    /// The agent is typing.
    pub typing: &'static str,
    /// Composer placeholder and label.
    pub type_your_question: &'static str,
    /// Composer button.
    pub send: &'static str,
    /// Opening the live channel.
    pub connecting: &'static str,
    /// Queued, position not known yet.
    pub in_line: &'static str,
    /// Leave the queue.
    pub stop_waiting: &'static str,
    /// Leave-a-message form.
    pub email: &'static str,
    /// Leave-a-message form.
    pub message: &'static str,
    /// Leave-a-message form.
    pub send_message: &'static str,
    /// Shown while a message for later is on its way (the line may be down).
    pub sending_message: &'static str,
    /// Rating prompt.
    pub how_was_it: &'static str,
    /// Rating group label.
    pub rate_the_conversation: &'static str,
    /// After rating.
    pub thanks_for_rating: &'static str,
    /// Rating comment placeholder.
    pub comment_optional: &'static str,
    /// A person closed the conversation.
    pub ended: &'static str,
    /// The shopper left the queue.
    pub stopped_waiting: &'static str,
    /// Personal data was masked.
    pub masked_warning: &'static str,
    /// No knowledge base: every question goes to people.
    pub connecting_without_bot: &'static str,
    /// A clarify decision with nothing to offer.
    pub tell_me_more: &'static str,
    /// The bot's reply to thanks and goodbyes.
    pub glad_to_help: &'static str,
    /// Triage handed off.
    pub handing_off: &'static str,
    /// The shopper asked for a person.
    pub of_course: &'static str,
    /// After a handoff for possible self-harm: emergency and crisis lines.
    pub crisis_lines: &'static str,
    /// After a handoff for an injury or a dangerous product.
    pub emergency_first: &'static str,
    /// After a handoff for financial hardship: where free debt advice is.
    pub debt_advice: &'static str,
    /// The live channel could not be opened.
    pub unreachable: &'static str,
    /// The site could not be loaded.
    pub load_failed: &'static str,
    /// The site key is unknown.
    pub not_set_up: &'static str,
    /// The connection dropped and is being restored.
    pub reconnecting: &'static str,
    /// `(position, wait)`: the place in the queue.
    pub position: fn(u32, &str) -> String,
    /// An estimate in whole minutes.
    pub minutes: fn(u32) -> String,
    /// Who the shopper is chatting with.
    pub chatting_with: fn(&str) -> String,
    /// A person joined.
    pub joined: fn(&str) -> String,
    /// Nobody is available; reply promise in hours.
    pub nobody_available: fn(u32) -> String,
    /// The message for later was sent; reply promise in hours.
    pub ticket_sent: fn(u32) -> String,
    /// Label of a rating button.
    pub out_of_five: fn(u8) -> String,
}

/// English, the fallback.
pub static EN: Texts = Texts {
    lang: "en",
    support: "Support",
    greeting: "Hi! Ask me anything about your order, delivery or payment. A person is always one tap away.",
    talk_to_person: "Talk to a person",
    start_over: "Start over",
    close_chat: "Close chat",
    conversation: "Conversation",
    suggested_questions: "Suggested questions",
    did_this_help: "Did this help?",
    yes: "Yes",
    no: "No",
    thanks_for_telling: "Thanks for telling us.",
    sorry: "Sorry about that.",
    which_do_you_mean: "Which of these do you mean?",
    none_of_these: "None of these: talk to a person",
    details_hidden: " (personal details hidden)",
    typing: "Typing…",
    type_your_question: "Type your question…",
    send: "Send",
    connecting: "Connecting you to a person…",
    in_line: "You're in line for a person.",
    stop_waiting: "Stop waiting",
    email: "Email",
    message: "Message",
    send_message: "Send message",
    sending_message: "Sending your message…",
    how_was_it: "How was your conversation?",
    rate_the_conversation: "Rate the conversation",
    thanks_for_rating: "Thank you for your rating.",
    comment_optional: "Comment (optional)",
    ended: "The conversation has ended.",
    stopped_waiting: "You stopped waiting. You can ask me again any time.",
    masked_warning: "I hid what looked like card or personal details. Never share your full card number or security code in a chat.",
    connecting_without_bot: "Let me connect you with a person.",
    tell_me_more: "Could you tell me a little more about what you need?",
    glad_to_help: "Glad to help. If anything else comes up, just ask here.",
    handing_off: "This is one for a person. I'm connecting you now, and they will see everything you wrote here.",
    of_course: "Of course. I'm connecting you with a person now.",
    crisis_lines: "If you are thinking about ending your life or harming yourself, you don't have to face it alone. If you are in danger now, call your local emergency number (112 in Europe, 999 in the UK, 911 in the US). You can talk to someone any time, free, also if you are worried about someone else: Samaritans on 116 123 in the UK and Ireland, 988 in the US.",
    emergency_first: "If someone is hurt or in danger, call your local emergency number first (112 in Europe, 999 in the UK, 911 in the US). Stop using the product. A person from our team will be with you shortly.",
    debt_advice: "If money is tight right now, you're not alone. Free, confidential debt advice is available from MoneyHelper (moneyhelper.org.uk) in the UK, or from a non-profit credit counsellor through the NFCC (nfcc.org) in the US. A person here will go through your options with you.",
    unreachable: "I couldn't reach our team just now. Please try again in a moment.",
    load_failed: "The chat could not load. Please check your connection.",
    not_set_up: "This chat is not set up for this shop.",
    reconnecting: "Reconnecting… your messages are kept and will be sent.",
    position: |position, wait| format!("You're number {position} in line. Estimated wait: {wait}."),
    minutes: |minutes| match minutes {
        0 | 1 => "about a minute".to_owned(),
        n => format!("about {n} minutes"),
    },
    chatting_with: |name| format!("You're chatting with {name}."),
    joined: |name| format!("{name} joined the conversation"),
    nobody_available: |hours| {
        format!(
            "Nobody is available right now. Leave your email and a message, and we'll reply within {hours} hours."
        )
    },
    ticket_sent: |hours| format!("Thanks! We'll reply by email within {hours} hours."),
    out_of_five: |score| format!("{score} out of 5"),
};

/// Swedish.
pub static SV: Texts = Texts {
    lang: "sv",
    support: "Kundtjänst",
    greeting: "Hej! Fråga mig om din beställning, leverans eller betalning. En person finns alltid ett tryck bort.",
    talk_to_person: "Prata med en person",
    start_over: "Börja om",
    close_chat: "Stäng chatten",
    conversation: "Konversation",
    suggested_questions: "Föreslagna frågor",
    did_this_help: "Hjälpte det här?",
    yes: "Ja",
    no: "Nej",
    thanks_for_telling: "Tack för att du berättar.",
    sorry: "Det var tråkigt att höra.",
    which_do_you_mean: "Vilken av de här menar du?",
    none_of_these: "Ingen av dem: prata med en person",
    details_hidden: " (personuppgifter dolda)",
    typing: "Skriver…",
    type_your_question: "Skriv din fråga…",
    send: "Skicka",
    connecting: "Kopplar dig till en person…",
    in_line: "Du står i kö till en person.",
    stop_waiting: "Sluta vänta",
    email: "E-post",
    message: "Meddelande",
    send_message: "Skicka meddelande",
    sending_message: "Skickar ditt meddelande…",
    how_was_it: "Hur var samtalet?",
    rate_the_conversation: "Betygsätt samtalet",
    thanks_for_rating: "Tack för ditt betyg.",
    comment_optional: "Kommentar (valfritt)",
    ended: "Samtalet är avslutat.",
    stopped_waiting: "Du slutade vänta. Du kan fråga mig igen när du vill.",
    masked_warning: "Jag dolde något som såg ut som kort- eller personuppgifter. Dela aldrig hela kortnumret eller säkerhetskoden i en chatt.",
    connecting_without_bot: "Jag kopplar dig till en person.",
    tell_me_more: "Kan du berätta lite mer om vad du behöver?",
    glad_to_help: "Kul att kunna hjälpa till. Om något mer dyker upp är det bara att fråga här.",
    handing_off: "Det här behöver en person. Jag kopplar dig nu, och de ser allt du har skrivit här.",
    of_course: "Självklart. Jag kopplar dig till en person nu.",
    crisis_lines: "Om du tänker på att ta ditt liv eller skada dig själv behöver du inte vara ensam med det. Om du är i fara nu, ring 112. Du kan också prata med någon på Mind Självmordslinjen, 90101, även om du oroar dig för någon annan.",
    emergency_first: "Om någon är skadad eller i fara, ring 112 först. Sluta använda produkten. En person från oss är snart hos dig.",
    debt_advice: "Om ekonomin är tuff just nu är du inte ensam. Din kommun erbjuder gratis och konfidentiell budget- och skuldrådgivning. En person här går igenom dina alternativ med dig.",
    unreachable: "Jag nådde inte vårt team just nu. Försök igen om en stund.",
    load_failed: "Chatten kunde inte laddas. Kontrollera din anslutning.",
    not_set_up: "Chatten är inte konfigurerad för den här butiken.",
    reconnecting: "Återansluter… dina meddelanden sparas och skickas.",
    position: |position, wait| format!("Du är nummer {position} i kön. Beräknad väntetid: {wait}."),
    minutes: |minutes| match minutes {
        0 | 1 => "ungefär en minut".to_owned(),
        n => format!("ungefär {n} minuter"),
    },
    chatting_with: |name| format!("Du chattar med {name}."),
    joined: |name| format!("{name} anslöt till samtalet"),
    nobody_available: |hours| {
        format!(
            "Ingen är tillgänglig just nu. Lämna din e-post och ett meddelande så svarar vi inom {hours} timmar."
        )
    },
    ticket_sent: |hours| format!("Tack! Vi svarar via e-post inom {hours} timmar."),
    out_of_five: |score| format!("{score} av 5"),
};

/// German.
pub static DE: Texts = Texts {
    lang: "de",
    support: "Kundenservice",
    greeting: "Hallo! Fragen Sie mich alles zu Bestellung, Lieferung oder Zahlung. Ein Mensch ist immer nur einen Klick entfernt.",
    talk_to_person: "Mit einem Menschen sprechen",
    start_over: "Neu beginnen",
    close_chat: "Chat schließen",
    conversation: "Unterhaltung",
    suggested_questions: "Vorgeschlagene Fragen",
    did_this_help: "War das hilfreich?",
    yes: "Ja",
    no: "Nein",
    thanks_for_telling: "Danke für Ihre Rückmeldung.",
    sorry: "Das tut uns leid.",
    which_do_you_mean: "Welche dieser Fragen meinen Sie?",
    none_of_these: "Keine davon: mit einem Menschen sprechen",
    details_hidden: " (persönliche Daten verborgen)",
    typing: "Schreibt…",
    type_your_question: "Ihre Frage…",
    send: "Senden",
    connecting: "Wir verbinden Sie mit einem Menschen…",
    in_line: "Sie sind in der Warteschlange.",
    stop_waiting: "Nicht mehr warten",
    email: "E-Mail",
    message: "Nachricht",
    send_message: "Nachricht senden",
    sending_message: "Ihre Nachricht wird gesendet…",
    how_was_it: "Wie war das Gespräch?",
    rate_the_conversation: "Gespräch bewerten",
    thanks_for_rating: "Danke für Ihre Bewertung.",
    comment_optional: "Kommentar (optional)",
    ended: "Das Gespräch ist beendet.",
    stopped_waiting: "Sie warten nicht mehr. Sie können mich jederzeit wieder fragen.",
    masked_warning: "Ich habe etwas verborgen, das wie Karten- oder persönliche Daten aussah. Teilen Sie nie Ihre vollständige Kartennummer oder den Sicherheitscode in einem Chat.",
    connecting_without_bot: "Ich verbinde Sie mit einem Menschen.",
    tell_me_more: "Können Sie mir etwas mehr darüber sagen, was Sie brauchen?",
    glad_to_help: "Gern geschehen. Wenn noch etwas ist, fragen Sie einfach hier.",
    handing_off: "Das sollte ein Mensch übernehmen. Ich verbinde Sie jetzt, und man sieht alles, was Sie hier geschrieben haben.",
    of_course: "Natürlich. Ich verbinde Sie jetzt mit einem Menschen.",
    crisis_lines: "Wenn Sie daran denken, sich das Leben zu nehmen oder sich etwas anzutun, müssen Sie damit nicht allein sein. Wenn Sie jetzt in Gefahr sind, rufen Sie die 112 an. Die TelefonSeelsorge ist rund um die Uhr kostenlos für Sie da, auch wenn Sie sich um jemanden sorgen: 0800 111 0 111 oder 0800 111 0 222.",
    emergency_first: "Wenn jemand verletzt oder in Gefahr ist, rufen Sie zuerst die 112 an. Benutzen Sie das Produkt nicht weiter. Gleich ist jemand aus unserem Team für Sie da.",
    debt_advice: "Wenn das Geld gerade knapp ist, sind Sie nicht allein. Kostenlose und vertrauliche Schuldnerberatung bieten die Verbraucherzentralen und Wohlfahrtsverbände wie Caritas und Diakonie an. Eine Person hier geht Ihre Möglichkeiten mit Ihnen durch.",
    unreachable: "Unser Team ist gerade nicht erreichbar. Bitte versuchen Sie es gleich noch einmal.",
    load_failed: "Der Chat konnte nicht geladen werden. Bitte prüfen Sie Ihre Verbindung.",
    not_set_up: "Dieser Chat ist für diesen Shop nicht eingerichtet.",
    reconnecting: "Verbindung wird wiederhergestellt… Ihre Nachrichten bleiben erhalten und werden gesendet.",
    position: |position, wait| {
        format!("Sie sind Nummer {position} in der Warteschlange. Geschätzte Wartezeit: {wait}.")
    },
    minutes: |minutes| match minutes {
        0 | 1 => "etwa eine Minute".to_owned(),
        n => format!("etwa {n} Minuten"),
    },
    chatting_with: |name| format!("Sie chatten mit {name}."),
    joined: |name| format!("{name} ist dem Gespräch beigetreten"),
    nobody_available: |hours| {
        format!(
            "Gerade ist niemand erreichbar. Hinterlassen Sie Ihre E-Mail-Adresse und eine Nachricht, wir antworten innerhalb von {hours} Stunden."
        )
    },
    ticket_sent: |hours| format!("Danke! Wir antworten per E-Mail innerhalb von {hours} Stunden."),
    out_of_five: |score| format!("{score} von 5"),
};

/// The primary language subtag, lower case: `sv` for `sv-SE`.
fn primary(locale: &str) -> String {
    locale
        .split(['-', '_'])
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// The texts for a BCP 47 locale such as `sv-SE`; English when there is no
/// translation.
pub fn texts_for(locale: &str) -> &'static Texts {
    match primary(locale).as_str() {
        "sv" => &SV,
        "de" => &DE,
        _ => &EN,
    }
}

/// True for languages written right to left, whose shoppers get a mirrored
/// panel even while the strings fall back to English.
pub fn is_rtl(locale: &str) -> bool {
    matches!(
        primary(locale).as_str(),
        "ar" | "he" | "fa" | "ur" | "ps" | "yi" | "dv" | "ckb"
    )
}

/// The texts as a Yew context value (compared by identity: there are only
/// the three static tables).
#[derive(Clone, Copy)]
pub struct Locale(pub &'static Texts);

impl PartialEq for Locale {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.0, other.0)
    }
}

/// The current texts inside the app (English outside a provider).
#[yew::hook]
pub fn use_texts() -> &'static Texts {
    yew::use_context::<Locale>().map_or(&EN, |l| l.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locales_pick_their_texts_and_fall_back_to_english() {
        assert_eq!(texts_for("sv-SE").lang, "sv");
        assert_eq!(texts_for("DE_at").lang, "de");
        assert_eq!(texts_for("fr").lang, "en");
        assert_eq!(texts_for("").lang, "en");
    }

    #[test]
    fn right_to_left_languages_are_recognised() {
        assert!(is_rtl("ar-EG"));
        assert!(is_rtl("he"));
        assert!(!is_rtl("sv"));
        assert!(!is_rtl("arn"), "Mapudungun is not Arabic");
    }

    #[test]
    fn every_translation_is_complete_and_says_its_values() {
        for texts in [&EN, &SV, &DE] {
            for text in [
                texts.support,
                texts.greeting,
                texts.talk_to_person,
                texts.masked_warning,
                texts.reconnecting,
                texts.not_set_up,
            ] {
                assert!(!text.trim().is_empty(), "{}", texts.lang);
            }
            assert!((texts.position)(3, "X").contains('3'), "{}", texts.lang);
            assert!((texts.position)(3, "X").contains('X'), "{}", texts.lang);
            assert!((texts.minutes)(7).contains('7'), "{}", texts.lang);
            assert!((texts.chatting_with)("Anna").contains("Anna"));
            assert!((texts.joined)("Anna").contains("Anna"));
            assert!((texts.nobody_available)(24).contains("24"));
            assert!((texts.ticket_sent)(24).contains("24"));
            assert!((texts.out_of_five)(4).contains('4'));
        }
        assert_ne!(SV.greeting, EN.greeting);
        assert_ne!(DE.greeting, EN.greeting);
    }
}

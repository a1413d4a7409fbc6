//! Explicit requests for a person.
//!
//! A shopper who asks for a human gets one at once, whatever the classifier
//! thinks: this is the promise that a person is always one step away. The
//! phrases are matched as whole words on normalised text (see
//! [`crate::normalize`]), so accents, case and punctuation do not matter.

use std::sync::OnceLock;

use crate::pattern::PatternSet;

/// Phrases that on their own ask for a person, in English, Swedish and
/// German, already normalised (accents folded, lower case).
const PERSON_PHRASES: &[&str] = &[
    // English
    "human",
    "hooman",
    "humn",
    "huamn",
    "humna",
    "who can i speak to",
    "who can i talk to",
    "who do i speak to",
    "who do i talk to",
    // Session 12, probes after round 57. Not "who do I contact" or "can
    // someone help me": BANKING77 asks routine questions so ("who do I
    // contact if my refund doesn't go through?", "can someone help me
    // unblock my pin?").
    "someone from billing",
    "someone from accounts",
    "someone from support",
    "someone from customer service",
    "somebody from billing",
    "somebody from support",
    "someone in billing",
    "someone in accounts",
    "who should i speak to",
    "who should i talk to",
    "a person",
    "person please",
    "person pls",
    "person plz",
    "real person",
    "live person",
    "actual person",
    "someone real",
    "somebody real",
    "anyone real",
    "anybody real",
    "live agent",
    "representative",
    "rep",
    "customer service*",
    "customer support",
    "chat with someone",
    "chat to someone",
    "chat with somebody",
    "talk with anyone",
    "speak with anyone",
    "anyone i can talk to",
    "anyone i can speak to",
    "anybody i can talk to",
    "someone i can talk to",
    "someone i can speak to",
    "anyone to talk to",
    "support team",
    "live chat",
    "talk to someone",
    "speak to someone",
    "speak with someone",
    "talk with someone",
    "talk to somebody",
    "speak to somebody",
    "talk to a",
    "speak to a",
    "speak with a",
    "call me",
    "put me through",
    "transfer me",
    "connect me to",
    "connect me with",
    // Not "manager" alone: "a good password manager" and "my account
    // manager" ask for nobody. The message "manager" on its own still does
    // (see `ALONE`).
    "a manager",
    "the manager",
    "your manager",
    "ur manager",
    "to manager",
    "with manager",
    "manager please",
    "manager pls",
    "manager plz",
    "manager now",
    "managers",
    "callback",
    "call back",
    "ring me",
    "phone me",
    "talk 2 someone",
    "talk 2 somebody",
    "talk 2 anyone",
    "talk 2 a",
    "speak 2 someone",
    "speak 2 a",
    "chat 2 someone",
    "someone i can ring",
    "number to call",
    "number to ring",
    "number i can call",
    "number i can ring",
    "number to phone",
    "someone i can call",
    "anyone i can call",
    "anyone i can ring",
    "can i call you",
    "can i ring you",
    "speak to the person",
    "talk to the person",
    "speak with the person",
    "pass me on",
    "pass me to",
    "hand me over",
    "anyone who works",
    "someone who works",
    "one of your team",
    "someone from your team",
    "someone from the team",
    "talk to support",
    "speak to support",
    "chat with support",
    "not the bot",
    "not a bot",
    // Round 39 (session 10), these twelve.
    "stop with the bot",
    "enough with the bot",
    "no more bots",
    "no more robots",
    "no more bot",
    "want real support",
    "need real support",
    "someone in person",
    "somebody in person",
    "any humans",
    "real humans",
    "humans working",
    "not the assistant",
    "living person",
    "living human",
    "person in this chat",
    "is there a person",
    "anyone there",
    "anybody there",
    "talk with somebody",
    "speak with somebody",
    "talk to anyone",
    "speak to anyone",
    "someone to talk to",
    "are you a bot",
    "are you a robot",
    "are you real",
    "is this a bot",
    "is this a robot",
    "is this automated",
    "am i talking to a bot",
    "am i talking to a robot",
    "am i chatting with a bot",
    "whoever is in charge",
    "get hold of someone",
    "get hold of somebody",
    "get hold of a person",
    "reach someone",
    "reach a person",
    "actual employee",
    "real employee",
    "put me on to",
    "put me onto",
    "put me on with",
    "someone in your office",
    "someone in the office",
    "talk to your",
    "speak to your",
    "chat with your",
    "chat to your",
    "support people",
    "support staff",
    "customer care",
    // Session 9, from an unseen round of requests for a person.
    "get me someone",
    "get me somebody",
    "find me someone",
    "speak with whoever",
    "speak to whoever",
    "talk to whoever",
    "talk with whoever",
    "someone from your side",
    "somebody from your side",
    "someone on your side",
    "someone from your end",
    "somebody from your end",
    "someone at your end",
    "ring someone",
    "ring somebody",
    "call someone",
    "call somebody",
    "phone someone",
    "phone somebody",
    "number i can phone",
    "give me a number",
    "someone on duty",
    "anyone on duty",
    "somebody on duty",
    "anyone available",
    "anybody available",
    "someone to help me",
    "somebody to help me",
    "phone appointment",
    "telephone appointment",
    "real people",
    "real ppl",
    "actual people",
    "real humans",
    "one of your people",
    "someone who can make a decision",
    "someone who can actually",
    "pass this on to someone",
    "pass this to someone",
    "member of the team",
    "someone senior",
    "somebody senior",
    "someone more senior",
    "more senior person",
    "member of your team",
    "member of staff",
    "staff member",
    "phone call from someone",
    "call from someone",
    "call from a person",
    "hello anyone",
    "hi anyone",
    "anyone at all",
    "who is in charge",
    "someone in charge",
    "person in charge",
    "from your team",
    "on your team",
    "your colleague",
    "a colleague of yours",
    "put a colleague on",
    "get a colleague",
    // Words that name somebody who works here, anchored by what comes
    // before them: alone in a sentence they are as often a "travel agent",
    // a "staff discount" or "a gift for a colleague" (session 9). The
    // bare word as the whole message still asks (see `ALONE`).
    "an agent",
    "the agent",
    "to agent",
    "get agent",
    "want agent",
    "need agent",
    "agent please",
    "agent pls",
    "agent plz",
    "agent now",
    "real agent",
    "human agent",
    "support agent",
    "chat agent",
    "your agent",
    "your agents",
    "an operator",
    "the operator",
    "live operator",
    "human operator",
    "real operator",
    "operator please",
    "a supervisor",
    "the supervisor",
    "your supervisor",
    "supervisor please",
    "supervisor now",
    "your staff",
    "to staff",
    "with staff",
    "staff please",
    "real staff",
    "to an employee",
    "with an employee",
    "your employee",
    "your employees",
    "employee please",
    "an advisor",
    "an adviser",
    "your advisor",
    "your adviser",
    "your advisors",
    "your advisers",
    "advisor please",
    "adviser please",
    "your colleague",
    "your colleagues",
    "a colleague of yours",
    "ask a colleague",
    "colleague please",
    // Without the article, as a learner of English may write it.
    "with agent",
    "with employee",
    "to employee",
    "with operator",
    "to operator",
    "with supervisor",
    "to supervisor",
    "with advisor",
    "to advisor",
    "with adviser",
    "to adviser",
    // Session 11, from an unseen round (28 of 30 found before).
    "someone in your team",
    "someone on your team",
    "someone from your team",
    "somebody in your team",
    "somebody on your team",
    // Swedish
    "ringa upp",
    "ring upp",
    "manniska",
    "en person",
    "riktig person",
    "levande person",
    "prata med nagon",
    "koppla mig till",
    "koppla mig vidare",
    "koppla vidare mig",
    "tala med nagon",
    "prata med en",
    "tala med en",
    "handlaggare",
    "kundtjanst",
    "kundservice",
    "supporten",
    "ring mig",
    "nagon person",
    "person jag kan prata med",
    "ringa mig",
    "nagon jag kan ringa",
    "nummer att ringa",
    "nummer jag kan ringa",
    "kan jag ringa er",
    "nagon pa riktigt",
    "hjalp av nagon",
    // German
    "zuruckrufen",
    "mit dem support",
    "mit dem kundendienst",
    "mit support",
    "mensch",
    "menschen",
    "echte person",
    "echten person",
    "echten menschen",
    "mitarbeiter",
    "mitarbeiterin",
    "berater",
    "kundendienst",
    "kundenservice",
    "mit jemandem sprechen",
    "mit jemandem vom",
    "verbinden sie mich mit",
    "mit jemandem reden",
    "mit einer person",
    "mit einem menschen",
    "ansprechpartner",
    "sachbearbeiter",
    "ruckruf",
    "rufen sie mich an",
    "mich anrufen",
    "jemand anrufen",
    "mich zuruckrufen",
    "jemanden sprechen",
    "von ihrem team",
    "von eurem team",
    "nicht mit einem bot",
    "nicht mit einem roboter",
    "nicht mit einer maschine",
    "keinen bot",
    "keinen chatbot",
];

/// Words that ask for a person when they are the whole message ("Manager!",
/// "AGENT!!!") but not inside a sentence without an article or verb before
/// them ("my travel agent booked it", "do you have a staff discount?").
const ALONE: &[&str] = &[
    "manager",
    "agent",
    "agents",
    "operator",
    "supervisor",
    "staff",
    "employee",
    "advisor",
    "adviser",
];

/// Words that may stand around an [`ALONE`] word in a short message and
/// leave it asking ("hi agent", "get supervisor", "agent asap"), unlike
/// "travel" or "discount".
const ALONE_COMPANY: &[&str] = &[
    "hi", "hello", "hey", "get", "me", "i", "need", "want", "a", "an", "the", "please", "pls",
    "plz", "now", "asap", "help", "urgent", "urgently",
];

/// How many words a message of an [`ALONE`] word and its company may have.
const ALONE_MAX_WORDS: usize = 4;

/// Returns the phrase that makes `normalized` an explicit request for a
/// person, if any. `normalized` must come from [`crate::normalize::normalize`].
pub fn find_person_request(normalized: &str) -> Option<&'static str> {
    find_person_request_in(&crate::pattern::tokens(normalized))
}

/// [`find_person_request`] on the text's [`crate::pattern::tokens`].
pub fn find_person_request_in(tokens: &[&str]) -> Option<&'static str> {
    // Each phrase is a one-slot pattern: its words must be consecutive.
    static PHRASES: OnceLock<PatternSet<&'static str>> = OnceLock::new();
    let phrases = PHRASES.get_or_init(|| PatternSet::new(PERSON_PHRASES.iter().map(|p| (*p, *p))));
    if let Some((phrase, _)) = phrases.matches(tokens).next() {
        return Some(phrase);
    }
    if tokens.len() > ALONE_MAX_WORDS {
        return None;
    }
    let alone = ALONE.iter().find(|alone| tokens.contains(alone))?;
    tokens
        .iter()
        .all(|t| t == alone || ALONE_COMPANY.contains(t))
        .then_some(*alone)
}

#[cfg(test)]
mod tests {
    use super::find_person_request;
    use crate::normalize::normalize;
    use expect_test::{Expect, expect};

    fn check(input: &str, expect: Expect) {
        let found = find_person_request(&normalize(input));
        expect.assert_eq(&format!("{found:?}"));
    }

    #[test]
    fn english_requests() {
        check("I want to talk to a human", expect![[r#"Some("human")"#]]);
        check(
            "can someone from billing look at this",
            expect![[r#"Some("someone from billing")"#]],
        );
        check(
            "koppla mig till någon som jobbar där",
            expect![[r#"Some("koppla mig till")"#]],
        );
        // A bank's routine questions are phrased so too.
        check(
            "who do I contact if my refund doesn't go through?",
            expect!["None"],
        );
        check(
            "Can I speak to someone please?",
            expect![[r#"Some("speak to someone")"#]],
        );
        check("AGENT!!!", expect![[r#"Some("agent")"#]]);
        check("can I talk to an agent", expect![[r#"Some("an agent")"#]]);
        check("staff?", expect![[r#"Some("staff")"#]]);
        check("hi agent", expect![[r#"Some("agent")"#]]);
        check("get supervisor asap", expect![[r#"Some("supervisor")"#]]);
        check("Manager!", expect![[r#"Some("manager")"#]]);
        check("get me a manager", expect![[r#"Some("a manager")"#]]);
        check("get me a real person", expect![[r#"Some("real person")"#]]);
        // Asking whether anyone is there is asking for someone.
        check(
            "are you a robot or what",
            expect![[r#"Some("are you a robot")"#]],
        );
    }

    #[test]
    fn swedish_and_german_requests() {
        check(
            "Jag vill prata med någon",
            expect![[r#"Some("prata med nagon")"#]],
        );
        check(
            "Kan jag få prata med en människa?",
            expect![[r#"Some("manniska")"#]],
        );
        check(
            "Ich möchte mit einem Menschen sprechen",
            expect![[r#"Some("menschen")"#]],
        );
        check(
            "Bitte einen Mitarbeiter",
            expect![[r#"Some("mitarbeiter")"#]],
        );
    }

    #[test]
    fn ordinary_questions_are_not_requests() {
        check("where is my parcel", expect!["None"]);
        check("how do refunds work", expect!["None"]);
        check("Wann kommt meine Lieferung?", expect!["None"]);
        // Whole words only: "agent" inside "agentur" is not a request.
        check("Agentur Rechnung", expect!["None"]);
        // A manager that is software, or somebody else's.
        check("what's a good password manager", expect!["None"]);
        check("my account manager at work said to ask", expect!["None"]);
        check("travel agent", expect!["None"]);
        check("staff discount?", expect!["None"]);
    }
}

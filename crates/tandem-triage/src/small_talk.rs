//! Small talk that is not a question: thanks, goodbyes and acknowledgements
//! ("ok thanks", "that helped!", "tack så mycket", "tschüss"), and bare
//! greetings and replies ("good morning", "yes").
//!
//! Shoppers say these after an answer. Before this stage the engine read
//! them as questions it could not place and handed them to a person, or,
//! with a small knowledge base, its sensitive-topic model read a lone "bye"
//! as a legal threat. Pure: word classes over normalised tokens.

use crate::features::is_function_word;

/// Words that close or acknowledge: thanks, approval, goodbyes, in English,
/// Swedish and German, as normalisation leaves them ("schön" is "schon",
/// "hej då" is "hej da"). A `match`, not a list scanned per word: this runs
/// on every message, and the lists cost a third of a microsecond.
fn is_closing_word(word: &str) -> bool {
    matches!(
        word,
        "thanks"
            | "thank"
            | "thx"
            | "thanx"
            | "ty"
            | "tysm"
            | "cheers"
            | "appreciated"
            | "appreciate"
            | "ok"
            | "okay"
            | "okey"
            | "k"
            | "kk"
            | "alright"
            | "great"
            | "perfect"
            | "awesome"
            | "brilliant"
            | "lovely"
            | "cool"
            | "nice"
            | "fab"
            | "fantastic"
            | "excellent"
            | "wonderful"
            | "amazing"
            | "helped"
            | "helpful"
            | "useful"
            | "sorted"
            | "solved"
            | "bye"
            | "goodbye"
            | "byebye"
            | "cya"
            | "later"
            | "tack"
            | "tusen"
            | "mycket"
            | "okej"
            | "toppen"
            | "perfekt"
            | "danke"
            | "dankeschon"
            | "vielen"
            | "dank"
            | "super"
            | "klar"
            | "tschuss"
            | "ciao"
            | "prima"
            | "passt"
            | "wiedersehen"
            | "hej då"
            | "da"
            | "danke schön"
            | "schon"
            | "noted"
            | "understood"
            | "gotcha"
            | "fine"
    )
}

/// Words that greet or reply without asking anything.
fn is_reply_word(word: &str) -> bool {
    matches!(
        word,
        "hey"
            | "hiya"
            | "yo"
            | "morning"
            | "afternoon"
            | "evening"
            | "good"
            | "yes"
            | "yeah"
            | "yep"
            | "yup"
            | "sure"
            | "ja"
            | "jo"
            | "japp"
            | "nej"
            | "nein"
            | "god"
            | "morgon"
            | "kvall"
            | "dag"
            | "guten"
            | "tag"
            | "morgen"
            | "abend"
            | "gut"
            | "sa"
            | "alles"
            | "lot"
            | "lots"
            | "much"
            | "very"
            | "again"
            | "day"
            | "see"
    )
}

/// Words that may follow thanks without asking anything ("thanks for the
/// quick help", "tack för hjälpen", "danke für die schnelle Antwort"). Not
/// closing words themselves: "help" alone is a request.
fn is_companion(word: &str) -> bool {
    matches!(
        word,
        "help"
            | "hjalpen"
            | "hjalp"
            | "hilfe"
            | "support"
            | "service"
            | "quick"
            | "fast"
            | "snabb"
            | "snabba"
            | "snabbt"
            | "schnelle"
            | "schnell"
            | "answer"
            | "answers"
            | "reply"
            | "antwort"
            | "svaret"
            | "svar"
            | "info"
            | "information"
            | "advice"
            | "everything"
            | "alles"
            | "allt"
            | "time"
            | "patience"
            | "again"
            | "for"
            | "fur"
            | "many"
            | "thats"
            | "sounds"
            | "works"
            | "worked"
    )
}

/// Words that turn approval around ("not great", "nicht gut"). "no" is not
/// among them: "no thanks" closes.
fn is_negation(word: &str) -> bool {
    matches!(
        word,
        "not" | "never" | "nope" | "inte" | "ej" | "nicht" | "kein" | "keine"
    )
}

fn is_greeting_or_reply(word: &str) -> bool {
    is_function_word(word) || is_reply_word(word)
}

/// Whether the message only thanks, acknowledges or says goodbye: at least
/// one closing word, nothing but small talk and function words beside it,
/// and no negation.
pub fn is_closing(tokens: &[&str]) -> bool {
    // Most messages fail on their first content word, so that test first.
    tokens
        .iter()
        .all(|w| is_greeting_or_reply(w) || is_closing_word(w) || is_companion(w))
        && tokens.iter().any(|w| is_closing_word(w))
        && !tokens.iter().any(|w| is_negation(w))
}

/// Whether the message only greets or replies ("hi", "good morning",
/// "yes", "how do I"): nothing to classify yet.
pub fn is_greeting(tokens: &[&str]) -> bool {
    tokens.iter().all(|w| is_greeting_or_reply(w))
}

#[cfg(test)]
mod tests {
    use super::{is_closing, is_greeting};
    use crate::normalize::normalize;
    use crate::pattern::tokens;

    fn closing(message: &str) -> bool {
        is_closing(&tokens(&normalize(message)))
    }

    fn greeting(message: &str) -> bool {
        is_greeting(&tokens(&normalize(message)))
    }

    #[test]
    fn thanks_and_goodbyes_close() {
        for message in [
            "thanks",
            "ok thanks",
            "Thanks, that helped!",
            "thank you so much",
            "great, cheers",
            "perfect 👍",
            "no thanks",
            "bye",
            "ok bye, have a good day",
            "tack så mycket",
            "tusen tack!",
            "okej, tack",
            "hej då",
            "danke schön",
            "vielen Dank!",
            "alles klar, tschüss",
            "thanks for the quick help",
            "many thanks",
            "that's great, thank you",
            "sounds good, that works, thanks",
            "tack så mycket för hjälpen",
            "vielen Dank für die schnelle Hilfe",
        ] {
            assert!(closing(message), "{message}");
        }
    }

    #[test]
    fn a_question_a_complaint_or_a_negation_does_not_close() {
        for message in [
            "thanks, where is my parcel?",
            "ok but I still have not got my refund",
            "not great",
            "not helpful",
            "nicht gut",
            "thanks for nothing",
            "help",
            "how it works",
            "thanks for your help, where is my parcel?",
            "great, another charge I didn't make",
            "hello",
            "",
        ] {
            assert!(!closing(message), "{message}");
        }
    }

    #[test]
    fn greetings_and_bare_replies_have_nothing_to_classify() {
        for message in [
            "hi",
            "good morning",
            "yes",
            "Guten Tag",
            "god morgon",
            "how do I",
        ] {
            assert!(greeting(message), "{message}");
        }
        for message in [
            "test",
            "banana",
            "where is my parcel",
            "yes my card was stolen",
        ] {
            assert!(!greeting(message), "{message}");
        }
    }
}

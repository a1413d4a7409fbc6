//! Language identification, good enough to notice that a question is in a
//! language the knowledge base does not cover, so it goes to a person
//! (tagged with the language) instead of getting a wrong answer.
//!
//! Scripts other than Latin decide at once (Cyrillic, Greek, Arabic, ...).
//! Latin-script languages are told apart by their most frequent function
//! words and a few letters only they use. A short message with no evidence
//! is `None`: the engine then assumes the knowledge base's own language.

use rustc_hash::FxHashMap;
use std::sync::OnceLock;

/// Function words per language (lower case, accents kept: identification
/// reads the raw text, since "för" and "for" tell Swedish from English).
const STOPWORDS: &[(&str, &[&str])] = &[
    (
        "en",
        &[
            "the", "is", "my", "i", "you", "what", "where", "how", "can", "to", "and", "have",
            "it", "not", "do", "does", "with", "when", "why", "this", "was", "are", "of", "for",
            "me", "please", "hi", "hello", "order", "would", "will", "get", "a",
        ],
    ),
    (
        "sv",
        &[
            "jag", "är", "och", "inte", "min", "mitt", "mina", "det", "har", "att", "en", "ett",
            "hur", "vad", "var", "när", "kan", "med", "för", "på", "av", "om", "som", "till",
            "hej", "varför", "vill", "jo", "får", "också",
        ],
    ),
    (
        "de",
        &[
            "ich", "ist", "und", "nicht", "mein", "meine", "das", "der", "die", "habe", "wie",
            "was", "wo", "wann", "kann", "mit", "für", "auf", "ein", "eine", "zu", "hallo",
            "warum", "bitte", "noch", "sie", "wir", "es", "mich", "mir",
        ],
    ),
    (
        "da",
        &[
            "jeg", "er", "og", "ikke", "min", "mit", "det", "har", "hvordan", "hvad", "hvor",
            "hvornår", "kan", "med", "for", "på", "af", "til", "hej", "mig", "hvorfor",
        ],
    ),
    (
        "no",
        &[
            "jeg", "er", "og", "ikke", "min", "mitt", "det", "har", "hvordan", "hva", "hvor",
            "når", "kan", "med", "for", "på", "av", "til", "hei", "meg", "hvorfor",
        ],
    ),
    (
        "nl",
        &[
            "ik", "is", "en", "niet", "mijn", "het", "de", "een", "heb", "hoe", "wat", "waar",
            "wanneer", "kan", "met", "voor", "op", "van", "hallo", "waarom", "graag", "mij",
        ],
    ),
    (
        "fr",
        &[
            "je", "est", "et", "pas", "mon", "ma", "mes", "le", "la", "les", "une", "un",
            "comment", "quoi", "où", "quand", "peux", "avec", "pour", "sur", "de", "bonjour",
            "pourquoi", "ne", "commande", "moi",
        ],
    ),
    (
        "es",
        &[
            "yo", "es", "y", "no", "mi", "mis", "el", "la", "los", "una", "un", "cómo", "como",
            "qué", "que", "dónde", "donde", "cuándo", "puedo", "con", "para", "por", "hola",
            "pedido", "está", "mí",
        ],
    ),
    (
        "it",
        &[
            "io", "è", "e", "non", "mio", "mia", "il", "la", "una", "un", "come", "cosa", "dove",
            "quando", "posso", "con", "per", "su", "di", "ciao", "perché", "ordine", "sono",
        ],
    ),
    (
        "pt",
        &[
            "eu", "é", "e", "não", "meu", "minha", "o", "a", "uma", "um", "como", "que", "onde",
            "quando", "posso", "com", "para", "por", "olá", "oi", "pedido", "está", "você",
        ],
    ),
    (
        "fi",
        &[
            "minä", "on", "ja", "ei", "minun", "se", "miten", "mitä", "missä", "milloin", "voin",
            "kanssa", "hei", "miksi", "tilaus", "olen",
        ],
    ),
    (
        "pl",
        &[
            "ja",
            "jest",
            "i",
            "nie",
            "mój",
            "moja",
            "moje",
            "jak",
            "co",
            "gdzie",
            "kiedy",
            "mogę",
            "z",
            "dla",
            "na",
            "dzień",
            "dobry",
            "cześć",
            "dlaczego",
            "zamówienie",
        ],
    ),
];

/// Letters that point at one language among the Latin-script ones.
const TELLTALE: &[(char, &str)] = &[
    ('ß', "de"),
    ('ñ', "es"),
    ('¿', "es"),
    ('¡', "es"),
    ('ã', "pt"),
    ('õ', "pt"),
    ('ç', "fr"),
    ('œ', "fr"),
    ('ł', "pl"),
    ('ą', "pl"),
    ('ę', "pl"),
    ('ż', "pl"),
    ('ø', "no"),
    ('æ', "da"),
];

/// The language of `raw` as an ISO 639-1 code, or `None` when the text
/// gives too little evidence.
pub fn identify(raw: &str) -> Option<&'static str> {
    // Most messages are plain ASCII: no other script, no telltale letter.
    let ascii = raw.is_ascii();
    if let Some(script) = (!ascii).then(|| non_latin_script(raw)).flatten() {
        return Some(script);
    }
    let lower = crate::normalize::lowercase(raw);
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .collect();
    let index = stopword_index();
    let mut hits = [0u32; STOPWORDS.len()];
    for word in &words {
        if let Some(langs) = index.get(word) {
            for &l in langs {
                hits[l] += 1;
            }
        }
    }
    let mut scores: Vec<(f32, &'static str)> = STOPWORDS
        .iter()
        .enumerate()
        .map(|(i, (lang, _))| {
            let hits = hits[i] as f32;
            let telltales = if ascii {
                0.0
            } else {
                TELLTALE
                    .iter()
                    .filter(|(c, l)| l == lang && lower.contains(*c))
                    .count() as f32
            };
            (hits + 2.0 * telltales, *lang)
        })
        .collect();
    // Stable order on ties: the list order puts en, sv, de first.
    scores.sort_by(|a, b| b.0.total_cmp(&a.0));
    let (best, lang) = scores[0];
    let second = scores[1].0;
    // Two pieces of evidence and a clear lead, or a long text.
    (best >= 2.0 && best > second).then_some(lang)
}

/// Which languages (indexes into `STOPWORDS`) use each function word.
fn stopword_index() -> &'static FxHashMap<&'static str, Vec<usize>> {
    static INDEX: OnceLock<FxHashMap<&'static str, Vec<usize>>> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut index: FxHashMap<&'static str, Vec<usize>> = FxHashMap::default();
        for (i, (_, words)) in STOPWORDS.iter().enumerate() {
            for word in *words {
                index.entry(word).or_default().push(i);
            }
        }
        index
    })
}

fn non_latin_script(raw: &str) -> Option<&'static str> {
    let mut counts = [0usize; 9];
    const CODES: [&str; 9] = ["ru", "el", "ar", "he", "zh", "ja", "ko", "th", "hi"];
    for c in raw.chars() {
        let slot = match c as u32 {
            0x0400..=0x04FF => 0,
            0x0370..=0x03FF => 1,
            0x0600..=0x06FF => 2,
            0x0590..=0x05FF => 3,
            0x4E00..=0x9FFF => 4,
            0x3040..=0x30FF => 5,
            0xAC00..=0xD7AF => 6,
            0x0E00..=0x0E7F => 7,
            0x0900..=0x097F => 8,
            _ => continue,
        };
        counts[slot] += 1;
    }
    // Japanese mixes kana and kanji: any kana means Japanese.
    if counts[5] > 0 {
        return Some("ja");
    }
    let (slot, &count) = counts.iter().enumerate().max_by_key(|(_, n)| **n)?;
    (count >= 2).then_some(CODES[slot])
}

#[cfg(test)]
mod tests {
    use super::identify;
    use expect_test::{Expect, expect};

    fn check(input: &str, expect: Expect) {
        expect.assert_eq(&format!("{:?}", identify(input)));
    }

    #[test]
    fn covered_languages() {
        check("Where is my order?", expect![[r#"Some("en")"#]]);
        check("Var är min beställning?", expect![[r#"Some("sv")"#]]);
        check("Wo ist meine Bestellung?", expect![[r#"Some("de")"#]]);
    }

    #[test]
    fn other_languages() {
        check("¿Dónde está mi pedido?", expect![[r#"Some("es")"#]]);
        check(
            "Où est ma commande, s'il vous plaît ?",
            expect![[r#"Some("fr")"#]],
        );
        check("Gdzie jest moje zamówienie?", expect![[r#"Some("pl")"#]]);
        check("Где мой заказ?", expect![[r#"Some("ru")"#]]);
        check("注文はどこですか", expect![[r#"Some("ja")"#]]);
        check("أين طلبي", expect![[r#"Some("ar")"#]]);
    }

    #[test]
    fn too_little_evidence() {
        check("refund", expect!["None"]);
        check("ok", expect!["None"]);
        check("4111", expect!["None"]);
    }
}

//! Turning normalised text into sparse, weighted features for the
//! classifier.
//!
//! Two groups, as in the classic TF-IDF recipe that works best on short
//! support queries: words (unigrams and bigrams) carry meaning, character
//! n-grams (2 to 5, within word boundaries) survive typos and inflection
//! ("refunded", "refnd", "återbetalning"). Each feature is a 32-bit FNV-1a
//! hash, so the model stores no vocabulary strings.

/// Which group a feature belongs to; each group is normalised on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Group {
    /// Word unigrams and bigrams.
    Word = 0,
    /// Character n-grams.
    Char = 1,
}

/// A feature hash and the number of times it occurs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Count {
    /// FNV-1a hash of the feature, with its kind mixed in.
    pub key: u32,
    /// Occurrences in the text.
    pub count: u32,
    /// Its group.
    pub group: Group,
}

/// Features live in a 2^20 space: a model of a few tens of thousands of
/// features sees about 1% collisions (harmless), and sorted keys then differ
/// by small steps, which keeps the serialised model small.
pub const KEY_BITS: u32 = 20;
const KEY_MASK: u32 = (1 << KEY_BITS) - 1;

const FNV_OFFSET: u32 = 0x811c_9dc5;
const FNV_PRIME: u32 = 0x0100_0193;

fn fnv(seed: u32, bytes: &[u8]) -> u32 {
    bytes.iter().fold(seed, |hash, &b| {
        (hash ^ u32::from(b)).wrapping_mul(FNV_PRIME)
    })
}

/// The hash of the word unigram `word`.
pub fn word_key(word: &str) -> u32 {
    fnv(fnv(FNV_OFFSET, b"w\x00"), word.as_bytes()) & KEY_MASK
}

/// True for words that carry grammar rather than topic: function words of
/// English, Swedish and German (normalised), which do not make a question
/// look familiar. A `match` compiles to a few length and byte comparisons
/// (a linear scan of the list showed up in profiles).
// One word list, laid out as a paragraph rather than one word per line.
#[rustfmt::skip]
pub fn is_function_word(word: &str) -> bool {
    matches!(
        word,
        "a" | "about" | "all" | "am" | "an" | "and" | "any" | "are" | "as" | "at" | "be" |
        "been" | "but" | "by" | "can" | "could" | "did" | "do" | "does" | "for" | "from" | "had" |
        "has" | "have" | "he" | "her" | "his" | "how" | "i" | "if" | "in" | "is" | "it" | "its" |
        "me" | "my" | "no" | "not" | "of" | "on" | "or" | "our" | "please" | "she" | "should" |
        "so" | "some" | "that" | "the" | "their" | "them" | "there" | "they" | "this" | "to" |
        "up" | "us" | "was" | "we" | "were" | "what" | "when" | "where" | "which" | "who" |
        "why" | "will" | "with" | "would" | "you" | "your" | "hi" | "hello" | "thanks" | "thank" |
        "just" | "still" | "yet" | "get" | "got" | "jag" | "du" | "det" | "den" | "en" | "ett" |
        "och" | "att" | "ar" | "har" | "min" | "mitt" | "mina" | "pa" | "med" | "om" | "hur" |
        "vad" | "var" | "nar" | "varfor" | "kan" | "inte" | "som" | "till" | "av" | "hej" |
        "ich" | "es" | "der" | "die" | "das" | "ein" | "eine" | "und" | "ist" | "habe" | "hat" |
        "mein" | "meine" | "wie" | "wo" | "wann" | "warum" | "kann" | "nicht" | "mit" | "fur" |
        "auf" | "zu" | "von" | "hallo" | "bitte"
    )
}

/// The words of `words` that are not function words: what a message is
/// about. The familiarity score weighs them, and the engine and the
/// sensitive-topic stage ask whether a message has more than one.
pub fn content_words<'a>(
    words: impl IntoIterator<Item = &'a str>,
) -> impl Iterator<Item = &'a str> {
    words.into_iter().filter(|w| !is_function_word(w))
}

/// Calls `emit` with every feature key of `normalized` text and its group,
/// once per occurrence, in no particular order. [`extract`] counts them;
/// the classifier looks each up first and counts only the ones it knows.
pub fn for_each_key(normalized: &str, mut emit: impl FnMut(u32, Group)) {
    let char_seed = fnv(FNV_OFFSET, b"c\x00");
    let mut padded: Vec<char> = Vec::new();
    let mut padded_ascii: Vec<u8> = Vec::new();
    let mut words = normalized.split(' ').filter(|w| !w.is_empty()).peekable();
    while let Some(word) = words.next() {
        emit(word_key(word), Group::Word);
        if let Some(next) = words.peek() {
            emit(bigram_key(word, next), Group::Word);
        }
        // Character n-grams of " word " so prefixes and suffixes are marked.
        // FNV is a running hash, so the n-grams starting at one position
        // extend each other: hash each character once per start.
        if word.is_ascii() {
            // Most words: a character is its byte, so hash the bytes
            // directly (the same keys, without decoding and re-encoding).
            padded_ascii.clear();
            padded_ascii.push(b' ');
            padded_ascii.extend_from_slice(word.as_bytes());
            padded_ascii.push(b' ');
            for start in 0..padded_ascii.len() {
                let mut hash = char_seed;
                for (len, &b) in padded_ascii[start..].iter().take(5).enumerate() {
                    hash = fnv(hash, std::slice::from_ref(&b));
                    if len >= 1 {
                        emit(hash & KEY_MASK, Group::Char);
                    }
                }
            }
            continue;
        }
        padded.clear();
        padded.push(' ');
        padded.extend(word.chars());
        padded.push(' ');
        for start in 0..padded.len() {
            let mut hash = char_seed;
            let mut buf = [0u8; 4];
            for (len, c) in padded[start..].iter().take(5).enumerate() {
                hash = fnv(hash, c.encode_utf8(&mut buf).as_bytes());
                if len >= 1 {
                    emit(hash & KEY_MASK, Group::Char);
                }
            }
        }
    }
}

/// The key of the word bigram `first next`.
fn bigram_key(first: &str, next: &str) -> u32 {
    let hash = fnv(fnv(fnv(FNV_OFFSET, b"b\x00"), first.as_bytes()), b" ");
    fnv(hash, next.as_bytes()) & KEY_MASK
}

/// [`for_each_key`] for the word features alone (unigrams and bigrams):
/// what a model trained with `TrainConfig::words_only` reads, without
/// hashing the character n-grams it would not know anyway.
/// `words` are the normalised text's words, as [`crate::pattern::tokens`]
/// splits them (the engine splits once for every stage).
pub fn for_each_word_key(words: &[&str], mut emit: impl FnMut(u32, Group)) {
    for (i, word) in words.iter().enumerate() {
        emit(word_key(word), Group::Word);
        if let Some(next) = words.get(i + 1) {
            emit(bigram_key(word, next), Group::Word);
        }
    }
}

/// Extracts the feature counts of `normalized` text, sorted by key.
pub fn extract(normalized: &str) -> Vec<Count> {
    let mut keys: Vec<(u32, Group)> = Vec::with_capacity(normalized.len() * 4);
    for_each_key(normalized, |key, group| keys.push((key, group)));
    // Sorting whole pairs makes a (rare) collision between a word and a
    // character n-gram count as a word, whatever the order they came in.
    keys.sort_unstable();
    let mut counts: Vec<Count> = Vec::with_capacity(keys.len());
    for (key, group) in keys {
        match counts.last_mut() {
            Some(last) if last.key == key => last.count += 1,
            _ => counts.push(Count {
                key,
                count: 1,
                group,
            }),
        }
    }
    counts
}

/// Weights counts by sublinear TF times IDF and normalises each group to
/// length `1/sqrt(2)` (so the whole vector has length 1). `idf` returns
/// `None` for features the model does not know; those are dropped.
pub fn weigh(counts: &[Count], idf: impl Fn(u32) -> Option<f32>) -> Vec<(u32, f32)> {
    let mut weighted: Vec<(u32, f32, Group)> = counts
        .iter()
        .filter_map(|c| idf(c.key).map(|idf| (c.key, (1.0 + (c.count as f32).ln()) * idf, c.group)))
        .collect();
    for group in [Group::Word, Group::Char] {
        let norm = weighted
            .iter()
            .filter(|(_, _, g)| *g == group)
            .map(|(_, v, _)| v * v)
            .sum::<f32>()
            .sqrt();
        if norm > 0.0 {
            let scale = std::f32::consts::FRAC_1_SQRT_2 / norm;
            for (_, v, g) in &mut weighted {
                if *g == group {
                    *v *= scale;
                }
            }
        }
    }
    weighted.into_iter().map(|(k, v, _)| (k, v)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_sorted_and_merged() {
        let counts = extract("card card");
        assert!(counts.windows(2).all(|w| w[0].key < w[1].key));
        let card = counts
            .iter()
            .find(|c| c.key == word_key("card"))
            .expect("unigram");
        assert_eq!(card.count, 2);
        // 2 unigrams + 1 bigram + 2 * (5 + 4 + 3 + 2) char n-grams, merged.
        let total: u32 = counts.iter().map(|c| c.count).sum();
        assert_eq!(total, 2 + 1 + 2 * 14);
    }

    #[test]
    fn groups_are_normalised_separately() {
        let weighted = weigh(&extract("lost card"), |_| Some(1.0));
        let norm: f32 = weighted.iter().map(|(_, v)| v * v).sum::<f32>().sqrt();
        assert!((norm - 1.0).abs() < 1e-5, "{norm}");
        let unknown_dropped = weigh(&extract("lost card"), |k| {
            (k == word_key("lost")).then_some(2.0)
        });
        assert_eq!(unknown_dropped.len(), 1);
        assert!((unknown_dropped[0].1 - std::f32::consts::FRAC_1_SQRT_2).abs() < 1e-6);
    }

    /// The character n-gram keys of one word as the first version computed
    /// them, character by character: shipped models were trained on these.
    fn char_keys_by_chars(word: &str) -> Vec<u32> {
        let padded: Vec<char> = format!(" {word} ").chars().collect();
        let mut keys = Vec::new();
        for start in 0..padded.len() {
            let mut hash = fnv(FNV_OFFSET, b"c\x00");
            for (len, c) in padded[start..].iter().take(5).enumerate() {
                hash = fnv(hash, c.encode_utf8(&mut [0u8; 4]).as_bytes());
                if len >= 1 {
                    keys.push(hash & KEY_MASK);
                }
            }
        }
        keys
    }

    #[test]
    fn ascii_and_other_words_hash_their_character_ngrams_alike() {
        for word in ["card", "a", "refund123", "café", "päron", "１２"] {
            let mut keys = Vec::new();
            for_each_key(word, |key, group| {
                if group == Group::Char {
                    keys.push(key);
                }
            });
            assert_eq!(keys, char_keys_by_chars(word), "{word}");
        }
    }

    #[test]
    fn empty_text_has_no_features() {
        assert!(extract("").is_empty());
    }
}

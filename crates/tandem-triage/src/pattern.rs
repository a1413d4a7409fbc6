//! A tiny phrase-pattern language over normalised tokens, used by the
//! sensitive-topic and frustration stages.
//!
//! A pattern is slots separated by ` ~ `; each slot lists alternatives with
//! `|`; an alternative ending in `*` matches any token with that prefix; an
//! alternative with spaces must match consecutive tokens. Slots match in
//! order with at most [`MAX_GAP`] other tokens between them, so
//! `"did not|never ~ authori*|make|made"` catches "I did not make this
//! payment" and "I never authorised it". Keyword lists alone miss those.
//!
//! A pattern may end with ` !~ ` and one more slot, its exceptions: a match
//! whose last slot is followed within [`MAX_GAP`] tokens by one of them does
//! not count, so `"my ~ mum ~ passed !~ test|exam"` hears "my mum passed
//! last week" and not "my mum passed her driving test".

use rustc_hash::FxHashMap;

/// The tokens of normalised text, as every pattern stage reads them. The
/// engine splits a message once and hands the same list to each stage.
pub fn tokens(normalized: &str) -> Vec<&str> {
    normalized.split(' ').filter(|t| !t.is_empty()).collect()
}

/// How many unrelated tokens may sit between two slots.
pub const MAX_GAP: usize = 3;

/// A compiled pattern.
#[derive(Debug, Clone)]
pub struct Pattern {
    source: &'static str,
    slots: Vec<Slot>,
    /// What may not follow the last slot (after ` !~ `), if anything.
    unless: Option<Slot>,
}

/// One slot: its alternatives, and the bytes their first words can start
/// with. Most tokens in a slot's gap window start with none of them, and
/// one bit test turns them away before any alternative is compared (half
/// of the sensitive-topic stage's time was comparing later slots' words).
#[derive(Debug, Clone)]
struct Slot {
    first_bytes: [u64; 4],
    alternatives: Vec<Vec<Term>>,
}

impl Slot {
    fn new(alternatives: Vec<Vec<Term>>) -> Self {
        let mut first_bytes = [0_u64; 4];
        for terms in &alternatives {
            match terms.first().map(|term| term.text().as_bytes().first()) {
                Some(Some(&byte)) => first_bytes[usize::from(byte / 64)] |= 1 << (byte % 64),
                // An empty alternative or a bare `*` can start anywhere.
                _ => first_bytes = [u64::MAX; 4],
            }
        }
        Self {
            first_bytes,
            alternatives,
        }
    }

    /// Whether some alternative could start at `token`.
    fn may_start(&self, token: &str) -> bool {
        token
            .as_bytes()
            .first()
            .is_some_and(|&byte| self.first_bytes[usize::from(byte / 64)] & (1 << (byte % 64)) != 0)
    }
}

#[derive(Debug, Clone)]
enum Term {
    /// A whole word, and its number in the set's vocabulary (given by
    /// [`PatternSet::new`]): words compare as numbers, not strings.
    Exact(&'static str, u32),
    Prefix(&'static str),
}

/// A token's number when no pattern of the set has the word.
const UNKNOWN: u32 = u32::MAX;

impl Term {
    fn text(&self) -> &'static str {
        match self {
            Term::Exact(text, _) | Term::Prefix(text) => text,
        }
    }

    fn matches(&self, token: &str, id: u32) -> bool {
        match self {
            Term::Exact(_, word) => id == *word,
            // The first byte decides most comparisons without a call to
            // `memcmp`.
            Term::Prefix(prefix) => {
                prefix.is_empty()
                    || (token.as_bytes().first() == prefix.as_bytes().first()
                        && token.starts_with(prefix))
            }
        }
    }
}

/// Compiles one slot's `|`-separated alternatives.
fn slot(source: &'static str) -> Slot {
    Slot::new(
        source
            .split('|')
            .map(|alternative| {
                alternative
                    .split(' ')
                    .filter(|w| !w.is_empty())
                    .map(|word| match word.strip_suffix('*') {
                        Some(prefix) => Term::Prefix(prefix),
                        None => Term::Exact(word, UNKNOWN),
                    })
                    .collect()
            })
            .collect(),
    )
}

/// A message's tokens and their numbers in a set's vocabulary.
struct Tokens<'a> {
    text: &'a [&'a str],
    ids: Vec<u32>,
}

impl Pattern {
    /// Compiles `source` (see the module docs for the syntax).
    pub fn new(source: &'static str) -> Self {
        let (pattern, unless) = match source.split_once(" !~ ") {
            Some((pattern, unless)) => (pattern, Some(slot(unless))),
            None => (source, None),
        };
        let slots = pattern.split(" ~ ").map(slot).collect();
        Self {
            source,
            slots,
            unless,
        }
    }

    /// The anchor of each alternative of the first slot: its longest word,
    /// with `true` for a prefix, the alternative's index and the word's
    /// offset in it. A match contains its first slot's words, so the set
    /// tries a pattern only where an anchor is, `offset` tokens on from
    /// where the match would start. The longest word rather than the first:
    /// "was stolen" is tried at every "stolen", not at every "was" (the
    /// sensitive-topic stage spent a tenth of its time on such common first
    /// words).
    fn anchors(&self) -> impl Iterator<Item = (&'static str, bool, usize, usize)> + '_ {
        self.slots
            .first()
            .into_iter()
            .flat_map(|slot| &slot.alternatives)
            .enumerate()
            .filter_map(|(alternative, terms)| {
                let (offset, term) = terms
                    .iter()
                    .enumerate()
                    .rev()
                    .max_by_key(|(_, term)| term.text().len())?;
                Some(match term {
                    Term::Exact(word, _) => (*word, false, alternative, offset),
                    Term::Prefix(prefix) => (*prefix, true, alternative, offset),
                })
            })
    }

    /// Whether the pattern matches from `at`, where alternative
    /// `alternative` of the first slot has its first word (the anchor the
    /// set found): only that alternative is tried there, not every one.
    fn match_anchored(&self, tokens: &Tokens, at: usize, alternative: usize) -> bool {
        self.slots
            .first()
            .and_then(|slot| slot.alternatives.get(alternative))
            .is_some_and(|terms| self.match_alternative(tokens, at, 0, terms))
    }

    /// The pattern as written, for explanations.
    pub fn source(&self) -> &'static str {
        self.source
    }

    fn match_from(&self, tokens: &Tokens, at: usize, slot: usize) -> bool {
        let Some(alternatives) = self.slots.get(slot) else {
            return true;
        };
        tokens
            .text
            .get(at)
            .is_some_and(|token| alternatives.may_start(token))
            && alternatives
                .alternatives
                .iter()
                .any(|terms| self.match_alternative(tokens, at, slot, terms))
    }

    /// Whether `terms`, one alternative of slot `slot`, match the tokens
    /// from `at`, and the later slots follow, each within [`MAX_GAP`].
    /// Inlined into both callers: left as a call, the sensitive-topic stage
    /// measured 15% slower (1.73 against 1.50 µs a message).
    #[inline(always)]
    fn match_alternative(&self, tokens: &Tokens, at: usize, slot: usize, terms: &[Term]) -> bool {
        terms_match(tokens, at, terms).is_some_and(|end| {
            if slot + 1 == self.slots.len() {
                !self.excepted_after(tokens, end)
            } else {
                (end..=(end + MAX_GAP).min(tokens.text.len()))
                    .any(|next| self.match_from(tokens, next, slot + 1))
            }
        })
    }

    /// Whether one of the exceptions follows a match that ended at `end`.
    fn excepted_after(&self, tokens: &Tokens, end: usize) -> bool {
        let Some(unless) = &self.unless else {
            return false;
        };
        (end..(end + MAX_GAP + 1).min(tokens.text.len())).any(|at| {
            unless.may_start(tokens.text[at])
                && unless
                    .alternatives
                    .iter()
                    .any(|terms| terms_match(tokens, at, terms).is_some())
        })
    }
}

/// Where `terms` end when they match the tokens from `at`, one each.
#[inline(always)]
fn terms_match(tokens: &Tokens, at: usize, terms: &[Term]) -> Option<usize> {
    let end = at + terms.len();
    (end <= tokens.text.len()
        && terms
            .iter()
            .zip(tokens.text[at..end].iter().zip(&tokens.ids[at..end]))
            .all(|(t, (tok, id))| t.matches(tok, *id)))
    .then_some(end)
}

/// Many patterns, indexed by their anchor words (see `Pattern::anchors`),
/// so a message is checked only against the patterns that can occur in it.
/// Checking every pattern at every token was most of the time of the
/// stages that use them.
#[derive(Debug, Clone)]
pub struct PatternSet<T> {
    patterns: Vec<(T, Pattern)>,
    /// Every whole word of the set's patterns, numbered: a message's tokens
    /// are looked up once, and words then compare as numbers (comparing
    /// strings was a fifth of the sensitive-topic stage, in `memcmp`).
    vocabulary: FxHashMap<&'static str, u32>,
    /// (pattern, alternative of its first slot, the anchor's offset in it)
    /// by the number of the alternative's anchor word.
    exact: Vec<Vec<Anchor>>,
    /// Prefix anchors by their first [`PREFIX_KEY`] bytes: a token is
    /// compared only with the prefixes that share its start (scanning all
    /// of them at every token cost 2 µs a message once there were a hundred).
    prefixes: FxHashMap<&'static [u8], Vec<(&'static str, Anchor)>>,
    /// Prefix anchors shorter than the key, compared with every token.
    short_prefixes: Vec<(&'static str, Anchor)>,
}

/// Where to try a pattern: (pattern, alternative of its first slot, the
/// anchor word's offset in that alternative).
type Anchor = (usize, usize, usize);

/// How many leading bytes key the prefix index.
const PREFIX_KEY: usize = 3;

impl<T> PatternSet<T> {
    /// Compiles `(tag, source)` pairs; [`PatternSet::matches`] yields them
    /// in this order.
    pub fn new(sources: impl IntoIterator<Item = (T, &'static str)>) -> Self {
        let mut patterns: Vec<(T, Pattern)> = sources
            .into_iter()
            .map(|(tag, source)| (tag, Pattern::new(source)))
            .collect();
        let mut vocabulary: FxHashMap<&'static str, u32> = FxHashMap::default();
        for (_, pattern) in &mut patterns {
            let terms = pattern
                .slots
                .iter_mut()
                .chain(&mut pattern.unless)
                .flat_map(|slot| &mut slot.alternatives)
                .flatten();
            for term in terms {
                if let Term::Exact(word, id) = term {
                    let next = vocabulary.len() as u32;
                    *id = *vocabulary.entry(*word).or_insert(next);
                }
            }
        }
        let mut exact: Vec<Vec<Anchor>> = vec![Vec::new(); vocabulary.len()];
        let mut prefixes: FxHashMap<&'static [u8], Vec<(&'static str, Anchor)>> =
            FxHashMap::default();
        let mut short_prefixes = Vec::new();
        for (i, (_, pattern)) in patterns.iter().enumerate() {
            for (word, is_prefix, alternative, offset) in pattern.anchors() {
                let anchor = (i, alternative, offset);
                match word.as_bytes().get(..PREFIX_KEY) {
                    _ if !is_prefix => exact[vocabulary[word] as usize].push(anchor),
                    Some(key) => prefixes.entry(key).or_default().push((word, anchor)),
                    None => short_prefixes.push((word, anchor)),
                }
            }
        }
        Self {
            patterns,
            vocabulary,
            exact,
            prefixes,
            short_prefixes,
        }
    }

    /// The patterns that occur in `tokens`, each once, in the order given
    /// to [`PatternSet::new`].
    pub fn matches<'a>(
        &'a self,
        tokens: &'a [&str],
    ) -> impl Iterator<Item = &'a (T, Pattern)> + 'a {
        // One bit per pattern. Each is tried only where one of its anchors
        // is, and no more once it has matched; the bits then give the
        // matches in pattern order without sorting the candidates.
        let tokens = Tokens {
            text: tokens,
            ids: tokens
                .iter()
                .map(|token| self.vocabulary.get(token).copied().unwrap_or(UNKNOWN))
                .collect(),
        };
        let mut matched = vec![0_u64; self.patterns.len().div_ceil(64)];
        let mut try_at = |(i, alternative, offset): Anchor, at: usize| {
            let bit = 1_u64 << (i % 64);
            if matched[i / 64] & bit == 0
                && at.checked_sub(offset).is_some_and(|start| {
                    self.patterns[i]
                        .1
                        .match_anchored(&tokens, start, alternative)
                })
            {
                matched[i / 64] |= bit;
            }
        };
        for (at, (token, &id)) in tokens.text.iter().zip(&tokens.ids).enumerate() {
            let anchored = self.exact.get(id as usize).map_or(&[][..], Vec::as_slice);
            for &anchor in anchored {
                try_at(anchor, at);
            }
            let keyed = token
                .as_bytes()
                .get(..PREFIX_KEY)
                .and_then(|key| self.prefixes.get(key))
                .map_or(&[][..], Vec::as_slice);
            for &(prefix, anchor) in keyed.iter().chain(&self.short_prefixes) {
                if token.starts_with(prefix) {
                    try_at(anchor, at);
                }
            }
        }
        // Only the set bits: walking all the patterns' bits was a tenth of
        // the sensitive-topic stage once there were 700 patterns.
        matched
            .into_iter()
            .enumerate()
            .flat_map(move |(word, mut bits)| {
                std::iter::from_fn(move || {
                    let bit = bits.trailing_zeros() as usize;
                    (bits != 0).then(|| {
                        bits &= bits - 1;
                        &self.patterns[word * 64 + bit]
                    })
                })
            })
    }
}

#[cfg(test)]
mod tests {
    use super::PatternSet;

    /// Through a set of one, the way the stages match.
    fn matches(pattern: &'static str, text: &str) -> bool {
        let tokens: Vec<&str> = text.split(' ').collect();
        PatternSet::new([((), pattern)])
            .matches(&tokens)
            .next()
            .is_some()
    }

    #[test]
    fn slots_match_in_order_with_small_gaps() {
        let p = "did not|never ~ authori*|make|made";
        assert!(matches(p, "i did not make this payment"));
        assert!(matches(p, "i never authorised it"));
        assert!(matches(p, "i did not really ever make it"));
        assert!(!matches(p, "i did not want to go out and then make it"));
        assert!(!matches(p, "i made it and did not"));
    }

    #[test]
    fn multiword_alternatives_and_prefixes() {
        assert!(matches(
            "talk to ~ someone|person*",
            "can i talk to a person"
        ));
        assert!(matches("refund*", "refunds"));
        assert!(matches("refund*", "refund"));
        assert!(!matches("refund*", "fund"));
        assert!(!matches("refund*", "ref"));
        // Shorter than the index key: compared with every token.
        assert!(matches("ab*", "abuse"));
        assert!(matches("ab*", "ab"));
        assert!(!matches("ab*", "a"));
    }

    #[test]
    fn later_slots_turn_away_tokens_by_their_first_byte_only_when_no_alternative_fits() {
        // Alternatives starting with different letters, a prefix and a
        // multiword one: each still matches after the first-byte filter.
        let p = "lost ~ card|wallet|pho*|my purse";
        assert!(matches(p, "i lost my card"));
        assert!(matches(p, "lost the phone"));
        assert!(matches(p, "lost it my purse"));
        assert!(!matches(p, "lost my keys"));
        assert!(!matches(p, "lost"));
        // A bare `*` accepts any token.
        assert!(matches("lost ~ *", "lost x"));
        assert!(!matches("lost ~ *", "lost"));
    }

    #[test]
    fn an_alternative_is_found_by_its_longest_word_wherever_that_is() {
        // Anchored at "stolen", one token into the alternative.
        let p = "was stolen|card stolen ~ yesterday|today";
        assert!(matches(p, "my card was stolen yesterday"));
        assert!(matches(p, "card stolen today"));
        assert!(!matches(p, "stolen yesterday"));
        assert!(!matches(p, "was it stolen yesterday"));
        // A longest word that is a prefix, at the end of its alternative.
        assert!(matches(
            "i am ~ a burden|so overwhelm*",
            "i am so overwhelmed"
        ));
        assert!(!matches("so overwhelm*", "overwhelmed"));
    }

    #[test]
    fn an_exception_after_the_match_voids_it() {
        let p = "my ~ mum|dad ~ passed !~ test|exam|driving";
        assert!(matches(p, "my mum passed last week"));
        assert!(matches(p, "my dad passed"));
        assert!(!matches(p, "my mum passed her driving test"));
        assert!(!matches(p, "my dad passed the exam"));
        // Only just after the match: further on it is another sentence.
        assert!(matches(p, "my mum passed and i need to sit my test"));
        // One pattern slot, one exception, prefixes on both sides.
        assert!(!matches("suicid* !~ squad", "the suicide squad poster"));
        assert!(matches("suicid* !~ squad", "suicidal thoughts"));
        assert!(!matches("lost !~ weight*", "i lost weightwatchers"));
    }

    #[test]
    fn a_set_yields_exactly_the_matching_patterns_in_order() {
        let set = PatternSet::new([
            (0, "worst ~ service"),
            (1, "refund*"),
            (2, "lost|stolen ~ card"),
            (3, "refund* ~ late"),
        ]);
        let found = |text: &str| -> Vec<i32> {
            let tokens: Vec<&str> = text.split(' ').collect();
            set.matches(&tokens).map(|(tag, _)| *tag).collect()
        };
        assert_eq!(
            found("my card was stolen and the refund is late"),
            vec![1, 3]
        );
        assert_eq!(found("stolen card worst service ever"), vec![0, 2]);
        assert_eq!(found("nothing here"), Vec::<i32>::new());
        assert_eq!(found(""), Vec::<i32>::new());
    }
}

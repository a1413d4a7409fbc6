//! A tiny phrase-pattern language over normalised tokens, used by the
//! sensitive-topic and frustration stages.
//!
//! A pattern is slots separated by ` ~ `; each slot lists alternatives with
//! `|`; an alternative ending in `*` matches any token with that prefix; an
//! alternative with spaces must match consecutive tokens. Slots match in
//! order with at most [`MAX_GAP`] other tokens between them, so
//! `"did not|never ~ authori*|make|made"` catches "I did not make this
//! payment" and "I never authorised it". Keyword lists alone miss those.

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
    slots: Vec<Vec<Vec<Term>>>,
}

#[derive(Debug, Clone)]
enum Term {
    Exact(&'static str),
    Prefix(&'static str),
}

impl Term {
    fn matches(&self, token: &str) -> bool {
        match self {
            Term::Exact(word) => token == *word,
            Term::Prefix(prefix) => token.starts_with(prefix),
        }
    }
}

impl Pattern {
    /// Compiles `source` (see the module docs for the syntax).
    pub fn new(source: &'static str) -> Self {
        let slots = source
            .split(" ~ ")
            .map(|slot| {
                slot.split('|')
                    .map(|alternative| {
                        alternative
                            .split(' ')
                            .filter(|w| !w.is_empty())
                            .map(|word| match word.strip_suffix('*') {
                                Some(prefix) => Term::Prefix(prefix),
                                None => Term::Exact(word),
                            })
                            .collect()
                    })
                    .collect()
            })
            .collect();
        Self { source, slots }
    }

    /// The first word of each alternative of the first slot, with `true`
    /// for a prefix: a match starts at a token that matches one of these,
    /// which is how [`PatternSet`] finds where to try the pattern.
    fn anchors(&self) -> impl Iterator<Item = (&'static str, bool)> + '_ {
        self.slots
            .first()
            .into_iter()
            .flatten()
            .filter_map(|terms| terms.first())
            .map(|term| match term {
                Term::Exact(word) => (*word, false),
                Term::Prefix(prefix) => (*prefix, true),
            })
    }

    /// The pattern as written, for explanations.
    pub fn source(&self) -> &'static str {
        self.source
    }

    fn match_from(&self, tokens: &[&str], at: usize, slot: usize) -> bool {
        let Some(alternatives) = self.slots.get(slot) else {
            return true;
        };
        alternatives.iter().any(|terms| {
            let end = at + terms.len();
            end <= tokens.len()
                && terms
                    .iter()
                    .zip(&tokens[at..end])
                    .all(|(t, tok)| t.matches(tok))
                && (slot + 1 == self.slots.len()
                    || (end..=(end + MAX_GAP).min(tokens.len()))
                        .any(|next| self.match_from(tokens, next, slot + 1)))
        })
    }
}

/// Many patterns, indexed by the words they can start with, so a message
/// is checked only against the patterns that can start somewhere in it.
/// Checking every pattern at every token was most of the time of the
/// stages that use them.
#[derive(Debug, Clone)]
pub struct PatternSet<T> {
    patterns: Vec<(T, Pattern)>,
    exact: FxHashMap<&'static str, Vec<usize>>,
    prefixes: Vec<(&'static str, usize)>,
}

impl<T> PatternSet<T> {
    /// Compiles `(tag, source)` pairs; [`PatternSet::matches`] yields them
    /// in this order.
    pub fn new(sources: impl IntoIterator<Item = (T, &'static str)>) -> Self {
        let patterns: Vec<(T, Pattern)> = sources
            .into_iter()
            .map(|(tag, source)| (tag, Pattern::new(source)))
            .collect();
        let mut exact: FxHashMap<&'static str, Vec<usize>> = FxHashMap::default();
        let mut prefixes = Vec::new();
        for (i, (_, pattern)) in patterns.iter().enumerate() {
            for (word, is_prefix) in pattern.anchors() {
                if is_prefix {
                    prefixes.push((word, i));
                } else {
                    exact.entry(word).or_default().push(i);
                }
            }
        }
        Self {
            patterns,
            exact,
            prefixes,
        }
    }

    /// The patterns that occur in `tokens`, each once, in the order given
    /// to [`PatternSet::new`].
    pub fn matches<'a>(
        &'a self,
        tokens: &'a [&str],
    ) -> impl Iterator<Item = &'a (T, Pattern)> + 'a {
        // (pattern, token where one of its first words is), so each pattern
        // is tried only where it can start.
        let mut hits: Vec<(usize, usize)> = Vec::new();
        for (at, token) in tokens.iter().enumerate() {
            if let Some(found) = self.exact.get(token) {
                hits.extend(found.iter().map(|&i| (i, at)));
            }
            hits.extend(
                self.prefixes
                    .iter()
                    .filter(|(prefix, _)| token.starts_with(prefix))
                    .map(|(_, i)| (*i, at)),
            );
        }
        hits.sort_unstable();
        hits.dedup();
        let matched: Vec<usize> = hits
            .chunk_by(|a, b| a.0 == b.0)
            .filter(|starts| {
                let pattern = &self.patterns[starts[0].0].1;
                starts
                    .iter()
                    .any(|&(_, at)| pattern.match_from(tokens, at, 0))
            })
            .map(|starts| starts[0].0)
            .collect();
        matched.into_iter().map(|i| &self.patterns[i])
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
        assert!(!matches("refund*", "fund"));
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

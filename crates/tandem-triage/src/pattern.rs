//! A tiny phrase-pattern language over normalised tokens, used by the
//! sensitive-topic and frustration stages.
//!
//! A pattern is slots separated by ` ~ `; each slot lists alternatives with
//! `|`; an alternative ending in `*` matches any token with that prefix; an
//! alternative with spaces must match consecutive tokens. Slots match in
//! order with at most [`MAX_GAP`] other tokens between them, so
//! `"did not|never ~ authori*|make|made"` catches "I did not make this
//! payment" and "I never authorised it". Keyword lists alone miss those.

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
    /// for a prefix: a token must match one of these for the pattern to
    /// match, which lets callers skip most patterns cheaply.
    pub fn anchors(&self) -> impl Iterator<Item = (&'static str, bool)> + '_ {
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

    /// True if the pattern occurs in `tokens`.
    pub fn is_match(&self, tokens: &[&str]) -> bool {
        (0..tokens.len()).any(|start| self.match_from(tokens, start, 0))
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

#[cfg(test)]
mod tests {
    use super::Pattern;

    fn matches(pattern: &'static str, text: &str) -> bool {
        let tokens: Vec<&str> = text.split(' ').collect();
        Pattern::new(pattern).is_match(&tokens)
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
}

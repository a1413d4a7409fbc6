//! The built-in phrasings of sensitive topics and requests for a person
//! (`data/phrasings.tsv`, written in rounds, each first run unseen against
//! the patterns; the file says how).
//!
//! They serve twice. The patterns in [`crate::sensitive`] and
//! [`crate::human_request`] must find every one (the crate's tests), and
//! [`crate::engine::Engine::train`] teaches them to the sensitive-topic
//! model, a classifier of its own beside the intents, so a message no
//! pattern foresaw can still be recognised by its likeness to these. Only the training reads them at
//! run time; the widget, which loads a trained model, never does.

use crate::sensitive::Topic;

/// One message of the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Phrasing {
    /// The round it was written in, counted from 1 in file order; the
    /// benchmark leaves whole rounds out to measure the learned topics on
    /// messages they were not trained on.
    pub round: u32,
    /// Its topic; `None` for a request for a person.
    pub topic: Option<Topic>,
    /// The message as a shopper would write it.
    pub text: &'static str,
}

/// The file's text: `Topic<TAB>message` lines, `#` comments, and a
/// `# Round N` comment opening each round.
pub const SOURCE: &str = include_str!("../data/phrasings.tsv");

/// Everyday questions of shops of many kinds (`data/routine.txt`: one per
/// line, `#` comments), taught to the sensitive-topic model as routine
/// beside the merchant's own examples: a small knowledge base alone gives
/// it too little of what routine sounds like to be taught much else.
pub const EVERYDAY: &str = include_str!("../data/routine.txt");

/// The questions of [`EVERYDAY`].
pub fn everyday() -> impl Iterator<Item = &'static str> {
    EVERYDAY
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
}

/// Every phrasing in [`SOURCE`], in file order. A line that does not parse
/// is an error naming it: the file is ours, and a typo must not quietly
/// drop training data.
pub fn phrasings() -> Result<Vec<Phrasing>, String> {
    let mut round = 0;
    let mut out = Vec::new();
    for (number, line) in SOURCE.lines().enumerate() {
        if line.starts_with("# Round ") {
            round += 1;
            continue;
        }
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let parsed = line.split_once('\t').and_then(|(name, text)| {
            let topic = match name {
                "Person" => None,
                name => Some(Topic::from_name(name)?),
            };
            Some(Phrasing { round, topic, text })
        });
        match parsed {
            Some(phrasing) if round > 0 && !phrasing.text.trim().is_empty() => out.push(phrasing),
            _ => return Err(format!("data/phrasings.tsv line {}: {line:?}", number + 1)),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::{SOURCE, phrasings};

    #[test]
    fn every_line_parses_and_rounds_are_numbered_in_order() {
        let all = phrasings().expect("the file parses");
        let lines = SOURCE
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .count();
        assert_eq!(all.len(), lines);
        assert_eq!(all.first().map(|p| p.round), Some(1));
        assert!(all.windows(2).all(|w| w[0].round <= w[1].round));
        let rounds = SOURCE.lines().filter(|l| l.starts_with("# Round ")).count();
        assert_eq!(all.last().map(|p| p.round as usize), Some(rounds));
    }
}

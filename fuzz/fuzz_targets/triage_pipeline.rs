//! Fuzzes the whole triage pipeline and the model decoder with arbitrary
//! bytes: neither may panic, confidence stays a probability, and the
//! redacted text (the only text that leaves the browser) never holds a card
//! number, however it is grouped.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use tandem_triage::classifier::{Classifier, TrainConfig};
use tandem_triage::engine::Engine;
use tandem_triage::frustration::History;
use tandem_triage::kb::KnowledgeBase;

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let kb = KnowledgeBase::from_toml(include_str!("../../sites/demo/knowledge-base.toml"))
            .expect("demo knowledge base");
        Engine::train(kb, &[], &TrainConfig::default()).expect("trains")
    })
}

/// The oracle's own Luhn check, on purpose not the engine's: an oracle
/// sharing the code under test would share its bugs.
fn luhn_valid(digits: &[u8]) -> bool {
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            let d = u32::from(d);
            if i % 2 == 1 {
                let doubled = d * 2;
                if doubled > 9 { doubled - 9 } else { doubled }
            } else {
                d
            }
        })
        .sum();
    sum % 10 == 0
}

/// A Luhn-valid run of 13 to 19 digits with any spaces or dashes between
/// them, as cards are pasted.
fn card_number_in(text: &str) -> Option<String> {
    let mut runs: Vec<Vec<u8>> = vec![Vec::new()];
    for c in text.chars() {
        if c.is_ascii_digit() {
            if let Some(run) = runs.last_mut() {
                run.push(c as u8 - b'0');
            }
        } else if !matches!(c, ' ' | '-') {
            runs.push(Vec::new());
        }
    }
    runs.into_iter()
        .find(|run| (13..=19).contains(&run.len()) && luhn_valid(run))
        .map(|run| run.iter().map(|d| char::from(b'0' + d)).collect())
}

fuzz_target!(|data: &[u8]| {
    let _ = Classifier::from_bytes(data);
    let _ = tandem_triage::engine::Engine::decode(data);
    if let Ok(text) = std::str::from_utf8(data) {
        let verdict = engine().triage(text, &History::default());
        assert!((0.0..=1.0).contains(&verdict.top.confidence));
        if let Some(card) = card_number_in(&verdict.redacted.text) {
            panic!(
                "card number {card} survived redaction: {:?} became {:?}",
                text, verdict.redacted.text
            );
        }
    }
});

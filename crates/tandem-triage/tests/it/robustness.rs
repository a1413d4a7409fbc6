//! Property tests: no input panics, redaction never lets a card number
//! through, and work grows linearly with the input.

use proptest::prelude::*;
use tandem_triage::frustration::History;
use tandem_triage::pii::redact;

use super::demo_engine;

fn luhn_complete(prefix: &[u8]) -> Vec<u8> {
    // Appends the check digit that makes `prefix` Luhn-valid.
    let sum: u32 = prefix
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            let d = u32::from(d);
            if i % 2 == 0 {
                let x = d * 2;
                if x > 9 { x - 9 } else { x }
            } else {
                d
            }
        })
        .sum();
    let mut digits = prefix.to_vec();
    digits.push(((10 - sum % 10) % 10) as u8);
    digits
}

/// A Luhn-valid card number of 13 to 19 digits, written with random
/// separators between random groups.
fn card_text() -> impl Strategy<Value = (String, String)> {
    (
        proptest::collection::vec(0u8..10, 12..=18),
        proptest::collection::vec(
            prop_oneof![Just(""), Just(" "), Just("-"), Just("  "), Just(" - ")],
            19,
        ),
    )
        .prop_map(|(prefix, seps)| {
            let digits = luhn_complete(&prefix);
            let plain: String = digits.iter().map(|d| char::from(b'0' + d)).collect();
            let mut written = String::new();
            for (i, d) in digits.iter().enumerate() {
                if i > 0 && i % 4 == 0 {
                    written.push_str(seps[i]);
                }
                written.push(char::from(b'0' + d));
            }
            (written, plain)
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_text_is_triaged_without_panicking(text in "\\PC{0,200}") {
        let verdict = demo_engine().triage(&text, &History::default());
        prop_assert!((0.0..=1.0).contains(&verdict.top.confidence));
    }

    #[test]
    fn card_numbers_never_survive_redaction(
        before in "[a-zA-Z .,:!?]{0,30}",
        (written, plain) in card_text(),
        after in "[a-zA-Z .,:!?]{0,30}",
    ) {
        let text = format!("{before} {written} {after}");
        let out = redact(&text).text;
        let digits_only: String = out.chars().filter(char::is_ascii_digit).collect();
        prop_assert!(!digits_only.contains(&plain), "{text:?} became {out:?}");
    }
}

#[test]
fn a_hundred_kilobyte_message_is_fine_and_linear() {
    let engine = demo_engine();
    let unit = "Where is my parcel 4111 1111 1111 1111? anna@example.com +46 70 123 45 67. ";
    let small: String = unit.repeat(100);
    let large: String = unit.repeat(1400); // about 100 KB
    assert!(large.len() >= 100_000);
    // Work is counted in output size rather than time (timed tests flake on
    // shared machines): redaction is one pass, and the verdict's text grows
    // in proportion to the input.
    let verdict = engine.triage(&large, &History::default());
    let ratio = verdict.redacted.text.len() as f64
        / engine
            .triage(&small, &History::default())
            .redacted
            .text
            .len() as f64;
    assert!((13.9..=14.1).contains(&ratio), "{ratio}");
    assert_eq!(verdict.redacted.found.len(), 3 * 1400);
}

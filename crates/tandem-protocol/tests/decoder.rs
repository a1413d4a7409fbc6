//! Property tests for the frame decoder (the `protocol_decoder` fuzz
//! target checks the same with libFuzzer, `cargo xtask fuzz`): no input panics, and
//! whatever decodes encodes and decodes again to the same value.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use tandem_protocol::{AgentEvent, AgentRequest, ShopperEvent, ShopperRequest};

fn round_trips<T>(text: &str) -> Result<(), TestCaseError>
where
    T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
{
    if let Ok(value) = serde_json::from_str::<T>(text) {
        let encoded =
            serde_json::to_string(&value).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let again: T =
            serde_json::from_str(&encoded).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(value, again);
    }
    Ok(())
}

fn check_all(text: &str) -> Result<(), TestCaseError> {
    round_trips::<ShopperRequest>(text)?;
    round_trips::<AgentRequest>(text)?;
    round_trips::<ShopperEvent>(text)?;
    round_trips::<AgentEvent>(text)
}

/// Frames that look like the protocol: a known type with fields of many
/// shapes, so the decoder gets past the tag and into each variant.
fn framelike() -> impl Strategy<Value = String> {
    let kinds = prop::sample::select(vec![
        "hello",
        "handoff",
        "message",
        "typing",
        "cancel",
        "leave_message",
        "rate",
        "presence",
        "accept",
        "note",
        "transfer",
        "close",
        "ready",
        "conversation",
        "ack",
        "queue",
        "agent_joined",
        "status",
        "error",
        "assigned",
        "released",
        "rated",
    ]);
    let value = prop_oneof![
        Just("null".to_owned()),
        any::<i64>().prop_map(|n| n.to_string()),
        any::<f64>().prop_map(|f| if f.is_finite() {
            f.to_string()
        } else {
            "0".to_owned()
        }),
        "\\PC{0,20}".prop_map(|s| serde_json::to_string(&s).unwrap_or_default()),
        Just("[]".to_owned()),
        Just("{}".to_owned()),
        Just(r#"{"conversation":"c1","token":"t","last_seq":3}"#.to_owned()),
    ];
    let field = prop::sample::select(vec![
        "v",
        "site",
        "id",
        "text",
        "typing",
        "email",
        "score",
        "comment",
        "status",
        "capacity",
        "conversation",
        "to",
        "resolution",
        "resume",
        "packet",
        "seq",
        "message",
    ]);
    (kinds, prop::collection::vec((field, value), 0..6)).prop_map(|(kind, fields)| {
        let body: Vec<String> = fields
            .into_iter()
            .map(|(k, v)| format!("{k:?}:{v}"))
            .collect();
        if body.is_empty() {
            format!(r#"{{"type":"{kind}"}}"#)
        } else {
            format!(r#"{{"type":"{kind}",{}}}"#, body.join(","))
        }
    })
}

proptest! {
    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,300}") {
        check_all(&text)?;
    }

    #[test]
    fn frame_like_json_decodes_or_is_refused_cleanly(text in framelike()) {
        check_all(&text)?;
    }
}

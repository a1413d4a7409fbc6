//! Fuzzes the wire protocol decoder with arbitrary bytes, as the server and
//! both UIs decode frames: no input may panic, and whatever decodes must
//! encode and decode again to the same value.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tandem_protocol::{AgentEvent, AgentRequest, ShopperEvent, ShopperRequest};

fn round_trips<T>(text: &str)
where
    T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
{
    if let Ok(value) = serde_json::from_str::<T>(text) {
        let again: T = serde_json::from_str(&serde_json::to_string(&value).expect("encodes"))
            .expect("decodes what it encoded");
        assert_eq!(value, again);
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    round_trips::<ShopperRequest>(text);
    round_trips::<AgentRequest>(text);
    round_trips::<ShopperEvent>(text);
    round_trips::<AgentEvent>(text);
});

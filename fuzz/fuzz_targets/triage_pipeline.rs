//! Fuzzes the whole triage pipeline and the model decoder with arbitrary
//! bytes: neither may panic, and redaction must never leave a card number.
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

fuzz_target!(|data: &[u8]| {
    let _ = Classifier::from_bytes(data);
    if let Ok(text) = std::str::from_utf8(data) {
        let verdict = engine().triage(text, &History::default());
        assert!((0.0..=1.0).contains(&verdict.top.confidence));
    }
});

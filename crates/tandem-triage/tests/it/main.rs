//! tandem-triage's one integration-test binary: the whole pipeline on the
//! demo merchant's knowledge base (`sites/demo/knowledge-base.toml`), and
//! the CLI's contract. Native only: it runs the CLI binary and proptest.
#![cfg(not(target_arch = "wasm32"))]

mod cli;
mod decisions;
mod learned;
mod phrasings;
mod robustness;
mod sensitive_intents;

use std::sync::OnceLock;

use tandem_triage::classifier::TrainConfig;
use tandem_triage::engine::Engine;
use tandem_triage::kb::KnowledgeBase;

/// Path of the demo knowledge base.
fn demo_kb_path() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../sites/demo/knowledge-base.toml")
}

/// The demo engine, trained once per test run.
fn demo_engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let text = std::fs::read_to_string(demo_kb_path()).expect("demo knowledge base");
        let kb = KnowledgeBase::from_toml(&text).expect("demo knowledge base is valid");
        Engine::train(kb, &[], &TrainConfig::default()).expect("trains")
    })
}

/// A shop with ordinary questions (delivery, returns, payments), many
/// phrasings of each, so that a sensitive-topic model learns what routine
/// sounds like here; the learned and sensitive-intent tests train on it.
fn routine_shop() -> Vec<(String, String)> {
    let mut examples = Vec::new();
    for (intent, phrasings) in [
        (
            "delivery",
            [
                "where is my parcel",
                "when will my order arrive",
                "how long does delivery take",
                "has my package shipped",
                "track my order",
                "delivery time to stockholm",
            ],
        ),
        (
            "returns",
            [
                "how do I return a jacket",
                "can I send my boots back",
                "return label please",
                "what is your return policy",
                "exchange for a smaller size",
                "refund for a return",
            ],
        ),
        (
            "payments",
            [
                "can I pay by invoice",
                "which cards do you take",
                "pay in three parts",
                "when is my invoice due",
                "can I pay later",
                "change my payment method",
            ],
        ),
    ] {
        for text in phrasings {
            examples.push((text.to_owned(), intent.to_owned()));
        }
    }
    examples
}

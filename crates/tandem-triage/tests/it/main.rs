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

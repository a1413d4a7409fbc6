//! The BANKING77 benchmark's speed and start-up figures in headless
//! Chromium, for BENCHMARKS.md: the engine the widget runs, on the model
//! and held-out queries that `tandem-triage bench --fixture` wrote natively.
//!
//! Built only with the `wasm-bench` feature, because it embeds that
//! fixture; `cargo xtask bench` writes it and runs this with
//! `--nocapture`, then keeps the `tandem-wasm-bench` line it prints. It
//! reports figures and checks that the browser build picks the same top
//! intent as the native one for every query (the Unicode work is the
//! browser's in Wasm); timings are never asserted (shared machines).

use tandem_triage::engine::Engine;
use tandem_triage::frustration::History;
use tandem_triage::kb::KnowledgeBase;
use tandem_triage::normalize::normalize;
use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

const MODEL: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../target/bench/wasm/model.bin"
));
const QUERIES: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../target/bench/wasm/queries.txt"
));
const EXPECTED: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../target/bench/wasm/expected.txt"
));

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .expect("a browser with performance.now()")
        .now()
}

/// What the widget does once the model has downloaded.
fn start_up() -> Engine {
    let bundle = Engine::decode(MODEL).expect("the fixture model decodes");
    let kb = KnowledgeBase::from_labels(bundle.intents.labels().to_vec());
    Engine::from_bundle(kb, bundle)
}

#[wasm_bindgen_test]
fn banking77_in_the_browser() {
    let loads = 10;
    let started = now_ms();
    for _ in 0..loads {
        std::hint::black_box(start_up());
    }
    let start_up_ms = (now_ms() - started) / f64::from(loads);

    let engine = start_up();
    let queries: Vec<&str> = QUERIES.lines().collect();
    let expected: Vec<&str> = EXPECTED.lines().collect();
    assert!(
        queries.len() > 1_000,
        "the fixture holds the held-out split"
    );
    assert_eq!(queries.len(), expected.len(), "one native intent per query");
    let differing: Vec<(&str, String, &str)> = queries
        .iter()
        .zip(&expected)
        .map(|(query, native)| {
            (
                *query,
                engine.triage(query, &History::default()).top.intent,
                *native,
            )
        })
        .filter(|(_, wasm, native)| wasm != native)
        .collect();
    assert!(
        differing.is_empty(),
        "Wasm and native disagree (query, Wasm, native): {differing:?}"
    );

    let rounds = 5;
    let started = now_ms();
    for _ in 0..rounds {
        for query in &queries {
            std::hint::black_box(engine.triage(query, &History::default()));
        }
    }
    let pipeline_us = (now_ms() - started) * 1e3 / (rounds * queries.len()) as f64;

    let normalized: Vec<String> = queries.iter().map(|q| normalize(q)).collect();
    let started = now_ms();
    for _ in 0..rounds {
        for text in &normalized {
            std::hint::black_box(engine.model().scores(text));
        }
    }
    let classifier_us = (now_ms() - started) * 1e3 / (rounds * normalized.len()) as f64;

    console_log!(
        "tandem-wasm-bench {{\"queries\":{},\"model_bytes\":{},\"start_up_ms\":{:.2},\"pipeline_micros_per_query\":{:.1},\"classifier_micros_per_query\":{:.1}}}",
        queries.len(),
        MODEL.len(),
        start_up_ms,
        pipeline_us,
        classifier_us
    );
}

//! Tandem's triage engine: a pure library that runs in the shopper's browser
//! (compiled to Wasm) and natively (CLI, server, benchmarks).
//!
//! Invariant: nothing in this crate does I/O or reads a clock. Inputs arrive
//! as values and decisions leave as data, so the same message gives the same
//! verdict in the widget, the console's "try it" box and the benchmarks.

pub mod answer;
pub mod classifier;
pub mod engine;
pub mod features;
pub mod frustration;
pub mod human_request;
pub mod kb;
mod key_index;
pub mod language;
pub mod normalize;
pub mod pattern;
pub mod phrasings;
pub mod pii;
pub mod sensitive;
pub mod small_talk;
pub mod training;

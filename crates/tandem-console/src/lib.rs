//! Tandem's agent console: where people log in on demand and take over
//! conversations the bot handed off.
//!
//! [`api`] wraps the server's HTTP API; [`alerts`] notifies and chimes;
//! [`canned`] finds canned replies; `tandem-live` is the agent WebSocket;
//! [`state`] is the console's `Reducible` state (tested natively); [`charts`]
//! is the insights page's SVG geometry; [`guidance`] is what to do first when
//! someone may be at risk;
//! `components/` holds one component per file.

pub mod alerts;
pub mod api;
pub mod canned;
pub mod charts;
pub mod components;
pub mod guidance;
pub mod state;

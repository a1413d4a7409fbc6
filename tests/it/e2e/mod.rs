//! End-to-end journeys: the real server, real Chromium, as a shopper would.

mod harness;
mod widget;

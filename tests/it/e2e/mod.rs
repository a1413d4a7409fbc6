//! End-to-end journeys: the real server, real Chromium, as a shopper would.

mod console;
mod harness;
mod widget;

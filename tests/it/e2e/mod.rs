//! End-to-end journeys: the real server, real Chromium, as a shopper would.

mod console;
mod fault_proxy;
mod harness;
mod hostile;
mod merchant;
mod widget;

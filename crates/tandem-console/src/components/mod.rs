//! The console's components, one per file with its `Props`.

pub mod app;
pub mod login;

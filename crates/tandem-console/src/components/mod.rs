//! The console's components, one per file with its `Props`.

pub mod app;
pub mod conversation;
pub mod insights;
pub mod knowledge;
pub mod login;
pub mod tickets;
pub mod workspace;

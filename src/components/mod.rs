//! The widget's components, one per file with its `Props`.

pub mod app;
pub mod composer;
pub mod message_log;
pub mod status;

//! Robustness tests.

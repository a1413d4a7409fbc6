//! The widget's one integration-test binary.
//!
//! Native builds get the end-to-end journeys (`e2e`): the real server on a
//! free port and headless Chromium driven through chromedriver. Wasm builds
//! (`cargo test --target wasm32-unknown-unknown`) get the component tests
//! (`browser`), run by wasm-bindgen's runner in headless Chromium.

#[cfg(target_arch = "wasm32")]
mod browser;
#[cfg(not(target_arch = "wasm32"))]
mod e2e;

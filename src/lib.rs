//! Tandem's shopper widget: the Yew app that runs inside the iframe the
//! `embed.js` loader creates on a merchant's page.
//!
//! Layout (see ARCHITECTURE.md): [`state`] holds the conversation as a
//! `Reducible` and is tested natively; [`host`] reads the configuration the
//! loader passes in the iframe URL and talks to the parent page; [`site`]
//! loads the knowledge base and model so triage runs here, in the browser;
//! [`perf`] marks Enter-to-paint for the benchmark; [`persist`] keeps the conversation across reloads and shares it between tabs;
//! the WebSocket to people is `tandem-live`; `components/` holds one
//! component per file.

pub mod components;
pub mod host;
pub mod i18n;
pub mod perf;
pub mod persist;
pub mod site;
pub mod state;

/// Reads the host configuration and renders the app into `<body>`.
pub fn start() {
    let config = host::HostConfig::from_location();
    host::set_parent(&config);
    host::follow_visual_viewport();
    yew::Renderer::<components::app::App>::with_props(components::app::AppProps { config })
        .render();
}

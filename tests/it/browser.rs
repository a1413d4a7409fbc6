//! Component tests in a real browser: the widget's Yew components rendered
//! into the test page and driven through the DOM.

use std::time::Duration;

use tandem_widget::components::app::{App, AppProps};
use tandem_widget::host::HostConfig;
use wasm_bindgen::JsCast as _;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlElement, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

/// Yields to the browser's event loop so Yew's scheduler runs pending
/// renders; a zero-length timer, not a guess at how long rendering takes.
async fn settle() {
    yew::platform::time::sleep(Duration::ZERO).await;
}

fn document() -> web_sys::Document {
    web_sys::window()
        .and_then(|w| w.document())
        .expect("a browser document")
}

/// Forgets every saved conversation, so each test starts fresh.
fn forget_saved() {
    let storage = web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .expect("localStorage");
    storage.clear().expect("clear localStorage");
}

/// Renders the app into a fresh element and returns that element.
async fn render(query: &str) -> Element {
    forget_saved();
    mount(query).await
}

/// Renders the app without forgetting what earlier renders saved.
async fn mount(query: &str) -> Element {
    let root = document().create_element("div").expect("create div");
    document()
        .body()
        .expect("body")
        .append_child(&root)
        .expect("append root");
    yew::Renderer::<App>::with_root_and_props(
        root.clone(),
        AppProps {
            config: HostConfig::from_query(query),
        },
    )
    .render();
    settle().await;
    root
}

fn select(root: &Element, css: &str) -> Element {
    root.query_selector(css)
        .expect("valid selector")
        .unwrap_or_else(|| panic!("no element matches {css}"))
}

/// Yields to the scheduler until `css` matches: the app re-renders as its
/// site request settles, so one turn of the event loop is not always enough.
async fn appears(root: &Element, css: &str) -> Element {
    for _ in 0..200 {
        if let Some(found) = root.query_selector(css).expect("valid selector") {
            return found;
        }
        settle().await;
    }
    select(root, css)
}

/// Checks `done` every 50 ms for up to 5 s: for what waits on real timers
/// (a retry's backoff), where yielding one turn at a time is too short.
async fn eventually(done: impl Fn() -> bool) -> bool {
    within(Duration::from_secs(5), done).await
}

/// Checks `done` every 50 ms for up to `limit`.
async fn within(limit: Duration, done: impl Fn() -> bool) -> bool {
    let step = Duration::from_millis(50);
    for _ in 0..limit.as_millis() / step.as_millis() {
        if done() {
            return true;
        }
        yew::platform::time::sleep(step).await;
    }
    done()
}

/// Makes `fetch` of the site `window.__failingSite.key` fail while
/// `window.__failingSite.failures` is above zero (each failure counts one
/// down; `Infinity` fails until a test sets it to 0), then answer with a
/// site named `window.__failingSite.name` that has no knowledge base. The
/// attempts are counted in `window.__failingSite.attempts`; every other
/// request goes through.
const FAILING_SITE_FETCH: &str = r##"
    const real = window.fetch;
    window.__tandemRealFetch = real;
    window.fetch = function (input, init) {
        const url = typeof input === "string" ? input : input.url;
        const stub = window.__failingSite;
        if (!url.includes(`/api/site/${stub.key}`)) {
            return real.call(window, input, init);
        }
        stub.attempts += 1;
        if (stub.failures > 0) {
            stub.failures -= 1;
            return Promise.reject(new TypeError("Failed to fetch"));
        }
        const site = { name: stub.name, color: "#0b5", reply_within_hours: 4, open_now: true, knowledge_base: null };
        return Promise.resolve(new Response(JSON.stringify(site), { headers: { "content-type": "application/json" } }));
    };
"##;

#[wasm_bindgen_test]
async fn a_site_that_failed_to_load_loads_once_the_network_is_back() {
    run_script(
        "window.__failingSite = { key: 'flaky-network', name: 'Flaky Shop', failures: 2, attempts: 0 };",
    );
    run_script(FAILING_SITE_FETCH);
    let root = render("?site=flaky-network").await;
    let failed = eventually(|| {
        root.query_selector(".notice[role=alert]")
            .expect("valid selector")
            .and_then(|n| n.text_content())
            .as_deref()
            == Some("The chat could not load. Please check your connection.")
    })
    .await;
    // Tried again after 0.5 s and 1 s, without a reload.
    let loaded = eventually(|| {
        select(&root, "#tandem-title").text_content().as_deref() == Some("Flaky Shop")
            && root
                .query_selector(".notice")
                .expect("valid selector")
                .is_none()
    })
    .await;
    run_script("window.fetch = window.__tandemRealFetch;");
    assert!(failed, "the failure is said");
    assert!(
        loaded,
        "the site loads once the network is back, and the notice goes"
    );
}

#[wasm_bindgen_test]
async fn the_site_loads_as_soon_as_the_network_is_back() {
    run_script(
        "window.__failingSite = { key: 'offline-shop', name: 'Back Online', failures: Infinity, attempts: 0 };",
    );
    run_script(FAILING_SITE_FETCH);
    let root = render("?site=offline-shop").await;
    let attempts = || {
        js_sys::Function::new_no_args("return window.__failingSite.attempts")
            .call0(&wasm_bindgen::JsValue::NULL)
            .ok()
            .and_then(|n| n.as_f64())
            .unwrap_or(0.0)
    };
    // Four failures (0.5 s, 1 s and 2 s apart): the next try is 4 s away.
    let backed_off = eventually(|| attempts() >= 4.0).await;
    run_script("window.__failingSite.failures = 0; window.dispatchEvent(new Event('online'));");
    // Well inside those 4 s: the `online` event, not the timer, retried.
    let loaded = within(Duration::from_millis(1500), || {
        select(&root, "#tandem-title").text_content().as_deref() == Some("Back Online")
    })
    .await;
    run_script("window.fetch = window.__tandemRealFetch;");
    assert!(backed_off, "the load failed and backed off");
    assert!(loaded, "the `online` event retried the load at once");
}

/// Holds the `slow-site` site back until `window.__releaseSlowSite()`:
/// its info and model come from `window.__slowSiteInfo` (JSON text) and
/// `window.__slowSiteModel` (bytes), as if the network were slow.
const SLOW_SITE_FETCH: &str = r##"
    const real = window.fetch;
    let release;
    const released = new Promise((resolve) => { release = resolve; });
    window.__releaseSlowSite = () => release();
    window.__tandemRealFetch = real;
    window.fetch = function (input, init) {
        const url = typeof input === "string" ? input : input.url;
        if (url.includes("/api/site/slow-site/model")) {
            return released.then(() => new Response(window.__slowSiteModel));
        }
        if (url.includes("/api/site/slow-site")) {
            return released.then(() => new Response(window.__slowSiteInfo, { headers: { "content-type": "application/json" } }));
        }
        return real.call(window, input, init);
    };
"##;

fn run_script(source: &str) {
    js_sys::Function::new_no_args(source)
        .call0(&wasm_bindgen::JsValue::NULL)
        .expect("the script runs");
}

#[wasm_bindgen_test]
async fn a_question_asked_while_the_model_downloads_is_answered_when_it_arrives() {
    use tandem_triage::classifier::TrainConfig;
    use tandem_triage::engine::Engine;
    use tandem_triage::kb::KnowledgeBase;
    let kb = KnowledgeBase::from_toml(include_str!("../../sites/demo/knowledge-base.toml"))
        .expect("the demo knowledge base");
    let model = Engine::train(kb.clone(), &[], &TrainConfig::default())
        .expect("trains")
        .model()
        .to_bytes();
    // Typed, like the server's reply: `serde_json::Value` would sort the
    // keys, and answers' blocks must start with their "type" (tag first).
    #[derive(serde::Serialize)]
    struct SiteInfo {
        name: &'static str,
        color: &'static str,
        reply_within_hours: u32,
        open_now: bool,
        knowledge_base: KnowledgeBase,
    }
    let info = serde_json::to_string(&SiteInfo {
        name: "Slow Shop",
        color: "#00bb55",
        reply_within_hours: 4,
        open_now: true,
        knowledge_base: kb,
    })
    .expect("serialises");
    let window = web_sys::window().expect("window");
    let set = |name: &str, value: &wasm_bindgen::JsValue| {
        js_sys::Reflect::set(&window, &name.into(), value).expect("set a global");
    };
    set("__slowSiteInfo", &info.into());
    set(
        "__slowSiteModel",
        &js_sys::Uint8Array::from(&model[..]).into(),
    );
    run_script(SLOW_SITE_FETCH);

    let root = render("?site=slow-site").await;
    let input: HtmlTextAreaElement = select(&root, "#tandem-input").dyn_into().expect("textarea");
    input.set_value("where is my parcel?");
    select(&root, ".composer button")
        .dyn_into::<HtmlElement>()
        .expect("button")
        .click();
    let shown = appears(&root, ".line.shopper").await.text_content();
    let bot_lines = || {
        let lines = root
            .query_selector_all(".line.bot")
            .expect("valid selector");
        (0..lines.length())
            .filter_map(|i| lines.item(i).and_then(|n| n.text_content()))
            .collect::<Vec<_>>()
    };
    // Nothing is decided while the model is on its way: only the greeting.
    let before = bot_lines();
    run_script("window.__releaseSlowSite();");
    let answered =
        eventually(|| root.query_selector(".line.answer").ok().flatten().is_some()).await;
    let after = bot_lines();
    run_script("window.fetch = window.__tandemRealFetch;");
    assert_eq!(
        shown.as_deref(),
        Some("where is my parcel?"),
        "the question shows at once"
    );
    assert_eq!(
        before.len(),
        1,
        "no reply before the model arrived: {before:?}"
    );
    assert!(
        answered,
        "the bot answers once the model is here: {after:?}"
    );
    assert!(
        !after.iter().any(|l| l.contains("connect you")),
        "and nobody is called for a routine question: {after:?}"
    );
}

#[wasm_bindgen_test]
async fn panel_shows_the_merchant_and_a_labelled_composer() {
    let root = render("?site=demo&merchant=Nordlys%20Outdoor").await;
    assert_eq!(
        select(&root, "#tandem-title").text_content().as_deref(),
        Some("Nordlys Outdoor")
    );
    assert_eq!(
        select(&root, ".panel").get_attribute("role").as_deref(),
        Some("dialog")
    );
    assert_eq!(
        select(&root, ".log").get_attribute("aria-live").as_deref(),
        Some("polite")
    );
    assert_eq!(
        select(&root, "label[for=tandem-input]")
            .text_content()
            .as_deref(),
        Some("Type your question…")
    );
}

#[wasm_bindgen_test]
async fn sending_adds_the_message_to_the_log_as_text() {
    let root = render("?site=demo").await;
    let input: HtmlTextAreaElement = select(&root, "#tandem-input").dyn_into().expect("textarea");
    input.set_value("<img src=x onerror=alert(1)> where is my order?");
    let send: HtmlElement = select(&root, ".composer button")
        .dyn_into()
        .expect("button");
    send.click();
    settle().await;
    let line = appears(&root, ".line.shopper").await;
    assert_eq!(
        line.text_content().as_deref(),
        Some("<img src=x onerror=alert(1)> where is my order?")
    );
    // Rendered as text: no element was created from the message.
    assert!(
        line.query_selector("img")
            .expect("valid selector")
            .is_none()
    );
    assert_eq!(input.value(), "", "the composer is cleared after sending");
}

#[wasm_bindgen_test]
fn normalisation_in_the_browser_matches_the_native_build() {
    // The same expectations as `normalize.rs`'s native tests: in Wasm the
    // decomposition is the browser's, natively the crate's.
    use tandem_triage::normalize::normalize;
    assert_eq!(normalize("Réfund  PLEASE"), "refund please");
    assert_eq!(normalize("ＲＥＦＵＮＤ"), "refund");
    assert_eq!(normalize("Återbetalning för köp"), "aterbetalning for kop");
    assert_eq!(normalize("Rückerstattung Straße"), "ruckerstattung strasse");
    assert_eq!(normalize("ﬁle ＃１ ½"), "file 1 1 2");
    // Lower case is the browser's too: the same Unicode mapping as Rust's.
    use tandem_triage::normalize::lowercase;
    assert_eq!(lowercase("ΟΔΟΣ ΣΑΣ"), "οδος σας");
    assert_eq!(lowercase("ÅÄÖ ÜSS Ǆ"), "åäö üss ǆ");
}

#[wasm_bindgen_test]
async fn a_new_page_shows_the_saved_conversation() {
    let first = render("?site=saved-test").await;
    let input: HtmlTextAreaElement = select(&first, "#tandem-input")
        .dyn_into()
        .expect("textarea");
    input.set_value("where is my parcel?");
    select(&first, ".composer button")
        .dyn_into::<HtmlElement>()
        .expect("button")
        .click();
    appears(&first, ".line.shopper").await;

    // A second app on the same site, as after a reload, starts from storage.
    let second = mount("?site=saved-test").await;
    let line = appears(&second, ".line.shopper").await;
    assert_eq!(line.text_content().as_deref(), Some("where is my parcel?"));
    // Another site's widget does not see it.
    let other = mount("?site=another-shop").await;
    settle().await;
    assert!(
        other
            .query_selector(".line.shopper")
            .expect("selector")
            .is_none()
    );
}

//! The boundary with the merchant's page: configuration arrives in the
//! iframe URL (set by `embed.js`), and messages go back to the parent with
//! `postMessage` addressed to the parent's exact origin, never `*`.

use wasm_bindgen::JsCast as _;
use yew::AttrValue;

/// What the loader told the widget about the page it is embedded in.
#[derive(Debug, Clone, PartialEq)]
pub struct HostConfig {
    /// The merchant's site key.
    pub site: AttrValue,
    /// Preferred UI locale, e.g. `sv` or `en-GB`.
    pub locale: AttrValue,
    /// The merchant's name, shown in the header.
    pub merchant: AttrValue,
    /// Brand colour from the tag's `data-color`, only as `#rgb` or
    /// `#rrggbb` (it goes into CSS, so nothing else is accepted).
    pub color: Option<AttrValue>,
    /// The origin of the page that embeds the widget. Messages to the parent
    /// go only there, and messages from the parent are accepted only from it.
    pub parent_origin: Option<String>,
}

impl HostConfig {
    /// Builds the configuration from a query string such as `?site=demo&...`.
    pub fn from_query(query: &str) -> Self {
        let mut config = HostConfig {
            site: AttrValue::default(),
            locale: AttrValue::from("en"),
            merchant: AttrValue::default(),
            color: None,
            parent_origin: None,
        };
        for pair in query.trim_start_matches('?').split('&') {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let value = percent_decode(value);
            match key {
                "site" => config.site = value.into(),
                "locale" if !value.is_empty() => config.locale = value.into(),
                "merchant" => config.merchant = value.into(),
                "color" if is_hex_colour(&value) => config.color = Some(value.into()),
                "origin" if value.starts_with("http://") || value.starts_with("https://") => {
                    config.parent_origin = Some(value);
                }
                _ => {}
            }
        }
        config
    }

    /// Reads the configuration from the iframe's own URL.
    pub fn from_location() -> Self {
        let query = web_sys::window()
            .and_then(|w| w.location().search().ok())
            .unwrap_or_default();
        Self::from_query(&query)
    }
}

/// True for `#rgb` and `#rrggbb`.
pub fn is_hex_colour(value: &str) -> bool {
    value
        .strip_prefix('#')
        .is_some_and(|hex| matches!(hex.len(), 3 | 6) && hex.chars().all(|c| c.is_ascii_hexdigit()))
}

/// Sets the widget's accent colour (a CSS custom property on the root).
pub fn set_accent(colour: &str) {
    if !is_hex_colour(colour) {
        return;
    }
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(root) = root {
        let _ = root.style().set_property("--tandem-accent", colour);
    }
}

/// Decodes `application/x-www-form-urlencoded` text; invalid escapes are
/// kept as they are rather than dropped.
fn percent_decode(input: &str) -> String {
    let bytes = input.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(byte) => {
                        out.push(byte);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            byte => out.push(byte),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Reads a page context object (string values, at most 20 keys) sent by
/// the loader; anything else is ignored.
pub fn context_from_js(
    values: &wasm_bindgen::JsValue,
) -> std::collections::BTreeMap<String, String> {
    let mut context = std::collections::BTreeMap::new();
    let Some(object) = values.dyn_ref::<js_sys::Object>() else {
        return context;
    };
    for entry in js_sys::Object::entries(object).iter().take(20) {
        let pair = js_sys::Array::from(&entry);
        if let (Some(key), Some(value)) = (pair.get(0).as_string(), pair.get(1).as_string()) {
            context.insert(
                key.chars().take(40).collect(),
                value.chars().take(200).collect(),
            );
        }
    }
    context
}

thread_local! {
    /// The parent page's origin, for events raised deep in the app.
    static PARENT_ORIGIN: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Remembers where events go (called once at start-up).
pub fn set_parent(config: &HostConfig) {
    PARENT_ORIGIN.with(|o| o.borrow_mut().clone_from(&config.parent_origin));
}

/// Raises a public event on the merchant's page (`Tandem.on(name, ...)`):
/// `answer`, `handoff` or `message`. Events carry no conversation text: the
/// page learns that something happened, never what the shopper wrote.
pub fn post_event(name: &str) {
    let origin = PARENT_ORIGIN.with(|o| o.borrow().clone());
    post(
        origin.as_deref(),
        &[("type", "tandem:event"), ("name", name)],
    );
}

/// Sends `{type: kind}` to the parent page, if the loader told us its origin.
pub fn post_to_parent(config: &HostConfig, kind: &str) {
    post(config.parent_origin.as_deref(), &[("type", kind)]);
}

fn post(origin: Option<&str>, fields: &[(&str, &str)]) {
    let Some(origin) = origin else {
        return;
    };
    let Some(window) = web_sys::window() else {
        return;
    };
    let Ok(Some(parent)) = window.parent() else {
        return;
    };
    let message = js_sys::Object::new();
    for (key, value) in fields {
        // Setting a property on a fresh plain object cannot fail.
        let _ = js_sys::Reflect::set(&message, &(*key).into(), &(*value).into());
    }
    if let Err(error) = parent.post_message(&message, origin) {
        web_sys::console::warn_2(&"tandem: cannot reach the page".into(), &error);
    }
}

/// Keeps the CSS variable `--tandem-vh` equal to the visual viewport's
/// height, so on a phone the panel (and its composer) shrinks above the
/// on-screen keyboard instead of hiding behind it. Runs for the page's life.
pub fn follow_visual_viewport() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(viewport) = window.visual_viewport() else {
        return;
    };
    let update = {
        let viewport = viewport.clone();
        move || {
            let root = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.document_element())
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
            if let Some(root) = root {
                let _ = root.style().set_property(
                    "--tandem-vh",
                    &format!("{}px", viewport.height().round() as i64),
                );
            }
        }
    };
    update();
    let listener = wasm_bindgen::closure::Closure::<dyn Fn()>::new(update);
    let _ = viewport.add_event_listener_with_callback("resize", listener.as_ref().unchecked_ref());
    listener.forget();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_loader_parameters() {
        let config = HostConfig::from_query(
            "?site=demo&locale=sv&merchant=Nordlys+Outdoor%20AB&origin=https%3A%2F%2Fshop.example",
        );
        assert_eq!(config.site, "demo");
        assert_eq!(config.locale, "sv");
        assert_eq!(config.merchant, "Nordlys Outdoor AB");
        assert_eq!(
            config.parent_origin.as_deref(),
            Some("https://shop.example")
        );
    }

    #[test]
    fn only_hex_colours_reach_the_css() {
        let config = HostConfig::from_query("color=%230b5");
        assert_eq!(config.color.as_deref(), Some("#0b5"));
        for hostile in ["red;background:url(x)", "%23zzz", "%230b5%3B", ""] {
            let config = HostConfig::from_query(&format!("color={hostile}"));
            assert_eq!(config.color, None, "{hostile}");
        }
    }

    #[test]
    fn refuses_origins_that_are_not_http() {
        let config = HostConfig::from_query("origin=javascript%3Aalert(1)&locale=");
        assert_eq!(config.parent_origin, None);
        assert_eq!(config.locale, "en");
    }

    #[test]
    fn keeps_broken_escapes() {
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz%41"), "%zzA");
    }
}

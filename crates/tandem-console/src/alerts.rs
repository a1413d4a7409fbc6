//! Telling an agent who looks elsewhere that a shopper needs them: a
//! desktop notification for each new assignment while the console is in
//! the background (once the agent has allowed them), and an optional short
//! tone. Browser APIs only; nothing is sent anywhere.

/// Asks the browser for permission to show notifications (it asks the
/// agent; the answer is remembered by the browser).
pub fn ask_permission() {
    if let Ok(promise) = web_sys::Notification::request_permission() {
        // The answer only matters at the next assignment.
        wasm_bindgen_futures::spawn_local(async move {
            let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
        });
    }
}

/// Whether notifications are allowed.
pub fn permitted() -> bool {
    web_sys::Notification::permission() == web_sys::NotificationPermission::Granted
}

/// Shows `body` as a desktop notification when the console tab is not
/// visible and the agent allowed notifications.
pub fn notify(body: &str) {
    let hidden = web_sys::window()
        .and_then(|w| w.document())
        .is_some_and(|d| d.hidden());
    if !hidden || !permitted() {
        return;
    }
    let options = web_sys::NotificationOptions::new();
    options.set_body(body);
    options.set_tag("tandem-assignment");
    let _ = web_sys::Notification::new_with_options("A shopper needs you", &options);
}

/// A short, soft two-note tone (0.25 s), for agents who turned sound on.
pub fn chime() {
    let Ok(context) = web_sys::AudioContext::new() else {
        return;
    };
    let now = context.current_time();
    for (i, frequency) in [660.0f32, 880.0].into_iter().enumerate() {
        let (Ok(oscillator), Ok(gain)) = (context.create_oscillator(), context.create_gain())
        else {
            return;
        };
        oscillator.frequency().set_value(frequency);
        gain.gain().set_value(0.08);
        let start = now + i as f64 * 0.12;
        let _ = oscillator.connect_with_audio_node(&gain);
        let _ = gain.connect_with_audio_node(&context.destination());
        let _ = oscillator.start_with_when(start);
        let _ = oscillator.stop_with_when(start + 0.12);
    }
}

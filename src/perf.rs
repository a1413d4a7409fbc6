//! Performance marks for the Enter-to-paint benchmark: `tandem:enter` when
//! the shopper presses Enter, `tandem:painted` once the frame showing the
//! answer has been painted, and the measure `tandem:enter-to-paint` between
//! them; `tandem:enter-to-render` stops when the DOM holds the answer (the
//! work, without the wait for the display's next frame). The benchmark (`cargo xtask bench`) reads the measures in headless
//! Chromium; in production they cost a few microseconds and nothing else.

use wasm_bindgen::JsCast as _;
use wasm_bindgen::closure::Closure;

const ENTER: &str = "tandem:enter";

fn performance() -> Option<web_sys::Performance> {
    web_sys::window()?.performance()
}

/// The shopper pressed Enter.
pub fn mark_enter() {
    if let Some(performance) = performance() {
        performance.clear_marks_with_mark_name(ENTER);
        let _ = performance.mark(ENTER);
    }
}

/// Call after the DOM shows a new line: marks the paint of that frame (a
/// task queued from `requestAnimationFrame` runs after the frame is
/// painted) and measures from the last Enter, once.
pub fn mark_painted() {
    let Some(window) = web_sys::window() else {
        return;
    };
    // The DOM holds the answer now: the work is done, the paint is next.
    if let Some(performance) = performance()
        && performance
            .get_entries_by_name_with_entry_type(ENTER, "mark")
            .length()
            > 0
    {
        let _ = performance.mark("tandem:rendered");
        let _ = performance.measure_with_start_mark_and_end_mark(
            "tandem:enter-to-render",
            ENTER,
            "tandem:rendered",
        );
    }
    let after_paint = Closure::once_into_js(|| {
        let Some(performance) = performance() else {
            return;
        };
        if performance
            .get_entries_by_name_with_entry_type(ENTER, "mark")
            .length()
            == 0
        {
            return;
        }
        let _ = performance.mark("tandem:painted");
        let _ = performance.measure_with_start_mark_and_end_mark(
            "tandem:enter-to-paint",
            ENTER,
            "tandem:painted",
        );
        performance.clear_marks_with_mark_name(ENTER);
    });
    let on_frame = Closure::once_into_js(move || {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback(after_paint.unchecked_ref());
        }
    });
    let _ = window.request_animation_frame(on_frame.unchecked_ref());
}

/// Runs `work` between two marks and records the measure `tandem:<name>`
/// (the triage benchmark in the browser reads `tandem:triage`).
pub fn measure<T>(name: &str, work: impl FnOnce() -> T) -> T {
    let Some(performance) = performance() else {
        return work();
    };
    let start = format!("tandem:{name}:start");
    let _ = performance.mark(&start);
    let result = work();
    let end = format!("tandem:{name}:end");
    let _ = performance.mark(&end);
    let _ =
        performance.measure_with_start_mark_and_end_mark(&format!("tandem:{name}"), &start, &end);
    performance.clear_marks_with_mark_name(&start);
    performance.clear_marks_with_mark_name(&end);
    result
}

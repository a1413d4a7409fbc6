/*! Tandem loader: the one script a merchant adds to a page.
 *
 * It draws the launcher bubble straight away (fixed position, so the page
 * does not shift) and loads nothing else until the shopper shows intent:
 * pointer over or focus on the bubble, a click, or the browser going idle.
 * The widget itself runs in an iframe from Tandem's origin, so the page's
 * CSS and scripts and Tandem's cannot touch each other. The two sides talk
 * with postMessage and each checks the other's origin.
 *
 * Styles are set through the CSSOM (element.style), which a strict
 * Content-Security-Policy allows, rather than inline style attributes.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || window.Tandem && window.Tandem.loaded) return;
  var base = new URL(".", script.src);
  var widgetOrigin = base.origin;
  var site = script.getAttribute("data-site") || "";
  var locale = script.getAttribute("data-locale") || navigator.language || "en";
  var merchant = script.getAttribute("data-merchant") || "";
  var color = script.getAttribute("data-color") || "";
  var side = script.getAttribute("data-position") === "left" ? "left" : "right";
  var open = false;
  var frame = null;
  var context = {};
  var ready = false;
  var listeners = {};
  var unread = 0;
  var lang = locale.slice(0, 2).toLowerCase();
  var labels = { sv: ["Öppna supportchatten", "Stäng supportchatten"], de: ["Support-Chat öffnen", "Support-Chat schließen"] }[lang] ||
    ["Open support chat", "Close support chat"];

  function emit(name, detail) {
    (listeners[name] || []).forEach(function (fn) { try { fn(detail); } catch (e) { setTimeout(function () { throw e; }); } });
  }

  function css(el, props) {
    el.style.setProperty("all", "initial");
    for (var k in props) el.style.setProperty(k, props[k]);
  }

  var bubble = document.createElement("button");
  bubble.id = "tandem-launcher";
  bubble.type = "button";
  bubble.setAttribute("aria-label", labels[0]);
  bubble.setAttribute("aria-expanded", "false");
  bubble.textContent = "?";
  css(bubble, {
    position: "fixed", bottom: "20px", width: "56px", height: "56px",
    "border-radius": "50%", background: color || "#0a7a3e", color: "#fff", cursor: "pointer",
    "font": "600 24px/56px system-ui, sans-serif", "text-align": "center",
    "box-shadow": "0 4px 14px rgba(0,0,0,.25)", "z-index": "2147483646"
  });
  bubble.style.setProperty(side, "20px");

  function ensureFrame() {
    if (frame) return frame;
    var params = new URLSearchParams({ site: site, locale: locale, merchant: merchant, color: color, origin: location.origin });
    frame = document.createElement("iframe");
    frame.id = "tandem-frame";
    frame.title = "Support chat";
    frame.src = new URL("index.html?" + params.toString(), base).href;
    frame.setAttribute("allow", "clipboard-write");
    css(frame, {
      position: "fixed", bottom: "88px", width: "380px", height: "min(600px, calc(100vh - 110px))",
      border: "0", "border-radius": "14px", "box-shadow": "0 8px 30px rgba(0,0,0,.3)", "z-index": "2147483647",
      display: "none", background: "transparent"
    });
    frame.style.setProperty(side, "20px");
    if (window.matchMedia("(max-width: 640px)").matches) {
      css(frame, { position: "fixed", inset: "0", width: "100%", height: "100%", border: "0", "z-index": "2147483647", display: "none" });
    }
    document.body.appendChild(frame);
    return frame;
  }

  function setOpen(next) {
    open = next;
    ensureFrame().style.setProperty("display", open ? "block" : "none");
    bubble.setAttribute("aria-expanded", String(open));
    if (open) { unread = 0; post({ type: "tandem:focus" }); }
    else bubble.focus();
    badge();
    emit(open ? "open" : "close");
  }

  // The unread count shows on the bubble while the panel is closed.
  function badge() {
    bubble.textContent = unread ? String(unread) : "?";
    bubble.setAttribute("aria-label", (open ? labels[1] : labels[0]) + (unread ? " (" + unread + ")" : ""));
  }

  function post(message) {
    if (frame && frame.contentWindow) frame.contentWindow.postMessage(message, widgetOrigin);
  }

  window.addEventListener("message", function (event) {
    if (event.origin !== widgetOrigin || !frame || event.source !== frame.contentWindow) return;
    var data = event.data || {};
    if (data.type === "tandem:close") setOpen(false);
    if (data.type === "tandem:event" && typeof data.name === "string") {
      emit(data.name);
      if (data.name === "message" && !open) { unread++; badge(); emit("unread", unread); }
    }
    if (data.type === "tandem:ready") {
      ready = true;
      post({ type: "tandem:context", context: context });
      if (open) post({ type: "tandem:focus" });
    }
  });

  bubble.addEventListener("click", function () { setOpen(!open); });
  bubble.addEventListener("pointerenter", ensureFrame, { once: true });
  bubble.addEventListener("focus", ensureFrame, { once: true });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && open) setOpen(false);
  });

  // Page context for the agent (order id, cart total, ...): strings only,
  // at most 20 keys of 200 characters, so a page cannot flood the handoff.
  function setContext(values) {
    if (!values || typeof values !== "object") return;
    Object.keys(values).slice(0, 20).forEach(function (key) {
      var value = values[key];
      if (value === null || value === undefined) delete context[key];
      else context[String(key).slice(0, 40)] = String(value).slice(0, 200);
    });
    if (ready) post({ type: "tandem:context", context: context });
  }

  var queued = (window.Tandem && window.Tandem.q) || [];
  window.Tandem = {
    loaded: true,
    open: function () { setOpen(true); },
    close: function () { setOpen(false); },
    toggle: function () { setOpen(!open); },
    setContext: setContext,
    // Who the shopper is, as the merchant knows them: shown to the agent.
    identify: function (who) {
      var values = {};
      for (var k in who || {}) values["customer_" + k] = who[k];
      setContext(values);
    },
    // Events: open, close, answer, handoff, message, unread (with the count).
    on: function (name, fn) { (listeners[name] = listeners[name] || []).push(fn); }
  };
  // Calls made before this script loaded, as `Tandem.q.push([name, arg])`.
  queued.forEach(function (call) {
    var fn = window.Tandem[call && call[0]];
    if (typeof fn === "function" && call[0] !== "loaded") fn(call[1]);
  });

  function mount() { document.body.appendChild(bubble); }
  if (document.body) mount(); else document.addEventListener("DOMContentLoaded", mount);
})();

// The demo merchant's own script: tells Tandem about the order on this page,
// so an agent sees it without asking. Works whether or not Tandem's loader
// has run yet (calls made earlier are queued in Tandem.q).
(function () {
  "use strict";
  var context = { order_id: "NO-1042", cart_total: "2 497,00 kr", payment: "Pay later (30 days)" };
  if (window.Tandem && window.Tandem.setContext) {
    window.Tandem.setContext(context);
  } else {
    window.Tandem = window.Tandem || { q: [] };
    (window.Tandem.q = window.Tandem.q || []).push(["setContext", context]);
  }
})();

// Content-Security-Policy violations on this page are counted on <html>, so
// the end-to-end tests (and a curious merchant) can see that there are none.
document.addEventListener("securitypolicyviolation", function (event) {
  var root = document.documentElement;
  root.setAttribute("data-csp-violations", String(Number(root.getAttribute("data-csp-violations") || 0) + 1));
  root.setAttribute("data-csp-last", event.violatedDirective + " " + event.blockedURI);
});

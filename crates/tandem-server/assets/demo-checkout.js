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

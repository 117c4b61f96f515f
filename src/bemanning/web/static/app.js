// Let conflict (409) and validation (422) answers show in the flash area instead of being dropped.
document.addEventListener("DOMContentLoaded", function () {
  if (!window.htmx) return;
  htmx.config.responseHandling = [
    { code: "204", swap: false },
    { code: "[23]..", swap: true },
    { code: "(401|403|409|422)", swap: true, error: false, target: "#flash", swapOverride: "innerHTML" },
    { code: "...", swap: false, error: true },
  ];
});

// Forms that destroy something ask first (data-confirm holds the question in the page's language).
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (form && form.dataset && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
  }
});

// A job's progress block polls the server. When the connection drops (server restarting, network
// gone) it shows the block's own message (data-lost) and tries again, instead of freezing.
(function () {
  var RETRY_MS = 3000;
  function lost(event) {
    var elt = event.detail && event.detail.elt;
    var block = elt && elt.closest ? elt.closest("[data-poll]") : null;
    if (!block) return;
    var note = block.querySelector(".connection-lost");
    if (!note) {
      note = document.createElement("p");
      note.className = "connection-lost error";
      note.setAttribute("role", "status");
      block.appendChild(note);
    }
    note.textContent = block.dataset.lost || "";
    window.setTimeout(function () {
      if (window.htmx && document.body.contains(block)) {
        htmx.ajax("GET", block.dataset.poll, { target: block, swap: "outerHTML" });
      }
    }, RETRY_MS);
  }
  document.addEventListener("htmx:sendError", lost);
  document.addEventListener("htmx:responseError", function (event) {
    var status = event.detail && event.detail.xhr ? event.detail.xhr.status : 0;
    if (status >= 500 || status === 0) lost(event);
  });
})();

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

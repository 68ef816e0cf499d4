// The proposal's "Add a target" button (targets/_proposal.html): asks the server for row number i, the
// current count in #row-count, then counts the new row. A static file, not hx-on/js: attributes, so the
// page runs under a Content-Security-Policy without inline script or eval.
(function () {
  "use strict";
  function isAddButton(elt) {
    return elt && elt.id === "add-target-row";
  }
  document.addEventListener("htmx:configRequest", function (event) {
    if (!isAddButton(event.detail.elt)) return;
    const count = document.getElementById("row-count");
    event.detail.parameters.i = count ? count.value : "0";
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    if (!isAddButton(event.detail.elt) || !event.detail.successful) return;
    const count = document.getElementById("row-count");
    if (count) count.value = String((parseInt(count.value, 10) || 0) + 1);
  });
})();

/* Projector: htmx polls the state fragment; when the network drops the last state stays on screen
   and a discreet marker says so. The marker clears on the next successful answer. */
(function () {
  "use strict";
  var marker = document.getElementById("offline");
  if (window.htmx) { window.htmx.config.timeout = 1500; }
  function offline() { if (marker) { marker.hidden = false; } }
  document.body.addEventListener("htmx:sendError", offline);
  document.body.addEventListener("htmx:timeout", offline);
  document.body.addEventListener("htmx:responseError", offline);
  // A login page (expired session) or an error page must never replace the last good state.
  document.body.addEventListener("htmx:beforeSwap", function (e) {
    var url = (e.detail.xhr && e.detail.xhr.responseURL) || "";
    if (url.indexOf("/accounts/login") !== -1 || e.detail.xhr.status !== 200) {
      e.detail.shouldSwap = false;
      offline();
    }
  });
  document.body.addEventListener("htmx:afterRequest", function (e) {
    var url = (e.detail.xhr && e.detail.xhr.responseURL) || "";
    if (e.detail.successful && url.indexOf("/accounts/login") === -1 && marker) { marker.hidden = true; }
  });
})();

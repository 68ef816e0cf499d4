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
  document.body.addEventListener("htmx:afterRequest", function (e) {
    if (e.detail.successful && marker) { marker.hidden = true; }
  });
})();

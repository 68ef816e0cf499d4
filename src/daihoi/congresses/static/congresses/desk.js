/* Check-in desk: the scan field keeps the focus (a USB scanner types into it and presses Enter);
   a phone can read the QR with its camera where the browser has BarcodeDetector. No external library. */
(function () {
  "use strict";
  var form = document.getElementById("scan-form");
  var input = document.getElementById("code");
  if (!form || !input) { return; }

  function refocus() { if (document.activeElement === document.body || !document.activeElement) { input.focus(); } }
  // Give the focus back unless the user is typing somewhere else on purpose (e.g. an undo reason).
  input.addEventListener("blur", function () { setTimeout(refocus, 150); });
  document.body.addEventListener("htmx:afterRequest", function (event) {
    if (event.detail.elt === form) { input.value = ""; input.focus(); }
  });
  document.body.addEventListener("htmx:sendError", function () {
    var box = document.createElement("div");
    box.className = "answer answer-err";
    box.setAttribute("data-code", "offline");
    box.innerHTML = '<p class="a-head">✘</p><p class="a-name"></p>';
    box.querySelector(".a-name").textContent = form.dataset.offline || "Offline";
    var answer = document.getElementById("answer");
    answer.innerHTML = "";
    answer.appendChild(box);
    input.value = ""; input.focus();
  });

  var button = document.getElementById("camera-btn");
  var video = document.getElementById("camera");
  var note = document.getElementById("camera-unsupported");
  if (!("BarcodeDetector" in window) || !navigator.mediaDevices) {
    if (note) { note.hidden = false; }
    return;
  }
  button.hidden = false;
  var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
  var last = "", lastAt = 0, stream = null;

  function tick() {
    if (!stream) { return; }
    detector.detect(video).then(function (codes) {
      var now = Date.now();
      if (codes.length && (codes[0].rawValue !== last || now - lastAt > 3000)) {
        last = codes[0].rawValue; lastAt = now;
        input.value = last;
        window.htmx ? window.htmx.trigger(form, "submit") : form.submit();
      }
    }).catch(function () {}).finally(function () { setTimeout(tick, 250); });
  }

  button.addEventListener("click", function () {
    if (stream) {
      stream.getTracks().forEach(function (t) { t.stop(); });
      stream = null; video.hidden = true; return;
    }
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (s) {
      stream = s; video.srcObject = s; video.hidden = false; video.play(); tick();
    }).catch(function () { if (note) { note.hidden = false; } });
  });
})();

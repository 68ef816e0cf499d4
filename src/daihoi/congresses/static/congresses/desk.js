/* Check-in desk: the scan field keeps the focus (a USB scanner types the code into it and presses Enter,
   a card every 50 ms or so); a phone can read the QR with its camera where the browser has BarcodeDetector.

   No scan is ever lost: each Enter takes the field's value at once into a queue and clears the field for
   the next card; the queue is posted in order, one scan at a time, and every scan gets a line in the
   desk's list with the server's (translated) answer. A scan that could not reach the server stays red
   with a Retry button until it is recorded. Without JavaScript the form simply posts. No external library. */
(function () {
  "use strict";
  var form = document.getElementById("scan-form");
  var input = document.getElementById("code");
  if (!form || !input || !window.fetch) { return; }

  var answer = document.getElementById("answer");
  var status = document.getElementById("scan-status");
  var tally = document.getElementById("scan-tally");
  var alertBox = document.getElementById("scan-summary-failed");
  var retryAll = document.getElementById("scan-retry-all");
  var history = document.getElementById("scan-history");
  var log = document.getElementById("scan-log");
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]");
  var TIMEOUT_MS = 20000;

  var queue = [];      // scans waiting to be sent, oldest first
  var busy = false;    // one request in flight at a time: the answers come back in scan order
  var scans = [];      // every scan of this page, oldest first
  var lastRefresh = 0;

  status.hidden = false;
  history.hidden = false;

  function message(name, code) {
    return (form.dataset[name] || "").split("__CODE__").join(code);
  }

  function refocus() { if (document.activeElement === document.body || !document.activeElement) { input.focus(); } }
  // Give the focus back unless the user is typing somewhere else on purpose (e.g. an undo reason).
  input.addEventListener("blur", function () { setTimeout(refocus, 150); });

  /* ---- the list and the counters ---- */

  function kind(scan) {
    if (scan.state === "pending") { return "pending"; }
    if (scan.state === "checked_in") { return "recorded"; }
    if (scan.state === "already_present" || scan.state === "resolved") { return "repeat"; }
    return "failed";  // refused by the server (unknown code…) or never reached it
  }

  function updateTally() {
    var counts = { scanned: scans.length, recorded: 0, repeat: 0, failed: 0, pending: 0 };
    var retryable = 0;
    scans.forEach(function (scan) {
      counts[kind(scan)] += 1;
      if (scan.state === "failed") { retryable += 1; }
    });
    Object.keys(counts).forEach(function (key) {
      tally.dataset[key] = String(counts[key]);
      var cell = tally.querySelector("[data-count=" + key + "]");
      if (cell) { cell.textContent = String(counts[key]); }
    });
    alertBox.hidden = counts.failed === 0;
    retryAll.hidden = retryable === 0;
  }

  function timeNow() {
    var d = new Date();
    return [d.getHours(), d.getMinutes(), d.getSeconds()].map(function (n) {
      return (n < 10 ? "0" : "") + n;
    }).join(":");
  }

  function text(node, selector) {
    var el = node.querySelector(selector);
    return el ? el.textContent.replace(/\s+/g, " ").trim() : "";
  }

  function span(className, content) {
    var el = document.createElement("span");
    el.className = className;
    el.textContent = content;
    return el;
  }

  // One line: time, what was scanned, the answer's head, the delegate's name and number (or the error).
  function render(scan) {
    var row = scan.row;
    var k = kind(scan);
    row.dataset.state = scan.state;
    row.className = "scan-row scan-" + (k === "recorded" ? "ok" : k);
    row.textContent = "";
    var code = document.createElement("code");
    code.className = "scan-code";
    code.textContent = scan.value;
    row.append(span("scan-time", scan.time), " ", code, " ", span("scan-head", scan.head));
    if (scan.name) { row.append(k === "failed" ? ": " : " ", span("scan-name", scan.name)); }
    if (scan.meta) { row.append(" ", span("scan-meta", scan.meta)); }
    if (scan.state === "failed") {
      var retry = document.createElement("button");
      retry.type = "button";
      retry.className = "btn secondary scan-retry";
      retry.textContent = form.dataset.msgRetry || "↻";
      retry.addEventListener("click", function () { resend(scan); input.focus(); });
      row.append(" ", retry);
    }
    updateTally();
  }

  /* ---- the queue ---- */

  function enqueue(value) {
    var scan = { value: value, time: timeNow(), state: "pending", head: form.dataset.msgSending || "…" };
    scan.row = document.createElement("li");
    log.insertBefore(scan.row, log.firstChild);  // newest first
    scans.push(scan);
    queue.push(scan);
    render(scan);
    pump();
  }

  function resend(scan) {
    if (scan.state !== "failed") { return; }
    scan.state = "pending";
    scan.head = form.dataset.msgSending || "…";
    scan.name = scan.meta = "";
    queue.push(scan);
    render(scan);
    pump();
  }

  function refreshQuorum(force) {
    var now = Date.now();
    if (force || now - lastRefresh > 700) {
      lastRefresh = now;
      document.body.dispatchEvent(new CustomEvent("attendance-changed", { bubbles: true }));
    }
  }

  function showAnswer(node) {
    answer.textContent = "";
    answer.appendChild(node);
    if (window.htmx) { window.htmx.process(answer); }  // the undo form inside the answer
  }

  function offlineCard(text) {
    var box = document.createElement("div");
    box.className = "answer answer-err";
    box.setAttribute("data-code", "offline");
    box.setAttribute("role", "status");
    var head = document.createElement("p");
    head.className = "a-head";
    head.textContent = "✘";
    var body = document.createElement("p");
    body.className = "a-name";
    body.textContent = text;
    box.append(head, body);
    return box;
  }

  function failed(scan, why) {
    scan.state = "failed";
    scan.head = "✘ " + message(why, scan.value);
    scan.name = scan.meta = "";
    render(scan);
    showAnswer(offlineCard(message(why, scan.value)));
  }

  function answered(scan, html) {
    var holder = document.createElement("div");
    holder.innerHTML = html;
    var card = holder.querySelector(".answer[data-code]");
    if (!card) { return failed(scan, "msgServer"); }  // e.g. the login page after a lost session
    scan.state = card.getAttribute("data-code");
    scan.head = text(card, ".a-head");
    scan.name = text(card, ".a-name");
    scan.meta = text(card, ".a-meta");
    render(scan);
    showAnswer(card);
    if (scan.state === "checked_in" || scan.state === "already_present") { resolveEarlier(scan); }
  }

  // The card was scanned again instead of Retry: its earlier red lines are settled by this answer.
  function resolveEarlier(scan) {
    scans.forEach(function (other) {
      if (other.state === "failed" && other.value.toUpperCase() === scan.value.toUpperCase()) {
        other.state = "resolved";
        other.head = (form.dataset.msgResolved || "✔").split("__TIME__").join(scan.time);
        other.name = scan.name;
        other.meta = scan.meta;
        render(other);
      }
    });
  }

  function pump() {
    if (busy || !queue.length) { return; }
    busy = true;
    var scan = queue.shift();
    var body = new URLSearchParams();
    body.append("code", scan.value);
    if (csrf) { body.append("csrfmiddlewaretoken", csrf.value); }
    var controller = window.AbortController ? new AbortController() : null;
    var timer = controller ? setTimeout(function () { controller.abort(); }, TIMEOUT_MS) : null;
    fetch(form.action, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "HX-Request": "true", "X-CSRFToken": csrf ? csrf.value : "" },
      signal: controller ? controller.signal : undefined,
    }).then(function (response) {
      if (!response.ok || response.redirected) { return failed(scan, "msgServer"); }
      return response.text().then(function (html) { answered(scan, html); });
    }).catch(function () {
      if (scan.state === "pending") { failed(scan, "msgOffline"); }
    }).then(function () {
      clearTimeout(timer);
      busy = false;
      refreshQuorum(!queue.length);
      pump();
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    // Read and clear in the same event: the scanner's next keystrokes go into an empty field.
    var value = input.value.trim();
    input.value = "";
    input.focus();
    if (value) { enqueue(value); }
  });

  retryAll.addEventListener("click", function () {
    scans.forEach(function (scan) { resend(scan); });
    input.focus();
  });

  // An undo (from the answer's form) is listed too.
  document.body.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target !== answer) { return; }
    var card = answer.querySelector(".answer[data-code]");
    if (!card) { return; }
    var row = document.createElement("li");
    row.className = "scan-row scan-undo";
    row.dataset.state = card.getAttribute("data-code");
    row.append(span("scan-time", timeNow()), " ", span("scan-head", text(card, ".a-head")), " ",
      span("scan-name", text(card, ".a-name")), " ", span("scan-meta", text(card, ".a-meta")));
    log.insertBefore(row, log.firstChild);
    refreshQuorum(true);
    input.focus();
  });
  document.body.addEventListener("htmx:sendError", function (event) {
    if (!answer.contains(event.detail.elt)) { return; }
    showAnswer(offlineCard(form.dataset.msgUndoOffline || "✘"));
  });

  // Leaving the page with scans unsent or failed would lose them: the browser asks first.
  window.addEventListener("beforeunload", function (event) {
    var unsent = scans.some(function (scan) { return scan.state === "pending" || scan.state === "failed"; });
    if (unsent) { event.preventDefault(); event.returnValue = ""; }
  });

  /* ---- the camera ---- */

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
        enqueue(last.trim());
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

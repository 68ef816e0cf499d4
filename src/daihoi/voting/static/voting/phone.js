// The delegate's phone. Every page works without this file (plain forms, a confirmation step on the
// server); this only adds: the live counter and warnings of the ballot, a confirmation screen, the cast
// through the JSON API (POST /api/voting/polls/<id>/ballot; for a verifiable poll, phone_verifiable.js
// encrypts and casts instead), the receipt with the phone's clock, the
// home page's refresh, and forms sent once. No inline script (the Content-Security-Policy forbids it),
// no eval, only fetch and plain DOM (Chromium and Safari-class browsers).
(function () {
  "use strict";

  function text(root, key) {
    var t = root.querySelector('template[data-text="' + key + '"]');
    return t ? t.content.textContent.trim() : "";
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (m, k) { return k in values ? String(values[k]) : m; });
  }

  function clock() {
    var now = new Date();
    try {
      return now.toLocaleTimeString("vi-VN", { hour: "2-digit", minute: "2-digit", second: "2-digit" }) +
        " " + now.toLocaleDateString("vi-VN");
    } catch (e) {
      return now.toTimeString().slice(0, 8);
    }
  }

  function showClock(scope) {
    scope.querySelectorAll("[data-phone-clock]").forEach(function (p) {
      var b = p.querySelector("[data-time]");
      if (b) b.textContent = clock();
      p.hidden = false;
    });
  }

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    var input = document.querySelector('input[name="csrfmiddlewaretoken"]');
    return (input && input.value) || (meta && meta.content) || "";
  }

  function paragraph(className, content) {
    var p = document.createElement("p");
    p.className = className;
    p.textContent = content;
    return p;
  }

  // ---------------------------------------------------------------- forms sent once
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-once")) return;
    if (form.dataset.sent) { event.preventDefault(); return; }
    form.dataset.sent = "1";
    setTimeout(function () { form.querySelectorAll("button").forEach(function (b) { b.disabled = true; }); }, 0);
  });

  // ---------------------------------------------------------------- the home page refreshes itself
  function refreshHome(live) {
    var url = live.getAttribute("data-refresh");
    var busy = false;
    setInterval(function () {
      if (busy || document.hidden) return;
      busy = true;
      fetch(url, { headers: { "HX-Request": "true" }, credentials: "same-origin", cache: "no-store" })
        .then(function (r) {
          if (r.status !== 200) { window.location.reload(); return null; }
          return r.text();
        })
        .then(function (html) { if (html !== null && html !== undefined) live.innerHTML = html; })
        .catch(function () { /* the hall's Wi-Fi: try again at the next tick */ })
        .then(function () { busy = false; });
    }, 3000);
  }

  // ---------------------------------------------------------------- the ballot
  function ballot(form) {
    var surplus = form.dataset.form === "surplus";
    var single = form.dataset.single === "1";
    var limit = parseInt(form.dataset.limit, 10);
    var allStruckInvalid = form.dataset.allStruckInvalid === "1";
    var singleNeitherInvalid = form.dataset.singleNeitherInvalid === "1";
    var confirm = document.getElementById("confirm");
    var receipt = document.getElementById("receipt");
    var rows = Array.prototype.slice.call(form.querySelectorAll(surplus ? ".names li" : ".mark-row"));

    function state() {
      return rows.map(function (row) {
        var name = row.querySelector(".full").textContent.replace(/\s+/g, " ").trim();
        var pos = parseInt(row.querySelector(".pos").textContent, 10);
        if (surplus) {
          return { position: pos, name: name, mark: row.querySelector("input").checked ? "struck" : "kept" };
        }
        var checked = row.querySelector("input:checked");
        var mark = checked ? (checked.value === "1" ? "agree" : "disagree") : "none";
        return { position: pos, name: name, mark: mark };
      });
    }

    function problems(s) {
      var invalid = [], notes = [];
      if (surplus) {
        var kept = s.filter(function (r) { return r.mark === "kept"; }).length;
        if (kept > limit) invalid.push(fill(text(form, "too-many"), { kept: kept, limit: limit }));
        if (kept === 0 && allStruckInvalid) invalid.push(text(form, "all-struck"));
      } else if (single) {
        if (s[0] && s[0].mark === "none" && singleNeitherInvalid) invalid.push(text(form, "single-neither"));
      } else {
        var unmarked = s.filter(function (r) { return r.mark === "none"; }).length;
        if (unmarked) notes.push(fill(text(form, "unmarked"), { count: unmarked }));
      }
      return { invalid: invalid, notes: notes };
    }

    function showProblems(box, p) {
      box.textContent = "";
      p.invalid.forEach(function (t) { box.appendChild(paragraph("notice bad", t)); });
      p.notes.forEach(function (t) { box.appendChild(paragraph("notice", t)); });
    }

    function update() {
      var s = state();
      var counter = form.querySelector("[data-kept]");
      if (counter) counter.textContent = s.filter(function (r) { return r.mark === "kept"; }).length;
      showProblems(form.querySelector("[data-warnings]"), problems(s));
    }

    function list(items, className) {
      var ul = document.createElement("ul");
      ul.className = "summary" + (className ? " " + className : "");
      if (!items.length) {
        var none = document.createElement("li");
        none.textContent = text(confirm, "nobody");
        ul.appendChild(none);
      }
      items.forEach(function (r) {
        var li = document.createElement("li");
        li.textContent = r.position + ". " + r.name;
        ul.appendChild(li);
      });
      return ul;
    }

    function heading(content) {
      var h = document.createElement("h2");
      h.textContent = content;
      return h;
    }

    function review() {
      var s = state();
      var summary = confirm.querySelector("[data-summary]");
      summary.textContent = "";
      if (surplus) {
        var kept = s.filter(function (r) { return r.mark === "kept"; });
        var struck = s.filter(function (r) { return r.mark === "struck"; });
        summary.appendChild(heading(text(confirm, "kept-title") + " (" + kept.length + ")"));
        summary.appendChild(list(kept, ""));
        summary.appendChild(heading(text(confirm, "struck-title")));
        summary.appendChild(list(struck, "struck"));
      } else {
        var ul = document.createElement("ul");
        ul.className = "summary marks";
        s.forEach(function (r) {
          var li = document.createElement("li");
          li.className = "m-" + r.mark;
          li.appendChild(document.createTextNode(r.position + ". " + r.name + ": "));
          var b = document.createElement("b");
          b.textContent = text(confirm, r.mark + "-title");
          li.appendChild(b);
          ul.appendChild(li);
        });
        summary.appendChild(ul);
      }
      showProblems(confirm.querySelector("[data-confirm-warnings]"), problems(s));
      confirm.querySelector("[data-error]").hidden = true;
      form.hidden = true;
      confirm.hidden = false;
      window.scrollTo(0, 0);
    }

    function edit() {
      confirm.hidden = true;
      form.hidden = false;
      window.scrollTo(0, 0);
    }

    function body() {
      var s = state();
      if (surplus) {
        return { struck: s.filter(function (r) { return r.mark === "struck"; }).map(function (r) { return r.position; }) };
      }
      return { marks: s.map(function (r) { return r.mark === "agree" ? "1" : r.mark === "disagree" ? "2" : "0"; }).join("") };
    }

    // The API cannot be reached as a JSON API (no such endpoint on this server, a proxy's page): the
    // plain form casts the same ballot through the same service.
    function castWithForm() {
      var step = document.createElement("input");
      step.type = "hidden";
      step.name = "step";
      step.value = "cast";
      form.appendChild(step);
      form.submit();
    }

    function refuse(message) {
      var box = confirm.querySelector("[data-error]");
      box.textContent = message;
      box.hidden = false;
    }

    var castButton = confirm.querySelector("[data-cast]");
    var castLabel = castButton.textContent;
    var sending = false;

    function cast() {
      if (sending) return;
      sending = true;
      castButton.disabled = true;
      castButton.textContent = text(confirm, "sending");
      fetch(form.dataset.api, {
        method: "POST",
        credentials: "same-origin",
        cache: "no-store",
        headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrfToken() },
        body: JSON.stringify(body())
      }).then(function (r) {
        var json = (r.headers.get("Content-Type") || "").indexOf("application/json") === 0;
        if (r.status === 201 && json) {
          confirm.hidden = true;
          receipt.hidden = false;
          showClock(receipt);
          window.scrollTo(0, 0);
          return;
        }
        if (!json) { castWithForm(); return; }
        return r.json().then(function (data) {
          refuse((data && data.message) || text(confirm, "network"));
          if (r.status === 409 || r.status === 403) {
            // Refused for good (closed, already voted, not present, not bound): no retry, the way home.
            castButton.hidden = true;
            confirm.querySelector("[data-edit]").hidden = true;
            confirm.querySelector("[data-home]").hidden = false;
          }
        });
      }).catch(function () {
        refuse(text(confirm, "network"));
      }).then(function () {
        sending = false;
        castButton.disabled = false;
        castButton.textContent = castLabel;
      });
    }

    form.addEventListener("change", update);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      review();
    });
    confirm.querySelector("[data-edit]").addEventListener("click", edit);
    if (form.hasAttribute("data-verifiable")) {
      // A verifiable poll: phone_verifiable.js encrypts the confirmed choice, then casts or challenges it.
      castButton.addEventListener("click", function () {
        form.dispatchEvent(new CustomEvent("daihoi:confirmed", { detail: body() }));
      });
    } else {
      castButton.addEventListener("click", cast);
    }
    update();
  }

  function start() {
    var live = document.getElementById("live");
    if (live && live.hasAttribute("data-refresh")) refreshHome(live);
    document.querySelectorAll("[data-phone-clock][data-now]").forEach(function (p) { showClock(p.parentNode); });
    var form = document.getElementById("ballot");
    if (form && document.getElementById("confirm") && window.fetch) ballot(form);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

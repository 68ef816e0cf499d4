// Ballot entry: Enter sends the ballot without reloading; a lone p/t/k key marks it invalid at once.
//
// A fast clerk types the next ballot while the last one is still being saved. So each Enter takes the
// field's text and number at once into a queue, clears the field and moves to the next number; the
// queue is sent in order, one save at a time. A ballot the server does not save (a typing error, an
// invalid ballot awaiting confirmation, a lost connection) stays listed in red as NOT saved until a save
// of that number succeeds; when the clerk is idle it comes back into the field with its number (Enter
// then confirms an invalid ballot). Every ballot is saved, or the page says it is not.
(function () {
  const form = document.getElementById("entry-form");
  if (!form) return;
  const text = document.getElementById("entry-text");
  const pos = document.getElementById("entry-position");
  const confirm = document.getElementById("entry-confirm");
  const answer = document.getElementById("entry-answer");
  const waiting = document.getElementById("entry-waiting");
  const unsaved = document.getElementById("entry-unsaved");
  const tpl = (id) => document.getElementById(id).innerHTML.trim();
  const keys = new Set(["p", "t", "k"]);
  const queue = []; // {position, text, confirm}
  const failed = new Map(); // position -> {item, message}
  let sending = false;
  let highest = 0;

  function show(cls, message) {
    answer.hidden = false;
    answer.className = "answer " + cls;
    answer.innerHTML = "";
    const p = document.createElement("p");
    p.className = "a-head";
    p.textContent = message;
    answer.appendChild(p);
  }

  function render() {
    if (waiting) {
      waiting.hidden = queue.length === 0;
      waiting.textContent = queue.length ? tpl("msg-waiting") + " " + queue.map((i) => i.position || "?").join(", ") : "";
    }
    if (unsaved) {
      unsaved.hidden = failed.size === 0;
      unsaved.innerHTML = "";
      for (const [p, f] of failed) {
        const li = document.createElement("li");
        li.dataset.position = p;
        li.textContent = tpl("msg-unsaved").replace("{n}", p) + " “" + f.item.text + "”: " + f.message;
        unsaved.appendChild(li);
      }
    }
  }

  function offerBack() {
    // An idle clerk gets the first ballot not saved back in the field, with its number.
    if (queue.length || sending || text.value !== "" || !failed.size) return;
    const [p, f] = failed.entries().next().value;
    pos.value = p;
    text.value = f.item.text;
    confirm.value = f.item.confirm;
    show("answer-err", f.message);
  }

  function fail(item, message, needsConfirm) {
    failed.set(String(item.position), { item: { ...item, confirm: needsConfirm ? "1" : "" }, message });
    show("answer-err", tpl("msg-unsaved").replace("{n}", item.position) + " “" + item.text + "”: " + message);
  }

  function add(id, n) {
    const el = document.getElementById(id);
    el.textContent = Number(el.textContent) + n;
  }

  async function pump() {
    if (sending) return;
    sending = true;
    try {
      while (queue.length) {
        const item = queue.shift();
        render();
        const body = new FormData(form);
        body.set("position", item.position);
        body.set("text", item.text);
        body.set("confirm", item.confirm);
        let data;
        try {
          const res = await fetch(window.location.href, { method: "POST", body, headers: { Accept: "application/json" } });
          data = await res.json();
        } catch (err) {
          fail(item, tpl("msg-lost"), false);
          continue;
        }
        if (!data.ok) { fail(item, data.message, false); continue; }
        if (!data.saved) { fail(item, tpl("msg-invalid") + " " + data.reason + ". " + tpl("msg-confirm"), true); continue; }
        failed.delete(String(data.position));
        show(data.proposed ? "answer-repeat" : "answer-ok", tpl("msg-saved") + " " + data.position + (data.proposed ? " — " + data.reason : ""));
        if (data.delta) {
          add("run-entered", data.delta.entered);
          add("run-invalid", data.delta.invalid);
          for (const [p, n] of Object.entries(data.delta.votes)) {
            const cell = document.querySelector('#running td[data-pos="' + p + '"]');
            if (cell) cell.textContent = Number(cell.textContent) + n;
          }
        }
        if (!queue.length && text.value === "" && !failed.size) {
          pos.value = Number(data.next) > Number(pos.max) ? "" : data.next;
        }
      }
    } finally {
      sending = false;
      render();
      offerBack();
    }
  }

  function send() {
    const item = { position: pos.value, text: text.value, confirm: confirm.value };
    text.value = "";
    confirm.value = "";
    queue.push(item);
    // The next number: after the highest typed so far (re-entering an earlier ballot does not move it back).
    highest = Math.max(highest, Number(item.position) || 0);
    pos.value = highest + 1 <= Number(pos.max) ? String(highest + 1) : "";
    render();
    pump();
    text.focus();
  }

  form.addEventListener("submit", (event) => { event.preventDefault(); send(); });
  text.addEventListener("input", () => { confirm.value = ""; });
  text.addEventListener("keydown", (event) => {
    if (text.value === "" && keys.has(event.key.toLowerCase())) {
      event.preventDefault();
      text.value = event.key.toLowerCase();
      send();
    }
  });
})();

// Ballot entry: Enter sends the ballot without reloading; a lone p/t/k key marks it invalid at once.
(function () {
  const form = document.getElementById("entry-form");
  if (!form) return;
  const text = document.getElementById("entry-text");
  const pos = document.getElementById("entry-position");
  const confirm = document.getElementById("entry-confirm");
  const answer = document.getElementById("entry-answer");
  const tpl = (id) => document.getElementById(id).innerHTML.trim();
  const keys = new Set(["p", "t", "k"]);
  let busy = false;

  function show(cls, message) {
    answer.hidden = false;
    answer.className = "answer " + cls;
    answer.innerHTML = "";
    const p = document.createElement("p");
    p.className = "a-head";
    p.textContent = message;
    answer.appendChild(p);
  }

  async function send() {
    if (busy) return;
    busy = true;
    const body = new FormData(form);
    try {
      const res = await fetch(window.location.href, { method: "POST", body, headers: { Accept: "application/json" } });
      const data = await res.json();
      if (!data.ok) { show("answer-err", data.message); return; }
      if (!data.saved) {
        confirm.value = "1";
        show("answer-err", tpl("msg-invalid") + " " + data.reason + ". " + tpl("msg-confirm"));
        return;
      }
      confirm.value = "";
      show(data.proposed ? "answer-repeat" : "answer-ok", tpl("msg-saved") + " " + data.position + (data.proposed ? " — " + data.reason : ""));
      text.value = "";
      pos.value = data.next;
      if (data.delta) {
        const add = (id, n) => { const el = document.getElementById(id); el.textContent = Number(el.textContent) + n; };
        add("run-entered", data.delta.entered);
        add("run-invalid", data.delta.invalid);
        for (const [pos, n] of Object.entries(data.delta.votes)) {
          const cell = document.querySelector('#running td[data-pos="' + pos + '"]');
          if (cell) cell.textContent = Number(cell.textContent) + n;
        }
      }
    } finally {
      busy = false;
      text.focus();
    }
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

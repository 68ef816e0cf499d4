// The review page (targets/_proposal.html). A static file, not hx-on/js: attributes, so the page runs
// under a Content-Security-Policy without inline script or eval.
//
// - Each row (fieldset.target-row) points at its mark in the text (data-mark="q-1"): focusing a row
//   emphasises its mark and scrolls it into view; clicking a mark focuses its row.
// - Keys on a focused row: Enter / C confirm (ticks "Đã kiểm tra"), S split (a copy below, same quote),
//   X / Delete drop (again to restore), A add (the words selected in the text become its quote),
//   arrows move between rows. Any edit of a row's fields unticks it: it must be confirmed again.
// - Rows are numbered in page order (names t-<i>-…), so what is saved is in the order shown.
// - "Add a target" asks the server for row number i (the current count in #row-count).
(function () {
  "use strict";
  const FORM = "proposal-form";
  let pendingQuote = null; // {text, mark}: the selection an "add" takes as its quote

  function form() {
    return document.getElementById(FORM);
  }
  function rows() {
    const f = form();
    return f ? Array.from(f.querySelectorAll("fieldset.target-row")) : [];
  }
  function field(row, name) {
    return row.querySelector(`[name="t-${row.dataset.row}-${name}"]`);
  }
  function isAddButton(elt) {
    return elt && elt.id === "add-target-row";
  }

  // ------------------------------------------------------------------ numbering and marks
  function renumber() {
    rows().forEach((row, index) => {
      const old = row.dataset.row;
      if (old !== String(index)) {
        row.querySelectorAll(`[name^="t-${old}-"]`).forEach((el) => {
          el.name = `t-${index}-` + el.name.slice(`t-${old}-`.length);
        });
        row.dataset.row = String(index);
      }
      const number = row.querySelector(".row-number");
      if (number) number.textContent = String(index + 1);
    });
    const count = document.getElementById("row-count");
    if (count) count.value = String(rows().length);
    labelMarks();
  }
  function labelMarks() {
    const view = document.getElementById("source-view");
    if (!view) return;
    const numbers = {};
    rows().forEach((row) => {
      if (!row.dataset.mark || row.classList.contains("dropped")) return;
      (numbers[row.dataset.mark] = numbers[row.dataset.mark] || []).push(Number(row.dataset.row) + 1);
    });
    view.querySelectorAll("mark").forEach((mark) => {
      if (numbers[mark.id]) mark.dataset.n = numbers[mark.id].join(", ");
      else delete mark.dataset.n;
    });
  }
  function activate(row) {
    document.querySelectorAll("#source-view mark.active, fieldset.target-row.active").forEach((el) => {
      el.classList.remove("active");
    });
    if (!row) return;
    row.classList.add("active");
    const mark = row.dataset.mark && document.getElementById(row.dataset.mark);
    if (mark) {
      mark.classList.add("active");
      const pane = mark.closest(".review-text");
      if (pane) {
        const top = mark.offsetTop - pane.offsetTop - pane.clientHeight / 3;
        pane.scrollTo({ top: Math.max(0, top) });
      }
    }
  }

  // ------------------------------------------------------------------ the actions
  function setConfirmed(row, yes) {
    const box = field(row, "ok");
    if (box) box.checked = yes;
    row.classList.toggle("confirmed", yes);
    if (yes) row.classList.remove("not-confirmed");
  }
  function confirmRow(row) {
    if (row.classList.contains("dropped")) return;
    setConfirmed(row, true);
    const all = rows();
    const after = all.slice(all.indexOf(row) + 1).concat(all.slice(0, all.indexOf(row)));
    const next = after.find((r) => !r.classList.contains("confirmed") && !r.classList.contains("dropped"));
    if (next) next.focus();
    else document.getElementById("confirm-targets").focus();
  }
  function toggleDrop(row) {
    const keep = field(row, "keep");
    const dropped = !row.classList.contains("dropped");
    row.classList.toggle("dropped", dropped);
    if (keep) keep.checked = !dropped;
    labelMarks();
    row.focus();
  }
  function copyValues(from, to) {
    const source = from.querySelectorAll("input, select, textarea");
    const target = to.querySelectorAll("input, select, textarea");
    source.forEach((el, i) => {
      if (!target[i]) return;
      if (el.type === "checkbox") target[i].checked = el.checked;
      else target[i].value = el.value;
    });
  }
  function splitRow(row) {
    if (row.classList.contains("dropped")) return;
    const copy = row.cloneNode(true);
    copyValues(row, copy);
    copy.classList.remove("active", "not-confirmed");
    row.after(copy);
    setConfirmed(copy, false);
    renumber();
    copy.focus();
  }
  function selectedQuote() {
    const view = document.getElementById("source-view");
    const selection = window.getSelection();
    if (!view || !selection || selection.isCollapsed || !selection.rangeCount) return null;
    const range = selection.getRangeAt(0);
    if (!view.contains(range.commonAncestorContainer)) return null;
    const text = selection.toString().trim();
    if (!text) return null;
    let mark = null;
    try {
      // A selection inside plain text (or inside one mark) gets its own mark; one crossing a mark's
      // edge cannot be wrapped and is only taken as the quote.
      mark = document.createElement("mark");
      mark.id = "q-new-" + Date.now();
      range.surroundContents(mark);
    } catch (error) {
      mark = null;
    }
    selection.removeAllRanges();
    return { text: text, mark: mark ? mark.id : "" };
  }
  function addRow() {
    pendingQuote = selectedQuote();
    const button = document.getElementById("add-target-row");
    if (button) button.click();
  }

  // ------------------------------------------------------------------ events
  document.addEventListener("htmx:configRequest", function (event) {
    if (!isAddButton(event.detail.elt)) return;
    const count = document.getElementById("row-count");
    event.detail.parameters.i = count ? count.value : "0";
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target && event.detail.target.id === "proposal") {
      setUp();
      return;
    }
    if (!event.detail.target || event.detail.target.id !== "target-rows") return;
    const all = rows();
    const row = all[all.length - 1];
    if (row && pendingQuote) {
      const quote = field(row, "quote");
      if (quote) quote.value = pendingQuote.text;
      row.dataset.mark = pendingQuote.mark;
    }
    pendingQuote = null;
    renumber();
    if (row) row.focus();
  });

  document.addEventListener("focusin", function (event) {
    const row = event.target.closest && event.target.closest("#proposal-form fieldset.target-row");
    if (row) activate(row);
  });
  document.addEventListener("click", function (event) {
    const mark = event.target.closest && event.target.closest("#source-view mark");
    const selecting = window.getSelection && !window.getSelection().isCollapsed;
    if (mark && !selecting) {
      const linked = rows().filter((r) => r.dataset.mark === mark.id);
      if (linked.length) {
        linked[0].focus();
        linked[0].scrollIntoView({ block: "nearest" });
      }
      return;
    }
    const button = event.target.closest && event.target.closest("#proposal-form [data-act]");
    if (!button) return;
    const row = button.closest("fieldset.target-row");
    if (button.dataset.act === "confirm") confirmRow(row);
    else if (button.dataset.act === "split") splitRow(row);
    else if (button.dataset.act === "drop") toggleDrop(row);
  });
  function edited(event) {
    const el = event.target;
    const row = el.closest && el.closest("#proposal-form fieldset.target-row");
    if (!row || !el.name) return;
    // A typed field's "change" (on Enter or when leaving it) only repeats its "input" events, and comes
    // after the Enter that confirmed the row: it must not undo that confirmation.
    if (event.type === "change" && (el.tagName === "TEXTAREA" || (el.tagName === "INPUT" && el.type !== "checkbox"))) {
      return;
    }
    if (el.name.endsWith("-ok")) {
      row.classList.toggle("confirmed", el.checked);
      if (el.checked) row.classList.remove("not-confirmed");
    } else if (el.name.endsWith("-keep")) {
      row.classList.toggle("dropped", !el.checked);
      labelMarks();
    } else {
      if (el.name.endsWith("-unit") && event.type === "change") swapValue(row);
      setConfirmed(row, false); // a corrected row is confirmed again, by the clerk
    }
  }
  function swapValue(row) {
    // A level is chosen from the levels (a select), any other value is typed ("86,4 triệu").
    const unit = field(row, "unit").value;
    const value = field(row, "value");
    const levels = document.getElementById("level-select");
    if (!value || !levels || (unit === "level") === (value.tagName === "SELECT")) return;
    let control;
    if (unit === "level") {
      control = levels.content.firstElementChild.cloneNode(true);
    } else {
      control = document.createElement("input");
      control.type = "text";
      control.size = 10;
      if (unit !== "VND") control.inputMode = "decimal";
    }
    control.name = value.name;
    value.replaceWith(control);
  }
  document.addEventListener("input", edited);
  document.addEventListener("change", edited);

  const TYPING = new Set(["text", "number", "search", "email", "tel", "url", "password", ""]);
  document.addEventListener("keydown", function (event) {
    if (!form() || event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    const row = target.closest && target.closest("#proposal-form fieldset.target-row");
    const tag = target.tagName;
    const typing =
      tag === "TEXTAREA" || tag === "SELECT" || (tag === "INPUT" && TYPING.has(target.type)) || target.isContentEditable;
    const key = event.key;
    if (typing) {
      if (!row) return;
      if (key === "Enter" && tag === "INPUT") {
        event.preventDefault(); // Enter in a row's field confirms the row, it never sends the form
        confirmRow(row);
      } else if (key === "Escape") {
        row.focus();
      }
      return;
    }
    if (!row) {
      if ((key === "a" || key === "A") && !/^(INPUT|BUTTON|A)$/.test(tag)) {
        event.preventDefault();
        addRow();
      }
      return;
    }
    if (tag === "BUTTON" && (key === "Enter" || key === " ")) return; // the button's own action
    const lower = key.length === 1 ? key.toLowerCase() : key;
    if (lower === "Enter" || lower === "c") confirmRow(row);
    else if (lower === "s") splitRow(row);
    else if (lower === "x" || lower === "Delete") toggleDrop(row);
    else if (lower === "a") addRow();
    else if (lower === "ArrowDown" || lower === "ArrowUp") {
      const all = rows();
      const next = all[all.indexOf(row) + (lower === "ArrowDown" ? 1 : -1)];
      if (next) next.focus();
    } else return;
    event.preventDefault();
  });

  function setUp() {
    const f = form();
    if (!f) return;
    f.classList.add("js");
    labelMarks();
    const refused = f.querySelector("fieldset.target-row.not-confirmed"); // the rows the refusal named
    if (refused) refused.focus({ preventScroll: true });
  }
  // Back to this page after saving (the browser's page cache): the form may be sent again, and the
  // server answers that it was already saved instead of saving it twice.
  window.addEventListener("pageshow", function (event) {
    const f = form();
    if (!event.persisted || !f || !f.dataset.sent) return;
    delete f.dataset.sent;
    f.querySelectorAll("button").forEach((b) => {
      b.disabled = false;
    });
  });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();

// The paper-ballot desk: after each scan is answered, the field is emptied and focused for the next card.
document.addEventListener("htmx:afterRequest", function (event) {
  var form = event.target;
  if (!form || form.id !== "paper-form") return;
  var input = form.querySelector("input[name=code]");
  if (input) { input.value = ""; input.focus(); }
});

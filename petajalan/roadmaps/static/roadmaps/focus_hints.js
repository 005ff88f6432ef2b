// A focus hint (a button under the activity field, from the clinic) sets the form's focus select;
// the change event it fires lets the row's autosave pick it up.
document.addEventListener("click", function (event) {
  var button = event.target.closest && event.target.closest("[data-set-focus]");
  if (!button) return;
  var select = document.getElementById(button.getAttribute("data-target"));
  var key = button.getAttribute("data-set-focus");
  if (!select || !Array.prototype.some.call(select.options, function (o) { return o.value === key; })) return;
  select.value = key;
  select.dispatchEvent(new Event("change", { bubbles: true }));
  button.closest(".focus-hints").querySelectorAll("[data-set-focus]").forEach(function (b) {
    b.setAttribute("aria-pressed", b === button ? "true" : "false");
  });
});

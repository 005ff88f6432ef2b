// The answer page's "fill with the suggestion" button: puts the suggested answer into the form
// (never saves it). Without JavaScript the same link reloads the page with the form pre-filled.
document.addEventListener("click", function (event) {
  var link = event.target.closest ? event.target.closest("[data-fill-form]") : null;
  if (!link) {
    return;
  }
  var form = document.getElementById(link.getAttribute("data-fill-form"));
  if (!form) {
    return;
  }
  event.preventDefault();
  var value = link.getAttribute("data-fill-value") || "";
  var notApplicable = form.elements.namedItem("not_applicable");
  if (notApplicable) {
    notApplicable.checked = link.getAttribute("data-fill-na") === "1";
  }
  var field = form.elements.namedItem("value");
  if (!field) {
    return;
  }
  if (field instanceof RadioNodeList || (field.length !== undefined && !field.tagName)) {
    Array.prototype.forEach.call(field, function (radio) {
      radio.checked = radio.value === value;
    });
    var chosen = Array.prototype.find.call(field, function (radio) { return radio.checked; });
    if (chosen) {
      chosen.focus();
    }
  } else {
    field.value = value;
    field.focus();
  }
  form.classList.add("filled");
});

// The action matrix from the keyboard: arrow keys move between rows, Enter opens a row's editor.
document.addEventListener("keydown", function (event) {
  var row = event.target.closest && event.target.closest("tr.row");
  if (!row || event.target !== row) return;
  if (event.key === "ArrowDown" || event.key === "ArrowUp") {
    var next = event.key === "ArrowDown" ? row.nextElementSibling : row.previousElementSibling;
    while (next && !next.classList.contains("row")) next = event.key === "ArrowDown" ? next.nextElementSibling : next.previousElementSibling;
    if (next) { next.focus(); event.preventDefault(); }
  } else if (event.key === "Enter") {
    var edit = row.querySelector("[data-edit]");
    if (edit) { edit.click(); event.preventDefault(); }
  }
});

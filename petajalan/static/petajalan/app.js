// Petajalan's one site-wide script, served from 'self' like everything else the Content Security
// Policy allows (no inline scripts, handlers or styles: docs/decisions/0081).

// htmx 2 would inject its indicator rules as an inline <style>; app.css carries them instead.
// Set before htmx's own DOMContentLoaded start-up (both scripts are deferred, htmx first).
if (window.htmx) {
  htmx.config.includeIndicatorStyles = false;
}

// A <select data-autosubmit> (the language switcher) sends its form when changed; without
// JavaScript the form's own button does it.
document.addEventListener("change", function (event) {
  var field = event.target;
  if (field.matches && field.matches("select[data-autosubmit]") && field.form) {
    field.form.submit();
  }
});

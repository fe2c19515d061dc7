// Steppe: small enhancements only; every page works without this file.
(function () {
  "use strict";
  // Selects marked data-autosubmit submit their form when changed (the button stays for
  // keyboard and no-script users).
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target && target.matches && target.matches("select[data-autosubmit]") && target.form) {
      target.form.submit();
    }
  });
  // "/" focuses the search box, as in most news and code tools.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    var active = document.activeElement;
    if (active && (active.tagName === "INPUT" || active.tagName === "TEXTAREA" || active.tagName === "SELECT" || active.isContentEditable)) return;
    var box = document.getElementById("q") || document.getElementById("q-top");
    if (box) { event.preventDefault(); box.focus(); box.select(); }
  });
})();

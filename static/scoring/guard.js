// Nothing typed is lost, and decisions are confirmed (issue #10). Served as a file: the CSP
// allows scripts from 'self' only.
//
// form[data-td-unsaved]: once a field of the form changes, leaving the page by any other way
// than submitting that form asks first (the browser's own "leave page?" dialog).
// form[data-td-confirm]: submitting asks to confirm, showing the consequences in the attribute,
// and then tells the server it was confirmed (so it skips its own confirmation page).
(function () {
  "use strict";

  document.querySelectorAll("form[data-td-unsaved]").forEach(function (form) {
    var dirty = false;
    var submitting = false;
    function mark(event) {
      // Fields of other forms (attached with form="…") only sit inside this one.
      if (event.target.form === form) {
        dirty = true;
        form.dataset.tdDirty = "1";
      }
    }
    form.addEventListener("input", mark);
    form.addEventListener("change", mark);
    form.addEventListener("submit", function () { submitting = true; });
    window.addEventListener("beforeunload", function (event) {
      if (dirty && !submitting) {
        event.preventDefault();
        event.returnValue = "";
      }
    });
    // Back from the browser's cache: the page is the saved one again.
    window.addEventListener("pageshow", function () { submitting = false; });
  });

  // Without JavaScript the server answers a confirmation page first (emulation/confirm.py);
  // confirmed here, the form says so and the server acts at once.
  document.querySelectorAll("form[data-td-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.dataset.tdConfirm)) {
        event.preventDefault();
        event.stopImmediatePropagation();
        return;
      }
      if (!form.querySelector("input[name=confirmed]")) {
        var confirmed = document.createElement("input");
        confirmed.type = "hidden";
        confirmed.name = "confirmed";
        confirmed.value = "1";
        form.appendChild(confirmed);
      }
    });
  });
})();

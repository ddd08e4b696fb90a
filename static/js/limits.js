// How much of a text's limit is used, under every textarea that has one (issue #12). The
// limit itself is enforced by the browser (maxlength), the form and the model; this only
// shows "123 / 2000" as people type, so nobody is surprised when the field stops taking
// characters. Served as a file: the CSP allows scripts from 'self' only.
(function () {
  "use strict";

  document.querySelectorAll("textarea[maxlength]").forEach(function (area) {
    var limit = parseInt(area.getAttribute("maxlength"), 10);
    if (!limit) {
      return;
    }
    var counter = document.createElement("div");
    counter.className = "form-text text-end td-limit-counter";
    counter.setAttribute("aria-live", "polite");
    function update() {
      counter.textContent = area.value.length + " / " + limit;
      counter.classList.toggle("text-danger", area.value.length >= limit);
    }
    area.addEventListener("input", update);
    update();
    area.insertAdjacentElement("afterend", counter);
  });
})();

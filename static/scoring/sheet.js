// Running total of the self-scoring form. The server renders the same totals and recomputes
// them on "save draft", so the page is right without JavaScript; this only keeps them live.
(function () {
  "use strict";
  var form = document.querySelector("form[data-td-totals]");
  if (!form) return;
  var lang = document.documentElement.lang || "vi";

  function parse(text) {
    text = (text || "").trim().replace(/\s/g, "");
    if (!text) return null;
    // "1.234,5" / "1,234.5" grouped; otherwise a lone comma or dot is the decimal mark.
    if (/^\d{1,3}(\.\d{3})+(,\d+)?$/.test(text) && (text.split(".").length > 2 || text.indexOf(",") >= 0)) {
      text = text.replace(/\./g, "").replace(",", ".");
    } else if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(text) && (text.split(",").length > 2 || text.indexOf(".") >= 0)) {
      text = text.replace(/,/g, "");
    } else if (/^(\d+([.,]\d*)?|[.,]\d+)$/.test(text)) {
      text = text.replace(",", ".");
    } else {
      return NaN;
    }
    return parseFloat(text);
  }

  function format(value) {
    var rounded = Math.round(value * 100) / 100;
    return rounded.toLocaleString(lang === "vi" ? "vi-VN" : "en-GB", { maximumFractionDigits: 2 });
  }

  function recompute() {
    var sums = { scored: 0, bonus: 0, deduction: 0 };
    form.querySelectorAll("input.td-self[data-kind]").forEach(function (input) {
      var value = parse(input.value);
      var max = parseFloat(input.dataset.max);
      input.classList.remove("is-invalid-live");
      if (value === null) return;
      if (isNaN(value) || value < 0) { input.classList.add("is-invalid-live"); return; }
      if (input.dataset.per) {
        value = Math.min(Math.floor(value) * parseFloat(input.dataset.per), max);
      } else if (value > max) {
        input.classList.add("is-invalid-live");
        return;
      }
      sums[input.dataset.kind] += value;
    });
    var set = function (id, v) { var el = document.getElementById(id); if (el) el.textContent = format(v); };
    set("total-base", sums.scored);
    set("total-bonus", sums.bonus);
    set("total-deduction", sums.deduction);
    set("total-total", sums.scored + sums.bonus - sums.deduction);
  }

  form.addEventListener("input", recompute);
})();

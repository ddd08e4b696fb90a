// The conference screen: refresh the ballots every few seconds without reloading the page.
// Served as a file (the CSP allows scripts from 'self' only); without JavaScript the page
// reloads itself (<noscript> meta refresh) and has a reload link.
(function () {
  "use strict";
  var box = document.getElementById("screen-ballots");
  if (!box || !window.fetch) {
    return;
  }
  var url = box.dataset.liveUrl;
  var every = 4000;
  function refresh() {
    fetch(url, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.text();
      })
      .then(function (html) {
        box.innerHTML = html;
        box.dataset.refreshed = String(Date.now());
      })
      .catch(function () { /* keep what is shown; try again at the next tick */ })
      .then(function () { window.setTimeout(refresh, every); });
  }
  window.setTimeout(refresh, every);
})();

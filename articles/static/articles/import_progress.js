// The import page follows its job without reloading: every few seconds it asks for the progress
// fragment and puts it in the polite live region (read out only when it changes). Without
// JavaScript, the page's "Mettre à jour" link does the same by hand.
(function () {
  "use strict";
  var region = document.getElementById("import-live");
  if (!region || !region.dataset.progressUrl || !window.fetch) return;
  var url = region.dataset.progressUrl;
  var delay = 1000 * (parseFloat(region.dataset.pollSeconds) || 2);
  var failures = 0;

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (progress) {
        failures = 0;
        if (region.innerHTML.trim() !== progress.html.trim()) region.innerHTML = progress.html;
        if (progress.active) window.setTimeout(poll, delay);
      })
      .catch(function () {
        // A worker restarting or a network hiccup: try a few more times, then leave the link.
        failures += 1;
        if (failures < 5) window.setTimeout(poll, delay * failures);
      });
  }

  window.setTimeout(poll, delay);
})();

// "il y a 12 min" beside today's clock times, kept true while the page stays open. The server
// writes the same words at render (articles/templatetags/live.py: change both together); this
// only refreshes them from each element's data-since (an ISO 8601 time).
(function () {
  "use strict";
  var DAY = 24 * 60 * 60 * 1000;

  function ago(since, now) {
    var elapsed = now - since;
    if (isNaN(elapsed) || elapsed < 0 || elapsed >= DAY) return "";
    var minutes = Math.floor(elapsed / 60000);
    if (minutes < 1) return "à l’instant";
    if (minutes < 60) return "il y a " + minutes + " min";
    return "il y a " + Math.floor(minutes / 60) + " h";
  }

  function refresh() {
    var now = Date.now();
    var labels = document.querySelectorAll("[data-since]");
    for (var i = 0; i < labels.length; i++) {
      var text = ago(Date.parse(labels[i].getAttribute("data-since")), now);
      if (labels[i].textContent !== text) labels[i].textContent = text;
    }
  }

  refresh();
  setInterval(refresh, 30000);
})();

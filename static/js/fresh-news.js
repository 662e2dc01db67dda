// "3 nouvelles infos" at the top of a timeline when newer articles arrive while it is open.
// The page works without it: this only asks the server, every minute while the page is visible,
// how many articles are newer than the first one shown (articles/live_views.py), and offers a
// link that loads the timeline again with them, marked. The notice sits in a polite live region.
(function () {
  "use strict";
  var INTERVAL = 60000;
  var notice = document.querySelector("[data-fresh-url]");
  if (!notice || !window.fetch) return;
  var url = notice.getAttribute("data-fresh-url");
  var timer = null;
  var busy = false;

  function words(count, more) {
    if (more) return "Plus de " + count + " nouvelles infos";
    return count + (count > 1 ? " nouvelles infos" : " nouvelle info");
  }

  function show(data) {
    if (!data || !data.count) return;
    var text = words(data.count, data.more);
    var link = notice.querySelector("a");
    if (link && link.textContent === text) return;
    if (!link) {
      link = document.createElement("a");
      link.className = "fresh-news__link";
      link.href = notice.getAttribute("data-reload-url");
      notice.appendChild(link);
    }
    link.textContent = text;
  }

  function poll() {
    timer = null;
    if (busy) return;
    busy = true;
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(show)
      .catch(function () {})
      .then(function () {
        busy = false;
        schedule();
      });
  }

  function schedule() {
    if (timer === null && !busy && !document.hidden) timer = setTimeout(poll, INTERVAL);
  }

  document.addEventListener("visibilitychange", function () {
    if (document.hidden) {
      clearTimeout(timer);
      timer = null;
    } else if (timer === null) {
      poll();
    }
  });
  schedule();
})();

// A photo that cannot be shown (its server is gone, the file moved) collapses instead of leaving a
// grey box with the broken-image icon: a figure keeps its caption and credit under a short
// "Photo indisponible", a figure without words goes, a timeline thumbnail goes. No inline handler
// (the Content-Security-Policy allows none): errors are caught on the document, as they happen,
// and the photos that failed before this script ran are found by their state.
(function () {
  "use strict";
  var PHOTOS = "figure.photo img, img.news-item__thumb";

  function collapse(img) {
    var figure = img.closest("figure.photo");
    img.hidden = true;
    if (!figure) return;
    if (figure.querySelector("figcaption")) figure.classList.add("photo--failed");
    else figure.hidden = true;
  }

  document.addEventListener("error", function (event) {
    var img = event.target;
    if (img && img.matches && img.matches(PHOTOS)) collapse(img);
  }, true);

  function failed(img) { return img.complete && img.naturalWidth === 0 && img.getAttribute("src"); }
  Array.prototype.forEach.call(document.querySelectorAll(PHOTOS), function (img) {
    if (failed(img)) collapse(img);
  });
})();

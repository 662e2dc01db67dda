// The search page: "Affiner la recherche" is folded on a phone (the results come first) and open
// beside the results on a wide screen. Without JavaScript it is folded everywhere, one click away.
(function () {
  "use strict";
  var refine = document.getElementById("affiner");
  if (!refine || !window.matchMedia) return;
  var wide = window.matchMedia("(min-width: 52.01rem)");
  function follow() { if (wide.matches) refine.open = true; }
  follow();
  if (wide.addEventListener) wide.addEventListener("change", follow);
})();

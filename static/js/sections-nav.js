// On a phone the sections bar scrolls sideways: bring the current section into view, so the
// reader sees where they are (the bar is marked with aria-current; this only scrolls it).
(function () {
  "use strict";
  var list = document.querySelector(".sections-nav ul");
  var current = list && list.querySelector("[aria-current]");
  if (!current || list.scrollWidth <= list.clientWidth) return;
  var item = current.parentElement.getBoundingClientRect();
  var box = list.getBoundingClientRect();
  list.scrollLeft += item.left - box.left - (box.width - item.width) / 2;
})();

// Accord: a box that scrolls sideways (a wide table on a phone, a block of code, a chart)
// can be scrolled from the keyboard: it gets tabindex="0" (WCAG 2.1.1; axe's rule
// scrollable-region-focusable). Only boxes that overflow get it, so that a table that fits
// adds no tab stop; the marks follow the window's width. No inline script: CSP.
(function () {
  "use strict";
  var SELECTOR = ".table-scroll, figure.chart, pre, .secret, .tabs, main table";

  function overflows(box) {
    return box.scrollWidth > box.clientWidth + 1;
  }

  function mark() {
    var boxes = document.querySelectorAll(SELECTOR);
    for (var i = 0; i < boxes.length; i++) {
      var box = boxes[i];
      if (overflows(box)) {
        if (!box.hasAttribute("tabindex")) {
          box.setAttribute("tabindex", "0");
          box.setAttribute("data-scroll-focus", "");
        }
      } else if (box.hasAttribute("data-scroll-focus")) {
        box.removeAttribute("tabindex");
        box.removeAttribute("data-scroll-focus");
      }
    }
  }

  var pending = null;
  window.addEventListener("resize", function () {
    clearTimeout(pending);
    pending = setTimeout(mark, 150);
  });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mark);
  } else {
    mark();
  }
})();

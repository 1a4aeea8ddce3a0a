/* Sticky offsets measured, not assumed: the top bar wraps to two or three rows at tablet widths
   (and is static on the editor and on phones), so the section bar and jump links take its real
   height, and the section bar's own, from --topbar-h and --soapnav-h on the body. */
(function () {
  "use strict";

  var body = document.body;
  var bar = document.querySelector(".topbar");
  var nav = document.querySelector(".soap-nav");

  function height(el, onlySticky) {
    if (!el) { return 0; }
    var pos = window.getComputedStyle(el).position;
    if (onlySticky && pos !== "sticky" && pos !== "fixed") { return 0; }
    return Math.ceil(el.getBoundingClientRect().height);
  }

  function update() {
    body.style.setProperty("--topbar-h", height(bar, true) + "px");
    if (nav) { body.style.setProperty("--soapnav-h", height(nav, false) + "px"); }
  }

  update();
  if (window.ResizeObserver) {
    var watch = new ResizeObserver(update);
    [bar, nav].forEach(function (el) { if (el) { watch.observe(el); } });
  }
  // A width change can make the bar sticky or static (media queries) without resizing it.
  window.addEventListener("resize", update);
}());

// Check-in body map: taps become normalised {view, x, y} points in a hidden input, which the
// server validates. A front/back toggle shows one view at a time; tapping near a mark removes
// it. Without JavaScript the maps are pictures and the form still sends (without points).
(function () {
  "use strict";

  var SVG_NS = "http://www.w3.org/2000/svg";
  var VIEW_W = 200, VIEW_H = 400; // the viewBox of clinical/bodymap.render_svg
  var REMOVE_RADIUS = 14;         // in viewBox units: about a fingertip on a phone

  function round(value) { return Math.round(value * 10000) / 10000; }

  function readPoints(input) {
    try {
      var data = JSON.parse(input.value || "[]");
      return Array.isArray(data) ? data.filter(function (p) {
        return p && typeof p.x === "number" && typeof p.y === "number";
      }) : [];
    } catch (err) {
      return []; // the server already said what was wrong; start again from an empty map
    }
  }

  function setup(box) {
    var input = document.getElementById(box.getAttribute("data-input"));
    var max = parseInt(box.getAttribute("data-max"), 10) || 20;
    var figures = Array.prototype.slice.call(box.querySelectorAll(".map-view"));
    var buttons = Array.prototype.slice.call(box.querySelectorAll(".map-view-btn"));
    var status = box.querySelector(".map-status");
    var count = box.querySelector("[data-count]");
    var points = readPoints(input);

    function svgOf(view) {
      var figure = figures.filter(function (f) { return f.getAttribute("data-view") === view; })[0];
      return figure ? figure.querySelector("svg") : null;
    }

    function draw() {
      box.querySelectorAll(".tap-mark").forEach(function (mark) { mark.remove(); });
      points.forEach(function (p, index) {
        var svg = svgOf(p.view);
        if (!svg) { return; }
        var mark = document.createElementNS(SVG_NS, "g");
        mark.setAttribute("class", "tap-mark");
        mark.setAttribute("transform", "translate(" + (p.x * VIEW_W).toFixed(1) + " " +
                          (p.y * VIEW_H).toFixed(1) + ")");
        var ring = document.createElementNS(SVG_NS, "circle");
        ring.setAttribute("r", "7");
        ring.setAttribute("fill", "#c8553d");
        ring.setAttribute("fill-opacity", "0.85");
        ring.setAttribute("stroke", "#fff");
        ring.setAttribute("stroke-width", "2");
        var label = document.createElementNS(SVG_NS, "text");
        label.setAttribute("text-anchor", "middle");
        label.setAttribute("y", "3.2");
        label.setAttribute("font-size", "8.5");
        label.setAttribute("font-weight", "700");
        label.setAttribute("fill", "#fff");
        label.textContent = String(index + 1);
        mark.appendChild(ring);
        mark.appendChild(label);
        svg.appendChild(mark);
      });
      input.value = points.length ? JSON.stringify(points) : "";
      count.textContent = String(points.length);
      status.classList.toggle("is-full", points.length >= max);
    }

    function show(view) {
      figures.forEach(function (f) { f.hidden = f.getAttribute("data-view") !== view; });
      buttons.forEach(function (b) {
        b.setAttribute("aria-pressed", b.getAttribute("data-view") === view ? "true" : "false");
      });
    }

    function tap(figure, event) {
      var svg = figure.querySelector("svg");
      var matrix = svg.getScreenCTM();
      if (!matrix) { return; }
      var pt = svg.createSVGPoint();
      pt.x = event.clientX;
      pt.y = event.clientY;
      var local = pt.matrixTransform(matrix.inverse());
      var view = figure.getAttribute("data-view");
      for (var i = points.length - 1; i >= 0; i -= 1) {
        var p = points[i];
        if (p.view === view && Math.hypot(p.x * VIEW_W - local.x, p.y * VIEW_H - local.y) <
            REMOVE_RADIUS) {
          points.splice(i, 1);
          draw();
          return;
        }
      }
      var x = local.x / VIEW_W, y = local.y / VIEW_H;
      if (points.length >= max || x < 0 || x > 1 || y < 0 || y > 1) { return; }
      points.push({ view: view, x: round(x), y: round(y) });
      draw();
    }

    figures.forEach(function (figure) {
      figure.classList.add("is-tappable");
      figure.addEventListener("click", function (event) { tap(figure, event); });
    });
    buttons.forEach(function (b) {
      b.addEventListener("click", function () { show(b.getAttribute("data-view")); });
    });
    box.querySelector("[data-map-undo]").addEventListener("click", function () {
      points.pop();
      draw();
    });
    box.querySelector("[data-map-clear]").addEventListener("click", function () {
      points = [];
      draw();
    });
    box.querySelectorAll("[hidden]").forEach(function (el) {
      if (!el.classList.contains("map-view")) { el.hidden = false; }
    });
    // Reopen on the view the last mark was on (after a failed submit), else the front.
    show(points.length ? points[points.length - 1].view : figures[0].getAttribute("data-view"));
    draw();
  }

  document.querySelectorAll("[data-checkin-map]").forEach(setup);
}());

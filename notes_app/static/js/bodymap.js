/* The trigger-point body map of the session editor: tap to place, drag to adjust, keyboard to
   nudge. Markers are data (view, normalised x/y, muscle, side, kind, scores) written as JSON
   into a hidden field the autosave sends with the note; the picture is redrawn from the data.
   Suggestions mirror clinical/muscles.py nearest_muscles; the server validates everything. */
(function () {
  "use strict";

  var slot = document.getElementById("bodymap-slot");
  var dataEl = document.getElementById("bodymap-data");
  var form = document.getElementById("note-form");
  if (!slot || !dataEl || !form) { return; }
  var NS = "http://www.w3.org/2000/svg", W = 200, H = 400;
  // Hit radius in map units: 14 is >= 44 px across at the editor's smallest map width.
  var HIT = 14, GLYPH = 5;
  var data = JSON.parse(dataEl.getAttribute("data-json"));
  var cat = data.catalogue, field = slot.querySelector('[name="markers"]');
  var contField = slot.querySelector('[name="continued"]');
  var kindLabels = {}, statusLabels = {};
  cat.kinds.forEach(function (k) { kindLabels[k[0]] = k[1]; });
  cat.statuses.forEach(function (k) { statusLabels[k[0]] = k[1]; });

  var S = {
    markers: data.markers || [], continued: data.continued || {}, ghosts: data.ghosts || [],
    view: "back", selected: null, ghost: null, referral: false, undo: [], moving: null,
    zone: null, locate: null, mode: null
  };
  var views = {};
  slot.querySelectorAll(".bm-view").forEach(function (box) {
    var svg = box.querySelector("svg");
    svg.setAttribute("data-interactive", "1");
    // With markers to tap inside, the picture is a group of controls, not an image.
    if (svg.getAttribute("role") === "img") { svg.setAttribute("role", "group"); }
    var layers = {};
    ["zones", "locate", "ghosts", "markers"].forEach(function (name) {
      layers[name] = document.createElementNS(NS, "g");
      layers[name].setAttribute("class", "bm-" + name);
    });
    // Zones sit under the guide lines and outline, like the printed map.
    svg.insertBefore(layers.zones, svg.querySelector(".kw-guides"));
    ["locate", "ghosts", "markers"].forEach(function (n) { svg.appendChild(layers[n]); });
    views[box.getAttribute("data-view")] = { box: box, svg: svg, layers: layers };
  });

  function el(name, attrs, parent) {
    var node = document.createElementNS(NS, name);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (parent) { parent.appendChild(node); }
    return node;
  }

  function newKnotId() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return btoa(String.fromCharCode.apply(null, bytes)).replace(/\+/g, "-")
      .replace(/\//g, "_").replace(/=+$/, "");
  }

  function sideFor(view, x) {
    if (Math.abs(x - 0.5) < 0.012) { return "M"; }
    // Domain §1.1: the back view shows the client's right on the viewer's right; front mirrors.
    return (x > 0.5) === (view === "back") ? "R" : "L";
  }

  function nearest(view, x, y, limit) {
    var best = {};
    Object.keys(cat.muscles).forEach(function (id) {
      cat.muscles[id].pos.forEach(function (p) {
        if (p[0] !== view) { return; }
        var d = Math.hypot((x - p[2]) / 2, y - p[3]), key = id + "|" + p[1];
        if (!(key in best) || d < best[key]) { best[key] = d; }
      });
    });
    return Object.keys(best).sort(function (a, b) { return best[a] - best[b]; })
      .slice(0, limit || 5).map(function (k) { return k.split("|"); });
  }

  function inside(x, y, poly) {
    var hit = false;
    for (var i = 0, j = poly.length - 1; i < poly.length; j = i++) {
      var xi = poly[i][0], yi = poly[i][1], xj = poly[j][0], yj = poly[j][1];
      if ((yi > y) !== (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) { hit = !hit; }
    }
    return hit;
  }

  function rows() {
    return Array.prototype.map.call(form.querySelectorAll("[data-row]"), function (row) {
      var get = function (k) {
        var c = row.querySelector('[data-k="' + k + '"]:checked') ||
          row.querySelector('select[data-k="' + k + '"]');
        return c ? c.value : "";
      };
      return { muscle_id: get("muscle_id"), side: get("side"), technique: get("technique") };
    });
  }

  /* Mirrors sessions/markers.py marker_warnings: deep work planned where the marker sits on a
     LOCAL site or an endangerment site. The server's text is the one recorded. */
  function warningsFor(m) {
    var local = data.local.filter(function (r) { return r[2] === m.view && inside(m.x, m.y, r[3]); });
    var regionIds = local.map(function (r) { return r[0]; });
    var deep = rows().filter(function (r) {
      return cat.deep.indexOf(r.technique) >= 0 && ((m.muscle_id && r.muscle_id === m.muscle_id &&
        (r.side === m.side || r.side === "B")) || regionIds.indexOf(r.muscle_id) >= 0);
    });
    if (!deep.length) { return []; }
    var out = [];
    var flagged = local.filter(function (r) { return data.sites[r[0]]; });
    if (flagged.length) {
      out.push("Deep work is planned in an area the intake says to avoid: " +
        flagged.map(function (r) { return r[1]; }).join(", ") + ".");
    }
    var danger = cat.danger.filter(function (s) { return s[2] === m.view && inside(m.x, m.y, s[3]); });
    if (danger.length) {
      out.push("Deep work is planned on an endangerment site (" +
        danger.map(function (s) { return s[1]; }).join(", ") + "): broad, light pressure only.");
    }
    return out;
  }

  function nameOf(m) {
    var muscle = cat.muscles[m.muscle_id];
    var side = { L: "left", R: "right", M: "midline" }[m.side] || "";
    return (muscle ? muscle.name : "Unnamed finding") + (side ? ", " + side : "");
  }

  function labelOf(m, i) {
    var parts = ["Marker " + (i + 1), nameOf(m), (kindLabels[m.kind] || "finding").toLowerCase()];
    if (m.tenderness !== null && m.tenderness !== undefined) { parts.push("tenderness " + m.tenderness); }
    if (m.after_status) { parts.push("after: " + statusLabels[m.after_status].toLowerCase()); }
    return parts.join(", ");
  }

  function glyph(kind, g, ink) {
    var a = { fill: ink, stroke: "#fff", "stroke-width": "1" };
    if (kind === "latent") { el("circle", { r: "3.6", fill: "#fff", stroke: ink, "stroke-width": "1.8" }, g); }
    else if (kind === "taut_band") { el("rect", Object.assign({ x: "-6.5", y: "-2", width: "13", height: "4", rx: "1.2" }, a), g); }
    else if (kind === "tender") { el("path", { d: "M0-4.8L4.8 0 0 4.8-4.8 0Z", fill: "#fff", stroke: ink, "stroke-width": "1.6" }, g); }
    else if (kind === "adhesion") { el("path", { d: "M-3.5-3.5L3.5 3.5M3.5-3.5L-3.5 3.5", stroke: ink, "stroke-width": "1.9" }, g); }
    else if (kind === "spasm") { el("path", { d: "M-6 1.5L-3-2.5 0 2.5 3-2.5 6 1.5", fill: "none", stroke: ink, "stroke-width": "1.8", "stroke-linejoin": "round" }, g); }
    else { el("circle", Object.assign({ r: "3.9" }, a), g); }
  }

  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }

  function shadeZones(layer, view) {
    var wanted = [];
    function add(muscleId, side) {
      var m = cat.muscles[muscleId];
      if (!m) { return; }
      m.zones.forEach(function (z) { wanted.push([z[0], z[1], side]); });
    }
    if (S.referral) {
      var sel = S.selected !== null ? [S.markers[S.selected]] : S.markers;
      sel.forEach(function (m) { if (m && m.muscle_id) { add(m.muscle_id, m.side); } });
    }
    if (S.zone) { wanted.push([S.zone, "essential", "B"]); }
    // Spillover first, so an essential zone over the same spot stays the darker one.
    wanted.sort(function (a, b) { return (a[1] === "essential") - (b[1] === "essential"); });
    wanted.forEach(function (w) {
      var paths = (cat.zones[w[0]] || { d: {} }).d[view] || {};
      var sides = w[2] === "R" || w[2] === "L" ? [w[2]] : ["R", "L"];
      sides.forEach(function (s) {
        if (!paths[s]) { return; }
        el("path", { d: paths[s], "class": "bm-zone bm-zone--" + w[1], "data-zone": w[0] }, layer);
      });
    });
  }

  function render() {
    Object.keys(views).forEach(function (view) {
      var v = views[view], L = v.layers;
      [L.zones, L.locate, L.ghosts, L.markers].forEach(clear);
      shadeZones(L.zones, view);
      if (S.locate && S.locate[0] === view) {
        var ring = el("g", { "class": "bm-locate-ring", transform: "translate(" + S.locate[1] * W + " " + S.locate[2] * H + ")" }, L.locate);
        el("circle", { r: "9" }, ring);
      }
      var taken = S.markers.map(function (m) { return m.knot_id; });
      S.ghosts.forEach(function (g, gi) {
        if (g.view !== view || taken.indexOf(g.knot_id) >= 0) { return; }
        var resolved = S.continued[g.knot_id] === "resolved";
        var node = el("g", { "class": "bm-ghost" + (resolved ? " is-resolved" : "") + (S.ghost === gi ? " is-selected" : ""),
          transform: "translate(" + g.x * W + " " + g.y * H + ")", tabindex: "0", role: "button",
          "data-ghost": String(gi), "aria-label": "Last visit: " + nameOf(g) + (resolved ? ", resolved" : ", tap to continue") }, L.ghosts);
        el("circle", { r: String(HIT), "class": "bm-hit" }, node);
        glyph(g.kind, node, "#7c8a96");
        if (resolved) { el("path", { d: "M-3 0l2 2.2 4-4.4", "class": "bm-ghost-check" }, node); }
      });
      S.markers.forEach(function (m, i) {
        if (m.view !== view) { return; }
        var warn = warningsFor(m).length && !m.warning_ack;
        var node = el("g", { "class": "bm-marker" + (S.selected === i ? " is-selected" : "") + (warn ? " needs-ack" : ""),
          transform: "translate(" + m.x * W + " " + m.y * H + ")", tabindex: "0", role: "button",
          "data-marker": String(i), "aria-label": labelOf(m, i) }, L.markers);
        el("circle", { r: String(HIT), "class": "bm-hit" }, node);
        if (S.selected === i || warn) { el("circle", { r: "8", "class": "bm-ring" }, node); }
        glyph(m.kind, node, "#1d2a2e");
        var t = el("text", { x: "6", y: "-5", "class": "bm-num" }, node);
        t.textContent = String(i + 1);
      });
      v.box.hidden = view !== S.view;
    });
    slot.querySelectorAll("[data-view-btn]").forEach(function (b) {
      b.setAttribute("aria-pressed", String(b.getAttribute("data-view-btn") === S.view));
    });
    var ref = slot.querySelector("[data-bm-referral]");
    ref.setAttribute("aria-pressed", String(S.referral));
    slot.querySelector("[data-bm-undo]").disabled = !S.undo.length;
    var list = slot.querySelector("#bm-list");
    clear(list);
    S.markers.forEach(function (m, i) {
      var li = document.createElement("li");
      li.textContent = labelOf(m, i) + ", " + m.view + " view";
      list.appendChild(li);
    });
    slot.querySelector("[data-bm-count]").textContent = S.markers.length
      ? S.markers.length + " marker" + (S.markers.length > 1 ? "s" : "") : "No markers yet";
    if (api.panel) { api.panel.render(); }
  }

  /* Write the map into the autosave's hidden fields; a marker whose warning is not yet
     acknowledged would make the server refuse the whole note, so the map waits for it. */
  function commit() {
    var held = S.markers.filter(function (m) { return warningsFor(m).length && !m.warning_ack; });
    slot.querySelector("[data-bm-held]").hidden = !held.length;
    if (!held.length) {
      field.value = JSON.stringify(S.markers);
      contField.value = JSON.stringify(S.continued);
      form.dispatchEvent(new CustomEvent("note:changed", { bubbles: true }));
    }
    render();
  }

  function snapshot() {
    S.undo.push(JSON.stringify({ markers: S.markers, continued: S.continued }));
    if (S.undo.length > 50) { S.undo.shift(); }
  }

  function undo() {
    if (!S.undo.length) { return; }
    var prev = JSON.parse(S.undo.pop());
    S.markers = prev.markers;
    S.continued = prev.continued;
    S.selected = null;
    S.ghost = null;
    commit();
  }

  function toMap(svg, evt) {
    var pt = svg.createSVGPoint();
    pt.x = evt.clientX;
    pt.y = evt.clientY;
    var p = pt.matrixTransform(svg.getScreenCTM().inverse());
    return [Math.min(1, Math.max(0, p.x / W)), Math.min(1, Math.max(0, p.y / H))];
  }

  function round(v) { return Math.round(v * 10000) / 10000; }

  function place(view, x, y, extra) {
    snapshot();
    var m, from = S.moving;
    if (from) {
      m = { knot_id: from.knot_id, muscle_id: from.muscle_id, side: from.side, kind: from.kind };
      S.continued[from.knot_id] = "moved";
      S.moving = null;
    } else {
      var guess = nearest(view, x, y, 1)[0];
      m = { knot_id: newKnotId(), muscle_id: guess ? guess[0] : null,
            side: guess ? guess[1] : sideFor(view, x), kind: "active" };
    }
    Object.assign(m, { view: view, x: round(x), y: round(y), tenderness: null,
      referral_reproduced: false, referral_zone_ids: [], after_status: null, note: "",
      warning_ack: false }, extra || {});
    S.markers.push(m);
    S.selected = S.markers.length - 1;
    S.ghost = null;
    S.mode = "marker";
    commit();
  }

  var drag = null;
  Object.keys(views).forEach(function (view) {
    var svg = views[view].svg;
    svg.addEventListener("pointerdown", function (evt) {
      var node = evt.target.closest("[data-marker]");
      drag = { id: node ? Number(node.getAttribute("data-marker")) : null, x: evt.clientX,
               y: evt.clientY, moved: false, pointer: evt.pointerId };
      if (node) { svg.setPointerCapture(evt.pointerId); }
    });
    svg.addEventListener("pointermove", function (evt) {
      if (!drag || drag.id === null || evt.pointerId !== drag.pointer) { return; }
      if (!drag.moved && Math.hypot(evt.clientX - drag.x, evt.clientY - drag.y) < 6) { return; }
      if (!drag.moved) { snapshot(); drag.moved = true; }
      var p = toMap(svg, evt), m = S.markers[drag.id];
      m.x = round(p[0]);
      m.y = round(p[1]);
      render();
    });
    svg.addEventListener("pointerup", function (evt) {
      if (!drag || evt.pointerId !== drag.pointer) { return; }
      var d = drag;
      drag = null;
      if (d.moved) { S.selected = d.id; S.mode = "marker"; commit(); return; }
      var ghost = evt.target.closest("[data-ghost]");
      if (d.id !== null && ambiguous(view, svg, evt, d.id)) { return; }
      if (d.id !== null) { select(d.id); }
      else if (ghost && !S.moving) { S.ghost = Number(ghost.getAttribute("data-ghost")); S.selected = null; S.mode = "ghost"; render(); }
      else { var p = toMap(svg, evt); place(view, p[0], p[1]); }
    });
    svg.addEventListener("pointercancel", function () { drag = null; });
    svg.addEventListener("keydown", function (evt) {
      var node = evt.target.closest("[data-marker], [data-ghost]");
      if (!node) { return; }
      if (node.hasAttribute("data-ghost")) {
        if (evt.key === "Enter" || evt.key === " ") {
          evt.preventDefault();
          S.ghost = Number(node.getAttribute("data-ghost"));
          S.selected = null;
          S.mode = "ghost";
          render();
        }
        return;
      }
      var i = Number(node.getAttribute("data-marker")), m = S.markers[i];
      var step = evt.shiftKey ? 0.02 : 0.005;
      var moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step / 2], ArrowDown: [0, step / 2] };
      if (moves[evt.key]) {
        evt.preventDefault();
        snapshot();
        m.x = round(Math.min(1, Math.max(0, m.x + moves[evt.key][0])));
        m.y = round(Math.min(1, Math.max(0, m.y + moves[evt.key][1])));
        S.selected = i;
        commit();
        focusMarker(i);
      } else if (evt.key === "Enter" || evt.key === " ") {
        evt.preventDefault();
        select(i);
        var first = slot.querySelector(".bm-panel button, .bm-panel input");
        if (first) { first.focus(); }
      } else if (evt.key === "Delete" || evt.key === "Backspace") {
        evt.preventDefault();
        remove(i);
      }
    });
  });

  /* A tap inside a marker's target but off its glyph, where another muscle lies nearer, is
     not guessed: the panel asks "new marker here / select marker N". */
  function ambiguous(view, svg, evt, id) {
    var p = toMap(svg, evt), m = S.markers[id];
    var off = Math.hypot((p[0] - m.x) * W, (p[1] - m.y) * H);
    var guess = nearest(view, p[0], p[1], 1)[0];
    if (off <= GLYPH || !guess || (guess[0] === m.muscle_id && guess[1] === m.side)) { return false; }
    S.choice = { view: view, x: p[0], y: p[1], id: id, muscle_id: guess[0], side: guess[1] };
    S.selected = null;
    S.ghost = null;
    S.mode = "choose";
    render();
    return true;
  }

  function focusMarker(i) {
    var n = views[S.view].svg.querySelector('[data-marker="' + i + '"]');
    if (n) { n.focus(); }
  }

  function select(i) {
    S.selected = i;
    S.ghost = null;
    S.mode = "marker";
    render();
  }

  function remove(i) {
    snapshot();
    var m = S.markers.splice(i, 1)[0];
    if (m && S.continued[m.knot_id] && S.continued[m.knot_id] !== "resolved") { delete S.continued[m.knot_id]; }
    S.selected = null;
    S.mode = null;
    commit();
  }

  function setView(view) {
    S.view = view;
    render();
  }

  slot.querySelectorAll("[data-view-btn]").forEach(function (b) {
    b.addEventListener("click", function () { setView(b.getAttribute("data-view-btn")); });
  });
  slot.querySelector("[data-bm-referral]").addEventListener("click", function () {
    S.referral = !S.referral;
    render();
  });
  slot.querySelector("[data-bm-undo]").addEventListener("click", undo);
  slot.querySelector("[data-bm-lookup]").addEventListener("click", function () {
    S.mode = S.mode === "lookup" ? null : "lookup";
    S.selected = null;
    S.ghost = null;
    render();
  });
  // Technique rows can turn a marker's spot into a warning: re-check when they change.
  // Only row changes count: redrawing on every blur would swallow the tap that caused it.
  form.addEventListener("change", function (evt) {
    if (!slot.contains(evt.target) && evt.target.closest("[data-row]")) { render(); }
  });

  var api = {
    S: S, cat: cat, data: data, slot: slot, nearest: nearest, nameOf: nameOf, labelOf: labelOf,
    warningsFor: warningsFor, snapshot: snapshot, commit: commit, render: render, remove: remove,
    select: select, setView: setView, place: place, kindLabels: kindLabels, sideFor: sideFor,
    statusLabels: statusLabels, newKnotId: newKnotId
  };
  if (window.KnotworkMapPanel) { api.panel = window.KnotworkMapPanel(api); }
  window.KnotworkMap = api;
  render();
}());

/* The body map's side panel: the selected marker's details as big chips, the ghost decisions
   (still there / moved / resolved) and the "where could this pain come from?" lookup.
   Loaded before bodymap.js, which calls KnotworkMapPanel(api) with its state. */
(function () {
  "use strict";

  function h(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "class") { node.className = attrs[k]; } else { node.setAttribute(k, attrs[k]); }
    });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function chip(label, pressed, onTap, extra) {
    var b = h("button", { type: "button", "class": "bm-chip" + (extra ? " " + extra : ""),
                          "aria-pressed": String(!!pressed) }, label);
    b.addEventListener("click", onTap);
    return b;
  }

  function group(title, parent) {
    var box = h("div", { "class": "bm-group", role: "group", "aria-label": title });
    box.appendChild(h("p", { "class": "bm-group-title" }, title));
    var chips = h("div", { "class": "bm-chips" });
    box.appendChild(chips);
    parent.appendChild(box);
    return chips;
  }

  window.KnotworkMapPanel = function (api) {
    var S = api.S, cat = api.cat, panel = api.slot.querySelector(".bm-panel");
    var filter = "", otherOpen = false;

    function change(fn) {
      api.snapshot();
      fn(S.markers[S.selected]);
      api.commit();
    }

    function muscleChips(m, box) {
      var chips = group("Muscle", box);
      api.nearest(m.view, m.x, m.y, 5).forEach(function (s) {
        var name = cat.muscles[s[0]].name + (s[1] !== m.side ? " (" + s[1] + ")" : "");
        chips.appendChild(chip(name, m.muscle_id === s[0], function () {
          change(function (mk) { mk.muscle_id = s[0]; mk.side = s[1]; mk.referral_zone_ids = []; });
        }, "bm-suggest"));
      });
      chips.appendChild(chip("Other…", otherOpen, function () {
        otherOpen = !otherOpen;
        api.render();
      }));
      if (!otherOpen) { return; }
      var input = h("input", { type: "search", "class": "bm-filter", placeholder: "Filter muscles",
                               "aria-label": "Filter muscles", value: filter });
      var list = h("div", { "class": "bm-chips bm-other" });
      function fill() {
        while (list.firstChild) { list.removeChild(list.firstChild); }
        Object.keys(cat.muscles).filter(function (id) {
          var n = cat.muscles[id].name.toLowerCase();
          return !filter || n.indexOf(filter.toLowerCase()) >= 0 || id.toLowerCase() === filter.toLowerCase();
        }).forEach(function (id) {
          list.appendChild(chip(cat.muscles[id].name, m.muscle_id === id, function () {
            otherOpen = false;
            filter = "";
            change(function (mk) { mk.muscle_id = id; mk.referral_zone_ids = []; });
          }));
        });
      }
      input.addEventListener("input", function () { filter = input.value; fill(); });
      fill();
      box.appendChild(input);
      box.appendChild(list);
    }

    function markerPanel(box) {
      var i = S.selected, m = S.markers[i];
      var head = h("div", { "class": "bm-panel-head" });
      head.appendChild(h("h3", {}, "Marker " + (i + 1) + " · " + api.nameOf(m)));
      var done = h("button", { type: "button", "class": "btn btn-quiet", "data-bm-done": "" }, "Done");
      done.addEventListener("click", function () { S.selected = null; S.mode = null; api.render(); });
      head.appendChild(done);
      box.appendChild(head);
      muscleChips(m, box);
      var sides = group("Side (client's)", box);
      [["L", "Left"], ["R", "Right"], ["M", "Midline"]].forEach(function (s) {
        sides.appendChild(chip(s[1], m.side === s[0], function () { change(function (mk) { mk.side = s[0]; }); }));
      });
      var kinds = group("Finding", box);
      cat.kinds.forEach(function (k) {
        kinds.appendChild(chip(k[1], m.kind === k[0], function () { change(function (mk) { mk.kind = k[0]; }); }));
      });
      var tender = group("Tenderness 0–10", box);
      tender.classList.add("bm-scale");
      for (var n = 0; n <= 10; n++) {
        (function (v) {
          tender.appendChild(chip(String(v), m.tenderness === v, function () {
            change(function (mk) { mk.tenderness = mk.tenderness === v ? null : v; });
          }, "bm-num-chip"));
        }(n));
      }
      var ref = group("Referral", box);
      ref.appendChild(chip("Referral reproduced", m.referral_reproduced, function () {
        change(function (mk) { mk.referral_reproduced = !mk.referral_reproduced; if (!mk.referral_reproduced) { mk.referral_zone_ids = []; } });
      }));
      if (m.referral_reproduced && cat.muscles[m.muscle_id]) {
        var zones = group("Where the client felt it", box);
        cat.muscles[m.muscle_id].zones.forEach(function (z) {
          var on = m.referral_zone_ids.indexOf(z[0]) >= 0;
          zones.appendChild(chip(cat.zones[z[0]].label, on, function () {
            change(function (mk) {
              mk.referral_zone_ids = on ? mk.referral_zone_ids.filter(function (x) { return x !== z[0]; })
                : mk.referral_zone_ids.concat([z[0]]);
            });
          }, z[1] === "spillover" ? "bm-spill" : ""));
        });
      }
      var after = group("After treatment", box);
      cat.statuses.forEach(function (s) {
        after.appendChild(chip(s[1], m.after_status === s[0], function () {
          change(function (mk) { mk.after_status = mk.after_status === s[0] ? null : s[0]; });
        }));
      });
      var warnings = api.warningsFor(m);
      if (warnings.length) {
        var warn = h("div", { "class": "alert alert-warn bm-warning", role: "alert" });
        warnings.forEach(function (w) { warn.appendChild(h("p", {}, w)); });
        var label = h("label", { "class": "check" });
        var tick = h("input", { type: "checkbox", "data-bm-ack": "" });
        tick.checked = !!m.warning_ack;
        tick.addEventListener("change", function () { change(function (mk) { mk.warning_ack = tick.checked; }); });
        label.appendChild(tick);
        label.appendChild(h("span", {}, " Acknowledged: I have adjusted my work for this"));
        warn.appendChild(label);
        box.appendChild(warn);
      }
      var note = h("textarea", { "class": "bm-note", rows: "2", maxlength: "500", "aria-label": "Marker note",
                                 placeholder: "Note (optional)" });
      note.value = m.note || "";
      note.addEventListener("change", function () { change(function (mk) { mk.note = note.value.slice(0, 500); }); });
      box.appendChild(note);
      var del = h("button", { type: "button", "class": "btn btn-danger-quiet" }, "Delete marker");
      del.addEventListener("click", function () { api.remove(i); });
      box.appendChild(del);
    }

    function ghostPanel(box) {
      var g = S.ghosts[S.ghost], decided = S.continued[g.knot_id];
      box.appendChild(h("h3", {}, "From last visit · " + api.nameOf(g)));
      var when = new Date(g.date + "T00:00:00").toLocaleDateString(undefined, { day: "numeric", month: "short" });
      box.appendChild(h("p", { "class": "muted" }, (api.kindLabels[g.kind] || "Finding") + " on " + when +
        (g.tenderness !== null && g.tenderness !== undefined ? ", tenderness " + g.tenderness + "/10" : "")));
      var chips = group("Is it still there?", box);
      chips.appendChild(chip("Still there", false, function () {
        api.snapshot();
        S.continued[g.knot_id] = "still";
        S.markers.push({ knot_id: g.knot_id, view: g.view, x: g.x, y: g.y, muscle_id: g.muscle_id,
          side: g.side, kind: g.kind, tenderness: null, referral_reproduced: false,
          referral_zone_ids: [], after_status: null, note: "", warning_ack: false });
        S.selected = S.markers.length - 1;
        S.ghost = null;
        S.mode = "marker";
        api.commit();
      }, "bm-big"));
      chips.appendChild(chip("Moved…", S.moving === g, function () {
        S.moving = g;
        S.ghost = null;
        S.mode = "moving";
        api.setView(g.view);
      }, "bm-big"));
      chips.appendChild(chip("Resolved", decided === "resolved", function () {
        api.snapshot();
        if (decided === "resolved") { delete S.continued[g.knot_id]; } else { S.continued[g.knot_id] = "resolved"; }
        S.ghost = null;
        S.mode = null;
        api.commit();
      }, "bm-big"));
    }

    function lookupPanel(box) {
      box.appendChild(h("h3", {}, "Where could this pain come from?"));
      if (api.data.painAreas.length) {
        var areas = group("Pain areas from the intake", box);
        api.data.painAreas.forEach(function (a) {
          areas.appendChild(chip(a.label, false, function () {
            S.zone = a.zones[0] || null;
            S.areaZones = a.zones;
            api.render();
          }));
        });
      }
      var select = h("select", { "class": "bm-zone-select", "aria-label": "Pain felt at" });
      select.appendChild(h("option", { value: "" }, "Pain felt at…"));
      var ids = S.areaZones && S.areaZones.length ? S.areaZones : Object.keys(cat.zones);
      ids.forEach(function (z) {
        var o = h("option", { value: z }, cat.zones[z].label);
        o.selected = S.zone === z;
        select.appendChild(o);
      });
      select.addEventListener("change", function () { S.zone = select.value || null; S.locate = null; api.render(); });
      box.appendChild(select);
      if (!S.zone) { return; }
      var list = h("ul", { "class": "bm-checklist" });
      cat.zones[S.zone].muscles.forEach(function (hit) {
        var li = h("li", { "class": hit[1] === "essential" ? "" : "is-spill" });
        var lab = h("label", { "class": "check" });
        lab.appendChild(h("input", { type: "checkbox" }));
        lab.appendChild(h("span", {}, " " + cat.muscles[hit[0]].name + (hit[1] === "essential" ? "" : " (spillover)")));
        li.appendChild(lab);
        var loc = h("button", { type: "button", "class": "btn btn-quiet bm-locate" }, "Locate");
        loc.addEventListener("click", function () {
          var pos = cat.muscles[hit[0]].pos.filter(function (p) { return p[0] === S.view; })[0] || cat.muscles[hit[0]].pos[0];
          S.locate = [pos[0], pos[2], pos[3]];
          api.setView(pos[0]);
        });
        li.appendChild(loc);
        list.appendChild(li);
      });
      box.appendChild(list);
    }

    function render() {
      while (panel.firstChild) { panel.removeChild(panel.firstChild); }
      if (S.mode === "marker" && S.selected !== null && S.markers[S.selected]) { markerPanel(panel); }
      else if (S.mode === "ghost" && S.ghosts[S.ghost]) { ghostPanel(panel); }
      else if (S.mode === "lookup") { lookupPanel(panel); }
      else if (S.mode === "moving" && S.moving) {
        panel.appendChild(h("p", { "class": "bm-prompt" }, "Tap the new place of " + api.nameOf(S.moving) + "."));
      } else {
        panel.appendChild(h("p", { "class": "bm-prompt" }, "Tap the body to place a marker. " +
          (S.ghosts.length ? "Faded marks are last visit's knots: tap one to continue it." : "")));
      }
    }

    return { render: render };
  };
}());

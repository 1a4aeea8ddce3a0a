/* The body map's side panel: the selected marker's finding and its treatment in one flow
   (muscle, side, finding, tenderness, "treated with" technique rows and their warnings), the
   strip of last visit's knots to confirm in one tap, the "new marker here / select marker N"
   choice and the "where could this pain come from?" lookup.
   Loaded before bodymap.js, which calls KnotworkMapPanel(api) with its state. */
(function () {
  "use strict";

  // Point and band work first: what is usually done on a trigger point.
  var TREAT = ["ISC", "STP", "PRS", "PNS", "MFR", "MET", "XFF", "STS"];
  var MINUTES = [1, 2, 3, 4, 5, 8, 10];
  var SIDE_WORDS = { L: "left", R: "right", M: "midline" };

  var h = window.KnotworkDom.h;  // from muscle-picker.js, loaded first

  function chip(label, pressed, onTap, extra, attrs) {
    var b = h("button", Object.assign({ type: "button", "class": "bm-chip" + (extra ? " " + extra : ""),
                          "aria-pressed": String(!!pressed) }, attrs || {}), label);
    b.addEventListener("click", onTap);
    return b;
  }

  function group(title, parent, extra) {
    var box = h("div", { "class": "bm-group" + (extra ? " " + extra : ""), role: "group", "aria-label": title });
    box.appendChild(h("p", { "class": "bm-group-title" }, title));
    var chips = h("div", { "class": "bm-chips" });
    box.appendChild(chips);
    parent.appendChild(box);
    return chips;
  }

  window.KnotworkMapPanel = function (api) {
    var S = api.S, cat = api.cat, panel = api.slot.querySelector(".bm-panel");
    var strip = api.slot.querySelector("[data-bm-ghosts]");
    var otherOpen = false, moreOpen = false;
    var rules = JSON.parse(document.getElementById("note-form").getAttribute("data-rules") || "{}");
    var techNames = rules.names || {};

    function change(fn) {
      api.snapshot();
      fn(S.markers[S.selected]);
      api.commit();
    }

    function rowSide(m) { return m.side === "M" ? "B" : m.side; }

    /* Technique rows for this marker's muscle and side: the marker's treatment. */
    function treatedRows(m) {
      var R = window.KnotworkRows;
      if (!R || !m.muscle_id) { return []; }
      return R.all().filter(function (row) {
        // Last visit's rows are proposals, not today's treatment, until kept.
        return !row.hasAttribute("data-copied") &&
          R.value(row, "muscle_id") === m.muscle_id && R.value(row, "side") === rowSide(m);
      });
    }

    function setMuscle(id, side) {
      var m = S.markers[S.selected], R = window.KnotworkRows;
      var rows = treatedRows(m);
      change(function (mk) { mk.muscle_id = id; if (side) { mk.side = side; } mk.referral_zone_ids = []; });
      // The marker's treatment follows it to the muscle it really is.
      rows.forEach(function (row) {
        R.set(row, "muscle_id", id);
        R.set(row, "side", rowSide(S.markers[S.selected]));
      });
      otherOpen = false;
      api.render();
    }

    function muscleChips(m, box) {
      var chips = group("Muscle", box);
      var seen = {};
      var cands = api.nearest(m.view, m.x, m.y, 4);
      if (m.muscle_id && !cands.some(function (c) { return c[0] === m.muscle_id; })) {
        cands.unshift([m.muscle_id, m.side]);
      }
      cands.forEach(function (s) {
        if (seen[s[0]] || !cat.muscles[s[0]]) { return; }
        seen[s[0]] = true;
        var name = cat.muscles[s[0]].name + (s[1] !== m.side && m.muscle_id !== s[0] ? " (" + s[1] + ")" : "");
        chips.appendChild(chip(name, m.muscle_id === s[0], function () {
          if (m.muscle_id !== s[0]) { setMuscle(s[0], s[1]); }
        }, "bm-suggest"));
      });
      chips.appendChild(chip("Other…", otherOpen, function () { otherOpen = !otherOpen; api.render(); }));
      if (otherOpen && window.KnotworkPicker) {
        box.appendChild(window.KnotworkPicker.picker({
          label: "Muscle of this marker", selected: m.muscle_id,
          onPick: function (id, side) {
            if (!cat.muscles[id]) { return; }  // body areas are for technique rows, not markers
            setMuscle(id, side);
          }
        }));
      }
    }

    function addTreatment(m, code) {
      var R = window.KnotworkRows;
      var dose = R.usual(code);
      R.add({ muscle_id: m.muscle_id, side: rowSide(m), technique: code, pressure: dose.pressure,
              minutes: dose.minutes, prefilled: dose.prefilled, warning_ack: false });
    }

    function treatment(m, box) {
      var R = window.KnotworkRows;
      if (!R) { return; }
      var rows = treatedRows(m);
      var byCode = {};
      rows.forEach(function (row) { byCode[R.value(row, "technique")] = row; });
      var chips = group("Treated with", box, "bm-treat");
      if (!m.muscle_id) { chips.appendChild(h("span", { "class": "muted small" }, "Choose the muscle first.")); return; }
      var codes = TREAT.concat(Object.keys(byCode).filter(function (c) { return TREAT.indexOf(c) < 0; }));
      codes.forEach(function (code) {
        var row = byCode[code];
        chips.appendChild(chip(code, !!row, function () {
          if (row) { R.remove(row); } else { addTreatment(m, code); }
          api.render();
        }, "", { "data-treat": code, title: techNames[code] || code,
                 "aria-label": code + " · " + (techNames[code] || code) }));
      });
      rows.forEach(function (row) {
        var code = R.value(row, "technique");
        var dose = h("div", { "class": "bm-dose", role: "group", "aria-label": (techNames[code] || code) + " dose" });
        dose.appendChild(h("p", { "class": "bm-group-title" }, techNames[code] || code));
        var p = h("div", { "class": "bm-chips" });
        [1, 2, 3, 4, 5].forEach(function (v) {
          p.appendChild(chip("P" + v, String(v) === R.value(row, "pressure"), function () {
            R.set(row, "pressure", v);
            api.render();
          }, "bm-num-chip", { "data-pressure": String(v), "aria-label": "P" + v + " · pressure " + v }));
        });
        var mins = h("div", { "class": "bm-chips" });
        var current = row.querySelector('[data-k="minutes"]').value;
        MINUTES.forEach(function (v) {
          mins.appendChild(chip(v + "′", String(v) === current, function () {
            R.set(row, "minutes", String(v) === current ? "" : v);
            api.render();
          }, "bm-num-chip", { "data-minutes": String(v), "aria-label": v + " minutes" }));
        });
        dose.appendChild(p);
        dose.appendChild(mins);
        var warnings = R.warnings(row);
        if (warnings.length) {
          var ack = row.querySelector('[data-k="warning_ack"]');
          var warn = h("div", { "class": "alert alert-warn bm-warning", role: "alert" });
          warnings.forEach(function (w) { warn.appendChild(h("p", {}, w)); });
          warn.appendChild(chip(ack.checked ? "Acknowledged" : "Acknowledge: I have adjusted my work", ack.checked, function () {
            R.set(row, "warning_ack", !ack.checked);
            api.render();
          }, "bm-ack", { "data-bm-row-ack": "" }));
          dose.appendChild(warn);
        }
        box.appendChild(dose);
      });
    }

    function more(m, i, box) {
      var details = h("details", { "class": "bm-more" });
      if (moreOpen) { details.setAttribute("open", ""); }
      details.addEventListener("toggle", function () { moreOpen = details.open; });
      details.appendChild(h("summary", {}, "Referral, after treatment, note" +
        (m.referral_reproduced || m.after_status || m.note ? " ✓" : "")));
      var ref = group("Referral", details);
      ref.appendChild(chip("Referral reproduced", m.referral_reproduced, function () {
        change(function (mk) { mk.referral_reproduced = !mk.referral_reproduced; if (!mk.referral_reproduced) { mk.referral_zone_ids = []; } });
      }));
      if (m.referral_reproduced && cat.muscles[m.muscle_id]) {
        var zones = group("Where the client felt it", details);
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
      var after = group("After treatment", details);
      cat.statuses.forEach(function (s) {
        after.appendChild(chip(s[1], m.after_status === s[0], function () {
          change(function (mk) { mk.after_status = mk.after_status === s[0] ? null : s[0]; });
        }));
      });
      var note = h("textarea", { "class": "bm-note", rows: "2", maxlength: "500", "aria-label": "Marker note",
                                 placeholder: "Note (optional)" });
      note.value = m.note || "";
      note.addEventListener("change", function () { change(function (mk) { mk.note = note.value.slice(0, 500); }); });
      details.appendChild(note);
      var del = h("button", { type: "button", "class": "btn btn-danger-quiet" }, "Delete marker");
      del.addEventListener("click", function () { api.remove(i); });
      details.appendChild(del);
      box.appendChild(details);
    }

    function markerPanel(box) {
      var i = S.selected, m = S.markers[i];
      var head = h("div", { "class": "bm-panel-head" });
      head.appendChild(h("h3", {}, "Marker " + (i + 1) + " · " + api.nameOf(m)));
      var done = h("button", { type: "button", "class": "btn btn-quiet", "data-bm-done": "" }, "Done");
      done.addEventListener("click", function () { S.selected = null; S.mode = null; otherOpen = false; api.render(); });
      head.appendChild(done);
      box.appendChild(head);
      var since = S.continued[m.knot_id];
      if (since === "still" || since === "eased") {
        var was = group("Since last visit", box);
        [["still", "Still there"], ["eased", "Better"]].forEach(function (c) {
          was.appendChild(chip(c[1], since === c[0], function () {
            api.snapshot();
            S.continued[m.knot_id] = c[0];
            api.commit();
          }, "", { "data-since": c[0] }));
        });
      }
      muscleChips(m, box);
      var tender = group("Tenderness 0–10", box, "bm-scale");
      for (var n = 0; n <= 10; n++) {
        (function (v) {
          tender.appendChild(chip(String(v), m.tenderness === v, function () {
            change(function (mk) { mk.tenderness = mk.tenderness === v ? null : v; });
          }, "bm-num-chip", { "data-tenderness": String(v) }));
        }(n));
      }
      var warnings = api.warningsFor(m);
      if (warnings.length) {
        var warn = h("div", { "class": "alert alert-warn bm-warning", role: "alert" });
        warnings.forEach(function (w) { warn.appendChild(h("p", {}, w)); });
        warn.appendChild(chip(m.warning_ack ? "Acknowledged" : "Acknowledge: I have adjusted my work", m.warning_ack, function () {
          change(function (mk) { mk.warning_ack = !mk.warning_ack; });
        }, "bm-ack", { "data-bm-ack": "" }));
        box.appendChild(warn);
      }
      treatment(m, box);
      var line = h("div", { "class": "bm-line" });
      box.appendChild(line);
      var kinds = group("Finding", line);
      cat.kinds.forEach(function (k) {
        kinds.appendChild(chip(k[1], m.kind === k[0], function () { change(function (mk) { mk.kind = k[0]; }); },
          "", { "data-kind": k[0] }));
      });
      var sides = group("Side", line);
      [["L", "L"], ["R", "R"], ["M", "Mid"]].forEach(function (s) {
        sides.appendChild(chip(s[1], m.side === s[0], function () {
          var rows = treatedRows(m), R = window.KnotworkRows;
          change(function (mk) { mk.side = s[0]; });
          rows.forEach(function (row) { R.set(row, "side", rowSide(S.markers[S.selected])); });
        }, "", { "aria-label": s[1] + " · client's " + SIDE_WORDS[s[0]] }));
      });
      more(m, i, box);
    }

    // "eased" is the stored code for "better" (sessions/marker_models.py CONTINUATIONS).
    function continueGhost(g, how) {
      api.snapshot();
      S.continued[g.knot_id] = how === "better" ? "eased" : "still";
      S.markers.push({ knot_id: g.knot_id, view: g.view, x: g.x, y: g.y, muscle_id: g.muscle_id,
        side: g.side, kind: g.kind, tenderness: null, referral_reproduced: false,
        referral_zone_ids: [], after_status: null, note: "", warning_ack: false });
      S.selected = S.markers.length - 1;
      S.ghost = null;
      S.mode = "marker";
      api.setView(g.view);
      api.commit();
    }

    function resolveGhost(g) {
      api.snapshot();
      if (S.continued[g.knot_id] === "resolved") { delete S.continued[g.knot_id]; } else { S.continued[g.knot_id] = "resolved"; }
      if (S.ghosts[S.ghost] === g) { S.ghost = null; S.mode = null; }
      api.commit();
    }

    function ghostChoices(g, parent, big) {
      var extra = big ? "bm-big" : "";
      parent.appendChild(chip("Still there", false, function () { continueGhost(g, "still"); }, extra, { "data-ghost-still": "" }));
      parent.appendChild(chip("Better", false, function () { continueGhost(g, "better"); }, extra, { "data-ghost-better": "" }));
      parent.appendChild(chip("Gone", S.continued[g.knot_id] === "resolved", function () { resolveGhost(g); }, extra, { "data-ghost-gone": "" }));
    }

    function ghostPanel(box) {
      var g = S.ghosts[S.ghost];
      box.appendChild(h("h3", {}, "From last visit · " + api.nameOf(g)));
      var when = new Date(g.date + "T00:00:00").toLocaleDateString(undefined, { day: "numeric", month: "short" });
      box.appendChild(h("p", { "class": "muted" }, (api.kindLabels[g.kind] || "Finding") + " on " + when +
        (g.tenderness !== null && g.tenderness !== undefined ? ", tenderness " + g.tenderness + "/10" : "")));
      var chips = group("Is it still there?", box);
      ghostChoices(g, chips, true);
      chips.appendChild(chip("Moved…", S.moving === g, function () {
        S.moving = g;
        S.ghost = null;
        S.mode = "moving";
        api.setView(g.view);
      }, "bm-big"));
    }

    /* Last visit's knots not yet decided, each with its one-tap answers, above the map. */
    function drawStrip() {
      if (!strip) { return; }
      while (strip.firstChild) { strip.removeChild(strip.firstChild); }
      var taken = S.markers.map(function (m) { return m.knot_id; });
      var open = S.ghosts.filter(function (g) { return taken.indexOf(g.knot_id) < 0 && S.continued[g.knot_id] !== "resolved"; });
      strip.hidden = !open.length;
      if (!open.length) { return; }
      strip.appendChild(h("p", { "class": "bm-group-title" }, "Last visit's knots"));
      open.forEach(function (g) {
        var li = h("div", { "class": "bm-ghost-row", role: "group", "aria-label": "Last visit: " + api.nameOf(g),
                            "data-ghost-row": g.knot_id });
        li.appendChild(h("span", { "class": "bm-ghost-name" }, api.nameOf(g) +
          (g.tenderness !== null && g.tenderness !== undefined ? " · " + g.tenderness + "/10" : "")));
        var chips = h("div", { "class": "bm-chips" });
        ghostChoices(g, chips, false);
        li.appendChild(chips);
        strip.appendChild(li);
      });
    }

    function choicePanel(box) {
      var c = S.choice, m = S.markers[c.id];
      box.appendChild(h("h3", {}, "Close to marker " + (c.id + 1)));
      var chips = group("What did you mean?", box);
      chips.appendChild(chip("New marker here: " + cat.muscles[c.muscle_id].name + " " + c.side, false, function () {
        S.choice = null;
        api.place(c.view, c.x, c.y);
      }, "bm-big", { "data-choice-new": "" }));
      chips.appendChild(chip("Select marker " + (c.id + 1) + ": " + api.nameOf(m), false, function () {
        S.choice = null;
        api.select(c.id);
      }, "bm-big", { "data-choice-select": "" }));
      // The usual next step, offered at once: rating the new point places it.
      var rate = group("Or place the new marker with its tenderness", box, "bm-scale");
      for (var n = 0; n <= 10; n++) {
        (function (v) {
          rate.appendChild(chip(String(v), false, function () {
            S.choice = null;
            api.place(c.view, c.x, c.y, { tenderness: v });
          }, "bm-num-chip", { "data-choice-tenderness": String(v),
                              "aria-label": "New marker, tenderness " + v }));
        }(n));
      }
    }

    var shown = null;
    function render() {
      drawStrip();
      var now = S.mode + ":" + (S.mode === "marker" ? S.selected : S.mode === "ghost" ? S.ghost : "");
      var fresh = now !== shown;
      shown = now;
      while (panel.firstChild) { panel.removeChild(panel.firstChild); }
      if (S.mode === "marker" && S.selected !== null && S.markers[S.selected]) { markerPanel(panel); }
      else if (S.mode === "choose" && S.choice && S.markers[S.choice.id]) { choicePanel(panel); }
      else if (S.mode === "ghost" && S.ghosts[S.ghost]) { ghostPanel(panel); }
      else if (S.mode === "lookup" && window.KnotworkMapLookup) { window.KnotworkMapLookup(api, panel, chip, group); }
      else if (S.mode === "moving" && S.moving) {
        panel.appendChild(h("p", { "class": "bm-prompt" }, "Tap the new place of " + api.nameOf(S.moving) + "."));
      } else {
        panel.appendChild(h("p", { "class": "bm-prompt" }, "Tap the body to place a marker; drag one to adjust it. " +
          (S.ghosts.length ? "Faded marks are last visit's knots: confirm them in the list." : "")));
      }
      // A new selection starts at the top of the panel, wherever the page was scrolled.
      var side = panel.parentNode.getBoundingClientRect(), bar = document.querySelector(".soap-nav");
      var covered = bar ? bar.getBoundingClientRect().bottom + 8 : 0;
      if (fresh && S.mode === "marker" && (side.top < covered || panel.getBoundingClientRect().bottom > window.innerHeight)) {
        panel.parentNode.scrollIntoView({ block: "start" });
      }
    }

    return { render: render };
  };
}());

/* Technique and range-of-motion rows of the session editor: add them from pick-lists and
   "recently used" chips in one or two taps, and warn at once when a row conflicts with an
   intake flag. The rules mirror notes_app/clinical/safety.py; the server checks again. */
(function () {
  "use strict";

  var form = document.getElementById("note-form");
  if (!form) { return; }
  var rules = JSON.parse(form.getAttribute("data-rules") || "{}");
  var rowsBox = document.getElementById("technique-rows");
  var romBox = document.getElementById("rom-rows");
  var composer = document.getElementById("composer");
  var sideWords = { L: "left", R: "right", B: "both sides" };
  // New rows get indexes far above the server-rendered ones, so field names never collide.
  var counter = 1000;
  var undo = null;

  function changed() {
    form.dispatchEvent(new CustomEvent("note:changed", { bubbles: true }));
  }

  function uniq(list) {
    return list.filter(function (v, i) { return list.indexOf(v) === i; });
  }

  function renumber(el, index) {
    ["name", "id", "for", "data-error-for"].forEach(function (attr) {
      el.querySelectorAll("[" + attr + "]").forEach(function (node) {
        node.setAttribute(attr, node.getAttribute(attr).split("__i__").join(index));
      });
    });
    el.setAttribute("data-index", index);
  }

  function fromTemplate(id) {
    var el = document.getElementById(id).content.querySelector("div").cloneNode(true);
    renumber(el, String(counter++));
    return el;
  }

  function value(el, key) {
    var checked = el.querySelector('[data-k="' + key + '"]:checked');
    if (checked) { return checked.value; }
    var input = el.querySelector('[data-k="' + key + '"]');
    return input && input.type !== "radio" && input.type !== "checkbox" ? input.value : "";
  }

  function fill(el, data) {
    Object.keys(data).forEach(function (key) {
      el.querySelectorAll('[data-k="' + key + '"]').forEach(function (input) {
        var v = data[key] === null || data[key] === undefined ? "" : String(data[key]);
        if (input.type === "radio") { input.checked = input.value === v; }
        else if (input.type === "checkbox") { input.checked = !!data[key]; }
        else { input.value = v; }
      });
    });
  }

  function areasFor(id, side) {
    var perSide = rules.areas && rules.areas[id];
    if (!perSide) { return { regions: id ? [id] : [], sites: [] }; }
    var regions = [], sites = [];
    (side === "B" ? ["L", "R"] : [side]).forEach(function (s) {
      if (perSide[s]) {
        regions = regions.concat(perSide[s].regions);
        sites = sites.concat(perSide[s].sites);
      }
    });
    return { regions: uniq(regions).sort(), sites: uniq(sites).sort() };
  }

  function areaName(el) {
    var select = el.querySelector('[data-k="muscle_id"]');
    var option = select && select.options[select.selectedIndex];
    var name = option ? option.text.replace(/ \([A-Z]+\)$/, "") : "";
    var side = value(el, "side");
    return sideWords[side] ? name + " (" + sideWords[side] + ")" : name;
  }

  /* Caps bound to one area (safety._area_warnings): they warn only for rows on that area. */
  function areaWarnings(el, code, name, pressure, regions) {
    var out = [], where = areaName(el);
    var caps = rules.areaCaps || {}, capTitles = rules.areaCapTitles || {};
    var areaAvoid = rules.areaAvoid || {}, areaModerate = rules.areaModerate || {};
    var capped = regions.filter(function (r) { return caps[r] !== undefined; });
    if (capped.length) {
      var limit = Math.min.apply(null, capped.map(function (r) { return caps[r]; }));
      if (pressure > limit && limit < rules.maxPressure) {
        var titles = [];
        capped.slice().sort().forEach(function (r) {
          if (caps[r] === limit) { titles = titles.concat(capTitles[r] || []); }
        });
        out.push("Pressure P" + pressure + " on " + where + " is above P" + limit +
                 ", the limit for that area: " + uniq(titles).join("; ") + ".");
      }
    }
    var avoided = [], gentle = [];
    regions.slice().sort().forEach(function (r) {
      avoided = avoided.concat((areaAvoid[r] || {})[code] || []);
      gentle = gentle.concat(areaModerate[r] || []);
    });
    if (avoided.length && !rules.avoid[code]) {
      out.push(name + " is to be avoided on " + where + ": " + uniq(avoided).join("; ") + ".");
    }
    if (rules.deep.indexOf(code) >= 0 && gentle.length && !avoided.length && !rules.avoid[code]) {
      out.push(name + " is deep or point work on " + where + "; gentle work is advised there for " +
               uniq(gentle).join("; ") + ".");
    }
    return out;
  }

  /* The same checks as safety.row_warnings, worded the same way. */
  function warningsFor(el) {
    var code = value(el, "technique"), side = value(el, "side");
    var pressure = parseInt(value(el, "pressure"), 10) || 0;
    var name = rules.names[code] || code, out = [];
    var areas = areasFor(value(el, "muscle_id"), side);
    if (pressure > rules.maxPressure) {
      out.push("Pressure P" + pressure + " is above P" + rules.maxPressure + ", the limit for " +
               uniq(rules.capTitles).join("; ") + ".");
    }
    var flagged = [];
    areas.regions.forEach(function (r) { flagged = flagged.concat(rules.sites[r] || []); });
    if (flagged.length) {
      out.push(areaName(el) + " is in a flagged area: " + uniq(flagged).join("; ") + ".");
    }
    if (rules.avoid[code]) {
      out.push(name + " is to be avoided: " + uniq(rules.avoid[code]).join("; ") + ".");
    }
    out = out.concat(areaWarnings(el, code, name, pressure, areas.regions));
    if (rules.deep.indexOf(code) >= 0) {
      if (areas.sites.length) {
        out.push(name + " is deep or point work near an endangerment site (" +
                 areas.sites.map(function (s) { return rules.siteLabels[s] || s; }).join(", ") + ").");
      }
      if (rules.moderateTitles.length && !rules.avoid[code]) {
        out.push(name + " is deep or point work; gentle work is advised for " +
                 uniq(rules.moderateTitles).join("; ") + ".");
      }
    }
    return out;
  }

  function refresh(el, initial) {
    var warnings = warningsFor(el);
    var box = el.querySelector("[data-warning]");
    var list = el.querySelector("[data-warning-list]");
    var ack = el.querySelector('[data-k="warning_ack"]');
    var text = warnings.join(" ");
    // An acknowledgement covers the warning that was shown; a new warning needs a new one.
    if (!initial && ack && text !== (el.getAttribute("data-warn-text") || "")) { ack.checked = false; }
    el.setAttribute("data-warn-text", text);
    while (list.firstChild) { list.removeChild(list.firstChild); }
    warnings.forEach(function (w) {
      var li = document.createElement("li");
      li.textContent = w;
      list.appendChild(li);
    });
    box.hidden = warnings.length === 0;
    el.classList.toggle("has-warning", warnings.length > 0);
  }

  function numberRows() {
    var rows = rowsBox.querySelectorAll("[data-row]");
    rows.forEach(function (row, i) { row.querySelector(".trow-num").textContent = String(i + 1); });
    var empty = document.querySelector("[data-empty-rows]");
    if (empty) { empty.hidden = rows.length > 0; }
  }

  function addRow(data, first) {
    var el = fromTemplate("technique-row-template");
    rowsBox.insertBefore(el, first ? rowsBox.firstElementChild : null);
    fill(el, data);
    if (data.prefilled && window.KnotworkCopy) { window.KnotworkCopy.mark(el, data.prefilled); }
    enhance(el);
    refresh(el, false);
    numberRows();
    changed();
    return el;
  }

  /* Set one field of a row as a tap would, so warnings, copied marks and autosave follow. */
  function setField(row, key, v) {
    fill(row, (function () { var d = {}; d[key] = v; return d; }()));
    var input = row.querySelector('[data-k="' + key + '"]');
    if (input) { input.dispatchEvent(new Event("change", { bubbles: true })); }
    syncArea(row);
  }

  function syncArea(row) {
    var select = row.querySelector('select[data-k="muscle_id"]');
    var btn = row.querySelector("[data-area-btn]");
    if (!select || !btn) { return; }
    var option = select.options[select.selectedIndex];
    var name = option && option.value ? option.text.replace(/ \([A-Z]+\)$/, "") : "Muscle or area…";
    btn.textContent = name;
    btn.setAttribute("aria-label", "Muscle or area: " + name + ". Change");
  }

  /* Swap the long native muscle list for a chip picker; the select stays as the value holder
     (and as the control when JavaScript is off). */
  function enhance(row) {
    var select = row.querySelector('select[data-k="muscle_id"]');
    if (!select || !window.KnotworkPicker || row.querySelector("[data-area-btn]")) { return; }
    select.hidden = true;
    select.setAttribute("tabindex", "-1");
    var btn = document.createElement("button");
    btn.type = "button";
    btn.className = "btn trow-area-btn";
    btn.setAttribute("data-area-btn", "");
    btn.setAttribute("aria-expanded", "false");
    select.parentNode.insertBefore(btn, select);
    syncArea(row);
    btn.addEventListener("click", function () {
      var open = row.querySelector(".trow-picker");
      if (open) { open.parentNode.removeChild(open); btn.setAttribute("aria-expanded", "false"); return; }
      var wrap = document.createElement("div");
      wrap.className = "trow-picker";
      wrap.appendChild(window.KnotworkPicker.picker({
        selected: select.value,
        onPick: function (id, side) {
          wrap.parentNode.removeChild(wrap);
          btn.setAttribute("aria-expanded", "false");
          setField(row, "muscle_id", id);
          var s = side || sideOfArea(id);
          if (s) { setField(row, "side", s === "M" ? "B" : s); }
          btn.focus();
        }
      }));
      row.querySelector(".trow-main").insertAdjacentElement("afterend", wrap);
      btn.setAttribute("aria-expanded", "true");
    });
  }

  function sideOfArea(id) {
    return /_left$/.test(id) ? "L" : /_right$/.test(id) ? "R" : null;
  }

  function showUndo(row, next, label, parent) {
    var bar = document.getElementById("undo-bar");
    if (!bar) {
      bar = document.createElement("div");
      bar.id = "undo-bar";
      bar.className = "undo-bar";
      bar.setAttribute("role", "status");
      rowsBox.parentNode.insertBefore(bar, rowsBox);
    }
    while (bar.firstChild) { bar.removeChild(bar.firstChild); }
    var text = document.createElement("span");
    text.textContent = label;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "btn";
    button.textContent = "Undo";
    bar.appendChild(text);
    bar.appendChild(button);
    bar.hidden = false;
    undo = { row: row, next: next, parent: parent || rowsBox };
    button.addEventListener("click", function () {
      (undo.many || [undo.row]).forEach(function (r) {
        undo.parent.insertBefore(r, undo.next && undo.next.parentNode ? undo.next : null);
      });
      proposalsState();
      bar.hidden = true;
      numberRows();
      changed();
    });
    clearTimeout(showUndo.timer);
    showUndo.timer = setTimeout(function () { bar.hidden = true; }, 8000);
  }

  function removeFrom(target, selector, label) {
    var row = target.closest(selector);
    var next = row.nextElementSibling;
    var parent = row.parentNode;
    parent.removeChild(row);
    showUndo(row, next, label, parent);
    numberRows();
    changed();
  }

  /* A new row starts from the dose this therapist last used for the technique (pressure
     within the intake's cap; minutes only where the technique was dosed in minutes). */
  var usual = JSON.parse(composer.getAttribute("data-usual") || "{}");
  function usualDose(code) {
    var u = usual[code] || {};
    return { pressure: Math.min(u.pressure || 3, rules.maxPressure || 5), minutes: u.minutes || null,
             prefilled: u.minutes ? ["pressure", "minutes"] : ["pressure"] };
  }

  /* The composer for work not tied to a marker: a technique chip and an area chip add a row. */
  var pick = { technique: null, area: null, side: null };
  function composerPick() {
    if (!pick.technique || !pick.area) { return; }
    var dose = usualDose(pick.technique);
    var row = addRow({ muscle_id: pick.area, technique: pick.technique,
                       side: pick.side || sideOfArea(pick.area) || "B",
                       pressure: dose.pressure, minutes: dose.minutes, prefilled: dose.prefilled });
    pick = { technique: null, area: null, side: null };
    drawComposer();
    row.scrollIntoView({ block: "nearest" });
  }

  function drawComposer() {
    var techBox = composer.querySelector("[data-composer-techniques]");
    var areaBox = composer.querySelector("[data-composer-areas]");
    techBox.querySelectorAll("[data-tech]").forEach(function (b) {
      b.setAttribute("aria-pressed", String(b.getAttribute("data-tech") === pick.technique));
    });
    while (areaBox.firstChild) { areaBox.removeChild(areaBox.firstChild); }
    if (window.KnotworkPicker && pick.technique) {
      areaBox.appendChild(window.KnotworkPicker.picker({
        label: "Area of the new row", selected: pick.area,
        onPick: function (id, side) { pick.area = id; pick.side = side; composerPick(); drawComposer(); }
      }));
    }
  }

  composer.hidden = false;
  composer.querySelectorAll("[data-tech]").forEach(function (b) {
    b.addEventListener("click", function () {
      var code = b.getAttribute("data-tech");
      pick.technique = pick.technique === code ? null : code;
      composerPick();
      drawComposer();
    });
  });
  composer.addEventListener("change", function (event) { event.stopPropagation(); });
  composer.addEventListener("input", function (event) { event.stopPropagation(); });
  // The map's markers feed the picker's first chips: redraw when they change.
  form.addEventListener("note:changed", function () { if (!pick.area) { drawComposer(); } });

  function showUndoMany(rows, label) {
    if (!rows.length) { return; }
    showUndo(rows[0], null, label);
    undo.many = rows;
  }

  // Proposals and copy marks live in technique-proposals.js; it may not be loaded (tests).
  function proposalsState() { if (window.KnotworkCopy) { window.KnotworkCopy.state(); } }
  function keep(row) { if (window.KnotworkCopy) { window.KnotworkCopy.keep(row); } }

  document.querySelectorAll("[data-add-combo]").forEach(function (chip) {
    chip.addEventListener("click", function () {
      addRow(JSON.parse(chip.getAttribute("data-add-combo")));
    });
  });

  form.addEventListener("click", function (event) {
    var target = event.target;
    if (target.closest("[data-clear-field]")) {
      var clearBtn = target.closest("[data-clear-field]");
      var box = form.elements[clearBtn.getAttribute("data-clear-field")];
      box.value = "";
      box.dispatchEvent(new Event("input", { bubbles: true }));
      clearBtn.hidden = true;
      box.focus();
    } else if (target.closest("[data-remove-row]")) {
      removeFrom(target, "[data-row]", "Technique row removed.");
      proposalsState();
    } else if (target.closest("[data-remove-rom]")) {
      removeFrom(target, "[data-rom]", "Measurement removed.");
    } else if (target.closest("[data-add-rom]")) {
      var el = fromTemplate("rom-row-template");
      romBox.appendChild(el);
      el.querySelector('[data-k="movement"]').focus();
    }
  });

  rowsBox.addEventListener("change", function (event) {
    var row = event.target.closest("[data-row]");
    if (!row) { return; }
    if (event.target.getAttribute("data-k") !== "warning_ack") { refresh(row, false); }
    if (row.hasAttribute("data-copied")) { keep(row); }
  });

  rowsBox.querySelectorAll("[data-row]").forEach(function (row) { refresh(row, true); enhance(row); });
  numberRows();
  drawComposer();
  proposalsState();

  /* A copied text, still unchanged, is selected by the first tap: typing replaces it, a
     second tap places the caret. */
  form.addEventListener("click", function (event) {
    var box = event.target;
    if (!box.matches || !box.matches("textarea[data-field], input[data-field]")) { return; }
    var wrap = box.closest(".is-copied");
    var mark = wrap && wrap.querySelector("[data-copied-mark]");
    if (!mark || mark.hidden || box.hasAttribute("data-armed")) { return; }
    box.setAttribute("data-armed", "");
    box.select();
  });

  window.KnotworkRows = {
    usual: usualDose,
    add: addRow, set: setField, warnings: warningsFor, keep: keep, undoMany: showUndoMany,
    numberRows: numberRows, changed: changed,
    all: function () { return Array.prototype.slice.call(rowsBox.querySelectorAll("[data-row]")); },
    value: value, remove: function (row) {
      var next = row.nextElementSibling;
      row.parentNode.removeChild(row);
      showUndo(row, next, "Technique row removed.");
      numberRows();
      changed();
    }
  };
}());

/* Technique and range-of-motion rows of the session editor: add them from pick-lists and
   "recently used" chips in one or two taps, and warn at once when a row conflicts with an
   intake flag. The rules mirror notes_app/sessions/safety.py; the server checks again. */
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

  function addRow(data) {
    var el = fromTemplate("technique-row-template");
    rowsBox.appendChild(el);
    fill(el, data);
    refresh(el, false);
    numberRows();
    changed();
    return el;
  }

  function showUndo(row, next, label) {
    var bar = document.getElementById("undo-bar");
    if (!bar) {
      bar = document.createElement("div");
      bar.id = "undo-bar";
      bar.className = "undo-bar";
      bar.setAttribute("role", "status");
      document.body.appendChild(bar);
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
    undo = { row: row, next: next, parent: row.parentNode };
    button.addEventListener("click", function () {
      undo.parent.insertBefore(undo.row, undo.next && undo.next.parentNode ? undo.next : null);
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
    showUndo(row, next, label);
    numberRows();
    changed();
  }

  function composerPick() {
    var area = document.getElementById("c-area").value;
    var tech = document.getElementById("c-technique");
    if (!area || !tech.value) { return; }
    var side = composer.querySelector('input[name="c-side"]:checked');
    var pressure = composer.querySelector('input[name="c-pressure"]:checked');
    addRow({ muscle_id: area, technique: tech.value, side: side ? side.value : "B",
             pressure: pressure ? pressure.value : 3 });
    // Keep the area: a second technique on the same muscle is then a single pick.
    tech.value = "";
  }

  composer.hidden = false;
  composer.addEventListener("change", function (event) {
    if (event.target.id === "c-area" || event.target.id === "c-technique") { composerPick(); }
    event.stopPropagation();  // the composer is not part of the note
  });
  composer.addEventListener("input", function (event) { event.stopPropagation(); });

  document.querySelectorAll("[data-add-combo]").forEach(function (chip) {
    chip.addEventListener("click", function () {
      addRow(JSON.parse(chip.getAttribute("data-add-combo")));
    });
  });

  form.addEventListener("click", function (event) {
    var target = event.target;
    if (target.closest("[data-remove-row]")) {
      removeFrom(target, "[data-row]", "Technique row removed.");
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
    if (row.hasAttribute("data-copied")) {
      row.removeAttribute("data-copied");
      var mark = row.querySelector("[data-copied-mark]");
      if (mark) { mark.hidden = true; }
    }
  });

  rowsBox.querySelectorAll("[data-row]").forEach(function (row) { refresh(row, true); });
  numberRows();
}());

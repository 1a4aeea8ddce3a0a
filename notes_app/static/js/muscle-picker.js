/* Muscle and area picker of the session editor (issue 17): chips, never a 50-item list.
   Today's map muscles first, then the muscles and body areas of the same regions, then a
   type-ahead search over everything. Used by the technique rows, the composer and the map. */
(function () {
  "use strict";

  /* Make an element with attributes and text; shared with the map's panel. */
  function h(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "class") { node.className = attrs[k]; } else { node.setAttribute(k, attrs[k]); }
    });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  window.KnotworkDom = { h: h };

  var holder = document.getElementById("area-data");
  if (!holder) { return; }
  var data = JSON.parse(holder.getAttribute("data-json"));
  var names = {}, groupOf = {}, order = [];
  data.groups.forEach(function (g) {
    g[1].forEach(function (m) { names[m[0]] = m[1]; groupOf[m[0]] = g[0]; order.push(m[0]); });
  });
  data.regions.forEach(function (r) { names[r[0]] = r[1]; order.push(r[0]); });

  function todayOnMap() {
    var map = window.KnotworkMap, out = [];
    if (!map) { return out; }
    map.S.markers.forEach(function (m) {
      if (m.muscle_id && names[m.muscle_id] && !out.some(function (o) { return o[0] === m.muscle_id && o[1] === m.side; })) {
        out.push([m.muscle_id, m.side]);
      }
    });
    return out;
  }

  /* Build a picker; opts.onPick(id, side) is called with the side of a map chip, else null. */
  function picker(opts) {
    var box = h("div", { "class": "picker", role: "group", "aria-label": opts.label || "Muscle or area" });
    var search = h("input", { type: "search", "class": "picker-search", autocomplete: "off",
      placeholder: "Type to find a muscle or area", "aria-label": "Find a muscle or area" });
    var lists = h("div", { "class": "picker-lists" });
    var openGroup = null;
    box.appendChild(lists);
    box.appendChild(search);

    function chip(id, label, side, parent) {
      var b = h("button", { type: "button", "class": "bm-chip picker-chip", "data-pick": id,
        "aria-pressed": String(opts.selected === id) }, label);
      b.addEventListener("click", function () { opts.onPick(id, side || null); });
      parent.appendChild(b);
    }

    function section(title) {
      var wrap = h("div", { "class": "bm-group" });
      wrap.appendChild(h("p", { "class": "bm-group-title" }, title));
      var chips = h("div", { "class": "bm-chips" });
      wrap.appendChild(chips);
      lists.appendChild(wrap);
      return chips;
    }

    function fill() {
      while (lists.firstChild) { lists.removeChild(lists.firstChild); }
      var q = search.value.trim().toLowerCase();
      if (q) {
        var found = order.filter(function (id) {
          return names[id].toLowerCase().indexOf(q) >= 0 || id.toLowerCase() === q;
        }).slice(0, 16);
        var hits = section(found.length ? "Matches" : "No match: try fewer letters");
        found.forEach(function (id) { chip(id, names[id], null, hits); });
        return;
      }
      var today = todayOnMap(), groups = [];
      if (today.length) {
        var onMap = section("On the map today");
        today.forEach(function (t) {
          chip(t[0], names[t[0]] + " " + ({ L: "L", R: "R", M: "mid" }[t[1]] || ""), t[1], onMap);
          if (groups.indexOf(groupOf[t[0]]) < 0) { groups.push(groupOf[t[0]]); }
        });
      }
      if (opts.selected && groupOf[opts.selected] && groups.indexOf(groupOf[opts.selected]) < 0) {
        groups.push(groupOf[opts.selected]);
      }
      if (openGroup && groups.indexOf(openGroup) < 0) { groups.push(openGroup); }
      var areaIds = [];
      groups.forEach(function (g) { (data.group_regions[g] || []).forEach(function (r) {
        if (areaIds.indexOf(r) < 0) { areaIds.push(r); }
      }); });
      if (areaIds.length) {
        var areas = section("Body areas");
        areaIds.forEach(function (r) { chip(r, names[r], null, areas); });
      }
      groups.forEach(function (g) {
        var muscles = section(g);
        data.groups.filter(function (x) { return x[0] === g; })[0][1].forEach(function (m) {
          if (!today.some(function (t) { return t[0] === m[0]; })) { chip(m[0], m[1], null, muscles); }
        });
      });
      var more = section(groups.length ? "Other regions" : "Regions");
      data.groups.forEach(function (g) {
        if (groups.indexOf(g[0]) >= 0) { return; }
        var b = h("button", { type: "button", "class": "bm-chip picker-group" }, g[0] + "…");
        b.addEventListener("click", function () { openGroup = g[0]; fill(); });
        more.appendChild(b);
      });
    }

    search.addEventListener("input", fill);
    // The picker is not part of the note: keep its typing away from the autosave.
    ["input", "change"].forEach(function (t) {
      search.addEventListener(t, function (e) { e.stopPropagation(); });
    });
    fill();
    return box;
  }

  window.KnotworkPicker = { names: names, groupOf: groupOf, picker: picker, today: todayOnMap };
}());

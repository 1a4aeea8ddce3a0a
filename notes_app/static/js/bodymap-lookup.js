/* The body map's "where could this pain come from?" panel: pick where the client feels it (or
   a pain area from the intake), see the muscles that refer there and locate them on the map.
   Called by bodymap-panel.js with the map's api and its chip helpers. */
(function () {
  "use strict";

  window.KnotworkMapLookup = function (api, box, chip, group) {
    var S = api.S, cat = api.cat, h = window.KnotworkDom.h;
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
    var zones = group("Pain felt at", box);
    var ids = S.areaZones && S.areaZones.length ? S.areaZones : Object.keys(cat.zones);
    ids.forEach(function (z) {
      zones.appendChild(chip(cat.zones[z].label, S.zone === z, function () {
        S.zone = S.zone === z ? null : z;
        S.locate = null;
        api.render();
      }));
    });
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
  };
}());

/* Copy-forward marks on technique rows: last visit's rows are proposals (keep all, clear all,
   or keep one) and doses the editor filled in stay marked "copied" until touched. Both ride in
   the autosave as each row's "proposal" and "prefilled", so they survive a reload.
   Loaded after technique-rows.js (window.KnotworkRows). */
(function () {
  "use strict";

  var R = window.KnotworkRows;
  var rowsBox = document.getElementById("technique-rows");
  if (!R || !rowsBox) { return; }
  var box = document.querySelector("[data-proposals]");

  function state() {
    var left = rowsBox.querySelectorAll("[data-row][data-copied]").length;
    if (!box) { return; }
    box.hidden = left === 0;
    var count = box.querySelector("[data-proposal-count]");
    if (count) { count.textContent = String(left); }
  }

  function keep(row) {
    row.removeAttribute("data-copied");
    var mark = row.querySelector("[data-copied-mark]");
    if (mark) { mark.hidden = true; }
    var b = row.querySelector("[data-keep-row]");
    if (b) { b.parentNode.removeChild(b); }
    state();
  }

  function filled(row) {
    return (row.getAttribute("data-prefilled") || "").split(" ").filter(Boolean);
  }

  /* Mark the dose fields the editor filled in (a usual or copied dose). */
  function mark(row, keys) {
    var left = keys.filter(function (k) { return k; });
    if (left.length) { row.setAttribute("data-prefilled", left.join(" ")); } else { row.removeAttribute("data-prefilled"); }
    row.querySelectorAll("[data-prefill-mark]").forEach(function (m) {
      m.hidden = left.indexOf(m.getAttribute("data-prefill-mark")) < 0;
    });
  }

  function touched(event) {
    var row = event.target.closest("[data-row]");
    var key = event.target.getAttribute && event.target.getAttribute("data-k");
    if (!row || !key) { return; }
    var keys = filled(row);
    if (keys.indexOf(key) >= 0) { mark(row, keys.filter(function (k) { return k !== key; })); }
  }
  // Capture: the mark must be gone before the autosave reads the row on the same change.
  rowsBox.addEventListener("change", touched, true);
  rowsBox.addEventListener("input", touched, true);

  rowsBox.querySelectorAll("[data-row][data-copied]").forEach(function (row) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "btn trow-keep";
    b.setAttribute("data-keep-row", "");
    b.textContent = "Keep";
    b.setAttribute("aria-label", "Keep this row from last visit");
    row.querySelector(".trow-remove").insertAdjacentElement("beforebegin", b);
  });

  rowsBox.addEventListener("click", function (event) {
    var b = event.target.closest("[data-keep-row]");
    if (!b) { return; }
    keep(b.closest("[data-row]"));
    R.changed();
  });

  if (box) {
    box.querySelector("[data-keep-all]").addEventListener("click", function () {
      rowsBox.querySelectorAll("[data-row][data-copied]").forEach(keep);
      R.changed();
    });
    box.querySelector("[data-clear-all]").addEventListener("click", function () {
      var gone = Array.prototype.slice.call(rowsBox.querySelectorAll("[data-row][data-copied]"));
      gone.forEach(function (row) { row.parentNode.removeChild(row); });
      R.undoMany(gone, "Last visit's rows cleared.");
      R.numberRows();
      state();
      R.changed();
    });
  }
  state();

  window.KnotworkCopy = { keep: keep, mark: mark, state: state, filled: filled };
}());

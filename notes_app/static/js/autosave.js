/* Autosave for the session editor (R-L3, R-L4): PUT the whole draft with If-Match at most every
   10 s while typing and when the page is hidden; keep unsent changes in page memory and retry
   with exponential backoff while offline. Health data never goes to browser storage. */
(function () {
  "use strict";

  var form = document.getElementById("note-form");
  if (!form) { return; }
  var statusEl = document.getElementById("save-status");
  var conflictEl = document.getElementById("conflict-panel");
  var url = form.getAttribute("data-autosave-url");
  var csrf = form.getAttribute("data-csrf");
  // A random id for this tab, kept in its history entry (which a reload keeps; no browser
  // storage, never health data), so the tab's own save just before a reload is not mistaken
  // for another device's (#12).
  var writer = (function () {
    var kept = window.history.state && window.history.state.knotworkWriter;
    if (kept) { return kept; }
    var made = Array.prototype.map.call(crypto.getRandomValues(new Uint8Array(12)),
      function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
    try {
      window.history.replaceState(Object.assign({}, window.history.state, { knotworkWriter: made }), "");
    } catch (e) { /* refused: a new id per page is still safe, only less forgiving */ }
    return made;
  }());
  var THROTTLE_MS = 10000, DEBOUNCE_MS = 1500, MAX_BACKOFF_MS = 30000, SYNC_MS = 60000;
  var TECH_NUMBERS = ["pressure", "client_intensity", "minutes", "hold_seconds", "reps"];
  var ROM_NUMBERS = ["before", "after"];
  var LABELS = {
    chief_complaint: "Chief complaint", changes_since_last: "Changes since last visit",
    response_to_last: "Response to last session", pain_before: "Pain before",
    observations: "Observations", rom: "Range of motion", techniques: "Techniques",
    response: "Response", goals_progress: "Progress towards goals", pain_after: "Pain after",
    pgic: "Impression of change", next_focus: "Next focus", interval: "Interval",
    home_care: "Home care", referral: "Referral", session_date: "Date",
    duration_minutes: "Minutes", positions: "Position", markers: "Body map",
    continued: "Knots from last visit"
  };
  var TEXTS = {
    saved: "Saved", saving: "Saving…", offline: "Offline — not saved",
    signedout: "Signed out — not saved. Sign in again in a new tab.",
    invalid: "Not saved — check the marked fields", conflict: "Not saved — changed on another device",
    locked: "Locked — this note was signed", error: "Not saved — retrying",
    held: "Saved · tick the warnings to save the technique rows",
    proposals: "Keep or clear last visit's rows before signing"
  };

  function number(v) {
    if (v === "" || v === null || v === undefined) { return null; }
    var n = Number(v);
    return Number.isInteger(n) ? n : v;
  }

  function collectRows(selector, numbers, skipEmpty) {
    var out = [];
    form.querySelectorAll(selector).forEach(function (row) {
      var data = {};
      row.querySelectorAll("[data-k]").forEach(function (el) {
        var key = el.getAttribute("data-k");
        if (el.type === "radio") {
          if (el.checked) { data[key] = el.value; } else if (!(key in data)) { data[key] = ""; }
        } else if (el.type === "checkbox") {
          data[key] = el.checked;
        } else {
          data[key] = el.value;
        }
      });
      numbers.forEach(function (key) { if (key in data) { data[key] = number(data[key]); } });
      if (!skipEmpty || !skipEmpty(data)) { out.push(data); }
    });
    return out;
  }

  /* The whole note as the server's payload; read from the page, the one copy of unsent text. */
  function collect() {
    var note = { positions: [] };
    form.querySelectorAll("[data-field]").forEach(function (el) {
      if (el.name === "positions") {
        if (el.checked) { note.positions.push(el.value); }
      } else {
        note[el.name] = el.value;
      }
    });
    // Widgets that edit structured data (the body map) keep it as JSON in a hidden field.
    form.querySelectorAll("[data-json-field]").forEach(function (el) {
      try { note[el.name] = JSON.parse(el.value); } catch (e) { /* left out, never sent */ }
    });
    note.duration_minutes = number(note.duration_minutes);
    ["pain_before", "pain_after", "pgic"].forEach(function (name) {
      if (!form.querySelector('input[name="' + name + '"]')) { return; }
      var checked = form.querySelector('input[name="' + name + '"]:checked');
      note[name] = checked && checked.value !== "" ? Number(checked.value) : null;
    });
    // Rows whose warning is not yet acknowledged would make the server refuse the whole save,
    // so they wait in the page and everything else is saved meanwhile.
    var rows = form.querySelectorAll("[data-row]");
    state.held = Array.prototype.filter.call(rows, function (row) {
      var ack = row.querySelector('[data-k="warning_ack"]');
      return row.getAttribute("data-warn-text") && ack && !ack.checked;
    }).length;
    if (!state.held) {
      // Each row says whether it is still a proposal and which doses nobody has touched.
      var marks = window.KnotworkCopy, rowEls = form.querySelectorAll("[data-row]");
      note.techniques = collectRows("[data-row]", TECH_NUMBERS).map(function (r, i) {
        r.proposal = rowEls[i].hasAttribute("data-copied");
        r.prefilled = marks ? marks.filled(rowEls[i]) : [];
        return r;
      });
    }
    // A measurement row just added and still blank is not part of the note yet.
    note.rom = collectRows("[data-rom]", ROM_NUMBERS, function (r) {
      return !r.movement && r.before === null && r.after === null;
    });
    return note;
  }

  var state = {
    version: Number(form.getAttribute("data-version")), lastSaved: "", held: 0,
    dirty: false, inFlight: null, again: false, timer: null, lastSentAt: 0, backoff: 0,
    blocked: false
  };
  state.lastSaved = JSON.stringify(collect());
  showSaved();

  function showSaved() {
    if (state.held) { show("held"); } else { show("saved", clock()); }
  }

  function show(kind, extra) {
    statusEl.setAttribute("data-state", kind);
    statusEl.textContent = TEXTS[kind] + (extra ? " · " + extra : "");
  }

  function clock() {
    var d = new Date();
    return String(d.getHours()).padStart(2, "0") + ":" + String(d.getMinutes()).padStart(2, "0");
  }

  function clearErrors() {
    form.querySelectorAll("[data-error-for]").forEach(function (p) { p.hidden = true; });
    form.querySelectorAll(".has-error").forEach(function (el) { el.classList.remove("has-error"); });
  }

  function showErrors(errors) {
    clearErrors();
    var rows = form.querySelectorAll("[data-row]"), roms = form.querySelectorAll("[data-rom]");
    Object.keys(errors || {}).forEach(function (key) {
      var parts = key.split("."), slot = null, holder = null;
      if (parts.length === 3) {
        holder = (parts[0] === "techniques" ? rows : roms)[Number(parts[1])];
        slot = holder && holder.querySelector("[data-error-for]");
      } else {
        slot = form.querySelector('[data-error-for="' + key + '"]');
        holder = slot && slot.closest(".field, fieldset");
      }
      if (slot) {
        slot.textContent = errors[key];
        slot.hidden = false;
      }
      if (holder) { holder.classList.add("has-error"); }
    });
  }

  function updateCopied(fields) {
    form.querySelectorAll("[data-copied-mark]").forEach(function (mark) {
      var name = mark.getAttribute("data-copied-mark");
      if (name && fields.indexOf(name) < 0) { mark.hidden = true; }
    });
  }

  function schedule(delay) {
    if (state.blocked || state.timer) { return; }
    var wait = delay !== undefined ? delay
      : Math.max(DEBOUNCE_MS, THROTTLE_MS - (Date.now() - state.lastSentAt));
    state.timer = setTimeout(function () { state.timer = null; send({}); }, wait);
  }

  function retryLater() {
    state.backoff = Math.min(MAX_BACKOFF_MS, state.backoff ? state.backoff * 2 : 2000);
    clearTimeout(state.timer);
    state.timer = setTimeout(function () { state.timer = null; send({}); }, state.backoff);
  }

  function cell(row, text) {
    var td = document.createElement("td");
    td.textContent = text;
    row.appendChild(td);
  }

  function describe(value) {
    if (value === null || value === undefined || value === "") { return "—"; }
    if (Array.isArray(value)) {
      return value.map(function (v) {
        if (typeof v !== "object") { return String(v); }
        if (v.kind) { return [v.muscle_id || "marker", v.side, v.kind, v.tenderness].join(" "); }
        return v.technique ? [v.technique, v.muscle_id, v.side, "P" + v.pressure].join(" ")
          : [v.movement, v.side, v.before + "° → " + v.after + "°"].join(" ");
      }).join("; ") || "—";
    }
    if (typeof value === "object") {
      return Object.keys(value).map(function (k) { return value[k]; }).join(", ") || "—";
    }
    return String(value);
  }

  function showConflict(data) {
    while (conflictEl.firstChild) { conflictEl.removeChild(conflictEl.firstChild); }
    var h = document.createElement("h2");
    h.textContent = "This note was changed on another device";
    var p = document.createElement("p");
    p.textContent = "Nothing is lost: your version is kept as a side draft. Compare and choose.";
    var table = document.createElement("table");
    table.className = "diff-table";
    var head = document.createElement("tr");
    ["Field", "Saved version", "Your version"].forEach(function (t) {
      var th = document.createElement("th");
      th.textContent = t;
      head.appendChild(th);
    });
    table.appendChild(head);
    Object.keys(LABELS).forEach(function (key) {
      if (JSON.stringify(data.server[key]) === JSON.stringify(data.yours[key])) { return; }
      var tr = document.createElement("tr");
      cell(tr, LABELS[key]);
      cell(tr, describe(data.server[key]));
      cell(tr, describe(data.yours[key]));
      table.appendChild(tr);
    });
    var actions = document.createElement("div");
    actions.className = "actions";
    var mine = document.createElement("button");
    mine.type = "button";
    mine.className = "btn btn-primary";
    mine.textContent = "Keep my version";
    mine.addEventListener("click", function () {
      state.version = data.current_version;
      state.blocked = false;
      conflictEl.hidden = true;
      send({ resolve: true });
    });
    var theirs = document.createElement("button");
    theirs.type = "button";
    theirs.className = "btn";
    theirs.textContent = "Load the saved version";
    theirs.addEventListener("click", function () {
      state.dirty = false;  // the unsaved text is safe in the side draft
      window.location.reload();
    });
    var link = document.createElement("a");
    link.href = data.conflicts_url;
    link.textContent = "See side drafts";
    actions.appendChild(mine);
    actions.appendChild(theirs);
    actions.appendChild(link);
    [h, p, table, actions].forEach(function (el) { conflictEl.appendChild(el); });
    conflictEl.hidden = false;
    conflictEl.scrollIntoView({ block: "start" });
  }

  function handle(status, data, sent, background) {
    if (status === 200 && background) {
      state.backoff = 0;
    } else if (status === 200) {
      state.version = data.version;
      form.setAttribute("data-version", String(data.version));
      form.querySelector("[data-version-field]").value = String(data.version);
      state.lastSaved = sent;
      state.backoff = 0;
      clearErrors();
      updateCopied(data.copied_fields || []);
      if (JSON.stringify(collect()) === sent) {
        state.dirty = false;
        showSaved();
      } else {
        schedule();
      }
    } else if (status === 412) {
      state.blocked = true;
      show("conflict");
      showConflict(data);
    } else if (status === 422) {
      show("invalid");
      showErrors(data.errors);
    } else if (status === 409 || status === 403) {
      state.blocked = true;
      show("locked", data.message || "");
    } else if (status === 401) {
      show("signedout");
      retryLater();
    } else {
      show("error");
      retryLater();
    }
  }

  function send(opts) {
    if (state.blocked) { return Promise.resolve(); }
    if (state.inFlight) {
      state.again = true;
      return state.inFlight;
    }
    clearTimeout(state.timer);
    state.timer = null;
    var note = collect(), sent = JSON.stringify(note);
    var background = sent === state.lastSaved;
    if (background && !opts.sync && !opts.resolve) {
      state.dirty = false;
      showSaved();
      return Promise.resolve();
    }
    var body = JSON.stringify(opts.resolve ? { note: note, resolve: true } : note);
    var headers = { "Content-Type": "application/json", "Accept": "application/json",
                    "If-Match": '"' + state.version + '"', "X-CSRFToken": csrf,
                    "X-Knotwork-Writer": writer };
    // R-S3: an unchanged save is background traffic and must not keep the login alive.
    if (background) { headers["X-Knotwork-Background"] = "1"; }
    state.lastSentAt = Date.now();
    if (!background) { show("saving"); }
    state.inFlight = fetch(url, {
      method: "PUT", headers: headers, body: body, credentials: "same-origin",
      keepalive: !!opts.keepalive && body.length < 60000
    }).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (data) {
        handle(res.status, data, sent, background);
      });
    }).catch(function () {
      show("offline");
      retryLater();
    }).then(function () {
      state.inFlight = null;
      if (state.again) {
        state.again = false;
        if (state.dirty) { schedule(); }
      }
    });
    return state.inFlight;
  }

  function edited(event) {
    var target = event.target;
    if (target && target.name) {
      var mark = form.querySelector('[data-copied-mark="' + target.name + '"]');
      if (mark) { mark.hidden = true; }
    }
    state.dirty = true;
    if (!navigator.onLine) { show("offline"); } else if (!state.blocked) { show("saving"); }
    schedule();
  }

  form.addEventListener("input", edited);
  form.addEventListener("change", edited);
  form.addEventListener("note:changed", edited);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    send({ force: true });
  });
  window.addEventListener("online", function () {
    if (state.dirty) { state.backoff = 0; send({}); }
  });
  window.addEventListener("offline", function () {
    if (state.dirty) { show("offline"); }
  });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden" && state.dirty) { send({ keepalive: true }); }
  });
  window.addEventListener("pagehide", function () {
    if (state.dirty) { send({ keepalive: true }); }
  });
  window.addEventListener("beforeunload", function (event) {
    if (state.dirty || state.inFlight || state.held) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
  document.querySelectorAll("[data-sign-link]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      collect();
      if (state.held) {
        event.preventDefault();
        show("held");
        var first = form.querySelector("[data-row].has-warning [data-warning]");
        if (first) { first.scrollIntoView({ block: "center" }); }
        return;
      }
      if (!state.dirty && !state.inFlight) { return; }
      event.preventDefault();
      send({}).then(function () {
        if (!state.dirty && !state.blocked) { window.location.href = link.href; }
      });
    });
  });
  // Signing from the editor: save what is on the page first, then post the version just saved.
  document.querySelectorAll("[data-sign-form]").forEach(function (signForm) {
    var ready = false;
    // Its fields sit inside the note's form on the page but are not part of the note.
    document.querySelectorAll('[form="' + signForm.id + '"]').forEach(function (el) {
      ["input", "change"].forEach(function (t) { el.addEventListener(t, function (e) { e.stopPropagation(); }); });
    });
    signForm.addEventListener("submit", function (event) {
      if (ready) { return; }
      event.preventDefault();
      collect();
      var proposals = form.querySelector("[data-row][data-copied]");
      if (state.held || proposals) {
        show(state.held ? "held" : "proposals");
        var first = form.querySelector("[data-row].has-warning [data-warning]") || proposals;
        if (first) { first.scrollIntoView({ block: "center" }); }
        return;
      }
      (state.dirty || state.inFlight ? send({}) : Promise.resolve()).then(function () {
        if (state.dirty || state.blocked) { return; }
        signForm.querySelector("[data-sign-version]").value = String(state.version);
        ready = true;
        signForm.submit();
      });
    });
  });
  // A quiet check for saves from another device; unchanged, so marked as background.
  setInterval(function () {
    if (document.visibilityState === "visible" && !state.dirty && !state.inFlight) {
      send({ sync: true });
    }
  }, SYNC_MS);
}());

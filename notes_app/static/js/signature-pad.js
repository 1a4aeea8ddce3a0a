// Finger-drawn signature: pointer events draw on a canvas; the PNG goes into a hidden input.
// Nothing is kept in browser storage (security decision 1): the signature leaves only with the form.
(function () {
  "use strict";

  function setup(box) {
    var canvas = box.querySelector("canvas");
    var input = document.getElementById(box.getAttribute("data-input"));
    var clearButton = box.querySelector(".sigpad-clear");
    var ctx = canvas.getContext("2d");
    // Twice the CSS size is sharp enough on a retina tablet and keeps the PNG small.
    var ratio = Math.min(window.devicePixelRatio || 1, 2);
    var drawing = false;
    var last = null;
    var width = 0;

    function pen() {
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      ctx.lineWidth = 2.6;
      ctx.lineCap = "round";
      ctx.lineJoin = "round";
      ctx.strokeStyle = "#1d2a2e";
      ctx.fillStyle = "#1d2a2e";
    }

    function restore(url) {
      // Redraw a signature the server sent back (validation failed elsewhere on the form).
      var img = new Image();
      img.onload = function () {
        ctx.drawImage(img, 0, 0, canvas.width / ratio, canvas.height / ratio);
        box.classList.add("signed");
      };
      img.src = url;
    }

    function resize() {
      var rect = canvas.getBoundingClientRect();
      if (!rect.width || Math.round(rect.width) === width) { return; }
      width = Math.round(rect.width);
      canvas.width = Math.round(rect.width * ratio);
      canvas.height = Math.round(rect.height * ratio);
      pen();
      if (input.value.indexOf("data:image/png;base64,") === 0) { restore(input.value); }
    }

    function point(event) {
      var rect = canvas.getBoundingClientRect();
      return { x: event.clientX - rect.left, y: event.clientY - rect.top };
    }

    function save() {
      input.value = canvas.toDataURL("image/png");
      box.classList.add("signed");
    }

    canvas.addEventListener("pointerdown", function (event) {
      event.preventDefault();
      if (canvas.setPointerCapture) { canvas.setPointerCapture(event.pointerId); }
      drawing = true;
      last = point(event);
      ctx.beginPath();
      ctx.arc(last.x, last.y, 1.3, 0, Math.PI * 2);
      ctx.fill();
    });

    canvas.addEventListener("pointermove", function (event) {
      if (!drawing) { return; }
      event.preventDefault();
      var events = event.getCoalescedEvents ? event.getCoalescedEvents() : [event];
      if (!events.length) { events = [event]; }
      ctx.beginPath();
      ctx.moveTo(last.x, last.y);
      events.forEach(function (e) {
        var p = point(e);
        ctx.lineTo(p.x, p.y);
        last = p;
      });
      ctx.stroke();
    });

    function end() {
      if (!drawing) { return; }
      drawing = false;
      save();
    }
    canvas.addEventListener("pointerup", end);
    canvas.addEventListener("pointercancel", end);
    canvas.addEventListener("lostpointercapture", end);

    clearButton.addEventListener("click", function () {
      ctx.save();
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.clearRect(0, 0, canvas.width, canvas.height);
      ctx.restore();
      input.value = "";
      box.classList.remove("signed");
    });

    var timer = null;
    window.addEventListener("resize", function () {
      clearTimeout(timer);
      timer = setTimeout(resize, 150);
    });
    resize();
  }

  document.querySelectorAll("[data-signature-pad]").forEach(setup);
}());

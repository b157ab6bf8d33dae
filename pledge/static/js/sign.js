/* The sign form: a signature pad on a canvas (Pointer Events: finger, stylus,
   mouse), a key that lets the server recognise a resubmission, and focus on the
   first error. The form works without this script (typed signature). */
(function () {
  "use strict";
  var form = document.getElementById("sign-form");
  if (!form) { return; }

  var keyField = document.getElementById("client_key");
  if (keyField && !keyField.value) {
    keyField.value = (window.crypto && crypto.randomUUID) ? crypto.randomUUID()
      : String(Date.now()) + "-" + Math.random().toString(36).slice(2);
  }

  var firstError = form.querySelector("[aria-invalid=true]") || document.getElementById("signature-error");
  var summary = document.getElementById("form-errors");
  if (firstError) { firstError.focus(); } else if (summary) { summary.focus(); }

  var pad = form.querySelector(".pad");
  var canvas = document.getElementById("signature-pad");
  var output = document.getElementById("signature_drawn");
  if (!pad || !canvas || !canvas.getContext || !output) { return; }
  pad.hidden = false;

  var ctx = canvas.getContext("2d");
  var drawing = false, inked = false, last = null;

  function setUp() {
    var ratio = Math.max(window.devicePixelRatio || 1, 1);
    var width = canvas.clientWidth, height = canvas.clientHeight;
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.lineWidth = 2.5;
    ctx.lineCap = "round";
    ctx.lineJoin = "round";
    ctx.strokeStyle = "#111";
  }

  function restore() {
    if (!output.value) { return; }
    var image = new Image();
    image.onload = function () {
      var scale = Math.min(canvas.clientWidth / image.width, canvas.clientHeight / image.height, 1);
      ctx.drawImage(image, 0, 0, image.width * scale, image.height * scale);
      inked = true;
    };
    image.src = output.value;
  }

  function point(event) {
    var box = canvas.getBoundingClientRect();
    return { x: event.clientX - box.left, y: event.clientY - box.top };
  }

  var EXPORT_WIDTH = 720;  // enough for a certificate; fewer bytes over weak mobile data

  function save() {
    if (!inked) { output.value = ""; return; }
    var source = canvas;
    if (canvas.width > EXPORT_WIDTH) {
      source = document.createElement("canvas");
      source.width = EXPORT_WIDTH;
      source.height = Math.round(canvas.height * EXPORT_WIDTH / canvas.width);
      source.getContext("2d").drawImage(canvas, 0, 0, source.width, source.height);
    }
    output.value = source.toDataURL("image/png");
  }

  canvas.addEventListener("pointerdown", function (event) {
    event.preventDefault();
    drawing = true;
    last = point(event);
    if (canvas.setPointerCapture) { canvas.setPointerCapture(event.pointerId); }
    ctx.beginPath();
    ctx.arc(last.x, last.y, ctx.lineWidth / 2, 0, Math.PI * 2);
    ctx.fillStyle = "#111";
    ctx.fill();
    inked = true;
  });
  canvas.addEventListener("pointermove", function (event) {
    if (!drawing) { return; }
    event.preventDefault();
    var events = event.getCoalescedEvents ? event.getCoalescedEvents() : [event];
    for (var i = 0; i < events.length; i++) {
      var next = point(events[i]);
      ctx.beginPath();
      ctx.moveTo(last.x, last.y);
      ctx.lineTo(next.x, next.y);
      ctx.stroke();
      last = next;
    }
  });
  function stop() {
    if (!drawing) { return; }
    drawing = false;
    save();
  }
  canvas.addEventListener("pointerup", stop);
  canvas.addEventListener("pointercancel", stop);
  canvas.addEventListener("pointerleave", stop);

  document.getElementById("signature-clear").addEventListener("click", function () {
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    inked = false;
    save();
  });

  form.addEventListener("submit", function (event) {
    save();
    if (!window.PledgeOffline) { return; }  // the browser posts the form itself
    event.preventDefault();
    var button = form.querySelector("button[type=submit]");
    if (button.disabled) { return; }
    button.disabled = true;
    var fields = [];
    new FormData(form).forEach(function (value, name) { fields.push([name, String(value)]); });
    var item = { key: keyField.value, action: form.action, fields: fields, savedAt: Date.now() };
    window.PledgeOffline.submit(item).then(function (response) {
      // The server answered but did not sign (a field to correct): let the browser
      // post the form so that the page shows the answers beside their fields.
      if (response && !/\/s\/[^/]+$/.test(new URL(response.url).pathname)) { form.submit(); }
    }, function () { button.disabled = false; });
  });
  setUp();
  restore();
})();

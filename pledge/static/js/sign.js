/* The sign form: a signature pad on a canvas (Pointer Events: finger, stylus,
   mouse), a key that lets the server recognise a resubmission, focus on the first
   error, and sending from the script (offline.js) with its state told just above the
   button. The form works without this script (typed signature, a normal POST). */
(function () {
  "use strict";

  // The certificate prints a signature at most 600 px wide; fewer bytes over weak data.
  var EXPORT_WIDTH = 600;
  // Alpha levels kept in the exported PNG: the edges stay smooth, the file a third as big.
  var ALPHA_LEVELS = 4;

  /* Set up the form in the page's main content; return whether focus went to an error. */
  function setUp() {
    var form = document.getElementById("sign-form");
    if (!form) { return false; }

    var keyField = document.getElementById("client_key");
    if (keyField && !keyField.value) {
      keyField.value = (window.crypto && crypto.randomUUID) ? crypto.randomUUID()
        : String(Date.now()) + "-" + Math.random().toString(36).slice(2);
    }
    sending(form, keyField);

    var firstError = form.querySelector("[aria-invalid=true]") || document.getElementById("signature-error");
    var summary = document.getElementById("form-errors");
    var focused = firstError || summary;
    if (focused) { focused.focus(); }

    var pad = form.querySelector(".pad");
    var canvas = document.getElementById("signature-pad");
    var output = document.getElementById("signature_drawn");
    if (pad && canvas && canvas.getContext && output) { drawing(pad, canvas, output); }
    return !!focused;
  }

  function drawing(pad, canvas, output) {
    pad.hidden = false;
    var ctx = canvas.getContext("2d");
    var down = false, inked = false, last = null;

    function size() {
      var ratio = Math.max(window.devicePixelRatio || 1, 1);
      canvas.width = Math.round(canvas.clientWidth * ratio);
      canvas.height = Math.round(canvas.clientHeight * ratio);
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      ctx.lineWidth = 2.5;
      ctx.lineCap = "round";
      ctx.lineJoin = "round";
      ctx.strokeStyle = ctx.fillStyle = "#000";  // pure black: the PNG's colour channels stay constant
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

    /* Keep the drawing in the hidden field as a small PNG: scaled to EXPORT_WIDTH, its
       alpha rounded to ALPHA_LEVELS (the server flattens it to grey on white anyway). */
    function save() {
      if (!inked) { output.value = ""; return; }
      var copy = document.createElement("canvas");
      var scale = Math.min(EXPORT_WIDTH / canvas.width, 1);
      copy.width = Math.round(canvas.width * scale);
      copy.height = Math.round(canvas.height * scale);
      var copyCtx = copy.getContext("2d");
      copyCtx.drawImage(canvas, 0, 0, copy.width, copy.height);
      var image = copyCtx.getImageData(0, 0, copy.width, copy.height), data = image.data;
      var step = 255 / (ALPHA_LEVELS - 1);
      for (var i = 3; i < data.length; i += 4) { data[i] = Math.round(data[i] / step) * step; }
      copyCtx.putImageData(image, 0, 0);
      output.value = copy.toDataURL("image/png");
    }

    canvas.addEventListener("pointerdown", function (event) {
      event.preventDefault();
      down = true;
      last = point(event);
      if (canvas.setPointerCapture) { canvas.setPointerCapture(event.pointerId); }
      ctx.beginPath();
      ctx.arc(last.x, last.y, ctx.lineWidth / 2, 0, Math.PI * 2);
      ctx.fill();
      inked = true;
    });
    canvas.addEventListener("pointermove", function (event) {
      if (!down) { return; }
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
      if (!down) { return; }
      down = false;
      save();  // at the end of each stroke, so that the tap on the button has nothing to encode
    }
    canvas.addEventListener("pointerup", stop);
    canvas.addEventListener("pointercancel", stop);
    canvas.addEventListener("pointerleave", stop);

    document.getElementById("signature-clear").addEventListener("click", function () {
      ctx.clearRect(0, 0, canvas.width, canvas.height);
      inked = false;
      save();
    });
    size();
    restore();
  }

  /* Send the form from the script: its state shows above the button at once; a stored
     signature shows its number there, then opens the signer's page; any other answer
     (a field to correct, a refusal) replaces the page's content, so nothing is sent twice. */
  function sending(form, keyField) {
    var button = form.querySelector("button[type=submit]");
    var status = document.getElementById("send-status");

    function say(kind, text) {
      status.textContent = text;
      if (!kind) { status.removeAttribute("data-kind"); return; }
      status.setAttribute("data-kind", kind);
      if (status.scrollIntoView) { status.scrollIntoView({ block: "nearest" }); }
    }

    function signed(answer) {
      say("signed", status.getAttribute("data-signed").replace("{number}", answer.certificate_number));
      window.location.assign(answer.location);
    }

    function page(response) {
      return response.text().then(function (html) {
        var answer = new DOMParser().parseFromString(html, "text/html");
        var main = answer.getElementById("main"), here = document.getElementById("main");
        if (!main || !here) { form.submit(); return; }  // not one of the portal's pages: let the browser show it
        here.replaceWith(document.adoptNode(main));
        document.title = answer.title;
        if (!setUp()) { window.scrollTo(0, 0); main.focus(); }
      });
    }

    form.addEventListener("submit", function (event) {
      if (!window.PledgeOffline || !status) { return; }  // the browser posts the form itself
      event.preventDefault();
      // aria-disabled rather than disabled: a disabled button would drop the keyboard's focus.
      if (button.getAttribute("aria-disabled") === "true") { return; }
      button.setAttribute("aria-disabled", "true");
      var fields = [];
      new FormData(form).forEach(function (value, name) { fields.push([name, String(value)]); });
      var item = { key: keyField.value, action: form.action, fields: fields, savedAt: Date.now() };
      window.PledgeOffline.submit(item, { say: say, signed: signed, page: page }).then(null, function () {
        button.removeAttribute("aria-disabled");
        say("", "");
      });
    });
  }

  setUp();
})();

/* The sign form: a signature pad on a canvas (Pointer Events: finger, stylus,
   mouse), a key that lets the server recognise a resubmission, focus on the first
   error, and sending from the script (offline.js) with its state told just above the
   button. The form works without this script (typed signature, a normal POST). */
(function () {
  "use strict";

  // The pad's strokes go to the server in pad units: the width is always PAD_WIDTH
  // (pledge/strokes.py checks the same limits), points closer than MIN_STEP are dropped.
  var PAD_WIDTH = 1000, PAD_MIN_HEIGHT = 100, PAD_MAX_HEIGHT = 1000;
  var MAX_STROKES = 40, MAX_STROKE_POINTS = 1000, MAX_POINTS = 3000, MIN_STEP = 3;

  // A change of language reloads the page: the form waits in sessionStorage (read once, 10 min).
  var CARRY = "pledge-sign-carry", NOT_CARRIED = /^(csrf_token|homepage|)$/;

  function carry() {
    var form = document.getElementById("sign-form"), fields = [];
    if (!form) { return; }
    Array.prototype.forEach.call(form.elements, function (f) {
      if (!NOT_CARRIED.test(f.name)) { fields.push([f.name, f.type === "checkbox" ? f.checked : f.value]); }
    });
    try { sessionStorage.setItem(CARRY, JSON.stringify([form.action, Date.now(), fields])); } catch (e) {}
  }

  function takeBack(form) {
    var kept;
    try { kept = JSON.parse(sessionStorage.getItem(CARRY)); sessionStorage.removeItem(CARRY); } catch (e) {}
    if (!kept || kept[0] !== form.action || !(Date.now() - kept[1] < 6e5)) { return; }
    kept[2].forEach(function (pair) {
      var f = NOT_CARRIED.test(pair[0]) ? null : form.elements.namedItem(pair[0]);
      if (f && f.type === "checkbox") { f.checked = pair[1] === true; } else if (f) { f.value = String(pair[1]); }
    });
  }

  /* Set up the form in the page's main content; return whether focus went to an error. */
  function setUp() {
    var form = document.getElementById("sign-form");
    if (!form) { return false; }
    takeBack(form);

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
    var down = false, last = null;
    var strokes = [], current = null, total = 0;  // points in pad units, absolute
    var units = 1, boxHeight = PAD_MIN_HEIGHT;  // pad units per CSS pixel; the box's height in units

    function size() {
      var ratio = Math.max(window.devicePixelRatio || 1, 1);
      canvas.width = Math.round(canvas.clientWidth * ratio);
      canvas.height = Math.round(canvas.clientHeight * ratio);
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      ctx.lineWidth = 2.5;
      ctx.lineCap = "round";
      ctx.lineJoin = "round";
      ctx.strokeStyle = ctx.fillStyle = "#000";
      units = PAD_WIDTH / Math.max(canvas.clientWidth, 1);
      // Turned after some ink, the box may grow, never shrink under what is drawn.
      boxHeight = Math.min(Math.max(Math.round(canvas.clientHeight * units), strokes.length ? boxHeight : 0,
        PAD_MIN_HEIGHT), PAD_MAX_HEIGHT);
    }

    /* Draw every stroke at the canvas's present scale. */
    function paint() {
      ctx.clearRect(0, 0, canvas.width, canvas.height);
      strokes.forEach(function (stroke) {
        for (var j = 0, from; j < stroke.length; j += 2) {
          var to = { x: stroke[j] / units, y: stroke[j + 1] / units };
          if (from) { line(from, to); } else { dot(to); }
          from = to;
        }
      });
    }

    function dot(p) {
      ctx.beginPath();
      ctx.arc(p.x, p.y, ctx.lineWidth / 2, 0, Math.PI * 2);
      ctx.fill();
    }

    function line(from, to) {
      ctx.beginPath();
      ctx.moveTo(from.x, from.y);
      ctx.lineTo(to.x, to.y);
      ctx.stroke();
    }

    /* A point of the canvas (CSS pixels) in pad units, inside the box. */
    function unit(p) {
      return [Math.min(Math.max(Math.round(p.x * units), 0), PAD_WIDTH),
              Math.min(Math.max(Math.round(p.y * units), 0), boxHeight)];
    }

    /* Keep a point of the stroke being drawn unless it is within MIN_STEP of the last kept. */
    function keep(p, always) {
      if (!current || total >= MAX_POINTS) { return; }
      var u = unit(p), n = current.length;
      if (n && !always && Math.abs(u[0] - current[n - 2]) < MIN_STEP && Math.abs(u[1] - current[n - 1]) < MIN_STEP) { return; }
      if (n && u[0] === current[n - 2] && u[1] === current[n - 1]) { return; }
      if (n / 2 >= MAX_STROKE_POINTS) {  // a very long line goes on as a new stroke
        if (strokes.length >= MAX_STROKES) { return; }
        current = [current[n - 2], current[n - 1]];
        strokes.push(current);
        total += 1;
      }
      current.push(u[0], u[1]);
      total += 1;
    }

    /* The pad's text (pledge/strokes.py): the box, then each stroke's first point and steps. */
    function save() {
      if (!strokes.length) { output.value = ""; return; }
      var groups = [PAD_WIDTH + " " + boxHeight];
      strokes.forEach(function (stroke) {
        var numbers = [stroke[0], stroke[1]];
        for (var i = 2; i < stroke.length; i += 2) { numbers.push(stroke[i] - stroke[i - 2], stroke[i + 1] - stroke[i - 1]); }
        groups.push(numbers.join(" "));
      });
      output.value = groups.join("_");
    }

    /* Draw again what the hidden field holds (a page shown again with a message). */
    function restore() {
      var value = output.value;
      if (!value) { return; }
      if (value.indexOf("data:") === 0) {  // a PNG from a page of before strokes
        var image = new Image();
        image.onload = function () {
          var scale = Math.min(canvas.clientWidth / image.width, canvas.clientHeight / image.height, 1);
          ctx.drawImage(image, 0, 0, image.width * scale, image.height * scale);
        };
        image.src = value;
        return;
      }
      var groups = value.split("_");
      for (var g = 1; g < groups.length && strokes.length < MAX_STROKES; g++) {
        var numbers = groups[g].split(" ").map(Number), x = 0, y = 0, stroke = [];
        for (var i = 0; i + 1 < numbers.length; i += 2) {
          x = i ? x + numbers[i] : numbers[i];
          y = i ? y + numbers[i + 1] : numbers[i + 1];
          stroke.push(Math.min(x, PAD_WIDTH), Math.min(y, boxHeight));
        }
        if (!stroke.length) { continue; }
        strokes.push(stroke);
        total += stroke.length / 2;
      }
      paint();
      save();
    }

    function point(event) {
      var box = canvas.getBoundingClientRect();
      return { x: event.clientX - box.left, y: event.clientY - box.top };
    }

    canvas.addEventListener("pointerdown", function (event) {
      event.preventDefault();
      if (strokes.length >= MAX_STROKES) { return; }
      down = true;
      last = point(event);
      if (canvas.setPointerCapture) { canvas.setPointerCapture(event.pointerId); }
      dot(last);
      current = [];
      strokes.push(current);
      keep(last, true);
    });
    canvas.addEventListener("pointermove", function (event) {
      if (!down) { return; }
      event.preventDefault();
      var events = event.getCoalescedEvents ? event.getCoalescedEvents() : [event];
      for (var i = 0; i < events.length; i++) {
        var next = point(events[i]);
        line(last, next);
        keep(next, false);
        last = next;
      }
    });
    function stop() {
      if (!down) { return; }
      down = false;
      keep(last, true);  // the stroke ends where the finger left
      current = null;
      save();  // at the end of each stroke, so that the tap on the button has nothing to encode
    }
    canvas.addEventListener("pointerup", stop);
    canvas.addEventListener("pointercancel", stop);
    canvas.addEventListener("pointerleave", stop);

    document.getElementById("signature-clear").addEventListener("click", function () {
      ctx.clearRect(0, 0, canvas.width, canvas.height);
      strokes = [];
      total = 0;
      save();
    });
    size();
    restore();

    // A phone turned: measure again and draw the ink at the new scale, in the same pad units.
    var measured = canvas.clientWidth + "x" + canvas.clientHeight;
    window.addEventListener("resize", function () {
      var now = canvas.clientWidth + "x" + canvas.clientHeight;
      if (now !== measured) { measured = now; stop(); size(); paint(); save(); }
    });
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
      open(answer.location);
    }

    /* Open the signer's page once the portal answers; cut off, the number stays here
       with a link, and the page opens when the connection returns. */
    function open(location) {
      fetch("/healthz", { method: "HEAD", cache: "no-store" }).then(function () {
        window.location.assign(location);
      }, function () {
        var link = status.querySelector("a") || status.appendChild(document.createElement("a"));
        link.href = location;
        link.textContent = status.getAttribute("data-open");
        window.addEventListener("online", function () { open(location); }, { once: true });
      });
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

    // A signature of this form waiting on the phone is told by the button, lest it be signed twice.
    if (window.PledgeOffline && status) {
      window.PledgeOffline.waiting(form.action).then(function (yes) {
        if (yes && !status.getAttribute("data-kind")) { say("pending", window.PledgeOffline.text("pending")); }
      }, function () {});
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

  Array.prototype.forEach.call(document.querySelectorAll("nav.lang a"), function (link) {
    link.addEventListener("click", carry);
  });
  setUp();
})();

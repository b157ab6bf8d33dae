// The venue screen: poll the live feed, show new names, keep going through outages,
// and show only the cards that fit whole (the feed sends more than a screen holds).
(function () {
  "use strict";
  var root = document.getElementById("live");
  if (!root) { return; }
  var feed = root.getAttribute("data-feed");
  var list = document.getElementById("live-list");
  var total = document.getElementById("live-total");
  var status = document.getElementById("live-status");
  // A new name shows within this + the feed's freshness (1 s, plus 1 s stale at most in a cache).
  var EVERY_MS = 1000;
  var MAX_WAIT_MS = 10000;
  var seen = null;       // keys shown so far; null before the first answer
  var failures = 0;

  function line(item, fresh) {
    var li = document.createElement("li");
    li.className = fresh ? "live-item fresh" : "live-item";
    li.setAttribute("data-key", item.key);
    var name = document.createElement("p");
    name.className = "live-name";
    name.textContent = item.headline;
    var detail = document.createElement("p");
    detail.className = "live-detail";
    detail.textContent = [item.detail, item.group, item.time].filter(Boolean).join(" · ");
    li.appendChild(name);
    li.appendChild(detail);
    return li;
  }

  function show(data) {
    total.textContent = String(data.total);
    var wanted = {};
    data.signatories.forEach(function (item) { wanted[item.key] = true; });
    var shown = {};
    Array.prototype.slice.call(list.children).forEach(function (li) {
      var key = li.getAttribute("data-key");
      if (wanted[key]) { shown[key] = li; } else { list.removeChild(li); }  // revoked, or scrolled off
    });
    var arrivals = data.signatories.filter(function (item) { return !shown[item.key]; });
    if (arrivals.length && seen !== null) {
      Array.prototype.forEach.call(list.querySelectorAll(".fresh"), function (li) { li.classList.remove("fresh"); });
    }
    // Touch only what changed, so that a screen reader announces the arrivals alone.
    var ref = list.firstChild;
    data.signatories.forEach(function (item) {
      var li = shown[item.key];
      if (li && li === ref) { ref = ref.nextSibling; return; }
      list.insertBefore(li || line(item, seen !== null), ref);
    });
    seen = wanted;
    fit();
  }

  /* Hide the cards that would be cut at the list's bottom edge. The hidden ones stay in
     the list, so that the next answer does not bring them back as arrivals. On a narrow
     screen the list is as long as its cards and none is hidden. */
  function fit() {
    var items = Array.prototype.slice.call(list.children);
    items.forEach(function (li) { li.hidden = false; });
    var bottom = list.getBoundingClientRect().bottom;
    var full = false;
    items.forEach(function (li) {
      full = full || li.getBoundingClientRect().bottom > bottom;
      li.hidden = full;
    });
  }

  function next(wait) { window.setTimeout(poll, wait); }

  function poll() {
    // "no-cache": ask every time (a 304 when nothing changed) instead of reusing
    // this browser's copy, which stale-while-revalidate would let lag behind.
    fetch(feed, { headers: { "Accept": "application/json" }, credentials: "same-origin", cache: "no-cache" })
      .then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.json();
      })
      .then(function (data) {
        failures = 0;
        status.hidden = true;
        show(data);
        next(EVERY_MS);
      })
      .catch(function () {
        // A hiccup or a restart: say so, then try again, a little later each time.
        failures += 1;
        status.hidden = false;
        next(Math.min(EVERY_MS * Math.pow(2, failures), MAX_WAIT_MS));
      });
  }

  window.addEventListener("resize", fit);
  poll();
}());

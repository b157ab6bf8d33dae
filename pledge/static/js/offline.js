/* Sends the sign form for sign.js, and keeps a signature that could not be sent on
   the phone (IndexedDB) to send it, once, when the connection returns. The server
   recognises a resubmission by the form's client key, so a retry never stores a second
   record. The form that sent a signature hears what becomes of it (beside its button);
   a signature kept from an earlier visit is told in the banner at the top of any page.
   Also registers the service worker that keeps the sign page available offline. */
(function () {
  "use strict";
  if (!window.indexedDB || !window.fetch || !window.Promise) { return; }

  var DB_NAME = "pledge-offline", STORE = "pending";
  // JSON when the signature is stored (its number, at once); a page for anything else.
  var ACCEPT = "application/json, text/html;q=0.9";
  var banner = document.getElementById("offline-status");
  var watchers = {};  // client key -> the form of this page that sent it: {say, signed, page}
  var flushing = false;

  function text(kind) { return (banner && banner.getAttribute("data-" + kind)) || ""; }

  function tellBanner(kind) {
    if (!banner) { return; }
    banner.textContent = text(kind);
    banner.hidden = !banner.textContent;
  }

  function tell(key, kind) {
    if (watchers[key]) { watchers[key].say(kind, text(kind)); } else { tellBanner(kind); }
  }

  function openDb() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = function () { request.result.createObjectStore(STORE, { keyPath: "key" }); };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function withStore(mode, action) {
    return openDb().then(function (db) {
      return new Promise(function (resolve, reject) {
        var transaction = db.transaction(STORE, mode);
        var request = action(transaction.objectStore(STORE));
        transaction.oncomplete = function () { db.close(); resolve(request ? request.result : undefined); };
        transaction.onerror = function () { db.close(); reject(transaction.error); };
      });
    });
  }

  function keep(item) { return withStore("readwrite", function (store) { return store.put(item); }); }
  function forget(key) { return withStore("readwrite", function (store) { return store["delete"](key); }); }
  function pending() { return withStore("readonly", function (store) { return store.getAll(); }); }

  function body(fields) {
    var params = new URLSearchParams();
    fields.forEach(function (pair) { params.append(pair[0], pair[1]); });
    return params;
  }

  function freshToken(action) {
    return fetch(action, { credentials: "same-origin", cache: "no-store" }).then(function (response) {
      return response.text();
    }).then(function (html) {
      var match = /name="csrf_token" type="hidden" value="([^"]+)"/.exec(html);
      return match ? match[1] : null;
    });
  }

  function withToken(fields, token) {
    return fields.map(function (pair) { return pair[0] === "csrf_token" ? [pair[0], token] : pair; });
  }

  /* POST the item; resolve with the Response, reject on a network failure.
     A form whose CSRF token went stale while it waited is sent again once with a fresh one. */
  function post(item, retried) {
    return fetch(item.action, {
      method: "POST", body: body(item.fields), credentials: "same-origin", headers: { "Accept": ACCEPT }
    }).then(function (response) {
      if (response.status === 400 && !retried) {
        return freshToken(item.action).then(function (token) {
          if (!token) { return response; }
          item.fields = withToken(item.fields, token);
          return post(item, true);
        });
      }
      return response;
    });
  }

  /* Act on the server's answer: the number of a stored signature, or the page it sent. */
  function answered(item, response) {
    var watcher = watchers[item.key];
    var type = response.headers.get("Content-Type") || "";
    if (response.ok && type.indexOf("application/json") === 0) {
      return response.json().then(function (signed) {
        if (watcher) { watcher.signed(signed); } else { window.location.assign(signed.location); }
      });
    }
    if (watcher) { return watcher.page(response); }
    // A kiosk answers a stored signature with a redirect to its clean form: nothing to tell.
    tellBanner(response.ok && response.redirected ? "" : "failed");
    return null;
  }

  /* Send a form of this page now; if the network fails, keep it and say so. `watcher`
     hears the states (say), the stored signature (signed) or the page answered (page). */
  function submit(item, watcher) {
    watchers[item.key] = watcher;
    tell(item.key, "sending");
    return post(item, false).then(function (response) {
      return answered(item, response);
    }, function () {
      return keep(item).then(function () { tell(item.key, "saved"); });
    });
  }

  function flush() {
    if (flushing) { return Promise.resolve(); }
    flushing = true;
    return pending().then(function (items) {
      return items.reduce(function (chain, item) {
        return chain.then(function () {
          tell(item.key, "sending");
          return post(item, false).then(function (response) {
            return forget(item.key).then(function () { return answered(item, response); });
          }, function () { tell(item.key, "pending"); });
        });
      }, Promise.resolve());
    }).then(function () { flushing = false; }, function () { flushing = false; });
  }

  /* Whether a signature sent from `action` waits on this phone (for the sign form to say so). */
  function waiting(action) {
    return pending().then(function (items) {
      return items.some(function (item) { return item.action === action; });
    });
  }

  window.PledgeOffline = { submit: submit, flush: flush, waiting: waiting, text: text };
  window.addEventListener("online", flush);
  setInterval(function () { if (navigator.onLine) { flush(); } }, 30000);
  flush();

  if ("serviceWorker" in navigator && banner && banner.getAttribute("data-worker")) {
    navigator.serviceWorker.register(banner.getAttribute("data-worker"), { scope: "/" })["catch"](function () {});
  }
})();

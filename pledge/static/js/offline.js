/* Keeps a signature that could not be sent on the phone (IndexedDB) and sends it,
   once, when the connection returns. The server recognises a resubmission by the
   form's client key, so a retry never stores a second record. Also registers the
   service worker that keeps the sign page available offline. */
(function () {
  "use strict";
  if (!window.indexedDB || !window.fetch || !window.Promise) { return; }

  var DB_NAME = "pledge-offline", STORE = "pending";
  var status = document.getElementById("offline-status");
  var flushing = false;

  function say(kind) {
    if (!status) { return; }
    var text = status.getAttribute("data-" + kind);
    status.textContent = text || "";
    status.hidden = !text;
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
    return fetch(item.action, { method: "POST", body: body(item.fields), credentials: "same-origin" })
      .then(function (response) {
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

  function signed(response) { return response.ok && /\/s\/[^/]+$/.test(new URL(response.url).pathname); }

  /* Send a form now; if the network fails, keep it and say so. Resolves with the
     Response when the server answered, or null when the form was kept. */
  function submit(item) {
    say("sending");
    return post(item, false).then(function (response) {
      if (signed(response)) { window.location.assign(response.url); }
      return response;
    }, function () {
      return keep(item).then(function () { say("saved"); return null; });
    });
  }

  function flush() {
    if (flushing) { return Promise.resolve(); }
    flushing = true;
    return pending().then(function (items) {
      if (!items.length) { return null; }
      say("sending");
      return items.reduce(function (chain, item) {
        return chain.then(function () {
          return post(item, false).then(function (response) {
            return forget(item.key).then(function () {
              if (signed(response)) { window.location.assign(response.url); } else { say("failed"); }
            });
          }, function () { say("pending"); });
        });
      }, Promise.resolve());
    }).then(function () { flushing = false; }, function () { flushing = false; });
  }

  window.PledgeOffline = { submit: submit, flush: flush };
  window.addEventListener("online", flush);
  setInterval(function () { if (navigator.onLine) { flush(); } }, 30000);
  flush();

  if ("serviceWorker" in navigator && status && status.getAttribute("data-worker")) {
    navigator.serviceWorker.register(status.getAttribute("data-worker"), { scope: "/" })["catch"](function () {});
  }
})();

/* Service worker: static files from the cache first (their names carry their
   content hash), event pages and sign forms from the network first with the last
   copy as the fallback when the phone is offline. Nothing private is cached. */
"use strict";
var CACHE = "pledge-{{ version }}";
var PRECACHE = {{ urls|tojson }};
var PAGES = /^\/e\/[^/]+(\/sign)?$/;
var NETWORK_TIMEOUT_MS = 6000;

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) { return cache.addAll(PRECACHE); })
    .then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) { return name.indexOf("pledge-") === 0 && name !== CACHE; })
      .map(function (name) { return caches["delete"](name); }));
  }).then(function () { return self.clients.claim(); }));
});

function fromNetwork(request) {
  return fetch(request).then(function (response) {
    if (response.ok) {
      var copy = response.clone();
      caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
    }
    return response;
  });
}

function networkFirst(request) {
  return caches.match(request).then(function (cached) {
    var network = fromNetwork(request);
    if (!cached) { return network; }
    var timeout = new Promise(function (resolve) { setTimeout(function () { resolve(cached); }, NETWORK_TIMEOUT_MS); });
    return Promise.race([network["catch"](function () { return cached; }), timeout]);
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (url.pathname.indexOf("/assets/") === 0) {
    event.respondWith(caches.match(request).then(function (cached) { return cached || fromNetwork(request); }));
  } else if (PAGES.test(url.pathname) && !url.search) {
    event.respondWith(networkFirst(request));
  }
});

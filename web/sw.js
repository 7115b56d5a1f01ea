// The service worker: the app shell from a versioned cache, /api/ always from the network.
// Writes never pass through here: they wait in the IndexedDB outbox (js/outbox.js), so an
// update can never drop queued work. A new version waits until the page asks it to take over.
//
// The precache is what the shopper's screens need, in English (every language's fallback), so a
// first load stays small. Other languages and the install icons are cached when first used and
// carried into each new version, so a language once chosen keeps working offline.

const VERSION = "__MYSTERY_VERSION__"; // stamped by the server from the contents of web/
const CACHE = `mystery-shell-${VERSION}`;
const SHELL = [
  "/",
  "/manifest.webmanifest",
  "/static/css/app.css",
  "/static/js/app.js",
  "/static/js/api.js",
  "/static/js/db.js",
  "/static/js/dom.js",
  "/static/js/drafts.js",
  "/static/js/events.js",
  "/static/js/i18n.js",
  "/static/js/outbox.js",
  "/static/js/pay.js",
  "/static/js/photos.js",
  "/static/js/rules.js",
  "/static/js/session.js",
  "/static/js/storage.js",
  "/static/js/sync.js",
  "/static/js/visits.js",
  "/static/js/views/board.js",
  "/static/js/views/checklist.js",
  "/static/js/views/forgot.js",
  "/static/js/views/earnings.js",
  "/static/js/views/expense.js",
  "/static/js/views/home.js",
  "/static/js/views/login.js",
  "/static/js/views/notification-settings.js",
  "/static/js/views/notifications.js",
  "/static/js/views/outbox.js",
  "/static/js/views/reset.js",
  "/static/js/views/profile.js",
  "/static/js/views/quiz.js",
  "/static/js/views/questions.js",
  "/static/js/views/visit.js",
  "/static/js/views/visits.js",
  "/static/i18n/en.json",
  "/static/icons/icon-192.png",
];
// Cached on first use (the page also asks for its language's catalog: see js/app.js).
const ON_DEMAND = [
  "/static/i18n/da.json",
  "/static/i18n/sv.json",
  "/static/icons/icon-512.png",
  "/static/icons/maskable-192.png",
  "/static/icons/maskable-512.png",
];

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      await cache.addAll(SHELL);
      // Fetched anew for this version; if that fails the install does, and the old one stays.
      await cache.addAll([...(await usedBefore(cache)).keys()]);
    })(),
  );
});

/** On-demand files an earlier version had cached (a language once chosen) and this one lacks. */
async function usedBefore(cache) {
  const found = new Map();
  for (const name of await caches.keys()) {
    if (!name.startsWith("mystery-shell-") || name === CACHE) continue;
    const old = await caches.open(name);
    for (const url of ON_DEMAND) {
      if (found.has(url) || (await cache.match(url))) continue;
      const response = await old.match(url);
      if (response) found.set(url, response);
    }
  }
  return found;
}

/** Cache on-demand files the page uses (its language), once each. */
async function keep(urls) {
  const cache = await caches.open(CACHE);
  for (const url of urls) {
    if (!ON_DEMAND.includes(url) || (await cache.match(url))) continue;
    try {
      await cache.add(url);
    } catch {
      // Offline: it is cached the next time the page asks, or on its next fetch.
    }
  }
}

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      // Chosen while this version waited: fetched now, else the old copy rather than none.
      const cache = await caches.open(CACHE);
      for (const [url, old] of await usedBefore(cache)) {
        await cache.add(url).catch(() => cache.put(url, old));
      }
      const names = await caches.keys();
      await Promise.all(
        names.filter((name) => name.startsWith("mystery-") && name !== CACHE).map((name) => caches.delete(name)),
      );
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "SKIP_WAITING") self.skipWaiting();
  if (event.data && event.data.type === "VERSION") event.source?.postMessage({ type: "VERSION", version: VERSION });
  if (event.data && event.data.type === "CACHE" && Array.isArray(event.data.urls)) event.waitUntil(keep(event.data.urls));
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/api/")) return; // never cached: the browser goes to the network
  if (request.mode === "navigate" && !url.pathname.startsWith("/static/") && !/\.\w+$/.test(url.pathname)) {
    event.respondWith(shell(request));
    return;
  }
  event.respondWith(cacheFirst(request));
});

// Every client-side route is the same shell; serving it from the cache opens the app cold
// in airplane mode, and keeps page and scripts of one version together.
async function shell(request) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match("/");
  if (cached) return cached;
  return fetch(request);
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request, { ignoreSearch: true });
  if (cached) return cached;
  const response = await fetch(request);
  const path = new URL(request.url).pathname;
  if (response.ok && ON_DEMAND.includes(path)) await cache.put(path, response.clone());
  return response;
}

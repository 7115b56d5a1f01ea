// The app: start-up, the router, role-aware navigation, banners (offline, update, session).

import { api } from "./api.js";
import { h, mount, svg } from "./dom.js";
import { on } from "./events.js";
import { LANGUAGES, addCatalog, catalogUrls, chooseLocale, currentLocale, onLocaleChange, preferredLocale, setLocale, t, tn } from "./i18n.js";
import { pendingCount, startSync } from "./sync.js";
import "./pay.js"; // forgets cached earnings and profile on sign-out
import { checkSession, currentUser, finishLogout, restoreSession, signOut } from "./session.js";
import { askPersist } from "./storage.js";

// Each role's start page and menu. The coordinator, client and admin faces live in
// /static/staff/ (online only, not precached, so the shopper's shell stays small).
const HOME = { shopper: "/visits", coordinator: "/waves", admin: "/waves", client: "/dashboard" };
const STAFF_NAV = [
  { href: "/clients", label: "nav.clients", match: /^\/clients/ },
  { href: "/checklists", label: "nav.checklists", match: /^\/checklists/ },
  { href: "/waves", label: "nav.waves", match: /^\/waves/ },
  { href: "/review", label: "nav.review", match: /^\/review/ },
  { href: "/dashboard", label: "nav.dashboard", match: /^\/dashboard/ },
  { href: "/actions", label: "nav.actions", match: /^\/actions/ },
  { href: "/appeals", label: "nav.appeals", match: /^\/appeals/ },
  { href: "/users", label: "nav.users", match: /^\/users/ },
  { href: "/payouts", label: "nav.payouts", match: /^\/(payouts|ledger)/ },
];
const NAV = {
  shopper: [
    { href: "/visits", label: "nav.myVisits", match: /^\/visits/ },
    { href: "/board", label: "nav.openVisits", match: /^\/board/ },
    { href: "/outbox", label: "nav.outbox", match: /^\/outbox/, badge: true },
    { href: "/earnings", label: "nav.earnings", match: /^\/earnings/ },
  ],
  coordinator: STAFF_NAV,
  admin: STAFF_NAV,
  client: [
    { href: "/dashboard", label: "nav.dashboard", match: /^\/dashboard/ },
    { href: "/actions", label: "nav.actions", match: /^\/actions/ },
  ],
};
const STAFF = ["coordinator", "admin"];
const READERS = ["coordinator", "admin", "client"];
const staff = (name) => () => import(`../staff/${name}.js`);
const ROUTES = [
  { pattern: /^\/login$/, load: () => import("./views/login.js"), public: true },
  { pattern: /^\/forgot-password$/, load: () => import("./views/forgot.js"), public: true },
  { pattern: /^\/reset-password$/, load: () => import("./views/reset.js"), public: true },
  { pattern: /^\/notifications$/, load: () => import("./views/notifications.js") },
  { pattern: /^\/notifications\/settings$/, load: () => import("./views/notification-settings.js") },
  { pattern: /^\/home$/, load: () => import("./views/home.js") },
  { pattern: /^\/visits$/, load: () => import("./views/visits.js"), roles: ["shopper"] },
  { pattern: /^\/visits\/(?<id>\d+)$/, load: () => import("./views/visit.js"), roles: ["shopper"] },
  { pattern: /^\/board$/, load: () => import("./views/board.js"), roles: ["shopper"] },
  { pattern: /^\/outbox$/, load: () => import("./views/outbox.js"), roles: ["shopper"] },
  { pattern: /^\/earnings$/, load: () => import("./views/earnings.js"), roles: ["shopper"] },
  { pattern: /^\/profile$/, load: () => import("./views/profile.js") },
  { pattern: /^\/certifications\/(?<id>\d+)$/, load: () => import("./views/quiz.js"), roles: ["shopper"] },
  { pattern: /^\/ledger$/, load: staff("ledger"), roles: STAFF },
  { pattern: /^\/payouts$/, load: staff("payouts"), roles: STAFF },
  { pattern: /^\/payouts\/(?<id>\d+)$/, load: staff("payout"), roles: STAFF },
  { pattern: /^\/clients$/, load: staff("clients"), roles: STAFF },
  { pattern: /^\/clients\/(?<id>new|\d+)$/, load: staff("client"), roles: STAFF },
  { pattern: /^\/checklists$/, load: staff("checklists"), roles: STAFF },
  { pattern: /^\/checklists\/(?<id>\d+)$/, load: staff("builder"), roles: STAFF },
  { pattern: /^\/waves$/, load: staff("waves"), roles: STAFF },
  { pattern: /^\/waves\/new$/, load: staff("wave-new"), roles: STAFF },
  { pattern: /^\/waves\/(?<id>\d+)$/, load: staff("wave-board"), roles: STAFF },
  { pattern: /^\/review$/, load: staff("review-queue"), roles: STAFF },
  { pattern: /^\/review\/(?<id>\d+)$/, load: staff("review"), roles: STAFF },
  { pattern: /^\/dashboard$/, load: staff("dashboard"), roles: READERS },
  { pattern: /^\/dashboard\/stores\/(?<id>\d+)$/, load: staff("store-page"), roles: READERS },
  { pattern: /^\/dashboard\/visits\/(?<id>\d+)$/, load: staff("visit-detail"), roles: READERS },
  { pattern: /^\/actions$/, load: staff("actions"), roles: READERS },
  { pattern: /^\/appeals$/, load: staff("appeals"), roles: STAFF },
  { pattern: /^\/users$/, load: staff("users"), roles: STAFF },
];

/** Staff faces: their strings and styles, loaded once on the first staff page. */
async function loadStaffFace(user) {
  const isStaff = Boolean(user) && user.role !== "shopper";
  document.body.classList.toggle("staff", isStaff);
  if (!isStaff) return;
  if (!document.getElementById("staff-css")) {
    document.head.append(h("link", { id: "staff-css", rel: "stylesheet", href: "/static/staff/staff.css" }));
  }
  await addCatalog("/static/staff/i18n");
}

const main = document.getElementById("main");
let generation = 0;
let leaving = [];
let waitingWorker = null;
let updateRequested = false;
// A language picked offline before this device had its strings: said in a banner.
let languageMissing = false;

export const homeOf = (user) => (user ? HOME[user.role] || "/home" : "/login");

/** Go to a client-side route. */
export function navigate(path, { replace = false } = {}) {
  if (replace) history.replaceState(null, "", path);
  else history.pushState(null, "", path);
  render({ fresh: true });
}

function notFound() {
  return h("section", { class: "page" }, h("h1", { tabindex: "-1" }, t("notFound.title")), h("p", null, h("a", { href: "/" }, t("notFound.home"))));
}

function failure(error, retry) {
  return h(
    "section",
    { class: "page" },
    h("h1", { tabindex: "-1" }, t("error.title")),
    h("p", { class: "error", role: "alert" }, error?.message || String(error)),
    h("button", { type: "button", onclick: retry }, t("action.retry")),
  );
}

/** Render the current route (fresh: a navigation, so focus and scroll move to the new page). */
async function render({ fresh = false } = {}) {
  const mine = ++generation;
  for (const stop of leaving.splice(0)) stop();
  const path = location.pathname;
  const user = currentUser();
  if (path === "/" || (["/login", "/forgot-password"].includes(path) && user)) return navigate(homeOf(user), { replace: true });
  const route = ROUTES.find((r) => r.pattern.test(path));
  if (route && !route.public && !user) {
    return navigate(`/login?next=${encodeURIComponent(path + location.search)}`, { replace: true });
  }
  if (route?.roles && !route.roles.includes(user.role)) return navigate(homeOf(user), { replace: true });
  try {
    await loadStaffFace(user);
  } catch (error) {
    console.warn("Staff strings not loaded", error);
  }
  if (mine !== generation) return;
  renderChrome();
  const context = {
    params: route ? path.match(route.pattern).groups || {} : {},
    query: new URLSearchParams(location.search),
    user,
    navigate,
    fresh,
    refresh: () => render(),
    onLeave: (stop) => leaving.push(stop),
    current: () => mine === generation,
  };
  const scroll = window.scrollY;
  let node;
  try {
    node = route ? await (await route.load()).default(context) : notFound();
  } catch (error) {
    // Whatever the caller may not see answers 404: show "not found", never a hint of the data.
    if (error?.status === 404) node = notFound();
    else {
      console.error(error);
      node = failure(error, () => render());
    }
  }
  if (mine !== generation) return;
  mount(main, node);
  if (fresh) {
    window.scrollTo(0, 0);
    (main.querySelector("h1") || main).focus({ preventScroll: true });
  } else window.scrollTo(0, scroll);
}

async function refreshBadge() {
  const badge = document.querySelector(".nav .badge");
  if (!badge) return;
  const count = await pendingCount();
  badge.textContent = count ? String(count) : "";
  badge.hidden = !count;
}

function renderNav(user) {
  const nav = document.getElementById("nav");
  const items = (user && NAV[user.role]) || [];
  mount(
    nav,
    items.map((item) =>
      h(
        "a",
        { href: item.href, "aria-current": item.match.test(location.pathname) ? "page" : null },
        h("span", null, t(item.label)),
        item.badge ? h("span", { class: "badge", "aria-hidden": "true", hidden: true }) : null,
      ),
    ),
  );
  nav.hidden = !items.length;
  document.body.classList.toggle("has-nav", items.length > 0);
  refreshBadge();
}

async function onSignOut() {
  const count = await pendingCount();
  if (count > 0 && !window.confirm(tn("signOut.pending", count))) return;
  await signOut();
  navigate("/login");
}

function renderFooter() {
  const select = h(
    "select",
    { id: "language", onchange: (event) => pickLanguage(event.target.value) },
    Object.entries(LANGUAGES).map(([code, name]) => h("option", { value: code, selected: code === currentLocale() }, name)),
  );
  mount(document.getElementById("footer"), h("label", { class: "language", for: "language" }, t("footer.language")), select);
}

async function pickLanguage(code) {
  try {
    await chooseLocale(code);
    languageMissing = false;
  } catch (error) {
    console.warn("Language not loaded", error);
    languageMissing = true;
    renderFooter();
  }
  renderBanners();
}

function renderBanners() {
  const banners = [];
  if (languageMissing) banners.push(h("p", { class: "banner offline", role: "alert" }, t("banner.languageMissing")));
  if (!navigator.onLine) banners.push(h("p", { class: "banner offline", role: "status" }, t("banner.offline")));
  if (waitingWorker) {
    banners.push(
      h(
        "div",
        { class: "banner update", role: "status" },
        h("span", null, t("banner.update")),
        h("button", { type: "button", onclick: applyUpdate }, t("banner.updateNow")),
      ),
    );
  }
  mount(document.getElementById("banners"), banners);
}

// The bell: every face shows how many notifications are unread, refreshed now and then.
let unread = 0;
const BELL_POLL_MS = 60_000;

// Drawn, not an emoji: a phone or a headless browser without an emoji font shows an empty box.
const bellIcon = () =>
  svg(
    "svg",
    { class: "bell-icon", viewBox: "0 0 24 24", width: 24, height: 24, "aria-hidden": "true", focusable: "false" },
    svg("path", { d: "M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9", fill: "none", stroke: "currentColor", "stroke-width": 2, "stroke-linecap": "round", "stroke-linejoin": "round" }),
    svg("path", { d: "M13.7 21a2 2 0 0 1-3.4 0", fill: "none", stroke: "currentColor", "stroke-width": 2, "stroke-linecap": "round" }),
  );

function bell() {
  const label = unread ? tn("bell.unread", unread) : t("bell.none");
  return h(
    "a",
    { href: "/notifications", class: "bell", "aria-label": label, title: label, "aria-current": location.pathname === "/notifications" ? "page" : null },
    bellIcon(),
    h("span", { class: "bell-text" }, t("bell.title")),
    h("span", { class: "badge bell-count", "aria-hidden": "true", hidden: !unread }, unread ? String(unread) : ""),
  );
}

/** Ask the server for the unread count and redraw the bell (quietly offline). */
export async function refreshBell() {
  if (!currentUser() || !navigator.onLine) return;
  try {
    const { data } = await api.get("/me/notifications/unread");
    if (data.unread !== unread) {
      unread = data.unread;
      const old = document.querySelector("#account .bell");
      if (old) old.replaceWith(bell());
    }
  } catch {
    // offline or signed out: the bell keeps its last count
  }
}

function startBell() {
  setInterval(refreshBell, BELL_POLL_MS);
  document.addEventListener("visibilitychange", () => document.visibilityState === "visible" && refreshBell());
  window.addEventListener("online", refreshBell);
  on("notifications", (detail) => {
    if (typeof detail?.unread === "number") unread = detail.unread;
    const old = document.querySelector("#account .bell");
    if (old) old.replaceWith(bell());
  });
}

function renderChrome() {
  const user = currentUser();
  renderNav(user);
  mount(
    document.getElementById("account"),
    user ? bell() : null,
    // Every role's own profile and password (DESIGN §13), beside "Sign out".
    user ? h("a", { href: "/profile", class: "profile-link", "aria-current": location.pathname === "/profile" ? "page" : null }, t("nav.profile")) : null,
    user ? h("button", { type: "button", class: "link-button", onclick: onSignOut }, t("nav.signOut")) : null,
  );
  if (user) refreshBell();
  renderFooter();
  renderBanners();
  document.querySelector(".skip-link").textContent = t("nav.skip");
}

/** A new version is installed: it takes over only when the user asks (queued work is in IndexedDB). */
function applyUpdate() {
  if (!waitingWorker) return;
  updateRequested = true;
  waitingWorker.postMessage({ type: "SKIP_WAITING" });
}

async function registerServiceWorker() {
  if (!("serviceWorker" in navigator)) return;
  const offer = (worker) => {
    waitingWorker = worker;
    renderBanners();
  };
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    if (updateRequested) location.reload();
  });
  try {
    const registration = await navigator.serviceWorker.register("/sw.js", { updateViaCache: "none" });
    if (registration.waiting && navigator.serviceWorker.controller) offer(registration.waiting);
    registration.addEventListener("updatefound", () => {
      const worker = registration.installing;
      worker?.addEventListener("statechange", () => {
        if (worker.state === "installed" && navigator.serviceWorker.controller) offer(worker);
      });
    });
    keepCatalogs();
  } catch (error) {
    console.warn("Service worker not registered", error);
  }
}

/** Ask the service worker to keep this language's strings (it precaches English only). */
async function keepCatalogs() {
  if (!("serviceWorker" in navigator)) return;
  const registration = await navigator.serviceWorker.ready;
  const message = { type: "CACHE", urls: catalogUrls() };
  for (const worker of new Set([registration.active, registration.waiting])) worker?.postMessage(message);
}

/** Resolve once the page has loaded, so the shell's precache never competes with it. */
function loaded() {
  if (document.readyState === "complete") return Promise.resolve();
  return new Promise((resolve) => window.addEventListener("load", resolve, { once: true }));
}

function interceptLinks() {
  document.addEventListener("click", (event) => {
    const anchor = event.target.closest("a[href]");
    if (!anchor || event.defaultPrevented || event.button !== 0 || anchor.target || anchor.hasAttribute("download")) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const url = new URL(anchor.href);
    if (url.origin !== location.origin || /^\/(api|static)\//.test(url.pathname)) return;
    event.preventDefault();
    if (url.pathname + url.search !== location.pathname + location.search) navigate(url.pathname + url.search);
  });
  window.addEventListener("popstate", () => render({ fresh: true }));
}

async function boot() {
  interceptLinks();
  let { user, logoutPending } = await restoreSession();
  // A language this device never loaded cannot load offline: English is always there.
  await setLocale(preferredLocale(user?.locale)).catch(() => setLocale("en"));
  if (!user && navigator.onLine) {
    // Signed out while offline: end that session now. Otherwise a live cookie (say, this
    // device's storage was cleared) signs us straight back in.
    if (logoutPending) logoutPending = !(await finishLogout());
    else if ((await checkSession()) === "ok") user = currentUser();
  }
  window.addEventListener("online", async () => {
    if (!currentUser() && (await restoreSession()).logoutPending) await finishLogout();
  });
  on("outbox", refreshBadge);
  on("session", async (detail) => {
    if (detail.remote) await restoreSession();
    if (detail.expired || detail.signedOut || detail.remote) render({ fresh: true });
  });
  onLocaleChange(() => {
    render();
    keepCatalogs();
  });
  window.addEventListener("online", renderBanners);
  window.addEventListener("offline", renderBanners);
  startSync();
  startBell();
  await render({ fresh: true });
  loaded().then(registerServiceWorker);
  if (user && navigator.onLine) checkSession().then(() => renderChrome());
  if (user) askPersist();
}

boot();

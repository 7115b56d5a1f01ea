// Who is signed in: kept in IndexedDB so the app opens offline, checked with the server when online.

import { api, fetchMe, onCsrfChange, onUnauthorized, setCsrf } from "./api.js";
import { get, put, run } from "./db.js";
import { emit } from "./events.js";

let user = null;

export const currentUser = () => user;

async function save(fields) {
  const row = (await get("session", "current")) || { key: "current" };
  await put("session", { ...row, ...fields });
}

onCsrfChange((csrf) => save({ csrf }));
onUnauthorized(() => expire());

/** Load the session kept on this device (works offline). */
export async function restoreSession() {
  const row = await get("session", "current");
  user = row?.user || null;
  setCsrf(row?.csrf || null);
  return { user, expired: Boolean(row?.expired), logoutPending: Boolean(row?.logoutPending) };
}

/** Sign in; the CSRF token comes with the answer. */
export async function signIn(email, password, remember = false) {
  // remember: a 30-day sign-in cookie, so a restarted phone keeps syncing (DESIGN §6 v2).
  const { data } = await api.post("/auth/login", { email, password, remember });
  const previous = await get("session", "current");
  user = data.user;
  setCsrf(data.csrf_token);
  if (previous?.lastUserId && previous.lastUserId !== user.id) await forgetVisits();
  await save({ user, csrf: data.csrf_token, expired: false, logoutPending: false, lastUserId: user.id });
  emit("session", { userId: user.id });
  return user;
}

/** Ask the server whether the session still holds: "ok", "expired" or "unknown" (offline). */
export async function checkSession() {
  try {
    const me = await fetchMe();
    user = me;
    await save({ user: me, expired: false, lastUserId: me.id });
    return "ok";
  } catch (error) {
    if (error.status === 401) {
      await expire();
      return "expired";
    }
    return "unknown";
  }
}

/** The server no longer knows us: forget the user but keep everything queued. */
export async function expire() {
  if (user === null) return;
  user = null;
  setCsrf(null);
  await save({ user: null, csrf: null, expired: true });
  emit("session", { expired: true });
}

async function forgetVisits() {
  await run(["visits"], "readwrite", (s) => s.visits.clear());
}

/** Sign out on the server (when reachable) and on this device; queued work stays queued. */
export async function signOut() {
  const reached = await logoutOnServer();
  user = null;
  // Offline, the session cookie outlives us: keep its CSRF token to end it when back online.
  if (reached) setCsrf(null);
  await save({ user: null, csrf: reached ? null : (await get("session", "current"))?.csrf, expired: false, logoutPending: !reached });
  await forgetVisits();
  emit("session", { signedOut: true });
}

async function logoutOnServer() {
  try {
    await api.post("/auth/logout");
    return true;
  } catch (error) {
    return error.status === 401 || error.status === 403; // already gone
  }
}

/** End on the server a session that was signed out of while offline. */
export async function finishLogout() {
  if (!(await logoutOnServer())) return false;
  setCsrf(null);
  await save({ csrf: null, logoutPending: false });
  return true;
}

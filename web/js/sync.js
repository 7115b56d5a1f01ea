// The outbox's sync engine (DESIGN §6): sends what js/outbox.js queued, nothing doubled.
//
// Sending goes JSON first, then each photo once the JSON is acknowledged. An item is done only
// after 200/201; network errors and 5xx are retried with exponential backoff and jitter; other
// 4xx stay visible with the server's message until the shopper fixes and resends them; a 401
// keeps everything and resumes after the next sign-in. A Web Lock keeps two tabs from sending
// at the same time.
//
// No dead ends (DESIGN §6 v2): every refused item says why and offers its way forward. A photo
// answered 413 is re-encoded smaller under the same UUID; 415 asks for a replacement; refusals
// that may pass (409 on a photo) wait for "Sync now"; a visit cancelled or reassigned meanwhile
// keeps its answers readable here. Retry timers count on the monotonic clock, never the phone's.

import { ApiError, NetworkError, api } from "./api.js";
import { get, getAll, run } from "./db.js";
import { emit, on } from "./events.js";
import { t } from "./i18n.js";
import { currentUser } from "./session.js";

const RETRYABLE = new Set([408, 425, 429]);
// Refusals worth another try when the shopper asks ("Sync now"): they may pass by then.
const TRANSIENT = new Set([408, 409, 425, 429]);
const MAX_SHRINKS = 4;
// When each waiting item may be tried again, on performance.now(): a phone whose clock jumps
// (corrected by the network, or set by hand) neither waits for days nor hammers the server.
const deadlines = new Map();
const BASE_DELAY = 1000;
const MAX_DELAY = 5 * 60 * 1000;
const KEEP_SENT = 14 * 24 * 3600 * 1000;
const UNSENT = new Set(["waiting", "sending", "failed"]);
let running = null;
let again = false;
let forceAgain = false;
let timer = null;

function backoff(attempts) {
  const delay = Math.min(MAX_DELAY, BASE_DELAY * 2 ** (attempts - 1));
  return Math.round(delay * (0.5 + Math.random()));
}

/** How many of the user's submissions still have something the server has not acknowledged. */
export async function pendingCount() {
  const user = currentUser();
  if (!user) return 0;
  return countUnsent(await getAll("outbox"), user.id);
}

export function countUnsent(items, userId) {
  return new Set(items.filter((item) => item.userId === userId && UNSENT.has(item.state)).map((item) => item.submissionUuid)).size;
}

/** Forget when an item was due again (it is put back in line by hand). */
export function forgetDeadline(id) {
  deadlines.delete(id);
}

/** Change fields of an outbox item and tell the screens. */
export async function updateItem(id, fields) {
  await run(["outbox"], "readwrite", async (s) => {
    const item = await s.outbox.get(id);
    if (item) await s.outbox.put({ ...item, ...fields, updatedAt: new Date().toISOString() });
  });
  emit("outbox");
}

async function markSubmissionSent(item) {
  await run(["outbox", "drafts", "visits"], "readwrite", async (s) => {
    const now = new Date().toISOString();
    await s.outbox.put({ ...item, state: "sent", sentAt: now, message: null, errors: null, updatedAt: now });
    const draft = await s.drafts.get(item.visitId);
    if (draft?.submission?.uuid === item.id) {
      draft.submission.acked = true;
      await s.drafts.put(draft);
    }
    const visit = await s.visits.get(item.visitId);
    if (visit && ["accepted", "returned"].includes(visit.status)) {
      await s.visits.put({ ...visit, status: "submitted", submission_uuid: item.id, review_note: null });
    }
  });
  emit("outbox");
  emit("visits");
  emit("draft", { visitId: item.visitId });
}

async function markPhotoSent(item) {
  await run(["outbox", "media"], "readwrite", async (s) => {
    const now = new Date().toISOString();
    await s.outbox.put({ ...item, state: "sent", sentAt: now, message: null, updatedAt: now });
    const media = await s.media.get(item.id);
    // The thumbnail stays for the draft; the full photo is on the server now.
    if (media) await s.media.put({ ...media, sent: true, blob: null });
  });
  emit("outbox");
}

async function sendItem(item) {
  if (item.kind === "submission") {
    // The phone's clock as it sends, so the server can judge the visit's times by its own.
    await api.put(`/submissions/${item.id}`, { json: item.body, headers: { "X-Client-Time": new Date().toISOString() } });
    return markSubmissionSent(item);
  }
  const media = await get("media", item.id);
  if (!media?.blob) throw new ApiError(0, { message: t("outbox.photoMissing") });
  const query = `question=${encodeURIComponent(item.question)}`;
  await api.put(`/submissions/${item.submissionUuid}/media/${item.id}?${query}`, {
    body: media.blob,
    headers: { "Content-Type": media.blob.type || "image/jpeg" },
    timeout: 120000,
  });
  return markPhotoSent(item);
}

/** What the shopper can do about a refusal: "edit", "replace", "retry" or "gone" (read, then discard). */
function wayForward(item, error) {
  if (item.kind === "submission") {
    const status = error.errors?.status;
    // The visit was cancelled, reassigned or taken away while the phone was offline.
    if (error.status === 404 || (error.status === 409 && status)) return "gone";
    return "edit";
  }
  if (error.status === 415 || error.status === 413 || error.status === 0) return "replace";
  if (error.status === 404) return "gone";
  return TRANSIENT.has(error.status) ? "retry" : "replace";
}

/** A photo too large for the server: store it smaller under the same UUID and try again. */
async function shrinkAndRetry(item, error) {
  const shrinks = (item.shrinks || 0) + 1;
  if (shrinks > MAX_SHRINKS) return false;
  const media = await get("media", item.id);
  if (!media?.blob) return false;
  // Loaded only now: the first screen needs no image code.
  const { shrinkPhoto } = await import("./photos.js");
  const smaller = await shrinkPhoto(media.blob, 0.7 ** shrinks);
  await run(["media"], "readwrite", async (s) => {
    const current = await s.media.get(item.id);
    if (current) await s.media.put({ ...current, blob: smaller.blob, width: smaller.width, height: smaller.height });
  });
  await updateItem(item.id, { state: "waiting", shrinks, lastError: error.message });
  return true;
}

/**
 * Send one item; "next" to go on, "again" to send it once more in this pass (smaller now),
 * "stop" to end this pass (offline, server trouble, signed out).
 */
async function send(item) {
  await updateItem(item.id, { state: "sending" });
  try {
    await sendItem(item);
    deadlines.delete(item.id);
    return "next";
  } catch (error) {
    if (error instanceof NetworkError || error.status >= 500 || RETRYABLE.has(error.status)) {
      const attempts = (item.attempts || 0) + 1;
      const delay = backoff(attempts);
      deadlines.set(item.id, performance.now() + delay);
      await updateItem(item.id, { state: "waiting", attempts, retryDelay: delay, lastError: error.message });
      return "stop";
    }
    if (error.status === 401) {
      // api.js has already ended the session; the item waits for the next sign-in.
      await updateItem(item.id, { state: "waiting" });
      return "stop";
    }
    if (item.kind === "photo" && error.status === 413 && (await shrinkAndRetry(item, error).catch(() => false))) return "again";
    await updateItem(item.id, { state: "failed", message: error.message, errors: error.errors || null, status: error.status, action: wayForward(item, error) });
    return "next";
  }
}

function isDue(item, force, now) {
  if (item.state !== "waiting" && item.state !== "sending") return false;
  // Nothing scheduled in this page (a fresh start, another tab's failure): due now.
  return force || !(deadlines.get(item.id) > now);
}

/** "Sync now": put back in line every refusal that may pass on another try. */
async function requeueTransient(userId) {
  await run(["outbox"], "readwrite", async (s) => {
    const now = new Date().toISOString();
    for (const item of await s.outbox.getAll()) {
      if (item.userId === userId && item.state === "failed" && item.action === "retry") {
        await s.outbox.put({ ...item, state: "waiting", updatedAt: now });
      }
    }
  });
}

/** The next item to send: submissions first, then photos whose submission has been acknowledged. */
function pickNext(items, force, tried) {
  const now = performance.now();
  const ordered = items.filter((item) => !tried.has(item.id)).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const submissions = new Map(items.filter((i) => i.kind === "submission").map((i) => [i.id, i]));
  const ready = (item) => item.kind === "submission" || (submissions.get(item.submissionUuid)?.state ?? "sent") === "sent";
  return (
    ordered.find((item) => item.kind === "submission" && isDue(item, force, now)) ||
    ordered.find((item) => item.kind === "photo" && ready(item) && isDue(item, force, now)) ||
    null
  );
}

function scheduleRetry(items) {
  clearTimeout(timer);
  const now = performance.now();
  const waits = items.filter((item) => item.state === "waiting" && deadlines.get(item.id) > now);
  if (!waits.length) return;
  const at = Math.min(...waits.map((item) => deadlines.get(item.id)));
  // A relative delay: setTimeout does not care what the phone's clock says.
  timer = setTimeout(() => syncSoon(), Math.max(0, at - now) + 50);
}

async function drain(force) {
  const tried = new Set();
  for (;;) {
    const user = currentUser();
    if (!user) return;
    const items = (await getAll("outbox")).filter((item) => item.userId === user.id);
    const next = pickNext(items, force, tried);
    if (!next) return scheduleRetry(items);
    tried.add(next.id);
    const outcome = await send(next);
    if (outcome === "again") tried.delete(next.id); // bounded: a photo shrinks MAX_SHRINKS times
    if (outcome === "stop") {
      return scheduleRetry((await getAll("outbox")).filter((item) => item.userId === user.id));
    }
  }
}

async function pass(force) {
  if (!currentUser() || !navigator.onLine) return;
  if (force) await requeueTransient(currentUser().id);
  // Sending state lives in IndexedDB; the lock makes a tab re-read it only after another is done.
  if (navigator.locks) await navigator.locks.request("mystery-outbox", () => drain(force));
  else await drain(force);
}

/** Send what is waiting (force: now, ignoring backoff). Calls made meanwhile run once more after. */
export function syncSoon({ force = false } = {}) {
  if (running) {
    again = true;
    forceAgain ||= force;
    return running;
  }
  running = (async () => {
    try {
      let nextForce = force;
      do {
        again = false;
        await pass(nextForce);
        nextForce = forceAgain;
        forceAgain = false;
      } while (again);
    } catch (error) {
      console.error("Outbox sync failed", error);
    } finally {
      running = null;
    }
  })();
  return running;
}

async function pruneSent() {
  const limit = Date.now() - KEEP_SENT;
  await run(["outbox"], "readwrite", async (s) => {
    for (const item of await s.outbox.getAll()) {
      if (item.state === "sent" && Date.parse(item.sentAt) < limit) await s.outbox.delete(item.id);
    }
  });
}

/** Start syncing: now, when the network comes back, when the tab shows, after a sign-in. */
export function startSync() {
  window.addEventListener("online", () => syncSoon({ force: true }));
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") syncSoon();
  });
  on("session", () => syncSoon({ force: true }));
  pruneSent().finally(() => syncSoon());
}

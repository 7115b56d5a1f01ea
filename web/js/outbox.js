// The outbox and its sync engine (DESIGN §6): nothing lost, nothing doubled.
//
// A submission is queued with its photos, each under its own UUID. Sending goes JSON first,
// then each photo once the JSON is acknowledged. An item is done only after 200/201; network
// errors and 5xx are retried with exponential backoff and jitter; other 4xx stay visible with
// the server's message until the shopper fixes and resends them; a 401 keeps everything and
// resumes after the next sign-in. A Web Lock keeps two tabs from sending at the same time.
//
// No dead ends (DESIGN §6 v2): every refused item says why and offers its way forward. A photo
// answered 413 is re-encoded smaller under the same UUID; 415 asks for a replacement; refusals
// that may pass (409 on a photo) wait for "Sync now"; a visit cancelled or reassigned meanwhile
// keeps its answers readable here. Retry timers count on the monotonic clock, never the phone's.

import { ApiError, NetworkError, api } from "./api.js";
import { get, getAll, run } from "./db.js";
import { emptyDraft } from "./drafts.js";
import { emit, on } from "./events.js";
import { t } from "./i18n.js";
import { shrinkPhoto } from "./photos.js";
import { referencedPhotos } from "./rules.js";
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

/** The submission cannot be queued (another attempt for the visit is still on its way). */
export class QueueError extends Error {}

function backoff(attempts) {
  const delay = Math.min(MAX_DELAY, BASE_DELAY * 2 ** (attempts - 1));
  return Math.round(delay * (0.5 + Math.random()));
}

function newItem(fields, now) {
  return { state: "waiting", message: null, errors: null, attempts: 0, createdAt: now, updatedAt: now, ...fields };
}

/** Times the server cannot take: a start after the finish (a clock that ran ahead) is reset. */
export function repairTimes(content, now) {
  const finished = Date.parse(now);
  const body = { ...content, finished_at: now };
  if (!body.started_at || Date.parse(body.started_at) > finished) body.started_at = now;
  if (body.checkin?.at && Date.parse(body.checkin.at) > finished) body.checkin = { ...body.checkin, at: body.started_at };
  return body;
}

/**
 * Queue a visit's submission and its photos. content is {visit_id, answers, started_at, checkin,
 * expense?} (an expense's receipt is queued like a photo).
 * The UUID is created once per attempt and kept in the draft before anything is sent, so a double
 * tap, a second tab or a retry with the same content reuses it. Returns {uuid, reused}.
 */
export async function queueSubmission(visit, content) {
  const user = currentUser();
  const key = JSON.stringify(content);
  const label = { store: visit.store?.name || "", city: visit.store?.city || "", windowStart: visit.window_start, windowEnd: visit.window_end };
  const result = await run(["drafts", "outbox", "media"], "readwrite", async (s) => {
    const draft = (await s.drafts.get(visit.id)) || emptyDraft(visit.id);
    const now = new Date().toISOString();
    const previous = draft.submission;
    if (previous && !previous.acked) {
      const item = await s.outbox.get(previous.uuid);
      const parts = item ? await s.outbox.byIndex("submission", previous.uuid) : [];
      if (previous.key === key) {
        if (!item) await addItems(s, previous.uuid, previous.body, now);
        for (const part of parts) {
          if (part.state === "failed") {
            deadlines.delete(part.id);
            await s.outbox.put({ ...part, state: "waiting", attempts: 0, updatedAt: now });
          }
        }
        return { uuid: previous.uuid, reused: true };
      }
      if (item && item.state !== "failed") throw new QueueError(t("outbox.busy"));
      // A refused attempt stored nothing on the server: the corrected one replaces it.
      for (const part of parts) await s.outbox.delete(part.id);
    }
    const uuid = crypto.randomUUID();
    const body = repairTimes(content, now);
    // The draft's own start follows, so the next attempt does not meet the same clock again.
    if (body.started_at !== content.started_at) draft.startedAt = body.started_at;
    draft.submission = { uuid, key, body, queuedAt: now, acked: false };
    await s.drafts.put(draft);
    await addItems(s, uuid, body, now, new Set(draft.remoteMedia || []));
    return { uuid, reused: false };
  });
  emit("outbox");
  emit("draft", { visitId: visit.id });
  syncSoon();
  return result;

  async function addItems(s, uuid, body, now, remote = new Set()) {
    await s.outbox.put(newItem({ id: uuid, kind: "submission", submissionUuid: uuid, userId: user.id, visitId: visit.id, body, label }, now));
    const receipt = body.expense?.receipt ? [{ uuid: body.expense.receipt, question: "receipt" }] : [];
    for (const photo of [...referencedPhotos(body.answers), ...receipt]) {
      const media = await s.media.get(photo.uuid);
      if (media?.sent) continue; // already on the server, sent with an earlier submission of this visit
      if (!media && remote.has(photo.uuid)) continue; // sent from another device before the visit was returned
      await s.outbox.put(newItem({ id: photo.uuid, kind: "photo", submissionUuid: uuid, userId: user.id, visitId: visit.id, question: photo.question }, now));
    }
  }
}

/** Outbox items of the signed-in user grouped per submission, newest first. */
export async function outboxGroups() {
  const user = currentUser();
  const items = (await getAll("outbox")).filter((item) => user && item.userId === user.id);
  const groups = new Map();
  for (const item of items.filter((i) => i.kind === "submission")) groups.set(item.id, { submission: item, photos: [] });
  for (const item of items.filter((i) => i.kind === "photo")) {
    if (!groups.has(item.submissionUuid)) groups.set(item.submissionUuid, { submission: null, photos: [] });
    groups.get(item.submissionUuid).photos.push(item);
  }
  const list = [...groups.values()].map((group) => ({ ...group, state: groupState(group) }));
  return list.sort((a, b) => String(b.submission?.createdAt).localeCompare(String(a.submission?.createdAt)));
}

function groupState({ submission, photos }) {
  const states = [submission, ...photos].filter(Boolean).map((item) => item.state);
  for (const state of ["failed", "sending", "waiting"]) if (states.includes(state)) return state;
  return "sent";
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

/** The outbox state of a visit's current attempt, or null. */
export async function attemptState(draft) {
  if (!draft?.submission || draft.submission.acked) return null;
  const item = await get("outbox", draft.submission.uuid);
  return item ? { state: item.state, message: item.message, errors: item.errors } : null;
}

/**
 * Drop a refused submission and its photos from the outbox (its draft stays, editable again);
 * after an accepted submission, only its refused photos. Never anything on its way.
 */
export async function discard(submissionUuid) {
  await run(["outbox"], "readwrite", async (s) => {
    const parts = await s.outbox.byIndex("submission", submissionUuid);
    const submission = parts.find((part) => part.kind === "submission");
    if (parts.some((part) => part.state === "sending")) return;
    if (submission && submission.state === "waiting") return;
    const refused = submission?.state === "failed" ? parts : parts.filter((part) => part.state === "failed");
    for (const part of refused) await s.outbox.delete(part.id);
  });
  emit("outbox");
}

async function update(id, fields) {
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
  const smaller = await shrinkPhoto(media.blob, 0.7 ** shrinks);
  await run(["media"], "readwrite", async (s) => {
    const current = await s.media.get(item.id);
    if (current) await s.media.put({ ...current, blob: smaller.blob, width: smaller.width, height: smaller.height });
  });
  await update(item.id, { state: "waiting", shrinks, lastError: error.message });
  return true;
}

/**
 * Send one item; "next" to go on, "again" to send it once more in this pass (smaller now),
 * "stop" to end this pass (offline, server trouble, signed out).
 */
async function send(item) {
  await update(item.id, { state: "sending" });
  try {
    await sendItem(item);
    deadlines.delete(item.id);
    return "next";
  } catch (error) {
    if (error instanceof NetworkError || error.status >= 500 || RETRYABLE.has(error.status)) {
      const attempts = (item.attempts || 0) + 1;
      const delay = backoff(attempts);
      deadlines.set(item.id, performance.now() + delay);
      await update(item.id, { state: "waiting", attempts, retryDelay: delay, lastError: error.message });
      return "stop";
    }
    if (error.status === 401) {
      // api.js has already ended the session; the item waits for the next sign-in.
      await update(item.id, { state: "waiting" });
      return "stop";
    }
    if (item.kind === "photo" && error.status === 413 && (await shrinkAndRetry(item, error).catch(() => false))) return "again";
    await update(item.id, { state: "failed", message: error.message, errors: error.errors || null, status: error.status, action: wayForward(item, error) });
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

/** Try one refused item again (its "Try again" button). */
export async function retryItem(id) {
  deadlines.delete(id);
  await update(id, { state: "waiting", attempts: 0 });
  return syncSoon({ force: true });
}

/** Swap the photo of a refused upload for another one (same UUID: the server stored nothing). */
export async function replacePhoto(id, prepared) {
  await run(["media", "outbox"], "readwrite", async (s) => {
    const media = await s.media.get(id);
    if (media) await s.media.put({ ...media, ...prepared, sent: false });
    const item = await s.outbox.get(id);
    if (item) await s.outbox.put({ ...item, state: "waiting", attempts: 0, shrinks: 0, message: null, action: null, updatedAt: new Date().toISOString() });
  });
  emit("outbox");
  return syncSoon({ force: true });
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

// The outbox (DESIGN §6): nothing lost, nothing doubled. This module queues a visit's
// submission and its photos, each under its own UUID, lists what waits, and lets the shopper
// discard, retry or replace a refused item; js/sync.js sends it all.
//
// No dead ends (DESIGN §6 v2): a refused submission stays editable and is re-queued under a
// new UUID after the edit; a photo refused for good can be replaced under the same UUID.

import { get, getAll, run } from "./db.js";
import { emptyDraft } from "./drafts.js";
import { emit } from "./events.js";
import { t } from "./i18n.js";
import { referencedPhotos } from "./rules.js";
import { currentUser } from "./session.js";
import { forgetDeadline, syncSoon, updateItem } from "./sync.js";

// The sync engine's entry points, here too: importers of the outbox keep one module to ask.
export { countUnsent, pendingCount, startSync, syncSoon } from "./sync.js";

/** The submission cannot be queued (another attempt for the visit is still on its way). */
export class QueueError extends Error {}

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
            forgetDeadline(part.id);
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

/** Try one refused item again (its "Try again" button). */
export async function retryItem(id) {
  forgetDeadline(id);
  await updateItem(id, { state: "waiting", attempts: 0 });
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

// Drafts: one per visit, saved to IndexedDB on every change so they survive reloads and crashes.

import { get, run } from "./db.js";
import { emit } from "./events.js";

export function emptyDraft(visitId) {
  return { visitId, answers: {}, timers: {}, checkin: null, startedAt: null, submission: null, updatedAt: null };
}

export async function loadDraft(visitId) {
  return (await get("drafts", visitId)) || emptyDraft(visitId);
}

/**
 * Change a draft in one read-modify-write transaction, so two tabs editing different
 * questions of the same visit never overwrite each other's answers.
 */
export async function updateDraft(visitId, change) {
  const draft = await run(["drafts"], "readwrite", async (s) => {
    const current = (await s.drafts.get(visitId)) || emptyDraft(visitId);
    change(current);
    current.updatedAt = new Date().toISOString();
    current.startedAt ??= current.updatedAt;
    await s.drafts.put(current);
    return current;
  });
  emit("draft", { visitId });
  return draft;
}

/** Merge a change into one answer: {value}, {na}, {comment} or {media}. */
export function patchAnswer(visitId, key, patch) {
  return updateDraft(visitId, (draft) => {
    const answer = { ...(draft.answers[key] || {}), ...patch };
    for (const [field, value] of Object.entries(answer)) if (value === undefined) delete answer[field];
    draft.answers[key] = answer;
  });
}

/** Start or stop the stopwatch of a wait-time question (kept in the draft: survives a reload). */
export function setTimer(visitId, key, startedAt) {
  return updateDraft(visitId, (draft) => {
    draft.timers ||= {};
    if (startedAt === null) delete draft.timers[key];
    else draft.timers[key] = startedAt;
  });
}

/**
 * A returned visit opened on a device without its draft (a new phone, a cleared browser):
 * start from what was sent before (DESIGN §6 v2). Its photos stay on the server and are
 * referenced again, not uploaded again. Returns the draft when it was filled, else null.
 */
export async function prefillFromPrevious(visit) {
  const previous = visit.status === "returned" ? visit.previous_submission : null;
  if (!previous) return null;
  const draft = await run(["drafts"], "readwrite", async (s) => {
    const current = (await s.drafts.get(visit.id)) || emptyDraft(visit.id);
    if (current.prefilledFrom === previous.uuid || Object.keys(current.answers || {}).length) return null;
    for (const sent of previous.answers || []) {
      const answer = {};
      if (sent.value !== undefined && sent.value !== null) answer.value = sent.value;
      if (sent.na) answer.na = true;
      if (sent.comment) answer.comment = sent.comment;
      if (sent.media?.length) answer.media = [...sent.media];
      current.answers[sent.question] = answer;
    }
    current.remoteMedia = [...(previous.media || [])];
    current.prefilledFrom = previous.uuid;
    current.updatedAt = new Date().toISOString();
    await s.drafts.put(current);
    return current;
  });
  if (draft) emit("draft", { visitId: visit.id });
  return draft;
}

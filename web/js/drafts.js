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

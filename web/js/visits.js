// The shopper's visits: fetched when online, kept in IndexedDB for offline use.

import { api } from "./api.js";
import { get, getAll, put, remove, run } from "./db.js";
import { emit } from "./events.js";

const byWindow = (a, b) => String(a.window_start).localeCompare(String(b.window_start)) || a.id - b.id;

/** Fetch /me/visits and replace the copy on this device. */
export async function refreshVisits() {
  const { data } = await api.get("/me/visits");
  await run(["visits"], "readwrite", async (s) => {
    await s.visits.clear();
    for (const visit of data) await s.visits.put(visit);
  });
  emit("visits");
  return data.sort(byWindow);
}

export async function cachedVisits() {
  return (await getAll("visits")).sort(byWindow);
}

/** A visit from this device, else from the server. */
export async function loadVisit(id) {
  const cached = await get("visits", id);
  if (cached) return cached;
  const { data } = await api.get(`/visits/${id}`);
  if (data.checklist) await put("visits", data);
  return data;
}

export async function saveVisit(visit) {
  await put("visits", visit);
  emit("visits");
}

export async function forgetVisit(id) {
  await remove("visits", id);
  emit("visits");
}

/** Run a lifecycle action (accept, decline, claim) and keep the answer. */
export async function visitAction(id, action) {
  const { data } = await api.post(`/visits/${id}/${action}`);
  if (["assigned", "accepted", "returned", "submitted"].includes(data.status)) await saveVisit(data);
  else await forgetVisit(id);
  return data;
}

// Earnings and profile: fetched when online, the last answer kept on this device for offline use
// (in the session store, one row per user, so no schema upgrade is needed).

import { api } from "./api.js";
import { get, put, run } from "./db.js";
import { on } from "./events.js";
import { currentLocale } from "./i18n.js";
import { currentUser } from "./session.js";

const keyOf = (name, userId = currentUser()?.id) => `${name}:${userId}`;

/** The last synced copy: {data, at} or null. */
export async function cached(name) {
  const row = await get("session", keyOf(name));
  return row ? { data: row.data, at: row.at } : null;
}

async function keep(name, data) {
  const at = new Date().toISOString();
  await put("session", { key: keyOf(name), data, at });
  return { data, at };
}

export async function refreshEarnings() {
  const { data } = await api.get("/me/earnings");
  return keep("earnings", data);
}

export async function refreshProfile() {
  const { data } = await api.get("/me");
  return keep("profile", data);
}

export async function saveProfile(changes) {
  const { data } = await api.patch("/me", changes);
  return keep("profile", data);
}

export const changePassword = (current, next) => api.post("/me/password", { current_password: current, new_password: next });

/** "350.00" + "DKK" → "DKK 350.00" / "350,00 kr.": the exact decimal string, never a float. */
export function formatMoney(amount, currency) {
  if (amount === null || amount === undefined) return "";
  try {
    return new Intl.NumberFormat(currentLocale(), { style: "currency", currency: currency || "EUR" }).format(String(amount));
  } catch {
    return `${amount} ${currency || ""}`.trim();
  }
}

// A signed-out device keeps nobody's earnings or bank details.
on("session", async (detail) => {
  if (!detail?.signedOut) return;
  await run(["session"], "readwrite", async (s) => {
    for (const row of await s.session.getAll()) {
      if (/^(earnings|profile):/.test(row.key)) await s.session.delete(row.key);
    }
  });
});

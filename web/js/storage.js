// Storage on this device (DESIGN §6 v2): how much is left, whether the browser may clear it,
// and quota errors as sentences. Nothing already stored is touched when space runs out.

import { formatNumber, t } from "./i18n.js";

export const LOW_SPACE = 50 * 1024 * 1024;
let persisted = null;

/** Bytes this origin may still store, or null when the browser does not say. */
export async function spaceLeft() {
  try {
    const estimate = await navigator.storage?.estimate?.();
    if (!estimate || !Number.isFinite(estimate.quota)) return null;
    return Math.max(0, estimate.quota - (estimate.usage || 0));
  } catch {
    return null;
  }
}

/** Ask once for persistent storage; remember the answer (true, false, or null: cannot ask). */
export async function askPersist() {
  if (persisted !== null) return persisted;
  try {
    persisted = navigator.storage?.persist ? Boolean(await navigator.storage.persist()) : null;
  } catch {
    persisted = false;
  }
  return persisted;
}

export const isPersisted = () => persisted;

/** Whether an error is the browser running out of space for this site. */
export function isQuotaError(error) {
  if (!error) return false;
  if (error.name === "QuotaExceededError" || error.code === 22) return true;
  return isQuotaError(error.inner || error.cause) || /quota/i.test(error.name || "");
}

/** A sentence for the shopper about a failed save: quota in words, anything else as it came. */
export function saveProblem(error) {
  if (isQuotaError(error)) return t("storage.full");
  return error?.message || t("storage.saveFailed");
}

/** A warning when less than 50 MB is left, or null. */
export async function lowSpaceWarning() {
  const left = await spaceLeft();
  if (left === null || left >= LOW_SPACE) return null;
  return t("storage.low", { mb: formatNumber(Math.floor(left / 1024 / 1024)) });
}

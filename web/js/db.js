// IndexedDB wrapper. Stores:
//   visits  — the last /me/visits answer (checklists included), for offline use
//   drafts  — one per visit: answers, check-in, timers, the current submission attempt
//   outbox  — submissions and photos waiting to be sent, keyed by their UUID
//   media   — photos taken for drafts (downscaled JPEG Blobs), keyed by media UUID
//   session — the signed-in user and the CSRF token

const NAME = "mystery";
const VERSION = 1;
let opening = null;

function upgrade(db) {
  const stores = db.objectStoreNames;
  if (!stores.contains("visits")) db.createObjectStore("visits", { keyPath: "id" });
  if (!stores.contains("drafts")) db.createObjectStore("drafts", { keyPath: "visitId" });
  if (!stores.contains("outbox")) {
    const outbox = db.createObjectStore("outbox", { keyPath: "id" });
    outbox.createIndex("submission", "submissionUuid");
  }
  if (!stores.contains("media")) {
    const media = db.createObjectStore("media", { keyPath: "uuid" });
    media.createIndex("visit", "visitId");
  }
  if (!stores.contains("session")) db.createObjectStore("session", { keyPath: "key" });
}

/** Open (once) the database. */
export function openDb() {
  opening ??= new Promise((resolve, reject) => {
    const request = indexedDB.open(NAME, VERSION);
    request.onupgradeneeded = () => upgrade(request.result);
    request.onsuccess = () => {
      const db = request.result;
      // A newer version of the app wants to upgrade the schema: let it, then reload.
      db.onversionchange = () => {
        db.close();
        location.reload();
      };
      resolve(db);
    };
    request.onerror = () => reject(request.error);
  });
  return opening;
}

/** Wrap an IDBRequest in a promise. */
export function done(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/**
 * Run fn({store: {get, put, delete, getAll, byIndex}}) in one transaction and resolve with its
 * result once the transaction has committed. fn may await only requests of this transaction.
 */
export async function run(names, mode, fn) {
  const db = await openDb();
  const tx = db.transaction(names, mode);
  const stores = {};
  for (const name of names) {
    const store = tx.objectStore(name);
    stores[name] = {
      get: (key) => done(store.get(key)),
      put: (value) => done(store.put(value)),
      delete: (key) => done(store.delete(key)),
      getAll: () => done(store.getAll()),
      clear: () => done(store.clear()),
      byIndex: (index, key) => done(store.index(index).getAll(key)),
    };
  }
  const committed = new Promise((resolve, reject) => {
    tx.oncomplete = resolve;
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error || new Error("IndexedDB transaction aborted"));
  });
  let result;
  try {
    result = await fn(stores);
  } catch (error) {
    try {
      tx.abort();
    } catch {
      // already finished
    }
    throw error;
  }
  await committed;
  return result;
}

export const get = (name, key) => run([name], "readonly", (s) => s[name].get(key));
export const getAll = (name) => run([name], "readonly", (s) => s[name].getAll());
export const put = (name, value) => run([name], "readwrite", (s) => s[name].put(value));
export const remove = (name, key) => run([name], "readwrite", (s) => s[name].delete(key));
export const byIndex = (name, index, key) => run([name], "readonly", (s) => s[name].byIndex(index, key));

// fetch wrapper for /api/v1: JSON in and out, the CSRF header, errors as readable messages.

import { currentLocale, t } from "./i18n.js";

const BASE = "/api/v1";
const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);
let csrfToken = null;
let csrfListener = () => {};
let unauthorizedListener = () => {};

/** The server answered with an error: status, its message and its per-field errors. */
export class ApiError extends Error {
  constructor(status, body) {
    super(body?.message || t("error.http", { status }));
    this.status = status;
    this.errors = body?.errors || null;
  }
}

/** The request never got an answer (offline, DNS, timeout). */
export class NetworkError extends Error {
  constructor(cause) {
    super(t("error.network"));
    this.cause = cause;
  }
}

export function setCsrf(token) {
  csrfToken = token || null;
}

/** Be told when the server hands out a new CSRF token (to keep it with the session). */
export function onCsrfChange(listener) {
  csrfListener = listener;
}

async function readBody(response) {
  if (response.status === 204) return null;
  const type = response.headers.get("Content-Type") || "";
  if (!type.includes("json")) return null;
  try {
    return await response.json();
  } catch {
    return null;
  }
}

async function send(method, path, { json, body, headers = {}, timeout = 30000 } = {}) {
  // The server answers in the language picked here (DESIGN §16).
  const sent = { Accept: "application/json", "Accept-Language": currentLocale(), ...headers };
  if (json !== undefined) {
    sent["Content-Type"] = "application/json";
    body = JSON.stringify(json);
  }
  if (UNSAFE.has(method) && csrfToken) sent["X-CSRF-Token"] = csrfToken;
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeout);
  try {
    return await fetch(BASE + path, {
      method,
      headers: sent,
      body,
      credentials: "same-origin",
      cache: "no-store",
      signal: abort.signal,
    });
  } catch (error) {
    throw new NetworkError(error);
  } finally {
    clearTimeout(timer);
  }
}

/** Be told when the server says the session is gone (401 outside /auth/). */
export function onUnauthorized(listener) {
  unauthorizedListener = listener;
}

let meInFlight = null;

/** Ask the server who we are; it answers with a fresh CSRF token in a header. */
export function fetchMe() {
  // One question at a time: answers that overtake each other would swap the token back.
  meInFlight ||= askMe().finally(() => {
    meInFlight = null;
  });
  return meInFlight;
}

async function askMe() {
  const response = await send("GET", "/auth/me");
  const data = await readBody(response);
  if (!response.ok) throw new ApiError(response.status, data);
  const token = response.headers.get("X-CSRF-Token");
  if (token && token !== csrfToken) {
    csrfToken = token;
    csrfListener(token);
  }
  return data;
}

/** request("PUT", "/submissions/…", {json}) → {status, data}; throws ApiError / NetworkError. */
export async function request(method, path, options = {}) {
  let response = await send(method, path, options);
  if (response.status === 403 && UNSAFE.has(method)) {
    // The CSRF token may be stale (a new session in another tab): fetch the current one, retry once.
    const data = await readBody(response.clone());
    if (/csrf/i.test(data?.message || "")) {
      await fetchMe();
      response = await send(method, path, options);
    }
  }
  const data = await readBody(response);
  if (response.status === 401 && !path.startsWith("/auth/")) await unauthorizedListener();
  if (!response.ok) throw new ApiError(response.status, data);
  return { status: response.status, data, headers: response.headers };
}

export const api = {
  get: (path, options) => request("GET", path, options),
  post: (path, json = {}, options = {}) => request("POST", path, { ...options, json }),
  put: (path, options) => request("PUT", path, options),
  patch: (path, json = {}, options = {}) => request("PATCH", path, { ...options, json }),
  delete: (path, options) => request("DELETE", path, options),
  /** POST a multipart form (a file upload); the browser sets the boundary. */
  upload: (path, formData) => request("POST", path, { body: formData }),
};

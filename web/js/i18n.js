// Translations (web/i18n/*.json, flat keys) and locale-aware formatting.

export const LANGUAGES = { en: "English", da: "Dansk", sv: "Svenska" };
const CHOICE_KEY = "mystery.locale";
let locale = "en";
let strings = {};
let fallback = {};
const listeners = new Set();

// The shopper's catalog is precached with the shell; the staff faces add theirs (addCatalog).
const catalogs = ["/static/i18n"];
let loadedCatalogs = "";

async function fetchCatalog(base, code) {
  const response = await fetch(`${base}/${code}.json`);
  if (!response.ok) throw new Error(`No translations for ${code}`);
  return response.json();
}

async function fetchStrings(code) {
  const parts = await Promise.all(catalogs.map((base) => fetchCatalog(base, code)));
  return Object.assign({}, ...parts);
}

function supported(code) {
  const short = String(code || "").toLowerCase().slice(0, 2);
  return short in LANGUAGES ? short : null;
}

let wantedLocale = "en";
const added = new Map();

// Load the catalogs of a language; if a catalog was added meanwhile, load again with it.
async function load(wanted) {
  for (;;) {
    const key = catalogs.join();
    const english = loadedCatalogs === key ? fallback : await fetchStrings("en");
    const own = wanted === "en" ? english : await fetchStrings(wanted);
    if (key !== catalogs.join()) continue;
    fallback = english;
    loadedCatalogs = key;
    strings = own;
    locale = wanted;
    document.documentElement.lang = wanted;
    return;
  }
}

/** Add a catalog folder (…/en.json, …/da.json, …/sv.json) to the current language, once. */
export function addCatalog(base) {
  if (!added.has(base)) {
    catalogs.push(base);
    const loading = load(wantedLocale).catch((error) => {
      catalogs.splice(catalogs.indexOf(base), 1);
      added.delete(base);
      throw error;
    });
    added.set(base, loading);
  }
  return added.get(base);
}

/** The language to use: the one picked in the UI, else the user's, else the browser's. */
export function preferredLocale(userLocale) {
  const picked = supported(localStorage.getItem(CHOICE_KEY));
  if (picked) return picked;
  const own = supported(userLocale);
  if (own) return own;
  for (const code of navigator.languages || [navigator.language]) {
    const found = supported(code);
    if (found) return found;
  }
  return "en";
}

/** Load the strings of a language and make it current (if they cannot load, nothing changes). */
export async function setLocale(code) {
  const wanted = supported(code) || "en";
  wantedLocale = wanted;
  try {
    await load(wanted);
  } catch (error) {
    wantedLocale = locale;
    throw error;
  }
  for (const listener of listeners) listener(wanted);
}

/** Remember a language picked in the UI and switch to it (remembered only once it loaded). */
export async function chooseLocale(code) {
  await setLocale(code);
  localStorage.setItem(CHOICE_KEY, code);
}

/** The catalogs the current language reads, for the service worker to keep offline. */
export function catalogUrls() {
  const codes = [...new Set(["en", locale])];
  return catalogs.flatMap((base) => codes.map((code) => `${base}/${code}.json`));
}

export function onLocaleChange(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export const currentLocale = () => locale;

/** The locale for dates and numbers: the browser's own variant of the language (en-GB, sv-FI). */
function formatLocale() {
  const own = (navigator.languages || [navigator.language]).find((code) => supported(code) === locale);
  return own || locale;
}

/** t("outbox.title"), t("visit.distance", {m: 12}): the string with {placeholders} filled. */
export function t(key, params) {
  let text = strings[key] ?? fallback[key] ?? key;
  if (params) text = text.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
  return text;
}

/** A count-dependent string: keys "<key>.one" and "<key>.other". */
export function tn(key, count, params = {}) {
  const form = new Intl.PluralRules(locale).select(count) === "one" ? "one" : "other";
  return t(`${key}.${form}`, { n: formatNumber(count), ...params });
}

/** Pick a checklist text ("…" or {"en": …, "da": …}) in the current language. */
export function localize(text) {
  if (typeof text === "string") return text;
  if (!text || typeof text !== "object") return "";
  return text[locale] ?? text.en ?? Object.values(text).find((v) => typeof v === "string") ?? "";
}

export function formatNumber(value, options) {
  return new Intl.NumberFormat(formatLocale(), options).format(value);
}

const dateTimeOptions = { weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" };

export function formatDateTime(iso) {
  if (!iso) return "";
  return new Intl.DateTimeFormat(formatLocale(), dateTimeOptions).format(new Date(iso));
}

/** A calendar day ("2026-12-05") as the reader says it: "Sat 5 Dec". */
export function formatDay(isoDate) {
  if (!isoDate) return "";
  const [year, month, day] = isoDate.split("-").map(Number);
  const options = { weekday: "short", day: "numeric", month: "short", timeZone: "UTC" };
  return new Intl.DateTimeFormat(formatLocale(), options).format(new Date(Date.UTC(year, month - 1, day)));
}

export function formatTime(iso) {
  if (!iso) return "";
  return new Intl.DateTimeFormat(formatLocale(), { hour: "2-digit", minute: "2-digit" }).format(new Date(iso));
}

/** "Mon 24 Nov, 10:00 – 18:00" or across days. */
export function formatRange(startIso, endIso) {
  const format = new Intl.DateTimeFormat(formatLocale(), dateTimeOptions);
  const start = new Date(startIso);
  const end = new Date(endIso);
  return format.formatRange ? format.formatRange(start, end) : `${format.format(start)} – ${format.format(end)}`;
}

export function formatDistance(meters) {
  if (meters < 1000) return `${formatNumber(Math.round(meters))} m`;
  return `${formatNumber(meters / 1000, { maximumFractionDigits: 1 })} km`;
}

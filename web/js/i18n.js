// Translations (web/i18n/*.json, flat keys) and locale-aware formatting.

export const LANGUAGES = { en: "English", da: "Dansk", sv: "Svenska" };
const CHOICE_KEY = "mystery.locale";
let locale = "en";
let strings = {};
let fallback = {};
const listeners = new Set();

async function fetchStrings(code) {
  const response = await fetch(`/static/i18n/${code}.json`);
  if (!response.ok) throw new Error(`No translations for ${code}`);
  return response.json();
}

function supported(code) {
  const short = String(code || "").toLowerCase().slice(0, 2);
  return short in LANGUAGES ? short : null;
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

/** Load the strings of a language and make it current. */
export async function setLocale(code) {
  const wanted = supported(code) || "en";
  if (!Object.keys(fallback).length) fallback = await fetchStrings("en");
  strings = wanted === "en" ? fallback : await fetchStrings(wanted);
  locale = wanted;
  document.documentElement.lang = wanted;
  for (const listener of listeners) listener(wanted);
}

/** Remember a language picked in the UI and switch to it. */
export async function chooseLocale(code) {
  localStorage.setItem(CHOICE_KEY, code);
  await setLocale(code);
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

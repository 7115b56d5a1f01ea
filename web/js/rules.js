// Checklist rules, mirroring the server's (mystery/scoring): visibility, validation, payload.

import { t } from "./i18n.js";

const SCORED = new Set(["yes_no", "scale", "choice", "wait_time", "smiley"]);
const SMILEYS = ["happy", "neutral", "sad"];
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const TIME_RE = /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/;
export const MAX_TEXT = 5000;
export const MAX_COMMENT = 2000;

/** [section, question] pairs in checklist order. */
export function questions(definition) {
  const pairs = [];
  for (const section of definition?.sections || []) {
    for (const question of section.questions || []) pairs.push([section, question]);
  }
  return pairs;
}

export const isScored = (q) => SCORED.has(q.type);
export const isRequired = (q) => (typeof q.required === "boolean" ? q.required : isScored(q));
export const naAllowed = (q) => q.na_allowed === true;
export const scaleBounds = (q) => [q.min ?? 1, q.max ?? 5];

export function isAnswered(q, answer) {
  if (!answer) return false;
  if (answer.na) return true;
  if (q.type === "photo") return Array.isArray(answer.media) && answer.media.length > 0;
  return answer.value !== null && answer.value !== undefined && answer.value !== "";
}

function holds(showIf, value) {
  if (Array.isArray(showIf.in)) return showIf.in.some((option) => option === value);
  return value === showIf.equals;
}

/** Keys of the questions shown: show_if must hold on a visible, answered, non-N/A question. */
export function visibleKeys(definition, answers) {
  const visible = new Set();
  const usable = new Map();
  for (const [, q] of questions(definition)) {
    const showIf = q.show_if;
    if (showIf && !(usable.has(showIf.question) && holds(showIf, usable.get(showIf.question)))) continue;
    visible.add(q.key);
    const answer = answers[q.key];
    if (isAnswered(q, answer) && !answer.na) usable.set(q.key, answer.value ?? null);
  }
  return visible;
}

const isInt = (v) => typeof v === "number" && Number.isInteger(v);

const VALUE_CHECKS = {
  yes_no: (q, v) => (typeof v === "boolean" ? null : t("check.yesNo")),
  scale: (q, v) => {
    const [low, high] = scaleBounds(q);
    return isInt(v) && v >= low && v <= high ? null : t("check.range", { min: low, max: high });
  },
  choice: (q, v) => ((q.options || []).some((o) => o.value === v) ? null : t("check.choice")),
  wait_time: (q, v) => (isInt(v) && v >= 0 ? null : t("check.seconds")),
  smiley: (q, v) => (SMILEYS.includes(v) ? null : t("check.smiley")),
  nps: (q, v) => (isInt(v) && v >= 0 && v <= 10 ? null : t("check.range", { min: 0, max: 10 })),
  number: (q, v) => {
    if (typeof v !== "number" || !Number.isFinite(v)) return t("check.number");
    if (q.min !== undefined && q.min !== null && v < q.min) return t("check.atLeast", { min: q.min });
    if (q.max !== undefined && q.max !== null && v > q.max) return t("check.atMost", { max: q.max });
    return null;
  },
  text: (q, v) => (typeof v === "string" && v.length <= MAX_TEXT ? null : t("check.text", { max: MAX_TEXT })),
  photo: () => null,
  date: (q, v) => {
    if (typeof v !== "string" || !DATE_RE.test(v)) return t("check.date");
    const day = new Date(`${v}T00:00:00Z`);
    return !Number.isNaN(day.getTime()) && day.toISOString().startsWith(v) ? null : t("check.date");
  },
  time: (q, v) => (typeof v === "string" && TIME_RE.test(v) ? null : t("check.time")),
};

/** Problems per question key, for visible questions only (as the server checks). */
export function validate(definition, answers) {
  const problems = {};
  const visible = visibleKeys(definition, answers);
  for (const [, q] of questions(definition)) {
    if (!visible.has(q.key)) continue;
    const answer = answers[q.key];
    const messages = [];
    if (answer?.bad) messages.push(VALUE_CHECKS[q.type]?.(q, NaN) || t("check.number"));
    else if (answer && !answer.na && isAnswered(q, answer)) {
      const message = VALUE_CHECKS[q.type]?.(q, answer.value);
      if (message) messages.push(message);
    }
    if (answer?.na && !naAllowed(q)) messages.push(t("check.na"));
    if (answer?.comment && answer.comment.length > MAX_COMMENT) messages.push(t("check.comment", { max: MAX_COMMENT }));
    if (!messages.length && isRequired(q) && !isAnswered(q, answer)) {
      messages.push(q.type === "photo" ? t("check.photoRequired") : t("check.required"));
    }
    if (messages.length) problems[q.key] = messages;
  }
  return problems;
}

/** The answers array of the submission: visible questions only, in checklist order. */
export function buildAnswers(definition, answers) {
  const visible = visibleKeys(definition, answers);
  const out = [];
  for (const [, q] of questions(definition)) {
    const answer = answers[q.key];
    if (!answer || !visible.has(q.key)) continue;
    const item = { question: q.key, value: null };
    if (answer.na && naAllowed(q)) item.na = true;
    else if (q.type === "photo") {
      if (answer.media?.length) item.media = [...answer.media];
    } else if (isAnswered(q, answer) && !answer.bad) item.value = answer.value;
    const comment = (answer.comment || "").trim();
    if (comment) item.comment = comment;
    if (item.value === null && !item.na && !item.media && !item.comment) continue;
    out.push(item);
  }
  return out;
}

/** {answered, total} over the visible questions. */
export function progress(definition, answers, visible = visibleKeys(definition, answers)) {
  let answered = 0;
  for (const [, q] of questions(definition)) {
    if (visible.has(q.key) && isAnswered(q, answers[q.key])) answered += 1;
  }
  return { answered, total: visible.size };
}

/** Photo UUIDs the answers refer to, with their question. */
export function referencedPhotos(answerList) {
  return answerList.flatMap((a) => (a.media || []).map((uuid) => ({ uuid, question: a.question })));
}

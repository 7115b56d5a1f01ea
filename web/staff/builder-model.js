// The checklist builder's model: a definition as the editor holds it (every text in every
// language) and back, cleaned for the API.

export const TYPES = ["yes_no", "scale", "choice", "wait_time", "smiley", "nps", "number", "text", "photo", "date", "time"];
export const SCORED = new Set(["yes_no", "scale", "choice", "wait_time", "smiley"]);
export const LANGS = ["en", "da", "sv"];

const asTexts = (value) => (typeof value === "string" ? { en: value } : { ...(value || {}) });

/** Read "1, 2, yes, true" as [1, 2, "yes", true]. */
export function parseValues(text) {
  return text
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => (part === "true" ? true : part === "false" ? false : /^-?\d+(\.\d+)?$/.test(part) ? Number(part) : part));
}

/** Drop blank translations and empty numbers: what is sent is what the coordinator typed. */
function cleanTexts(texts, keepEmpty) {
  const out = {};
  for (const lang of LANGS) if ((texts?.[lang] || "").trim()) out[lang] = texts[lang];
  if (!Object.keys(out).length) return keepEmpty ? { en: "" } : undefined;
  return out;
}

function cleanQuestion(q) {
  const out = { key: q.key, text: cleanTexts(q.text, true), type: q.type };
  const help = cleanTexts(q.help, false);
  if (help) out.help = help;
  for (const name of ["weight", "min", "max"]) if (q[name] !== undefined && q[name] !== "" && q[name] !== null) out[name] = q[name];
  for (const name of ["required", "na_allowed", "critical"]) if (typeof q[name] === "boolean") out[name] = q[name];
  if (q.type === "yes_no" && q.pass_value === false) out.pass_value = false;
  if (q.type === "scale" && q.metric) out.metric = q.metric;
  if (q.type === "choice") out.options = (q.options || []).map((o) => ({ value: o.value, label: cleanTexts(o.label, true), score: o.score }));
  if (q.type === "wait_time") out.bands = (q.bands || []).map((b) => ({ max_seconds: b.max_seconds, score: b.score }));
  if (!["scale", "number"].includes(q.type)) {
    delete out.min;
    delete out.max;
  }
  if (q.show_if?.question) out.show_if = { question: q.show_if.question, in: q.show_if.in || [] };
  return out;
}

export function cleanDefinition(state) {
  return {
    sections: state.sections.map((s) => {
      const out = { key: s.key, title: cleanTexts(s.title, true), questions: s.questions.map(cleanQuestion) };
      if (s.weight !== undefined && s.weight !== "") out.weight = s.weight;
      return out;
    }),
  };
}

export function toState(definition) {
  const state = structuredClone(definition || { sections: [] });
  for (const s of state.sections) {
    s.title = asTexts(s.title);
    for (const q of s.questions || []) {
      q.text = asTexts(q.text);
      q.help = asTexts(q.help);
      if (typeof q.required !== "boolean") q.required = SCORED.has(q.type);
      q.na_allowed = q.na_allowed === true;
      q.critical = q.critical === true;
      for (const o of q.options || []) o.label = asTexts(o.label);
      if (q.show_if && !q.show_if.in) q.show_if = { question: q.show_if.question, in: [q.show_if.equals] };
    }
  }
  return state;
}

export function setPath(target, path, value) {
  const parts = path.split(".");
  let node = target;
  for (const part of parts.slice(0, -1)) node = node[part] ??= {};
  const last = parts.at(-1);
  if (value === undefined) delete node[last];
  else node[last] = value;
}

export function nextKey(prefix, taken) {
  let n = taken.size + 1;
  while (taken.has(`${prefix}${n}`)) n += 1;
  return `${prefix}${n}`;
}

// Coordinator: the checklist builder. Sections and questions of every type on the left, a live
// preview on the right rendered by the shopper's own checklist renderer. Every control is named
// by its path in the definition (sections.0.questions.2.type), so the server's 422 lands there.

import { api } from "../js/api.js";
import { h, mount } from "../js/dom.js";
import { localize, t } from "../js/i18n.js";
import { renderChecklist } from "../js/views/checklist.js";
import { checkbox, clearErrors, field, formAlert, load, page, showErrors, statusBadge, statusLine } from "./ui.js";

const TYPES = ["yes_no", "scale", "choice", "wait_time", "smiley", "nps", "number", "text", "photo", "date", "time"];
const SCORED = new Set(["yes_no", "scale", "choice", "wait_time", "smiley"]);
const LANGS = ["en", "da", "sv"];

const asTexts = (value) => (typeof value === "string" ? { en: value } : { ...(value || {}) });

/** Read "1, 2, yes, true" as [1, 2, "yes", true]. */
function parseValues(text) {
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

function toState(definition) {
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

function setPath(target, path, value) {
  const parts = path.split(".");
  let node = target;
  for (const part of parts.slice(0, -1)) node = node[part] ??= {};
  const last = parts.at(-1);
  if (value === undefined) delete node[last];
  else node[last] = value;
}

function nextKey(prefix, taken) {
  let n = taken.size + 1;
  while (taken.has(`${prefix}${n}`)) n += 1;
  return `${prefix}${n}`;
}

/** Inputs for a translatable text: one per language, each labelled with both. */
function texts(label, path, value, { multiline = false } = {}) {
  return h(
    "div",
    { class: "texts" },
    LANGS.map((lang) =>
      field(`${label} (${lang})`, `${path}.${lang}`, { value: value?.[lang] ?? "", dataset: { kind: "text" }, lang }, { tag: multiline ? "textarea" : "input" }).node,
    ),
  );
}

const num = (label, path, value, attrs = {}) => field(label, path, { type: "number", step: "any", value: value ?? "", dataset: { kind: "number" }, ...attrs }).node;
const flag = (label, path, value) => {
  const box = checkbox(label, path, value);
  box.input.dataset.kind = "bool";
  return box.node;
};
const actionButton = (text, action, data = {}, cls = "") => h("button", { type: "button", class: `small ${cls}`, dataset: { action, ...data } }, text);

function typeFields(q, path, earlierKeys) {
  const parts = [];
  if (q.type === "yes_no") {
    parts.push(
      field(t("builder.passValue"), `${path}.pass_value`, { value: String(q.pass_value !== false), dataset: { kind: "json" } }, { tag: "select", options: [["true", t("answer.yes")], ["false", t("answer.no")]] }).node,
    );
  }
  if (q.type === "scale") {
    parts.push(num(t("builder.min"), `${path}.min`, q.min ?? 1, { step: 1 }), num(t("builder.max"), `${path}.max`, q.max ?? 5, { step: 1 }));
    parts.push(
      field(t("builder.metric"), `${path}.metric`, { value: q.metric || "" }, { tag: "select", options: [["", t("builder.metricNone")], ["csat", "CSAT"], ["ces", "CES"]] }).node,
    );
  }
  if (q.type === "number") parts.push(num(t("builder.min"), `${path}.min`, q.min), num(t("builder.max"), `${path}.max`, q.max));
  if (q.type === "choice") {
    parts.push(
      h(
        "fieldset",
        { class: "sub", dataset: { path: `${path}.options` } },
        h("legend", null, t("builder.options")),
        h("p", { class: "field-error", dataset: { errorFor: `${path}.options` }, hidden: true }),
        (q.options || []).map((o, i) =>
          h(
            "div",
            { class: "row-group" },
            field(t("builder.optionValue"), `${path}.options.${i}.value`, { value: o.value ?? "", dataset: { kind: "text" } }).node,
            texts(t("builder.optionLabel"), `${path}.options.${i}.label`, o.label),
            num(t("builder.optionScore"), `${path}.options.${i}.score`, o.score, { min: 0, max: 1 }),
            actionButton(t("builder.removeOption"), "remove-option", { path, index: i }, "danger"),
          ),
        ),
        actionButton(t("builder.addOption"), "add-option", { path }),
      ),
    );
  }
  if (q.type === "wait_time") {
    parts.push(
      h(
        "fieldset",
        { class: "sub", dataset: { path: `${path}.bands` } },
        h("legend", null, t("builder.bands")),
        (q.bands || []).map((b, i) =>
          h(
            "div",
            { class: "row-group" },
            num(t("builder.bandSeconds"), `${path}.bands.${i}.max_seconds`, b.max_seconds, { min: 0, step: 1 }),
            num(t("builder.bandScore"), `${path}.bands.${i}.score`, b.score, { min: 0, max: 1 }),
            actionButton(t("builder.removeBand"), "remove-band", { path, index: i }, "danger"),
          ),
        ),
        actionButton(t("builder.addBand"), "add-band", { path }),
      ),
    );
  }
  parts.push(
    h(
      "div",
      { class: "row-group" },
      field(t("builder.showIf"), `${path}.show_if.question`, { value: q.show_if?.question || "", dataset: { kind: "text" } }, {
        tag: "select",
        options: [["", t("builder.always")], ...earlierKeys.map((k) => [k, k])],
      }).node,
      field(t("builder.showIfValues"), `${path}.show_if.in`, { value: (q.show_if?.in || []).join(", "), dataset: { kind: "list" } }, { hint: t("builder.showIfHint") }).node,
    ),
  );
  return parts;
}

// Questions fold (the builder of a 60-question checklist stays readable); open ones stay open.
const openQuestions = new Set();

function questionEditor(q, si, qi, earlierKeys) {
  const path = `sections.${si}.questions.${qi}`;
  const details = h(
    "details",
    { class: "q-editor", open: openQuestions.has(path), dataset: { path } },
    h(
      "summary",
      null,
      h("span", { class: "q-number" }, t("builder.questionN", { n: qi + 1 })),
      " ",
      h("span", { class: "q-summary" }, `${q.key} · ${t(`type.${q.type}`)} · ${localize(q.text) || "…"}`),
    ),
    h("div", { class: "q-body" }, questionFields(q, path, earlierKeys)),
  );
  details.addEventListener("toggle", () => (details.open ? openQuestions.add(path) : openQuestions.delete(path)));
  return details;
}

function questionFields(q, path, earlierKeys) {
  const [, si, , qi] = path.split(".").map(Number);
  return [
    h("p", { class: "field-error", dataset: { errorFor: path }, hidden: true }),
    h(
      "div",
      { class: "row-group" },
      field(t("builder.key"), `${path}.key`, { value: q.key, dataset: { kind: "text" }, autocomplete: "off" }).node,
      field(t("builder.type"), `${path}.type`, { value: q.type, dataset: { kind: "type" } }, { tag: "select", options: TYPES.map((type) => [type, t(`type.${type}`)]) }).node,
      num(t("builder.weight"), `${path}.weight`, q.weight, { min: 0 }),
    ),
    texts(t("builder.text"), `${path}.text`, q.text),
    texts(t("builder.help"), `${path}.help`, q.help, { multiline: true }),
    h("div", { class: "checks" }, flag(t("builder.required"), `${path}.required`, q.required), flag(t("builder.naAllowed"), `${path}.na_allowed`, q.na_allowed), flag(t("builder.critical"), `${path}.critical`, q.critical)),
    typeFields(q, path, earlierKeys),
    h(
      "div",
      { class: "button-row compact" },
      actionButton(t("builder.moveUp"), "move-question", { si, qi, by: -1 }),
      actionButton(t("builder.moveDown"), "move-question", { si, qi, by: 1 }),
      actionButton(t("builder.removeQuestion"), "remove-question", { si, qi }, "danger"),
    ),
  ];
}

function sectionEditor(section, si, earlierKeys) {
  const path = `sections.${si}`;
  const keysBefore = [...earlierKeys];
  const questions = section.questions.map((q, qi) => {
    const node = questionEditor(q, si, qi, [...keysBefore]);
    keysBefore.push(q.key);
    return node;
  });
  earlierKeys.push(...section.questions.map((q) => q.key));
  return h(
    "fieldset",
    { class: "s-editor", dataset: { path } },
    h("legend", null, t("builder.sectionN", { n: si + 1 })),
    h(
      "div",
      { class: "row-group" },
      field(t("builder.key"), `${path}.key`, { value: section.key, dataset: { kind: "text" }, autocomplete: "off" }).node,
      num(t("builder.sectionWeight"), `${path}.weight`, section.weight, { min: 0 }),
    ),
    texts(t("builder.title"), `${path}.title`, section.title),
    h("p", { class: "field-error", dataset: { errorFor: `${path}.questions` }, hidden: true }),
    questions,
    h(
      "div",
      { class: "button-row compact" },
      actionButton(t("builder.addQuestion"), "add-question", { si }),
      actionButton(t("builder.removeSection"), "remove-section", { si }, "danger"),
    ),
  );
}

export default async function builderView({ params, navigate, refresh }) {
  openQuestions.clear();
  const checklist = await load(`/checklists/${params.id}`);
  const client = await load(`/clients/${checklist.client_id}`);
  const state = toState(checklist.definition);
  const published = checklist.status === "published";
  const editor = h("div", { class: "editor" });
  const preview = h("div", { class: "preview-body" });
  const status = statusLine();
  const alert = formAlert();
  let previewView = null;
  let previewTimer = null;

  const allKeys = () => new Set(state.sections.flatMap((s) => s.questions.map((q) => q.key)));

  function drawPreview() {
    previewView?.destroy();
    let definition;
    try {
      definition = cleanDefinition(state);
    } catch {
      return;
    }
    previewView = renderChecklist({ visit: { id: `preview-${checklist.id}`, checklist: { definition } }, draft: { answers: {} }, photos: new Map(), onSubmit() {} });
    mount(preview, previewView.node);
  }

  function drawEditor() {
    const earlier = [];
    mount(
      editor,
      h(
        "fieldset",
        { class: "plain-fieldset", disabled: published },
        h("legend", { class: "visually-hidden" }, t("builder.definition")),
        state.sections.map((section, si) => sectionEditor(section, si, earlier)),
        h("div", { class: "button-row compact" }, actionButton(t("builder.addSection"), "add-section")),
      ),
    );
    clearTimeout(previewTimer);
    drawPreview();
  }

  // Unsaved edits: warn before a link or a reload takes the coordinator away (DESIGN §16).
  let dirty = false;
  const leaving = (event) => {
    if (!root.isConnected) return stopGuard();
    const anchor = event.target.closest?.("a[href]");
    if (!dirty || !anchor || anchor.hasAttribute("download") || anchor.target) return;
    if (!window.confirm(t("builder.unsaved"))) {
      event.preventDefault();
      event.stopImmediatePropagation();
    } else dirty = false;
  };
  const unloading = (event) => {
    if (!root.isConnected) return stopGuard();
    if (dirty) event.preventDefault();
  };
  function stopGuard() {
    document.removeEventListener("click", leaving, true);
    window.removeEventListener("beforeunload", unloading);
  }
  document.addEventListener("click", leaving, true);
  window.addEventListener("beforeunload", unloading);

  editor.addEventListener("input", (event) => {
    const el = event.target;
    if (!el.name) return;
    dirty = true;
    const kind = el.dataset.kind;
    let value;
    if (kind === "bool") value = el.checked;
    else if (kind === "number") value = el.value === "" ? undefined : Number(el.value);
    else if (kind === "json") value = JSON.parse(el.value);
    else if (kind === "list") value = parseValues(el.value);
    else value = el.value;
    if (kind === "type") {
      setPath(state, el.name, value);
      const q = state.sections[Number(el.name.split(".")[1])].questions[Number(el.name.split(".")[3])];
      q.required = SCORED.has(value) || value === "photo";
      if (value === "choice" && !q.options?.length) q.options = [{ value: "yes", label: { en: t("answer.yes") }, score: 1 }, { value: "no", label: { en: t("answer.no") }, score: 0 }];
      if (value === "wait_time" && !q.bands?.length) q.bands = [{ max_seconds: 120, score: 1 }, { max_seconds: 300, score: 0.5 }];
      if (value === "scale") Object.assign(q, { min: q.min ?? 1, max: q.max ?? 5 });
      drawEditor();
      return;
    }
    setPath(state, el.name, value);
    if (el.name.endsWith(".show_if.question") && !value) setPath(state, el.name.replace(/\.question$/, ""), undefined);
    clearTimeout(previewTimer);
    previewTimer = setTimeout(drawPreview, 250);
  });

  editor.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-action]");
    if (!button) return;
    dirty = true;
    const { action, si, qi, path, index, by } = button.dataset;
    const section = si !== undefined ? state.sections[Number(si)] : null;
    const target = path ? path.split(".").reduce((node, part) => node[part], state) : null;
    if (action === "add-section") {
      const keys = new Set(state.sections.map((s) => s.key));
      state.sections.push({ key: nextKey("s", keys), title: { en: t("builder.starterSection") }, weight: 1, questions: [{ key: nextKey("q", allKeys()), text: { en: t("builder.starterQuestion") }, type: "yes_no", weight: 1, required: true, na_allowed: false, critical: false, help: {} }] });
    } else if (action === "remove-section") state.sections.splice(Number(si), 1);
    else if (action === "add-question") {
      openQuestions.add(`sections.${si}.questions.${section.questions.length}`);
      section.questions.push({ key: nextKey("q", allKeys()), text: { en: "" }, help: {}, type: "yes_no", weight: 1, required: true, na_allowed: false, critical: false });
    } else if (action === "remove-question") section.questions.splice(Number(qi), 1);
    else if (action === "move-question") {
      const from = Number(qi);
      const to = from + Number(by);
      if (to < 0 || to >= section.questions.length) return;
      [section.questions[from], section.questions[to]] = [section.questions[to], section.questions[from]];
    } else if (action === "add-option") (target.options ||= []).push({ value: "", label: {}, score: 0 });
    else if (action === "remove-option") target.options.splice(Number(index), 1);
    else if (action === "add-band") (target.bands ||= []).push({ max_seconds: 600, score: 0 });
    else if (action === "remove-band") target.bands.splice(Number(index), 1);
    drawEditor();
  });

  async function save() {
    clearErrors(root);
    status.textContent = t("builder.saving");
    try {
      await api.put(`/checklists/${checklist.id}/definition`, { json: cleanDefinition(state) });
      status.textContent = t("builder.saved");
      dirty = false;
      return true;
    } catch (error) {
      status.textContent = "";
      showErrors(root, error);
      for (const box of root.querySelectorAll(".field-error:not([hidden])")) {
        const details = box.closest("details");
        if (details) details.open = true;
      }
      const first = root.querySelector("[aria-invalid], .field-error:not([hidden])");
      first?.scrollIntoView({ block: "center" });
      first?.focus?.();
      return false;
    }
  }

  async function publish() {
    if (!(await save())) return;
    try {
      await api.post(`/checklists/${checklist.id}/publish`);
      refresh();
    } catch (error) {
      showErrors(root, error);
    }
  }

  async function revise() {
    try {
      const { data } = await api.post(`/checklists/${checklist.id}/revise`);
      navigate(`/checklists/${data.id}`);
    } catch (error) {
      showErrors(root, error);
    }
  }

  const actions = published
    ? [h("button", { type: "button", class: "primary", onclick: revise }, t("builder.revise"))]
    : [h("button", { type: "button", onclick: save }, t("builder.saveDraft")), h("button", { type: "button", class: "primary", onclick: publish }, t("builder.publish"))];

  const root = h(
    "div",
    { class: "builder" },
    h("p", { class: "meta" }, client.name, " · ", t("checklists.versionN", { n: checklist.version }), " ", statusBadge(checklist.status)),
    published ? h("p", { class: "notice" }, t("builder.publishedNote")) : null,
    alert,
    h("div", { class: "toolbar button-row" }, actions),
    status,
    h(
      "div",
      { class: "builder-columns" },
      h("section", { class: "builder-edit", "aria-label": t("builder.definition") }, h("h2", null, t("builder.definition")), editor),
      h("section", { class: "builder-preview", "aria-label": t("builder.preview") }, h("h2", null, t("builder.preview")), h("p", { class: "muted" }, t("builder.previewNote")), preview),
    ),
  );
  drawEditor();
  return page(checklist.name, h("p", null, h("a", { href: "/checklists" }, t("checklists.back"))), root);
}

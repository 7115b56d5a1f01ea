// The checklist builder's editors: a section, its questions and each type's own fields, every
// control named by its path in the definition.

import { h } from "../js/dom.js";
import { localize, t } from "../js/i18n.js";
import { LANGS, TYPES } from "./builder-model.js";
import { checkbox, field } from "./ui.js";

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
export const actionButton = (text, action, data = {}, cls = "") => h("button", { type: "button", class: `small ${cls}`, dataset: { action, ...data } }, text);

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
export const openQuestions = new Set();

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

export function sectionEditor(section, si, earlierKeys) {
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

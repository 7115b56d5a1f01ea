// One question of the checklist form: its <fieldset>, the widget of its type (TYPES), and how
// a widget's value is read back. The form itself (checklist.js) wires them together.

import { h, svg } from "../dom.js";
import { localize, t } from "../i18n.js";
import { MAX_COMMENT, MAX_TEXT, isRequired, naAllowed, scaleBounds } from "../rules.js";

const range = (low, high) => Array.from({ length: high - low + 1 }, (_, i) => low + i);

function face(mood) {
  const mouth = { happy: "M8 14.5q4 4 8 0", neutral: "M8 15.5h8", sad: "M8 16.5q4-4 8 0" }[mood];
  return svg(
    "svg",
    { viewBox: "0 0 24 24", width: 28, height: 28, "aria-hidden": "true", class: `face face-${mood}` },
    svg("circle", { cx: 12, cy: 12, r: 10.5, fill: "none", stroke: "currentColor", "stroke-width": 1.8 }),
    svg("circle", { cx: 8.5, cy: 9.5, r: 1.4, fill: "currentColor" }),
    svg("circle", { cx: 15.5, cy: 9.5, r: 1.4, fill: "currentColor" }),
    svg("path", { d: mouth, fill: "none", stroke: "currentColor", "stroke-width": 1.8, "stroke-linecap": "round" }),
  );
}

function radios(q, options, answer, layout) {
  return h(
    "div",
    { class: `options ${layout}` },
    options.map((option, index) =>
      h(
        "label",
        { class: "option" },
        h("input", {
          type: "radio",
          class: "answer",
          name: `q-${q.key}`,
          value: String(index),
          checked: answer !== undefined && answer !== null && answer.value === option.value,
        }),
        option.icon || null,
        h("span", null, option.label),
      ),
    ),
  );
}

function readRadio(fieldset, options) {
  const checked = fieldset.querySelector("input.answer:checked");
  return { value: checked ? options[Number(checked.value)].value : null };
}

function numberInput(q, answer, attrs = {}) {
  return h("input", {
    type: "number",
    class: "answer",
    id: `q-${q.key}-input`,
    inputmode: "decimal",
    step: "any",
    min: q.min,
    max: q.max,
    value: answer?.value ?? "",
    "aria-labelledby": `q-${q.key}-legend`,
    "aria-describedby": `q-${q.key}-error`,
    ...attrs,
  });
}

function readNumber(fieldset) {
  const input = fieldset.querySelector("input.answer");
  if (input.validity.badInput) return { value: null, bad: true };
  return { value: input.value === "" ? null : Number(input.value), bad: undefined };
}

function radioType(options, layout) {
  return {
    render: (q, answer) => radios(q, options(q), answer, layout),
    read: (fieldset, q) => readRadio(fieldset, options(q)),
  };
}

function plainInput(type) {
  return {
    render: (q, answer) =>
      h("input", {
        type,
        class: "answer",
        id: `q-${q.key}-input`,
        value: answer?.value ?? "",
        "aria-labelledby": `q-${q.key}-legend`,
        "aria-describedby": `q-${q.key}-error`,
      }),
    read: (fieldset) => ({ value: fieldset.querySelector("input.answer").value || null }),
  };
}

// How each question type is shown and read back (the server registers the same types).
export const TYPES = {
  yes_no: radioType(() => [{ value: true, label: t("answer.yes") }, { value: false, label: t("answer.no") }], "two"),
  smiley: radioType(
    () => ["happy", "neutral", "sad"].map((mood) => ({ value: mood, label: t(`answer.${mood}`), icon: face(mood) })),
    "three smileys",
  ),
  scale: radioType((q) => range(...scaleBounds(q)).map((n) => ({ value: n, label: String(n) })), "numbers"),
  nps: radioType(() => range(0, 10).map((n) => ({ value: n, label: String(n) })), "numbers nps"),
  choice: radioType((q) => (q.options || []).map((o) => ({ value: o.value, label: localize(o.label) })), "list"),
  wait_time: {
    render: (q, answer) =>
      h(
        "div",
        { class: "stopwatch" },
        h(
          "div",
          { class: "field seconds" },
          h("label", { for: `q-${q.key}-input` }, t("answer.seconds")),
          numberInput(q, answer, { inputmode: "numeric", step: 1, min: 0, max: null, "aria-labelledby": null }),
        ),
        h("output", { class: "timer", for: `q-${q.key}-input` }, ""),
        h("div", { class: "timer-buttons" },
          h("button", { type: "button", class: "timer-start" }, t("answer.startTimer")),
          h("button", { type: "button", class: "timer-stop", disabled: true }, t("answer.stopTimer")),
        ),
      ),
    read: readNumber,
  },
  number: { render: (q, answer) => numberInput(q, answer), read: readNumber },
  text: {
    render: (q, answer) =>
      h("textarea", {
        class: "answer",
        id: `q-${q.key}-input`,
        rows: 3,
        maxlength: MAX_TEXT,
        value: answer?.value ?? "",
        "aria-labelledby": `q-${q.key}-legend`,
        "aria-describedby": `q-${q.key}-error`,
      }),
    read: (fieldset) => {
      const value = fieldset.querySelector("textarea.answer").value;
      return { value: value.trim() ? value : null };
    },
  },
  date: plainInput("date"),
  time: plainInput("time"),
  photo: {
    render: (q) =>
      h(
        "div",
        { class: "photos" },
        h("ul", { class: "thumbs" }),
        h(
          "label",
          { class: "button photo-add" },
          h("input", { type: "file", class: "visually-hidden photo-input", accept: "image/*", capture: "environment", multiple: true }),
          h("span", null, t("answer.addPhoto")),
        ),
        h("p", { class: "photo-status muted", role: "status" }),
      ),
    read: () => ({}),
  },
};

export function questionNode(q, answer, readOnly) {
  const type = TYPES[q.type];
  const help = localize(q.help);
  return h(
    "fieldset",
    { class: `q q-${q.type}`, id: `q-${q.key}`, dataset: { key: q.key, type: q.type }, disabled: readOnly },
    h("legend", { id: `q-${q.key}-legend` }, localize(q.text)),
    isRequired(q) ? null : h("p", { class: "optional" }, t("checklist.optional")),
    help ? h("p", { class: "help" }, help) : null,
    type ? type.render(q, answer) : h("p", { class: "error" }, t("checklist.unknownType", { type: q.type })),
    naAllowed(q)
      ? h("label", { class: "na" }, h("input", { type: "checkbox", class: "na-box", checked: Boolean(answer?.na) }), h("span", null, t("answer.na")))
      : null,
    h(
      "div",
      { class: "field comment-field" },
      h("label", { for: `q-${q.key}-comment` }, t("answer.comment")),
      h("textarea", { class: "comment", id: `q-${q.key}-comment`, rows: 1, maxlength: MAX_COMMENT, value: answer?.comment ?? "" }),
    ),
    h("p", { class: "q-error", id: `q-${q.key}-error`, hidden: true }),
  );
}

export function setNa(fieldset, na) {
  for (const control of fieldset.querySelectorAll(".answer, .timer-start, .photo-input")) control.disabled = na;
  fieldset.classList.toggle("is-na", na);
}

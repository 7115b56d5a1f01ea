// "Fix first": the failed items, ranked by points lost (critical failures first), each with
// "Create action" (DESIGN §8, §15). From a store's visits (answers) or a wave's question stats.

import { api } from "../js/api.js";
import { h, mount } from "../js/dom.js";
import { formatNumber, localize, t } from "../js/i18n.js";
import { isScored, questions, visibleKeys } from "../js/rules.js";
import { questionScore } from "./answers.js";
import { clearErrors, field, formAlert, showErrors, statusLine, values } from "./ui.js";

const weightOf = (q) => q.weight ?? (isScored(q) ? 1 : 0);
const allQuestions = (definition) => questions(definition).map(([, q]) => q);

/** Failed items of a store: points lost summed over its visits' answers.
 * Each submission carries `scores`: its visit's question_scores, as the server scored them. */
export function itemsFromSubmissions(definition, submissions) {
  const items = new Map();
  for (const submission of submissions) {
    const byKey = {};
    for (const a of submission.answers || []) byKey[a.question] = a;
    const visible = visibleKeys(definition, byKey);
    for (const q of allQuestions(definition)) {
      const answer = byKey[q.key];
      if (!visible.has(q.key) || !answer || answer.na || !isScored(q) || weightOf(q) <= 0) continue;
      const scored = questionScore(submission.scores, q.key);
      if (!scored || scored.score === null || scored.score >= 1) continue;
      const item = items.get(q.key) || { key: q.key, text: localize(q.text), lost: 0, critical: false, comments: [] };
      item.lost += scored.possible - scored.earned;
      item.critical ||= Boolean(q.critical) && scored.score === 0;
      if (answer.comment) item.comments.push(answer.comment);
      items.set(q.key, item);
    }
  }
  return rank([...items.values()]);
}

/** Failed items of a wave: points lost = weight × (1 − mean score) × answers. */
export function itemsFromSummary(definition, summary) {
  const byKey = new Map(allQuestions(definition).map((q) => [q.key, q]));
  const items = [];
  for (const stats of summary.questions || []) {
    const q = byKey.get(stats.key);
    if (!q || !isScored(q) || weightOf(q) <= 0 || stats.mean_score === null || stats.mean_score === undefined) continue;
    const lost = weightOf(q) * (1 - stats.mean_score / 100) * (stats.answered || 0);
    if (lost <= 0) continue;
    items.push({ key: q.key, text: stats.text || localize(q.text), lost, critical: Boolean(q.critical) && (stats.fail_rate || 0) > 0, comments: [] });
  }
  return rank(items);
}

function rank(items) {
  return items.sort((a, b) => Number(b.critical) - Number(a.critical) || b.lost - a.lost || a.key.localeCompare(b.key));
}

function inWeek() {
  const day = new Date(Date.now() + 7 * 864e5);
  return day.toISOString().slice(0, 10);
}

/** The "Create action" form of one item; stores: [{id, name}] when the store is to be chosen. */
export function actionForm({ storeId = null, stores = [], waveId = null, question = null, title = "", onCreated = () => {} }) {
  const fields = [
    storeId ? null : field(t("actions.store"), "store_id", { required: true }, { tag: "select", options: stores.map((s) => [s.id, s.name]) }),
    field(t("actions.titleField"), "title", { value: title, required: true, maxlength: 200 }),
    field(t("actions.dueOn"), "due_on", { type: "date", value: inWeek(), required: true }),
    field(t("actions.assignee"), "assignee", { maxlength: 200 }),
  ].filter(Boolean);
  const status = statusLine();
  const save = h("button", { type: "submit", class: "primary" }, t("actions.create"));
  const form = h("form", { class: "stack action-form", novalidate: true }, formAlert(), fields.map((f) => f.node), h("div", { class: "button-row" }, save), status);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form);
    save.disabled = true;
    try {
      const body = { ...values(form), wave_id: waveId, question };
      body.store_id = Number(body.store_id || storeId);
      const { data } = await api.post("/actions", body);
      status.textContent = t("actions.created");
      onCreated(data);
    } catch (error) {
      showErrors(form, error);
    } finally {
      save.disabled = false;
    }
  });
  return form;
}

/** The "Fix first" block with a "Create action" button per item. */
export function fixFirstSection(items, { storeId = null, stores = [], waveId = null, onCreated = () => {} } = {}) {
  const list = items.length
    ? h(
        "ol",
        { class: "fix-first" },
        items.map((item) => {
          const slot = h("div", { class: "action-slot" });
          const open = h("button", { type: "button", "aria-expanded": "false" }, t("actions.createAction"));
          open.addEventListener("click", () => {
            const shown = open.getAttribute("aria-expanded") === "true";
            open.setAttribute("aria-expanded", String(!shown));
            if (shown) return mount(slot);
            mount(slot, actionForm({ storeId, stores, waveId, question: item.key, title: item.text, onCreated }));
            slot.querySelector("input[name=title]")?.focus();
          });
          return h(
            "li",
            { class: `fix-item${item.critical ? " critical" : ""}`, dataset: { key: item.key } },
            h("p", { class: "question-text" }, item.text, item.critical ? h("span", { class: "tag critical" }, t("review.critical")) : null),
            h("p", { class: "muted" }, t("fixFirst.lost", { points: formatNumber(item.lost, { maximumFractionDigits: 2 }) })),
            item.comments.length ? h("p", { class: "answer-comment" }, item.comments.join(" · ")) : null,
            open,
            slot,
          );
        }),
      )
    : h("p", { class: "empty muted" }, t("fixFirst.none"));
  return h("section", { class: "block fix-first-block" }, h("h2", null, t("fixFirst.title")), list);
}

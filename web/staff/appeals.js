// Coordinator: the appeals queue. Each open appeal: the answer, the client's reason, and
// "Uphold" (with the corrected value, which re-scores the visit) or "Reject", with a note.

import { api } from "../js/api.js";
import { h, mount } from "../js/dom.js";
import { formatDateTime, t } from "../js/i18n.js";
import { clearErrors, field, formAlert, loadAll, page, score, showErrors, statusLine } from "./ui.js";

const STATUSES = ["open", "upheld", "rejected"];

function shown(value) {
  if (value === true) return t("answer.yes");
  if (value === false) return t("answer.no");
  if (value === null || value === undefined) return "–";
  return String(value);
}

/** The corrected-value control that fits the question's type. */
function valueField(appeal) {
  const label = t("appeals.correctedValue");
  const domain = appeal.question_domain || {};
  const blank = ["", t("appeals.noCorrection")];
  switch (appeal.question_type) {
    case "yes_no":
      return field(label, "value", {}, { tag: "select", options: [blank, ["true", t("answer.yes")], ["false", t("answer.no")]] });
    case "smiley":
      return field(label, "value", {}, { tag: "select", options: [blank, ...["happy", "neutral", "sad"].map((v) => [v, t(`answer.${v}`)])] });
    case "choice":
      return field(label, "value", {}, { tag: "select", options: [blank, ...(domain.options || []).map((o) => [o.value, o.label])] });
    case "scale":
    case "nps":
    case "number":
    case "wait_time":
      return field(label, "value", { type: "number", step: appeal.question_type === "number" ? "any" : 1, min: domain.min ?? (appeal.question_type === "number" ? null : 0), max: domain.max ?? (appeal.question_type === "nps" ? 10 : null) });
    default:
      return field(label, "value", {});
  }
}

function parsed(appeal, raw) {
  if (raw === "") return undefined;
  if (appeal.question_type === "yes_no") return raw === "true";
  if (["scale", "nps", "number", "wait_time"].includes(appeal.question_type)) return Number(raw);
  return raw;
}

function decisionForm(appeal, refresh) {
  const value = valueField(appeal);
  const note = field(t("appeals.note"), "note", { rows: 2, maxlength: 5000 }, { tag: "textarea" });
  const line = statusLine();
  const uphold = h("button", { type: "submit", class: "primary", value: "upheld" }, t("appeals.uphold"));
  const reject = h("button", { type: "submit", value: "rejected" }, t("appeals.reject"));
  const form = h("form", { class: "stack appeal-decision", novalidate: true, "aria-label": t("appeals.decisionOf", { question: appeal.question_text }) }, formAlert(), value.node, note.node, h("div", { class: "button-row" }, uphold, reject), line);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form);
    const decision = event.submitter?.value || "upheld";
    const body = { decision, note: note.input.value.trim() || null };
    const corrected = parsed(appeal, value.input.value);
    if (decision === "upheld" && corrected !== undefined) body.value = corrected;
    uphold.disabled = reject.disabled = true;
    try {
      await api.post(`/appeals/${appeal.id}/decide`, body);
      line.textContent = t(`appeals.decided.${decision}`);
      refresh();
    } catch (error) {
      showErrors(form, error);
    } finally {
      uphold.disabled = reject.disabled = false;
    }
  });
  return form;
}

function appealCard(appeal, refresh) {
  return h(
    "li",
    { class: "appeal-card", dataset: { id: appeal.id } },
    h("h3", null, appeal.question_text),
    h("p", { class: "meta" }, appeal.store_name, " · ", appeal.wave_name, " · ", formatDateTime(appeal.created_at), " · ", h("a", { href: `/review/${appeal.visit_id}` }, t("appeals.visit", { id: appeal.visit_id }))),
    h("p", null, h("span", { class: "label" }, t("appeals.answer"), ": "), shown(appeal.previous_value), " · ", h("span", { class: "label" }, t("appeals.total"), ": "), score(appeal.previous_total), appeal.new_total !== null && appeal.new_total !== undefined ? ` → ${score(appeal.new_total)}` : ""),
    h("p", { class: "answer-comment" }, h("span", { class: "label" }, t("appeals.reason"), ": "), appeal.reason),
    appeal.status === "open"
      ? decisionForm(appeal, refresh)
      : h("p", null, h("span", { class: `status status-appeal-${appeal.status}` }, t(`appeals.status.${appeal.status}`)), appeal.note ? ` · ${appeal.note}` : ""),
  );
}

export default async function appealsView({ query, navigate }) {
  const status = STATUSES.includes(query.get("status")) ? query.get("status") : "open";
  const picker = field(t("appeals.statusFilter"), "status", { value: status }, { tag: "select", options: STATUSES.map((s) => [s, t(`appeals.status.${s}`)]) });
  picker.input.addEventListener("change", () => navigate(`/appeals?status=${picker.input.value}`));
  const box = h("div", { "aria-live": "polite" });
  const refresh = async () => {
    const appeals = await loadAll(`/appeals?status=${status}`);
    mount(box, appeals.length ? h("ul", { class: "plain appeal-cards" }, appeals.map((a) => appealCard(a, refresh))) : h("p", { class: "empty muted" }, t("appeals.none")));
  };
  await refresh();
  return page(t("appeals.title"), h("div", { class: "row-group toolbar-line" }, picker.node), box);
}

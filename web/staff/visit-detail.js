// Client (and coordinator): an approved visit: score, answers and photos, never the shopper.
// A client user may appeal an answer ("Appeal"); earlier totals show under "Score history".

import { api } from "../js/api.js";
import { h, mount } from "../js/dom.js";
import { formatDateTime, t } from "../js/i18n.js";
import { currentUser } from "../js/session.js";
import { answersList, scoreBreakdown } from "./answers.js";
import { clearErrors, download, field, formAlert, load, page, score, showErrors, statusLine, table } from "./ui.js";

/** The "Appeal" button of one answer and the reason form it opens. */
function appealControl(visit, q) {
  const slot = h("div", { class: "appeal-slot" });
  const open = h("button", { type: "button", "aria-expanded": "false" }, t("appeals.appeal"));
  open.addEventListener("click", () => {
    const shown = open.getAttribute("aria-expanded") === "true";
    open.setAttribute("aria-expanded", String(!shown));
    if (shown) return mount(slot);
    const reason = field(t("appeals.reason"), "reason", { rows: 3, maxlength: 5000, required: true }, { tag: "textarea" });
    const line = statusLine();
    const send = h("button", { type: "submit", class: "primary" }, t("appeals.send"));
    const form = h("form", { class: "stack appeal-form", novalidate: true }, formAlert(), reason.node, h("div", { class: "button-row" }, send), line);
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      clearErrors(form);
      send.disabled = true;
      try {
        await api.post(`/visits/${visit.id}/appeals`, { question: q.key, reason: reason.input.value.trim() });
        mount(slot, h("p", { class: "notice success", role: "status" }, t("appeals.sent")));
        open.disabled = true;
      } catch (error) {
        showErrors(form, error);
        send.disabled = false;
      }
    });
    mount(slot, form);
    reason.input.focus();
  });
  return h("div", { class: "appeal" }, open, slot);
}

function scoreHistory(visit) {
  const history = visit.score_history || [];
  if (!history.length) return null;
  return h(
    "section",
    { class: "block" },
    h("h2", null, t("appeals.history")),
    table(
      [
        { label: t("appeals.earlierTotal"), cell: (e) => score(e.total), cls: "num" },
        { label: t("appeals.newTotal"), cell: (e) => score(e.new_total), cls: "num" },
        { label: t("appeals.changedAt"), cell: (e) => formatDateTime(e.changed_at) },
        { label: t("appeals.changedBy"), cell: (e) => e.changed_by?.name || "–" },
        { label: t("appeals.why"), cell: (e) => e.reason || "–" },
      ],
      history,
      { caption: t("appeals.history") },
    ),
  );
}

export default async function visitDetailView({ params }) {
  const visit = await load(`/visits/${params.id}`);
  if (visit.status !== "approved") {
    const error = new Error("Not found");
    error.status = 404;
    throw error;
  }
  const [checklist, submission] = await Promise.all([load(`/checklists/${visit.checklist_id}`), load(`/submissions/${visit.submission_uuid}`)]);
  const isClient = currentUser()?.role === "client";
  const extra = isClient ? (q) => appealControl(visit, q) : null;
  return page(
    `${visit.store.name} · ${formatDateTime(visit.submitted_at || visit.window_start)}`,
    h("p", null, h("a", { href: `/dashboard/stores/${visit.store.id}?wave=${visit.wave_id}` }, t("dash.backToStore"))),
    h("p", { class: "meta" }, visit.wave_name || ""),
    h("div", { class: "button-row toolbar" }, download(`/visits/${visit.id}/report.pdf`, t("dash.visitPdf"))),
    h("section", { class: "block" }, h("h2", null, t("review.score")), scoreBreakdown(visit.score)),
    scoreHistory(visit),
    h("section", { class: "block" }, h("h2", null, t("review.answers")), answersList(checklist.definition, submission, { extra, scores: visit.question_scores })),
  );
}

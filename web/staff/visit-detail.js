// Client (and coordinator): an approved visit: score, answers and photos, never the shopper.

import { h } from "../js/dom.js";
import { formatDateTime, t } from "../js/i18n.js";
import { answersList, scoreBreakdown } from "./answers.js";
import { download, load, page } from "./ui.js";

export default async function visitDetailView({ params }) {
  const visit = await load(`/visits/${params.id}`);
  if (visit.status !== "approved") {
    const error = new Error("Not found");
    error.status = 404;
    throw error;
  }
  const [checklist, submission] = await Promise.all([load(`/checklists/${visit.checklist_id}`), load(`/submissions/${visit.submission_uuid}`)]);
  return page(
    `${visit.store.name} · ${formatDateTime(visit.submitted_at || visit.window_start)}`,
    h("p", null, h("a", { href: `/dashboard/stores/${visit.store.id}?wave=${visit.wave_id}` }, t("dash.backToStore"))),
    h("p", { class: "meta" }, visit.wave_name || ""),
    h("div", { class: "button-row toolbar" }, download(`/visits/${visit.id}/report.pdf`, t("dash.visitPdf"))),
    h("section", { class: "block" }, h("h2", null, t("review.score")), scoreBreakdown(visit.score)),
    h("section", { class: "block" }, h("h2", null, t("review.answers")), answersList(checklist.definition, submission)),
  );
}

// Coordinator: review one visit: score, flags, answers with points and photos, "Approve" or
// "Return" (a note is required to return), and the visit's audit log.

import { api } from "../js/api.js";
import { h, mount } from "../js/dom.js";
import { formatDateTime, t } from "../js/i18n.js";
import { answersList, scoreBreakdown } from "./answers.js";
import { clearErrors, download, field, formAlert, load, page, showErrors, statusBadge, table } from "./ui.js";

function flagsBlock(flags) {
  return h(
    "section",
    { class: "block" },
    h("h2", null, t("review.flags")),
    flags?.length
      ? h("ul", { class: "flags" }, flags.map((f) => h("li", { class: "flag" }, h("strong", null, t(`flag.${f.code}`)), h("br"), h("span", null, f.detail))))
      : h("p", { class: "muted" }, t("review.noFlags")),
  );
}

function eventsBlock(events) {
  return h(
    "section",
    { class: "block" },
    h("h2", null, t("review.audit")),
    table(
      [
        { label: t("review.when"), cell: (e) => formatDateTime(e.created_at) },
        { label: t("review.who"), cell: (e) => e.actor_name || "–" },
        { label: t("review.action"), cell: (e) => e.summary || e.action },
        { label: t("board.status"), cell: (e) => [e.from_status ? t(`status.${e.from_status}`) : "", " → ", e.to_status ? t(`status.${e.to_status}`) : ""] },
        { label: t("review.note"), cell: (e) => [e.note, e.reason].filter(Boolean).join(" · ") || "–" },
      ],
      events,
      { caption: t("review.audit") },
    ),
  );
}

function decisionForm(visit, refresh) {
  const note = field(t("review.noteLabel"), "note", { rows: 3 }, { tag: "textarea", hint: t("review.noteHint") });
  const approve = h("button", { type: "button", class: "primary" }, t("review.approve"));
  const approveNext = h("button", { type: "button", class: "primary" }, t("review.approveNext"));
  const ret = h("button", { type: "button", class: "danger" }, t("review.return"));
  const done = h("p", { role: "status" });
  // How good the report was (DESIGN §13): given with an approval, seen by coordinators only.
  const rating = field(t("review.rating"), "rating", {}, { tag: "select", options: [["", t("review.noRating")], ...[5, 4, 3, 2, 1].map((n) => [n, t(`review.rating${n}`)])] });
  const form = h("form", { class: "stack decision", novalidate: true }, formAlert(), note.node, rating.node, h("div", { class: "button-row" }, approve, approveNext, ret), done);
  async function decide(decision, next = false) {
    clearErrors(form);
    const text = note.input.value.trim();
    if (decision === "return" && !text) {
      showErrors(form, { message: t("review.noteRequired"), errors: { note: [t("review.noteRequired")] } });
      return;
    }
    approve.disabled = approveNext.disabled = ret.disabled = true;
    try {
      const body = text ? { decision, note: text } : { decision };
      if (decision === "approve" && rating.input.value) body.rating = Number(rating.input.value);
      await api.post(`/visits/${visit.id}/review`, body);
      if (next) {
        // The oldest submission still waiting, as the queue orders them.
        const { data } = await api.get("/visits?status=submitted&sort=submitted_at&page_size=1");
        if (data.length) {
          location.assign(`/review/${data[0].id}`);
          return;
        }
        location.assign("/review");
        return;
      }
      refresh();
    } catch (error) {
      showErrors(form, error);
      approve.disabled = approveNext.disabled = ret.disabled = false;
    }
  }
  form.addEventListener("submit", (event) => event.preventDefault());
  approve.addEventListener("click", () => decide("approve"));
  approveNext.addEventListener("click", () => decide("approve", true));
  ret.addEventListener("click", () => decide("return"));
  return h("section", { class: "block" }, h("h2", null, t("review.decision")), form);
}

function changeCell(answer) {
  if (!answer) return "–";
  const value = answer.na ? t("review.na") : answer.value === null || answer.value === undefined ? "–" : String(answer.value);
  return [value, answer.comment ? ` · ${answer.comment}` : "", answer.media?.length ? ` · ${t("review.photoCount", { count: answer.media.length })}` : ""].join("");
}

function changesBlock(changes) {
  if (changes === null || changes === undefined) return null;
  return h(
    "section",
    { class: "block" },
    h("h2", null, t("review.changes")),
    changes.length
      ? table(
          [
            { label: t("review.question"), cell: (c) => c.text || c.question },
            { label: t("review.before"), cell: (c) => changeCell(c.before) },
            { label: t("review.after"), cell: (c) => changeCell(c.after) },
          ],
          changes,
          { caption: t("review.changes") },
        )
      : h("p", { class: "muted" }, t("review.noChanges")),
  );
}

export default async function reviewView({ params, refresh }) {
  const visit = await load(`/visits/${params.id}`);
  const [checklist, events, submission] = await Promise.all([
    load(`/checklists/${visit.checklist_id}`),
    load(`/visits/${visit.id}/events`),
    visit.submission_uuid ? load(`/submissions/${visit.submission_uuid}`) : null,
  ]);
  const answers = h("section", { class: "block" }, h("h2", null, t("review.answers")));
  if (submission) mount(answers, h("h2", null, t("review.answers")), answersList(checklist.definition, submission, { scores: visit.question_scores }));
  else answers.append(h("p", { class: "muted" }, t("review.noSubmission")));
  return page(
    `${visit.store.name} · ${visit.wave_name || ""}`,
    h("p", null, h("a", { href: "/review" }, t("review.back")), " · ", h("a", { href: `/waves/${visit.wave_id}` }, t("review.toBoard"))),
    h(
      "dl",
      { class: "facts" },
      h("dt", null, t("board.status")), h("dd", null, statusBadge(visit.status)),
      h("dt", null, t("board.shopper")), h("dd", null, visit.shopper?.name || "–"),
      h("dt", null, t("review.submitted")), h("dd", null, visit.submitted_at ? formatDateTime(visit.submitted_at) : "–"),
      h("dt", null, t("review.photos")), h("dd", null, visit.photos ? t("review.photosArrived", visit.photos) : "–"),
    ),
    visit.review_note ? h("p", { class: "note" }, t("visit.reviewNote"), " ", visit.review_note) : null,
    visit.status === "approved" ? h("p", null, download(`/visits/${visit.id}/report.pdf`, t("dash.visitPdf"))) : null,
    h("section", { class: "block" }, h("h2", null, t("review.score")), scoreBreakdown(visit.score)),
    flagsBlock(visit.flags),
    changesBlock(visit.changes),
    answers,
    // The decision comes where the reviewer finishes reading the answers.
    visit.status === "submitted" ? decisionForm(visit, refresh) : null,
    eventsBlock(events),
  );
}

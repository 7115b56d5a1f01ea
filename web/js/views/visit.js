// One visit: scenario, window, address and map; "Accept"/"Decline"; "Check in"; the checklist.

import { NetworkError, api } from "../api.js";
import { loadDraft, prefillFromPrevious, updateDraft } from "../drafts.js";
import { h } from "../dom.js";
import { on } from "../events.js";
import { formatDateTime, formatDistance, formatNumber, formatTime, t } from "../i18n.js";
import { QueueError, attemptState, queueSubmission } from "../outbox.js";
import { photosOf } from "../photos.js";
import { buildAnswers, validate } from "../rules.js";
import { forgetVisit, loadVisit, saveVisit, visitAction } from "../visits.js";
import { saveProblem } from "../storage.js";
import { renderChecklist } from "./checklist.js";
import { expenseBlock, expenseOf } from "./expense.js";
import { statusBadge, visitFacts } from "./visits.js";

const EARTH_RADIUS_M = 6371008.8;

function distanceMeters(a, b) {
  const rad = (deg) => (deg * Math.PI) / 180;
  const dLat = rad(b.latitude - a.latitude);
  const dLon = rad(b.longitude - a.longitude);
  const s = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.latitude)) * Math.cos(rad(b.latitude)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.sqrt(s));
}

function checkinText(checkin, store) {
  const parts = [t("checkin.done", { time: formatTime(checkin.at) })];
  if (checkin.accuracy_m !== null && checkin.accuracy_m !== undefined) {
    parts.push(t("checkin.accuracy", { m: formatNumber(Math.round(checkin.accuracy_m)) }));
  }
  if (Number.isFinite(store?.latitude) && Number.isFinite(store?.longitude)) {
    parts.push(t("checkin.distance", { distance: formatDistance(distanceMeters(checkin, store)) }));
  }
  return parts.join(" · ");
}

function checkinBlock(visit, draft, readOnly) {
  const status = h("p", { class: "checkin-status", role: "status" }, draft.checkin ? checkinText(draft.checkin, visit.store) : t("checkin.none"));
  const button = h("button", { type: "button", class: "checkin-button", disabled: readOnly }, draft.checkin ? t("checkin.again") : t("checkin.button"));
  button.addEventListener("click", () => {
    if (!navigator.geolocation) {
      status.textContent = t("checkin.unavailable");
      return;
    }
    button.disabled = true;
    status.textContent = t("checkin.locating");
    navigator.geolocation.getCurrentPosition(
      async (position) => {
        const checkin = {
          latitude: position.coords.latitude,
          longitude: position.coords.longitude,
          accuracy_m: Math.round(position.coords.accuracy * 10) / 10,
          at: new Date(position.timestamp || Date.now()).toISOString(),
        };
        await updateDraft(visit.id, (d) => {
          d.checkin = checkin;
        });
        status.textContent = checkinText(checkin, visit.store);
        button.textContent = t("checkin.again");
        button.disabled = false;
      },
      (error) => {
        status.textContent = t("checkin.failed", { message: error.message || String(error.code) });
        button.disabled = false;
      },
      { enableHighAccuracy: true, timeout: 20000, maximumAge: 0 },
    );
  });
  return h("section", { class: "card checkin", "aria-labelledby": "checkin-title" }, h("h2", { id: "checkin-title" }, t("checkin.title")), status, button);
}

function lifecycleButtons(visit, { refresh, navigate }) {
  const message = h("p", { class: "error", role: "alert", hidden: true });
  const act = async (action, button) => {
    if (action === "decline" && !window.confirm(t("visit.declineConfirm"))) return;
    button.disabled = true;
    message.hidden = true;
    try {
      await visitAction(visit.id, action);
      if (action === "decline") navigate("/visits");
      else refresh();
    } catch (error) {
      message.textContent = error instanceof NetworkError ? t("visit.needsNetwork") : error.message;
      message.hidden = false;
      button.disabled = false;
    }
  };
  const accept = h("button", { type: "button", class: "primary" }, t("visit.accept"));
  const decline = h("button", { type: "button" }, t("visit.decline"));
  accept.addEventListener("click", () => act("accept", accept));
  decline.addEventListener("click", () => act("decline", decline));
  return h("div", { class: "actions" }, h("p", null, t("visit.acceptPrompt")), h("div", { class: "button-row" }, accept, decline), message);
}

/** A day in the browser's calendar as YYYY-MM-DD (what a date input holds). */
function localDay(iso) {
  const at = new Date(iso);
  const pad = (n) => String(n).padStart(2, "0");
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
}

/** "Planned day": the shopper picks the day of an accepted visit inside its window. */
function scheduleBlock(visit, { refresh }) {
  const input = h("input", {
    id: "schedule-date",
    type: "date",
    name: "date",
    value: visit.scheduled_on || "",
    min: localDay(visit.window_start),
    max: localDay(visit.window_end),
  });
  const message = h("p", { role: "status" });
  const button = h("button", { type: "submit" }, t("schedule.save"));
  async function submit(event) {
    event.preventDefault();
    button.disabled = true;
    message.className = "";
    try {
      const { data } = await api.post(`/visits/${visit.id}/schedule`, { date: input.value || null });
      await saveVisit({ ...visit, ...data, checklist: data.checklist || visit.checklist });
      refresh();
    } catch (error) {
      const field = error.errors?.json?.date?.[0];
      message.textContent = error instanceof NetworkError ? t("visit.needsNetwork") : field || error.message;
      message.className = "error";
      button.disabled = false;
    }
  }
  return h(
    "form",
    { class: "card schedule", onsubmit: submit, "aria-labelledby": "schedule-title" },
    h("h2", { id: "schedule-title" }, t("schedule.title")),
    h("div", { class: "field" }, h("label", { for: "schedule-date" }, t("schedule.date")), input),
    button,
    message,
  );
}

function attemptNotice(attempt) {
  if (!attempt) return null;
  if (attempt.state === "failed") {
    return h("div", { class: "notice error-notice", role: "alert" }, h("strong", null, t("visit.refused")), " ", attempt.message || "");
  }
  return h("p", { class: "notice" }, t("visit.queued"), " ", h("a", { href: "/outbox" }, t("visit.queuedLink")));
}

async function fetchLatest(visit) {
  // The copy on this device may be stale (returned, reassigned): look once when online.
  if (!navigator.onLine) return null;
  try {
    const { data } = await api.get(`/visits/${visit.id}`);
    if (data.status !== visit.status || data.review_note !== visit.review_note) {
      if (data.checklist) await saveVisit(data);
      return data;
    }
  } catch (error) {
    if (error.status === 404) await forgetVisit(visit.id);
  }
  return null;
}

export default async function visitView(context) {
  const { params, onLeave, current, refresh, navigate, fresh } = context;
  const id = Number(params.id);
  let visit;
  try {
    visit = await loadVisit(id);
  } catch (error) {
    const message = error instanceof NetworkError ? t("visit.notOnDevice") : error.message;
    return h("section", { class: "page" }, h("h1", { tabindex: "-1" }, t("visit.notFound")), h("p", null, message), h("a", { href: "/visits" }, t("nav.myVisits")));
  }
  await prefillFromPrevious(visit);
  const draft = await loadDraft(id);
  const attempt = await attemptState(draft);
  const photos = await photosOf(id);
  const working = ["accepted", "returned"].includes(visit.status);
  const queued = attempt && attempt.state !== "failed";
  const submitted = ["submitted", "approved"].includes(visit.status) || (draft.submission?.acked && visit.status !== "returned");

  const message = h("p", { class: "error", role: "alert", hidden: true });
  const parts = [];
  if (visit.status === "assigned") parts.push(lifecycleButtons(visit, context));
  if (visit.status === "accepted" && !submitted) parts.push(scheduleBlock(visit, context));
  if (working && !submitted) {
    const expense = expenseBlock(visit, draft, photos, Boolean(queued));
    onLeave(() => expense.destroy());
    parts.push(attemptNotice(attempt), checkinBlock(visit, draft, queued), expense.node);
    const checklist = renderChecklist({
      visit,
      draft,
      photos,
      readOnly: Boolean(queued),
      serverErrors: attempt?.state === "failed" ? attempt.errors : null,
      onSubmit: () => submitVisit(visit, navigate, message),
    });
    onLeave(() => checklist.destroy());
    parts.push(h("h2", { class: "section-title" }, t("checklist.title")), checklist.node);
  } else if (submitted) {
    parts.push(h("p", { class: "notice success" }, visit.submitted_at ? t("visit.submittedAt", { time: formatDateTime(visit.submitted_at) }) : t("visit.submittedDone")));
  }

  onLeave(on("draft", (detail) => detail.remote && detail.visitId === id && current() && refresh()));
  onLeave(
    on("outbox", async () => {
      const now = await attemptState(await loadDraft(id));
      if (current() && (now?.state ?? null) !== (attempt?.state ?? null)) refresh();
    }),
  );
  if (fresh) fetchLatest(visit).then((latest) => latest && current() && refresh());

  return h(
    "section",
    { class: "page visit" },
    h("div", { class: "card-head" }, h("h1", { tabindex: "-1" }, visit.store?.name || t("visit.untitled")), statusBadge(visit.status)),
    h("p", { class: "muted" }, visit.client?.name || "", visit.wave_name ? ` · ${visit.wave_name}` : ""),
    visitFacts(visit),
    visit.scenario ? h("section", { class: "scenario" }, h("h2", null, t("visit.scenario")), h("p", null, visit.scenario)) : null,
    visit.status === "returned" && visit.review_note ? h("p", { class: "note" }, h("strong", null, t("visit.reviewNote")), " ", visit.review_note) : null,
    parts,
    message,
  );
}

/** Queue the visit from what the draft holds now (every tab's saved answers). */
async function submitVisit(visit, navigate, message) {
  performance.mark("mystery:queue-start");
  const draft = await loadDraft(visit.id);
  const definition = visit.checklist.definition;
  if (Object.keys(validate(definition, draft.answers)).length) return;
  const content = {
    visit_id: visit.id,
    answers: buildAnswers(definition, draft.answers),
    started_at: draft.startedAt,
    checkin: draft.checkin,
  };
  try {
    const expense = expenseOf(draft);
    if (expense) content.expense = expense;
  } catch (error) {
    message.textContent = error.message;
    message.hidden = false;
    document.getElementById("expense-amount")?.focus();
    return;
  }
  try {
    await queueSubmission(visit, content);
    performance.measure("mystery:queue-submission", "mystery:queue-start");
    navigate("/outbox");
  } catch (error) {
    if (!(error instanceof QueueError)) console.error(error);
    // A full disk throws a QuotaExceededError with no message: say what happened, and that
    // the answers are still here.
    message.textContent = saveProblem(error);
    message.hidden = false;
  }
}

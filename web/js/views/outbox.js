// "Outbox": what is waiting, being sent, refused (with the server's message) or sent; "Sync now".

import { h, mount } from "../dom.js";
import { on } from "../events.js";
import { formatDateTime, formatRange, t, tn } from "../i18n.js";
import { discard, outboxGroups, syncSoon } from "../outbox.js";

function problemsList(errors) {
  if (!errors || typeof errors !== "object") return null;
  const lines = [];
  for (const [key, messages] of Object.entries(errors)) {
    if (Array.isArray(messages)) lines.push(`${key}: ${messages.join(" ")}`);
    else if (messages && typeof messages === "object") lines.push(...Object.entries(messages).map(([field, m]) => `${field}: ${[].concat(m).join(" ")}`));
  }
  return lines.length ? h("ul", { class: "problems" }, lines.map((line) => h("li", null, line))) : null;
}

function groupItem(group, redraw) {
  const { submission, photos, state } = group;
  const label = submission?.label || {};
  const sentPhotos = photos.filter((p) => p.state === "sent").length;
  const failedPhoto = photos.find((p) => p.state === "failed");
  const retrying = [submission, ...photos].find((item) => item && item.state === "waiting" && item.lastError);
  const message = submission?.state === "failed" ? submission.message : failedPhoto?.message;
  const visitId = submission?.visitId ?? photos[0]?.visitId;

  async function drop(button) {
    if (!window.confirm(t("outbox.discardConfirm"))) return;
    button.disabled = true;
    await discard(submission?.id || photos[0].submissionUuid);
    redraw();
  }

  const discardButton = h("button", { type: "button", class: "danger" }, t("outbox.discard"));
  discardButton.addEventListener("click", () => drop(discardButton));
  return h(
    "li",
    { class: `card outbox-item is-${state}`, dataset: { state, uuid: submission?.id || "" } },
    h("div", { class: "card-head" }, h("h2", null, label.store || t("outbox.visit", { id: visitId })), h("span", { class: `status state-${state}` }, t(`outbox.state.${state}`))),
    label.windowStart ? h("p", { class: "muted" }, formatRange(label.windowStart, label.windowEnd || label.windowStart)) : null,
    submission ? h("p", null, t("outbox.queuedAt", { time: formatDateTime(submission.createdAt) })) : null,
    photos.length ? h("p", null, tn("outbox.photos", photos.length, { sent: sentPhotos })) : null,
    state === "sent" && submission?.sentAt ? h("p", null, t("outbox.sentAt", { time: formatDateTime(submission.sentAt) })) : null,
    retrying && state !== "failed" ? h("p", { class: "muted" }, t("outbox.retrying", { message: retrying.lastError })) : null,
    state === "failed"
      ? [
          h("p", { class: "error server-message", role: "alert" }, message || t("outbox.refused")),
          problemsList(submission?.state === "failed" && submission.status === 422 ? submission.errors : null),
          h("div", { class: "button-row" }, h("a", { class: "button", href: `/visits/${visitId}` }, t("outbox.openDraft")), discardButton),
        ]
      : null,
  );
}

export default async function outboxView({ onLeave, current }) {
  const list = h("div", { class: "outbox-list" });
  const summary = h("p", { class: "outbox-summary", role: "status" });
  const syncButton = h("button", { type: "button", class: "primary" }, t("outbox.syncNow"));

  async function draw() {
    if (!current()) return;
    const groups = await outboxGroups();
    const open = groups.filter((g) => g.state !== "sent");
    summary.textContent = open.length ? tn("outbox.pending", open.length) : t("outbox.allSent");
    mount(
      list,
      groups.length
        ? h("ul", { class: "cards", "aria-label": t("nav.outbox") }, groups.map((group) => groupItem(group, draw)))
        : h("p", { class: "empty" }, t("outbox.empty")),
    );
  }

  syncButton.addEventListener("click", async () => {
    if (!navigator.onLine) {
      summary.textContent = t("outbox.offline");
      return;
    }
    syncButton.disabled = true;
    await syncSoon({ force: true });
    syncButton.disabled = false;
    draw();
  });
  onLeave(on("outbox", draw));
  await draw();
  return h(
    "section",
    { class: "page" },
    h("div", { class: "card-head" }, h("h1", { tabindex: "-1" }, t("nav.outbox")), syncButton),
    summary,
    list,
  );
}

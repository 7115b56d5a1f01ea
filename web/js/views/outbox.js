// "Outbox": what is waiting, being sent, refused (with the server's message) or sent; "Sync now".

import { h, mount } from "../dom.js";
import { on } from "../events.js";
import { formatDateTime, formatRange, t, tn } from "../i18n.js";
import { getAll } from "../db.js";
import { discard, outboxGroups, replacePhoto, retryItem, syncSoon } from "../outbox.js";
import { preparePhoto } from "../photos.js";
import { isPersisted, lowSpaceWarning, saveProblem } from "../storage.js";

function problemsList(errors) {
  if (!errors || typeof errors !== "object") return null;
  const lines = [];
  for (const [key, messages] of Object.entries(errors)) {
    if (Array.isArray(messages)) lines.push(`${key}: ${messages.join(" ")}`);
    else if (messages && typeof messages === "object") lines.push(...Object.entries(messages).map(([field, m]) => `${field}: ${[].concat(m).join(" ")}`));
  }
  return lines.length ? h("ul", { class: "problems" }, lines.map((line) => h("li", null, line))) : null;
}

function answerText(answer) {
  const parts = [];
  if (answer.na) parts.push(t("outbox.na"));
  else if (answer.value !== undefined && answer.value !== null) parts.push(typeof answer.value === "boolean" ? t(answer.value ? "outbox.yes" : "outbox.no") : String(answer.value));
  if (answer.comment) parts.push(`“${answer.comment}”`);
  if (answer.media?.length) parts.push(tn("outbox.photoCount", answer.media.length));
  return parts.join(" · ") || "—";
}

/** What the shopper sent, readable (not editable) until they discard it. */
function readOnlyAnswers(submission, thumbs) {
  const answers = submission?.body?.answers || [];
  if (!answers.length) return null;
  return h(
    "details",
    { class: "sent-answers" },
    h("summary", null, t("outbox.viewAnswers")),
    h(
      "dl",
      { class: "answers-readonly" },
      answers.map((answer) => [
        h("dt", null, answer.question),
        h(
          "dd",
          null,
          answerText(answer),
          (answer.media || []).map((uuid) => (thumbs.get(uuid) ? h("img", { src: thumbs.get(uuid), alt: t("outbox.photoOf", { question: answer.question }), width: 64, height: 64 }) : null)),
        ),
      ]),
    ),
  );
}

function replaceControl(item, redraw) {
  const input = h("input", { type: "file", accept: "image/*", id: `replace-${item.id}`, class: "visually-hidden-file" });
  const status = h("span", { class: "muted", role: "status" });
  input.addEventListener("change", async () => {
    const file = input.files[0];
    if (!file) return;
    status.textContent = t("answer.photoWorking");
    try {
      await replacePhoto(item.id, await preparePhoto(file));
      status.textContent = "";
    } catch (error) {
      status.textContent = saveProblem(error);
    }
    redraw();
  });
  return h("span", { class: "replace" }, h("label", { class: "button", for: `replace-${item.id}` }, t("outbox.replacePhoto")), input, status);
}

function groupItem(group, redraw, thumbs) {
  const { submission, photos, state } = group;
  const label = submission?.label || {};
  const sentPhotos = photos.filter((p) => p.state === "sent").length;
  const failedPhoto = photos.find((p) => p.state === "failed");
  const retrying = [submission, ...photos].find((item) => item && item.state === "waiting" && item.lastError);
  const refused = submission?.state === "failed" ? submission : failedPhoto;
  const message = refused?.message;
  const action = refused?.action || (refused?.kind === "submission" ? "edit" : "retry");
  const visitId = submission?.visitId ?? photos[0]?.visitId;

  async function drop(button) {
    if (!window.confirm(t("outbox.discardConfirm"))) return;
    button.disabled = true;
    await discard(submission?.id || photos[0].submissionUuid);
    redraw();
  }

  const discardButton = h("button", { type: "button", class: "danger" }, t("outbox.discard"));
  discardButton.addEventListener("click", () => drop(discardButton));
  const ways = [];
  if (action === "gone") ways.push(h("p", { class: "notice" }, t("outbox.goneHint")));
  if (action === "edit") ways.push(h("p", { class: "muted" }, t("outbox.editHint")), h("a", { class: "button", href: `/visits/${visitId}` }, t("outbox.openDraft")));
  if (action === "replace" && refused) ways.push(h("p", { class: "muted" }, t("outbox.replaceHint")), replaceControl(refused, redraw));
  if (action === "retry" && refused) {
    const again = h("button", { type: "button" }, t("outbox.tryAgain"));
    again.addEventListener("click", async () => {
      again.disabled = true;
      await retryItem(refused.id);
      redraw();
    });
    ways.push(h("p", { class: "muted" }, t("outbox.retryHint")), again);
  }
  return h(
    "li",
    { class: `card outbox-item is-${state}`, dataset: { state, uuid: submission?.id || "", action: state === "failed" ? action : "" } },
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
          action === "gone" ? readOnlyAnswers(submission, thumbs) : null,
          h("div", { class: "button-row" }, ways, discardButton),
        ]
      : null,
  );
}

/** Object URLs of the stored thumbnails of the outbox's photos (revoked on redraw). */
async function thumbnails(groups, urls) {
  for (const url of urls.splice(0)) URL.revokeObjectURL(url);
  const wanted = new Set(groups.flatMap((g) => (g.submission?.body?.answers || []).flatMap((a) => a.media || [])));
  const result = new Map();
  for (const media of await getAll("media")) {
    if (wanted.has(media.uuid) && media.thumb) {
      const url = URL.createObjectURL(media.thumb);
      urls.push(url);
      result.set(media.uuid, url);
    }
  }
  return result;
}

async function storageLine() {
  const warning = await lowSpaceWarning();
  const persisted = isPersisted();
  const lines = [warning, persisted === false ? t("storage.notPersisted") : null].filter(Boolean);
  return lines.length ? h("p", { class: "notice storage-status", role: "status" }, lines.join(" ")) : null;
}

export default async function outboxView({ onLeave, current }) {
  const list = h("div", { class: "outbox-list" });
  const summary = h("p", { class: "outbox-summary", role: "status" });
  const syncButton = h("button", { type: "button", class: "primary" }, t("outbox.syncNow"));
  const urls = [];
  onLeave(() => urls.forEach((url) => URL.revokeObjectURL(url)));

  async function draw() {
    if (!current()) return;
    const groups = await outboxGroups();
    const open = groups.filter((g) => g.state !== "sent");
    const thumbs = await thumbnails(groups, urls);
    summary.textContent = open.length ? tn("outbox.pending", open.length) : t("outbox.allSent");
    mount(
      list,
      await storageLine(),
      groups.length
        ? h("ul", { class: "cards", "aria-label": t("nav.outbox") }, groups.map((group) => groupItem(group, draw, thumbs)))
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

// "My visits": assigned, accepted and returned visits (then submitted ones), offline from the cache.

import { h, mapUrl, mount } from "../dom.js";
import { on } from "../events.js";
import { formatDay, formatRange, t } from "../i18n.js";
import { outboxGroups } from "../outbox.js";
import { cachedVisits, refreshVisits } from "../visits.js";

const TO_DO = ["returned", "assigned", "accepted"];

/** The lines every visit card and the visit screen share: window, address and map link. */
export function visitFacts(visit) {
  const store = visit.store || {};
  const daily = visit.daily_window ? t("visit.daily", { start: visit.daily_window.start, end: visit.daily_window.end }) : null;
  return [
    h("p", { class: "when" }, h("span", { class: "label" }, t("visit.window")), " ", formatRange(visit.window_start, visit.window_end), daily ? ` · ${daily}` : null),
    visit.scheduled_on
      ? h("p", { class: "scheduled" }, h("span", { class: "label" }, t("visit.scheduled")), " ", formatDay(visit.scheduled_on))
      : null,
    h(
      "p",
      { class: "where" },
      h("span", { class: "label" }, t("visit.address")),
      " ",
      [store.address, store.city].filter(Boolean).join(", ") || "—",
      " ",
      Number.isFinite(store.latitude) && Number.isFinite(store.longitude)
        ? h("a", { href: mapUrl(store.latitude, store.longitude), target: "_blank", rel: "noopener", class: "map-link" }, t("visit.map"))
        : null,
    ),
  ];
}

export function statusBadge(status) {
  return h("span", { class: `status status-${status}` }, t(`status.${status}`));
}

function visitCard(visit, queued) {
  return h(
    "li",
    { class: "card visit-card", dataset: { visitId: visit.id, status: visit.status } },
    h("div", { class: "card-head" }, h("h2", null, h("a", { href: `/visits/${visit.id}` }, visit.store?.name || t("visit.untitled"))), statusBadge(visit.status)),
    h("p", { class: "muted" }, visit.client?.name || "", visit.wave_name ? ` · ${visit.wave_name}` : ""),
    visitFacts(visit),
    visit.status === "returned" && visit.review_note
      ? h("p", { class: "note" }, h("strong", null, t("visit.reviewNote")), " ", visit.review_note)
      : null,
    queued ? h("p", { class: `queued is-${queued}` }, t(`visits.queued.${queued}`)) : null,
  );
}

function renderList(list, visits, queuedByVisit) {
  const toDo = visits.filter((v) => TO_DO.includes(v.status));
  const done = visits.filter((v) => !TO_DO.includes(v.status));
  mount(
    list,
    toDo.length
      ? h("ul", { class: "cards", "aria-label": t("visits.toDo") }, toDo.map((v) => visitCard(v, queuedByVisit.get(v.id))))
      : h("p", { class: "empty" }, t("visits.empty"), " ", h("a", { href: "/board" }, t("visits.findMore"))),
    done.length
      ? [
          h("h2", { class: "section-title" }, t("visits.submitted")),
          h("ul", { class: "cards", "aria-label": t("visits.submitted") }, done.map((v) => visitCard(v, queuedByVisit.get(v.id)))),
        ]
      : null,
  );
}

async function queuedStates() {
  const states = new Map();
  for (const group of await outboxGroups()) {
    if (group.submission && group.state !== "sent") states.set(group.submission.visitId, group.state);
  }
  return states;
}

export default async function visitsView({ onLeave, current }) {
  const list = h("div", { class: "visit-list" });
  const status = h("p", { class: "muted sync-status", role: "status" });
  const draw = async () => renderList(list, await cachedVisits(), await queuedStates());

  async function refresh() {
    if (!navigator.onLine) {
      status.textContent = t("visits.offlineCopy");
      return;
    }
    try {
      await refreshVisits();
      status.textContent = "";
    } catch (error) {
      status.textContent = t("visits.refreshFailed", { message: error.message });
    }
    if (current()) await draw();
  }

  await draw();
  onLeave(on("outbox", () => current() && draw()));
  onLeave(on("visits", (detail) => detail.remote && current() && draw()));
  if ((await cachedVisits()).length) refresh();
  else {
    status.textContent = navigator.onLine ? t("common.loading") : t("visits.offlineCopy");
    await refresh();
  }
  return h("section", { class: "page" }, h("h1", { tabindex: "-1" }, t("nav.myVisits")), status, list);
}

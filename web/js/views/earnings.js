// "Earnings": what the shopper has earned, pending / payable / paid, visit by visit; offline
// from the last sync.

import { h, mount } from "../dom.js";
import { formatDateTime, t } from "../i18n.js";
import { cached, formatMoney, refreshEarnings } from "../pay.js";

const SHOWN = ["pending", "payable", "paid"];

function totals(data) {
  const currency = data.currency;
  return h(
    "dl",
    { class: "totals", "aria-label": t("earnings.totals") },
    SHOWN.map((status) =>
      h("div", { class: `total total-${status}` }, h("dt", null, t(`earnings.${status}`)), h("dd", null, formatMoney(data.totals?.[status] ?? "0.00", currency))),
    ),
  );
}

function line(entry) {
  return h(
    "li",
    { class: `ledger-line is-${entry.status}`, dataset: { entryId: entry.id, status: entry.status } },
    h("span", { class: "kind" }, t(`earnings.kind.${entry.kind}`)),
    " ",
    h("span", { class: "amount" }, formatMoney(entry.amount, entry.currency)),
    " ",
    h("span", { class: `status status-${entry.status}` }, t(`earnings.${entry.status}`)),
    entry.note ? h("span", { class: "muted note-text" }, ` · ${entry.note}`) : null,
    entry.capped ? h("p", { class: "capped muted" }, t("earnings.capped", { claimed: formatMoney(entry.claimed, entry.currency) })) : null,
  );
}

function byVisit(entries) {
  const groups = new Map();
  for (const entry of entries) {
    const key = entry.visit_id ?? "other";
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(entry);
  }
  return [...groups.entries()].map(([key, lines]) => {
    const first = lines[0];
    const title = key === "other" ? t("earnings.other") : first.store_name || t("visit.untitled");
    return h(
      "li",
      { class: "card earnings-visit", dataset: { visitId: key } },
      h("h2", null, title),
      key === "other" ? null : h("p", { class: "muted" }, [first.wave_name, first.visit_date ? formatDateTime(first.visit_date) : null].filter(Boolean).join(" · ")),
      h("ul", { class: "ledger-lines" }, lines.map(line)),
    );
  });
}

function draw(body, copy) {
  const data = copy.data;
  mount(
    body,
    totals(data),
    data.entries?.length
      ? h("ul", { class: "cards", "aria-label": t("earnings.perVisit") }, byVisit(data.entries))
      : h("p", { class: "empty" }, t("earnings.empty")),
  );
}

export default async function earningsView({ current }) {
  const status = h("p", { class: "muted sync-status", role: "status" });
  const body = h("div", { class: "earnings" });
  let copy = await cached("earnings");
  const offlineNote = () => (copy ? t("earnings.offlineCopy", { time: formatDateTime(copy.at) }) : t("earnings.offlineNone"));

  async function refresh() {
    if (!navigator.onLine) {
      status.textContent = offlineNote();
      return;
    }
    try {
      copy = await refreshEarnings();
      status.textContent = "";
    } catch (error) {
      status.textContent = copy ? `${t("visits.refreshFailed", { message: error.message })} ${offlineNote()}` : error.message;
    }
    if (copy && current()) draw(body, copy);
  }

  if (copy) {
    draw(body, copy);
    refresh();
  } else {
    status.textContent = navigator.onLine ? t("common.loading") : offlineNote();
    await refresh();
  }
  return h("section", { class: "page" }, h("h1", { tabindex: "-1" }, t("nav.earnings")), status, body);
}

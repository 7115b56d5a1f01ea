// "Open visits": the job board near the shopper's home, with "Claim".

import { api } from "../api.js";
import { h, mount } from "../dom.js";
import { formatDistance, formatNumber, t } from "../i18n.js";
import { visitAction } from "../visits.js";
import { visitFacts } from "./visits.js";

function openCard(visit, claim) {
  const message = h("p", { class: "error", role: "alert", hidden: true });
  const button = h("button", { type: "button", class: "primary" }, t("board.claim"));
  button.addEventListener("click", () => claim(visit, button, message));
  return h(
    "li",
    { class: "card visit-card", dataset: { visitId: visit.id } },
    h(
      "div",
      { class: "card-head" },
      h("h2", null, visit.store?.name || t("visit.untitled")),
      visit.distance_km !== null && visit.distance_km !== undefined
        ? h("span", { class: "distance" }, t("board.away", { distance: formatDistance(visit.distance_km * 1000) }))
        : null,
    ),
    h("p", { class: "muted" }, visit.client?.name || "", visit.wave_name ? ` · ${visit.wave_name}` : ""),
    visitFacts(visit),
    visit.fee ? h("p", null, h("span", { class: "label" }, t("board.fee")), " ", formatNumber(visit.fee, { minimumFractionDigits: 2 })) : null,
    message,
    button,
  );
}

export default async function boardView({ navigate }) {
  const list = h("div", { class: "visit-list" });
  const page = h("section", { class: "page" }, h("h1", { tabindex: "-1" }, t("nav.openVisits")), list);

  async function claim(visit, button, message) {
    button.disabled = true;
    message.hidden = true;
    try {
      await visitAction(visit.id, "claim");
      navigate(`/visits/${visit.id}`);
    } catch (error) {
      message.textContent = error.message;
      message.hidden = false;
      button.disabled = false;
    }
  }

  if (!navigator.onLine) {
    mount(list, h("p", { class: "notice" }, t("board.offline")));
    return page;
  }
  try {
    const { data } = await api.get("/visits/open");
    mount(
      list,
      data.length
        ? h("ul", { class: "cards", "aria-label": t("nav.openVisits") }, data.map((visit) => openCard(visit, claim)))
        : h("p", { class: "empty" }, t("board.empty")),
    );
  } catch (error) {
    mount(list, h("p", { class: "error", role: "alert" }, error.message));
  }
  return page;
}

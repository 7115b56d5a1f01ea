// Coordinator: the waves of every client, newest first.

import { h } from "../js/dom.js";
import { formatNumber, t } from "../js/i18n.js";
import { listTable, loadAll, page } from "./ui.js";

export default async function wavesView({ query }) {
  const clientId = query.get("client_id");
  const clients = await loadAll("/clients");
  const names = new Map(clients.map((c) => [c.id, c.name]));
  return page(
    t("waves.title"),
    h("p", null, h("a", { class: "button primary", href: "/waves/new" }, t("waves.new"))),
    listTable(
      `/waves${clientId ? `?client_id=${clientId}` : ""}`,
      [
        { label: t("waves.name"), cell: (w) => h("a", { href: `/waves/${w.id}` }, w.name), sort: "name" },
        { label: t("waves.client"), cell: (w) => names.get(w.client_id) || String(w.client_id) },
        { label: t("waves.dates"), cell: (w) => `${w.starts_on} – ${w.ends_on}`, sort: "starts_on" },
        { label: t("waves.visits"), cell: (w) => formatNumber(w.visit_count ?? 0), cls: "num" },
        { label: t("waves.fee"), cell: (w) => formatNumber(w.fee ?? 0, { minimumFractionDigits: 2 }), cls: "num" },
        { label: t("waves.dashboard"), cell: (w) => h("a", { href: `/dashboard?wave=${w.id}` }, t("waves.dashboard")) },
      ],
      { caption: t("waves.title"), empty: t("waves.none") },
    ),
  );
}

// Coordinator: the list of clients.

import { h } from "../js/dom.js";
import { t } from "../js/i18n.js";
import { loadAll, page, swatch, table } from "./ui.js";

export default async function clientsView() {
  const clients = await loadAll("/clients");
  return page(
    t("clients.title"),
    h("p", null, h("a", { class: "button primary", href: "/clients/new" }, t("clients.new"))),
    table(
      [
        { label: t("clients.name"), cell: (c) => h("a", { href: `/clients/${c.id}` }, c.name) },
        { label: t("clients.locale"), cell: (c) => c.locale },
        {
          label: t("clients.brandColour"),
          cell: (c) => h("span", { class: "swatch-line" }, swatch(c.brand_colour), c.brand_colour || "–"),
        },
        { label: t("clients.rotation"), cell: (c) => t("clients.days", { n: c.rotation_days }) },
      ],
      clients,
      { caption: t("clients.title") },
    ),
  );
}

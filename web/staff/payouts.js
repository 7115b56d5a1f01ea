// Coordinator: payouts. "Create payout" batches every payable line of a currency; the list
// links to each payout.

import { api } from "../js/api.js";
import { h } from "../js/dom.js";
import { formatDateTime, t } from "../js/i18n.js";
import { formatMoney } from "../js/pay.js";
import { clearErrors, field, formAlert, loadAll, page, showErrors, table } from "./ui.js";

const CURRENCIES = ["DKK", "SEK", "EUR", "NOK"];

export default async function payoutsView({ navigate }) {
  const payouts = await loadAll("/payouts");
  const currency = field(t("payouts.currency"), "currency", {}, { tag: "select", options: CURRENCIES.map((c) => [c, c]) });
  const form = h(
    "form",
    { class: "row-group toolbar-line create-payout", novalidate: true, "aria-label": t("payouts.create") },
    formAlert(),
    currency.node,
    h("button", { type: "submit", class: "primary" }, t("payouts.create")),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form);
    try {
      const { data } = await api.post("/payouts", { currency: currency.input.value });
      navigate(`/payouts/${data.id}`);
    } catch (error) {
      showErrors(form, error);
    }
  });
  return page(
    t("payouts.title"),
    h("p", null, h("a", { href: "/ledger" }, t("ledger.title"))),
    form,
    table(
      [
        { label: t("payouts.number"), cell: (p) => h("a", { href: `/payouts/${p.id}` }, t("payouts.name", { id: p.id })) },
        { label: t("payouts.status"), cell: (p) => h("span", { class: `status status-${p.status}` }, t(`payouts.status.${p.status}`)) },
        { label: t("payouts.total"), cls: "num", cell: (p) => formatMoney(p.total, p.currency) },
        { label: t("payouts.shoppers"), cls: "num", cell: (p) => String(p.count) },
        { label: t("payouts.skipped"), cls: "num", cell: (p) => String(p.skipped.length) },
        { label: t("payouts.created"), cell: (p) => formatDateTime(p.created_at) },
      ],
      payouts,
      { caption: t("payouts.title"), empty: t("payouts.empty") },
    ),
  );
}

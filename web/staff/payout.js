// Coordinator: one payout — its lines and the shoppers it skipped (with why), the CSV and the
// ISO 20022 pain.001 file for the bank, "Mark paid", and "Delete draft".

import { api } from "../js/api.js";
import { h } from "../js/dom.js";
import { formatDateTime, t } from "../js/i18n.js";
import { formatMoney } from "../js/pay.js";
import { confirmAction, download, formAlert, load, page, showErrors, table } from "./ui.js";

export default async function payoutView({ params, navigate, refresh }) {
  const payout = await load(`/payouts/${params.id}`);
  const alert = formAlert();
  const actions = h("div", { class: "button-row payout-actions" }, alert);
  actions.append(
    download(`/payouts/${payout.id}/export.csv`, t("payouts.downloadCsv")),
    download(`/payouts/${payout.id}/pain.001.xml`, t("payouts.downloadXml")),
  );
  if (payout.status === "draft") {
    const paid = h("button", { type: "button", class: "primary" }, t("payouts.markPaid"));
    const remove = h("button", { type: "button", class: "danger" }, t("payouts.deleteDraft"));
    paid.addEventListener("click", async () => {
      if (!(await confirmAction(t("payouts.markPaidConfirm", { total: formatMoney(payout.total, payout.currency) }), t("payouts.markPaid")))) return;
      try {
        await api.post(`/payouts/${payout.id}/mark-paid`);
        refresh();
      } catch (error) {
        showErrors(actions, error);
      }
    });
    remove.addEventListener("click", async () => {
      if (!(await confirmAction(t("payouts.deleteConfirm"), t("payouts.deleteDraft")))) return;
      try {
        await api.delete(`/payouts/${payout.id}`);
        navigate("/payouts");
      } catch (error) {
        showErrors(actions, error);
      }
    });
    actions.append(paid, remove);
  }
  return page(
    t("payouts.name", { id: payout.id }),
    h(
      "p",
      { class: "payout-summary" },
      h("span", { class: `status status-${payout.status}` }, t(`payouts.status.${payout.status}`)),
      " · ",
      t("payouts.summary", { total: formatMoney(payout.total, payout.currency), count: payout.count, entries: payout.entry_count }),
      " · ",
      formatDateTime(payout.created_at),
      payout.paid_at ? ` · ${t("payouts.paidAt", { time: formatDateTime(payout.paid_at) })}` : "",
    ),
    actions,
    h("h2", null, t("payouts.lines")),
    table(
      [
        { label: t("payouts.shopper"), cell: (l) => l.name },
        { label: "IBAN", cell: (l) => l.iban },
        { label: "BIC", cell: (l) => l.bic || "–" },
        { label: t("payouts.amount"), cls: "num", cell: (l) => formatMoney(l.amount, payout.currency) },
        { label: t("payouts.entries"), cls: "num", cell: (l) => String(l.entry_ids.length) },
      ],
      payout.lines,
      { caption: t("payouts.lines") },
    ),
    h("h2", null, t("payouts.skipped")),
    table(
      [
        { label: t("payouts.shopper"), cell: (s) => s.name },
        { label: t("payouts.amount"), cls: "num", cell: (s) => formatMoney(s.amount, payout.currency) },
        { label: t("payouts.reason"), cell: (s) => s.reason },
      ],
      payout.skipped,
      { caption: t("payouts.skipped"), empty: t("payouts.noneSkipped") },
    ),
  );
}

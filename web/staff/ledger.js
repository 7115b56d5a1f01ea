// Coordinator: the ledger per wave and per shopper, with totals per status, and the form that
// grants a bonus or books an adjustment (payable at once).

import { api } from "../js/api.js";
import { h, mount } from "../js/dom.js";
import { formatDateTime, t } from "../js/i18n.js";
import { formatMoney } from "../js/pay.js";
import { clearErrors, field, formAlert, loadAll, page, showErrors, statusLine, table } from "./ui.js";

const STATUSES = ["pending", "payable", "paid", "void"];
const CURRENCIES = ["DKK", "SEK", "EUR", "NOK"];

function totalsOf(entries) {
  const sums = {};
  for (const entry of entries) {
    const key = `${entry.currency}`;
    sums[key] ??= Object.fromEntries(STATUSES.map((s) => [s, 0n]));
    // Whole cents as BigInt: exact, never a float.
    const [whole, part = "00"] = String(entry.amount).replace("-", "").split(".");
    const cents = BigInt(whole) * 100n + BigInt(part.padEnd(2, "0"));
    sums[key][entry.status] += String(entry.amount).startsWith("-") ? -cents : cents;
  }
  const text = (cents) => {
    const sign = cents < 0n ? "-" : "";
    const abs = cents < 0n ? -cents : cents;
    return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, "0")}`;
  };
  return Object.entries(sums).map(([currency, byStatus]) =>
    h("p", { class: "ledger-totals" }, h("strong", null, currency), " · ", STATUSES.map((s) => `${t(`ledger.status.${s}`)}: ${formatMoney(text(byStatus[s]), currency)}`).join(" · ")),
  );
}

function entryForm(shoppers, refresh) {
  const shopper = field(t("ledger.shopper"), "shopper_id", {}, { tag: "select", options: shoppers.map((s) => [s.id, `${s.name} (${s.email})`]) });
  const visit = field(t("ledger.visitId"), "visit_id", { type: "number", min: 1, step: 1 }, { hint: t("ledger.visitHint") });
  const kind = field(t("ledger.kind"), "kind", {}, { tag: "select", options: [["bonus", t("ledger.kind.bonus")], ["adjustment", t("ledger.kind.adjustment")]] });
  const amount = field(t("ledger.amount"), "amount", { inputmode: "decimal", required: true });
  const currency = field(t("ledger.currency"), "currency", {}, { tag: "select", options: [["", t("ledger.currencyOfVisit")], ...CURRENCIES.map((c) => [c, c])] });
  const note = field(t("ledger.note"), "note", { maxlength: 2000 });
  const line = statusLine();
  const form = h(
    "form",
    { class: "stack card ledger-form", novalidate: true, "aria-label": t("ledger.add") },
    h("h2", null, t("ledger.add")),
    formAlert(),
    shopper.node, visit.node, kind.node, amount.node, currency.node, note.node,
    h("button", { type: "submit", class: "primary" }, t("ledger.addButton")),
    line,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form);
    const body = {
      shopper_id: Number(shopper.input.value),
      kind: kind.input.value,
      amount: amount.input.value.trim().replace(",", "."),
      note: note.input.value.trim(),
    };
    if (visit.input.value) body.visit_id = Number(visit.input.value);
    if (currency.input.value) body.currency = currency.input.value;
    try {
      await api.post("/ledger", body);
      line.textContent = t("ledger.added");
      amount.input.value = "";
      note.input.value = "";
      refresh();
    } catch (error) {
      showErrors(form, error);
    }
  });
  return form;
}

export default async function ledgerView({ query, navigate }) {
  const [waves, shoppers] = await Promise.all([loadAll("/waves"), loadAll("/users?role=shopper")]);
  const filters = { wave_id: query.get("wave_id") || "", shopper_id: query.get("shopper_id") || "", status: query.get("status") || "" };
  const wave = field(t("ledger.wave"), "wave_id", { value: filters.wave_id }, { tag: "select", options: [["", t("ledger.all")], ...waves.map((w) => [w.id, w.name])] });
  const shopper = field(t("ledger.shopper"), "shopper_id", { value: filters.shopper_id }, { tag: "select", options: [["", t("ledger.all")], ...shoppers.map((s) => [s.id, s.name])] });
  const status = field(t("ledger.statusFilter"), "status", { value: filters.status }, { tag: "select", options: [["", t("ledger.all")], ...STATUSES.map((s) => [s, t(`ledger.status.${s}`)])] });
  for (const picker of [wave, shopper, status]) {
    picker.input.addEventListener("change", () => {
      const params = new URLSearchParams();
      for (const p of [wave, shopper, status]) if (p.input.value) params.set(p.input.name, p.input.value);
      navigate(`/ledger${params.size ? `?${params}` : ""}`);
    });
  }
  const box = h("div", { "aria-live": "polite" });
  const refresh = async () => {
    const params = new URLSearchParams(Object.entries(filters).filter(([, v]) => v));
    const entries = await loadAll(`/ledger${params.size ? `?${params}` : ""}`);
    mount(
      box,
      totalsOf(entries),
      table(
        [
          { label: t("ledger.date"), cell: (e) => formatDateTime(e.created_at) },
          { label: t("ledger.shopper"), cell: (e) => e.shopper_name || String(e.shopper_id) },
          { label: t("ledger.visit"), cell: (e) => (e.visit_id ? h("a", { href: `/review/${e.visit_id}` }, e.store_name || `#${e.visit_id}`) : "–") },
          { label: t("ledger.wave"), cell: (e) => e.wave_name || "–" },
          { label: t("ledger.kind"), cell: (e) => t(`ledger.kind.${e.kind}`) },
          { label: t("ledger.amount"), cls: "num", cell: (e) => formatMoney(e.amount, e.currency) },
          { label: t("ledger.statusFilter"), cell: (e) => h("span", { class: `status status-${e.status}` }, t(`ledger.status.${e.status}`)) },
          { label: t("ledger.note"), cell: (e) => [e.note || "", e.detail ? h("span", { class: "muted" }, ` ${e.detail}`) : null] },
          { label: t("ledger.payout"), cell: (e) => (e.payout_id ? h("a", { href: `/payouts/${e.payout_id}` }, `#${e.payout_id}`) : "–") },
        ],
        entries,
        { caption: t("ledger.title"), empty: t("ledger.empty"), rowAttrs: (e) => ({ dataset: { entryId: e.id } }) },
      ),
    );
  };
  await refresh();
  return page(
    t("ledger.title"),
    h("div", { class: "row-group toolbar-line" }, wave.node, shopper.node, status.node, h("a", { class: "button", href: "/payouts" }, t("nav.payouts"))),
    box,
    entryForm(shoppers, refresh),
  );
}

// Coordinator: a new wave: client, published checklist, stores, dates, fee, visits per store, daily window.

import { api } from "../js/api.js";
import { h, mount } from "../js/dom.js";
import { t } from "../js/i18n.js";
import { clearErrors, field, formAlert, loadAll, page, showErrors, values } from "./ui.js";

const isoDay = (date) => date.toISOString().slice(0, 10);

export default async function waveNewView({ query, navigate }) {
  const clients = await loadAll("/clients");
  const dependent = h("div", { class: "stack" });
  const client = field(t("waves.client"), "client_id", { value: query.get("client_id") ?? clients[0]?.id }, { tag: "select", options: clients.map((c) => [c.id, c.name]) });
  const today = new Date();
  const name = field(t("waves.name"), "name", { required: true, autocomplete: "off" });
  const starts = field(t("waves.startsOn"), "starts_on", { type: "date", value: isoDay(today), required: true });
  const ends = field(t("waves.endsOn"), "ends_on", { type: "date", value: isoDay(new Date(today.getTime() + 14 * 864e5)), required: true });
  const fee = field(t("waves.fee"), "fee", { type: "number", min: 0, step: "0.01", value: "300" });
  const expenseCap = field(t("waves.expenseCap"), "expense_cap", { type: "number", min: 0, step: "0.01", value: "0" }, { hint: t("waves.expenseCapHint") });
  const perStore = field(t("waves.visitsPerStore"), "visits_per_store", { type: "number", min: 1, step: 1, value: "1" });
  const from = field(t("waves.windowStart"), "window_start_time", { type: "time", value: "10:00" });
  const to = field(t("waves.windowEnd"), "window_end_time", { type: "time", value: "18:00" });
  const scenario = field(t("waves.scenario"), "scenario", { rows: 3 }, { tag: "textarea" });
  const create = h("button", { type: "submit", class: "primary" }, t("waves.create"));

  async function drawDependent() {
    const id = client.input.value;
    const [checklists, stores] = await Promise.all([loadAll(`/checklists?client_id=${id}&status=published`), loadAll(`/stores?client_id=${id}`)]);
    // Newest published version first, so the form picks it (DESIGN §16).
    const published = checklists.filter((c) => c.status === "published").sort((a, b) => b.version - a.version || b.id - a.id);
    const checklist = field(t("waves.checklist"), "checklist_id", {}, { tag: "select", options: published.map((c) => [c.id, `${c.name} (v${c.version})`]) });
    const boxes = stores.map((s) => h("label", { class: "option-line" }, h("input", { type: "checkbox", class: "store-box", value: s.id, checked: true }), " ", `${s.name} (${s.code}${s.region ? `, ${s.region}` : ""})`));
    const toggle = h("button", { type: "button", class: "small" }, t("waves.toggleStores"));
    toggle.addEventListener("click", () => {
      const all = boxes.every((b) => b.querySelector("input").checked);
      for (const b of boxes) b.querySelector("input").checked = !all;
    });
    mount(
      dependent,
      published.length ? checklist.node : h("p", { class: "notice" }, t("waves.noChecklist")),
      h(
        "fieldset",
        { class: "sub stores-pick", dataset: { path: "store_ids" } },
        h("legend", null, t("waves.stores")),
        h("p", { class: "field-error", dataset: { errorFor: "store_ids" }, hidden: true }),
        stores.length ? [toggle, h("div", { class: "store-list" }, boxes)] : h("p", { class: "muted" }, t("stores.none")),
      ),
    );
  }
  client.input.addEventListener("change", drawDependent);
  await drawDependent();

  const form = h(
    "form",
    { class: "stack form-grid", novalidate: true },
    formAlert(),
    client.node,
    name.node,
    dependent,
    h("div", { class: "row-group" }, starts.node, ends.node),
    h("div", { class: "row-group" }, fee.node, expenseCap.node, perStore.node),
    h("div", { class: "row-group" }, from.node, to.node),
    scenario.node,
    h("div", { class: "button-row" }, create),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form);
    const body = values(form);
    body.client_id = Number(body.client_id);
    if (body.checklist_id) body.checklist_id = Number(body.checklist_id);
    body.store_ids = [...form.querySelectorAll(".store-box:checked")].map((b) => Number(b.value));
    if (expenseCap.input.value !== "") body.expense_cap = expenseCap.input.value; // money as a string
    create.disabled = true;
    try {
      const { data } = await api.post("/waves", body);
      navigate(`/waves/${data.id}`);
    } catch (error) {
      showErrors(form, error);
    } finally {
      create.disabled = false;
    }
  });
  return page(t("waves.new"), h("p", null, h("a", { href: "/waves" }, t("waves.back"))), form);
}

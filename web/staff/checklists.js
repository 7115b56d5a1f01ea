// Coordinator: checklists per client, and a new draft.

import { api } from "../js/api.js";
import { h } from "../js/dom.js";
import { formatDateTime, t } from "../js/i18n.js";
import { clearErrors, field, formAlert, loadAll, page, showErrors, statusBadge, table } from "./ui.js";

/** The definition a new draft starts from: one section with one question. */
export function starterDefinition() {
  return {
    sections: [
      {
        key: "s1",
        title: { en: t("builder.starterSection") },
        weight: 1,
        questions: [{ key: "q1", text: { en: t("builder.starterQuestion") }, type: "yes_no", weight: 1 }],
      },
    ],
  };
}

export default async function checklistsView({ query, navigate }) {
  const clients = await loadAll("/clients");
  const clientId = query.get("client_id");
  const lists = await loadAll(`/checklists${clientId ? `?client_id=${clientId}` : ""}`);
  const names = new Map(clients.map((c) => [c.id, c.name]));

  const client = field(t("waves.client"), "client_id", { value: clientId ?? clients[0]?.id }, { tag: "select", options: clients.map((c) => [c.id, c.name]) });
  const name = field(t("checklists.name"), "name", { required: true, autocomplete: "off" });
  const create = h("button", { type: "submit", class: "primary" }, t("checklists.create"));
  const form = h("form", { class: "form-grid", novalidate: true }, formAlert(), client.node, name.node, h("div", { class: "button-row" }, create));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form);
    try {
      const body = { client_id: Number(client.input.value), name: name.input.value.trim(), definition: starterDefinition() };
      const { data } = await api.post("/checklists", body);
      navigate(`/checklists/${data.id}`);
    } catch (error) {
      showErrors(form, error);
    }
  });

  return page(
    t("checklists.title"),
    h("details", { class: "panel" }, h("summary", null, t("checklists.new")), form),
    table(
      [
        { label: t("checklists.name"), cell: (c) => h("a", { href: `/checklists/${c.id}` }, c.name) },
        { label: t("waves.client"), cell: (c) => names.get(c.client_id) || c.client_id },
        { label: t("checklists.version"), cell: (c) => String(c.version) },
        { label: t("checklists.status"), cell: (c) => statusBadge(c.status) },
        { label: t("checklists.published"), cell: (c) => (c.published_at ? formatDateTime(c.published_at) : "–") },
      ],
      lists,
      { caption: t("checklists.title") },
    ),
  );
}

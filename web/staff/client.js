// Coordinator: one client (create or edit) and its stores: list, add, CSV import.

import { api } from "../js/api.js";
import { h, mount } from "../js/dom.js";
import { t, tn } from "../js/i18n.js";
import { clearErrors, confirmAction, field, formAlert, listTable, load, page, showErrors, statusLine, table, values } from "./ui.js";

const LOCALES = [["da", "Dansk"], ["sv", "Svenska"], ["en", "English"]];

function clientForm(client, navigate) {
  const name = field(t("clients.name"), "name", { value: client?.name ?? "", required: true, autocomplete: "off" });
  const locale = field(t("clients.locale"), "locale", { value: client?.locale ?? "da" }, { tag: "select", options: LOCALES });
  const colour = field(t("clients.brandColour"), "brand_colour", { type: "text", value: client?.brand_colour ?? "#102A54", placeholder: "#102A54", pattern: "#[0-9A-Fa-f]{6}" }, { hint: t("clients.colourHint") });
  const rotation = field(t("clients.rotation"), "rotation_days", { type: "number", min: 0, step: 1, value: client?.rotation_days ?? 90 }, { hint: t("clients.rotationHint") });
  const status = statusLine();
  const save = h("button", { type: "submit", class: "primary" }, client ? t("action.save") : t("clients.create"));
  const form = h("form", { class: "stack form-grid", novalidate: true }, formAlert(), name.node, locale.node, colour.node, rotation.node, h("div", { class: "button-row" }, save), status);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form);
    save.disabled = true;
    try {
      const body = values(form);
      if (client) {
        await api.patch(`/clients/${client.id}`, body);
        status.textContent = t("staff.saved");
      } else {
        const { data } = await api.post("/clients", body);
        navigate(`/clients/${data.id}`);
      }
    } catch (error) {
      showErrors(form, error);
    } finally {
      save.disabled = false;
    }
  });
  return form;
}

function storeForm(client, refresh) {
  const fields = [
    field(t("stores.code"), "code", { required: true }),
    field(t("stores.name"), "name", { required: true }),
    field(t("stores.address"), "address"),
    field(t("stores.city"), "city"),
    field(t("stores.region"), "region"),
    field(t("stores.latitude"), "latitude", { type: "number", step: "any", required: true }),
    field(t("stores.longitude"), "longitude", { type: "number", step: "any", required: true }),
  ];
  const add = h("button", { type: "submit", class: "primary" }, t("stores.add"));
  const form = h("form", { class: "form-grid", novalidate: true }, formAlert(), fields.map((f) => f.node), h("div", { class: "button-row" }, add));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form);
    try {
      await api.post("/stores", { ...values(form), client_id: client.id });
      refresh();
    } catch (error) {
      showErrors(form, error);
    }
  });
  return h("details", { class: "panel" }, h("summary", null, t("stores.add")), form);
}

// Reloads only the stores table, so the import's result stays on screen after a success.
function importForm(client, list) {
  const file = field(t("stores.csvFile"), "file", { type: "file", accept: ".csv,text/csv", required: true }, { hint: t("stores.csvHint") });
  const result = h("div", { class: "import-result", role: "status", tabindex: "-1" });
  const go = h("button", { type: "submit", class: "primary" }, t("stores.import"));
  const form = h("form", { class: "stack", novalidate: true }, file.node, h("div", { class: "button-row" }, go), result);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const chosen = file.input.files[0];
    if (!chosen) {
      mount(result, h("p", { class: "error" }, t("stores.chooseFile")));
      return;
    }
    const data = new FormData();
    data.append("file", chosen);
    go.disabled = true;
    try {
      const { data: created } = await api.upload(`/stores/import?client_id=${client.id}`, data);
      mount(result, h("p", { class: "notice success" }, tn("stores.imported", created.created ?? 0), " ", tn("stores.updated", created.updated ?? 0)));
      list.reload();
      result.focus();
    } catch (error) {
      const rows = error.errors?.rows || {};
      mount(
        result,
        h("div", { class: "notice error-notice" },
          h("p", { class: "label" }, error.message),
          Object.keys(rows).length
            ? table(
                [
                  { label: t("stores.csvLine"), cell: ([line]) => line },
                  {
                    label: t("stores.csvProblems"),
                    cell: ([, problems]) => h("ul", { class: "plain" }, Object.entries(problems).map(([col, msgs]) => h("li", null, h("strong", null, col), ": ", [].concat(msgs).join(" ")))),
                  },
                ],
                Object.entries(rows),
                { caption: t("stores.csvErrors") },
              )
            : null,
        ),
      );
      result.focus();
    } finally {
      go.disabled = false;
    }
  });
  return form;
}

function storeActions(store, list) {
  const toggle = h("button", { type: "button", class: "small" }, store.active === false ? t("stores.activate") : t("stores.deactivate"));
  toggle.addEventListener("click", async () => {
    await api.patch(`/stores/${store.id}`, { active: store.active === false });
    list.reload();
  });
  const remove = h("button", { type: "button", class: "small danger", "aria-label": `${t("stores.delete")} ${store.name}` }, t("stores.delete"));
  const problem = h("span", { role: "alert", class: "field-error" });
  remove.addEventListener("click", async () => {
    if (!(await confirmAction(t("stores.confirmDelete", { store: store.name }), t("stores.delete")))) return;
    try {
      await api.delete(`/stores/${store.id}`);
      list.reload();
    } catch (error) {
      problem.textContent = error.message;
    }
  });
  return h("div", { class: "cell-actions" }, toggle, remove, problem);
}

async function storesSection(client, refresh) {
  const list = listTable(
    `/stores?client_id=${client.id}`,
    [
      { label: t("stores.code"), cell: (s) => s.code, sort: "code" },
      { label: t("stores.name"), cell: (s) => s.name, sort: "name" },
      { label: t("stores.city"), cell: (s) => s.city || "–", sort: "city" },
      { label: t("stores.region"), cell: (s) => s.region || "–", sort: "region" },
      { label: t("stores.position"), cell: (s) => `${s.latitude}, ${s.longitude}` },
      { label: t("stores.active"), cell: (s) => (s.active === false ? t("stores.inactive") : t("stores.active")), sort: "active" },
      { label: t("board.actions"), cell: (s) => storeActions(s, list) },
    ],
    { caption: t("stores.title"), empty: t("stores.none") },
  );
  return h(
    "section",
    { class: "block" },
    h("h2", null, t("stores.title")),
    list,
    storeForm(client, refresh),
    h("details", { class: "panel" }, h("summary", null, t("stores.importTitle")), importForm(client, list)),
  );
}

export default async function clientView({ params, navigate, refresh }) {
  if (params.id === "new") return page(t("clients.new"), clientForm(null, navigate));
  const client = await load(`/clients/${params.id}`);
  return page(
    client.name,
    h("p", null, h("a", { href: "/clients" }, t("clients.back"))),
    h("section", { class: "block" }, h("h2", null, t("clients.settings")), clientForm(client, navigate)),
    await storesSection(client, refresh),
    h("p", null, h("a", { href: `/checklists?client_id=${client.id}` }, t("clients.checklists")), " · ", h("a", { href: `/waves?client_id=${client.id}` }, t("clients.waves"))),
  );
}

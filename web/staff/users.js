// Admin (and coordinator, for shoppers and client users): users: list, create, deactivate or
// activate, reset a password.

import { api } from "../js/api.js";
import { h, mount } from "../js/dom.js";
import { t } from "../js/i18n.js";
import { clearErrors, confirmAction, field, formAlert, listTable, loadAll, page, showErrors, statusLine, values } from "./ui.js";

const LOCALES = [["da", "Dansk"], ["sv", "Svenska"], ["en", "English"]];

function createForm(user, clients, refresh) {
  const roles = user.role === "admin" ? ["shopper", "client", "coordinator", "admin"] : ["shopper", "client"];
  const role = field(t("users.role"), "role", { value: "shopper" }, { tag: "select", options: roles.map((r) => [r, t(`role.${r}`)]) });
  const email = field(t("login.email"), "email", { type: "email", required: true, autocomplete: "off" });
  const name = field(t("users.name"), "name", { required: true, autocomplete: "off" });
  const password = field(t("login.password"), "password", { type: "password", required: true, autocomplete: "new-password", minlength: 10 });
  const locale = field(t("users.locale"), "locale", { value: "da" }, { tag: "select", options: LOCALES });
  const client = field(t("waves.client"), "client_id", {}, { tag: "select", options: clients.map((c) => [c.id, c.name]) });
  const regions = field(t("users.regions"), "regions", {}, { hint: t("users.regionsHint") });
  const lat = field(t("users.homeLatitude"), "home_latitude", { type: "number", step: "any" });
  const lon = field(t("users.homeLongitude"), "home_longitude", { type: "number", step: "any" });
  const clientPart = h("div", { class: "row-group" }, client.node, regions.node);
  const shopperPart = h("div", { class: "row-group" }, lat.node, lon.node);
  const status = statusLine();
  const create = h("button", { type: "submit", class: "primary" }, t("users.create"));
  const form = h(
    "form",
    { class: "stack form-grid", novalidate: true },
    formAlert(),
    h("div", { class: "row-group" }, role.node, locale.node),
    h("div", { class: "row-group" }, email.node, name.node),
    password.node,
    clientPart,
    shopperPart,
    h("div", { class: "button-row" }, create),
    status,
  );
  const sync = () => {
    clientPart.hidden = role.input.value !== "client";
    shopperPart.hidden = role.input.value !== "shopper";
    client.input.disabled = clientPart.hidden;
    regions.input.disabled = clientPart.hidden;
    lat.input.disabled = lon.input.disabled = shopperPart.hidden;
  };
  role.input.addEventListener("change", sync);
  sync();
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form);
    const body = values(form);
    for (const el of form.querySelectorAll("[name]:disabled")) delete body[el.name];
    if (body.client_id) body.client_id = Number(body.client_id);
    if (body.regions !== undefined) body.regions = body.regions.split(",").map((r) => r.trim()).filter(Boolean);
    try {
      await api.post("/users", body);
      status.textContent = t("users.created", { email: body.email });
      refresh();
    } catch (error) {
      showErrors(form, error);
    }
  });
  return form;
}

function passwordForm(target, done) {
  const password = field(t("users.newPassword", { name: target.name }), "password", { type: "password", autocomplete: "new-password", required: true });
  const save = h("button", { type: "submit", class: "primary small" }, t("users.setPassword"));
  const form = h("form", { class: "stack inline-form", novalidate: true }, formAlert(), password.node, save);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form);
    try {
      await api.patch(`/users/${target.id}`, { password: password.input.value });
      done(t("users.passwordSet", { name: target.name }));
    } catch (error) {
      showErrors(form, error);
    }
  });
  return form;
}

function editForm(target, refresh) {
  const name = field(t("users.name"), "name", { value: target.name, required: true });
  const email = field(t("login.email"), "email", { type: "email", value: target.email, required: true });
  const save = h("button", { type: "submit", class: "primary small" }, t("users.save"));
  const form = h("form", { class: "stack", novalidate: true }, formAlert(), name.node, email.node, save);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form);
    try {
      await api.patch(`/users/${target.id}`, { name: name.input.value.trim(), email: email.input.value.trim() });
      refresh();
    } catch (error) {
      showErrors(form, error);
    }
  });
  return form;
}

export default async function usersView({ user, query, refresh, navigate }) {
  const roleFilter = query.get("role") || "";
  const clients = await loadAll("/clients");
  const names = new Map(clients.map((c) => [c.id, c.name]));
  const status = statusLine("notice-line");
  const roles = ["shopper", "client", "coordinator", "admin"];
  const filter = field(t("users.filterRole"), "role-filter", { value: roleFilter }, { tag: "select", options: [["", t("board.all")], ...roles.map((r) => [r, t(`role.${r}`)])] });
  filter.input.addEventListener("change", () => navigate(`/users${filter.input.value ? `?role=${filter.input.value}` : ""}`));

  async function setActive(target, active) {
    try {
      await api.patch(`/users/${target.id}`, { active });
      refresh();
    } catch (error) {
      status.textContent = error.message;
    }
  }

  return page(
    t("users.title"),
    h("details", { class: "panel" }, h("summary", null, t("users.new")), createForm(user, clients, refresh)),
    status,
    h("div", { class: "row-group toolbar-line" }, filter.node),
    listTable(
      `/users${roleFilter ? `?role=${roleFilter}` : ""}`,
      [
        { label: t("users.name"), cell: (u) => u.name, sort: "name" },
        { label: t("login.email"), cell: (u) => u.email, sort: "email" },
        { label: t("users.role"), cell: (u) => [t(`role.${u.role}`), u.client_id ? ` · ${names.get(u.client_id) || u.client_id}` : "", u.regions?.length ? ` (${u.regions.join(", ")})` : ""] },
        { label: t("users.state"), cell: (u) => h("span", { class: `status ${u.active ? "status-approved" : "status-cancelled"}` }, u.active ? t("users.active") : t("users.inactive")) },
        {
          label: t("board.actions"),
          cell: (u) => {
            const box = h("div", { class: "cell-actions" });
            if (u.id === user.id) return box;
            const toggle = h("button", { type: "button", class: `small${u.active ? " danger" : ""}`, "aria-label": `${u.active ? t("users.deactivate") : t("users.activate")} ${u.email}`, onclick: () => setActive(u, !u.active) }, u.active ? t("users.deactivate") : t("users.activate"));
            const reset = h("button", { type: "button", class: "small", "aria-label": `${t("users.resetPassword")} ${u.email}` }, t("users.resetPassword"));
            reset.addEventListener("click", () => {
              const slot = h("div");
              box.append(slot);
              reset.disabled = true;
              mount(slot, passwordForm(u, (message) => {
                status.textContent = message;
                slot.remove();
                reset.disabled = false;
              }));
              slot.querySelector("input")?.focus();
            });
            const change = h("button", { type: "button", class: "small", "aria-label": `${t("users.edit")} ${u.email}` }, t("users.edit"));
            change.addEventListener("click", () => {
              change.disabled = true;
              box.append(editForm(u, refresh));
            });
            box.append(toggle, reset, change);
            if (user.role === "admin") {
              box.append(h("a", { class: "button small", href: `/api/v1/users/${u.id}/export`, download: `user-${u.id}.json` }, t("users.exportData")));
              const forget = h("button", { type: "button", class: "small danger", "aria-label": `${t("users.anonymise")} ${u.email}` }, t("users.anonymise"));
              forget.addEventListener("click", async () => {
                if (!(await confirmAction(t("users.confirmAnonymise", { email: u.email }), t("users.anonymise")))) return;
                try {
                  await api.post(`/users/${u.id}/anonymise`, {});
                  refresh();
                } catch (error) {
                  status.textContent = error.message;
                }
              });
              box.append(forget);
            }
            return box;
          },
        },
      ],
      { caption: t("users.title"), rowAttrs: (u) => ({ dataset: { email: u.email } }) },
    ),
  );
}

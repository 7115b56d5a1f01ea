// The reset screen the e-mailed link opens: choose a new password with its single-use token.

import { NetworkError, api } from "../api.js";
import { h } from "../dom.js";
import { t } from "../i18n.js";

export default async function resetView({ query }) {
  const token = query.get("token") || "";
  const password = h("input", { id: "reset-password", name: "password", type: "password", autocomplete: "new-password", required: true, minlength: 8 });
  const again = h("input", { id: "reset-again", name: "again", type: "password", autocomplete: "new-password", required: true, minlength: 8 });
  const status = h("p", { role: "status" });
  const button = h("button", { type: "submit", class: "primary" }, t("reset.submit"));
  const done = h("p", { hidden: true }, h("a", { href: "/login" }, t("reset.signIn")));
  async function submit(event) {
    event.preventDefault();
    status.className = "error";
    if (password.value !== again.value) {
      status.textContent = t("reset.mismatch");
      return;
    }
    button.disabled = true;
    try {
      await api.post("/auth/password-reset/confirm", { token, password: password.value });
      status.textContent = t("reset.done");
      status.className = "notice success";
      done.hidden = false;
    } catch (error) {
      const fields = error.errors?.json || {};
      const first = (fields.token || fields.password || [])[0];
      status.textContent = error instanceof NetworkError ? t("login.offline") : first || error.message;
      button.disabled = false;
    }
  }
  return h(
    "section",
    { class: "page login" },
    h("h1", { tabindex: "-1" }, t("reset.title")),
    token ? null : h("p", { class: "error" }, t("reset.noToken")),
    h(
      "form",
      { class: "stack", onsubmit: submit },
      h("div", { class: "field" }, h("label", { for: "reset-password" }, t("reset.password")), password),
      h("div", { class: "field" }, h("label", { for: "reset-again" }, t("reset.again")), again),
      button,
      status,
    ),
    done,
  );
}

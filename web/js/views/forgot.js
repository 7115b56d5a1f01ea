// "Forgot password?": ask for a reset link by e-mail (the answer never says whether the account exists).

import { NetworkError, api } from "../api.js";
import { h } from "../dom.js";
import { t } from "../i18n.js";

export default async function forgotView() {
  const email = h("input", { id: "forgot-email", name: "email", type: "email", autocomplete: "username", required: true, inputmode: "email" });
  const status = h("p", { role: "status" });
  const button = h("button", { type: "submit", class: "primary" }, t("forgot.submit"));
  async function submit(event) {
    event.preventDefault();
    button.disabled = true;
    status.className = "";
    try {
      await api.post("/auth/password-reset", { email: email.value.trim() });
      status.textContent = t("forgot.sent");
      status.className = "notice success";
    } catch (error) {
      status.textContent = error instanceof NetworkError ? t("login.offline") : error.message;
      status.className = "error";
      button.disabled = false;
    }
  }
  return h(
    "section",
    { class: "page login" },
    h("h1", { tabindex: "-1" }, t("forgot.title")),
    h("p", { class: "muted" }, t("forgot.intro")),
    h("form", { class: "stack", onsubmit: submit }, h("div", { class: "field" }, h("label", { for: "forgot-email" }, t("login.email")), email), button, status),
    h("p", null, h("a", { href: "/login" }, t("forgot.back"))),
  );
}

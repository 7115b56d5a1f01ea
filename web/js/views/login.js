// Sign in: "Email", "Password", "Sign in".

import { NetworkError } from "../api.js";
import { get, getAll } from "../db.js";
import { h } from "../dom.js";
import { preferredLocale, setLocale, t, tn } from "../i18n.js";
import { countUnsent } from "../sync.js";
import { signIn } from "../session.js";
import { askPersist } from "../storage.js";
import { refreshVisits } from "../visits.js";

function safeNext(next) {
  return next && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/login") ? next : null;
}

export default async function loginView({ query, navigate }) {
  const session = await get("session", "current");
  const waiting = session?.lastUserId ? await pendingCountFor(session.lastUserId) : 0;
  const status = h("p", { class: "error", role: "alert", hidden: true });
  const button = h("button", { type: "submit", class: "primary" }, t("login.submit"));
  const email = h("input", { id: "login-email", name: "email", type: "email", autocomplete: "username", required: true, inputmode: "email" });
  const password = h("input", { id: "login-password", name: "password", type: "password", autocomplete: "current-password", required: true });
  const remember = h("input", { id: "login-remember", name: "remember", type: "checkbox" });

  async function submit(event) {
    event.preventDefault();
    status.hidden = true;
    button.disabled = true;
    try {
      const user = await signIn(email.value.trim(), password.value, remember.checked);
      await setLocale(preferredLocale(user.locale));
      if (user.role === "shopper") await refreshVisits().catch(() => null);
      askPersist();
      navigate(safeNext(query.get("next")) || "/", { replace: true });
    } catch (error) {
      status.textContent = error instanceof NetworkError ? t("login.offline") : error.message;
      status.hidden = false;
      button.disabled = false;
      password.select();
    }
  }

  return h(
    "section",
    { class: "page login" },
    h("h1", { tabindex: "-1" }, t("login.title")),
    h("p", { class: "muted" }, t("login.intro")),
    session?.expired ? h("p", { class: "notice", role: "status" }, t("login.expired")) : null,
    waiting ? h("p", { class: "notice" }, tn("login.waiting", waiting)) : null,
    h(
      "form",
      { class: "stack", onsubmit: submit },
      h("div", { class: "field" }, h("label", { for: "login-email" }, t("login.email")), email),
      h("div", { class: "field" }, h("label", { for: "login-password" }, t("login.password")), password),
      h("div", { class: "field checkbox" }, remember, " ", h("label", { for: "login-remember" }, t("login.remember"))),
      status,
      button,
    ),
    h("p", null, h("a", { href: "/forgot-password" }, t("login.forgot"))),
  );
}

async function pendingCountFor(userId) {
  // Before sign-in there is no current user: count what the last one left queued.
  return countUnsent(await getAll("outbox"), userId);
}

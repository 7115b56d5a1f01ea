// "Profile": name, language, phone, home location and (for shoppers) the bank account the
// payouts go to; and a password change. Shown offline from the last sync; saving needs a network.

import { NetworkError, api } from "../api.js";
import { h, mount } from "../dom.js";
import { LANGUAGES, chooseLocale, formatDateTime, t } from "../i18n.js";
import { cached, changePassword, refreshProfile, saveProfile } from "../pay.js";

function field(name, label, value, attrs = {}) {
  return h(
    "div",
    { class: "field" },
    h("label", { for: `profile-${name}` }, label),
    h("input", { id: `profile-${name}`, name, value: value ?? "", "aria-describedby": `profile-${name}-error`, ...attrs }),
    h("p", { class: "field-error error", id: `profile-${name}-error`, hidden: true }),
  );
}

function showErrors(form, errors) {
  for (const box of form.querySelectorAll(".field-error")) {
    box.hidden = true;
    box.textContent = "";
  }
  for (const [name, messages] of Object.entries(errors || {})) {
    const box = form.querySelector(`#profile-${name}-error`);
    if (!box) continue;
    box.textContent = [].concat(messages).join(" ");
    box.hidden = false;
  }
}

const fieldErrors = (error) => error?.errors?.json || {};

function profileForm(profile, user) {
  const shopper = user.role === "shopper";
  const message = h("p", { role: "status", class: "form-message" });
  const locale = h(
    "select",
    { id: "profile-locale", name: "locale" },
    Object.entries(LANGUAGES).map(([code, name]) => h("option", { value: code, selected: code === profile.locale }, name)),
  );
  const form = h(
    "form",
    { class: "card profile-form", novalidate: true, "aria-label": t("profile.details") },
    h("h2", null, t("profile.details")),
    h("p", { class: "muted" }, profile.email),
    field("name", t("profile.name"), profile.name, { autocomplete: "name", required: true }),
    h("div", { class: "field" }, h("label", { for: "profile-locale" }, t("profile.language")), locale),
    field("phone", t("profile.phone"), profile.phone, { type: "tel", autocomplete: "tel" }),
    shopper
      ? [
          field("iban", t("profile.iban"), profile.iban, { autocomplete: "off", spellcheck: "false" }),
          field("bic", t("profile.bic"), profile.bic, { autocomplete: "off", spellcheck: "false" }),
          field("home_latitude", t("profile.homeLatitude"), profile.home_latitude, { inputmode: "decimal" }),
          field("home_longitude", t("profile.homeLongitude"), profile.home_longitude, { inputmode: "decimal" }),
        ]
      : null,
    h("button", { type: "submit", class: "primary" }, t("profile.save")),
    message,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!navigator.onLine) {
      message.textContent = t("profile.needsNetwork");
      return;
    }
    const value = (name) => form.elements[name]?.value.trim();
    const number = (name) => (value(name) === "" ? null : Number(value(name).replace(",", ".")));
    const changes = { name: value("name"), locale: locale.value, phone: value("phone") || null };
    if (shopper) {
      Object.assign(changes, {
        iban: value("iban") || null,
        bic: value("bic") || null,
        home_latitude: number("home_latitude"),
        home_longitude: number("home_longitude"),
      });
    }
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    message.textContent = t("profile.saving");
    try {
      const saved = await saveProfile(changes);
      showErrors(form, {});
      message.textContent = t("profile.saved");
      for (const name of ["iban", "bic"]) if (form.elements[name]) form.elements[name].value = saved.data[name] ?? "";
      if (saved.data.locale !== profile.locale) await chooseLocale(saved.data.locale);
    } catch (error) {
      showErrors(form, fieldErrors(error));
      message.textContent = error instanceof NetworkError ? t("profile.needsNetwork") : error.message;
    } finally {
      button.disabled = false;
    }
  });
  return form;
}

function passwordForm() {
  const message = h("p", { role: "status", class: "form-message" });
  const form = h(
    "form",
    { class: "card password-form", novalidate: true, "aria-label": t("profile.password") },
    h("h2", null, t("profile.password")),
    field("current_password", t("profile.currentPassword"), "", { type: "password", autocomplete: "current-password" }),
    field("new_password", t("profile.newPassword"), "", { type: "password", autocomplete: "new-password", minlength: 8 }),
    h("button", { type: "submit" }, t("profile.changePassword")),
    message,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!navigator.onLine) {
      message.textContent = t("profile.needsNetwork");
      return;
    }
    try {
      await changePassword(form.elements.current_password.value, form.elements.new_password.value);
      showErrors(form, {});
      form.reset();
      message.textContent = t("profile.passwordChanged");
    } catch (error) {
      showErrors(form, fieldErrors(error));
      message.textContent = error instanceof NetworkError ? t("profile.needsNetwork") : error.message;
    }
  });
  return form;
}

/** The quizzes a shopper may take (online only), each with whether it is passed. */
async function certifications() {
  if (!navigator.onLine) return null;
  try {
    const { data } = await api.get("/certifications");
    if (!data.length) return null;
    return h(
      "section",
      { class: "card certifications", "aria-labelledby": "certifications-title" },
      h("h2", { id: "certifications-title" }, t("quiz.title")),
      h("ul", { class: "plain" }, data.map((c) => h("li", null, h("a", { href: `/certifications/${c.id}` }, c.name), " · ", t(c.passed ? "quiz.statusPassed" : "quiz.statusOpen")))),
    );
  } catch {
    return null;
  }
}

export default async function profileView({ user, current }) {
  const status = h("p", { class: "muted sync-status", role: "status" });
  const body = h("div", { class: "profile" });
  let copy = await cached("profile");
  const quizzes = user.role === "shopper" ? await certifications() : null;
  const draw = () => mount(body, profileForm(copy.data, user), quizzes, passwordForm());
  if (copy) draw();
  if (navigator.onLine) {
    try {
      copy = await refreshProfile();
      status.textContent = "";
      if (current()) draw();
    } catch (error) {
      status.textContent = error.message;
    }
  } else {
    status.textContent = copy ? t("profile.offlineCopy", { time: formatDateTime(copy.at) }) : t("profile.offlineNone");
  }
  return h("section", { class: "page" }, h("h1", { tabindex: "-1" }, t("nav.profile")), status, body);
}

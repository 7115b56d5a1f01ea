// Notification settings: e-mail on or off for each kind (the in-app list always has them).

import { NetworkError, api } from "../api.js";
import { h } from "../dom.js";
import { t } from "../i18n.js";

export default async function notificationSettingsView() {
  const status = h("p", { class: "muted", role: "status" });
  let settings = [];
  try {
    ({ data: settings } = await api.get("/me/notification-settings"));
  } catch (error) {
    status.textContent = error instanceof NetworkError ? t("notifications.offline") : error.message;
  }
  const boxes = settings.map((setting) => {
    const id = `email-${setting.kind}`;
    const box = h("input", { type: "checkbox", id, name: setting.kind, checked: setting.email, disabled: !setting.optional });
    return { setting, box, row: h("div", { class: "field checkbox" }, box, " ", h("label", { for: id }, setting.label)) };
  });
  const save = h("button", { type: "submit", class: "primary" }, t("notificationSettings.save"));
  async function submit(event) {
    event.preventDefault();
    save.disabled = true;
    status.textContent = "";
    const kinds = Object.fromEntries(boxes.filter((b) => b.setting.optional).map((b) => [b.setting.kind, b.box.checked]));
    try {
      await api.put("/me/notification-settings", { json: { kinds } });
      status.textContent = t("notificationSettings.saved");
    } catch (error) {
      status.textContent = error instanceof NetworkError ? t("notifications.offline") : error.message;
    }
    save.disabled = false;
  }
  return h(
    "section",
    { class: "page notification-settings" },
    h("h1", { tabindex: "-1" }, t("notificationSettings.title")),
    h("p", null, t("notificationSettings.intro")),
    h(
      "form",
      { class: "stack", onsubmit: submit },
      h("fieldset", null, h("legend", null, t("notificationSettings.email")), boxes.map((b) => b.row)),
      save,
      status,
    ),
    h("p", null, h("a", { href: "/notifications" }, t("notifications.title"))),
  );
}

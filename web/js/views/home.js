// The start page of roles whose face of the app is still to come (coordinator, client).

import { h } from "../dom.js";
import { t } from "../i18n.js";

export default async function homeView({ user }) {
  return h(
    "section",
    { class: "page" },
    h("h1", { tabindex: "-1" }, t("home.title", { name: user.name })),
    h("p", null, t(`home.${user.role}`)),
    h("p", null, h("a", { href: "/api/v1/openapi.json" }, t("home.api"))),
  );
}

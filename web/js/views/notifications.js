// Notifications: what happened to my visits, reports and account, newest first; mark read.

import { NetworkError, api } from "../api.js";
import { h, mount } from "../dom.js";
import { emit } from "../events.js";
import { formatDateTime, t } from "../i18n.js";

async function markRead(ids) {
  const { data } = await api.post("/me/notifications/read", ids ? { ids } : {});
  emit("notifications", { unread: data.unread });
  return data;
}

function item(notification, navigate) {
  const open = async (event) => {
    if (!notification.link) return;
    event.preventDefault();
    if (!notification.read) await markRead([notification.id]).catch(() => null);
    navigate(notification.link);
  };
  return h(
    "li",
    { class: `card notification${notification.read ? "" : " unread"}`, dataset: { id: notification.id, kind: notification.kind } },
    h("h2", null, notification.link ? h("a", { href: notification.link, onclick: open }, notification.title) : notification.title),
    h("p", null, notification.text),
    h(
      "p",
      { class: "muted" },
      h("time", { datetime: notification.created_at }, formatDateTime(notification.created_at)),
      " · ",
      notification.read ? t("notifications.read") : t("notifications.unread"),
    ),
  );
}

export default async function notificationsView({ navigate, refresh }) {
  const list = h("div", { class: "notification-list" });
  const status = h("p", { class: "muted", role: "status" });
  let rows = [];
  try {
    ({ data: rows } = await api.get("/me/notifications?page_size=100"));
  } catch (error) {
    status.textContent = error instanceof NetworkError ? t("notifications.offline") : error.message;
  }
  const unread = rows.filter((n) => !n.read).length;
  emit("notifications", { unread });
  const markAll = h("button", { type: "button", disabled: !unread }, t("notifications.markAll"));
  markAll.addEventListener("click", async () => {
    markAll.disabled = true;
    try {
      await markRead(null);
      refresh();
    } catch (error) {
      status.textContent = error.message;
      markAll.disabled = false;
    }
  });
  mount(
    list,
    rows.length
      ? h("ul", { class: "cards", "aria-label": t("notifications.title") }, rows.map((n) => item(n, navigate)))
      : h("p", { class: "empty" }, t("notifications.empty")),
  );
  return h(
    "section",
    { class: "page notifications" },
    h("h1", { tabindex: "-1" }, t("notifications.title")),
    h("div", { class: "button-row" }, markAll, h("a", { href: "/notifications/settings" }, t("notifications.settings"))),
    status,
    list,
  );
}

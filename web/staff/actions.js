// Corrective actions of a store or wave (client users and coordinators): status changes with
// a note, an evidence photo, overdue marking, and every change kept (DESIGN §15).

import { api } from "../js/api.js";
import { h, mount } from "../js/dom.js";
import { t } from "../js/i18n.js";
import { actionForm } from "./fix-first.js";
import { clearErrors, field, formAlert, load, loadAll, page, showErrors, statusLine } from "./ui.js";

const STATUSES = ["open", "in_progress", "done"];

const statusTag = (a) => h("span", { class: `status status-action-${a.status}` }, t(`actions.status.${a.status}`));
const overdueTag = (a) => (a.overdue ? h("span", { class: "tag warn overdue" }, t("actions.overdue")) : null);

/** Upload a photo file as evidence of an action; return its UUID. */
async function uploadEvidence(actionId, file) {
  const uuid = crypto.randomUUID();
  await api.put(`/actions/${actionId}/evidence/${uuid}`, { body: file, headers: { "Content-Type": file.type || "application/octet-stream" } });
  return uuid;
}

/** The change form of one action: status, note, evidence photo. */
function changeForm(action, refresh) {
  const status = field(t("actions.statusField"), "status", { value: action.status }, { tag: "select", options: STATUSES.map((s) => [s, t(`actions.status.${s}`)]) });
  const note = field(t("actions.note"), "note", { maxlength: 5000, rows: 2 }, { tag: "textarea" });
  const photo = field(t("actions.evidence"), "evidence", { type: "file", accept: "image/jpeg,image/png,image/webp" });
  const line = statusLine();
  const save = h("button", { type: "submit" }, t("actions.saveChange"));
  const form = h("form", { class: "stack action-change", novalidate: true, "aria-label": t("actions.changeOf", { title: action.title }) }, formAlert(), status.node, note.node, photo.node, h("div", { class: "button-row" }, save), line);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form);
    save.disabled = true;
    try {
      const body = { status: status.input.value };
      if (note.input.value.trim()) body.note = note.input.value.trim();
      const file = photo.input.files[0];
      if (file) body.evidence = await uploadEvidence(action.id, file);
      await api.patch(`/actions/${action.id}`, body);
      line.textContent = t("staff.saved");
      refresh();
    } catch (error) {
      showErrors(form, error);
    } finally {
      save.disabled = false;
    }
  });
  return form;
}

async function historyOf(action, box) {
  const events = await loadAll(`/actions/${action.id}/events`);
  mount(
    box,
    h(
      "ol",
      { class: "plain action-history" },
      events.map((e) =>
        h("li", null, new Date(e.created_at).toLocaleString(), " · ", e.actor_name || "–", " · ", t(`actions.kind.${e.kind}`), e.to_status ? ` → ${t(`actions.status.${e.to_status}`)}` : "", e.note ? ` · ${e.note}` : ""),
      ),
    ),
  );
}

/** One action as a card: title, store, due date, status, overdue, evidence, change form. */
function actionCard(action, refresh) {
  const history = h("div", { class: "action-events" });
  const show = h("button", { type: "button", class: "link-button" }, t("actions.history"));
  show.addEventListener("click", () => historyOf(action, history));
  return h(
    "li",
    { class: `action-card${action.overdue ? " is-overdue" : ""}`, dataset: { id: action.id } },
    h("h3", null, action.title),
    h("p", { class: "meta" }, action.store?.name || "", action.wave_name ? ` · ${action.wave_name}` : "", " · ", t("actions.due", { date: action.due_on }), action.assignee ? ` · ${action.assignee}` : ""),
    h("p", null, statusTag(action), " ", overdueTag(action)),
    action.note ? h("p", { class: "answer-comment" }, action.note) : null,
    action.evidence_url ? h("a", { href: action.evidence_url, target: "_blank", rel: "noopener" }, h("img", { src: `${action.evidence_url}?size=thumb`, alt: t("actions.evidenceOf", { title: action.title }), width: 120, height: 120 })) : null,
    changeForm(action, refresh),
    show,
    history,
  );
}

/** The actions of a store (and wave), with their change forms; refreshes itself. */
export function actionsSection({ storeId = null, waveId = null, heading = t("actions.title") } = {}) {
  const box = h("div", { class: "actions-list", "aria-live": "polite" });
  const query = new URLSearchParams();
  if (storeId) query.set("store_id", storeId);
  if (waveId) query.set("wave_id", waveId);
  const refresh = async () => {
    const actions = await loadAll(`/actions?${query}`);
    mount(box, actions.length ? h("ul", { class: "plain action-cards" }, actions.map((a) => actionCard(a, refresh))) : h("p", { class: "empty muted" }, t("actions.none")));
  };
  refresh();
  const section = h("section", { class: "block actions-block" }, h("h2", null, heading), box);
  section.refreshActions = refresh;
  return section;
}

/** /actions?store=&wave=: every action the caller may see, or one store's, with a free "Create action". */
export default async function actionsView({ query }) {
  const storeId = Number(query.get("store")) || null;
  const waveId = Number(query.get("wave")) || null;
  const stores = storeId ? [await load(`/stores/${storeId}`)] : await loadAll("/stores");
  const section = actionsSection({ storeId, waveId });
  const create = h("details", { class: "panel" }, h("summary", null, t("actions.createAction")), actionForm({ storeId, stores, waveId, onCreated: () => section.refreshActions() }));
  return page(storeId ? t("actions.titleOf", { store: stores[0].name }) : t("actions.title"), create, section);
}


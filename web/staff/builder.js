// Coordinator: the checklist builder. Sections and questions of every type on the left, a live
// preview on the right rendered by the shopper's own checklist renderer. Every control is named
// by its path in the definition (sections.0.questions.2.type), so the server's 422 lands there.

import { api } from "../js/api.js";
import { h, mount } from "../js/dom.js";
import { t } from "../js/i18n.js";
import { renderChecklist } from "../js/views/checklist.js";
import { actionButton, openQuestions, sectionEditor } from "./builder-editor.js";
import { SCORED, cleanDefinition, nextKey, parseValues, setPath, toState } from "./builder-model.js";
import { clearErrors, formAlert, load, page, showErrors, statusBadge, statusLine } from "./ui.js";

export { cleanDefinition };


export default async function builderView({ params, navigate, refresh }) {
  openQuestions.clear();
  const checklist = await load(`/checklists/${params.id}`);
  const client = await load(`/clients/${checklist.client_id}`);
  const state = toState(checklist.definition);
  const published = checklist.status === "published";
  const editor = h("div", { class: "editor" });
  const preview = h("div", { class: "preview-body" });
  const status = statusLine();
  const alert = formAlert();
  let previewView = null;
  let previewTimer = null;

  const allKeys = () => new Set(state.sections.flatMap((s) => s.questions.map((q) => q.key)));

  function drawPreview() {
    previewView?.destroy();
    let definition;
    try {
      definition = cleanDefinition(state);
    } catch {
      return;
    }
    previewView = renderChecklist({ visit: { id: `preview-${checklist.id}`, checklist: { definition } }, draft: { answers: {} }, photos: new Map(), onSubmit() {} });
    mount(preview, previewView.node);
  }

  function drawEditor() {
    const earlier = [];
    mount(
      editor,
      h(
        "fieldset",
        { class: "plain-fieldset", disabled: published },
        h("legend", { class: "visually-hidden" }, t("builder.definition")),
        state.sections.map((section, si) => sectionEditor(section, si, earlier)),
        h("div", { class: "button-row compact" }, actionButton(t("builder.addSection"), "add-section")),
      ),
    );
    clearTimeout(previewTimer);
    drawPreview();
  }

  // Unsaved edits: warn before a link or a reload takes the coordinator away (DESIGN §16).
  let dirty = false;
  const leaving = (event) => {
    if (!root.isConnected) return stopGuard();
    const anchor = event.target.closest?.("a[href]");
    if (!dirty || !anchor || anchor.hasAttribute("download") || anchor.target) return;
    if (!window.confirm(t("builder.unsaved"))) {
      event.preventDefault();
      event.stopImmediatePropagation();
    } else dirty = false;
  };
  const unloading = (event) => {
    if (!root.isConnected) return stopGuard();
    if (dirty) event.preventDefault();
  };
  function stopGuard() {
    document.removeEventListener("click", leaving, true);
    window.removeEventListener("beforeunload", unloading);
  }
  document.addEventListener("click", leaving, true);
  window.addEventListener("beforeunload", unloading);

  editor.addEventListener("input", (event) => {
    const el = event.target;
    if (!el.name) return;
    dirty = true;
    const kind = el.dataset.kind;
    let value;
    if (kind === "bool") value = el.checked;
    else if (kind === "number") value = el.value === "" ? undefined : Number(el.value);
    else if (kind === "json") value = JSON.parse(el.value);
    else if (kind === "list") value = parseValues(el.value);
    else value = el.value;
    if (kind === "type") {
      setPath(state, el.name, value);
      const q = state.sections[Number(el.name.split(".")[1])].questions[Number(el.name.split(".")[3])];
      q.required = SCORED.has(value) || value === "photo";
      if (value === "choice" && !q.options?.length) q.options = [{ value: "yes", label: { en: t("answer.yes") }, score: 1 }, { value: "no", label: { en: t("answer.no") }, score: 0 }];
      if (value === "wait_time" && !q.bands?.length) q.bands = [{ max_seconds: 120, score: 1 }, { max_seconds: 300, score: 0.5 }];
      if (value === "scale") Object.assign(q, { min: q.min ?? 1, max: q.max ?? 5 });
      drawEditor();
      return;
    }
    setPath(state, el.name, value);
    if (el.name.endsWith(".show_if.question") && !value) setPath(state, el.name.replace(/\.question$/, ""), undefined);
    clearTimeout(previewTimer);
    previewTimer = setTimeout(drawPreview, 250);
  });

  editor.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-action]");
    if (!button) return;
    dirty = true;
    const { action, si, qi, path, index, by } = button.dataset;
    const section = si !== undefined ? state.sections[Number(si)] : null;
    const target = path ? path.split(".").reduce((node, part) => node[part], state) : null;
    if (action === "add-section") {
      const keys = new Set(state.sections.map((s) => s.key));
      state.sections.push({ key: nextKey("s", keys), title: { en: t("builder.starterSection") }, weight: 1, questions: [{ key: nextKey("q", allKeys()), text: { en: t("builder.starterQuestion") }, type: "yes_no", weight: 1, required: true, na_allowed: false, critical: false, help: {} }] });
    } else if (action === "remove-section") state.sections.splice(Number(si), 1);
    else if (action === "add-question") {
      openQuestions.add(`sections.${si}.questions.${section.questions.length}`);
      section.questions.push({ key: nextKey("q", allKeys()), text: { en: "" }, help: {}, type: "yes_no", weight: 1, required: true, na_allowed: false, critical: false });
    } else if (action === "remove-question") section.questions.splice(Number(qi), 1);
    else if (action === "move-question") {
      const from = Number(qi);
      const to = from + Number(by);
      if (to < 0 || to >= section.questions.length) return;
      [section.questions[from], section.questions[to]] = [section.questions[to], section.questions[from]];
    } else if (action === "add-option") (target.options ||= []).push({ value: "", label: {}, score: 0 });
    else if (action === "remove-option") target.options.splice(Number(index), 1);
    else if (action === "add-band") (target.bands ||= []).push({ max_seconds: 600, score: 0 });
    else if (action === "remove-band") target.bands.splice(Number(index), 1);
    drawEditor();
  });

  async function save() {
    clearErrors(root);
    status.textContent = t("builder.saving");
    try {
      await api.put(`/checklists/${checklist.id}/definition`, { json: cleanDefinition(state) });
      status.textContent = t("builder.saved");
      dirty = false;
      return true;
    } catch (error) {
      status.textContent = "";
      showErrors(root, error);
      for (const box of root.querySelectorAll(".field-error:not([hidden])")) {
        const details = box.closest("details");
        if (details) details.open = true;
      }
      const first = root.querySelector("[aria-invalid], .field-error:not([hidden])");
      first?.scrollIntoView({ block: "center" });
      first?.focus?.();
      return false;
    }
  }

  async function publish() {
    if (!(await save())) return;
    try {
      await api.post(`/checklists/${checklist.id}/publish`);
      refresh();
    } catch (error) {
      showErrors(root, error);
    }
  }

  async function revise() {
    try {
      const { data } = await api.post(`/checklists/${checklist.id}/revise`);
      navigate(`/checklists/${data.id}`);
    } catch (error) {
      showErrors(root, error);
    }
  }

  const actions = published
    ? [h("button", { type: "button", class: "primary", onclick: revise }, t("builder.revise"))]
    : [h("button", { type: "button", onclick: save }, t("builder.saveDraft")), h("button", { type: "button", class: "primary", onclick: publish }, t("builder.publish"))];

  const root = h(
    "div",
    { class: "builder" },
    h("p", { class: "meta" }, client.name, " · ", t("checklists.versionN", { n: checklist.version }), " ", statusBadge(checklist.status)),
    published ? h("p", { class: "notice" }, t("builder.publishedNote")) : null,
    alert,
    h("div", { class: "toolbar button-row" }, actions),
    status,
    h(
      "div",
      { class: "builder-columns" },
      h("section", { class: "builder-edit", "aria-label": t("builder.definition") }, h("h2", null, t("builder.definition")), editor),
      h("section", { class: "builder-preview", "aria-label": t("builder.preview") }, h("h2", null, t("builder.preview")), h("p", { class: "muted" }, t("builder.previewNote")), preview),
    ),
  );
  drawEditor();
  return page(checklist.name, h("p", null, h("a", { href: "/checklists" }, t("checklists.back"))), root);
}

// The checklist form: one <fieldset> per question (its <legend> is the question text), every
// section with its heading, a progress bar, show_if applied live, autosave on every change.

import { patchAnswer, setTimer } from "../drafts.js";
import { h, mount } from "../dom.js";
import { formatNumber, localize, t, tn } from "../i18n.js";
import { dropPhoto, preparePhoto, storePhoto } from "../photos.js";
import { progress, questions, validate, visibleKeys } from "../rules.js";
import { lowSpaceWarning, saveProblem } from "../storage.js";
import { TYPES, questionNode, setNa } from "./questions.js";

/**
 * Render a visit's checklist. options: {visit, draft, photos (Map uuid → media), readOnly,
 * serverErrors, onSubmit(answers)}. Returns {node, destroy}.
 */
export function renderChecklist({ visit, draft, photos, readOnly = false, serverErrors = null, onSubmit }) {
  performance.mark("mystery:checklist-start");
  const definition = visit.checklist?.definition || { sections: [] };
  const byKey = new Map(questions(definition).map(([, q]) => [q.key, q]));
  const answers = structuredClone(draft.answers || {});
  const remote = new Set(draft.remoteMedia || []);
  const timers = { ...(draft.timers || {}) };
  const ticking = new Map();
  const urls = [];
  let showErrors = Boolean(serverErrors);

  const sections = (definition.sections || []).map((section, index) =>
    h(
      "section",
      { class: "cl-section", id: `s-${section.key}`, dataset: { index } },
      h("h2", null, h("span", { class: "section-number" }, `${index + 1}/${definition.sections.length}`), " ", localize(section.title)),
      (section.questions || []).map((q) => questionNode(q, answers[q.key], readOnly)),
    ),
  );
  const bar = h("progress", { max: 1, value: 0 });
  const count = h("span", { class: "progress-text" });
  const saveState = h("span", { class: "save-state muted" });
  let saving = 0;
  const prev = h("button", { type: "button", class: "section-prev" }, t("checklist.previous"));
  const next = h("button", { type: "button", class: "section-next" }, t("checklist.next"));
  const summary = h("div", { class: "error-summary", role: "alert", tabindex: "-1", hidden: true });
  const submit = h("button", { type: "submit", class: "primary submit" }, t("checklist.submit"));
  const form = h(
    "form",
    { class: "checklist", novalidate: true, "aria-label": t("checklist.title") },
    h("div", { class: "progress", role: "group", "aria-label": t("checklist.progress") }, h("div", { class: "progress-line" }, count, saveState), bar),
    sections,
    readOnly ? null : [summary, submit],
    h("div", { class: "section-nav" }, prev, h("span", { class: "section-where" }), next),
  );
  const fieldsets = new Map([...form.querySelectorAll("fieldset.q")].map((fs) => [fs.dataset.key, fs]));

  function refresh() {
    const visible = visibleKeys(definition, answers);
    for (const [key, fieldset] of fieldsets) fieldset.hidden = !visible.has(key);
    for (const section of sections) section.hidden = ![...section.querySelectorAll("fieldset.q")].some((fs) => !fs.hidden);
    const { answered, total } = progress(definition, answers, visible);
    bar.max = Math.max(total, 1);
    bar.value = answered;
    count.textContent = t("checklist.answered", { answered: formatNumber(answered), total: formatNumber(total) });
    if (showErrors) displayErrors(validate(definition, answers), false);
  }

  function displayErrors(problems, withSummary) {
    for (const [key, fieldset] of fieldsets) {
      const messages = problems[key] || [];
      const box = fieldset.querySelector(".q-error");
      box.textContent = messages.join(" ");
      box.hidden = !messages.length;
      fieldset.classList.toggle("invalid", messages.length > 0);
      for (const control of fieldset.querySelectorAll(".answer")) control.toggleAttribute("aria-invalid", messages.length > 0);
    }
    const keys = Object.keys(problems).filter((key) => fieldsets.has(key));
    if (!withSummary && !keys.length) summary.hidden = true;
    if (!withSummary) return;
    mount(
      summary,
      h("h2", null, tn("checklist.problems", keys.length)),
      h("ul", null, keys.map((key) =>
        h("li", null, h("a", { href: `#q-${key}`, onclick: (event) => { event.preventDefault(); focusQuestion(key); } },
          localize(byKey.get(key).text), ": ", problems[key].join(" "))),
      )),
    );
    summary.hidden = keys.length === 0;
  }

  function focusQuestion(key) {
    const fieldset = fieldsets.get(key);
    fieldset.scrollIntoView({ block: "center" });
    (fieldset.querySelector("input:not([disabled]), textarea, select") || fieldset).focus({ preventScroll: true });
  }

  function drawThumbs(key) {
    const list = fieldsets.get(key)?.querySelector(".thumbs");
    if (!list) return;
    const media = answers[key]?.media || [];
    mount(
      list,
      media.map((uuid, index) => {
        const record = photos.get(uuid);
        let image = h("span", { class: "thumb-missing" }, t("answer.photoNumber", { n: index + 1 }));
        if (!record && remote.has(uuid)) {
          // Sent before the visit was returned (maybe from another device): it is on the server.
          image = h("img", { src: `/api/v1/media/${uuid}?size=thumb`, alt: t("answer.photoNumber", { n: index + 1 }), width: 96, height: 96, class: "thumb-remote" });
        } else if (record?.thumb) {
          const url = URL.createObjectURL(record.thumb);
          urls.push(url);
          image = h("img", { src: url, alt: t("answer.photoNumber", { n: index + 1 }), width: 96, height: 96 });
        }
        return h(
          "li",
          null,
          image,
          readOnly ? null : h("button", { type: "button", class: "photo-remove", dataset: { uuid } }, t("answer.removePhoto")),
        );
      }),
    );
  }

  async function save(key, patch) {
    Object.assign((answers[key] ||= {}), patch);
    for (const [field, value] of Object.entries(answers[key])) if (value === undefined) delete answers[key][field];
    refresh();
    saving += 1;
    saveState.textContent = t("checklist.saving");
    try {
      await patchAnswer(visit.id, key, patch);
    } finally {
      saving -= 1;
      if (!saving) saveState.textContent = t("checklist.saved");
    }
  }

  async function addPhotos(key, input) {
    const status = fieldsets.get(key).querySelector(".photo-status");
    const files = [...input.files];
    input.value = "";
    const warning = await lowSpaceWarning();
    for (const file of files) {
      status.textContent = t("answer.photoWorking");
      let prepared;
      try {
        performance.mark("mystery:photo-start");
        prepared = await preparePhoto(file);
      } catch (error) {
        console.error(error);
        status.textContent = t("answer.photoFailed");
        continue;
      }
      try {
        const uuid = await storePhoto(visit.id, key, prepared);
        performance.measure("mystery:photo", "mystery:photo-start");
        photos.set(uuid, { uuid, ...prepared });
        await save(key, { media: [...(answers[key]?.media || []), uuid] });
        drawThumbs(key);
        status.textContent = warning ? `${t("answer.photoAdded")} ${warning}` : t("answer.photoAdded");
      } catch (error) {
        // Out of space: this photo is not kept, and everything stored before stays as it was.
        console.error(error);
        status.textContent = saveProblem(error);
        break;
      }
    }
  }

  function tick(key) {
    const output = fieldsets.get(key).querySelector(".timer");
    const seconds = Math.max(0, Math.floor((Date.now() - timers[key]) / 1000));
    output.textContent = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
  }

  function drawTimer(key) {
    const fieldset = fieldsets.get(key);
    const running = timers[key] !== undefined;
    fieldset.querySelector(".timer-start").disabled = running || readOnly || Boolean(answers[key]?.na);
    fieldset.querySelector(".timer-stop").disabled = !running || readOnly;
    fieldset.classList.toggle("timing", running);
    clearInterval(ticking.get(key));
    if (running) {
      tick(key);
      ticking.set(key, setInterval(() => tick(key), 250));
    } else fieldset.querySelector(".timer").textContent = "";
  }

  async function timerButton(key, button) {
    const fieldset = fieldsets.get(key);
    if (button.classList.contains("timer-start")) {
      timers[key] = Date.now();
      drawTimer(key);
      await setTimer(visit.id, key, timers[key]);
      return;
    }
    const seconds = Math.max(0, Math.round((Date.now() - timers[key]) / 1000));
    delete timers[key];
    fieldset.querySelector("input.answer").value = String(seconds);
    drawTimer(key);
    await save(key, { value: seconds, bad: undefined });
    await setTimer(visit.id, key, null);
  }

  form.addEventListener("input", (event) => {
    const fieldset = event.target.closest("fieldset.q");
    if (!fieldset || event.target.type === "file") return;
    const key = fieldset.dataset.key;
    const q = byKey.get(key);
    if (event.target.classList.contains("na-box")) {
      setNa(fieldset, event.target.checked);
      if (q.type === "wait_time") drawTimer(key);
      save(key, { na: event.target.checked || undefined });
    } else if (event.target.classList.contains("comment")) save(key, { comment: event.target.value || undefined });
    else save(key, TYPES[q.type].read(fieldset, q));
  });
  form.addEventListener("change", (event) => {
    if (event.target.type === "file") addPhotos(event.target.closest("fieldset.q").dataset.key, event.target);
  });
  form.addEventListener("click", (event) => {
    const button = event.target.closest("button");
    const fieldset = button?.closest("fieldset.q");
    if (!fieldset) return;
    const key = fieldset.dataset.key;
    if (button.classList.contains("photo-remove")) {
      const uuid = button.dataset.uuid;
      save(key, { media: (answers[key]?.media || []).filter((m) => m !== uuid) }).then(() => dropPhoto(uuid));
      drawThumbs(key);
    } else if (button.matches(".timer-start, .timer-stop")) timerButton(key, button);
  });
  form.addEventListener("keydown", (event) => {
    // Enter in a field must not submit the whole visit by accident.
    if (event.key === "Enter" && event.target.matches("input:not([type=submit])")) event.preventDefault();
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (submit.disabled) return;
    showErrors = true;
    const problems = validate(definition, answers);
    displayErrors(problems, true);
    if (Object.keys(problems).length) {
      summary.focus();
      return;
    }
    submit.disabled = true;
    try {
      await onSubmit();
    } finally {
      submit.disabled = false;
    }
  });

  // "Previous" / "Next" move between sections; the bar says where you are.
  const where = form.querySelector(".section-where");
  let currentSection = 0;
  const shown = () => sections.filter((s) => !s.hidden);
  const setWhere = () => {
    where.textContent = t("checklist.section", { n: currentSection + 1, total: shown().length });
    prev.disabled = currentSection <= 0;
    next.disabled = currentSection >= shown().length - 1;
  };
  const goTo = (index) => {
    const list = shown();
    currentSection = Math.max(0, Math.min(index, list.length - 1));
    list[currentSection]?.scrollIntoView({ behavior: "smooth", block: "start" });
    setWhere();
  };
  prev.addEventListener("click", () => goTo(currentSection - 1));
  next.addEventListener("click", () => goTo(currentSection + 1));
  // The current section is the last one whose heading has passed the upper third of the screen.
  let pending = false;
  const onScroll = () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      if (!form.isConnected) return;
      const line = window.innerHeight / 3;
      const list = shown();
      let index = 0;
      list.forEach((section, i) => {
        if (section.getBoundingClientRect().top <= line) index = i;
      });
      if (index !== currentSection) {
        currentSection = index;
        setWhere();
      }
    });
  };
  window.addEventListener("scroll", onScroll, { passive: true });

  for (const [key, fieldset] of fieldsets) {
    const q = byKey.get(key);
    if (answers[key]?.na) setNa(fieldset, true);
    if (q.type === "photo") drawThumbs(key);
    if (q.type === "wait_time") drawTimer(key);
  }
  refresh();
  setWhere();
  if (serverErrors) displayErrors(serverErrors, true);
  performance.measure("mystery:render-checklist", "mystery:checklist-start");

  return {
    node: form,
    destroy() {
      window.removeEventListener("scroll", onScroll);
      for (const id of ticking.values()) clearInterval(id);
      for (const url of urls) URL.revokeObjectURL(url);
    },
    answers: () => answers,
  };
}

/** Benchmark hook: milliseconds to build, insert and lay out a checklist of this definition. */
window.__mysteryRenderChecklist = (definition) => {
  const started = performance.now();
  const view = renderChecklist({ visit: { id: -1, checklist: { definition } }, draft: { answers: {} }, photos: new Map(), onSubmit() {} });
  document.getElementById("main").append(view.node);
  void view.node.offsetHeight; // force layout so the figure includes it
  const elapsed = performance.now() - started;
  view.node.remove();
  view.destroy();
  return elapsed;
};

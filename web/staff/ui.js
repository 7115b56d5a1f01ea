// Building blocks of the staff faces: pages, labelled fields, server errors at their field,
// tables that turn into stacked rows on a phone, download links.

import { api } from "../js/api.js";
import { h, mount } from "../js/dom.js";
import { currentLocale, formatNumber, t } from "../js/i18n.js";

let fieldCounter = 0;

/** A page: <section class="page"> with its <h1> and children. */
export function page(title, ...children) {
  return h("section", { class: "page staff-page" }, h("h1", { tabindex: "-1" }, title), ...children);
}

/** GET a JSON list or object (the 404 of an unseen object reaches the router as "not found"). */
export async function load(path) {
  return (await api.get(path)).data;
}

/** Every row of a paginated list. */
export const loadAll = (path) => load(`${path}${path.includes("?") ? "&" : "?"}page_size=1000`);

/**
 * A labelled field: field(t("x"), "name", {type: "number"}) → {node, input}. The input carries
 * name, so a server error keyed by that name is shown under it (showErrors).
 */
export function field(label, name, attrs = {}, { tag = "input", options = null, hint = null } = {}) {
  const id = attrs.id || `f-${name.replace(/\W/g, "-")}-${++fieldCounter}`;
  const error = h("p", { class: "field-error", id: `${id}-error`, hidden: true });
  let input;
  if (tag === "select") {
    input = h(
      "select",
      { id, name, "aria-describedby": `${id}-error`, ...attrs },
      (options || []).map(([value, text]) => h("option", { value, selected: String(attrs.value ?? "") === String(value) }, text)),
    );
  } else input = h(tag, { id, name, "aria-describedby": `${id}-error`, ...attrs });
  const node = h(
    "div",
    { class: `field field-${name.replace(/\W/g, "-")}` },
    h("label", { for: id }, label),
    hint ? h("p", { class: "hint muted" }, hint) : null,
    input,
    error,
  );
  return { node, input };
}

/** A checkbox with its label after it. */
export function checkbox(label, name, checked = false, attrs = {}) {
  const id = `f-${name.replace(/\W/g, "-")}-${++fieldCounter}`;
  const input = h("input", { type: "checkbox", id, name, checked, ...attrs });
  return { node: h("div", { class: "check" }, input, h("label", { for: id }, label)), input };
}

/** Flatten {a: {b: ["x"]}} into {"a.b": ["x"]}; dotted keys of the server stay as they are. */
export function flattenErrors(errors, prefix = "", out = {}) {
  for (const [key, value] of Object.entries(errors || {})) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (Array.isArray(value) && value.every((v) => typeof v === "string")) out[path] = value;
    else if (typeof value === "string") out[path] = [value];
    else if (value && typeof value === "object") flattenErrors(value, path, out);
  }
  return out;
}

/** Clear the error messages of a form. */
export function clearErrors(root) {
  for (const box of root.querySelectorAll(".field-error")) {
    box.hidden = true;
    box.textContent = "";
  }
  for (const input of root.querySelectorAll("[aria-invalid]")) input.removeAttribute("aria-invalid");
  for (const alert of root.querySelectorAll(".form-alert")) alert.hidden = true;
}

/**
 * Show an ApiError in a form: each message at the control whose name it names (json.name,
 * json.definition.sections.0.title, …), the rest in the form's alert. What was typed stays.
 */
export function showErrors(root, error, { strip = ["json", "query", "form", "files"] } = {}) {
  clearErrors(root);
  const flat = flattenErrors(error.errors || {});
  const unplaced = [];
  let first = null;
  for (const [rawPath, messages] of Object.entries(flat)) {
    let path = rawPath;
    for (const prefix of strip) if (path.startsWith(`${prefix}.`)) path = path.slice(prefix.length + 1);
    path = path.replace(/^definition\./, "");
    // The control of that name, else the first one below it (title → title.en), else a box for it.
    const named = [...root.querySelectorAll("[name]")];
    const control = named.find((el) => el.name === path) || named.find((el) => el.name.startsWith(`${path}.`));
    const box = root.querySelector(`[data-error-for="${CSS.escape(path)}"]`) || (control && root.querySelector(`#${CSS.escape(control.id)}-error`));
    if (box) {
      box.textContent = [box.textContent, ...messages].filter(Boolean).join(" ");
      box.hidden = false;
      control?.setAttribute("aria-invalid", "true");
      first ||= control || box;
    } else unplaced.push(`${path}: ${messages.join(" ")}`);
  }
  const alert = root.querySelector(".form-alert");
  if (alert) {
    mount(alert, h("p", null, error.message), unplaced.length ? h("ul", null, unplaced.map((line) => h("li", null, line))) : null);
    alert.hidden = false;
  }
  (first || alert)?.focus?.();
  return first;
}

/** The alert box of a form (server message, errors that name no field). */
export const formAlert = () => h("div", { class: "form-alert notice error-notice", role: "alert", tabindex: "-1", hidden: true });

/** A status line that announces itself. */
export const statusLine = (cls = "") => h("p", { class: `status-line ${cls}`, role: "status" });

/**
 * A table: columns [{label, cell(row) → node|text, cls, plain}], rows. On a phone each row stacks
 * its cells, each preceded by its column's label (data-label: `plain`, the text of a label that
 * is a node such as a sort button).
 */
export function table(columns, rows, { caption = null, empty = t("staff.empty"), rowAttrs = () => ({}) } = {}) {
  if (!rows.length) return h("p", { class: "empty muted" }, empty);
  return h(
    "div",
    { class: "table-wrap" },
    h(
      "table",
      { class: "data" },
      caption ? h("caption", null, caption) : null,
      h("thead", null, h("tr", null, columns.map((c) => h("th", { scope: "col", class: c.cls || null, "aria-sort": c.sorted || null }, c.label)))),
      h(
        "tbody",
        null,
        rows.map((row) =>
          h("tr", rowAttrs(row), columns.map((c) => h("td", { "data-label": c.plain ?? c.label, class: c.cls || null }, c.cell(row)))),
        ),
      ),
    ),
  );
}

/** A score as "87.5", or "–". */
export function score(value, digits = 1) {
  return value === null || value === undefined ? "–" : formatNumber(value, { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** "87.5 (80.1–94.9)" for a mean with its interval. */
export function withInterval(mean, low, high) {
  if (mean === null || mean === undefined) return "–";
  if (low === null || low === undefined) return score(mean);
  return `${score(mean)} (${score(low)}–${score(high)})`;
}

/** A download link to an API file in the user's language. */
export function download(path, text, attrs = {}) {
  const sep = path.includes("?") ? "&" : "?";
  return h("a", { class: "button download", href: `/api/v1${path}${sep}lang=${currentLocale()}`, download: "", ...attrs }, text);
}

/** A status badge. */
export const statusBadge = (status) => h("span", { class: `status status-${status}` }, t(`status.${status}`));

/** Form data as an object, "" left out; numbers where the input is a number. */
export function values(form) {
  const out = {};
  for (const el of form.querySelectorAll("input[name], select[name], textarea[name]")) {
    if (el.type === "checkbox") out[el.name] = el.checked;
    else if (el.value === "") continue;
    else if (el.type === "number") out[el.name] = Number(el.value);
    else out[el.name] = el.value;
  }
  return out;
}

/** A colour sample (CSSOM, which the CSP allows, unlike a style attribute). */
export function swatch(colour) {
  const el = h("span", { class: "swatch", "aria-hidden": "true" });
  if (colour) el.style.backgroundColor = colour;
  return el;
}

/** Ask before an action that cannot be undone; resolves true when the person confirms. */
export function confirmAction(question, confirmLabel) {
  return new Promise((resolve) => {
    const yes = h("button", { type: "button", class: "danger" }, confirmLabel);
    const no = h("button", { type: "button" }, t("action.keep"));
    const dialog = h(
      "dialog",
      { class: "dialog", role: "alertdialog", "aria-label": confirmLabel },
      h("form", { class: "stack", method: "dialog" }, h("p", null, question), h("div", { class: "button-row" }, yes, no)),
    );
    const finish = (answer) => {
      dialog.close();
      dialog.remove();
      resolve(answer);
    };
    yes.addEventListener("click", () => finish(true));
    no.addEventListener("click", () => finish(false));
    dialog.addEventListener("cancel", () => finish(false));
    document.body.append(dialog);
    dialog.showModal();
    no.focus();
  });
}

/**
 * A table that searches, sorts and pages through the API (?q=, ?sort=, ?page=):
 * columns may carry `sort` (the API's sort field); `filters()` adds the page's own query
 * parameters (a board's status, region, shopper). Returns the node: `reload()` redraws the
 * current page, `restart()` goes back to page 1 (after a filter changed).
 */
export function listTable(path, columns, { caption = null, empty, pageSize = 25, rowAttrs, filters = () => ({}), searchHint = null } = {}) {
  const state = { q: "", sort: "", page: 1 };
  const search = field(t("list.search"), "q", { type: "search" }, { hint: searchHint });
  const box = h("div", { class: "list-table" });
  const status = h("p", { class: "muted", role: "status" });
  let drawn = 0;
  async function draw() {
    const mine = ++drawn;
    const params = new URLSearchParams({ page: state.page, page_size: pageSize });
    for (const [key, value] of Object.entries(filters())) if (value !== "" && value !== null && value !== undefined) params.set(key, value);
    if (state.q) params.set("q", state.q);
    if (state.sort) params.set("sort", state.sort);
    const response = await api.get(`${path}${path.includes("?") ? "&" : "?"}${params}`);
    if (mine !== drawn) return; // a later search or click already asked for newer rows
    const meta = JSON.parse(response.headers?.get?.("X-Pagination") || "{}");
    const pages = meta.total_pages || 1;
    if (state.page > pages && state.page > 1) {
      // The last row of the last page went (cancelled, deleted): show the page before it.
      state.page = pages;
      return draw();
    }
    const headed = columns.map((c) => {
      if (!c.sort) return c;
      const current = state.sort === c.sort ? "ascending" : state.sort === `-${c.sort}` ? "descending" : null;
      const button = h("button", { type: "button", class: "link sort", title: t("list.sortBy", { column: c.label }) }, c.label, current === "ascending" ? " ▲" : current === "descending" ? " ▼" : "");
      button.addEventListener("click", () => {
        state.sort = state.sort === c.sort ? `-${c.sort}` : c.sort;
        state.page = 1;
        draw();
      });
      return { ...c, label: button, plain: c.label, sorted: current };
    });
    const prev = h("button", { type: "button", disabled: state.page <= 1 }, t("list.previous"));
    const next = h("button", { type: "button", disabled: state.page >= pages }, t("list.next"));
    prev.addEventListener("click", () => { state.page -= 1; draw(); });
    next.addEventListener("click", () => { state.page += 1; draw(); });
    status.textContent = t("list.page", { page: state.page, pages, total: meta.total ?? response.data.length });
    mount(box, table(headed, response.data, { caption, empty, rowAttrs }), h("div", { class: "button-row pager" }, prev, status, next));
  }
  let timer;
  search.input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      state.q = search.input.value.trim();
      state.page = 1;
      draw();
    }, 250);
  });
  const node = h("div", { class: "stack" }, search.node, box);
  node.reload = draw;
  node.restart = () => {
    state.page = 1;
    return draw();
  };
  node.ready = draw();
  return node;
}

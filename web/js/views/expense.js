// The purchase a visit needed: amount, what was bought and a receipt photo, kept in the draft
// (offline like the answers) and sent inside the submission (DESIGN §13).

import { updateDraft } from "../drafts.js";
import { h, mount } from "../dom.js";
import { t } from "../i18n.js";
import { formatMoney } from "../pay.js";
import { dropPhoto, preparePhoto, storePhoto } from "../photos.js";

const AMOUNT = /^\d{1,9}([.,]\d{1,2})?$/;

/** "45,5" → "45.50"; "" → null; anything else → undefined (not an amount). */
export function normaliseAmount(text) {
  const value = String(text ?? "").trim();
  if (!value) return null;
  if (!AMOUNT.test(value)) return undefined;
  const [whole, part = ""] = value.replace(",", ".").split(".");
  return `${Number(whole)}.${part.padEnd(2, "0")}`;
}

/** The expense to send from a draft, or null; throws an Error with a sentence when invalid. */
export function expenseOf(draft) {
  const expense = draft.expense || {};
  const amount = normaliseAmount(expense.amount);
  if (amount === undefined) throw new Error(t("expense.badAmount"));
  if (amount === null) {
    if (expense.receipt || expense.description) throw new Error(t("expense.needsAmount"));
    return null;
  }
  const body = { amount, description: expense.description || "" };
  if (expense.receipt) body.receipt = expense.receipt;
  return body;
}

export function expenseBlock(visit, draft, photos, readOnly) {
  const expense = { ...(draft.expense || {}) };
  const problem = h("p", { class: "q-error", id: "expense-amount-error", hidden: true });
  const amount = h("input", {
    id: "expense-amount",
    inputmode: "decimal",
    autocomplete: "off",
    value: expense.amount ?? "",
    disabled: readOnly,
    "aria-describedby": "expense-amount-error",
  });
  const description = h("input", { id: "expense-description", value: expense.description ?? "", disabled: readOnly, maxlength: 500 });
  const thumb = h("div", { class: "receipt-thumb" });
  const status = h("p", { class: "photo-status muted", role: "status" });
  const fileInput = h("input", { type: "file", class: "visually-hidden receipt-input", accept: "image/*", capture: "environment", disabled: readOnly });
  const urls = [];

  const save = (patch) =>
    updateDraft(visit.id, (d) => {
      d.expense = { ...(d.expense || {}), ...patch };
      for (const [key, value] of Object.entries(d.expense)) if (value === undefined || value === "") delete d.expense[key];
      if (!Object.keys(d.expense).length) delete d.expense;
    });

  function drawReceipt() {
    const record = expense.receipt ? photos.get(expense.receipt) : null;
    let image = null;
    if (record?.thumb) {
      const url = URL.createObjectURL(record.thumb);
      urls.push(url);
      image = h("img", { src: url, alt: t("expense.receipt"), width: 96, height: 96 });
    } else if (expense.receipt) image = h("span", { class: "thumb-missing" }, t("expense.receipt"));
    const remove = h("button", { type: "button", class: "receipt-remove", disabled: readOnly }, t("expense.removeReceipt"));
    remove.addEventListener("click", async () => {
      const uuid = expense.receipt;
      delete expense.receipt;
      await save({ receipt: undefined });
      await dropPhoto(uuid);
      drawReceipt();
    });
    mount(thumb, image, expense.receipt && !readOnly ? remove : null);
  }

  amount.addEventListener("input", () => {
    expense.amount = amount.value;
    const ok = normaliseAmount(amount.value) !== undefined;
    problem.textContent = ok ? "" : t("expense.badAmount");
    problem.hidden = ok;
    amount.toggleAttribute("aria-invalid", !ok);
    save({ amount: amount.value });
  });
  description.addEventListener("input", () => {
    expense.description = description.value;
    save({ description: description.value });
  });
  fileInput.addEventListener("change", async () => {
    const [file] = fileInput.files;
    fileInput.value = "";
    if (!file) return;
    status.textContent = t("answer.photoWorking");
    try {
      const prepared = await preparePhoto(file);
      const uuid = await storePhoto(visit.id, "receipt", prepared);
      photos.set(uuid, { uuid, ...prepared });
      const previous = expense.receipt;
      expense.receipt = uuid;
      await save({ receipt: uuid });
      if (previous) await dropPhoto(previous);
      drawReceipt();
      status.textContent = t("expense.receiptAdded");
    } catch (error) {
      console.error(error);
      status.textContent = t("answer.photoFailed");
    }
  });
  drawReceipt();

  return {
    node: h(
      "section",
      { class: "card expense", "aria-labelledby": "expense-title" },
      h("h2", { id: "expense-title" }, t("expense.title")),
      h("p", { class: "muted" }, t("expense.help")),
      visit.expense_cap !== undefined && visit.expense_cap !== null
        ? h("p", { class: "expense-cap" }, t("expense.cap", { cap: formatMoney(visit.expense_cap, visit.currency) }))
        : null,
      h("div", { class: "field" }, h("label", { for: "expense-amount" }, t("expense.amount")), amount, problem),
      h("div", { class: "field" }, h("label", { for: "expense-description" }, t("expense.description")), description),
      thumb,
      readOnly ? null : h("label", { class: "button photo-add" }, fileInput, h("span", null, t("expense.addReceipt"))),
      status,
    ),
    destroy: () => urls.forEach((url) => URL.revokeObjectURL(url)),
  };
}

// Coordinator: the visit board of a wave. Search, sort, page, filter by status, region and
// shopper (all through the API, ui.js listTable); assign one visit
// (a rotation refusal offers "Override" with a required reason); auto-assign shows the solver's
// proposal and applies all of it or the checked pairs.

import { api } from "../js/api.js";
import { h, mount } from "../js/dom.js";
import { formatDateTime, formatDay, formatNumber, t, tn } from "../js/i18n.js";
import { clearErrors, confirmAction, download, field, formAlert, listTable, load, loadAll, page, score, showErrors, statusBadge, table } from "./ui.js";

const STATUSES = ["open", "assigned", "accepted", "submitted", "returned", "approved", "cancelled"];

function assignDialog(visit, shoppers, done) {
  const shopper = field(t("board.shopper"), "shopper_id", { value: visit.shopper_id ?? "" }, { tag: "select", options: shoppers.map((s) => [s.id, s.name]) });
  const reason = field(t("board.overrideReason"), "reason", { rows: 2, required: true }, { tag: "textarea" });
  const rotation = h("div", { class: "notice error-notice", role: "alert", hidden: true });
  const overrideBox = h("div", { class: "stack", hidden: true }, rotation, reason.node);
  const assign = h("button", { type: "submit", class: "primary" }, t("board.assign"));
  const override = h("button", { type: "button", class: "primary", hidden: true }, t("board.override"));
  const cancel = h("button", { type: "button" }, t("action.cancel"));
  const form = h(
    "form",
    { class: "stack", method: "dialog", novalidate: true },
    h("h2", null, t("board.assignTitle", { store: visit.store.name })),
    h("p", { class: "muted" }, formatDateTime(visit.window_start), " – ", formatDateTime(visit.window_end)),
    formAlert(),
    shopper.node,
    overrideBox,
    h("div", { class: "button-row" }, assign, override, cancel),
  );
  const dialog = h("dialog", { class: "dialog", "aria-label": t("board.assignTitle", { store: visit.store.name }) }, form);

  async function send(extra) {
    clearErrors(form);
    try {
      await api.post(`/visits/${visit.id}/assign`, { shopper_id: Number(shopper.input.value), ...extra });
      dialog.close();
      dialog.remove();
      done();
    } catch (error) {
      // A missing certification (DESIGN §13) is overridden like the rotation rule.
      const problems = error.errors?.rotation || error.errors?.certification;
      if (error.status === 409 && problems) {
        const title = error.errors?.rotation ? t("board.rotation") : t("board.certification");
        mount(rotation, h("p", { class: "label" }, title), h("ul", null, [].concat(problems).map((r) => h("li", null, r))));
        rotation.hidden = false;
        overrideBox.hidden = false;
        override.hidden = false;
        assign.hidden = true;
        reason.input.focus();
      } else showErrors(form, error);
    }
  }
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    send({});
  });
  shopper.input.addEventListener("change", () => {
    overrideBox.hidden = true;
    override.hidden = true;
    assign.hidden = false;
  });
  override.addEventListener("click", () => {
    if (!reason.input.value.trim()) {
      showErrors(form, { message: t("board.reasonRequired"), errors: { reason: [t("board.reasonRequired")] } });
      return;
    }
    send({ override: true, reason: reason.input.value.trim() });
  });
  cancel.addEventListener("click", () => {
    dialog.close();
    dialog.remove();
  });
  document.body.append(dialog);
  dialog.showModal();
  shopper.input.focus();
}

function proposalView(wave, proposal, done) {
  const rows = proposal.assignments || [];
  const boxes = new Map();
  const result = h("div", { role: "status" });
  const pairTable = table(
    [
      {
        label: t("board.apply"),
        cell: (a) => {
          const box = h("input", { type: "checkbox", checked: true, id: `pair-${a.visit_id}`, "aria-label": t("board.applyPair", { store: a.store_name, shopper: a.shopper_name }) });
          boxes.set(a, box);
          return box;
        },
      },
      { label: t("board.store"), cell: (a) => a.store_name },
      { label: t("board.shopper"), cell: (a) => a.shopper_name },
      { label: t("board.distance"), cell: (a) => `${formatNumber(a.distance_km, { maximumFractionDigits: 1 })} km`, cls: "num" },
    ],
    rows,
    { caption: t("board.proposedPairs"), empty: t("board.noPairs") },
  );
  async function apply(all) {
    const body = { dry_run: false, max_per_shopper: proposal.max_per_shopper };
    if (!all) body.assignments = rows.filter((a) => boxes.get(a)?.checked).map((a) => ({ visit_id: a.visit_id, shopper_id: a.shopper_id }));
    try {
      const { data } = await api.post(`/waves/${wave.id}/auto-assign`, body);
      mount(
        result,
        h("p", { class: "notice success" }, tn("board.applied", data.assignments.length)),
        data.skipped?.length ? h("ul", null, data.skipped.map((s) => h("li", null, `${s.store_name || s.visit_id}: ${s.reason}`))) : null,
      );
      done();
    } catch (error) {
      mount(result, h("p", { class: "notice error-notice" }, error.message));
    }
  }
  return h(
    "section",
    { class: "block proposal", "aria-label": t("board.proposal") },
    h("h2", null, t("board.proposal")),
    h("p", null, t("board.proposalSummary", { covered: proposal.covered ?? rows.length, open: proposal.open ?? rows.length, km: formatNumber(proposal.total_distance_km ?? 0, { maximumFractionDigits: 1 }) })),
    pairTable,
    rows.length
      ? h(
          "div",
          { class: "button-row" },
          h("button", { type: "button", class: "primary", onclick: () => apply(true) }, t("board.applyAll")),
          h("button", { type: "button", onclick: () => apply(false) }, t("board.applyChecked")),
        )
      : null,
    proposal.unassigned?.length
      ? h(
          "div",
          null,
          h("h3", null, t("board.leftOpen")),
          h("ul", { class: "reasons" }, proposal.unassigned.map((u) => h("li", null, h("strong", null, u.store_name), ": ", u.reason))),
        )
      : null,
    result,
  );
}

export default async function waveBoardView({ params }) {
  const wave = await load(`/waves/${params.id}`);
  const [client, shoppers, certifications, stores] = await Promise.all([
    load(`/clients/${wave.client_id}`),
    loadAll("/users?role=shopper"),
    load(`/certifications?client_id=${wave.client_id}`),
    loadAll(`/stores?client_id=${wave.client_id}`),
  ]);
  const activeShoppers = shoppers.filter((s) => s.active !== false);
  const filters = { status: "", region: "", shopper: "" };
  const proposalBox = h("div");

  // The visits: searched, sorted, paged and filtered by the API, like every staff table.
  const list = listTable(
    `/visits?wave_id=${wave.id}`,
    [
      { label: t("board.store"), cell: (v) => h("span", null, v.store.name, h("br"), h("small", { class: "muted" }, v.store.code)), sort: "store" },
      { label: t("board.region"), cell: (v) => v.store.region || "–", sort: "region" },
      { label: t("board.window"), cell: (v) => `${formatDateTime(v.window_start)} – ${formatDateTime(v.window_end)}`, sort: "window_start" },
      { label: t("board.status"), cell: (v) => statusBadge(v.status), sort: "status" },
      { label: t("board.scheduled"), cell: (v) => (v.scheduled_on ? formatDay(v.scheduled_on) : "–") },
      { label: t("board.shopper"), cell: (v) => v.shopper?.name || "–" },
      { label: t("board.score"), cell: (v) => score(v.score?.total), cls: "num", sort: "score" },
      { label: t("board.actions"), cell: (v) => visitActions(v) },
    ],
    {
      caption: t("board.visits"),
      empty: t("board.noVisits"),
      searchHint: t("board.searchHint"),
      rowAttrs: (v) => ({ dataset: { visitId: v.id, status: v.status } }),
      filters: () => ({
        status: filters.status,
        region: filters.region,
        shopper_id: filters.shopper === "none" ? "" : filters.shopper,
        unassigned: filters.shopper === "none" ? "true" : "",
      }),
    },
  );
  const reload = () => list.reload();

  function visitActions(v) {
    return h(
      "div",
      { class: "cell-actions" },
      v.status === "open"
        ? h("button", { type: "button", class: "small", onclick: () => assignDialog(v, activeShoppers, reload), "aria-label": t("board.assignVisit", { store: v.store.name, id: v.id }) }, t("board.assign"))
        : null,
      ["assigned", "accepted"].includes(v.status)
        ? h("button", { type: "button", class: "small", onclick: () => assignDialog(v, activeShoppers, reload), "aria-label": t("board.reassignVisit", { store: v.store.name, id: v.id }) }, t("board.reassign"))
        : null,
      ["assigned", "accepted"].includes(v.status)
        ? h("button", { type: "button", class: "small", onclick: () => act(v, "unassign"), "aria-label": t("board.unassignVisit", { store: v.store.name, id: v.id }) }, t("board.unassign"))
        : null,
      ["open", "assigned", "accepted"].includes(v.status)
        ? h("button", { type: "button", class: "small danger", onclick: () => act(v, "cancel"), "aria-label": t("board.cancelVisit", { store: v.store.name, id: v.id }) }, t("board.cancelVisitShort"))
        : null,
      ["submitted"].includes(v.status) ? h("a", { href: `/review/${v.id}` }, t("review.open")) : null,
      ["approved"].includes(v.status) ? h("a", { href: `/review/${v.id}` }, t("review.view")) : null,
    );
  }

  function filterFields() {
    const regions = [...new Set(stores.map((s) => s.region).filter(Boolean))].sort();
    const status = field(t("board.filterStatus"), "status", { value: filters.status }, { tag: "select", options: [["", t("board.all")], ...STATUSES.map((s) => [s, t(`status.${s}`)])] });
    const region = field(t("board.filterRegion"), "region", { value: filters.region }, { tag: "select", options: [["", t("board.all")], ...regions.map((r) => [r, r])] });
    const shopper = field(t("board.filterShopper"), "shopper", { value: filters.shopper }, { tag: "select", options: [["", t("board.all")], ["none", t("board.unassigned")], ...shoppers.map((s) => [s.id, s.name])] });
    for (const [name, f] of Object.entries({ status, region, shopper })) {
      f.input.addEventListener("change", () => {
        filters[name] = f.input.value;
        list.restart();
      });
    }
    return h("div", { class: "filters row-group" }, status.node, region.node, shopper.node);
  }

  async function act(visit, action) {
    const question = t(action === "cancel" ? "board.confirmCancel" : "board.confirmUnassign", { store: visit.store.name });
    const label = t(action === "cancel" ? "board.cancelVisitShort" : "board.unassign");
    if (!(await confirmAction(question, label))) return;
    try {
      await api.post(`/visits/${visit.id}/${action}`, {});
      await reload();
    } catch (error) {
      mount(proposalBox, h("p", { class: "notice error-notice", role: "alert" }, error.message));
    }
  }

  const cap = field(t("board.cap"), "max_per_shopper", { type: "number", min: 1, step: 1, value: "5" });
  const autoButton = h("button", { type: "button", class: "primary" }, t("board.autoAssign"));
  autoButton.addEventListener("click", async () => {
    autoButton.disabled = true;
    try {
      const body = { dry_run: true, max_per_shopper: Number(cap.input.value) || undefined };
      const { data } = await api.post(`/waves/${wave.id}/auto-assign`, body);
      data.max_per_shopper = body.max_per_shopper;
      mount(proposalBox, proposalView(wave, data, reload));
      proposalBox.querySelector("h2")?.scrollIntoView({ block: "start" });
    } catch (error) {
      mount(proposalBox, h("p", { class: "notice error-notice", role: "alert" }, error.message));
    } finally {
      autoButton.disabled = false;
    }
  });

  await list.ready;
  return page(
    wave.name,
    h("p", null, h("a", { href: "/waves" }, t("waves.back"))),
    h("p", { class: "meta" }, client.name, " · ", `${wave.starts_on} – ${wave.ends_on}`),
    h(
      "div",
      { class: "button-row toolbar" },
      h("a", { class: "button", href: `/dashboard?wave=${wave.id}` }, t("waves.dashboard")),
      download(`/waves/${wave.id}/export.csv`, t("dash.exportCsv")),
      download(`/waves/${wave.id}/export.xlsx`, t("dash.exportXlsx")),
    ),
    waveEditor(wave, certifications),
    h("section", { class: "block" }, h("h2", null, t("board.autoAssign")), h("div", { class: "row-group" }, cap.node, h("div", { class: "field align-end" }, autoButton)), proposalBox),
    h("section", { class: "block" }, h("h2", null, t("board.visits")), filterFields(), list),
  );
}

function waveEditor(wave, certifications = []) {
  // A wave may require a passed quiz of its client (DESIGN §13).
  const options = [["", t("waves.noCertification")], ...certifications.map((c) => [c.id, c.name])];
  const certification = field(t("waves.certification"), "certification_id", { value: wave.certification_id ?? "" }, { tag: "select", options });
  const name = field(t("waves.name"), "name", { value: wave.name, required: true });
  const ends = field(t("waves.endsOn"), "ends_on", { type: "date", value: wave.ends_on, min: wave.starts_on });
  const fee = field(t("waves.fee"), "fee", { type: "number", min: 0, step: "0.01", value: wave.fee });
  const expenseCap = field(t("waves.expenseCap"), "expense_cap", { type: "number", min: 0, step: "0.01", value: wave.expense_cap ?? "0.00" });
  const scenario = field(t("waves.scenario"), "scenario", { rows: 2 }, { tag: "textarea" });
  scenario.input.value = wave.scenario || "";
  const done = h("p", { role: "status" });
  const save = h("button", { type: "submit", class: "primary" }, t("waves.save"));
  const form = h("form", { class: "stack", novalidate: true }, formAlert(), h("div", { class: "row-group" }, name.node, ends.node, fee.node, expenseCap.node), certification.node, scenario.node, h("div", { class: "button-row" }, save), done);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form);
    done.textContent = "";
    try {
      const body = { name: name.input.value.trim(), ends_on: ends.input.value, fee: String(fee.input.value || 0), expense_cap: String(expenseCap.input.value || "0"), scenario: scenario.input.value };
      if (certification.input.value) body.certification_id = Number(certification.input.value);
      else if (wave.certification_id) body.certification_id = null;
      const { data } = await api.patch(`/waves/${wave.id}`, body);
      Object.assign(wave, data);
      done.textContent = t("waves.saved");
    } catch (error) {
      showErrors(form, error);
    }
  });
  return h("details", { class: "block" }, h("summary", null, t("waves.edit")), form);
}

// Client (and coordinator): a wave's dashboard. Total with interval, ranking of stores with
// intervals and low-n warnings, sections, NPS groups, wait times, the trend over waves; the
// wave report PDF, all store reports as one ZIP (a report job with progress), CSV/XLSX export.

import { api } from "../js/api.js";
import { h, mount } from "../js/dom.js";
import { currentLocale, formatNumber, localize, t } from "../js/i18n.js";
import { barChart, lineChart, stackedBar } from "./charts.js";
import { fixFirstSection, itemsFromSummary } from "./fix-first.js";
import { download, field, load, loadAll, page, score, table, withInterval } from "./ui.js";
import { change, intervalNote, lowNWarning, previousDetail, rankRange, signed } from "./verdicts.js";

/** "Download all store reports": start a report job, show its progress, then the ZIP link. */
export function bulkReports(wave) {
  const box = h("div", { class: "bulk", "aria-live": "polite" });
  const start = h("button", { type: "button" }, t("dash.bulk"));
  let timer = null;
  start.addEventListener("click", async () => {
    start.disabled = true;
    clearTimeout(timer);
    const bar = h("progress", { max: 1, value: 0, "aria-label": t("dash.bulkProgress") });
    const text = h("span", { class: "muted" }, t("dash.bulkQueued"));
    mount(box, h("label", { class: "progress-label" }, t("dash.bulkProgress"), bar), text);
    try {
      let { data: job } = await api.post(`/waves/${wave.id}/report-jobs?lang=${currentLocale()}`, { lang: currentLocale() });
      const poll = async () => {
        if (!box.isConnected) return;
        try {
          job = (await api.get(`/report-jobs/${job.id}`)).data;
        } catch (error) {
          mount(box, h("p", { class: "error" }, error.message));
          start.disabled = false;
          return;
        }
        bar.max = Math.max(job.total || 1, 1);
        bar.value = job.done || 0;
        text.textContent = t("dash.bulkDone", { done: formatNumber(job.done || 0), total: formatNumber(job.total || 0) });
        if (job.status === "done") {
          mount(box, h("a", { class: "button primary", href: `/api/v1/report-jobs/${job.id}/download`, download: "" }, t("dash.bulkZip")));
          start.disabled = false;
        } else if (job.status === "failed") {
          mount(box, h("p", { class: "error", role: "alert" }, job.error || t("dash.bulkFailed")));
          start.disabled = false;
        } else timer = setTimeout(poll, 400);
      };
      poll();
    } catch (error) {
      mount(box, h("p", { class: "error", role: "alert" }, error.message));
      start.disabled = false;
    }
  });
  return h("div", { class: "bulk-block" }, start, box);
}

function kpi(label, value, detail) {
  return h("div", { class: "kpi" }, h("p", { class: "kpi-label" }, label), h("p", { class: "kpi-value" }, value), detail ? h("p", { class: "kpi-detail muted" }, detail) : null);
}

async function trend(waves, current) {
  const mine = waves.filter((w) => w.client_id === current.client_id).sort((a, b) => String(a.starts_on).localeCompare(String(b.starts_on)));
  const summaries = await Promise.all(mine.map((w) => (w.id === current.id ? null : load(`/waves/${w.id}/summary`).catch(() => null))));
  return mine.map((w, i) => ({ label: w.name, value: w.id === current.id ? current.mean : summaries[i]?.overall?.mean ?? null }));
}

// Open on the newest wave that has approved visits: a wave that has just started has
// nothing to show yet.
async function newestWithResults(waves) {
  for (const wave of waves) {
    const summary = await load(`/waves/${wave.id}/summary`).catch(() => null);
    if (summary?.counts?.approved) return wave.id;
  }
  return waves[0].id;
}

export default async function dashboardView({ query, navigate }) {
  const waves = await loadAll("/waves");
  if (!waves.length) return page(t("dash.title"), h("p", { class: "empty" }, t("dash.noWaves")));
  const waveId = Number(query.get("wave")) || (await newestWithResults(waves));
  const wave = waves.find((w) => w.id === waveId) || (await load(`/waves/${waveId}`));
  const summary = await load(`/waves/${wave.id}/summary?lang=${currentLocale()}`);
  const overall = summary.overall || {};
  const [points, changes, checklist] = await Promise.all([
    trend(waves, { ...wave, mean: overall.mean }),
    load(`/waves/${wave.id}/changes`).catch(() => null),
    load(`/checklists/${wave.checklist_id}`).catch(() => null),
  ]);
  const judged = new Map((changes?.stores || []).map((s) => [s.store_id, s]));

  const picker = field(t("dash.wave"), "wave", { value: wave.id }, { tag: "select", options: waves.map((w) => [w.id, `${w.name} (${w.starts_on})`]) });
  picker.input.addEventListener("change", () => navigate(`/dashboard?wave=${picker.input.value}`));

  const stores = summary.stores || [];
  const fixFirst = fixFirstSection(checklist ? itemsFromSummary(checklist.definition, summary) : [], {
    stores: stores.map((s) => ({ id: s.store_id, name: s.name })),
    waveId: wave.id,
  });
  const sections = (summary.sections || []).filter((s) => s.mean !== null && s.mean !== undefined);
  const nps = summary.nps || {};
  const wait = summary.wait_time || {};

  return page(
    t("dash.title"),
    h("div", { class: "row-group toolbar-line" }, picker.node),
    h("p", { class: "meta" }, `${wave.name} · ${wave.starts_on} – ${wave.ends_on} · `, t("dash.approvedOf", { n: formatNumber(summary.counts?.approved ?? 0), total: formatNumber(summary.counts?.total ?? 0) })),
    h(
      "div",
      { class: "button-row toolbar" },
      download(`/waves/${wave.id}/report.pdf`, t("dash.wavePdf")),
      download(`/waves/${wave.id}/export.csv`, t("dash.exportCsv")),
      download(`/waves/${wave.id}/export.xlsx`, t("dash.exportXlsx")),
      h("a", { class: "button", href: `/actions?wave=${wave.id}` }, t("actions.title")),
    ),
    bulkReports(wave),
    h(
      "div",
      { class: "kpis" },
      kpi(t("dash.total"), `${score(overall.mean)}`, overall.ci_low !== null && overall.ci_low !== undefined ? t("dash.interval", { low: score(overall.ci_low), high: score(overall.ci_high), n: overall.n }) : t("dash.n", { n: overall.n ?? 0 })),
      kpi(t("dash.vsPrevious"), signed(changes?.previous?.delta ?? summary.previous_wave?.delta), previousDetail(changes?.previous, checklist?.version)),
      kpi(t("dash.nps"), nps.nps === null || nps.nps === undefined ? "–" : signed(nps.nps), t("dash.n", { n: nps.n ?? 0 })),
      kpi(t("dash.critical"), formatNumber(overall.critical_failures ?? 0), t("dash.criticalDetail")),
      kpi("CSAT", summary.csat?.csat === null || summary.csat?.csat === undefined ? "–" : `${score(summary.csat.csat)} %`, t("dash.n", { n: summary.csat?.n ?? 0 })),
      kpi("CES", score(summary.ces?.ces), t("dash.n", { n: summary.ces?.n ?? 0 })),
    ),
    lowNWarning(overall.n),
    fixFirst,
    h(
      "section",
      { class: "block" },
      h("h2", null, t("dash.ranking")),
      intervalNote(),
      stores.length ? barChart(t("dash.ranking"), stores.map((s) => ({ label: s.name, value: s.mean, low: s.ci_low, high: s.ci_high, warn: s.low_n, compare: overall.mean })), { compareLabel: t("dash.average") }) : null,
      table(
        [
          { label: t("dash.rank"), cell: (s) => (judged.has(s.store_id) ? rankRange(judged.get(s.store_id)) : String(s.rank ?? "–")), cls: "num" },
          { label: t("board.store"), cell: (s) => h("a", { href: `/dashboard/stores/${s.store_id}?wave=${wave.id}` }, s.name) },
          { label: t("board.region"), cell: (s) => s.region || "–" },
          { label: t("dash.score"), cell: (s) => withInterval(s.mean, s.ci_low, s.ci_high), cls: "num" },
          { label: t("dash.visits"), cell: (s) => h("span", null, String(s.n), s.low_n ? h("span", { class: "tag warn", title: t("dash.lowNHelp") }, t("dash.lowN")) : null) },
          { label: t("dash.delta"), cell: (s) => change(s.delta_previous, judged.get(s.store_id)?.verdict_previous), cls: "num" },
        ],
        stores,
        { caption: t("dash.ranking"), empty: t("dash.noApproved") },
      ),
    ),
    h(
      "section",
      { class: "block" },
      h("h2", null, t("dash.sections")),
      sections.length ? barChart(t("dash.sections"), sections.map((s) => ({ label: localize(s.title), value: s.mean, low: s.ci_low, high: s.ci_high, compare: overall.mean })), { compareLabel: t("dash.average") }) : h("p", { class: "muted" }, t("dash.noApproved")),
      table(
        [
          { label: t("review.section"), cell: (s) => localize(s.title) },
          { label: t("dash.score"), cell: (s) => withInterval(s.mean, s.ci_low, s.ci_high), cls: "num" },
          { label: t("dash.visits"), cell: (s) => String(s.n), cls: "num" },
        ],
        sections,
        { caption: t("dash.sections"), empty: t("dash.noApproved") },
      ),
    ),
    h(
      "section",
      { class: "block two-col" },
      h(
        "div",
        null,
        h("h2", null, t("dash.npsTitle")),
        h("p", { class: "kpi-value" }, nps.nps === null || nps.nps === undefined ? "–" : signed(nps.nps)),
        stackedBar(t("dash.npsTitle"), [
          { label: t("dash.detractors"), value: nps.detractors ?? 0, cls: "det" },
          { label: t("dash.passives"), value: nps.passives ?? 0, cls: "pas" },
          { label: t("dash.promoters"), value: nps.promoters ?? 0, cls: "pro" },
        ]),
      ),
      h(
        "div",
        null,
        h("h2", null, t("dash.wait")),
        table(
          [
            { label: t("dash.question"), cell: (q) => q.text },
            { label: t("dash.mean"), cell: (q) => t("review.seconds", { n: score(q.mean, 0) }), cls: "num" },
            { label: t("dash.median"), cell: (q) => t("review.seconds", { n: score(q.median, 0) }), cls: "num" },
            { label: t("dash.withinTarget"), cell: (q) => (q.within_target_pct === null ? "–" : `${score(q.within_target_pct)} % (≤ ${q.target_seconds} s)`), cls: "num" },
          ],
          wait.questions || [],
          { caption: t("dash.wait"), empty: t("dash.noApproved") },
        ),
      ),
    ),
    h("section", { class: "block" }, h("h2", null, t("dash.trend")), lineChart(t("dash.trend"), points), table(
      [
        { label: t("dash.wave"), cell: (p) => p.label },
        { label: t("dash.score"), cell: (p) => score(p.value), cls: "num" },
      ],
      points,
      { caption: t("dash.trend") },
    )),
  );
}

// Client (and coordinator): one store in a wave: its score and interval, its sections against
// the client's average, its approved visits, and its PDF report.

import { h } from "../js/dom.js";
import { currentLocale, formatDateTime, localize, t } from "../js/i18n.js";
import { actionsSection } from "./actions.js";
import { barChart } from "./charts.js";
import { fixFirstSection, itemsFromSubmissions } from "./fix-first.js";
import { download, load, loadAll, page, score, table, withInterval } from "./ui.js";
import { change, intervalNote, lowNWarning, previousDetail, rankRange } from "./verdicts.js";

const mean = (values) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : null);

export default async function storePageView({ params, query }) {
  const store = await load(`/stores/${params.id}`);
  const waves = await loadAll(`/waves?client_id=${store.client_id}`);
  const waveId = Number(query.get("wave")) || waves.find((w) => (w.store_ids || []).includes(store.id))?.id || waves[0]?.id;
  if (!waveId) return page(store.name, h("p", { class: "empty" }, t("dash.noWaves")));
  const [wave, summary, visits, changes] = await Promise.all([
    load(`/waves/${waveId}`),
    load(`/waves/${waveId}/summary?lang=${currentLocale()}`),
    loadAll(`/visits?wave_id=${waveId}&store_id=${store.id}&status=approved`),
    load(`/waves/${waveId}/changes`).catch(() => null),
  ]);
  const [checklist, submissions] = await Promise.all([
    load(`/checklists/${wave.checklist_id}`).catch(() => null),
    Promise.all(
      visits
        .filter((v) => v.submission_uuid)
        .map((v) => load(`/submissions/${v.submission_uuid}`).then((s) => ({ ...s, scores: v.question_scores }), () => null)),
    ),
  ]);
  const actions = actionsSection({ storeId: store.id, waveId: wave.id });
  const fixItems = checklist ? itemsFromSubmissions(checklist.definition, submissions.filter(Boolean)) : [];
  const fixFirst = fixFirstSection(fixItems, { storeId: store.id, waveId: wave.id, onCreated: () => actions.refreshActions() });
  const stats = (summary.stores || []).find((s) => s.store_id === store.id) || {};
  const judged = (changes?.stores || []).find((s) => s.store_id === store.id);
  // The store's own previous wave: its change is the store's, not the chain's.
  const previous = changes?.previous ? { ...changes.previous, verdict: judged?.verdict_previous ?? "too_few" } : null;
  const average = new Map((summary.sections || []).map((s) => [s.key, s.mean]));
  const titles = new Map((summary.sections || []).map((s) => [s.key, localize(s.title)]));
  const sectionRows = [...average.keys()]
    .map((key) => {
      const values = visits.map((v) => v.score?.sections?.find((s) => s.key === key)?.score).filter((x) => x !== null && x !== undefined);
      return { key, label: titles.get(key), value: mean(values), compare: average.get(key) };
    })
    .filter((row) => row.value !== null || (row.compare !== null && row.compare !== undefined));

  return page(
    store.name,
    h("p", null, h("a", { href: `/dashboard?wave=${wave.id}` }, t("dash.back"))),
    h("p", { class: "meta" }, [store.address, store.city, store.region].filter(Boolean).join(", "), " · ", wave.name),
    h("div", { class: "button-row toolbar" }, download(`/stores/${store.id}/report.pdf?wave_id=${wave.id}`, t("dash.storePdf")), h("a", { class: "button", href: `/actions?store=${store.id}&wave=${wave.id}` }, t("actions.allOfStore"))),
    h(
      "div",
      { class: "kpis" },
      h("div", { class: "kpi" }, h("p", { class: "kpi-label" }, t("dash.total")), h("p", { class: "kpi-value" }, score(stats.mean)), h("p", { class: "kpi-detail muted" }, withInterval(stats.mean, stats.ci_low, stats.ci_high))),
      h("div", { class: "kpi" }, h("p", { class: "kpi-label" }, t("dash.rank")), h("p", { class: "kpi-value" }, judged ? `${rankRange(judged)} / ${summary.stores.length}` : stats.rank ? `${stats.rank} / ${summary.stores.length}` : "–")),
      h("div", { class: "kpi" }, h("p", { class: "kpi-label" }, t("dash.vsPrevious")), h("p", { class: "kpi-value" }, change(judged?.delta_previous ?? null, null)), h("p", { class: "kpi-detail muted" }, previousDetail(previous, checklist?.version))),
      h("div", { class: "kpi" }, h("p", { class: "kpi-label" }, t("dash.vsClient")), h("p", { class: "kpi-value" }, change(judged?.delta_client ?? null, null)), h("p", { class: "kpi-detail muted" }, change(null, judged?.verdict_client))),
      h("div", { class: "kpi" }, h("p", { class: "kpi-label" }, t("dash.visits")), h("p", { class: "kpi-value" }, String(stats.n ?? visits.length)), stats.low_n ? h("p", { class: "tag warn" }, t("dash.lowN")) : null),
    ),
    lowNWarning(stats.n),
    intervalNote(),
    fixFirst,
    actions,
    h(
      "section",
      { class: "block" },
      h("h2", null, t("dash.sectionsVsAverage")),
      sectionRows.length ? barChart(t("dash.sectionsVsAverage"), sectionRows, { compareLabel: t("dash.average") }) : null,
      table(
        [
          { label: t("review.section"), cell: (r) => r.label },
          { label: t("dash.thisStore"), cell: (r) => score(r.value), cls: "num" },
          { label: t("dash.average"), cell: (r) => score(r.compare), cls: "num" },
        ],
        sectionRows,
        { caption: t("dash.sectionsVsAverage"), empty: t("dash.noApproved") },
      ),
    ),
    h(
      "section",
      { class: "block" },
      h("h2", null, t("dash.storeVisits")),
      table(
        [
          { label: t("dash.visitDate"), cell: (v) => h("a", { href: `/dashboard/visits/${v.id}` }, formatDateTime(v.submitted_at || v.window_start)) },
          { label: t("dash.score"), cell: (v) => score(v.score?.total), cls: "num" },
          { label: t("review.criticalShort"), cell: (v) => (v.score?.critical_failed ? h("span", { class: "tag critical" }, t("review.critical")) : "–") },
        ],
        visits,
        { caption: t("dash.storeVisits"), empty: t("dash.noApproved") },
      ),
    ),
  );
}

// Whether a change is real (Welch's t-test at 5 %, DESIGN §8 v2), low-n warnings, the
// interval in plain words and rank ranges: what the dashboard and the store page repeat
// from the reports. The verdicts come from GET /waves/{id}/changes.

import { h } from "../js/dom.js";
import { formatNumber, t } from "../js/i18n.js";

const KEYS = { significant: "dash.sig", normal: "dash.normal", too_few: "dash.tooFew" };

export const signed = (v) => (v === null || v === undefined ? "–" : `${v > 0 ? "+" : ""}${formatNumber(v, { maximumFractionDigits: 1 })}`);

/** "significant" / "within normal variation" / "too few visits to judge", or nothing. */
export function verdict(value) {
  return value && KEYS[value] ? h("span", { class: `verdict ${value}` }, t(KEYS[value])) : null;
}

/** A change with its verdict: "+4.2 significant". */
export function change(delta, value) {
  return h("span", { class: "change" }, signed(delta), value ? " " : null, verdict(value));
}

/** The ranks a store's interval allows: "3", or "1–7" when the visits cannot tell. */
export function rankRange(store) {
  if (!store || store.rank_low === null || store.rank_low === undefined) return "–";
  return store.rank_low === store.rank_high ? String(store.rank_low) : `${store.rank_low}–${store.rank_high}`;
}

/** A visible warning on a score from fewer than 3 visits. */
export function lowNWarning(n) {
  return n && n < 3 ? h("p", { class: "notice warn low-n" }, t("dash.lowNWarn", { n })) : null;
}

export function intervalNote() {
  return h("p", { class: "muted interval-note" }, t("dash.intervalNote"));
}

/** The previous wave, named with its dates, whether the change is real and a version change. */
export function previousDetail(previous, version) {
  if (!previous) return t("dash.noPrevious");
  return h(
    "span",
    null,
    t("dash.previousDates", { name: previous.name, from: previous.starts_on, to: previous.ends_on }),
    " ",
    verdict(previous.verdict),
    previous.other_version ? h("span", { class: "tag warn" }, t("dash.otherVersion", { old: previous.checklist.version, new: version ?? "" })) : null,
  );
}

// Coordinator: the review queue, every submitted visit, oldest first.

import { api } from "../js/api.js";
import { h } from "../js/dom.js";
import { formatDateTime, t } from "../js/i18n.js";
import { loadAll, page, score, table } from "./ui.js";

export default async function reviewQueueView() {
  const visits = await loadAll("/visits?status=submitted");
  visits.sort((a, b) => String(a.submitted_at).localeCompare(String(b.submitted_at)));
  const clean = visits.filter((v) => !v.flags?.length);
  const result = h("p", { role: "status" });
  const bulk = h("button", { type: "button", class: "primary", disabled: !clean.length }, t("review.approveClean", { count: clean.length }));
  bulk.addEventListener("click", async () => {
    bulk.disabled = true;
    try {
      const { data } = await api.post("/visits/review", { ids: clean.slice(0, 500).map((v) => v.id), decision: "approve" });
      result.textContent = t("review.bulkDone", { approved: data.approved.length, skipped: data.skipped.length });
      location.reload();
    } catch (error) {
      result.textContent = error.message;
      bulk.disabled = false;
    }
  });
  return page(
    t("review.queue"),
    h("div", { class: "button-row toolbar" }, bulk, result),
    table(
      [
        { label: t("board.store"), cell: (v) => h("a", { href: `/review/${v.id}` }, v.store.name) },
        { label: t("review.wave"), cell: (v) => v.wave_name || String(v.wave_id) },
        { label: t("board.shopper"), cell: (v) => v.shopper?.name || "–" },
        { label: t("review.submitted"), cell: (v) => formatDateTime(v.submitted_at) },
        { label: t("board.score"), cell: (v) => score(v.score?.total), cls: "num" },
        { label: t("review.flags"), cell: (v) => (v.flags?.length ? h("span", { class: "tag warn" }, String(v.flags.length)) : "–"), cls: "num" },
      ],
      visits,
      { caption: t("review.queue"), empty: t("review.empty") },
    ),
  );
}

// A submitted visit as the coordinator and the client read it: the score breakdown, every
// answer with the points the server scored it (visit.question_scores), comments and photos.

import { h } from "../js/dom.js";
import { formatNumber, localize, t } from "../js/i18n.js";
import { visibleKeys } from "../js/rules.js";
import { score, table } from "./ui.js";

/** The server's score of a counted question: {score 0–1, earned, possible}, else null. */
export function questionScore(scores, key) {
  return scores?.[key] ?? null;
}

function shownValue(q, answer) {
  if (!answer) return h("span", { class: "muted" }, t("review.noAnswer"));
  if (answer.na) return t("answer.na");
  const value = answer.value;
  if (q.type === "photo") return null;
  if (value === null || value === undefined) return h("span", { class: "muted" }, t("review.noAnswer"));
  if (q.type === "yes_no") return value ? t("answer.yes") : t("answer.no");
  if (q.type === "smiley") return t(`answer.${value}`);
  if (q.type === "choice") return localize((q.options || []).find((o) => o.value === value)?.label) || String(value);
  if (q.type === "wait_time") return t("review.seconds", { n: formatNumber(value) });
  return String(value);
}

function photos(answer) {
  const media = answer?.media || [];
  if (!media.length) return null;
  return h(
    "ul",
    { class: "review-photos" },
    media.map((uuid, index) =>
      h(
        "li",
        null,
        h(
          "a",
          { href: `/api/v1/media/${uuid}`, target: "_blank", rel: "noopener" },
          h("img", { src: `/api/v1/media/${uuid}?size=thumb`, alt: t("answer.photoNumber", { n: index + 1 }), width: 120, height: 120 }),
          h("span", { class: "visually-hidden" }, t("review.openPhoto")),
        ),
      ),
    ),
  );
}

/** The score breakdown: total, critical failure, one row per section. */
export function scoreBreakdown(scoreData) {
  if (!scoreData) return h("p", { class: "muted" }, t("review.noScore"));
  return h(
    "div",
    { class: "score-box" },
    h("p", { class: "total" }, h("span", { class: "label" }, t("review.total")), " ", h("strong", { class: "big" }, `${score(scoreData.total)} %`)),
    scoreData.critical_failed ? h("p", { class: "notice error-notice" }, t("review.criticalFailed")) : null,
    table(
      [
        { label: t("review.section"), cell: (s) => localize(s.title) || s.key },
        { label: t("review.earned"), cell: (s) => `${score(s.earned)} / ${score(s.possible)}`, cls: "num" },
        { label: t("review.percent"), cell: (s) => (s.score === null ? "–" : `${score(s.score)} %`), cls: "num" },
      ],
      scoreData.sections || [],
      { caption: t("review.sections") },
    ),
  );
}

/** Every question of the checklist with its answer and points, section by section. */
export function answersList(definition, submission, { extra = null, scores = {} } = {}) {
  const byKey = {};
  for (const a of submission.answers || []) byKey[a.question] = a;
  const visible = visibleKeys(definition, byKey);
  return (definition.sections || []).map((section) =>
    h(
      "section",
      { class: "answers-section" },
      h("h3", null, localize(section.title)),
      h(
        "ol",
        { class: "answers" },
        (section.questions || []).filter((q) => visible.has(q.key)).map((q) => {
          const answer = byKey[q.key];
          const scored = questionScore(scores, q.key);
          const points = scored && scored.possible > 0 ? `${formatNumber(scored.earned, { maximumFractionDigits: 2 })} / ${formatNumber(scored.possible)}` : null;
          const failed = q.critical && scored?.score === 0;
          return h(
            "li",
            { class: `answer-row${failed ? " failed" : ""}`, dataset: { key: q.key } },
            h("p", { class: "question-text" }, localize(q.text), q.critical ? h("span", { class: "tag critical" }, t("review.critical")) : null),
            h(
              "p",
              { class: "answer-line" },
              h("span", { class: "answer-value" }, shownValue(q, answer)),
              points ? h("span", { class: "points" }, t("review.points", { points })) : null,
            ),
            answer?.comment ? h("p", { class: "answer-comment" }, h("span", { class: "label" }, t("answer.comment"), ": "), answer.comment) : null,
            photos(answer),
            extra ? extra(q, answer) : null,
          );
        }),
      ),
    ),
  );
}

// A certification quiz (DESIGN §13): the questions with their options, "Submit answers", and
// the score with whether it passed. Needs a connection: the answers are scored on the server.

import { api } from "../api.js";
import { h, mount } from "../dom.js";
import { formatNumber, localize, t } from "../i18n.js";

function questionNode(question) {
  return h(
    "fieldset",
    { class: "q quiz-question", dataset: { key: question.key } },
    h("legend", null, localize(question.text)),
    h(
      "div",
      { class: "options list" },
      question.options.map((option) =>
        h("label", { class: "option" }, h("input", { type: "radio", name: `quiz-${question.key}`, value: option.value }), h("span", null, localize(option.label))),
      ),
    ),
    h("p", { class: "q-error", hidden: true }),
  );
}

export default async function quizView({ params }) {
  const { data: quiz } = await api.get(`/certifications/${params.id}`);
  const result = h("div", { role: "status", class: "quiz-result" });
  const form = h(
    "form",
    { class: "checklist quiz", novalidate: true, "aria-label": quiz.name },
    quiz.questions.map(questionNode),
    h("button", { type: "submit", class: "primary" }, t("quiz.submit")),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const answers = {};
    for (const question of quiz.questions) {
      const checked = form.querySelector(`input[name="quiz-${question.key}"]:checked`);
      if (checked) answers[question.key] = checked.value;
    }
    for (const box of form.querySelectorAll(".q-error")) box.hidden = true;
    try {
      const { data } = await api.post(`/certifications/${quiz.id}/attempts`, { answers });
      mount(result, h("p", { class: data.passed ? "notice success" : "notice error-notice" }, t(data.passed ? "quiz.passed" : "quiz.failed", { score: formatNumber(data.score), mark: formatNumber(quiz.pass_mark) })));
    } catch (error) {
      for (const [key, messages] of Object.entries(error.errors?.json?.answers || {})) {
        const box = form.querySelector(`fieldset[data-key="${key}"] .q-error`);
        if (box) {
          box.textContent = [].concat(messages).join(" ");
          box.hidden = false;
        }
      }
      mount(result, h("p", { class: "error" }, error.message));
    }
  });
  return h(
    "section",
    { class: "page" },
    h("h1", { tabindex: "-1" }, quiz.name),
    h("p", { class: "muted" }, t("quiz.passMark", { mark: formatNumber(quiz.pass_mark) })),
    quiz.passed ? h("p", { class: "notice success" }, t("quiz.alreadyPassed")) : null,
    form,
    result,
  );
}

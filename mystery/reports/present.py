"""Turn a checklist, a submission's answers and its score snapshot into plain report dicts.

Pure functions, no database: everything here is strings, numbers and lists, localized for
the report's language, ready for a template in any process.
"""

from fractions import Fraction

from mystery.reports.i18n import Formatter, gettext, ngettext
from mystery.scoring import iter_questions, localize, round_half_away, score_submission
from mystery.scoring.answers import index_answers, is_na


def checklist_outline(definition: dict, lang: str) -> list[dict]:
    """Return the checklist's sections and questions, numbered and in the report's language."""
    outline = []
    for s_index, section in enumerate(definition.get("sections") or [], start=1):
        questions = [
            {
                "key": question["key"],
                "number": f"{s_index}.{q_index}",
                "text": localize(question.get("text"), lang),
                "type": question.get("type"),
                "critical": question.get("critical") is True,
            }
            for q_index, question in enumerate(section.get("questions") or [], start=1)
        ]
        outline.append(
            {
                "key": section.get("key"),
                "number": str(s_index),
                "title": localize(section.get("title"), lang),
                "questions": questions,
            }
        )
    return outline


def _exact(value) -> Fraction | None:
    return None if value is None else Fraction(value)


def answer_text(question: dict, value, lang: str, fmt: Formatter, photos: int = 0) -> str:
    """Say an answer the way a reader expects: Yes, 4 / 5, the option's label, 1:30 min."""
    kind = question.get("type")
    if kind == "photo":
        return ngettext(lang, "%(num)d photo", "%(num)d photos", photos) if photos else "–"
    if value is None:
        return "–"
    if kind == "yes_no":
        return gettext(lang, "Yes") if value else gettext(lang, "No")
    if kind == "scale":
        return f"{value} / {question.get('max', 5)}"
    if kind == "nps":
        return f"{value} / 10"
    if kind == "choice":
        for option in question.get("options") or []:
            if option.get("value") == value and type(option.get("value")) is type(value):
                return localize(option.get("label"), lang) or str(value)
        return str(value)
    if kind == "smiley":
        labels = {
            "happy": gettext(lang, "Happy"),
            "neutral": gettext(lang, "Neutral"),
            "sad": gettext(lang, "Sad"),
        }
        return labels.get(value, str(value))
    if kind == "wait_time":
        return fmt.seconds(value)
    if kind == "number":
        return fmt.num(value, 0 if float(value).is_integer() else 2)
    if kind == "date":
        return fmt.date(value)
    return str(value)


def _tenths(value) -> float | None:
    """Round to one decimal, halves away from zero, as round_half_away does, in integers for a
    Fraction: a store report rounds three figures per answer, and Fraction arithmetic made
    that a third of a context's time."""
    if not isinstance(value, Fraction):
        return round_half_away(value)
    top, bottom = abs(value.numerator) * 20 + value.denominator, 2 * value.denominator
    magnitude = top // bottom  # floor(|x| × 10 + 1/2)
    return (magnitude if value >= 0 else -magnitude) / 10


def _status(score: Fraction | None, reason: str | None) -> str | None:
    """Classify a question's outcome for colouring: pass, partial, fail, na or None."""
    if reason == "na":
        return "na"
    if score is None or reason is not None:
        return None
    if score == 1:
        return "pass"
    return "fail" if score == 0 else "partial"


def _question_scores(definition: dict, answers, snapshot: dict | None) -> dict:
    """Return {key: {score, earned, possible, reason}} exactly, from the snapshot if it has them."""
    exact = (snapshot or {}).get("exact", {}).get("questions")
    if exact:
        return {
            key: {
                "score": _exact(item.get("score")),
                "earned": _exact(item.get("earned")) or Fraction(0),
                "possible": _exact(item.get("possible")) or Fraction(0),
                "reason": item.get("reason"),
            }
            for key, item in exact.items()
        }
    score = score_submission(definition, answers or [])
    return {
        key: {"score": q.score, "earned": q.earned, "possible": q.possible, "reason": q.reason}
        for key, q in score.questions.items()
    }


def visit_block(
    visit: dict, definition: dict, answers, snapshot, photos_by_uuid: dict, lang: str, fmt
) -> dict:
    """Build one visit's report block: total, sections, every shown answer with its photos.

    visit: {"id", "started_at", "status"}; photos_by_uuid: {media uuid: {"key", ...}} of the
    photos that arrived for this submission.
    """
    by_key = index_answers(answers or [])
    scores = _question_scores(definition, answers, snapshot)
    block_answers, critical, photos = {}, [], []
    for _section, question in iter_questions(definition):
        key = question["key"]
        scored = scores.get(key, {"score": None, "reason": "unanswered"})
        if scored.get("reason") == "hidden":
            continue  # never shown to the shopper: nothing to report
        answer = by_key.get(key) or {}
        media = [photos_by_uuid[u] for u in answer.get("media") or [] if u in photos_by_uuid]
        status = _status(scored.get("score"), scored.get("reason"))
        possible = scored.get("possible") or Fraction(0)
        text = (
            gettext(lang, "N/A")
            if is_na(answer)
            else answer_text(question, answer.get("value"), lang, fmt, len(media))
        )
        earned = scored.get("earned") or Fraction(0)
        failed_critical = (
            question.get("critical") is True and scored.get("score") == 0 and not is_na(answer)
        )
        block_answers[key] = {
            "answer": text,
            "comment": (answer.get("comment") or "").strip(),
            "status": status,
            "scored": bool(possible),
            "earned": _tenths(scored.get("earned")) if possible else None,
            "possible": _tenths(possible) if possible else None,
            "lost": _tenths(possible - earned) if possible and earned < possible else None,
            "critical_failed": failed_critical,
            "photos": [
                {**photo, "question": localize(question.get("text"), lang)} for photo in media
            ],
        }
        if failed_critical:
            critical.append(localize(question.get("text"), lang))
        photos.extend(block_answers[key]["photos"])
    sections = [
        {
            "key": section.get("key"),
            "title": localize(section.get("title"), lang),
            "score": section.get("score"),
        }
        for section in (snapshot or {}).get("sections", [])
    ]
    return {
        "id": visit["id"],
        "started_at": visit.get("started_at"),
        "status": visit.get("status"),
        "submitted": snapshot is not None,
        "total": (snapshot or {}).get("total"),
        "critical_failed": bool((snapshot or {}).get("critical_failed")),
        "critical_failures": critical,
        "uncapped_total": uncapped_total(snapshot),
        "sections": sections,
        "answers": block_answers,
        "photos": photos,
    }


def uncapped_total(snapshot: dict | None):
    """Return the total the sections earned, before a critical failure zeroed it (or None)."""
    if not snapshot or not snapshot.get("critical_failed"):
        return None
    sections = (snapshot.get("exact") or {}).get("sections") or {}
    weighted = [
        (Fraction(item.get("weight") or 1), Fraction(item["percent"]))
        for item in sections.values()
        if item.get("percent") is not None
    ]
    weights = sum((weight for weight, _percent in weighted), Fraction(0))
    if not weights:
        return None
    return round_half_away(sum((w * p for w, p in weighted), Fraction(0)) / weights)


def fix_first(outline: list[dict], blocks: list[dict], lang: str, limit: int = 10) -> list[dict]:
    """Rank the failed items of some visits by points lost, critical failures first.

    Each item: question number, text, section, points lost (summed over the visits), how
    many visits failed it, the shoppers' comments and the first photo of those answers.
    """
    items = {}
    order = {}
    for section in outline:
        for question in section["questions"]:
            order[question["key"]] = (len(order), question, section)
    for block in blocks:
        for key, item in block["answers"].items():
            if key not in order or not (item.get("lost") or item.get("critical_failed")):
                continue
            _index, question, section = order[key]
            entry = items.setdefault(
                key,
                {
                    "key": key,
                    "number": question["number"],
                    "text": question["text"],
                    "section": section["title"],
                    "critical": False,
                    "lost": 0.0,
                    "failed": 0,
                    "comments": [],
                    "photo": None,
                },
            )
            entry["critical"] = entry["critical"] or item["critical_failed"]
            entry["lost"] = round_half_away(entry["lost"] + (item.get("lost") or 0))
            entry["failed"] += 1
            if item.get("comment"):
                said = next((c for c in entry["comments"] if c["text"] == item["comment"]), None)
                if said is None:
                    entry["comments"].append({"visits": [], "text": item["comment"]})
                    said = entry["comments"][-1]
                if block.get("number"):
                    said["visits"].append(block["number"])
            if item["photos"] and entry["photo"] is None:
                entry["photo"] = item["photos"][0]
    ranked = sorted(
        items.values(), key=lambda e: (not e["critical"], -e["lost"], order[e["key"]][0])
    )[:limit]
    for entry in ranked:
        for comment in entry["comments"]:
            numbers = comment.pop("visits")
            comment["visits"] = visits_label(lang, numbers) if numbers else ""
    return ranked


MARKS = {"pass": "✓", "partial": "◐", "fail": "✗", "na": "–"}


def _visit_list(numbers: list[int]) -> str:
    """Write visit numbers briefly: 1–3 for a run, 1, 3 otherwise."""
    if len(numbers) > 2 and numbers == list(range(numbers[0], numbers[-1] + 1)):
        return f"{numbers[0]}–{numbers[-1]}"
    return ", ".join(str(n) for n in numbers)


def visits_label(lang: str, numbers: list[int]) -> str:
    """Name one visit ("Visit 2") or several ("Visits 1–3")."""
    if len(numbers) == 1:
        return gettext(lang, "Visit %(n)s", n=numbers[0])
    return gettext(lang, "Visits %(list)s", list=_visit_list(numbers))


def answer_lines(outline: list[dict], blocks: list[dict], lang: str, fmt) -> list[dict]:
    """Lay the store report's answers out as plain lines per question, visits that answered
    alike on one line ("Visits 1–3: ✓ Yes · 2.0 / 2.0"), each comment on its own.

    Plain strings, so the template writes one paragraph per question: WeasyPrint's cost
    grows with the number of boxes, and a wrapped answer costs only its lines.
    """
    sections = []
    for section in outline:
        questions = []
        for question in section["questions"]:
            groups: dict[str, list[int]] = {}
            comments, photos = [], []
            for block in blocks:
                item = block["answers"].get(question["key"])
                if item is None:
                    text = "– " + gettext(lang, "not shown")
                else:
                    text = f"{MARKS.get(item['status'], '•')} {item['answer']}"
                    if item["scored"]:
                        text += f" · {fmt.num(item['earned'])} / {fmt.num(item['possible'])}"
                    if item["comment"]:
                        comments.append((block["number"], item["comment"]))
                    photos.extend({"visit": block["number"], **photo} for photo in item["photos"])
                groups.setdefault(text, []).append(block["number"])
            lines = []
            lines = [f"{visits_label(lang, numbers)}: {text}" for text, numbers in groups.items()]
            said: dict[str, list[int]] = {}
            for number, comment in comments:
                said.setdefault(comment, []).append(number)
            lines.extend(
                f"{visits_label(lang, numbers)}: “{text}”" for text, numbers in said.items()
            )
            questions.append({**question, "lines": lines, "photos": photos})
        sections.append({**section, "questions": questions})
    return sections

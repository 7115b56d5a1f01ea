"""Fill a checklist the way a shopper would, given how good the visit was."""

from dataclasses import dataclass, field

from mystery.demo.texts import COMMENTS, RECOMMEND_WHY
from mystery.scoring import iter_questions

LONG_COMMENT = 40
# Plausible values of the unscored number questions, by question key.
NUMBER_RANGES = {"staff_on_duty": (1, 4), "coffee_temp": (58, 74), "open_tills": (1, 6)}


@dataclass
class Visit:
    """What the answers depend on: quality 0..1, language, local start, photos, quirks."""

    quality: float
    language: str
    moment: object
    media: dict = field(default_factory=dict)  # photo question key -> [media UUID]
    critical_failure: bool = False
    na: frozenset = frozenset()
    comments: dict = field(default_factory=dict)  # question key -> a comment to use as is
    values: dict = field(default_factory=dict)  # question key -> a value to use as is


class Filler:
    """Answers checklists; remembers long comments so none repeats by accident."""

    def __init__(self, rng):
        self.rng = rng
        self.used = set()

    def clamp(self, value):
        return max(0.0, min(1.0, value))

    def level(self, visit):
        """How well this question went: the visit's quality plus some noise, 0..1."""
        return self.clamp(visit.quality + self.rng.gauss(0, 0.18))

    def comment(self, visit, key, good):
        """Pick a fitting comment not used before, or None."""
        pool = COMMENTS[visit.language].get(key, {}).get("good" if good else "bad", [])
        chance = 0.2 if good else 0.65
        if not pool or self.rng.random() > chance:
            return None
        options = [c for c in pool if len(c) < LONG_COMMENT or c not in self.used]
        if not options:
            return None
        choice = self.rng.choice(options)
        if len(choice) >= LONG_COMMENT:
            self.used.add(choice)
        return choice

    def scored_value(self, question, visit):
        """Return (value, passed) for a scored question."""
        kind, rng = question["type"], self.rng
        level = self.level(visit)
        if kind == "yes_no":
            passing = question.get("pass_value", True)
            if question.get("critical"):
                passed = not visit.critical_failure
            else:
                passed = rng.random() < 0.25 + 0.75 * level
            return (passing if passed else not passing), passed
        if kind == "scale":
            low, high = question.get("min", 1), question.get("max", 5)
            value = low + round(level * (high - low))
            return value, value - low >= (high - low) * 0.6
        if kind == "choice":
            option = min(question["options"], key=lambda o: abs(o["score"] - level))
            return option["value"], option["score"] >= 0.6
        if kind == "wait_time":
            first = min(band["max_seconds"] for band in question["bands"])
            seconds = round(first * (0.25 + 2.4 * (1 - level) ** 1.5) + rng.randint(-8, 8))
            return max(5, seconds), seconds <= first
        if kind == "smiley":
            mood = "happy" if level > 0.72 else "neutral" if level > 0.42 else "sad"
            return mood, mood == "happy"
        raise ValueError(kind)

    def answer(self, question, visit, given):
        """Return one answer object, or None to leave the question out."""
        key, kind, rng = question["key"], question["type"], self.rng
        if key in visit.na:
            return {"question": key, "na": True}
        if kind == "photo":
            uuids = visit.media.get(key)
            return {"question": key, "media": list(uuids)} if uuids else None
        if kind == "date":
            return {"question": key, "value": visit.moment.date().isoformat()}
        if kind == "time":
            return {"question": key, "value": visit.moment.strftime("%H:%M")}
        if kind == "number":
            low, high = NUMBER_RANGES.get(key, (1, 5))
            return {"question": key, "value": rng.randint(low, high)}
        if kind == "nps":
            score = round(visit.quality * 10 + rng.gauss(0.4, 1.3))
            return {"question": key, "value": max(0, min(10, score))}
        if kind == "text":
            show_if = question.get("show_if")
            if show_if and given.get(show_if["question"]) not in show_if.get("in", []):
                return None
            return {"question": key, "value": rng.choice(RECOMMEND_WHY[visit.language])}
        if key in visit.values:
            value, passed = visit.values[key], True
        else:
            value, passed = self.scored_value(question, visit)
        answer = {"question": key, "value": value}
        comment = visit.comments.get(key) or self.comment(visit, key, passed)
        if comment:
            answer["comment"] = comment
        return answer

    def fill(self, definition, visit):
        """Answer every question of a checklist for one visit."""
        answers, given = [], {}
        for _section, question in iter_questions(definition):
            answer = self.answer(question, visit, given)
            if answer is not None:
                answers.append(answer)
                given[question["key"]] = answer.get("value")
        return answers

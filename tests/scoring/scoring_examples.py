"""Checklists and answers shared by the scoring tests (not collected: no test_ prefix)."""

import copy

MEDIA_ID = "5f0c8a3e-9b1d-4c2a-8e7f-1a2b3c4d5e6f"

# The example checklist from DESIGN.md §4, verbatim.
EXAMPLE = {
    "sections": [
        {
            "key": "service",
            "title": "Service quality",
            "weight": 40,
            "questions": [
                {
                    "key": "greeted",
                    "text": "Were you greeted within 30 seconds?",
                    "type": "yes_no",
                    "weight": 2,
                    "critical": True,
                },
                {
                    "key": "litter",
                    "text": "Was there litter on the floor?",
                    "type": "yes_no",
                    "weight": 1,
                    "pass_value": False,
                    "na_allowed": True,
                },
                {
                    "key": "friendly",
                    "text": "How friendly was the staff?",
                    "type": "scale",
                    "min": 1,
                    "max": 5,
                    "weight": 3,
                },
                {
                    "key": "upsell",
                    "text": "Did staff suggest an extra item?",
                    "type": "choice",
                    "weight": 1,
                    "options": [
                        {"value": "yes", "label": "Yes", "score": 1},
                        {"value": "partly", "label": "Partly", "score": 0.5},
                        {"value": "no", "label": "No", "score": 0},
                    ],
                },
                {
                    "key": "queue",
                    "text": "Time in queue",
                    "type": "wait_time",
                    "weight": 2,
                    "bands": [
                        {"max_seconds": 120, "score": 1},
                        {"max_seconds": 300, "score": 0.5},
                    ],
                },
                {"key": "mood", "text": "Overall impression", "type": "smiley", "weight": 1},
                {"key": "recommend", "text": "Would you recommend this store?", "type": "nps"},
                {
                    "key": "why",
                    "text": "Why?",
                    "type": "text",
                    "show_if": {"question": "recommend", "in": [0, 1, 2, 3, 4, 5, 6]},
                },
                {
                    "key": "counter",
                    "text": "Photo of the counter",
                    "type": "photo",
                    "required": True,
                },
            ],
        }
    ]
}


def example() -> dict:
    """Return a fresh copy of the DESIGN §4 checklist."""
    return copy.deepcopy(EXAMPLE)


def example_answers(**values) -> list[dict]:
    """Return a full answer set for the example, with some values replaced."""
    chosen = {
        "greeted": True,
        "litter": False,
        "friendly": 4,
        "upsell": "partly",
        "queue": 200,
        "mood": "neutral",
        "recommend": 8,
    } | values
    answers = [{"question": key, "value": value} for key, value in chosen.items()]
    answers.append({"question": "counter", "value": None, "media": [MEDIA_ID]})
    return answers


def section(key: str, *questions: dict, **fields) -> dict:
    """Build a section titled after its key."""
    return {"key": key, "title": key.title(), "questions": list(questions)} | fields


def question(key: str, kind: str = "yes_no", **fields) -> dict:
    """Build a question whose text is its key."""
    return {"key": key, "text": key, "type": kind} | fields


def checklist(*sections: dict) -> dict:
    """Build a definition from sections."""
    return {"sections": list(sections)}


def answer(key: str, value=None, **fields) -> dict:
    """Build one answer."""
    return {"question": key, "value": value} | fields

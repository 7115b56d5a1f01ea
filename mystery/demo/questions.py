"""Building blocks of the demo checklists: translated texts and questions both chains ask.

The café (cafe.py) and grocery (grocery.py) checklists between them use every question type
of DESIGN §4; texts are in English, Danish and Swedish.
"""


def t(en, da, sv):
    """A translatable text."""
    return {"en": en, "da": da, "sv": sv}


def option(value, score, en, da, sv):
    """A choice option with its partial score."""
    return {"value": value, "label": t(en, da, sv), "score": score}


VISIT_DATE = {
    "key": "visit_date",
    "type": "date",
    "required": True,
    "text": t("Date of the visit", "Dato for besøget", "Datum för besöket"),
}
RECOMMEND = {
    "key": "recommend",
    "type": "nps",
    "required": True,
    "help": t(
        "0 = not at all likely, 10 = extremely likely.",
        "0 = slet ikke sandsynligt, 10 = yderst sandsynligt.",
        "0 = inte alls troligt, 10 = mycket troligt.",
    ),
}
RECOMMEND_WHY = {
    "key": "recommend_why",
    "type": "text",
    "required": True,
    "show_if": {"question": "recommend", "in": [0, 1, 2, 3, 4, 5, 6]},
}
EASE = {
    "key": "ease",
    "type": "scale",
    "min": 1,
    "max": 7,
    "metric": "ces",
    "weight": 1,
    "help": t("1 = very difficult, 7 = very easy.", "1 = meget svært, 7 = meget nemt.",
              "1 = mycket svårt, 7 = mycket enkelt."),
}  # fmt: skip
FRIENDLY = {
    "key": "friendly",
    "type": "scale",
    "min": 1,
    "max": 5,
    "metric": "csat",
    "text": t(
        "How satisfied were you with the staff's friendliness?",
        "Hvor tilfreds var du med personalets venlighed?",
        "Hur nöjd var du med personalens vänlighet?",
    ),
    "help": t(
        "1 = very dissatisfied, 5 = very satisfied.",
        "1 = meget utilfreds, 5 = meget tilfreds.",
        "1 = mycket missnöjd, 5 = mycket nöjd.",
    ),
}
MOOD = {"key": "mood", "type": "smiley", "weight": 1}
RECEIPT = {
    "key": "receipt",
    "type": "photo",
    "required": False,
    "text": t("Photo of your receipt", "Foto af din kvittering", "Foto av ditt kvitto"),
}

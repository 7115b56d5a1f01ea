"""Demo of DESIGN §6–§7 v2: resubmissions that reuse their photos, and the new flags.

Three submitted Kaffebaren visits are returned for a detail and sent again through the
same services as the app. The resubmissions send no photos (their earlier ones are linked,
as from a second device), answer the text question, and show the v2 integrity flags:
the second pastes the first one's text with two words changed (`copied_comment`, a
near-copy) from a phone a day ahead (`clock_skew`); the third comes from a phone a day
behind, judged by the server's clock (`clock_skew`, not `outside_window`).
"""

import uuid
from datetime import timedelta

import sqlalchemy as sa

from mystery.auth.models import User
from mystery.checklists.models import Checklist
from mystery.clients.models import Client
from mystery.database import utcnow
from mystery.extensions import db
from mystery.scoring import iter_questions
from mystery.submissions.schemas import SubmissionInSchema
from mystery.submissions.services import receive_submission
from mystery.visits.models import Submission, Visit
from mystery.visits.services import transition
from mystery.waves.models import Wave

RETURN_NOTE = "Beskriv venligst besøget med dine egne ord."
TEXT = (
    "Jeg kom ind kort efter frokost, og der var fire kunder foran mig i køen. Baristaen hilste "
    "med det samme, forklarede dagens kaffe og tilbød en smagsprøve. Disken var ren, kagerne "
    "havde priser og allergener på skilte, og min cortado kom efter cirka fem minutter, varm "
    "og pænt serveret. Ved betalingen spurgte hun til mit klippekort og ønskede mig en god dag."
)
# Two words changed: word-trigram Jaccard about 0.84 with TEXT.
NEAR_COPY = TEXT.replace("fire kunder", "tre kunder")
SKEWS = (timedelta(0), timedelta(days=1), timedelta(days=-1))
TEXTS = (TEXT, NEAR_COPY, None)


def _text_question(definition):
    return next((q["key"] for _s, q in iter_questions(definition) if q["type"] == "text"), None)


def _candidates():
    """Return (visit, text question key) of submitted Kaffebaren visits, oldest first."""
    rows = db.session.execute(
        sa.select(Visit, Checklist.definition)
        .join(Wave, Wave.id == Visit.wave_id)
        .join(Client, Client.id == Wave.client_id)
        .join(Checklist, Checklist.id == Wave.checklist_id)
        .where(Visit.status == "submitted", Client.name == "Kaffebaren")
        .order_by(Visit.id)
    ).all()
    return [(visit, _text_question(d)) for visit, d in rows if _text_question(d)]


def resubmit(coordinator, visit, question, text, skew):
    """Return the visit, then send its answers again from a phone `skew` off the server."""
    previous = db.session.get(Submission, visit.current_submission_id)
    transition(visit, coordinator, "return", note=RETURN_NOTE)
    shopper = db.session.get(User, visit.shopper_id)
    answers = [a for a in previous.answers if a.get("question") != question]
    answers.append({"question": question, "value": text or RETURN_NOTE + " Alt var i orden."})
    payload = {
        "visit_id": visit.id,
        "answers": answers,
        "started_at": (previous.started_at + skew).isoformat(),
        "finished_at": (previous.finished_at + skew).isoformat(),
    }
    if previous.checkin:
        at = previous.checkin.get("at")
        shifted = (previous.started_at + skew).isoformat() if at else None
        payload["checkin"] = {**previous.checkin, "at": shifted}
    data = SubmissionInSchema().load(payload)
    again = str(uuid.uuid5(uuid.NAMESPACE_URL, f"mystery-demo/resubmission/{visit.id}"))
    receive_submission(shopper, again, data, payload, client_time=utcnow() + skew)


def show_field_flags(people):
    """Resubmit three submitted visits as described above; return how many."""
    coordinator = people["coordinator@demo.mystery"]
    chosen = _candidates()[:3]
    for (visit, question), text, skew in zip(chosen, TEXTS, SKEWS, strict=False):
        resubmit(coordinator, visit, question, text, skew)
    db.session.commit()
    return len(chosen)

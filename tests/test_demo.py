"""The demo data: `seed-demo` builds a believable programme through the real services."""

from collections import Counter
from pathlib import Path

import sqlalchemy as sa

from mystery.auth.models import User
from mystery.checklists.models import Checklist
from mystery.clients.models import Client
from mystery.demo import DEMO_PASSWORD, seed_demo
from mystery.extensions import db
from mystery.media.models import Media, MediaLink
from mystery.scoring import QUESTION_TYPES, iter_questions, validate_definition
from mystery.stores.models import Store
from mystery.visits.models import STATUSES, Answer, Submission, Visit, VisitEvent
from mystery.waves.models import Wave

FLAGS = (
    "far_from_store",
    "too_short",
    "photo_time_mismatch",
    "duplicate_photo",
    "copied_comment",
    "no_checkin",
    "clock_skew",
)


def all_rows(model):
    return db.session.scalars(sa.select(model)).all()


def test_seed_demo_builds_a_programme_in_every_state(app):
    with app.app_context():
        lines = seed_demo()
        assert any("demo-password" in line for line in lines)
        assert any("http://127.0.0.1:5000" in line for line in lines)

        clients = {client.name: client for client in all_rows(Client)}
        assert set(clients) == {"Kaffebaren", "Skafferiet"}
        assert (clients["Kaffebaren"].locale, clients["Kaffebaren"].rotation_days) == ("da", 90)
        assert (clients["Skafferiet"].locale, clients["Skafferiet"].rotation_days) == ("sv", 60)
        assert len(all_rows(Store)) >= 12

        users = {user.email: user for user in all_rows(User)}
        assert {"admin@demo.mystery", "coordinator@demo.mystery", "shopper@demo.mystery"} <= set(
            users
        )
        assert users["client@kaffebaren.dk"].locale == "da"
        assert users["client@skafferiet.se"].locale == "sv"
        assert any(u.role == "client" and u.regions for u in users.values())
        assert sum(u.role == "shopper" for u in users.values()) >= 6

        checklists = all_rows(Checklist)
        assert all(validate_definition(c.definition) == {} for c in checklists)
        assert all(c.status == "published" for c in checklists)
        versions = sorted((c.version, c.previous_id is not None) for c in checklists)
        assert (2, True) in versions
        used = {q["type"] for c in checklists for _s, q in iter_questions(c.definition)}
        assert used == set(QUESTION_TYPES)
        pinned = {wave.checklist_id for wave in all_rows(Wave)}
        assert {c.id for c in checklists} == pinned  # every version has a wave pinned to it

        visits = all_rows(Visit)
        assert set(Counter(v.status for v in visits)) == set(STATUSES)
        flagged = Counter(f["code"] for v in visits for f in v.flags or [])
        assert all(flagged[code] >= 1 for code in FLAGS), flagged
        assert flagged["duplicate_photo"] == 1  # only the photo reused on purpose
        # Only the comment pasted on purpose and the text near-copied on purpose (demo/field.py).
        assert flagged["copied_comment"] == 2
        copied = [f for v in visits for f in v.flags or [] if f["code"] == "copied_comment"]
        assert sorted(f["params"]["similarity"] == 1 for f in copied) == [False, True]
        skewed = [f for v in visits for f in v.flags or [] if f["code"] == "clock_skew"]
        assert sorted(f["params"]["minutes"] > 0 for f in skewed) == [False, True]
        relinked = [v for v in visits if v.flags and "clock_skew" in {f["code"] for f in v.flags}]
        # Their resubmissions sent no photos: the earlier ones are linked to them.
        current = [db.session.get(Submission, v.current_submission_id).uuid for v in relinked]
        linked = set(db.session.scalars(sa.select(MediaLink.submission_uuid)))
        assert set(current) <= linked

        approved = [v for v in visits if v.status == "approved"]
        assert all(v.score and v.score_total is not None for v in approved)
        assert all(v.current_submission_id and v.approved_at for v in approved)
        assert sum(v.critical_failed for v in approved) >= 2
        totals = [v.score_total for v in approved if not v.critical_failed]
        assert min(totals) >= 40 and max(totals) > 90

        submitted = {s.visit_id for s in all_rows(Submission)}
        reached = {v.id for v in visits if v.status in ("submitted", "returned", "approved")}
        assert reached == submitted
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Answer)) > 500
        assert db.session.scalar(sa.select(Answer.id).where(Answer.na.is_(True)).limit(1))

        media = all_rows(Media)
        assert len(media) >= len(submitted)
        root = Path(app.config["MEDIA_ROOT"])
        for row in media:
            for key in (row.original_key, row.display_key, row.thumb_key):
                assert (root / key).is_file(), key
            assert row.exif_taken_at is not None

        actions = Counter(e.action for e in all_rows(VisitEvent))
        assert actions["override"] == 1
        assert {"create", "assign", "claim", "accept", "submit", "return", "approve"} <= set(
            actions
        )

        # Notifications in the app (no SMTP_HOST: nothing to mail) and a webhook (§14).
        from mystery.notifications.models import Notification
        from mystery.webhooks.models import WebhookDelivery

        told = all_rows(Notification)
        assert {n.channel for n in told} == {"app"}
        kinds = Counter(n.kind for n in told)
        assert {"visit_assigned", "visit_returned", "visit_approved", "critical_failure"} <= set(
            kinds
        )
        assert kinds["reminder_scheduled"] == 1
        shopper = users["shopper@demo.mystery"]
        mine = [n for n in told if n.user_id == shopper.id]
        assert 0 < sum(n.read_at is None for n in mine) <= 3
        assert {d.status for d in all_rows(WebhookDelivery)} == {"delivered"}

        result = app.test_cli_runner().invoke(args=["seed-demo"])
        assert result.exit_code == 0, result.output
        assert DEMO_PASSWORD in result.output
        assert "already" in result.output
        assert len(all_rows(Visit)) == len(visits)


def test_seed_demo_closes_the_loop(app):
    """Demo actions (one overdue, one done with evidence) and appeals (one upheld, one open)."""
    from mystery.actions.models import Action, ActionEvidence
    from mystery.actions.services import is_overdue
    from mystery.appeals.models import Appeal
    from mystery.visits.models import VisitEvent

    with app.app_context():
        seed_demo()
        actions = all_rows(Action)
        assert sum(is_overdue(a) for a in actions) == 1
        done = [a for a in actions if a.status == "done"]
        assert len(done) == 1 and done[0].evidence
        assert [e.uuid for e in all_rows(ActionEvidence)] == [done[0].evidence]
        appeals = {a.status: a for a in all_rows(Appeal)}
        assert set(appeals) == {"upheld", "open"}
        upheld = appeals["upheld"]
        assert upheld.new_total != upheld.previous_total
        visit = db.session.get(Visit, upheld.visit_id)
        assert visit.score["total"] == upheld.new_total
        assert [h["total"] for h in visit.score_history] == [upheld.previous_total]
        rescores = db.session.scalars(
            sa.select(VisitEvent).where(
                VisitEvent.visit_id == visit.id, VisitEvent.action == "rescore"
            )
        ).all()
        assert len(rescores) == 1

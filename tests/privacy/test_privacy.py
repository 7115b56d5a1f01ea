"""DESIGN §17: the retention purge, the data-subject export and anonymisation."""

from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from mystery.database import utcnow
from mystery.extensions import db
from mystery.media.models import Media
from mystery.visits.models import Answer, Submission, Visit
from tests.conftest import PASSWORD, ApiClient, full_answers
from tests.media.conftest import picture
from tests.visits.helpers import Flow, new_uuid

PHOTO = "7d0c5a56-0a57-4d0e-9a55-3c3f0c1d2e01"  # the counter photo of full_answers


@pytest.fixture
def flow(app, field):
    return Flow(app, field)


def approved_visit(flow, days_ago, store=0):
    """An approved visit with a comment, a check-in and an uploaded photo, approved long ago."""
    vid = flow.in_state("accepted", store=store)
    sid = new_uuid()
    answers = full_answers()
    answers[0]["comment"] = "The barista smiled and said hello at once."
    answers[-1]["media"] = [photo := new_uuid()]
    assert flow.submit(vid, sid=sid, answers=answers).status_code == 201
    uploaded = flow.shopper.put(
        f"/api/v1/submissions/{sid}/media/{photo}?question=counter",
        data=picture(seed=store),
        headers={"Content-Type": "image/jpeg"},
    )
    assert uploaded.status_code == 201, uploaded.json
    assert flow.review(vid, "approve").status_code == 200
    with flow.app.app_context():
        db.session.get(Visit, vid).approved_at = utcnow() - timedelta(days=days_ago)
        db.session.commit()
    return vid, sid, photo


def kept(app, vid, sid, photo):
    """Return what remains of a visit: media row and files, check-in, comments, score, answers."""
    with app.app_context():
        media = db.session.scalar(sa.select(Media).where(Media.uuid == photo))
        submission = db.session.scalar(sa.select(Submission).where(Submission.uuid == sid))
        comments = db.session.scalars(
            sa.select(Answer.comment).where(Answer.visit_id == vid, Answer.comment.is_not(None))
        ).all()
        visit = db.session.get(Visit, vid)
        answers = db.session.scalar(
            sa.select(sa.func.count()).select_from(Answer).where(Answer.visit_id == vid)
        )
        files = []
        if media is not None:
            root = Path(app.config["MEDIA_ROOT"])
            files = [root / k for k in (media.original_key, media.display_key, media.thumb_key)]
        return {
            "media": media is not None,
            "files": [f.exists() for f in files],
            "checkin": submission.checkin is not None,
            "json_comments": [a.get("comment") for a in submission.answers if a.get("comment")],
            "comments": list(comments),
            "total": visit.score_total,
            "answers": answers,
            "media_keys": files,
        }


def test_purge_removes_photos_comments_and_checkins_of_old_approvals(app, flow):
    old = approved_visit(flow, days_ago=40, store=0)
    recent = approved_visit(flow, days_ago=5, store=1)
    before_old, before_recent = kept(app, *old), kept(app, *recent)
    assert before_old["media"] and all(before_old["files"]) and before_old["checkin"]
    assert before_old["comments"] and before_old["json_comments"]
    result = app.test_cli_runner().invoke(args=["purge", "--older-than", "30"])
    assert result.exit_code == 0, result.output
    assert "Purged 1 visits: 1 photos, 1 comments, 1 check-ins." in result.output
    after = kept(app, *old)
    assert not after["media"] and not after["checkin"]
    assert after["comments"] == [] and after["json_comments"] == []
    assert not any(f.exists() for f in before_old["media_keys"])
    # Scores and answers stay; the recent visit is untouched.
    assert (after["total"], after["answers"]) == (before_old["total"], before_old["answers"])
    assert kept(app, *recent) == before_recent
    events = flow.events(old[0])
    assert events[-1]["action"] == "purge" and events[-1]["actor_id"] is None
    assert events[-1]["summary"].startswith("Removed after the retention period: 1 photos")
    # A second run finds nothing and logs nothing.
    again = app.test_cli_runner().invoke(args=["purge", "--older-than", "30"])
    assert "Purged 0 visits: 0 photos, 0 comments, 0 check-ins." in again.output
    assert flow.events(old[0]) == events


def test_purge_leaves_visits_not_approved(app, flow):
    vid = flow.in_state("submitted")
    with app.app_context():
        db.session.get(Visit, vid).submitted_at = utcnow() - timedelta(days=400)
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["purge", "--older-than", "0"])
    assert "Purged 0 visits" in result.output
    with app.app_context():
        assert db.session.scalar(sa.select(Submission.checkin)) is not None


def test_retention_days_setting(app, flow):
    old = approved_visit(flow, days_ago=40)
    off = app.test_cli_runner().invoke(args=["purge"])
    assert off.exit_code == 0 and "Retention is off" in off.output
    assert kept(app, *old)["media"]
    app.config["RETENTION_DAYS"] = 30
    try:
        on = app.test_cli_runner().invoke(args=["purge"])
    finally:
        app.config["RETENTION_DAYS"] = 0
    assert "Purged 1 visits" in on.output
    assert not kept(app, *old)["media"]


@pytest.mark.parametrize("days", ["-1", "soon"])
def test_purge_refuses_bad_days(app, days):
    result = app.test_cli_runner().invoke(args=["purge", "--older-than", days])
    assert result.exit_code == 2
    assert "--older-than" in result.output


def test_export_holds_everything_about_a_person(app, flow, auth):
    vid, sid, photo = approved_visit(flow, days_ago=1)
    admin = auth("admin")
    response = admin.get(f"/api/v1/users/{flow.shopper_id}/export")
    assert response.status_code == 200
    data = response.json
    assert data["user"]["email"] == flow.field.shopper_user.email
    assert "password_hash" not in data["user"]
    assert [v["id"] for v in data["visits"]] == [vid]
    assert [s["uuid"] for s in data["submissions"]] == [sid]
    assert data["submissions"][0]["checkin"]["latitude"] == flow.store(0).latitude
    assert [m["uuid"] for m in data["media"]] == [photo]
    assert {e["action"] for e in data["visit_events"]} >= {"accept", "check-in"}
    assert "password_hash" not in response.get_data(as_text=True)


def test_export_and_anonymise_are_for_admins(flow, auth):
    coordinator = flow.coordinator
    target = flow.shopper_id
    assert coordinator.get(f"/api/v1/users/{target}/export").status_code == 404
    assert coordinator.post(f"/api/v1/users/{target}/anonymise").status_code == 404
    assert flow.shopper.get(f"/api/v1/users/{target}/export").status_code == 404
    admin = auth("admin")
    assert admin.get("/api/v1/users/99999/export").status_code == 404
    assert admin.post("/api/v1/users/99999/anonymise").status_code == 404


def test_anonymise_replaces_identity_and_ends_sign_in(app, flow, auth):
    vid, _sid, _photo = approved_visit(flow, days_ago=1)
    shopper = flow.field.shopper_user
    token = flow.shopper.post(
        "/api/v1/auth/tokens", json={"email": shopper.email, "password": PASSWORD, "label": "x"}
    ).json["token"]
    admin = auth("admin")
    response = admin.post(f"/api/v1/users/{shopper.id}/anonymise")
    assert response.status_code == 200, response.json
    user = response.json
    assert user["name"] == f"Anonymised user {shopper.id}"
    assert user["email"] == f"anonymised-{shopper.id}@anonymised.invalid"
    assert (user["home_latitude"], user["home_longitude"], user["active"]) == (None, None, False)
    again = ApiClient(app)
    assert again.login(shopper.email).status_code == 401
    assert again.login(user["email"]).status_code == 401
    bearer = {"Authorization": f"Bearer {token}"}
    assert again.get("/api/v1/auth/me", headers=bearer).status_code == 401
    # The visit and its score stay, held by the anonymous row.
    visit = admin.get(f"/api/v1/visits/{vid}").json
    assert visit["score"]["total"] == 100.0 and visit["shopper"]["name"] == user["name"]
    assert shopper.name not in admin.get(f"/api/v1/users/{shopper.id}/export").get_data(
        as_text=True
    )
    # Idempotent: a second time changes nothing more.
    assert admin.post(f"/api/v1/users/{shopper.id}/anonymise").json == user


def test_admin_cannot_anonymise_themselves(auth):
    admin = auth("admin")
    response = admin.post(f"/api/v1/users/{admin.user.id}/anonymise")
    assert response.status_code == 409
    assert admin.get("/api/v1/auth/me").status_code == 200

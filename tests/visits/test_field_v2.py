"""DESIGN §6 "No dead ends" and §7 v2 on the server: linked photos, previous submissions,
clock skew, near-copied texts, flags in the reader's language."""

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from mystery.extensions import db
from mystery.integrity.models import PhotoBand, TextBand
from mystery.media.models import MediaLink
from mystery.reports.context import _photos
from mystery.visits.models import Submission
from tests.conftest import full_answers
from tests.visits.helpers import at, new_uuid
from tests.visits.test_flags import jpeg, shown

REVIEW = (
    "I came in at a quiet moment and the barista greeted me at once with a smile. She asked "
    "whether I had tried the new autumn blend, explained where the beans came from and offered "
    "a small taste before I ordered. The counter was clean, the pastries were labelled with "
    "prices and allergens, and my flat white arrived in under four minutes, hot and well made. "
    "When I paid she thanked me by name from the loyalty card and wished me a good afternoon."
)
# Two words changed: a near-copy (word-trigram Jaccard about 0.85).
NEAR_COPY = REVIEW.replace("quiet moment", "calm moment").replace("four minutes", "five minutes")
HONEST = [
    "Queue of six people at noon; only one till open and the second barista was restocking.",
    "Staff were friendly but busy. Milk jug left on the counter, tables by the window sticky.",
    "Got a loyalty stamp without asking. The oat latte was lukewarm, so I asked for another.",
    "The shop smelled of fresh bread, music a bit loud, toilet clean with soap and paper towels.",
    "Nobody mentioned the seasonal drink. Receipt given unprompted, card payment was quick.",
]


def submit(flow, vid, sid=None, store=0, headers=None, **overrides):
    sid = sid or new_uuid()
    body = flow.body(vid, store=store, **overrides)
    response = flow.shopper.put(f"/api/v1/submissions/{sid}", json=body, headers=headers or {})
    return response


def visit_flags(flow, vid, lang=None):
    headers = {"Accept-Language": lang} if lang else {}
    return flow.coordinator.get(f"/api/v1/visits/{vid}", headers=headers).json["flags"]


def codes(flow, vid):
    return sorted(flag["code"] for flag in visit_flags(flow, vid))


def put_photo(flow, sid, media_uuid, body, question="counter"):
    return flow.shopper.put(
        f"/api/v1/submissions/{sid}/media/{media_uuid}?question={question}",
        data=body,
        content_type="image/jpeg",
    )


def with_photo(media_uuid):
    return [*full_answers()[:-1], {"question": "counter", "value": None, "media": [media_uuid]}]


def returned_with_photo(flow):
    """A visit submitted with one photo (taken 4 h early) and returned; (vid, sid, media, bytes)."""
    vid = flow.in_state("accepted")
    sid, media_uuid, photo = new_uuid(), new_uuid(), jpeg(at(0, 6, 0))
    assert put_photo(flow, sid, media_uuid, photo).status_code == 201
    assert submit(flow, vid, sid, answers=with_photo(media_uuid)).status_code == 201
    assert flow.review(vid, "return", "Redo the queue").status_code == 200
    return vid, sid, media_uuid, photo


def test_the_same_photo_under_the_resubmission_is_linked_not_refused(app, flow):
    vid, first, media_uuid, photo = returned_with_photo(flow)
    second = new_uuid()
    response = put_photo(flow, second, media_uuid, photo)
    assert response.status_code == 200, response.json
    assert put_photo(flow, second, media_uuid, photo).status_code == 200
    assert submit(flow, vid, second, answers=with_photo(media_uuid)).status_code == 201
    visit = flow.coordinator.get(f"/api/v1/visits/{vid}").json
    assert visit["photos"] == {"referenced": 1, "received": 1}
    assert [f["code"] for f in visit["flags"]] == ["photo_time_mismatch"]
    with app.app_context():
        links = db.session.scalars(sa.select(MediaLink.submission_uuid)).all()
        assert sorted(links) == sorted([first, second])
        assert list(_photos([db.session.scalar(sa.select(Submission).filter_by(uuid=second))]))


def test_a_resubmission_from_another_device_links_the_earlier_photos(app, flow):
    vid, _first, media_uuid, _photo = returned_with_photo(flow)
    second = new_uuid()
    # No photo upload at all: the other device pre-filled the draft from previous_submission.
    assert submit(flow, vid, second, answers=with_photo(media_uuid)).status_code == 201
    visit = flow.coordinator.get(f"/api/v1/visits/{vid}").json
    assert visit["photos"] == {"referenced": 1, "received": 1}
    assert [f["code"] for f in visit["flags"]] == ["photo_time_mismatch"]
    with app.app_context():
        submission = db.session.scalar(sa.select(Submission).filter_by(uuid=second))
        assert set(_photos([submission])[second]) == {media_uuid}


def test_a_linked_photo_is_refused_with_other_bytes_or_for_another_visit(flow):
    _vid, _first, media_uuid, photo = returned_with_photo(flow)
    other_bytes = jpeg(at(0, 6, 0), colour=(10, 200, 10))
    response = put_photo(flow, new_uuid(), media_uuid, other_bytes)
    assert response.status_code == 409
    assert "different bytes" in response.json["message"]
    assert put_photo(flow, new_uuid(), media_uuid, photo, question="nope").status_code == 409
    other_visit = flow.in_state("accepted", store=1)
    elsewhere = new_uuid()
    assert submit(flow, other_visit, elsewhere, store=1).status_code == 201
    assert put_photo(flow, elsewhere, media_uuid, photo).status_code == 409


def test_a_returned_visit_carries_its_previous_submission_for_its_shopper(flow):
    vid, first, media_uuid, _photo = returned_with_photo(flow)
    mine = {v["id"]: v for v in flow.shopper.get("/api/v1/me/visits").json}[vid]
    previous = mine["previous_submission"]
    assert previous["uuid"] == first
    assert previous["media"] == [media_uuid]
    assert {a["question"] for a in previous["answers"]} >= {"greeted", "counter"}
    one = flow.shopper.get(f"/api/v1/visits/{vid}").json
    assert one["previous_submission"]["uuid"] == first
    assert "previous_submission" not in flow.coordinator.get(f"/api/v1/visits/{vid}").json


def test_no_previous_submission_before_a_return(flow):
    vid = flow.in_state("submitted")
    assert "previous_submission" not in flow.shopper.get(f"/api/v1/visits/{vid}").json


@pytest.fixture
def real_skew_limit(app, monkeypatch):
    """The production clock-skew limit (the test config tolerates its fixed 10:00 dates)."""
    monkeypatch.setitem(app.config, "FLAG_CLOCK_SKEW_MINUTES", 10)


def times(shift):
    """Submission times of a 30-minute visit that just ended, read off a clock `shift` off."""
    now = datetime.now(UTC) + shift
    started, finished = (now - timedelta(minutes=35)).isoformat(), (now - timedelta(minutes=5))
    return started, finished.isoformat(), now.isoformat()


def test_a_phone_a_day_ahead_is_flagged_clock_skew(flow, real_skew_limit):
    vid = flow.in_state("accepted")
    started, finished, now = times(timedelta(days=1))
    checkin = {**flow.body(vid)["checkin"], "at": started}
    response = submit(
        flow,
        vid,
        started_at=started,
        finished_at=finished,
        checkin=checkin,
        headers={"X-Client-Time": now},
    )
    assert response.status_code == 201, response.json
    flags = visit_flags(flow, vid)
    assert [f["code"] for f in flags] == ["clock_skew"]
    assert flags[0]["params"]["minutes"] == pytest.approx(24 * 60, abs=1)
    assert flags[0]["detail"] == "The phone's clock was 24.0 h ahead of the server's"
    assert visit_flags(flow, vid, "da")[0]["detail"] != flags[0]["detail"]


def test_a_day_ahead_finish_is_flagged_without_the_header(flow, real_skew_limit):
    vid = flow.in_state("accepted")
    started, finished, _now = times(timedelta(days=1))
    checkin = {**flow.body(vid)["checkin"], "at": started}
    assert (
        submit(flow, vid, started_at=started, finished_at=finished, checkin=checkin).status_code
        == 201
    )
    assert codes(flow, vid) == ["clock_skew"]


def test_a_phone_a_day_behind_is_judged_by_the_server_clock(flow, real_skew_limit):
    # Started "yesterday" by the phone, before the window opened today: by the server's clock
    # (the phone said it was a day behind) the visit was inside its window.
    vid = flow.in_state("accepted")
    started, finished, now = times(timedelta(days=-1))
    checkin = {**flow.body(vid)["checkin"], "at": started}
    body = {"started_at": started, "finished_at": finished, "checkin": checkin}
    assert submit(flow, vid, headers={"X-Client-Time": now}, **body).status_code == 201
    assert codes(flow, vid) == ["clock_skew"]
    assert "behind" in visit_flags(flow, vid)[0]["detail"]
    # Without the phone's reading the server cannot know, and the window is judged as sent.
    other = flow.in_state("accepted", store=1)
    checkin = {**flow.body(other, store=1)["checkin"], "at": started}
    assert submit(flow, other, store=1, **{**body, "checkin": checkin}).status_code == 201
    assert codes(flow, other) == ["outside_window"]


def test_an_honest_clock_is_not_flagged(flow, real_skew_limit):
    vid = flow.in_state("accepted")
    started, finished, now = times(timedelta(seconds=40))
    checkin = {**flow.body(vid)["checkin"], "at": started}
    body = {"started_at": started, "finished_at": finished, "checkin": checkin}
    assert submit(flow, vid, headers={"X-Client-Time": now}, **body).status_code == 201
    assert codes(flow, vid) == []


@pytest.mark.parametrize("header", ["yesterday", "2026-12-03T10:00:00"])
def test_an_unreadable_client_time_is_422(flow, header):
    vid = flow.in_state("accepted")
    response = submit(flow, vid, headers={"X-Client-Time": header})
    assert response.status_code == 422
    assert "X-Client-Time" in response.json["errors"]["headers"]
    assert flow.shopper.get(f"/api/v1/visits/{vid}").json["status"] == "accepted"


def answers_with(why=None, comment=None):
    answers = []
    for answer in full_answers():
        if answer["question"] == "why" and why is not None:
            answer = {**answer, "value": why}
        if answer["question"] == "mood" and comment is not None:
            answer = {**answer, "comment": comment}
        answers.append(answer)
    if why is not None and not any(a["question"] == "why" for a in answers):
        answers.insert(-1, {"question": "why", "value": why})
    return answers


def test_a_copied_text_answer_is_flagged(flow):
    earlier = flow.in_state("accepted", store=0)
    assert submit(flow, earlier, answers=answers_with(why=REVIEW)).status_code == 201
    assert codes(flow, earlier) == []
    vid = flow.in_state("accepted", store=1)
    assert submit(flow, vid, store=1, answers=answers_with(why=REVIEW)).status_code == 201
    flags = visit_flags(flow, vid)
    assert [f["code"] for f in flags] == ["copied_comment"]
    assert flags[0]["params"] == {
        "question": "why",
        "part": "value",
        "excerpt": REVIEW[:40],
        "similarity": 1.0,
        "visit_id": earlier,
    }
    assert f"also appears in visit {earlier}" in flags[0]["detail"]


def test_a_near_copied_comment_is_flagged(flow):
    earlier = flow.in_state("accepted", store=0)
    assert submit(flow, earlier, answers=answers_with(comment=REVIEW)).status_code == 201
    vid = flow.in_state("accepted", store=1)
    # The copy lands in the text answer: every text the shopper writes is compared.
    assert submit(flow, vid, store=1, answers=answers_with(why=NEAR_COPY)).status_code == 201
    flags = visit_flags(flow, vid)
    assert [f["code"] for f in flags] == ["copied_comment"]
    assert 0.8 <= flags[0]["params"]["similarity"] < 1
    assert flags[0]["params"]["visit_id"] == earlier
    assert "% like a text in visit" in flags[0]["detail"]


def test_honest_varied_texts_are_not_flagged(flow):
    visits = []
    for index, text in enumerate(HONEST[:3]):  # one visit per store (the rotation rule)
        store = index
        vid = flow.in_state("accepted", store=store)
        comment = ([*HONEST[3:], HONEST[0][::-1]])[index] + " Otherwise a normal visit."
        response = submit(flow, vid, store=store, answers=answers_with(why=text, comment=comment))
        assert response.status_code == 201
        visits.append(vid)
    assert [codes(flow, vid) for vid in visits] == [[] for _ in visits]


def test_texts_of_the_same_visit_are_not_compared(flow):
    vid = flow.in_state("accepted")
    answers = answers_with(why=REVIEW, comment=REVIEW)
    assert submit(flow, vid, answers=answers).status_code == 201
    assert codes(flow, vid) == []
    assert flow.review(vid, "return", "Again").status_code == 200
    assert submit(flow, vid, answers=answers).status_code == 201
    assert codes(flow, vid) == []


def test_flag_details_are_in_the_readers_language(flow):
    vid = flow.in_state("accepted")
    assert submit(flow, vid, checkin=None).status_code == 201
    assert shown(visit_flags(flow, vid)) == [
        {"code": "no_checkin", "detail": "No check-in location was recorded."}
    ]
    danish = visit_flags(flow, vid, "da")[0]["detail"]
    swedish = visit_flags(flow, vid, "sv")[0]["detail"]
    assert len({danish, swedish, "No check-in location was recorded."}) == 3


def test_the_purge_removes_the_index_rows_with_the_photos_and_comments(app, flow):
    from mystery.privacy.purge import purge

    vid, _first, media_uuid, _photo = returned_with_photo(flow)
    second = new_uuid()
    answers = [*answers_with(why=REVIEW, comment=NEAR_COPY)[:-1], with_photo(media_uuid)[-1]]
    assert submit(flow, vid, second, answers=answers).status_code == 201
    assert flow.review(vid, "approve").status_code == 200
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(PhotoBand)) == 3
        parts = set(db.session.scalars(sa.select(TextBand.part)))
        assert parts == {"value", "comment"}
        purge(-1)
        db.session.commit()
        assert db.session.scalar(sa.select(sa.func.count()).select_from(PhotoBand)) == 0
        assert db.session.scalar(sa.select(sa.func.count()).select_from(MediaLink)) == 0
        assert set(db.session.scalars(sa.select(TextBand.part))) == {"value"}

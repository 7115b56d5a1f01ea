"""Every event of DESIGN §14 becomes an in-app notification and an e-mail, in the recipient's
language, with the store's name in the subject, against a real SMTP server."""

import pytest

from tests.notifications.conftest import deliver, rows, set_locale
from tests.notifications.servers import parts


def only_mail(smtp, count=1):
    messages = smtp.inbox.wait_for(count)
    assert len(messages) == count, [m["Subject"] for _, m in messages]
    return messages


def test_assignment_mails_the_shopper_in_danish(app, smtp, flow):
    set_locale(app, flow.shopper_id, "da")
    vid = flow.open_visit()
    store = flow.store().name
    assert flow.assign(vid).status_code == 200
    assert smtp.inbox.messages == []  # nothing leaves before the worker runs
    deliver(app)
    [(recipients, message)] = only_mail(smtp)
    assert recipients == [flow.field.shopper_user.email]
    assert message["To"] == flow.field.shopper_user.email
    assert message["Subject"] == f"Nyt besøg: {store}"
    assert message["Content-Language"] == "da"
    text, html = parts(message)
    assert f"Hej {flow.field.shopper_user.name}," in text
    assert f"Du har fået et nyt besøg i {store}" in text
    assert f"/visits/{vid}" in text
    assert f"Du har fået et nyt besøg i {store}" in html and '<html lang="da">' in html
    # and in the app, in the reader's language
    listed = flow.shopper.get("/api/v1/me/notifications", headers={"Accept-Language": "sv"})
    assert listed.status_code == 200
    assert listed.json[0]["title"] == f"Nytt besök: {store}"
    assert listed.json[0]["read"] is False and listed.json[0]["visit_id"] == vid
    assert listed.headers["X-Unread-Count"] == "1"


def test_return_mails_the_note_in_swedish(app, smtp, flow):
    set_locale(app, flow.shopper_id, "sv")
    vid = flow.in_state("submitted")
    deliver(app)
    before = len(smtp.inbox.messages)
    assert flow.review(vid, "return", "Fotot av disken saknas").status_code == 200
    deliver(app)
    messages = only_mail(smtp, before + 1)
    _recipients, message = messages[-1]
    assert message["Subject"] == f"Besök returnerat: {flow.store().name}"
    text, _html = parts(message)
    assert "med den här anteckningen: Fotot av disken saknas" in text


def test_approval_mails_the_fee_in_the_shoppers_language(app, smtp, flow):
    vid = flow.in_state("submitted")
    set_locale(app, flow.shopper_id, "da")
    assert flow.review(vid, "approve").status_code == 200
    deliver(app)
    subjects = {m["Subject"]: m for _, m in smtp.inbox.wait_for(2)}
    message = subjects[f"Besøg godkendt: {flow.store().name}"]
    text, _html = parts(message)
    assert "Honorar: 350,00" in text and "kr." in text


def test_cancel_and_reassign_tell_the_former_shopper(app, smtp, flow, create_user):
    first = flow.in_state("accepted")
    assert flow.coordinator.post(f"/api/v1/visits/{first}/cancel", json={}).status_code == 200
    second = flow.in_state("assigned", store=1)
    other, _api = flow.shopper_client(create_user)
    assert flow.assign(second, shopper_id=other.id).status_code == 200
    deliver(app)
    kinds = [(r["user_id"], r["kind"]) for r in rows(app, channel="app")]
    assert (flow.shopper_id, "visit_cancelled") in kinds
    assert (flow.shopper_id, "visit_reassigned") in kinds
    assert (other.id, "visit_assigned") in kinds
    subjects = [m["Subject"] for _, m in smtp.inbox.wait_for(5)]
    assert f"Visit cancelled: {flow.store().name}" in subjects
    assert f"Visit reassigned: {flow.store(1).name}" in subjects


def test_claiming_tells_nobody(app, smtp, flow):
    vid = flow.open_visit()
    assert flow.shopper.post(f"/api/v1/visits/{vid}/claim", json={}).status_code == 200
    assert rows(app) == []


def test_critical_failure_reaches_only_client_users_who_see_the_store(
    app, smtp, flow, create_user, create_client
):
    client_id = flow.field.client.id
    everyone = create_user("client", client_id=client_id, locale="sv")
    regional = create_user("client", client_id=client_id, regions=["Elsewhere"])
    local = create_user("client", client_id=client_id, regions=["Hovedstaden"])
    outsider = create_user("client", client_id=create_client(name="Other").id)
    vid = flow.open_visit()
    flow.assign(vid)
    flow.accept(vid)
    assert flow.submit(vid, answers=_failing_critical()).status_code == 201
    assert flow.review(vid, "approve").status_code == 200
    told = {r["user_id"] for r in rows(app, kind="critical_failure", channel="app")}
    assert told == {everyone.id, local.id}
    assert regional.id not in told and outsider.id not in told
    deliver(app)
    mails = {tuple(r): m for r, m in smtp.inbox.wait_for(4)}
    message = mails[(everyone.email,)]
    assert message["Subject"] == f"Kritiskt fel i {flow.store().name}"
    assert "totalpoängen är 0" in parts(message)[0]
    assert (regional.email,) not in mails and (outsider.email,) not in mails


def _failing_critical():
    from tests.conftest import full_answers

    return full_answers(greeted=False)


def test_report_job_done_tells_who_asked(app, smtp, flow):
    from mystery.extensions import db
    from mystery.jobs.models import ReportJob
    from mystery.jobs.runs import finish

    wave = flow.field.wave()
    with app.app_context():
        job = ReportJob(
            wave_id=wave["id"], requested_by=flow.coordinator.user.id, lang="en", status="running"
        )
        db.session.add(job)
        db.session.commit()
        finish(job.id, b"PK\x05\x06" + b"\0" * 18)
    deliver(app)
    [(recipients, message)] = only_mail(smtp)
    assert recipients == [flow.coordinator.user.email]
    assert message["Subject"] == "Reports ready: Wave 1"


@pytest.mark.parametrize("language", ["en", "da", "sv"])
def test_every_kind_has_its_words_in_every_language(app, language):
    from mystery.notifications.kinds import KINDS
    from mystery.notifications.render import render_mail

    params = {
        "store": "Kaffebaren Aarhus C",
        "address": "Søndergade 1, Aarhus",
        "wave": "Q4",
        "start": "2026-12-01T08:00:00+00:00",
        "end": "2026-12-14T20:00:00+00:00",
        "date": "2026-12-05",
        "note": "n",
        "fee": "350.00",
        "currency": "DKK",
        "zone": "da",
        "link": "/visits/1",
    }
    english = {}
    with app.test_request_context():
        for name in KINDS:
            subject, text, html = render_mail(name, params, language, "Ada")
            assert "%(" not in subject + text, (name, subject, text)
            assert "Kaffebaren Aarhus C" in subject or name in ("report_job_done", "password_reset")
            assert "<" not in text and "Ada" in html
            english[name] = render_mail(name, params, "en", "Ada")
            if language != "en":
                assert subject != english[name][0], f"{name} is not translated to {language}"
                assert text != english[name][1], f"{name}'s mail is not in {language}"


def test_danish_dates_are_ordinal_and_a_fee_ends_the_sentence_once(app):
    from mystery.notifications.render import render_text

    params = {"store": "Kaffebaren", "fee": "350.00", "currency": "DKK", "zone": "da"}
    with app.test_request_context():
        _subject, approved = render_text("visit_approved", params, "da")
        assert approved.replace("\xa0", " ").endswith("Honorar: 350,00 kr."), approved
        _subject, planned = render_text(
            "reminder_scheduled", {**params, "address": "Ryesgade 15", "date": "2026-12-07"}, "da"
        )
        assert "7. december 2026" in planned, planned
        _subject, planned = render_text(
            "reminder_scheduled", {**params, "address": "Ryesgade 15", "date": "2026-12-07"}, "sv"
        )
        assert "7 december 2026" in planned, planned

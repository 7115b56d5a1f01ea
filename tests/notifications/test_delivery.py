"""Delivery of the e-mail outbox: after the commit, retried with backoff, never failing the
action; a refused address is logged and given up; opt-out per kind; the in-app list."""

import logging
import time
from datetime import timedelta

from mystery.database import utcnow
from tests.notifications.conftest import deliver, rows
from tests.notifications.servers import SmtpServer, free_port


def test_a_mail_server_that_is_down_fails_nothing_and_mail_arrives_when_it_is_back(app, flow):
    port = free_port()
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=port, NOTIFY_DELIVERY="manual")
    try:
        vid = flow.open_visit()
        started = time.monotonic()
        response = flow.assign(vid)
        assert response.status_code == 200  # the action is unaffected…
        assert time.monotonic() - started < 5  # …and not slowed by the mail
        deliver(app)  # nobody listens on the port yet
        [mail] = rows(app, channel="email")
        assert mail["status"] == "pending" and mail["attempts"] == 1
        assert "ConnectionRefused" in mail["last_error"]
        # the first retry is due within 60 seconds
        assert mail["next_attempt_at"] <= utcnow() + timedelta(seconds=60)
        server = SmtpServer(port).start()
        try:
            deliver(app)  # not yet due: nothing is sent early
            assert server.inbox.messages == []
            deliver(app, now=utcnow() + timedelta(seconds=61))
            [(recipients, message)] = server.inbox.wait_for(1)
            assert recipients == [flow.field.shopper_user.email]
            assert message["Subject"] == f"New visit: {flow.store().name}"
            [mail] = rows(app, channel="email")
            assert mail["status"] == "sent" and mail["attempts"] == 2
        finally:
            server.stop()
    finally:
        app.config.update(SMTP_HOST="", SMTP_PORT=25, NOTIFY_DELIVERY="auto")


def test_a_refused_address_is_logged_and_not_retried(app, smtp, flow, caplog):
    smtp.inbox.refuse.add(flow.field.shopper_user.email)
    vid = flow.open_visit()
    assert flow.assign(vid).status_code == 200
    with caplog.at_level(logging.WARNING, logger="mystery.notifications.delivery"):
        deliver(app)
    [mail] = rows(app, channel="email")
    assert mail["status"] == "failed" and mail["attempts"] == 1
    assert "550" in mail["last_error"]
    assert any("refused for good" in r.getMessage() for r in caplog.records)
    deliver(app, now=utcnow() + timedelta(days=2))
    assert rows(app, channel="email")[0]["attempts"] == 1  # never tried again
    assert smtp.inbox.messages == []
    # the visit went on regardless, and the in-app notification is there
    assert flow.visit_row(vid).status == "assigned"
    assert len(rows(app, channel="app")) == 1


def test_transient_failures_stop_after_the_last_attempt(app, flow):
    app.config.update(
        SMTP_HOST="127.0.0.1", SMTP_PORT=free_port(), NOTIFY_DELIVERY="manual", MAIL_MAX_ATTEMPTS=3
    )
    try:
        flow.assign(flow.open_visit())
        moment = utcnow()
        for _ in range(5):
            moment += timedelta(hours=2)
            deliver(app, now=moment)
        [mail] = rows(app, channel="email")
        assert mail["status"] == "failed" and mail["attempts"] == 3
    finally:
        app.config.update(SMTP_HOST="", SMTP_PORT=25, NOTIFY_DELIVERY="auto", MAIL_MAX_ATTEMPTS=12)


def test_the_worker_delivers_after_the_commit_without_being_asked(app, flow):
    server = SmtpServer().start()
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=server.port, NOTIFY_DELIVERY="auto")
    try:
        assert flow.assign(flow.open_visit()).status_code == 200
        [(recipients, message)] = server.inbox.wait_for(1)
        assert recipients == [flow.field.shopper_user.email]
        assert message["Subject"].startswith("New visit: ")
    finally:
        app.config.update(SMTP_HOST="", SMTP_PORT=25)
        server.stop()
        _quiet(app)


def _quiet(app):
    """Wait until the delivery thread has nothing left in flight."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(r["status"] == "pending" for r in rows(app)):
        time.sleep(0.05)


def test_a_rolled_back_action_writes_and_sends_nothing(app, smtp, flow):
    from mystery.auth.models import User
    from mystery.extensions import db
    from mystery.visits import services
    from mystery.visits.models import Visit

    vid = flow.open_visit()
    with app.test_request_context(method="POST"):
        coordinator = db.session.get(User, flow.coordinator.user.id)
        services.assign(db.session.get(Visit, vid), coordinator, flow.shopper_id)
        db.session.flush()
        db.session.rollback()  # as the request does on any error answer
    deliver(app)
    assert rows(app) == []
    assert smtp.inbox.messages == []


def test_e_mail_can_be_turned_off_per_kind(app, smtp, flow):
    settings = flow.shopper.get("/api/v1/me/notification-settings")
    assert settings.status_code == 200
    by_kind = {s["kind"]: s for s in settings.json}
    assert by_kind["visit_assigned"]["email"] is True
    assert by_kind["password_reset"]["optional"] is False
    changed = flow.shopper.put(
        "/api/v1/me/notification-settings",
        json={"kinds": {"visit_assigned": False, "password_reset": False}},
    )
    assert changed.status_code == 200
    by_kind = {s["kind"]: s for s in changed.json}
    assert by_kind["visit_assigned"]["email"] is False
    assert by_kind["password_reset"]["email"] is True  # cannot be turned off
    flow.assign(flow.open_visit())
    deliver(app)
    assert smtp.inbox.messages == []
    assert [r["kind"] for r in rows(app)] == ["visit_assigned"]  # in-app only
    bad = flow.shopper.put("/api/v1/me/notification-settings", json={"kinds": {"nope": True}})
    assert bad.status_code == 422 and "kinds" in bad.json["errors"]["json"]


def test_without_smtp_host_notifications_stay_in_the_app(app, flow):
    assert not app.config.get("SMTP_HOST")
    flow.assign(flow.open_visit())
    assert [r["channel"] for r in rows(app)] == ["app"]


def test_the_list_and_marking_read(app, flow, auth):
    first, second = flow.open_visit(), flow.open_visit(store=1)
    flow.assign(first)
    flow.assign(second)
    listed = flow.shopper.get("/api/v1/me/notifications")
    assert [n["visit_id"] for n in listed.json] == [second, first]  # newest first
    assert flow.shopper.get("/api/v1/me/notifications/unread").json == {"unread": 2}
    newest = listed.json[0]["id"]
    marked = flow.shopper.post("/api/v1/me/notifications/read", json={"ids": [newest]})
    assert marked.status_code == 200 and marked.json == {"read": 1, "unread": 1}
    listed = flow.shopper.get("/api/v1/me/notifications")
    assert [n["read"] for n in listed.json] == [True, False]
    # someone else's ids are not theirs to mark
    other = auth("shopper")
    assert other.post("/api/v1/me/notifications/read", json={"ids": [newest + 1]}).json == {
        "read": 0,
        "unread": 0,
    }
    assert other.get("/api/v1/me/notifications").json == []
    assert flow.shopper.post("/api/v1/me/notifications/read", json={}).json["unread"] == 0
    bad = flow.shopper.post("/api/v1/me/notifications/read", json={"ids": ["x"]})
    assert bad.status_code == 422
    assert (
        flow.shopper.post(
            "/api/v1/me/notifications/read", json={"ids": list(range(1, 502))}
        ).status_code
        == 422
    )


def test_notifications_need_a_sign_in(anon):
    assert anon.get("/api/v1/me/notifications").status_code == 401
    assert anon.post("/api/v1/me/notifications/read", json={}).status_code == 401

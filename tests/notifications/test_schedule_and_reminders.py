"""Scheduling inside the window (422 on `date` outside it), shown on the board and in
"My visits"; reminders once each however often `send-reminders` runs."""

from datetime import UTC, date, datetime, timedelta

from tests.notifications.conftest import deliver, rows


def schedule(api, vid, day):
    value = day.isoformat() if isinstance(day, date) else day
    return api.post(f"/api/v1/visits/{vid}/schedule", json={"date": value})


def test_the_shopper_schedules_inside_the_window(app, flow):
    vid = flow.in_state("accepted")  # a window from today to 14 days on
    day = date.today() + timedelta(days=3)
    response = schedule(flow.shopper, vid, day)
    assert response.status_code == 200, response.json
    assert response.json["scheduled_on"] == day.isoformat()
    mine = flow.shopper.get("/api/v1/me/visits").json
    assert [v["scheduled_on"] for v in mine if v["id"] == vid] == [day.isoformat()]
    board = flow.coordinator.get(f"/api/v1/visits?wave_id={response.json['wave_id']}").json
    assert board[0]["scheduled_on"] == day.isoformat()
    events = [e["action"] for e in flow.events(vid)]
    assert "schedule" in events
    assert schedule(flow.shopper, vid, None).json["scheduled_on"] is None


def test_a_day_outside_the_window_is_422_on_date(app, flow):
    vid = flow.in_state("accepted")
    for day in (date.today() - timedelta(days=1), date.today() + timedelta(days=15)):
        response = schedule(flow.shopper, vid, day)
        assert response.status_code == 422, response.json
        assert list(response.json["errors"]["json"]) == ["date"]
        assert response.json["message"]
    danish = flow.shopper.post(
        f"/api/v1/visits/{vid}/schedule",
        json={"date": "2001-01-01"},
        headers={"Accept-Language": "da"},
    )
    assert danish.json["errors"]["json"]["date"][0].startswith("Vælg en dag mellem")
    for junk in ("tomorrow", 5, "2026-02-30", ""):
        assert schedule(flow.shopper, vid, junk).status_code == 422
    assert flow.shopper.post(f"/api/v1/visits/{vid}/schedule", json={}).status_code == 422
    assert flow.visit_row(vid).scheduled_on is None


def test_only_the_holder_of_an_accepted_visit_schedules(app, flow, create_user, auth):
    day = date.today() + timedelta(days=1)
    assigned = flow.in_state("assigned")
    response = schedule(flow.shopper, assigned, day)
    assert response.status_code == 409 and response.json["errors"]["status"] == ["assigned"]
    accepted = flow.in_state("accepted", store=1)
    _other, other_api = flow.shopper_client(create_user)
    assert schedule(other_api, accepted, day).status_code == 404
    assert schedule(flow.coordinator, accepted, day).status_code == 404
    assert (
        schedule(auth("client", client_id=flow.field.client.id), accepted, day).status_code == 404
    )
    assert schedule(flow.shopper, 987654, day).status_code == 404


def run_reminders(app, now=None):
    from mystery.extensions import db
    from mystery.notifications.reminders import send_reminders

    with app.app_context():
        count = send_reminders(now)
        db.session.commit()
        return count


def test_the_day_before_a_scheduled_visit_reminds_once(app, smtp, flow):
    vid = flow.in_state("accepted")
    tomorrow = date.today() + timedelta(days=1)
    assert schedule(flow.shopper, vid, tomorrow).status_code == 200
    # noon in Copenhagen (the client's zone) today
    noon = datetime.combine(date.today(), datetime.min.time(), UTC) + timedelta(hours=11)
    assert run_reminders(app, noon) == 1
    assert run_reminders(app, noon) == 0
    assert run_reminders(app, noon + timedelta(hours=5)) == 0
    deliver(app)
    deliver(app)
    reminders = [m for _, m in smtp.inbox.wait_for(2) if m["Subject"].startswith("Reminder")]
    assert [m["Subject"] for m in reminders] == [f"Reminder: visit to {flow.store().name} tomorrow"]
    assert len(rows(app, kind="reminder_scheduled", channel="app")) == 1


def test_a_window_ending_within_24_hours_reminds_once(app, smtp, flow):
    vid = flow.in_state("accepted")
    end = flow.visit_row(vid).window_end
    assert run_reminders(app, end - timedelta(hours=30)) == 0  # too early
    assert run_reminders(app, end - timedelta(hours=20)) == 1
    assert run_reminders(app, end - timedelta(hours=2)) == 0
    [row] = rows(app, kind="reminder_window_ending", channel="app")
    assert row["visit_id"] == vid and row["user_id"] == flow.shopper_id
    submitted = flow.in_state("submitted", store=1)
    assert run_reminders(app, flow.visit_row(submitted).window_end - timedelta(hours=2)) == 0


def test_the_command_runs_and_is_idempotent(app, flow):
    vid = flow.in_state("accepted")
    schedule(flow.shopper, vid, date.today() + timedelta(days=1))
    runner = app.test_cli_runner()
    first = runner.invoke(args=["send-reminders"])
    assert first.exit_code == 0, first.output
    sent = int(first.output.split("Sent ")[1].split()[0])
    assert sent == len(rows(app, channel="app", kind="reminder_scheduled")) + len(
        rows(app, channel="app", kind="reminder_window_ending")
    )
    second = runner.invoke(args=["send-reminders"])
    assert second.exit_code == 0 and "Sent 0 reminders." in second.output
    assert app.config["NOTIFY_DELIVERY"] == "auto"

"""The bell in every face, the notifications list and settings, scheduling a visit, and
"Forgot password?" through a real SMTP server, in Chromium."""

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from mystery.extensions import db
from tests.e2e.conftest import sign_in
from tests.e2e.test_screens import CHECK_LAYOUT, MIN_TARGET
from tests.notifications.servers import SmtpServer, parts


def tell(app, user_id, store="Kaffebaren Strøget", kind="visit_assigned"):
    """Write a notification for a user as an event would."""
    from mystery.auth.models import User
    from mystery.notifications.services import notify

    with app.test_request_context(method="POST"):
        params = {"store": store, "address": "Strøget 1", "start": None, "end": None, "note": ""}
        notify(db.session.get(User, user_id), kind, params)
        db.session.commit()


def test_the_bell_counts_and_the_list_opens_the_visit(context, programme):
    visit_id = programme.visit("assigned")  # the shopper hears of it
    page = context.new_page()
    sign_in(page, programme.shopper.email)
    bell = page.get_by_role("link", name=re.compile("^Notifications"))
    expect(bell).to_have_accessible_name("Notifications, 1 unread")
    expect(page.locator(".bell-count")).to_have_text("1")
    bell.click()
    expect(page.get_by_role("heading", name="Notifications", level=1)).to_be_visible()
    item = page.get_by_role("link", name="New visit: Kaffebaren Strøget")
    expect(item).to_be_visible()
    expect(page.locator("li.notification.unread")).to_contain_text("Unread")
    fits(page)
    item.click()
    expect(page).to_have_url(re.compile(f"/visits/{visit_id}$"))
    expect(page.get_by_role("link", name="Notifications, none unread")).to_be_visible()
    listed = programme.shopper_api.get("/api/v1/me/notifications").json
    assert [n["read"] for n in listed] == [True]
    page.goto("/notifications/settings")
    expect(page.get_by_label("A visit is assigned to me")).to_be_checked()
    fits(page)


def fits(page):
    """Every target thumb-sized, every input labelled, nothing wider than the phone."""
    assert page.evaluate(CHECK_LAYOUT, MIN_TARGET) == []


def test_the_bell_is_in_the_staff_faces_and_settings_turn_mail_off(
    desk, staff_sign_in, programme, create_user
):
    client_user = create_user("client", client_id=programme.client.id)
    for user_id in (programme.coordinator.user.id, client_user.id):
        tell(programme.app, user_id, kind="critical_failure")
    page = desk
    staff_sign_in(page, programme.coordinator.user.email, "Waves")
    expect(page.get_by_role("link", name="Notifications, 1 unread")).to_be_visible()
    page.get_by_role("link", name="Notifications, 1 unread").click()
    expect(
        page.get_by_role("heading", name="Critical failure at Kaffebaren Strøget")
    ).to_be_visible()
    page.get_by_role("button", name="Mark all as read").click()
    expect(page.get_by_role("link", name="Notifications, none unread")).to_be_visible()
    page.get_by_role("link", name="Notification settings").click()
    page.get_by_label("A visit fails a critical question").uncheck()
    expect(page.get_by_label("Password reset")).to_be_disabled()
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_text("Settings saved.")).to_be_visible()
    settings = programme.coordinator.get("/api/v1/me/notification-settings").json
    assert {s["kind"]: s["email"] for s in settings}["critical_failure"] is False
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    staff_sign_in(page, client_user.email, "Dashboard")
    expect(page.get_by_role("link", name="Notifications, 1 unread")).to_be_visible()


def test_the_shopper_plans_the_day_and_sees_it_on_my_visits(context, programme):
    visit_id = programme.visit("accepted")
    page = context.new_page()
    sign_in(page, programme.shopper.email)
    page.goto(f"/visits/{visit_id}")
    day = date.today() + timedelta(days=2)
    page.get_by_label("Planned day").fill(day.isoformat())
    page.get_by_role("button", name="Save day").click()
    expect(page.locator("p.scheduled")).to_be_visible()
    assert programme.shopper_api.get(f"/api/v1/visits/{visit_id}").json["scheduled_on"] == (
        day.isoformat()
    )
    page.get_by_role("link", name="My visits").click()
    card = page.locator(f"li[data-visit-id='{visit_id}']")
    expect(card.locator("p.scheduled")).to_contain_text("Planned day")


@pytest.fixture
def mail(app):
    """A real SMTP server the live server mails to, its worker delivering after the commit."""
    server = SmtpServer().start()
    saved = {k: app.config.get(k) for k in ("SMTP_HOST", "SMTP_PORT", "NOTIFY_DELIVERY")}
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=server.port, NOTIFY_DELIVERY="auto")
    yield server
    server.stop()
    app.config.update(saved)


def test_forgot_password_mails_a_link_that_sets_a_new_password(context, programme, mail):
    page = context.new_page()
    page.goto("/login")
    page.get_by_role("link", name="Forgot password?").click()
    expect(page.get_by_role("heading", name="Forgot password", level=1)).to_be_visible()
    page.get_by_label("Email").fill(programme.shopper.email)
    page.get_by_role("button", name="Send reset link").click()
    expect(page.get_by_text("a reset link is on its way")).to_be_visible()
    fits(page)
    [(recipients, message)] = mail.inbox.wait_for(1)
    assert recipients == [programme.shopper.email]
    assert message["Subject"] == "Reset your password"
    link = re.search(r"https?://\S+/reset-password\?token=[\w-]+", parts(message)[0]).group(0)
    assert link.startswith(context.pages[0].url.split("/login")[0].split("/forgot")[0])
    page.goto(link)
    expect(page.get_by_role("heading", name="Choose a new password", level=1)).to_be_visible()
    fits(page)
    page.get_by_label("New password", exact=True).fill("a brand new passphrase")
    page.get_by_label("Repeat new password").fill("a brand new passphrase")
    page.get_by_role("button", name="Set new password").click()
    expect(page.get_by_text("Your password is changed")).to_be_visible()
    # the link works once
    page.goto(link)
    page.get_by_label("New password", exact=True).fill("another passphrase here")
    page.get_by_label("Repeat new password").fill("another passphrase here")
    page.get_by_role("button", name="Set new password").click()
    expect(page.get_by_text("invalid, used or expired")).to_be_visible()
    sign_in(page, programme.shopper.email, "a brand new passphrase")

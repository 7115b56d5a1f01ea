"""The admin's face: users: create (with client scoping), deactivate, activate, reset a password."""

from playwright.sync_api import expect

from mystery.auth.models import User
from tests.conftest import ApiClient
from tests.e2e.conftest import rows


def test_admin_creates_deactivates_and_resets_a_user(
    desk, staff_sign_in, app, create_client, create_user
):
    client = create_client(name="Kaffebaren", locale="da")
    admin = create_user("admin")
    page = desk
    staff_sign_in(page, admin.email, "Waves")
    page.get_by_role("link", name="Users").click()
    expect(page.get_by_role("heading", name="Users", level=1)).to_be_visible()

    page.get_by_text("New user").click()
    page.get_by_label("Role", exact=True).select_option("client")
    page.get_by_label("Email").fill("katrine@kaffebaren.dk")
    page.get_by_label("Name", exact=True).fill("Katrine Vestergaard")
    page.get_by_label("Password").fill("short")
    page.get_by_label("Client", exact=True).select_option(str(client.id))
    page.get_by_label("Regions (optional)").fill("Hovedstaden, Midtjylland")
    page.get_by_role("button", name="Create user").click()
    # The server's message sits at the password; what was typed stays.
    expect(page.locator(".field-password .field-error")).to_be_visible()
    expect(page.get_by_label("Email")).to_have_value("katrine@kaffebaren.dk")
    page.get_by_label("Password").fill("a-long-enough-password")
    page.get_by_role("button", name="Create user").click()
    row = page.locator("tr[data-email='katrine@kaffebaren.dk']")
    expect(row).to_contain_text("Client user · Kaffebaren (Hovedstaden, Midtjylland)")
    expect(row).to_contain_text("Active")
    user = rows(app, User, email="katrine@kaffebaren.dk")[0]
    assert user.role == "client" and user.client_id == client.id
    assert user.regions == ["Hovedstaden", "Midtjylland"]

    row.get_by_role("button", name="Deactivate").click()
    expect(page.locator("tr[data-email='katrine@kaffebaren.dk']")).to_contain_text("Deactivated")
    assert rows(app, User, email="katrine@kaffebaren.dk")[0].active is False
    api = ApiClient(app)
    assert api.login("katrine@kaffebaren.dk", "a-long-enough-password").status_code != 200

    row = page.locator("tr[data-email='katrine@kaffebaren.dk']")
    row.get_by_role("button", name="Activate").click()
    expect(page.locator("tr[data-email='katrine@kaffebaren.dk']")).to_contain_text("Active")
    row = page.locator("tr[data-email='katrine@kaffebaren.dk']")
    row.get_by_role("button", name="Reset password").click()
    row.get_by_label("New password for Katrine Vestergaard").fill("another-new-password")
    row.get_by_role("button", name="Set password", exact=True).click()
    expect(page.get_by_text("The password of Katrine Vestergaard was changed.")).to_be_visible()
    assert api.login("katrine@kaffebaren.dk", "another-new-password").status_code == 200

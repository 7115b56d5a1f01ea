"""The wave board's visits table searches, sorts and pages through the API like the other
staff tables (DESIGN §16), and its filters (status, region, shopper) go through the API too."""

from datetime import date, timedelta

from playwright.sync_api import expect

STORES = 27  # more than a page of 25


def big_wave(programme, create_store):
    """A wave over the programme's three stores and 24 more, 3 of them in Midtjylland."""
    extra = [
        create_store(
            client_id=programme.client.id,
            name=f"Kiosk {n:02d}",
            region="Midtjylland" if n < 3 else "Hovedstaden",
        )
        for n in range(STORES - 3)
    ]
    body = {
        "client_id": programme.client.id,
        "checklist_id": programme.checklist.id,
        "name": "Spring 2027",
        "starts_on": date.today().isoformat(),
        "ends_on": (date.today() + timedelta(days=14)).isoformat(),
        "fee": "350.00",
        "store_ids": [s.id for s in [*programme.stores, *extra]],
        "visits_per_store": 1,
    }
    wave = programme.coordinator.post("/api/v1/waves", json=body)
    assert wave.status_code == 201, wave.json
    return wave.json["id"]


def store_names(table):
    return [
        name.split("\n")[0] for name in table.locator("tbody tr td:first-child").all_inner_texts()
    ]


def test_board_searches_sorts_pages_and_filters(desk, staff_sign_in, programme, create_store):
    wave_id = big_wave(programme, create_store)
    visits = programme.coordinator.get(f"/api/v1/visits?wave_id={wave_id}&page_size=100").json
    held = next(v for v in visits if v["store"]["name"] == "Kaffebaren Vesterbro")
    assign = {"shopper_id": programme.shopper.id}
    assert (
        programme.coordinator.post(f"/api/v1/visits/{held['id']}/assign", json=assign).status_code
        == 200
    )
    page = desk
    staff_sign_in(page, programme.coordinator.user.email, "Waves")
    page.goto(f"/waves/{wave_id}")
    table = page.locator(".list-table")
    rows = table.locator("tbody tr")

    # Pages of 25.
    expect(rows).to_have_count(25)
    expect(table.get_by_role("status")).to_have_text("Page 1 of 2 (27)")
    table.get_by_role("button", name="Next page").click()
    expect(rows).to_have_count(2)
    expect(table.get_by_role("button", name="Next page")).to_be_disabled()
    table.get_by_role("button", name="Previous page").click()
    expect(rows).to_have_count(25)

    # Sort by store, both ways; the header says which way.
    table.get_by_role("button", name="Store").click()
    expect(rows.first).to_contain_text("Kaffebaren Nørreport")
    expect(table.locator("th[aria-sort='ascending']")).to_contain_text("Store")
    table.get_by_role("button", name="Store").click()
    expect(rows.first).to_contain_text("Kiosk 23")
    expect(table.locator("th[aria-sort='descending']")).to_contain_text("Store")
    names = store_names(table)
    assert names == sorted(names, reverse=True), names

    # Search: by store name, by the shopper's name.
    page.get_by_label("Search").fill("kiosk 0")
    expect(rows).to_have_count(10)
    expect(table.get_by_role("status")).to_have_text("Page 1 of 1 (10)")
    page.get_by_label("Search").fill(programme.shopper.name)
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Kaffebaren Vesterbro")
    page.get_by_label("Search").fill("")
    expect(rows).to_have_count(25)

    # Filters, through the API, with the search and sort kept.
    page.get_by_label("Region").select_option("Midtjylland")
    expect(rows).to_have_count(3)
    assert store_names(table) == ["Kiosk 02", "Kiosk 01", "Kiosk 00"]
    page.get_by_label("Region").select_option("")
    page.get_by_label("Shopper", exact=True).select_option(label=programme.shopper.name)
    expect(rows).to_have_count(1)
    expect(rows.first).to_have_attribute("data-visit-id", str(held["id"]))
    page.get_by_label("Shopper", exact=True).select_option(label="Not assigned")
    expect(table.get_by_role("status")).to_have_text("Page 1 of 2 (26)")
    page.get_by_label("Shopper", exact=True).select_option("")
    page.get_by_label("Status", exact=True).select_option("assigned")
    expect(rows).to_have_count(1)

    # Actions redraw the page they were taken on.
    rows.first.get_by_role(
        "button", name=f"Unassign visit {held['id']} at Kaffebaren Vesterbro"
    ).click()
    page.get_by_role("alertdialog").get_by_role("button", name="Unassign").click()
    expect(table).to_contain_text("No visits match these filters.")
    page.get_by_label("Status", exact=True).select_option("open")
    expect(table.get_by_role("status")).to_have_text("Page 1 of 2 (27)")

    # On a phone each stacked cell names its column in words.
    page.set_viewport_size({"width": 360, "height": 780})
    label = rows.first.locator("td").first.evaluate(
        "td => getComputedStyle(td, '::before').content"
    )
    assert label == '"Store"', label

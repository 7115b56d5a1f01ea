"""Finding 12: clients never see what a wave pays, as they never see it on visits."""


def test_clients_do_not_see_the_wave_fee(field, auth):
    wave = field.wave()
    assert field.coordinator.get(f"/api/v1/waves/{wave['id']}").json["fee"] == 350.0
    client = auth("client", client_id=field.client.id)
    for body in (
        client.get(f"/api/v1/waves/{wave['id']}").json,
        client.get("/api/v1/waves").json[0],
    ):
        assert body["id"] == wave["id"]
        assert "fee" not in body and "expense_cap" not in body


def test_a_fee_is_a_two_place_decimal(field):
    wave = field.wave(fee="12.35")
    assert wave["fee"] == 12.35
    third_place = field.coordinator.post(
        "/api/v1/waves",
        json={
            "client_id": field.client.id,
            "checklist_id": field.checklist.id,
            "name": "Exact",
            "starts_on": "2030-01-01",
            "ends_on": "2030-01-02",
            "fee": "12.345",
            "store_ids": [field.stores[0].id],
        },
    )
    # Money is never rounded silently: a third decimal place is refused at the field.
    assert third_place.status_code == 422
    assert third_place.json["errors"]["json"]["fee"] == ["Use at most 2 decimal places."]
    response = field.coordinator.post(
        "/api/v1/waves",
        json={
            "client_id": field.client.id,
            "checklist_id": field.checklist.id,
            "name": "Dear",
            "starts_on": "2030-01-01",
            "ends_on": "2030-01-02",
            "fee": "1000000.01",
            "store_ids": [field.stores[0].id],
        },
    )
    assert response.status_code == 422
    assert "fee" in response.json["errors"]["json"]

"""DELETE /stores/{id} and store search and sort (DESIGN §16)."""

import pytest

STORES = "/api/v1/stores"


def test_delete_a_store_without_visits(auth, create_store):
    store = create_store()
    coordinator = auth("coordinator")
    response = coordinator.delete(f"{STORES}/{store.id}")
    assert response.status_code == 204 and response.data == b""
    assert coordinator.get(f"{STORES}/{store.id}").status_code == 404
    assert coordinator.delete(f"{STORES}/{store.id}").status_code == 404


def test_a_store_with_visits_is_409(field):
    field.wave(store_ids=[field.stores[0].id])
    response = field.coordinator.delete(f"{STORES}/{field.stores[0].id}")
    assert response.status_code == 409
    assert field.stores[0].code in response.json["message"]
    assert field.coordinator.get(f"{STORES}/{field.stores[0].id}").status_code == 200


@pytest.mark.parametrize("role", ["shopper", "client"])
def test_delete_is_for_staff(auth, create_store, role):
    store = create_store()
    extra = {"client_id": store.client_id} if role == "client" else {}
    assert auth(role, **extra).delete(f"{STORES}/{store.id}").status_code == 404
    assert auth("coordinator").get(f"{STORES}/{store.id}").status_code == 200


def test_store_search_and_sort(auth, create_client, create_store):
    client = create_client()
    a = create_store(client_id=client.id, code="B2", name="Kaffebaren Aarhus")
    b = create_store(client_id=client.id, code="A1", name="Kaffebaren Odense")
    coordinator = auth("coordinator")
    assert [s["id"] for s in coordinator.get(f"{STORES}?q=odense").json] == [b.id]
    assert [s["id"] for s in coordinator.get(f"{STORES}?q=b2").json] == [a.id]
    assert [s["id"] for s in coordinator.get(f"{STORES}?sort=code").json] == [b.id, a.id]
    assert [s["id"] for s in coordinator.get(f"{STORES}?sort=-code").json] == [a.id, b.id]
    assert [s["id"] for s in coordinator.get(f"{STORES}?sort=name").json] == [a.id, b.id]
    # A LIKE wildcard is searched for literally.
    assert coordinator.get(f"{STORES}?q=%25").json == []


def test_patch_active_must_be_a_boolean(auth, create_store):
    store = create_store()
    response = auth("coordinator").patch(f"{STORES}/{store.id}", json={"active": "maybe"})
    assert response.status_code == 422
    assert list(response.json["errors"]["json"]) == ["active"]

"""A whole visit through its lifecycle."""

import uuid

from tests.conftest import full_answers


def test_visit_lifecycle_end_to_end(field):
    wave = field.wave()
    assert wave["visit_count"] == 3
    visits = field.coordinator.get(f"/api/v1/visits?wave_id={wave['id']}").json
    assert [v["status"] for v in visits] == ["open"] * 3
    vid = visits[0]["id"]
    r = field.coordinator.post(
        f"/api/v1/visits/{vid}/assign", json={"shopper_id": field.shopper_user.id}
    )
    assert r.status_code == 200, r.json
    assert r.json["status"] == "assigned"
    r = field.shopper.post(f"/api/v1/visits/{vid}/accept", json={})
    assert r.status_code == 200, r.json
    mine = field.shopper.get("/api/v1/me/visits").json
    assert mine[0]["checklist"]["definition"]["sections"][0]["key"] == "service"
    body = {
        "visit_id": vid,
        "answers": full_answers(),
        "started_at": "2026-11-22T10:00:00+01:00",
        "finished_at": "2026-11-22T10:30:00+01:00",
        "checkin": {
            "latitude": 55.6761,
            "longitude": 12.5683,
            "accuracy_m": 12,
            "at": "2026-11-22T10:00:00+01:00",
        },
    }
    sid = str(uuid.uuid4())
    r = field.shopper.put(f"/api/v1/submissions/{sid}", json=body)
    assert r.status_code == 201, r.json
    assert r.json["score"]["total"] == 100.0
    again = field.shopper.put(f"/api/v1/submissions/{sid}", json=body)
    assert again.status_code == 200 and again.json == r.json
    body["answers"] = full_answers(friendly=1)
    assert field.shopper.put(f"/api/v1/submissions/{sid}", json=body).status_code == 409
    visit = field.coordinator.get(f"/api/v1/visits/{vid}").json
    assert visit["status"] == "submitted", visit
    assert visit["photos"] == {"referenced": 1, "received": 0}
    r = field.coordinator.post(f"/api/v1/visits/{vid}/review", json={"decision": "approve"})
    assert r.status_code == 200 and r.json["status"] == "approved"

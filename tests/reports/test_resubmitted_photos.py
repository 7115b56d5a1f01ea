"""A returned visit's photos in its PDF after a resubmission that did not upload them again."""

import uuid

from tests.reports import pdf_fixtures
from tests.reports.pdf_fixtures import iso, pdfimages, pdftotext

programme = pdf_fixtures.programme


def test_the_visit_pdf_shows_a_photo_sent_under_the_first_submission(programme, tmp_path):
    _wave, visits = programme.wave(store_indexes=(0,))
    visit_id = programme.approve(visits[0]["id"], review=False)
    returned = programme.coordinator.post(
        f"/api/v1/visits/{visit_id}/review", json={"decision": "return", "note": "Fix it"}
    )
    assert returned.status_code == 200
    # Another device: it starts from previous_submission and uploads no photo.
    previous = programme.shopper.get(f"/api/v1/visits/{visit_id}").json["previous_submission"]
    body = {
        "visit_id": visit_id,
        "answers": previous["answers"],
        "started_at": iso(0, 11, 0),
        "finished_at": iso(0, 11, 30),
    }
    response = programme.shopper.put(f"/api/v1/submissions/{uuid.uuid4()}", json=body)
    assert response.status_code == 201, response.json
    visit = programme.coordinator.get(f"/api/v1/visits/{visit_id}").json
    assert visit["photos"] == {"referenced": 1, "received": 1}
    approve = programme.coordinator.post(
        f"/api/v1/visits/{visit_id}/review", json={"decision": "approve"}
    )
    assert approve.status_code == 200
    pdf = programme.coordinator.get(f"/api/v1/visits/{visit_id}/report.pdf?lang=en")
    assert pdf.status_code == 200
    assert len(pdfimages(pdf.data, tmp_path)) == 1
    assert "Kaffebaren" in pdftotext(pdf.data)

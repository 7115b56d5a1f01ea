"""Bulk report jobs with the in-process pool of worker processes (no Celery broker)."""

import io
import time
import zipfile
from datetime import timedelta

import pytest

from mystery.database import utcnow
from mystery.extensions import db
from mystery.jobs.models import ReportJob
from tests.reports import pdf_fixtures
from tests.reports.pdf_fixtures import pdftotext

approved_wave = pdf_fixtures.approved_wave
programme = pdf_fixtures.programme

TIMEOUT = 180


def wait_for(api, job_id, timeout=TIMEOUT):
    """Poll a job until it is done or failed; return its last state."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        response = api.get(f"/api/v1/report-jobs/{job_id}")
        assert response.status_code == 200, response.json
        if response.json["status"] in ("done", "failed"):
            return response.json
        time.sleep(0.2)
    pytest.fail(f"report job {job_id} did not finish in {timeout} s: {response.json}")


def open_zip(api, job_id):
    response = api.get(f"/api/v1/report-jobs/{job_id}/download")
    assert response.status_code == 200, response.json
    assert response.mimetype == "application/zip"
    return zipfile.ZipFile(io.BytesIO(response.data))


def add_job(app, wave_id, requested_by, status="running", age=timedelta(0), lang="da"):
    """Insert a job row directly (as if another request had started it)."""
    with app.app_context():
        job = ReportJob(
            wave_id=wave_id,
            requested_by=requested_by,
            lang=lang,
            status=status,
            created_at=utcnow() - age,
        )
        db.session.add(job)
        db.session.commit()
        return job.id


def test_job_renders_every_store_into_one_zip(app, approved_wave, programme):
    coordinator = programme.coordinator
    wave_id = approved_wave.wave["id"]
    response = coordinator.post(f"/api/v1/waves/{wave_id}/report-jobs?lang=sv", json={})
    assert response.status_code == 202, response.json
    job = response.json
    assert response.headers["Location"] == f"/api/v1/report-jobs/{job['id']}"
    assert job["wave_id"] == wave_id and job["lang"] == "sv"
    assert job["status"] in ("queued", "running", "done")

    final = wait_for(coordinator, job["id"])
    assert final["status"] == "done", final
    assert final["done"] == final["total"] == 3
    assert final["finished_at"] and final["error"] is None

    archive = open_zip(coordinator, job["id"])
    names = sorted(archive.namelist())
    assert len(names) == 3 and all(name.endswith(".pdf") for name in names)
    for store, name in zip(approved_wave.stores, names, strict=True):
        assert name.startswith(store.code)
        text = pdftotext(archive.read(name))
        assert store.name in text and "Butiksrapport" in text and "Sida 1 av" in text


def test_an_active_job_is_joined_not_doubled(app, approved_wave, programme):
    coordinator = programme.coordinator
    wave_id = approved_wave.wave["id"]
    running = add_job(app, wave_id, coordinator.user.id)
    response = coordinator.post(f"/api/v1/waves/{wave_id}/report-jobs", json={"lang": "da"})
    assert response.status_code == 202
    assert response.json["id"] == running and response.json["status"] == "running"
    again = coordinator.post(f"/api/v1/waves/{wave_id}/report-jobs?lang=da")
    assert again.json["id"] == running
    with app.app_context():
        assert db.session.query(ReportJob).count() == 1


def test_a_lost_job_is_replaced(app, approved_wave, programme):
    coordinator = programme.coordinator
    wave_id = approved_wave.wave["id"]
    lost = add_job(app, wave_id, coordinator.user.id, age=timedelta(hours=5))
    response = coordinator.post(f"/api/v1/waves/{wave_id}/report-jobs?lang=da")
    assert response.status_code == 202 and response.json["id"] != lost
    assert coordinator.get(f"/api/v1/report-jobs/{lost}").json["status"] == "failed"
    assert wait_for(coordinator, response.json["id"])["status"] == "done"


def test_download_is_409_until_done(app, approved_wave, programme):
    coordinator = programme.coordinator
    job = add_job(app, approved_wave.wave["id"], coordinator.user.id, status="queued")
    response = coordinator.get(f"/api/v1/report-jobs/{job}/download")
    assert response.status_code == 409
    assert "queued" in response.json["message"]


def test_jobs_are_scoped_like_their_wave(app, approved_wave, programme, auth):
    wave_id = approved_wave.wave["id"]
    client_id = programme.field.client.id
    job = add_job(app, wave_id, programme.coordinator.user.id)
    outsiders = [auth("client"), auth("shopper"), programme.shopper]
    for api in outsiders:
        assert api.post(f"/api/v1/waves/{wave_id}/report-jobs").status_code == 404
        assert api.get(f"/api/v1/report-jobs/{job}").status_code == 404
        assert api.get(f"/api/v1/report-jobs/{job}/download").status_code == 404
    own = auth("client", client_id=client_id)
    response = own.post(f"/api/v1/waves/{wave_id}/report-jobs")
    assert response.status_code == 202
    assert response.json["id"] != job and response.json["lang"] == "da"  # the client's locale
    assert own.get(f"/api/v1/report-jobs/{job}").status_code == 404  # staff's run is not theirs
    final = wait_for(own, response.json["id"])
    assert final["status"] == "done" and final["total"] == 3


def test_unknown_language_is_422(approved_wave, programme):
    response = programme.coordinator.post(
        f"/api/v1/waves/{approved_wave.wave['id']}/report-jobs?lang=de"
    )
    assert response.status_code == 422
    assert "lang" in response.json["errors"]["query"]


def test_a_regional_client_user_gets_only_their_regions(app, approved_wave, programme, auth):
    import sqlalchemy as sa

    from mystery.stores.models import Store

    with app.app_context():
        moved = approved_wave.stores[1].id
        db.session.execute(sa.update(Store).where(Store.id == moved).values(region="Skåne"))
        db.session.commit()
    regional = auth("client", client_id=programme.field.client.id, regions=["Hovedstaden"])
    wave_id = approved_wave.wave["id"]
    response = regional.post(f"/api/v1/waves/{wave_id}/report-jobs?lang=en")
    assert response.status_code == 202
    final = wait_for(regional, response.json["id"])
    assert final["status"] == "done" and final["total"] == 2
    names = open_zip(regional, response.json["id"]).namelist()
    assert not any(name.startswith(approved_wave.stores[1].code) for name in names)
    text = pdftotext(regional.get(f"/api/v1/waves/{wave_id}/report.pdf?lang=en").data)
    assert approved_wave.stores[0].name in text and approved_wave.stores[1].name not in text

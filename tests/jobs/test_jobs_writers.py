"""A running bulk report job never locks writers out (issue #15, finding 2)."""

import threading

from mystery.jobs import pool
from tests.jobs.test_jobs_local import wait_for
from tests.reports import pdf_fixtures
from tests.reports.pdf_fixtures import pdftotext

approved_wave = pdf_fixtures.approved_wave
programme = pdf_fixtures.programme


def test_sign_in_and_a_store_patch_go_through_while_a_job_reads(
    app, approved_wave, programme, auth, monkeypatch
):
    reading, release = threading.Event(), threading.Event()
    build = pool.store_report_context

    def held_open(job, store, chain=None):
        # Hold the job in the middle of its read, its transaction still open.
        context = build(job, store, chain)
        reading.set()
        release.wait(60)
        return context

    monkeypatch.setattr(pool, "store_report_context", held_open)
    coordinator = programme.coordinator
    wave_id = approved_wave.wave["id"]
    job = coordinator.post(f"/api/v1/waves/{wave_id}/report-jobs?lang=en", json={}).json
    try:
        assert reading.wait(60), "the job never built a context"
        signed_in = auth("coordinator")  # a sign-in writes the session's user row
        store = approved_wave.stores[0]
        patched = signed_in.patch(f"/api/v1/stores/{store.id}", json={"name": "Renamed"})
        assert patched.status_code == 200, patched.json
        assert patched.json["name"] == "Renamed"
    finally:
        release.set()
    final = wait_for(coordinator, job["id"])
    assert final["status"] == "done" and final["done"] == final["total"] == 3


def test_a_report_too_large_for_a_request_is_413(app, approved_wave, programme, monkeypatch):
    monkeypatch.setitem(app.config, "REPORT_MAX_HTML_BYTES", 1000)
    wave_id = approved_wave.wave["id"]
    response = programme.coordinator.get(f"/api/v1/waves/{wave_id}/report.pdf?lang=da")
    assert response.status_code == 413
    assert "rapportjob" in response.json["message"]


def test_a_request_waits_a_bounded_time_for_its_pdf(app, approved_wave, programme, monkeypatch):
    monkeypatch.setitem(app.config, "REPORT_REQUEST_TIMEOUT", 0.000001)
    store = approved_wave.stores[0]
    response = programme.coordinator.get(f"/api/v1/stores/{store.id}/report.pdf?lang=en")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"
    assert "report job" in response.json["message"]


def test_a_wave_report_job_renders_the_chain_report(app, approved_wave, programme):
    coordinator = programme.coordinator
    wave_id = approved_wave.wave["id"]
    url = f"/api/v1/waves/{wave_id}/report-jobs?lang=da"
    response = coordinator.post(url, json={"kind": "wave"})
    assert response.status_code == 202, response.json
    assert response.json["kind"] == "wave"
    final = wait_for(coordinator, response.json["id"])
    assert final["status"] == "done" and final["done"] == final["total"] == 1
    download = coordinator.get(f"/api/v1/report-jobs/{final['id']}/download")
    assert download.status_code == 200 and download.mimetype == "application/pdf"
    text = pdftotext(download.data)
    assert "Kæderapport" in text and approved_wave.stores[0].name in text
    stores_job = coordinator.post(url, json={})  # a ZIP run is another job
    assert stores_job.json["kind"] == "stores" and stores_job.json["id"] != final["id"]
    assert wait_for(coordinator, stores_job.json["id"])["status"] == "done"


def test_an_unknown_job_kind_is_422(approved_wave, programme):
    wave_id = approved_wave.wave["id"]
    url = f"/api/v1/waves/{wave_id}/report-jobs"
    response = programme.coordinator.post(url, json={"kind": "everything"})
    assert response.status_code == 422
    assert "kind" in response.json["errors"]["json"]


def test_a_finished_zip_downloads_in_ranges(app, approved_wave, programme):
    coordinator = programme.coordinator
    wave_id = approved_wave.wave["id"]
    job = coordinator.post(f"/api/v1/waves/{wave_id}/report-jobs?lang=en", json={}).json
    assert wait_for(coordinator, job["id"])["status"] == "done"
    url = f"/api/v1/report-jobs/{job['id']}/download"
    whole = coordinator.get(url)
    assert whole.status_code == 200 and whole.data[:2] == b"PK"
    assert whole.headers["Cache-Control"] == "private, no-store"
    assert f"wave-{wave_id}-reports-en.zip" in whole.headers["Content-Disposition"]
    part = coordinator.get(url, headers={"Range": "bytes=10-99"})
    assert part.status_code == 206
    assert part.data == whole.data[10:100]
    assert part.headers["Content-Range"] == f"bytes 10-99/{len(whole.data)}"

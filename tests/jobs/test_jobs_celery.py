"""Bulk report jobs through Celery: a real Redis broker and a real prefork worker process."""

from pathlib import Path

import pytest

from tests.celery_worker import running_worker
from tests.jobs.test_jobs_local import open_zip, wait_for
from tests.reports import pdf_fixtures
from tests.reports.pdf_fixtures import pdftotext

approved_wave = pdf_fixtures.approved_wave
programme = pdf_fixtures.programme

pytestmark = pytest.mark.redis
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def celery_worker(app, monkeypatch, tmp_path):
    """Start `celery -A mystery.worker worker` on the test's database and media."""
    pool = ["--pool=prefork", "-c", "2"]
    with running_worker(app, monkeypatch, tmp_path, pool, REPORT_MAX_TASKS_PER_CHILD="2") as worker:
        yield worker
    if worker.returncode not in (0, -15):
        print((tmp_path / "worker.log").read_text())


def test_celery_worker_renders_the_zip(app, approved_wave, programme, celery_worker, tmp_path):
    coordinator = programme.coordinator
    wave_id = approved_wave.wave["id"]
    response = coordinator.post(f"/api/v1/waves/{wave_id}/report-jobs?lang=en")
    assert response.status_code == 202, response.json
    job = response.json
    again = coordinator.post(f"/api/v1/waves/{wave_id}/report-jobs?lang=en")
    assert again.json["id"] == job["id"]

    final = wait_for(coordinator, job["id"], timeout=240)
    if final["status"] != "done":
        print((tmp_path / "worker.log").read_text())
    assert final["status"] == "done", final
    assert final["done"] == final["total"] == 3
    assert celery_worker.poll() is None  # the worker is still serving

    archive = open_zip(coordinator, job["id"])
    names = sorted(archive.namelist())
    assert len(names) == 3
    for store, name in zip(approved_wave.stores, names, strict=True):
        text = pdftotext(archive.read(name))
        assert "Store report" in text and store.name in text and "Page 1 of" in text
    assert not any(Path(app.config["MEDIA_ROOT"]).rglob("parts/*.pdf"))  # parts cleaned up

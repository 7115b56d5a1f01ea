"""Bulk report jobs through Celery: a real Redis broker and a real prefork worker process."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from tests.conftest import need
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
    redis_url = os.environ.get("REDIS_URL")
    need(redis_url, "REDIS_URL not set: Celery test skipped")
    queue = f"mystery-test-{uuid.uuid4().hex[:12]}"
    env = {
        **os.environ,
        "CELERY_BROKER_URL": redis_url,
        "REPORT_QUEUE": queue,
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "MEDIA_ROOT": app.config["MEDIA_ROOT"],
        "MYSTERY_INSTANCE_PATH": app.instance_path,
        "SECRET_KEY": "celery-test",
        "REPORT_MAX_TASKS_PER_CHILD": "2",
    }
    celery = Path(sys.executable).with_name("celery")
    log = (tmp_path / "worker.log").open("wb")
    worker = subprocess.Popen(
        [
            str(celery),
            "-A",
            "mystery.worker",
            "worker",
            "--pool=prefork",
            "-c",
            "2",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=INFO",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    monkeypatch.setitem(app.config, "CELERY_BROKER_URL", redis_url)
    monkeypatch.setitem(app.config, "REPORT_QUEUE", queue)
    yield worker
    worker.terminate()
    try:
        worker.wait(timeout=30)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()
    log.close()
    import redis

    redis.Redis.from_url(redis_url).delete(queue)
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

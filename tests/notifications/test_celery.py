"""The outbox on Celery: a real Redis broker and a real worker process deliver the mail."""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from tests.conftest import need
from tests.notifications.conftest import rows

pytestmark = pytest.mark.redis
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def mail_worker(app, smtp, monkeypatch, tmp_path):
    """Start `celery -A mystery.worker worker` mailing to the test's SMTP server."""
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
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(smtp.port),
    }
    log = (tmp_path / "worker.log").open("wb")
    worker = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("celery")),
            "-A",
            "mystery.worker",
            "worker",
            "--pool=solo",
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
    monkeypatch.setitem(app.config, "NOTIFY_DELIVERY", "auto")
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


def test_a_celery_worker_sends_the_mail_after_the_commit(app, smtp, flow, mail_worker, tmp_path):
    vid = flow.open_visit()
    assert flow.assign(vid).status_code == 200
    messages = smtp.inbox.wait_for(1, timeout=180)  # a worker starts slowly on a busy machine
    if not messages:
        print((tmp_path / "worker.log").read_text())
    [(recipients, message)] = messages
    assert recipients == [flow.field.shopper_user.email]
    assert message["Subject"] == f"New visit: {flow.store().name}"
    deadline = time.monotonic() + 30  # the worker marks the row just after the server said OK
    while rows(app, channel="email")[0]["status"] != "sent" and time.monotonic() < deadline:
        time.sleep(0.05)
    assert rows(app, channel="email")[0]["status"] == "sent"
    assert mail_worker.poll() is None

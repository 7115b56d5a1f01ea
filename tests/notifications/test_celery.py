"""The outbox on Celery: a real Redis broker and a real worker process deliver the mail."""

import time

import pytest

from tests.celery_worker import running_worker
from tests.notifications.conftest import rows

pytestmark = pytest.mark.redis


@pytest.fixture
def mail_worker(app, smtp, monkeypatch, tmp_path):
    """Start `celery -A mystery.worker worker` mailing to the test's SMTP server."""
    smtp_env = {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(smtp.port)}
    with running_worker(app, monkeypatch, tmp_path, ["--pool=solo"], **smtp_env) as worker:
        monkeypatch.setitem(app.config, "NOTIFY_DELIVERY", "auto")
        yield worker


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

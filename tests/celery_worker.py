"""Start and stop a real `celery -A mystery.worker worker` for a test (Redis broker)."""

import contextlib
import os
import subprocess
import sys
import uuid
from pathlib import Path

import redis

from tests.conftest import need

ROOT = Path(__file__).resolve().parents[1]


@contextlib.contextmanager
def running_worker(app, monkeypatch, tmp_path, pool_args, **env_extra):
    """Run a worker on the test's database and media on a fresh queue; yield the process."""
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
        **env_extra,
    }
    celery = Path(sys.executable).with_name("celery")
    log = (tmp_path / "worker.log").open("wb")
    command = [str(celery), "-A", "mystery.worker", "worker", *pool_args]
    command += ["--without-gossip", "--without-mingle", "--loglevel=INFO"]
    worker = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    monkeypatch.setitem(app.config, "CELERY_BROKER_URL", redis_url)
    monkeypatch.setitem(app.config, "REPORT_QUEUE", queue)
    try:
        yield worker
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
        log.close()
        redis.Redis.from_url(redis_url).delete(queue)

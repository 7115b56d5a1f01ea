"""Bulk report runs: every store report of a wave in one ZIP, rendered in parallel processes.

Two engines, one job row (runs.py):
  - without CELERY_BROKER_URL, a background thread of the web process builds each store's
    context and hands it to a pool of worker processes (pool.py), zipping PDFs as they come;
  - with CELERY_BROKER_URL, a Celery task fans the job out as one task per store (see
    mystery/worker.py); each renders and stores its PDF, and whichever finishes last zips them.
"""

from functools import cache

from mystery.jobs.pool import LocalRunner
from mystery.jobs.runs import RUN_JOB, report_queue


@cache
def celery_client(broker_url: str):
    """Return a Celery app that only sends tasks (the web side never imports the worker)."""
    from celery import Celery

    return Celery("mystery-web", broker=broker_url, set_as_current=False)


def dispatch(app, job_id):
    """Hand a queued job to Celery when a broker is configured, else to the local runner."""
    broker = app.config.get("CELERY_BROKER_URL")
    if broker:
        celery_client(broker).send_task(RUN_JOB, args=[job_id], queue=report_queue(app.config))
    else:
        LocalRunner.of(app).submit(job_id)

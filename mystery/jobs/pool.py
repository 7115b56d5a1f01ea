"""The in-process engine of report jobs: a thread of the web process feeding worker processes.

Without CELERY_BROKER_URL, a background thread builds each store's context (it needs the
database) and hands it to the report workers (mystery/reports/pool.py), which only render:
plain dict in, PDF bytes out.
"""

import logging
import queue
import threading
import zipfile
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import sqlalchemy as sa
from flask import current_app

from mystery.database import reading
from mystery.extensions import db
from mystery.jobs.models import ReportJob
from mystery.jobs.runs import (
    begin,
    entry_name,
    fail,
    finish,
    job_chain,
    run_wave,
    store_report_context,
    temporary_file,
)
from mystery.reports.pdf import render_pdf
from mystery.reports.pool import discard_pool, get_pool, map_bounded, max_workers

log = logging.getLogger(__name__)

_runner_lock = threading.Lock()


def run_local(job_id):
    """Render a job's store reports in the pool and zip them, updating progress as they come.

    Only reads happen while reports render, each in a deferred transaction closed before
    its context goes to a worker; progress is written in a short transaction of its own,
    so SQLite writers (sign-ins, syncs) never wait behind a running job.
    """
    stores = begin(job_id)
    if stores is None:
        return
    config = current_app.config
    if db.session.scalar(sa.select(ReportJob.kind).where(ReportJob.id == job_id)) == "wave":
        db.session.rollback()
        run_wave(job_id, lambda context: get_pool(config).submit(render_pdf, context).result())
        return
    # The ZIP grows on disk as each PDF finishes (one PDF in memory at a time), then moves
    # into storage: memory stays flat however many stores the wave has.
    path = temporary_file()
    try:
        with reading():
            job = db.session.get(ReportJob, job_id)
            chain = job_chain(job)
            names = {store.id: entry_name(store) for store in stores}
            db.session.rollback()

        def contexts():
            for store in stores:
                with reading():
                    context = store_report_context(job, store, chain)
                    db.session.rollback()  # end the read before the render
                yield store.id, context

        pool = get_pool(config)
        # Stored, not deflated: a PDF is compressed already (deflate saved 2 %), and
        # deflating a report with photos cost this thread 44 ms, a core the workers need.
        with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
            # One call more than there are workers: a worker never waits for the next context.
            window = max_workers(config) + 1
            for store_id, pdf in map_bounded(pool, render_pdf, contexts(), window):
                archive.writestr(names[store_id], pdf)
                db.session.execute(
                    sa.update(ReportJob)
                    .where(ReportJob.id == job_id)
                    .values(done=ReportJob.done + 1)
                )
                db.session.commit()
        finish(job_id, path)
    except (BrokenProcessPool, TimeoutError) as error:
        log.exception("Report pool failed on job %s", job_id)
        discard_pool()
        fail(job_id, error)
    except Exception as error:
        log.exception("Report job %s failed", job_id)
        fail(job_id, error)
    finally:
        Path(path).unlink(missing_ok=True)


class LocalRunner:
    """One background thread per web process that runs queued jobs one after another."""

    def __init__(self, app):
        self.app = app
        self.jobs = queue.Queue()
        self.thread = None
        self.lock = threading.Lock()

    @classmethod
    def of(cls, app):
        """Return the app's runner."""
        with _runner_lock:
            return app.extensions.setdefault("mystery.reports.runner", cls(app))

    def submit(self, job_id):
        """Queue a job and make sure the thread is running."""
        self.jobs.put(job_id)
        with self.lock:
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(target=self._loop, name="report-jobs", daemon=True)
                self.thread.start()

    def _loop(self):
        while True:
            job_id = self.jobs.get()
            try:
                with self.app.app_context():
                    run_local(job_id)
            except Exception:
                log.exception("Report job %s crashed the runner", job_id)

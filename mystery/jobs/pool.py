"""The in-process engine of report jobs: a thread of the web process feeding worker processes.

Without CELERY_BROKER_URL, a background thread builds each store's context (it needs the
database) and hands it to a pool of worker processes that only render: plain dict in, PDF
bytes out. The workers start from a clean interpreter (forkserver), import WeasyPrint once
and are replaced after REPORT_MAX_TASKS_PER_CHILD reports each, so memory stays flat.
"""

import logging
import multiprocessing
import os
import queue
import threading
import zipfile
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
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
from mystery.reports.pdf import render_html_pdf, render_pdf, warm_up

log = logging.getLogger(__name__)

# Seconds to wait for any report of the pool before calling the pool stuck.
STALL_SECONDS = 300


def _max_workers(config) -> int:
    return int(config.get("REPORT_WORKERS") or os.environ.get("REPORT_WORKERS") or os.cpu_count())


def _max_tasks(config) -> int:
    # 200: a worker's RSS stays flat over 120 store reports (131 → 133 MiB), and each fresh
    # worker costs a second of CPU (importing WeasyPrint, fonts): at 50 that was ~6 % of a
    # 500-store job's CPU on 2 cores, at 200 it is under 2 %.
    return int(
        config.get("REPORT_MAX_TASKS_PER_CHILD")
        or os.environ.get("REPORT_MAX_TASKS_PER_CHILD")
        or 200
    )


_pool = None
_pool_lock = threading.Lock()


def make_pool(workers: int, max_tasks_per_child: int | None = None) -> ProcessPoolExecutor:
    """Start worker processes that import WeasyPrint once and render many reports each.

    forkserver (spawn where it is missing) starts them from a clean interpreter, never by
    forking a process that holds database connections, threads or WeasyPrint's libraries.
    """
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=warm_up,
        max_tasks_per_child=max_tasks_per_child,
    )


class RecyclingPool:
    """A pool of report workers replaced whole after workers × max_tasks reports.

    Python 3.11's own max_tasks_per_child can hang the pool when a worker retires with
    tasks queued (a 500-store job stopped at 92 reports), so the workers are never retired
    one by one: the next report after the limit goes to a fresh pool, and the old one exits
    once its reports in flight are done. Memory stays flat all the same.
    """

    def __init__(self, workers: int, max_tasks: int):
        self.workers, self.limit = workers, workers * max_tasks
        self.lock = threading.Lock()
        self.pool, self.count = None, 0

    def submit(self, function, *args):
        """Submit a call to the current pool, starting a fresh one when it has done enough."""
        with self.lock:
            if self.pool is None or self.count >= self.limit:
                old, self.pool, self.count = self.pool, make_pool(self.workers), 0
                if old is not None:
                    old.shutdown(wait=False)  # its running reports finish, then it exits
            self.count += 1
            return self.pool.submit(function, *args)

    def processes(self) -> list[int]:
        """Return the process ids of the current workers."""
        pool = self.pool
        return list(getattr(pool, "_processes", None) or ()) if pool else []

    def shutdown(self, wait=True, cancel_futures=False):
        """Stop the current pool."""
        with self.lock:
            pool, self.pool = self.pool, None
        if pool is not None:
            pool.shutdown(wait=wait, cancel_futures=cancel_futures)


def get_pool(config) -> RecyclingPool:
    """Return this process's report pool, starting it on first use."""
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = RecyclingPool(_max_workers(config), _max_tasks(config))
        return _pool


def discard_pool():
    """Drop a broken or stuck pool; the next job starts a fresh one."""
    global _pool
    with _pool_lock:
        pool, _pool = _pool, None
    if pool is not None:
        pool.shutdown(wait=False, cancel_futures=True)


def render_now(html: str, media_keys, storage, timeout: float) -> bytes:
    """Render a request's report in the pool, waiting at most `timeout` seconds for it.

    The workers are processes, so one client's long report never holds up another's the way
    a lock around WeasyPrint in the web process did; a report still unfinished after the
    timeout raises TimeoutError (it is cancelled if it has not started).
    """
    future = get_pool(current_app.config).submit(render_html_pdf, (html, media_keys, storage))
    try:
        return future.result(timeout=timeout)
    except TimeoutError:
        future.cancel()
        raise
    except BrokenProcessPool:
        discard_pool()
        raise


def map_bounded(pool, function, items, window: int, stall: float = STALL_SECONDS):
    """Yield (tag, result) as the pool finishes `function(argument)` for (tag, argument) items.

    At most `window` calls are in flight (about one per worker), so contexts are built while
    others render and memory holds only a few; it also keeps Python 3.11's pool, whose
    workers retire after max_tasks_per_child, from stalling as it can with a long queue.
    """
    items = iter(items)
    pending = {}
    exhausted = False
    while pending or not exhausted:
        while not exhausted and len(pending) < window:
            try:
                tag, argument = next(items)
            except StopIteration:
                exhausted = True
                break
            pending[pool.submit(function, argument)] = tag
        if not pending:
            break
        finished, _ = wait(pending, timeout=stall, return_when=FIRST_COMPLETED)
        if not finished:
            raise TimeoutError(f"No report finished within {stall} seconds.")
        for future in finished:
            yield pending.pop(future), future.result()


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
            window = _max_workers(config) + 1
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
        with _pool_lock:
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

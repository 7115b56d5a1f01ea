"""The report worker processes: plain dict (or HTML) in, PDF bytes out.

The workers start from a clean interpreter (forkserver), import WeasyPrint once and are
replaced after REPORT_MAX_TASKS_PER_CHILD reports each, so memory stays flat. A request's
PDF and the in-process report jobs (mystery/jobs/pool.py) both render here.
"""

import multiprocessing
import os
import threading
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool

from flask import current_app

from mystery.reports.pdf import render_html_pdf, warm_up

# Seconds to wait for any report of the pool before calling the pool stuck.
STALL_SECONDS = 300


def max_workers(config) -> int:
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
            _pool = RecyclingPool(max_workers(config), _max_tasks(config))
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
